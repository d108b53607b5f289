"""``inquadra export``: an annotation file (one student's or a class's) to spaCy, brat or SemEval."""

from __future__ import annotations

import sys

from ..escape import terminal

NAME = "export"
HELP = "Export an annotation file to spaCy DocBin, brat standoff or SemEval-2023 span TSV."


def add_arguments(parser) -> None:
    from ..annotations.export import FORMATS

    parser.add_argument("input", metavar="INPUT",
                        help="an annotation file (.jsonl), e.g. from inquadra merge")
    parser.add_argument("--format", required=True, choices=FORMATS,
                        help="docbin: one .spacy file; brat: a folder of .txt/.ann; "
                             "semeval: a .tsv file (one record) or a folder")
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="file or folder to write")
    parser.add_argument("--article", metavar="ID", default=None,
                        help="the class article; records for other articles are set aside "
                             "(default: the kit's current article)")
    parser.add_argument("--force", action="store_true", help="replace existing output files")


def _records(path, article) -> tuple[list, list[int]]:
    """The file's records for ``article`` and the line numbers of records for other articles."""
    from ..annotations.records import read_json_lines, validate_record

    records, aside = [], []
    for number, value in read_json_lines(path):
        other = value.get("article") if isinstance(value, dict) else None
        if isinstance(other, str) and other != article.id and "spans" in value:
            aside.append((number, other))
            continue
        records.append(validate_record(value, article=article, path=path, line=number))
    return records, aside


def run(args) -> int:
    from ..annotations import export
    from ..annotations.records import AnnotationFileError
    from .merge import class_article

    try:
        article = class_article(args.article)
    except ValueError as err:
        print(f"inquadra export: --article: {terminal(err)}", file=sys.stderr)
        return 2
    try:
        records, aside = _records(args.input, article)
    except AnnotationFileError as err:
        print(f"inquadra export: {terminal(err)}", file=sys.stderr)
        return 2
    for number, other in aside:
        print(terminal(f"inquadra export: line {number} is for article {other!r}, not {article.id!r}: "
                       "set aside (export it with --article)"), file=sys.stderr)
    if not records:
        print(terminal(f"inquadra export: {args.input} holds no record for article {article.id!r}; "
                       "nothing written."), file=sys.stderr)
        return 2
    try:
        written = export.write(args.format, records, args.output, force=args.force)
    except export.ExportError as err:
        print(f"inquadra export: {terminal(err)}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"inquadra export: cannot write {terminal(args.output)} ({err.strerror}); "
              "check the folder exists and is writable.", file=sys.stderr)
        return 2
    if args.format != "docbin":
        for note in export.renamed(records):
            print(terminal(f"inquadra export: note: {note}"), file=sys.stderr)
    print(terminal(f"Wrote {len(records)} record(s) as {args.format} to {len(written)} file(s) "
                   f"under {args.output}."))
    return 0
