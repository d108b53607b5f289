"""``inquadra score``: each student's discernment figures and rubric band, from tagging files."""

from __future__ import annotations

import json
import os
import sys
import unicodedata
from pathlib import Path

NAME = "score"
HELP = ("Score students' tagging files against the reference: hits, misses, false alarms "
        "(on plain sentences too), the discernment figure and the rubric band.")


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", metavar="FILE",
                        help="tagging files (.jsonl), or folders searched for them")
    parser.add_argument("--article", metavar="ID", default=None,
                        help="score only records of this article (default: every article "
                             "that has a reference)")
    parser.add_argument("--labels", metavar="SET", default=None,
                        help="the label set to score, e.g. lesson06 (default: the set named by "
                             "each record's activity, else the reference's labels)")
    parser.add_argument("--language", choices=("en", "it"), default="en",
                        help="language of the band names and words (default: en)")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object: a list of students with every figure")


def _terminal(text: str) -> str:
    """Text safe to print: control and bidirectional characters shown as \\uXXXX."""
    return "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") else ch
        for ch in str(text)
    )


def _files(paths) -> tuple[list[Path], list[str]]:
    found, problems = {}, []
    for given in paths:
        p = Path(given)
        if p.is_dir():
            hits = sorted(
                Path(root) / f
                for root, dirs, files in os.walk(p)
                for f in files
                if f.endswith(".jsonl") and not f.startswith(".")
            )
            if not hits:
                problems.append(f"{given}: the folder holds no .jsonl files.")
            for h in hits:
                found.setdefault(str(h.resolve()), h)
        elif p.is_file():
            found.setdefault(str(p.resolve()), p)
        else:
            problems.append(f"{given}: no such file or folder; check the name.")
    return sorted(found.values()), problems


def _labels_for(record, ref, chosen, tax) -> tuple[str, ...]:
    if chosen is not None:
        return chosen
    if record.activity in tax.sets:
        return tuple(lab.id for lab in tax.select(record.activity))
    return ref.labels


def collect(paths, article_id=None, labels=None):
    """Score every tagging record in ``paths``.

    Returns:
        (rows, notes): rows are ``(file, line, record, Score)``; notes are lines
        for the teacher about files or records left out, and why.
    """
    from .. import taxonomy
    from ..annotations import records, reference
    from ..annotations import score as scoring

    tax = taxonomy.load()
    chosen = tuple(lab.id for lab in tax.select(labels)) if labels else None
    files, notes = _files(paths)
    rows, answers = [], 0
    for path in files:
        try:
            lines = records.read_json_lines(path)
        except records.AnnotationFileError as err:
            notes.append(f"left out {err}")
            continue
        for number, obj in lines:
            if isinstance(obj, dict) and "spans" not in obj and isinstance(obj.get("activity"), str):
                answers += 1  # a lesson widget's saved answer: not tagging
                continue
            art_id = obj.get("article") if isinstance(obj, dict) else None
            if article_id is not None and art_id != article_id:
                continue
            try:
                ref = reference.load(art_id)
            except (reference.ReferenceDataError, ValueError, TypeError) as err:
                notes.append(f"left out {path}, line {number}: {err}")
                continue
            try:
                record = records.validate_record(obj, article=ref.article, path=path, line=number)
            except records.AnnotationFileError as err:
                notes.append(f"left out {err}")
                continue
            result = scoring.score(record.spans, ref, _labels_for(record, ref, chosen, tax))
            rows.append((path, number, record, result))
    if answers:
        notes.append(f"{answers} saved answer(s) to other activities (quizzes, sorters, pads) "
                     "hold no tagging and were not scored here.")
    return rows, notes


def _table(rows, language: str) -> str:
    from ..annotations import score as scoring

    head = ("student", "activity", "D", "band", "hits", "missed", "false alarms", "on plain")
    body = []
    for _path, _line, record, result in rows:
        o = result.overall
        body.append((
            _terminal(record.annotator), _terminal(record.activity),
            scoring.shown(result.discernment), result.band.name[language],
            f"{o.hits:.1f}/{o.signal}", f"{o.misses:.1f}", f"{o.false_alarms}/{o.noise}",
            str(o.plain_false_alarms),
        ))
    widths = [max(len(r[i]) for r in (head, *body)) for i in range(len(head))]
    out = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in (head, *body)]
    return "\n".join(out)


def run(args) -> int:
    from ..annotations import score as scoring
    from ..taxonomy import TaxonomyError

    try:
        rows, notes = collect(args.paths, args.article, args.labels)
    except TaxonomyError as err:
        print(f"inquadra score: {err}", file=sys.stderr)
        return 2
    except scoring.BandError as err:
        print(f"inquadra score: {err}", file=sys.stderr)
        return 2
    if args.json:
        students = []
        for path, line, record, result in rows:
            entry = {"file": str(path), "line": line, "annotator": record.annotator,
                     "activity": record.activity, "article": record.article}
            entry.update(result.to_dict())
            students.append(entry)
        print(json.dumps({"students": students, "notes": notes}, ensure_ascii=False, indent=1))
    else:
        if rows:
            print(_table(rows, args.language))
            print()
            print("D = share of the reference's framing found (partial credit for overlap) minus "
                  "share of sentences wrongly tagged, averaged over the labels; from -1 to 1.")
            for b in scoring.bands():
                print(f"  {b.name[args.language]} (D ≥ {b.minimum:+.2f}): {b.words[args.language]}")
        else:
            print("No tagging records to score.")
        for note in notes:
            print(f"note: {_terminal(note)}", file=sys.stderr)
    return 0 if rows or not notes else 1
