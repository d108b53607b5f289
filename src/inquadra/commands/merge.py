"""``inquadra merge``: combine a class's annotation files into one, with a report."""

from __future__ import annotations

import sys

from ..escape import terminal

NAME = "merge"
HELP = "Merge students' annotation files (files or folders) into one class file, with a report."


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="annotation files (.jsonl) or folders searched for them")
    parser.add_argument("-o", "--output", required=True, metavar="FILE",
                        help="the merged class file to write (.jsonl)")
    parser.add_argument("--article", metavar="ID", default=None,
                        help="the class article; records for other articles are set aside "
                             "(default: the kit's current article)")
    parser.add_argument("--force", action="store_true", help="replace OUTPUT if it exists")
    parser.add_argument("--max-bytes", type=int, default=None, metavar="N",
                        help="refuse input files larger than N bytes (default 2,000,000)")


def class_article(article_id: str | None):
    """The ``Article`` named by ``--article`` (default: the kit's current one, ``bundles.current_id()``).

    Raises:
        ValueError: the id names no article bundle (the message lists them).
    """
    from .. import article as article_module
    from .. import bundles

    return article_module.load(article_id or bundles.current_id())


def run(args) -> int:
    from ..annotations import merge as merging

    if args.max_bytes is not None and args.max_bytes <= 0:
        print("inquadra merge: --max-bytes must be a positive number of bytes.", file=sys.stderr)
        return 2
    try:
        article = class_article(args.article)
    except ValueError as err:
        print(f"inquadra merge: --article: {terminal(err)}", file=sys.stderr)
        return 2
    report = merging.merge(args.paths, max_bytes=args.max_bytes or merging.MAX_BYTES,
                           article=article, exclude=[args.output])
    print(report.text())
    if report.answers is not None:
        print(report.answers.text())
    try:
        path = merging.write_class(report, args.output, force=args.force)
    except merging.MergeError as err:
        print(f"inquadra merge: {terminal(err)}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"inquadra merge: cannot write {terminal(args.output)} ({err.strerror}); "
              "check the folder exists and is writable.", file=sys.stderr)
        return 2
    if report.conflicts:
        print(f"inquadra merge: {len(report.conflicts)} conflict(s) left out of the class file; "
              "see the report above.", file=sys.stderr)
    print(f"Wrote {len(report.records)} record(s) to {terminal(path)}.")
    return 0
