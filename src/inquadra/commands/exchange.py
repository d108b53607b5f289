"""``inquadra exchange setup``: create a course's hand-in folders (teacher)."""

from __future__ import annotations

from ..terminal import safe as shown

NAME = "exchange"
HELP = "Set up a course's exchange folder: students can hand in, only the teacher can read."


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    setup = sub.add_parser("setup", help="create or repair the course's folders")
    setup.add_argument("--course", default=None, help="the course name (default: $INQUADRA_COURSE)")
    setup.add_argument("--exchange", default=None, metavar="DIR",
                       help="the exchange folder (default: $INQUADRA_EXCHANGE, "
                            "else /srv/nbgrader/exchange)")
    setup.add_argument("--roster", default=None, metavar="FILE",
                       help="a text file with one student login a line; collect reports "
                            "those who did not hand in")


def run(args) -> int:
    from .. import exchange

    course = exchange.course_name(args.course)
    roster = None
    if args.roster:
        with open(args.roster, encoding="utf-8") as fh:
            roster = fh.read().splitlines()
    inbound = exchange.setup(course, args.exchange, roster)
    print(f"Course {course} is ready: students hand in to {shown(inbound)} (mode 733: they can write "
          "but not list it).")
    return 0
