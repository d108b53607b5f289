"""``inquadra hand-in``: copy your saved work into the course's exchange, with a receipt."""

from __future__ import annotations

from ..terminal import safe as shown

NAME = "hand-in"
HELP = "Hand in your saved work to your teacher (the course's exchange folder)."


def add_arguments(parser) -> None:
    parser.add_argument("--course", default=None,
                        help="the course name (default: $INQUADRA_COURSE)")
    parser.add_argument("--exchange", default=None, metavar="DIR",
                        help="the exchange folder (default: $INQUADRA_EXCHANGE, "
                             "else /srv/nbgrader/exchange)")
    parser.add_argument("--activity", default="inquadra",
                        help="what this hand-in is for, e.g. lesson06 (default: inquadra)")


def run(args) -> int:
    from .. import exchange

    receipt = exchange.hand_in(args.course, args.exchange, args.activity)
    print(f"Handed in {len(receipt.files)} file(s) for course {shown(receipt.course)} "
          f"as {shown(receipt.user)} at {receipt.timestamp} (receipt {receipt.digest}).")
    for name, digest in receipt.files:
        print(f"  {shown(name)}  sha256 {digest[:12]}")
    for name, reason in receipt.skipped:
        print(f"  left out {shown(name)}: {shown(reason)}")
    for warning in receipt.warnings:
        print(f"Warning: {shown(warning)}")
    return 0
