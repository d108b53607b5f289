"""``inquadra site``: build the static reading edition of the lessons."""

from __future__ import annotations

import sys
from pathlib import Path

from ..escape import terminal
from .lab import clone_root

NAME = "site"
HELP = "Build the static HTML reading edition of the lessons (no kernel needed to read it)."


def add_arguments(parser) -> None:
    parser.add_argument("-o", "--output", default="_site", help="output folder (default _site)")


def run(args) -> int:
    root = clone_root()
    if root is None:
        print("inquadra site: run this from a clone of the kit (it needs notebooks/).", file=sys.stderr)
        return 2
    from ..site import build_site

    from ..lesson import lessons

    notebooks = [root / entry.notebook for entry in lessons(extras=True)
                 if (root / entry.notebook).is_file()]
    try:
        pages = build_site(Path(args.output), notebooks, root / "docs" / "teacher_guide.md")
    except OSError as err:
        print(f"inquadra site: cannot write {terminal(args.output)} ({err.strerror or err}); "
              "check the folder is writable.", file=sys.stderr)
        return 2
    print(f"inquadra site: wrote {len(pages)} pages and index.html to {terminal(args.output)}",
          file=sys.stderr)
    return 0
