"""``inquadra export-nbgrader DIR``: an nbgrader course source folder made from solutions/<lang>/."""

from __future__ import annotations

import sys
from pathlib import Path

from ..i18n import LANGUAGES

NAME = "export-nbgrader"
HELP = "Write an nbgrader course folder (DIR/source/lessonNN/...) from the solution notebooks."


def add_arguments(parser) -> None:
    parser.add_argument("course", metavar="DIR", help="the nbgrader course folder to write into")
    parser.add_argument("--solutions", default=f"solutions/{LANGUAGES[0]}",
                        help=f"folder of solution notebooks, one edition (default: solutions/{LANGUAGES[0]}; "
                             "solutions/it for the Italian edition)")
    parser.add_argument("--force", action="store_true", help="replace an existing DIR/source")


def run(args) -> int:
    from ..exercises import ExerciseError, export_nbgrader

    try:
        written = export_nbgrader(Path(args.solutions), Path(args.course), force=args.force)
    except ExerciseError as exc:
        print(f"inquadra export-nbgrader: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"inquadra export-nbgrader: cannot write {args.course}: {exc.strerror or exc}.", file=sys.stderr)
        return 2
    for path in written:
        print(f"written   {path}")
    print(
        f"Next: cd {args.course} && nbgrader generate_assignment <lessonNN> "
        "(students' copies go to release/).",
    )
    return 0
