"""``inquadra reference publish FILE --article ID``: a teacher's tagging becomes the reference."""

from __future__ import annotations

NAME = "reference"
HELP = "Work with an article's reference annotation (publish a teacher's tagging as the reference)."


def add_arguments(parser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    publish = actions.add_parser(
        "publish", help="turn a teacher's saved tagging file (each span's note is its rationale) "
                        "into the article's reference.jsonl",
        description="Turn a teacher's saved tagging file into an article's reference.jsonl. "
                    "Every span needs a note: it becomes the span's rationale.")
    publish.add_argument("file", metavar="FILE", help="the teacher's saved tagging file (.jsonl)")
    publish.add_argument("--article", required=True, metavar="ID", help="the article's id")
    publish.add_argument("--force", action="store_true",
                         help="replace an existing reference (the old file is kept beside it)")


def run(args) -> int:
    from ..annotations import reference
    from ..terminal import safe

    published = reference.publish(args.file, args.article, force=args.force)
    target = published.article.id
    print(f"Published {len(published.spans)} reference span(s) for article {safe(target)}; "
          f"students can now compare their tagging with it.")
    return 0
