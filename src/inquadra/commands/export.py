"""``inquadra export``: an annotation file (one student's or a class's) to spaCy, brat or SemEval."""

from __future__ import annotations

import sys

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
    parser.add_argument("--force", action="store_true", help="replace existing output files")


def run(args) -> int:
    from ..annotations import export
    from ..annotations.records import AnnotationFileError, read_records

    try:
        records = read_records(args.input)
    except AnnotationFileError as err:
        print(f"inquadra export: {err}", file=sys.stderr)
        return 2
    try:
        written = export.write(args.format, records, args.output, force=args.force)
    except export.ExportError as err:
        print(f"inquadra export: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"inquadra export: cannot write {args.output} ({err.strerror}); "
              "check the folder exists and is writable.", file=sys.stderr)
        return 2
    print(f"Wrote {len(records)} record(s) as {args.format} to {len(written)} file(s) under {args.output}.")
    return 0
