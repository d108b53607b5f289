"""``inquadra merge``: combine a class's annotation files into one, with a report."""

from __future__ import annotations

import sys

NAME = "merge"
HELP = "Merge students' annotation files (files or folders) into one class file, with a report."


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="annotation files (.jsonl) or folders searched for them")
    parser.add_argument("-o", "--output", required=True, metavar="FILE",
                        help="the merged class file to write (.jsonl)")
    parser.add_argument("--force", action="store_true", help="replace OUTPUT if it exists")
    parser.add_argument("--max-bytes", type=int, default=None, metavar="N",
                        help="refuse input files larger than N bytes (default 2,000,000)")


def run(args) -> int:
    from ..annotations import merge as merging

    if args.max_bytes is not None and args.max_bytes <= 0:
        print("inquadra merge: --max-bytes must be a positive number of bytes.", file=sys.stderr)
        return 2
    report = merging.merge(args.paths, max_bytes=args.max_bytes or merging.MAX_BYTES,
                           exclude=[args.output])
    print(report.text())
    if report.answers is not None:
        print(report.answers.text())
    try:
        path = merging.write_class(report, args.output, force=args.force)
    except merging.MergeError as err:
        print(f"inquadra merge: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"inquadra merge: cannot write {args.output} ({err.strerror}); "
              "check the folder exists and is writable.", file=sys.stderr)
        return 2
    print(f"Wrote {len(report.records)} record(s) to {path}.")
    return 0
