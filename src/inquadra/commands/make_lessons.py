"""``inquadra make-lessons``: write notebooks/<lang>/, solutions/<lang>/ and exercises/<lang>/ from lessons/."""

from __future__ import annotations

import json
import sys
from pathlib import Path

NAME = "make-lessons"
HELP = ("Write each language's edition of the lessons (notebooks/<lang>/, solutions/<lang>/, "
        "exercises/<lang>/) from the bilingual sources in lessons/.")


def add_arguments(parser) -> None:
    parser.add_argument("--root", default=".",
                        help="the kit's project folder, holding lessons/ (default: the current folder)")
    parser.add_argument("--execute", action="store_true",
                        help="then run the notebooks and solutions that were written, or never run, "
                             "in fresh kernels and save their outputs (as `inquadra run-notebooks`)")
    parser.add_argument("--timeout", type=int, default=600,
                        help="with --execute: seconds a cell may take (default: 600)")


def _never_run(path: Path) -> bool:
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    return all(c.get("execution_count") is None for c in cells if c.get("cell_type") == "code")


def run(args) -> int:
    from ..editions import write_editions
    from ..terminal import safe

    root = Path(args.root)
    results = write_editions(root)
    for item in results:
        print(f"{item.status:9} {safe(str(item.path))}")
    if not args.execute:
        return 0
    from .run_notebooks import execute

    runnable = [item.path for item in results if item.status != "removed"
                and item.path.relative_to(root).parts[0] in ("notebooks", "solutions")
                and (item.status == "written" or _never_run(item.path))]
    for path in runnable:
        print(f"running {safe(str(path))} …", file=sys.stderr)
        try:
            execute(path, args.timeout)
        except Exception as exc:  # a failing cell: report which notebook, keep the file as it was
            print(f"inquadra make-lessons: {safe(str(path))} failed: {type(exc).__name__}: {safe(str(exc))}",
                  file=sys.stderr)
            return 1
    return 0
