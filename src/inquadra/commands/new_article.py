"""``inquadra new-article FILE --id ID``: make an article bundle from a UTF-8 text."""

from __future__ import annotations

import sys
from pathlib import Path

NAME = "new-article"
HELP = "Make an article bundle (a folder with article.txt and meta.json) from a UTF-8 text file."


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE", help="a UTF-8 text file, or - for standard input")
    parser.add_argument("--id", required=True, dest="article_id", metavar="ID",
                        help="the new article's id: lower-case letters, digits, _ or - "
                             "(at most 40), e.g. bridge_vote_2024")
    parser.add_argument("--title", metavar="T", help="the title (default: the text's headline)")
    parser.add_argument("--source", metavar="S",
                        help="where the text comes from: a URL, or a newspaper and date")
    parser.add_argument("-o", "--output", metavar="FOLDER",
                        help="the folder to put the bundle in (default: <work folder>/articles)")
    parser.add_argument("--force", action="store_true",
                        help="replace a bundle with this id in FOLDER (the old one is kept beside it)")


def _too_big(name: str) -> str | None:
    from ..bundles import MAX_TEXT_BYTES

    if name == "-":
        return None
    try:
        size = Path(name).stat().st_size
    except OSError:
        return None  # read_input says what is wrong with the path
    if Path(name).is_file() and size > MAX_TEXT_BYTES:
        return (f"{name} is {size:,} bytes; an article may have at most {MAX_TEXT_BYTES:,}. "
                "Split the text into several articles.")
    return None


def run(args) -> int:
    from .. import bundles
    from ..terminal import safe
    from .analyze import read_input

    bundles.check_id(args.article_id)
    problem = _too_big(args.file)
    if problem:
        print(f"inquadra new-article: {safe(problem)}", file=sys.stderr)
        return 2
    text = read_input(args.file)
    bundle = bundles.create(text, args.article_id, title=args.title, source=args.source,
                            folder=args.output, force=args.force)
    print(f"Made article {bundle.id} ({safe(bundle.title)}) in {safe(bundle.folder)}.")
    on_path = any(bundle.folder.parent.resolve() == place.resolve()
                  for place, _ in bundles.search_path())
    if not on_path:
        print(f"inquadra new-article: {safe(bundle.folder.parent)} is not on the search path; "
              f"add it to {bundles.ENV} so the kit finds the article.", file=sys.stderr)
    return 0
