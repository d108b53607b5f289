"""``inquadra make-exercises``: write one folder of exercises from one folder of solutions.

``inquadra make-lessons`` does this for every edition (``solutions/<lang>/`` to
``exercises/<lang>/``); this command converts a single folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..i18n import LANGUAGES

NAME = "make-exercises"
HELP = ("Write the exercise notebooks of one edition (exercises/<lang>/) from its solution notebooks "
        "(solutions/<lang>/); make-lessons does it for every edition.")
_LANG = LANGUAGES[0]


def add_arguments(parser) -> None:
    parser.add_argument("--solutions", default=f"solutions/{_LANG}",
                        help=f"folder of solution notebooks (default: solutions/{_LANG})")
    parser.add_argument("--exercises", default=f"exercises/{_LANG}",
                        help=f"folder to write (default: exercises/{_LANG})")


def run(args) -> int:
    from ..exercises import ExerciseError, write_exercises

    try:
        results = write_exercises(Path(args.solutions), Path(args.exercises))
    except ExerciseError as exc:
        print(f"inquadra make-exercises: {exc}", file=sys.stderr)
        return 2
    for item in results:
        print(f"{item.status:9} {item.path}")
    return 0
