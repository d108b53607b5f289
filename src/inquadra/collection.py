"""Collect a course's hand-ins into one folder, with a report, and merge the tagging.

``collect(course, output)`` reads the exchange laid out by ``inquadra.exchange``:

- each student's latest hand-in of every activity is taken, and each saved file
  from the latest hand-in that holds an intact copy of it (``receipt.json``
  gives every file's SHA-256; a copy that is missing or changed is reported
  and an earlier intact copy used instead);
- a hand-in after ``due`` is collected and reported as late;
- a roster student with no hand-in is reported as missing;
- a file whose annotator is not the user who handed it in, or two users whose
  work names the same annotator, is a conflict: it is set aside under
  ``_conflicts/`` and never merged;
- a hand-in folder owned by someone other than the user it is named for (the
  inbound folder is writable by every student) is a conflict: all its files go
  to ``_conflicts/<user>/<folder>/``, and the user's latest genuine hand-in is
  taken instead.

The output folder holds ``students/<user>/`` (every collected file),
``class.jsonl`` (the tagging files merged by ``annotations.merge``), and
``collect-report.txt``. It is written beside its final place and renamed in;
an existing output folder is kept as ``<output>.previous-N`` when ``force``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import exchange, identity
from .files import keep_aside
from .annotations import merge as merging

__all__ = ["Collection", "Problem", "Student", "collect"]


@dataclass(frozen=True)
class Problem:
    """Something the teacher should look at: ``kind`` is late, missing, conflict or damaged."""

    kind: str
    user: str
    detail: str


@dataclass(frozen=True)
class Student:
    """One student's collected work."""

    user: str
    display_name: str | None
    handed_in: str
    hand_ins: int
    files: tuple[str, ...]
    late: bool


@dataclass(frozen=True)
class Collection:
    """The result of a collect: who handed in, what went wrong, and the merged class."""

    course: str
    folder: Path
    students: tuple[Student, ...]
    problems: tuple[Problem, ...]
    merge: merging.MergeReport
    class_file: Path | None

    def problems_of(self, kind: str) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.kind == kind)

    def text(self) -> str:
        """The report, as plain lines (names as given: escape them before showing in HTML)."""
        lines = [f"Course {self.course}: {len(self.students)} student(s) collected into "
                 f"{self.folder}."]
        for s in self.students:
            shown = f"{s.display_name} ({s.user})" if s.display_name and s.display_name != s.user \
                else s.user
            late = ", LATE" if s.late else ""
            lines.append(f"  {shown}: {len(s.files)} file(s), latest hand-in {s.handed_in}"
                         f" ({s.hand_ins} in all){late}")
        for kind in ("late", "missing", "conflict", "damaged"):
            found = self.problems_of(kind)
            lines.append(f"{kind.capitalize()}: {len(found)}")
            lines.extend(f"  {p.user}: {p.detail}" for p in found)
        lines.append("Merge: " + self.merge.summary())
        return "\n".join(lines)


def _read_receipt(folder: Path) -> dict:
    try:
        data = json.loads((folder / exchange.RECEIPT).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _read_small(path: Path) -> bytes | None:
    """A regular file's bytes (never through a link), or None when it is not one or too big."""
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > exchange.MAX_FILE_BYTES:
            return None
        return path.read_bytes()
    except OSError:
        return None


def _intact(folder: Path, listed: dict[str, str]) -> tuple[dict[str, bytes], list[str]]:
    """The files of a hand-in that match its receipt (read once), and the names that do not."""
    good, bad = {}, []
    for name, digest in listed.items():
        data = None if "/" in name or name.startswith(".") else _read_small(folder / name)
        if data is None or hashlib.sha256(data).hexdigest() != digest:
            bad.append(name)
        else:
            good[name] = data
    return good, bad


def _record(data: bytes) -> dict | None:
    try:
        record = json.loads(data.decode("utf-8").lstrip("\ufeff"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return record if isinstance(record, dict) else None


def _display_name(folder: Path) -> str | None:
    data = _read_small(folder / "student.json")
    record = _record(data) if data is not None else None
    name = record.get("student") if record else None
    return name if isinstance(name, str) and name.strip() else None


def _gather(course: str, root, due):
    """Per user: the chosen files, the hand-ins used; the problems found; planted hand-ins."""
    found, odd = exchange.find_hand_ins(course, root)
    problems = [Problem("damaged", name, reason) for name, reason in odd]
    by_user: dict[str, list[exchange.HandIn]] = {}
    for h in found:
        by_user.setdefault(h.user, []).append(h)
    chosen: dict[str, dict] = {}
    planted: list[tuple[str, exchange.HandIn]] = []
    for user, every in sorted(by_user.items()):
        items = []
        for h in sorted(every, key=lambda h: h.timestamp):
            # inbound is writable by every student: a folder named as someone else's is
            # not theirs, and none of its files is taken (nor lets it hide a real one)
            claim = _owner_problem(user, h.path)
            if claim:
                problems.append(Problem("conflict", user, f"{claim}; the whole hand-in was "
                                        "set aside"))
                planted.append((user, h))
            else:
                items.append(h)
        if not items:
            continue
        latest: dict[str, exchange.HandIn] = {}
        for h in items:
            latest[h.activity] = h
        files: dict[str, bytes] = {}
        owner_of: dict[str, exchange.HandIn] = {}
        receipt_user = user
        # oldest first, so a later intact copy replaces an earlier one
        for h in items:
            receipt = _read_receipt(h.path)
            listed = {f.get("name"): f.get("sha256") for f in receipt.get("files", [])
                      if isinstance(f, dict) and isinstance(f.get("name"), str)}
            if not listed:
                problems.append(Problem("damaged", user, f"{h.path.name}: no readable receipt; "
                                        "its files were not collected"))
                continue
            claimed = receipt.get("user")
            # the receipt is written by the student: trusted only where it matches the folder
            if isinstance(claimed, str) and exchange.folder_user(claimed) == user:
                receipt_user = claimed
            good, bad = _intact(h.path, listed)
            for name in bad:
                if h in latest.values():
                    problems.append(Problem("damaged", user, f"{h.path.name}/{name}: missing or "
                                            "changed since it was handed in"))
            for name, data in good.items():
                files[name] = data
                owner_of[name] = h
        if not files:
            continue
        used = sorted({owner_of[n] for n in files}, key=lambda h: h.timestamp)
        newest = items[-1]
        late = due is not None and any(h.timestamp > due for h in latest.values())
        if late:
            problems.append(Problem("late", user, f"latest hand-in {newest.stamp} is after the "
                                    f"due time {due.strftime(exchange._TIME_FORMAT)}"))
        chosen[user] = {"files": files, "used": used, "newest": newest, "late": late,
                        "count": len(items), "receipt_user": receipt_user}
    return chosen, problems, planted


def _owner_problem(user: str, folder: Path) -> str | None:
    try:
        import pwd
    except ImportError:  # Windows: no owners to compare
        return None
    try:
        uid = folder.lstat().st_uid
        owner = pwd.getpwuid(uid).pw_name
    except (KeyError, OSError):
        return None
    if uid in (0, os.getuid()) or owner == user:
        return None
    return f"{folder.name} claims to be {user!r}'s but is owned by {owner!r}"


def _doubled(users) -> set[str]:
    """The ``same_person`` keys that more than one user name gives."""
    first: dict[str, str] = {}
    twice = set()
    for user in users:
        key = identity.same_person(user)
        if first.setdefault(key, user) != user:
            twice.add(key)
    return twice


def _write(dest: Path, data: bytes) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(data)


def collect(course=None, output=None, root=None, *, due=None, force: bool = False) -> Collection:
    """Collect every student's latest hand-in of ``course`` into ``output`` and merge it.

    Args:
        course: the course name (default ``$INQUADRA_COURSE``).
        output: the folder to write (refused when it exists, unless ``force``).
        root: the exchange folder (default ``$INQUADRA_EXCHANGE``).
        due: a ``datetime`` (no zone means UTC) or ISO text; hand-ins after it are
            reported late.
        force: replace an existing output folder (the old one is kept as
            ``<output>.previous-N``).
    """
    course = exchange.course_name(course)
    if output is None:
        raise exchange.ExchangeError("Say where to collect to: -o FOLDER.")
    output = Path(output)
    if isinstance(due, str):
        due = exchange.parse_time(due)
    elif due is not None:
        due = exchange.as_utc(due)
    if output.exists() and not force:
        raise exchange.ExchangeError(
            f"{output} already exists; choose a new folder, or pass --force to replace it "
            f"(the old one is kept as {output.name}.previous-N)."
        )
    inbound = exchange.inbound_dir(course, root)
    if inbound.is_dir():
        try:
            os.chmod(inbound, exchange.INBOUND_MODE)
        except OSError:
            pass  # not the owner: collect still reads what it can
    chosen, problems, planted = _gather(course, root, due)
    twice = _doubled(chosen)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    students, tagging = [], []
    try:
        for user, h in planted:
            for path in sorted(h.path.iterdir()):
                data = _read_small(path)
                if data is not None:
                    _write(tmp / "_conflicts" / user / h.path.name / path.name, data)
        named: dict[str, str] = {}
        for user, info in chosen.items():
            key = identity.same_person(user)
            if key in twice and named.setdefault(key, user) != user:
                problems.append(Problem("conflict", user, f"{user!r} and {named[key]!r} are one "
                                        "name written two ways; both were set aside"))
            mine = {key, identity.same_person(info["receipt_user"])}
            kept = []
            for name, data in sorted(info["files"].items()):
                if name == "student.json":
                    continue
                record = _record(data)
                who = record.get("annotator") if record else None
                who = who if isinstance(who, str) else None
                if who is None or identity.same_person(who) not in mine:
                    problems.append(Problem("conflict", user, f"{name} is saved as {who!r}'s "
                                            f"work but was handed in by {user!r}; set aside"))
                    dest = tmp / "_conflicts" / user / name
                elif key in twice:
                    dest = tmp / "_conflicts" / user / name
                else:
                    dest = tmp / "students" / user / name
                    kept.append(name)
                    if isinstance(record.get("spans"), list):
                        tagging.append(dest)
                _write(dest, data)
            if key not in twice:
                newest = info["newest"]
                students.append(Student(user, _display_name(newest.path), newest.stamp,
                                        info["count"], tuple(kept), info["late"]))
        handed = {identity.same_person(s.user) for s in students} | twice
        for name in exchange.read_roster(course, root):
            if identity.same_person(name) not in handed:
                problems.append(Problem("missing", name, "no hand-in"))
        report = merging.merge(tagging)
        class_file = None
        if report.records:
            merging.write_class(report, tmp / "class.jsonl")
            class_file = output / "class.jsonl"
        result = Collection(course, output, tuple(students), tuple(problems), report, class_file)
        (tmp / "collect-report.txt").write_text(result.text() + "\n", encoding="utf-8")
        _swap(tmp, output)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return result


def _swap(tmp: Path, output: Path) -> None:
    if output.exists():
        keep_aside(output, "previous")
    os.rename(tmp, output)
    os.chmod(output, 0o700)
