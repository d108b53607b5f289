"""Merge a class's annotation files into one, with a report on every file.

``merge(paths)`` takes files and folders (folders are searched recursively for
``*.jsonl``; names starting with a dot, such as ``.ipynb_checkpoints`` or
temporary files, are skipped). Files are read in sorted path order and every
one is validated by ``records.read_records``: JSON only, nothing executed or
unpickled, files above the size cap refused before reading. A bad file is
rejected with the reason and line and never stops the others.

One annotator + activity is one submission; names that differ only in case,
spacing or how an accent is encoded (``Zoë`` typed on two computers) are the
same annotator. When a second record with the same
annotator and activity turns up (in another file or the same one), the first in
sorted path order is kept and the later one is reported as a duplicate, never
silently merged. All records must belong to one article: the first accepted
record fixes it (or pass ``article``).
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .records import (
    AnnotationFileError,
    AnnotationRecord,
    read_json_lines,
    validate_record,
    write_records,
)

__all__ = ["MAX_BYTES", "FileResult", "Duplicate", "MergeReport", "merge", "write_class", "MergeError"]

MAX_BYTES = 2_000_000


class MergeError(ValueError):
    """The merged file cannot be written; the message says why and how to fix it."""


@dataclass(frozen=True)
class FileResult:
    """What happened to one input file.

    Attributes:
        path (str): the file as found on disk.
        name (str): the name shown in reports (relative to the folder given).
        status (str): ``"accepted"``, ``"rejected"`` or ``"duplicate"`` (every
            record in it repeats an earlier submission).
        records (int): records taken from this file.
        line (int | None): the line the reason refers to.
        reason (str): why it was rejected, or which records were skipped.
    """

    path: str
    name: str
    status: str
    records: int = 0
    line: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class Duplicate:
    """A record skipped because the same annotator and activity came earlier."""

    annotator: str
    activity: str
    name: str
    line: int
    kept_name: str
    kept_line: int

    @property
    def reason(self) -> str:
        activity = self.activity or "(no activity)"
        return (
            f"{self.annotator} / {activity} is already in {self.kept_name}, line {self.kept_line} "
            "(kept the first in sorted path order)"
        )


@dataclass(frozen=True)
class MergeReport:
    """The outcome of ``merge``: every file's status and the records kept."""

    files: tuple[FileResult, ...]
    records: tuple[AnnotationRecord, ...]
    duplicates: tuple[Duplicate, ...]
    article: str | None
    answers: object = None  # class_answers.ClassAnswers of the other activities' files, or None

    def __repr__(self) -> str:
        return f"<MergeReport: {self.summary()}>"

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def accepted(self) -> tuple[FileResult, ...]:
        return tuple(f for f in self.files if f.status == "accepted")

    @property
    def rejected(self) -> tuple[FileResult, ...]:
        return tuple(f for f in self.files if f.status == "rejected")

    def summary(self) -> str:
        """One line: records kept and files by status."""
        n = len(self.records)
        return (
            f"{n} record{'s' if n != 1 else ''} from {len(self.files)} file(s): "
            f"{self.count('accepted')} accepted, {self.count('rejected')} rejected, "
            f"{self.count('duplicate')} duplicate"
        ) + (f"; {self.answers.files} answer file(s) to other activities (quizzes, sorters, "
             "pads, reflections), summed up apart" if self.answers is not None else "")

    def rows(self) -> list[dict]:
        """One dict a file: file, status, records, line, reason."""
        return [
            {"file": f.name, "status": f.status, "records": f.records, "line": f.line,
             "reason": f.reason}
            for f in self.files
        ]

    def text(self) -> str:
        """The report as plain text, one line a file after a summary line."""
        lines = [self.summary() + (f" (article {self.article})" if self.article else "")]
        for f in self.files:
            where = f"{f.name}, line {f.line}" if f.line else f.name
            detail = f.reason if f.status != "accepted" or f.reason else (
                f"{f.records} record{'s' if f.records != 1 else ''}"
            )
            lines.append(f"  {f.status:<9}  {where}: {detail}")
        return "\n".join(lines)


def _gather(paths: Iterable, exclude: Iterable = ()) -> list[tuple[Path, str] | tuple[Path, str, str]]:
    """(path, display name) of every candidate file; (path, name, reason) for bad inputs."""
    found: dict[str, tuple] = {}
    skip = {str(Path(x).resolve()) for x in exclude}
    for given in paths:
        p = Path(given)
        if p.is_dir():
            hits = []
            for root, dirs, files in os.walk(p, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in files:
                    if f.endswith(".jsonl") and not f.startswith("."):
                        full = Path(root) / f
                        hits.append((full, full.relative_to(p).as_posix()))
            if not hits:
                found[str(p)] = (p, str(given), "the folder holds no .jsonl annotation files")
            for full, name in hits:
                if str(full.resolve()) not in skip:
                    found.setdefault(str(full.resolve()), (full, name))
        elif p.exists():
            if str(p.resolve()) not in skip:
                found.setdefault(str(p.resolve()), (p, str(given)))
        else:
            found[str(p)] = (p, str(given), "the file or folder does not exist; check the name")
    return sorted(found.values(), key=lambda item: str(item[0]))


def merge(paths, *, max_bytes: int = MAX_BYTES, article=None, taxonomy=None,
          exclude: Iterable = ()) -> MergeReport:
    """Read, validate and merge annotation files.

    Args:
        paths (str | Path | Iterable[str | Path]): files and folders.
        max_bytes (int): files larger than this are refused unread.
        article (Article | None): the article every record must belong to;
            None = the article of the first accepted record.
        taxonomy (Taxonomy | None): labels are checked against it (default: the kit's).
        exclude (Iterable[str | Path]): files never read, such as the merged
            file an earlier run wrote into the same folder.

    Returns:
        MergeReport
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    results: list[FileResult] = []
    kept: list[AnnotationRecord] = []
    duplicates: list[Duplicate] = []
    seen: dict[tuple[str, str], tuple[str, int]] = {}
    article_id = None if article is None else article.id
    answer_files = []
    for item in _gather(paths, exclude):
        path, name = item[0], item[1]
        if len(item) == 3:
            results.append(FileResult(str(path), name, "rejected", reason=item[2]))
            continue
        if len(item) == 2 and _holds_answers(path, max_bytes):
            answer_files.append(path)  # a lesson widget's answer: a hand-in of a whole work folder
            continue
        try:
            lines = _read(path, max_bytes, article, taxonomy)
        except AnnotationFileError as err:
            results.append(FileResult(str(path), name, "rejected", line=err.line, reason=err.reason))
            continue
        except Exception as err:  # one unreadable file must not stop the class
            results.append(FileResult(str(path), name, "rejected",
                                      reason=f"the file could not be read ({type(err).__name__}: {err})"))
            continue
        expected = article_id or (lines[0][1].article if lines else None)
        other = next(((n, r) for n, r in lines if r.article != expected), None)
        if other is not None:
            results.append(FileResult(
                str(path), name, "rejected", line=other[0],
                reason=f"this record is for article {other[1].article!r}, but the class is tagging "
                       f"{expected!r}; merge each article's files separately"))
            continue
        taken, skipped = 0, []
        for number, record in lines:
            article_id = article_id or record.article
            key = (_same_person(record.annotator), record.activity)
            if key in seen:
                dup = Duplicate(record.annotator, record.activity, name, number, *seen[key])
                duplicates.append(dup)
                skipped.append(dup)
                continue
            seen[key] = (name, number)
            kept.append(record)
            taken += 1
        if taken:
            reason = "; ".join(f"line {d.line} skipped: {d.reason}" for d in skipped)
            results.append(FileResult(str(path), name, "accepted", taken, reason=reason))
        else:
            first = skipped[0]
            results.append(FileResult(str(path), name, "duplicate", 0, first.line,
                                      "; ".join(d.reason for d in skipped)))
    answers = None
    if answer_files:
        from .. import class_answers

        answers = class_answers.read_answers(answer_files)
    return MergeReport(tuple(results), tuple(kept), tuple(duplicates), article_id, answers)


def _holds_answers(path: Path, max_bytes: int) -> bool:
    """True when every line of the file is a saved answer to a lesson activity (no tagging)."""
    try:
        values = [v for _, v in read_json_lines(path, max_bytes=max_bytes)]
    except AnnotationFileError:
        return False
    return bool(values) and all(
        isinstance(v, dict) and "spans" not in v and "text_sha256" not in v
        and isinstance(v.get("activity"), str) and isinstance(v.get("annotator"), str)
        for v in values)


def _same_person(name: str) -> str:
    """The name as one submission's key: case, spacing and accent encoding do not count."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _read(path: Path, max_bytes: int, article, taxonomy) -> list[tuple[int, AnnotationRecord]]:
    """Records of one file with their line numbers (validated like ``read_records``)."""
    return [
        (number, validate_record(value, article=article, taxonomy=taxonomy, path=path, line=number))
        for number, value in read_json_lines(path, max_bytes=max_bytes)
    ]


def write_class(report: MergeReport, path, *, force: bool = False) -> Path:
    """Write the merged records atomically to ``path`` (refuses to overwrite unless ``force``).

    Raises:
        MergeError: nothing to write, or the file exists and ``force`` is False.
    """
    path = Path(path)
    if not report.records:
        raise MergeError("No file was accepted, so there is nothing to write. See the report above.")
    if path.is_dir():
        raise MergeError(f"{path} is a folder; give the name of the .jsonl file to write.")
    if path.exists() and not force:
        raise MergeError(f"{path} already exists; choose another name or use --force to replace it.")
    return write_records(path, report.records)
