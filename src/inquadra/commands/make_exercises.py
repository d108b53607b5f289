"""``inquadra make-exercises``: write exercises/ from solutions/ (answers replaced by stubs)."""

from __future__ import annotations

import sys
from pathlib import Path

NAME = "make-exercises"
HELP = "Write the exercise notebooks (exercises/) from the solution notebooks (solutions/)."


def add_arguments(parser) -> None:
    parser.add_argument("--solutions", default="solutions", help="folder of solution notebooks (default: solutions)")
    parser.add_argument("--exercises", default="exercises", help="folder to write (default: exercises)")


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
