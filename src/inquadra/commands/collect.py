"""``inquadra collect``: gather a course's hand-ins (teacher), report, and merge the tagging."""

from __future__ import annotations

from ..terminal import safe as shown

NAME = "collect"
HELP = ("Collect each student's latest hand-in of a course into a folder, report late, missing "
        "and conflicting hand-ins, and merge the tagging into class.jsonl.")


def add_arguments(parser) -> None:
    parser.add_argument("--course", default=None,
                        help="the course name (default: $INQUADRA_COURSE)")
    parser.add_argument("--exchange", default=None, metavar="DIR",
                        help="the exchange folder (default: $INQUADRA_EXCHANGE, "
                             "else /srv/nbgrader/exchange)")
    parser.add_argument("-o", "--output", required=True, metavar="FOLDER",
                        help="the folder to collect into (must not exist, unless --force)")
    parser.add_argument("--due", default=None, metavar="TIME",
                        help="hand-ins after this time are reported late "
                             "(ISO 8601, e.g. 2026-12-01T21:00; no zone means UTC)")
    parser.add_argument("--force", action="store_true",
                        help="replace FOLDER if it exists (the old one is kept as "
                             "FOLDER.previous-N)")


def run(args) -> int:
    from .. import collection

    result = collection.collect(args.course, args.output, args.exchange, due=args.due,
                                force=args.force)
    for line in result.text().splitlines():
        print(shown(line))
    if result.class_file is not None:
        print(f"Wrote {len(result.merge.records)} tagging record(s) to {shown(result.class_file)}; "
              f"open the dashboard with classroom.load_class({shown(repr(str(result.folder)))}).")
    return 0
