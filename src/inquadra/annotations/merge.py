"""Merge a class's annotation files into one, with a report on every file.

``merge(paths)`` takes files and folders (folders are searched recursively for
``*.jsonl``; hidden folders such as ``.ipynb_checkpoints`` are skipped). Files
are read in sorted order and every one is validated by ``records``: JSON only,
nothing executed or unpickled, files above the size cap refused before
reading. A bad file is rejected with the reason and line and never stops the
others. What the report says of each file (``FileResult.status``):

- ``accepted``: its records were taken;
- ``rejected``: it is not a valid annotation file (the reason and line say why);
- ``skipped``: not read: a name that is almost right (``Giulia.JSONL``,
  ``Giulia.jsonl.txt``, ``Giulia.json``, ``.giulia.jsonl``: "rename to
  Giulia.jsonl"), a symbolic link (a loop, a file outside the folder, or
  another file of the folder counted twice), or a class file that
  ``inquadra merge`` wrote (its records carry ``merged_from``) found in a
  folder; a class file named on its own is read as the class it holds;
- ``set aside``: every record is for another article than the class's;
- ``conflict``: its records claim a submission another file claims too;
- ``duplicate``: its records repeat, span for span, a submission kept from
  another file.

One annotator + article + activity is one submission; names that differ only
in case, spacing or how an accent is encoded (``Zoë`` typed on two computers)
are the same annotator. When two records claim one submission with different
spans, it is a *conflict*: neither is kept, and the report lists every claim
with its file, line, the file's time and its span count, so the teacher
decides. File order never decides. Records for another article than the class
article (``article``; default: the kit's current article) are set aside and
reported; they never cause the rest of the file to be rejected.
"""

from __future__ import annotations

import os
import time
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

from ..errors import InquadraError
from ..escape import terminal
from .records import (
    AnnotationFileError,
    AnnotationRecord,
    read_json_lines,
    validate_record,
    write_records,
)

__all__ = [
    "MAX_BYTES",
    "STATUSES",
    "Claim",
    "Conflict",
    "Duplicate",
    "FileResult",
    "MergeError",
    "MergeReport",
    "SetAside",
    "merge",
    "rename_hint",
    "write_class",
]

MAX_BYTES = 2_000_000
STATUSES = ("accepted", "rejected", "skipped", "set aside", "conflict", "duplicate")


class MergeError(InquadraError):
    """The merged file cannot be written; the message says why and how to fix it."""


@dataclass(frozen=True)
class FileResult:
    """What happened to one input file.

    Attributes:
        path (str): the file as found on disk.
        name (str): the name shown in reports (relative to the folder given).
        status (str): one of ``STATUSES`` (see the module docstring).
        records (int): records taken from this file.
        line (int | None): the line the reason refers to.
        reason (str): why it was not taken, or what was left out of it.
    """

    path: str
    name: str
    status: str
    records: int = 0
    line: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class Claim:
    """One record claiming a submission: where it is, when its file was saved, how many spans."""

    name: str
    line: int
    mtime: float | None
    spans: int

    @property
    def saved(self) -> str:
        """The file's modification time, local time to the minute (``"?"`` when unknown)."""
        if self.mtime is None:
            return "?"
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(self.mtime))

    def describe(self) -> str:
        return (f"{self.name} line {self.line} (saved {self.saved}, "
                f"{self.spans} span{'s' if self.spans != 1 else ''})")


@dataclass(frozen=True)
class Conflict:
    """Two or more records with different spans claim one annotator, article and activity."""

    annotator: str
    article: str
    activity: str
    claims: tuple[Claim, ...]

    @property
    def reason(self) -> str:
        activity = self.activity or "(no activity)"
        return (f"conflict: {self.annotator} / {activity} is claimed by "
                + " and ".join(c.describe() for c in self.claims)
                + "; neither is used: keep the right file, move the other away and merge again")


@dataclass(frozen=True)
class Duplicate:
    """A record skipped because the same submission, with the same spans, was kept from elsewhere."""

    annotator: str
    activity: str
    name: str
    line: int
    kept_name: str
    kept_line: int

    @property
    def reason(self) -> str:
        activity = self.activity or "(no activity)"
        return (f"{self.annotator} / {activity} is the same work as {self.kept_name}, "
                f"line {self.kept_line} (kept once)")


@dataclass(frozen=True)
class SetAside:
    """A record for another article than the class's, reported and left out."""

    name: str
    line: int
    article: str

    @property
    def reason(self) -> str:
        return f"line {self.line} is for article {self.article!r}: set aside"


@dataclass(frozen=True)
class MergeReport:
    """The outcome of ``merge``: every file's status and the records kept."""

    files: tuple[FileResult, ...]
    records: tuple[AnnotationRecord, ...]
    duplicates: tuple[Duplicate, ...]
    article: str | None
    conflicts: tuple[Conflict, ...] = ()
    set_aside: tuple[SetAside, ...] = ()
    sources: tuple[str, ...] = ()
    answers: object = None  # class_answers.ClassAnswers of the other activities' files (empty when none)

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
        """One line: records kept, files by status, conflicts and records set aside."""
        n = len(self.records)
        counts = ", ".join(f"{self.count(s)} {s}" for s in STATUSES
                           if self.count(s) or s in ("accepted", "rejected", "duplicate"))
        extra = ""
        if self.conflicts:
            extra += f"; {len(self.conflicts)} conflict(s) to resolve"
        if self.set_aside:
            extra += f"; {len(self.set_aside)} record(s) for other articles set aside"
        return (f"{n} record{'s' if n != 1 else ''} from {len(self.files)} file(s): {counts}{extra}"
                + (f"; {self.answers.files} answer file(s) to other activities (quizzes, sorters, "
                   "pads, reflections), summed up apart" if self.answers is not None and self.answers.files else ""))

    def rows(self) -> list[dict]:
        """One dict a file: file, status, records, line, reason."""
        return [
            {"file": f.name, "status": f.status, "records": f.records, "line": f.line,
             "reason": f.reason}
            for f in self.files
        ]

    def text(self) -> str:
        """The report as plain text, one line a file after a summary line.

        Every line is escaped for the terminal, so a file name holding a
        newline or an escape sequence cannot forge or recolour a line.
        """
        lines = [self.summary() + (f" (article {self.article})" if self.article else "")]
        for f in self.files:
            where = f"{f.name}, line {f.line}" if f.line else f.name
            detail = f.reason if f.status != "accepted" or f.reason else (
                f"{f.records} record{'s' if f.records != 1 else ''}"
            )
            lines.append(f"  {f.status:<9}  {where}: {detail}")
        return "\n".join(terminal(line) for line in lines)


# -- finding the files -----------------------------------------------------------
_NEAR_MISS = (".jsonl.txt", ".json.txt", ".jsonl", ".json")


def rename_hint(name: str) -> str | None:
    """The name a near-miss file should have (``"Giulia.JSONL"`` → ``"Giulia.jsonl"``), else None.

    None for a proper name (``Giulia.jsonl``) and for names that are not
    annotation files at all (``README.md``).
    """
    base = name.lstrip(".")
    low = base.lower()
    for ext in _NEAR_MISS:
        if low.endswith(ext) and len(base) > len(ext):
            fixed = base[: -len(ext)] + ".jsonl"
            return None if fixed == name else fixed
    return None


def _temporary_copy(name: str, siblings) -> bool:
    """A hidden file named after a file beside it (``.giulia.jsonl.jsonl``, ``.giulia.jsonl``):
    a temporary or backup copy an editor or a save left, not a hand-in."""
    bare = name.lstrip(".")
    return bare in siblings or bare.rsplit(".", 1)[0] in siblings


def _inside(target: Path, folder: Path) -> bool:
    try:
        target.relative_to(folder)
    except ValueError:
        return False
    return True


def _symlink_reason(link: Path, folder: Path | None) -> str:
    """Why a symbolic link is refused: a loop, a missing target, outside, or another file inside."""
    try:
        target = link.resolve(strict=True)
    except FileNotFoundError:
        return "a symbolic link to a file that does not exist: put the file itself here"
    except (RuntimeError, OSError):
        return "a symbolic link that loops back on itself: delete it"
    if folder is not None and _inside(target, folder.resolve()):
        rel = target.relative_to(folder.resolve()).as_posix()
        return (f"a symbolic link to {rel}, another file in the folder (it would count twice): "
                "delete the link")
    return (f"a symbolic link to {target}, outside the folder: copy the file itself "
            "into the folder")


def _gather(paths: Iterable, exclude: Iterable = ()) -> list[tuple]:
    """(path, display name) of every file found in a folder, (path, name, "given") of a file
    named on its own, and (path, name, status, reason) for the others."""
    found: dict[str, tuple] = {}
    skip = {str(Path(x).resolve()) for x in exclude}

    def refuse(p: Path, name: str, status: str, reason: str) -> None:
        found.setdefault("!" + str(p), (p, name, status, reason))

    for given in paths:
        p = Path(given)
        if p.is_symlink():
            refuse(p, str(given), "skipped", _symlink_reason(p, None))
        elif p.is_dir():
            before = len(found)
            hits = _walk(p, refuse)
            if not hits and len(found) == before:
                refuse(p, str(given), "rejected", "the folder holds no .jsonl annotation files")
            for full, name in hits:
                if str(full.resolve()) not in skip:
                    found.setdefault(str(full.resolve()), (full, name))
        elif p.exists():
            if str(p.resolve()) not in skip:
                found.setdefault(str(p.resolve()), (p, str(given), "given"))
        else:
            refuse(p, str(given), "rejected", "the file or folder does not exist; check the name")
    return sorted(found.values(), key=lambda item: (item[1], str(item[0])))


def _walk(folder: Path, refuse) -> list[tuple[Path, str]]:
    hits = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        base = Path(root)
        for d in list(dirs):
            if d.startswith("."):
                dirs.remove(d)
            elif (base / d).is_symlink():
                dirs.remove(d)
                full = base / d
                refuse(full, full.relative_to(folder).as_posix(), "skipped",
                       _symlink_reason(full, folder))
        dirs.sort()
        for f in sorted(files):
            full = base / f
            name = full.relative_to(folder).as_posix()
            if full.is_symlink():
                if f.endswith(".jsonl") or rename_hint(f):
                    refuse(full, name, "skipped", _symlink_reason(full, folder))
            elif f.endswith(".jsonl") and not f.startswith("."):
                hits.append((full, name))
            elif f.startswith("._"):
                if f.lower().endswith((".jsonl", ".json", ".txt")):
                    refuse(full, name, "skipped", "a macOS resource file, not a student's file")
            elif f.startswith(".") and _temporary_copy(f, files):
                continue
            elif rename_hint(f):
                refuse(full, name, "skipped", f"skipped: rename to {rename_hint(f)}")
    return hits


# -- merging ---------------------------------------------------------------------
def _default_article():
    from .. import article as article_module
    from .. import bundles

    return article_module.load(bundles.current_id())


def merge(paths, *, max_bytes: int = MAX_BYTES, article=None, taxonomy=None,
          exclude: Iterable = ()) -> MergeReport:
    """Read, validate and merge annotation files.

    Args:
        paths (str | Path | Iterable[str | Path]): files and folders.
        max_bytes (int): files larger than this are refused unread.
        article (Article | None): the class article; records for other
            articles are set aside (default: the kit's current article).
        taxonomy (Taxonomy | None): labels are checked against it (default: the kit's).
        exclude (Iterable[str | Path]): files never read, such as the merged
            file an earlier run wrote into the same folder.

    Returns:
        MergeReport
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    article = article or _default_article()
    results: dict[int, FileResult] = {}
    claims: dict[tuple, list] = {}
    set_aside: list[SetAside] = []
    read: list[tuple[int, str, str, list]] = []
    answer_files = []
    for index, item in enumerate(_gather(paths, exclude)):
        path, name = item[0], item[1]
        if len(item) == 4:
            results[index] = FileResult(str(path), name, item[2], reason=item[3])
            continue
        if len(item) == 2 and _holds_answers(path, max_bytes):
            answer_files.append(path)  # a lesson widget's answer: a hand-in of a whole work folder
            continue
        outcome = _read(path, name, max_bytes, article, taxonomy, given=len(item) == 3)
        if isinstance(outcome, FileResult):
            results[index] = outcome
            continue
        lines, aside, mtime = outcome
        set_aside.extend(aside)
        if not lines:
            results[index] = FileResult(str(path), name, "set aside", 0, aside[0].line,
                                        _aside_reason(aside, article.id))
            continue
        read.append((index, str(path), name, aside))
        for number, record in lines:
            key = (_same_person(record.annotator), record.article, record.activity)
            claims.setdefault(key, []).append((index, name, number, mtime, record))
    kept, sources, duplicates, conflicts = [], [], [], []
    taken: dict[int, int] = {}
    notes: dict[int, list[str]] = {}
    for key, group in claims.items():
        first = group[0]
        if len(group) > 1 and len({frozenset(c[4].spans) for c in group}) > 1:
            conflict = Conflict(first[4].annotator, first[4].article, first[4].activity,
                                tuple(Claim(n, line, m, len(r.spans)) for _, n, line, m, r in group))
            conflicts.append(conflict)
            for c in group:
                notes.setdefault(c[0], []).append(f"line {c[2]}: {conflict.reason}")
            continue
        kept.append(first[4])
        sources.append(first[1])
        taken[first[0]] = taken.get(first[0], 0) + 1
        for c in group[1:]:
            dup = Duplicate(c[4].annotator, c[4].activity, c[1], c[2], first[1], first[2])
            duplicates.append(dup)
            notes.setdefault(c[0], []).append(f"line {c[2]} skipped: {dup.reason}")
    for index, path, name, aside in read:
        details = notes.get(index, [])
        if aside:
            details.append(_aside_reason(aside, article.id))
        n = taken.get(index, 0)
        if n:
            status = "accepted"
        elif any("conflict:" in d for d in details):
            status = "conflict"
        else:
            status = "duplicate"
        results[index] = FileResult(path, name, status, n, None, "; ".join(details))
    files = tuple(results[i] for i in sorted(results))
    from .. import class_answers

    answers = class_answers.read_answers(answer_files)
    return MergeReport(files, tuple(kept), tuple(duplicates), article.id, tuple(conflicts),
                       tuple(set_aside), tuple(sources), answers)


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


def _aside_reason(aside: list[SetAside], class_article: str) -> str:
    others = ", ".join(sorted({repr(a.article) for a in aside}))
    lines = ", ".join(str(a.line) for a in aside)
    return (f"line(s) {lines} are for article {others}, not the class article {class_article!r}: "
            "set aside (merge them with --article to read them)")


def _same_person(name: str) -> str:
    """The name as one submission's key: case, spacing and accent encoding do not count."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _read(path: Path, name: str, max_bytes: int, article, taxonomy, given: bool = False):
    """``(lines, set_aside, mtime)`` for a readable file, else its ``FileResult``.

    A class file written by ``write_class`` found in a folder is skipped; one
    named on its own (``given``) is read as the class it holds.
    """
    try:
        values = read_json_lines(path, max_bytes=max_bytes)
        mtime = path.stat().st_mtime
        if not given and any(isinstance(v, dict) and "merged_from" in v for _, v in values):
            return FileResult(str(path), name, "skipped", reason=(
                "a class file written by inquadra merge, not a student's file: left out "
                "(keep merged files outside the hand-in folder)"))
        lines, aside = [], []
        for number, value in values:
            other = value.get("article") if isinstance(value, dict) else None
            if isinstance(other, str) and other != article.id and "spans" in value:
                aside.append(SetAside(name, number, other))
                continue
            lines.append((number, validate_record(value, article=article, taxonomy=taxonomy,
                                                  path=path, line=number)))
    except AnnotationFileError as err:
        return FileResult(str(path), name, "rejected", line=err.line, reason=err.reason)
    except Exception as err:  # one unreadable file must not stop the class
        return FileResult(str(path), name, "rejected",
                          reason=f"the file could not be read ({type(err).__name__}: {err})")
    return lines, aside, mtime


def write_class(report: MergeReport, path, *, force: bool = False) -> Path:
    """Write the merged records atomically to ``path`` (refuses to overwrite unless ``force``).

    Every record carries ``merged_from`` (the student's file it came from), the
    marker that keeps a later merge from reading the class file as a student's.

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
    sources = report.sources or ("?",) * len(report.records)
    records = [replace(r, merged_from=name) for r, name in zip(report.records, sources)]
    return write_records(path, records)
