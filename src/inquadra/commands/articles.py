"""``inquadra articles``: every article bundle the kit finds, with its parts."""

from __future__ import annotations

NAME = "articles"
HELP = "List the article bundles on the search path: id, title, folder and parts."


def add_arguments(parser) -> None:
    parser.add_argument("--paths", action="store_true",
                        help="also print the folders searched, in order")


def rows() -> list[tuple[str, str, str, str]]:
    """(id, title, folder, parts or problem) for every bundle folder found, in search order."""
    from .. import bundles

    out = []
    for entry in bundles.scan():
        if entry.shadowed_by is not None:
            note = f"hidden by {entry.shadowed_by}"
            title = entry.bundle.title if entry.bundle else "?"
        elif entry.bundle is None:
            note, title = f"cannot be loaded: {entry.problem}", "?"
        else:
            title = entry.bundle.title
            try:
                entry.bundle.check()
            except bundles.BundleError as err:
                note = f"broken part: {err}"
            else:
                note = ", ".join(entry.bundle.parts) or "text only"
        out.append((entry.id, title, str(entry.folder), note))
    return out


def run(args) -> int:
    from .. import bundles
    from ..terminal import safe

    if args.paths:
        for place, origin in bundles.search_path():
            state = "" if place.is_dir() else " (does not exist)"
            print(f"searched: {safe(place)} [{origin}]{state}")
        print()
    found = rows()
    for article_id, title, folder, parts in found:
        print(f"{safe(article_id)}  {safe(title)}")
        print(f"    folder: {safe(folder)}")
        print(f"    parts:  {safe(parts)}")
    current = bundles.current_id()
    print(f"{len(found)} article(s); the current one is {current}.")
    return 0
