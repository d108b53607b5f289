"""The class's answers to every activity other than tagging, for the teacher.

A student's work folder holds one file per activity (see the saved-activity
service): tagging records, and answers to quizzes, sorters, correction pads
and reflections. :func:`read_answers` reads every answer file in the folders
and files it is given — a whole work folder handed in as it is — and sums
them up:

* **quizzes and single questions** — per item and per student, the share
  right at the *first* attempt (later attempts are for learning and counted
  apart);
* **sorters** — per statement and per student, the share placed right at the
  first try;
* **correction pads** — per sentence, how many students compared a version,
  and how many of those first versions say what the original meant (the
  meaning checks of :mod:`inquadra.meaning`, which the damaged sentence fails);
* **reflections** and other free answers — who answered, with the text.

Tagging records are left to ``inquadra merge`` (they are counted here, not
read). The student's name file, temporary files and copies kept aside
(``….corrupt-N``, ``….unread-N``) are skipped without a word; a file that is
not valid JSON is named once with the reason. Nothing read is executed.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ClassAnswers", "ItemResult", "Reflection", "StudentResult", "read_answers"]

_MAX_BYTES = 2_000_000
_KIND_NAMES = {"choice": "Quiz questions", "sorter": "Sorter statements", "correction": "Pad sentences"}
_SKIP_SUFFIXES = (".tmp", ".lock")
_SKIP_NAMES = {"student.json"}


@dataclass(frozen=True)
class ItemResult:
    """One question, statement or sentence across the class.

    Attributes:
        activity (str): the activity id (``"02.terms.3"``, ``"04.readouts"``).
        item (str): the item within it (the activity id for a single question,
            a statement id for a sorter, a sentence id for a pad).
        kind (str): ``"choice"``, ``"sorter"`` or ``"correction"``.
        students (int): students who answered it.
        first_right (int): of those, right at the first attempt (pads: fixed).
        retried (int): students who answered it more than once.
    """

    activity: str
    item: str
    kind: str
    students: int
    first_right: int
    retried: int

    @property
    def first_share(self) -> float | None:
        """``first_right / students``; None when nobody answered."""
        return self.first_right / self.students if self.students else None


@dataclass(frozen=True)
class StudentResult:
    """One student's first attempts over every scored item.

    Attributes:
        name (str): the annotator.
        answered (int): items answered.
        first_right (int): items right at the first attempt.
        retried (int): items answered more than once.
        activities (tuple[str, ...]): activities with any answer.
    """

    name: str
    answered: int
    first_right: int
    retried: int
    activities: tuple[str, ...]

    @property
    def first_share(self) -> float | None:
        return self.first_right / self.answered if self.answered else None


@dataclass(frozen=True)
class Reflection:
    """A free answer: who wrote what, for which activity."""

    name: str
    activity: str
    item: str
    text: str


@dataclass(frozen=True)
class ClassAnswers:
    """Everything :func:`read_answers` found.

    Attributes:
        items (tuple[ItemResult, ...]): sorted by activity and item.
        students (tuple[StudentResult, ...]): sorted by name.
        reflections (tuple[Reflection, ...]): sorted by activity, name.
        files (int): answer files read.
        tagging_files (int): tagging records seen and left to ``inquadra merge``.
        skipped (int): helper files skipped (name file, temporary and set-aside copies).
        problems (tuple[str, ...]): one line per unreadable file, with the reason.
    """

    items: tuple[ItemResult, ...]
    students: tuple[StudentResult, ...]
    reflections: tuple[Reflection, ...]
    files: int
    tagging_files: int
    skipped: int
    problems: tuple[str, ...]

    def text(self) -> str:
        """A plain-text summary for the terminal: per kind, then per question and per student."""
        lines = []
        for kind in self.kinds:
            if kind == "reflection":
                lines.append(f"Reflections: {len(self.reflections)} answer(s) from "
                             f"{len({r.name for r in self.reflections})} student(s).")
                continue
            items = self.by_kind(kind)
            lines.append(f"{_KIND_NAMES[kind]}: {len(items)} item(s); right at the first try:")
            for i in items:
                share = "–" if i.first_share is None else f"{round(100 * i.first_share)}%"
                where = i.activity if i.item == i.activity else f"{i.activity} {i.item}"
                lines.append(f"  {_terminal(where)}: {i.first_right}/{i.students} ({share}), "
                             f"{i.retried} tried again")
        if self.students:
            lines.append("Per student, right at the first try:")
            for s in self.students:
                share = "–" if s.first_share is None else f"{round(100 * s.first_share)}%"
                lines.append(f"  {_terminal(s.name)}: {s.first_right}/{s.answered} ({share})")
        lines.extend(f"not read: {_terminal(p)}" for p in self.problems)
        return "\n".join(lines)

    def by_kind(self, kind: str) -> tuple[ItemResult, ...]:
        return tuple(i for i in self.items if i.kind == kind)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The activity kinds present (``choice``, ``sorter``, ``correction``, ``reflection``)."""
        found = {i.kind for i in self.items}
        if self.reflections:
            found.add("reflection")
        order = ("choice", "sorter", "correction", "reflection")
        return tuple(k for k in order if k in found)


def _terminal(text) -> str:
    """Text safe to print: control and bidirectional characters shown as ``\\uXXXX``."""
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp")
                   else ch for ch in str(text))


def _candidates(paths) -> tuple[list[Path], int, list[str]]:
    files, skipped, problems = {}, 0, []
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    full = Path(root) / name
                    if _helper(name):
                        skipped += 1
                    elif name.endswith(".jsonl"):
                        files.setdefault(str(full.resolve()), full)
        elif p.is_file():
            files.setdefault(str(p.resolve()), p)
        else:
            problems.append(f"{given}: no such file or folder.")
    return sorted(files.values()), skipped, problems


def _helper(name: str) -> bool:
    return (name in _SKIP_NAMES or name.startswith(".") or name.endswith(_SKIP_SUFFIXES)
            or ".corrupt-" in name or ".unread-" in name)


def _read(path: Path) -> list[dict]:
    if path.stat().st_size > _MAX_BYTES:
        raise ValueError(f"larger than {_MAX_BYTES:,} bytes; it cannot be one student's answer")
    text = path.read_bytes().decode("utf-8-sig")
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                value = json.loads(line)
            except (ValueError, RecursionError) as err:
                raise ValueError(f"line {number} is not valid JSON ({err})") from None
            if isinstance(value, dict):
                out.append(value)
    return out


def _kind(activity: str, record: dict) -> str:
    from . import lesson

    parent = activity.rpartition(".")[0] if activity.rpartition(".")[2].isdigit() else activity
    for candidate in (activity, parent):
        try:
            kind = lesson.activity_data(candidate).get("kind")
        except (lesson.LessonError, KeyError, ValueError, OSError):
            continue  # an activity this kit version does not know: judge by the payload
        return "choice" if kind == "quiz" else str(kind)
    if "choice" in record:
        return "choice"
    if "placement" in record:
        return "sorter"
    if "compared" in record:
        return "correction"
    return "reflection"


def _first_attempts(record: dict) -> dict[str, tuple[bool | None, int, object]]:
    """item -> (correct at first attempt, number of attempts, first answer)."""
    history = record.get("history")
    out: dict[str, list] = {}
    if isinstance(history, list):
        entries = [e for e in history if isinstance(e, dict) and isinstance(e.get("item"), str)]
        entries.sort(key=lambda e: e.get("seq") if isinstance(e.get("seq"), int) else 0)
        for e in entries:
            if e["item"] in out:
                out[e["item"]][1] += 1
            else:
                out[e["item"]] = [e.get("correct"), 1, e.get("answer")]
    return {k: (v[0], v[1], v[2]) for k, v in out.items()}


_SORTER_EVENTS = ("check", "reset", "show")


def _sorter_first_try(activity: str, record: dict) -> dict[str, tuple[bool | None, int, object]]:
    """statement -> (right at the first Check, placements made, bucket): the first try.

    The first try is the placement standing when the student first pressed
    Check; a statement left unsorted then counts as not right. Without any
    Check in the history, the latest placements stand.
    """
    from . import lesson

    try:
        statements = [str(x["id"]) for x in lesson.activity_data(activity)["statements"]
                      if isinstance(x, dict)]
    except (lesson.LessonError, KeyError, TypeError, ValueError):
        statements = []
    history = [e for e in record.get("history") or [] if isinstance(e, dict)
               and isinstance(e.get("item"), str)]
    history.sort(key=lambda e: e.get("seq") if isinstance(e.get("seq"), int) else 0)
    current: dict[str, tuple[bool | None, object]] = {}
    moves: dict[str, int] = {}
    first: dict[str, tuple[bool | None, object]] | None = None
    for e in history:
        if e["item"] == "check" and first is None:
            first = dict(current)
        elif e["item"] not in _SORTER_EVENTS:
            moves[e["item"]] = moves.get(e["item"], 0) + 1
            current[e["item"]] = (e.get("correct"), e.get("answer"))
    taken = first if first is not None else current
    out = {}
    for sid in statements or sorted(set(current) | set(moves)):
        right, bucket = taken.get(sid, (False if first is not None else None, None))
        if right is None and first is None and sid not in current:
            continue
        out[sid] = (bool(right) if right is not None else None, moves.get(sid, 0), bucket)
    return out


def _pad_fixed(activity: str, sentence: str, text) -> bool | None:
    from . import lesson, meaning

    try:
        checks = meaning.checks_by_sentence(lesson.activity_data(activity)["items"])
    except (lesson.LessonError, meaning.MeaningError, KeyError, TypeError, ValueError):
        return None
    if sentence not in checks or not isinstance(text, str):
        return None
    return meaning.check(checks[sentence], text).ok


def read_answers(paths) -> ClassAnswers:
    """Read every answer file under ``paths`` (files or folders) and sum them up.

    Args:
        paths: a file or folder, or a list of them (a class's hand-ins, or one
            student's whole work folder).

    Returns:
        ClassAnswers
    """
    files, skipped, problems = _candidates(paths)
    per_item: dict[tuple[str, str, str], dict[str, tuple[bool | None, int]]] = defaultdict(dict)
    reflections: list[Reflection] = []
    tagging = read = 0
    for path in files:
        try:
            records = _read(path)
        except (OSError, UnicodeDecodeError, ValueError) as err:
            problems.append(f"{path.name}: {err}")
            continue
        read += 1
        for record in records:
            name, activity = record.get("annotator"), record.get("activity")
            if not isinstance(name, str) or not isinstance(activity, str):
                continue
            if "spans" in record or "text_sha256" in record:
                tagging += 1
                continue
            kind = _kind(activity, record)
            firsts = (_sorter_first_try(activity, record) if kind == "sorter"
                      else _first_attempts(record))
            if kind == "reflection":
                for key, value in record.items():
                    if isinstance(value, str) and key not in ("annotator", "activity", "article"):
                        reflections.append(Reflection(name, activity, key, value))
                continue
            if kind == "choice" and not firsts and "choice" in record and record["choice"] is not None:
                firsts = {activity: (record.get("correct"), 1, record["choice"])}
            if kind == "correction":
                answers = record.get("answers") if isinstance(record.get("answers"), dict) else {}
                compared = record.get("compared") if isinstance(record.get("compared"), list) else []
                pad = {}
                for sid in (x for x in compared if isinstance(x, str)):
                    correct, count, text = firsts.get(sid, (None, 1, answers.get(sid)))
                    meant = _pad_fixed(activity, sid, text)  # older files did not judge meaning
                    if meant is not None:
                        correct = meant if not isinstance(correct, bool) else (correct and meant)
                    pad[sid] = (correct, count, None)
                firsts = pad
            for item, (correct, count, _answer) in firsts.items():
                key = (activity, activity if kind == "choice" else item, kind)
                per_item[key][name] = (correct, count)
    items, by_student = [], defaultdict(lambda: [0, 0, 0, set()])
    for (activity, item, kind), answers in sorted(per_item.items()):
        scored = {n: v for n, v in answers.items() if v[0] is not None}
        items.append(ItemResult(activity, item, kind, len(scored),
                                sum(1 for c, _ in scored.values() if c),
                                sum(1 for _, k in scored.values() if k > 1)))
        for n, (correct, count) in scored.items():
            s = by_student[n]
            s[0] += 1
            s[1] += bool(correct)
            s[2] += count > 1
            s[3].add(activity)
    students = tuple(StudentResult(n, a, r, k, tuple(sorted(acts)))
                     for n, (a, r, k, acts) in sorted(by_student.items()))
    reflections.sort(key=lambda r: (r.activity, r.name, r.item))
    return ClassAnswers(tuple(items), students, tuple(reflections), read, tagging, skipped,
                        tuple(problems))
