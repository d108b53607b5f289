"""The saved-activity service: one way for every widget to keep a student's work.

A widget asks :func:`open_activity` for the :class:`SavedActivity` of a
(student, article, activity). The service

- loads the saved file and restores the activity's state from it;
- saves every change atomically (``files.write_atomic``);
- keeps an append-only history of answers (:class:`Attempt`, numbered per
  item, with a monotonic sequence), so first attempts can be scored later;
- never loses work:

  - in one kernel, a second widget for the same activity gets the same
    ``SavedActivity`` (and state object), so both views stay in step;
  - before each save it checks whether the file changed since it was last read
    or written (mtime, size and SHA-256). If another tab, kernel or a hand edit
    changed it, the two versions are merged (tags: a union; answers: per item,
    the side that changed it; both histories are kept) and the student is told;
  - a file that cannot be read is set aside as ``<file>.unread-N`` before
    anything is saved over it (``work.set_aside``), never overwritten;
  - a failed save keeps its true cause on screen (:class:`SaveNote`) until a
    save succeeds.

The activity's state is a plain object from :mod:`inquadra.activities` with
``to_payload()``, ``parse(payload)``, ``load(payload)``, ``merge(base, mine,
theirs)``, ``on_change(callback)`` and ``off_change(callback)``.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import weakref
from dataclasses import dataclass
from pathlib import Path

from . import identity
from .annotations import work
from .files import write_atomic
from .i18n import t

__all__ = [
    "Attempt",
    "SaveNote",
    "SavedActivity",
    "SavedError",
    "failure_cause",
    "first_attempt",
    "first_attempts",
    "history_of",
    "open_activity",
    "parse_history",
]

_IDENTITY = ("annotator", "article", "activity")
_RESERVED = frozenset({"schema", *_IDENTITY, "history"})
_sessions: weakref.WeakValueDictionary = weakref.WeakValueDictionary()


class SavedError(work.WorkError):
    """A saved file or its history is not usable; the message says why and what was kept."""


@dataclass(frozen=True)
class Attempt:
    """One answer in an activity's history.

    Attributes:
        seq (int): position in the whole history (1, 2, …), never reused.
        item (str): what was answered: a question, a statement id, a sentence
            id, or ``"spans"`` for a tagging change.
        attempt (int): 1 for the first answer to this item, 2 for the next …
        answer: the answer as JSON (an option index, a bucket id, a text, a change).
        correct (bool | None): whether it was right, when the activity knows.
    """

    seq: int
    item: str
    attempt: int
    answer: object
    correct: bool | None = None

    def to_dict(self) -> dict:
        return {"seq": self.seq, "item": self.item, "attempt": self.attempt,
                "answer": self.answer, "correct": self.correct}


def parse_history(value, where: str = "the file") -> tuple[Attempt, ...]:
    """Check a saved ``history`` list and return it as ``Attempt`` objects (sorted by seq)."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise SavedError.keyed("work.history_list", where=where, found=type(value).__name__)
    out, seen = [], set()
    for n, entry in enumerate(value, start=1):
        ok = (isinstance(entry, dict) and _is_int(entry.get("seq")) and entry["seq"] > 0
              and isinstance(entry.get("item"), str) and _is_int(entry.get("attempt"))
              and entry["attempt"] > 0 and entry.get("correct") in (True, False, None)
              and "answer" in entry)
        if not ok:
            raise SavedError.keyed("work.bad_history_entry", where=where, n=n)
        if entry["seq"] in seen:
            raise SavedError(f"{where}: history entry {n} repeats seq {entry['seq']}.")
        seen.add(entry["seq"])
        out.append(Attempt(entry["seq"], entry["item"], entry["attempt"], entry["answer"],
                           entry.get("correct")))
    return tuple(sorted(out, key=lambda a: a.seq))


def first_attempt(history, item: str) -> Attempt | None:
    """The first answer ever given to ``item`` (lowest seq), or None."""
    for entry in sorted(history, key=lambda a: a.seq):
        if entry.item == item:
            return entry
    return None


def first_attempts(history) -> dict[str, Attempt]:
    """The first answer to every item, by item."""
    out: dict[str, Attempt] = {}
    for entry in sorted(history, key=lambda a: a.seq):
        out.setdefault(entry.item, entry)
    return out


def history_of(annotator: str, article_id: str, activity: str) -> tuple[Attempt, ...]:
    """The saved history of one student's activity (empty when nothing is saved)."""
    path = work.activity_path(annotator, article_id, activity)
    if not path.exists():
        return ()
    return parse_history(work.read_one(path).get("history"), path.name)


@dataclass(frozen=True)
class SaveNote:
    """What the student is told about saving.

    Attributes:
        kind (str): ``"saved"``, ``"no_name"`` (work stays in memory) or ``"failed"``.
        name (str): whose work it is.
        cause (str): for ``"failed"``: ``disk_full``, ``read_only``,
            ``no_permission``, ``not_folder``, ``too_big`` or ``other``.
        detail (str): the folder, or the error text for ``other``.
        merged (str): ``""``, or the kind of merge that happened (``"spans"``,
            ``"answers"``) once the file was also changed elsewhere.
    """

    kind: str
    name: str = ""
    cause: str = ""
    detail: str = ""
    merged: str = ""

    @property
    def saved(self) -> bool:
        return self.kind == "saved"

    def text(self, language: str | None = None) -> str:
        """The note in the current (or given) language."""
        if self.kind == "saved":
            line = t("saved.ok", language, name=self.name)
        elif self.kind == "no_name":
            line = t("saved.no_name", language)
        else:
            line = t("saved.failed", language, cause=self.cause_text(language))
        if self.merged:
            line += " " + t(f"saved.merged.{self.merged}", language)
        return line

    def cause_text(self, language: str | None = None) -> str:
        if self.cause == "message":
            return self.detail
        if self.cause == "other":
            return t("saved.cause.other", language, error=self.detail)
        return t(f"saved.cause.{self.cause}", language, folder=self.detail)


def failure_cause(err: BaseException, folder: str = "") -> tuple[str, str]:
    """``(cause, detail)`` for a failed save, as ``SaveNote`` keeps them."""
    if isinstance(err, OSError):
        code = err.errno
        if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            return "disk_full", folder
        if code == errno.EROFS:
            return "read_only", folder
        if code in (errno.EACCES, errno.EPERM):
            return "no_permission", folder
        if code in (errno.ENOTDIR, errno.EEXIST):
            return "not_folder", folder
        if code == errno.EFBIG:
            return "too_big", folder
        return "other", err.strerror or str(err)
    return "message", str(err)


def open_activity(state, article_id: str, activity: str, annotator: str | None = None,
                  signature: tuple = ()) -> SavedActivity:
    """The ``SavedActivity`` for this student, article and activity, shared within the kernel.

    Args:
        state: a fresh activity state; used only when no widget has this activity open yet.
        article_id (str): the article the activity belongs to.
        activity (str): the activity's name (one file each).
        annotator (str | None): whose work; None follows the hub user on a JupyterHub,
            else the name set in lesson 00 (``identity.current_annotator``).
        signature (tuple): what must match for two widgets to share a state (for
            example the label set); a different signature gets its own state.
    """
    name = annotator or identity.current_annotator() or ""
    try:
        folder = str(work.work_dir())
    except work.WorkError:
        folder = ""
    key = (folder, name, annotator is not None, article_id, activity, type(state).__name__,
           tuple(signature))
    session = _sessions.get(key)
    if session is None:
        session = SavedActivity(state, article_id, activity, annotator)
        _sessions[key] = session
    return session


class SavedActivity:
    """One student's saved activity: its state, its file, its history and its save note."""

    def __init__(self, state, article_id: str, activity: str, annotator: str | None = None):
        self.state = state
        self.article_id = article_id
        self.activity = activity
        self._explicit = annotator
        self._name = ""
        self._history: list[Attempt] = []  # as in the file, last read or written
        self._pending: list[Attempt] = []  # recorded here, not yet written
        self._base: dict | None = None     # the payload last read or written
        self._seen: tuple | None = None    # (mtime_ns, size, sha256) of the file then
        self._quiet = False
        self._defer = False
        self._dirty = False
        self._merged = ""
        self._listeners: list = []
        self.restored = False
        self.restore_error = ""
        self.note = SaveNote("no_name")
        try:
            folder = str(work.work_dir())
        except work.WorkError as err:
            self.note = SaveNote("failed", annotator or "", "message", str(err))
            folder = ""
        name = self.annotator if folder else ""
        if name:
            self._adopt(name, first=True)
            self.note = SaveNote("saved", name)
        state.on_change(self._state_changed)

    def __repr__(self) -> str:
        return f"<SavedActivity {self.activity!r} of {self.article_id} for {self.annotator or '(no name)'}>"

    # -- reading ---------------------------------------------------------------
    @property
    def annotator(self) -> str:
        """Whose work this is now ('' when no name is set yet)."""
        return self._explicit or identity.current_annotator() or ""

    @property
    def history(self) -> tuple[Attempt, ...]:
        """Every answer so far (saved and not yet saved), by seq."""
        return tuple(self._history + self._pending)

    def first_attempt(self, item: str) -> Attempt | None:
        return first_attempt(self.history, item)

    @property
    def path(self) -> Path | None:
        name = self.annotator
        return work.activity_path(name, self.article_id, self.activity) if name else None

    def on_note(self, callback) -> None:
        """Call ``callback(note)`` whenever the save note changes (after every save)."""
        self._listeners.append(callback)

    def off_note(self, callback) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    # -- changing ----------------------------------------------------------------
    def record(self, item: str, answer, correct: bool | None = None) -> Attempt:
        """Add an answer to the history (it is saved with the next save)."""
        entries = self.history
        attempt = Attempt(
            seq=(entries[-1].seq if entries else 0) + 1,
            item=str(item),
            attempt=1 + sum(1 for e in entries if e.item == item),
            answer=answer,
            correct=correct,
        )
        self._pending.append(attempt)
        return attempt

    def save(self) -> SaveNote:
        """Save the state now; merge first if the file changed elsewhere. Never raises."""
        try:
            folder = str(work.work_dir())
        except work.WorkError as err:  # INQUADRA_WORK is a file, or cannot be made
            return self._set_note(SaveNote("failed", self._explicit or "", "message", str(err),
                                           self._merged))
        name = self.annotator
        if not name:
            return self._set_note(SaveNote("no_name"))
        try:
            if name != self._name:
                self._adopt(name)
            with _locked(Path(folder)):
                self._merge_if_changed(name)
                self._write(name)
        except (OSError, work.WorkError) as err:
            cause, detail = failure_cause(err, folder)
            return self._set_note(SaveNote("failed", name, cause, detail, self._merged))
        return self._set_note(SaveNote("saved", name, merged=self._merged))

    @contextlib.contextmanager
    def deferred(self):
        """Save once at the end of the block instead of at every change inside it.

        A view wraps its handling of one browser message in this, so the browser
        gets the new state before the file is written (and fsynced).
        """
        if self._defer:
            yield
            return
        self._defer, self._dirty = True, False
        try:
            yield
        finally:
            self._defer = False
            if self._dirty:
                self._dirty = False
                self.save()

    def sync(self) -> bool:
        """Take in changes made elsewhere since the last read (no write); True if any."""
        name = self.annotator
        if not name or self._name != name:
            return False
        try:
            with _locked(work.work_dir()):
                changed = self._merge_if_changed(name)
        except (OSError, work.WorkError):
            return False
        if changed:
            self._set_note(SaveNote("saved", name, merged=self._merged))
        return changed

    # -- private -------------------------------------------------------------------
    def _state_changed(self, _state) -> None:
        take = getattr(self.state, "take_answers", None)
        for item, answer, correct in take() if take else ():
            self.record(item, answer, correct)
        if self._quiet:
            return
        if self._defer:
            self._dirty = True
        else:
            self.save()

    def _set_note(self, note: SaveNote) -> SaveNote:
        self.note = note
        for callback in list(self._listeners):
            callback(note)
        return note

    def _adopt(self, name: str, first: bool = False) -> None:
        """Read this student's file: restore it (first time) or merge it in (a name set later)."""
        self._name = name
        self._base, self._seen, self._history = None, None, []
        path = work.activity_path(name, self.article_id, self.activity)
        try:
            snapshot = _snapshot(path)
            if snapshot is None:
                return
            payload, history = self._parse(path, name)
        except (OSError, work.WorkError, ValueError) as err:
            self.restore_error = str(err)
            return
        self._history = list(history)
        if first:
            self._apply(payload)
        else:
            self._apply(self.state.merge(None, self.state.to_payload(), payload))
        self.restored = True
        self._base, self._seen = payload, snapshot

    def _parse(self, path: Path, name: str) -> tuple[dict, tuple[Attempt, ...]]:
        raw = work.read_one(path)
        mine = {"annotator": name, "article": self.article_id, "activity": self.activity}
        for key in _IDENTITY:
            if not isinstance(raw.get(key), str):
                raise SavedError.keyed("work.not_saved_here", file=path.name, field=key)
        for key in _IDENTITY:
            if raw.get(key) != mine[key]:
                raise work.IdentityClash(t("saved.someone_else", file=path.name, field=key,
                                           theirs=raw.get(key), mine=mine[key]))
        payload = {k: v for k, v in raw.items() if k not in _RESERVED}
        try:
            payload = self.state.parse(payload)
        except ValueError as err:
            raise SavedError(f"{path.name}: {err}") from None
        return payload, parse_history(raw.get("history"), path.name)

    def _merge_if_changed(self, name: str) -> bool:
        path = work.activity_path(name, self.article_id, self.activity)
        snapshot = _snapshot(path)
        if snapshot == self._seen or (snapshot and self._seen and snapshot[2] == self._seen[2]):
            self._seen = snapshot
            return False
        if snapshot is None:  # deleted elsewhere: what is here is saved again
            self._seen = None
            return False
        try:
            theirs, history = self._parse(path, name)
        except work.IdentityClash:
            raise
        except (work.WorkError, ValueError) as err:
            kept = work.set_aside(path)
            self.restore_error = t("saved.set_aside", error=str(err), kept=kept.name)
            self._seen = None
            return False
        merged = self.state.merge(self._base, self.state.to_payload(), theirs)
        self._history = _merge_history(self._history, list(history))
        self._pending = _renumber(self._history, self._pending)
        self._base, self._seen = theirs, snapshot
        self._merged = getattr(self.state, "merge_kind", "answers")
        self._apply(merged)
        return True

    def _write(self, name: str) -> None:
        payload = self.state.to_payload()
        record = {"schema": 1, "article": self.article_id, "annotator": name,
                  "activity": self.activity}
        record.update({k: v for k, v in payload.items() if k not in _RESERVED})
        history = self._history + self._pending
        record["history"] = [a.to_dict() for a in history]
        try:
            text = json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n"
        except (TypeError, ValueError) as err:
            raise SavedError(f"The answer cannot be saved as JSON ({err}).") from None
        path = work.activity_path(name, self.article_id, self.activity)
        write_atomic(path, text)
        work.sweep_temp_files(path)
        self._history, self._pending = history, []
        self._base, self._seen = payload, _snapshot(path)

    def _apply(self, payload: dict) -> None:
        self._quiet = True
        try:
            self.state.load(payload)
        finally:
            self._quiet = False


def _merge_history(mine: list[Attempt], theirs: list[Attempt]) -> list[Attempt]:
    """Theirs (the file) plus any of our saved entries the file lacks, renumbered after it."""
    known = {(a.item, a.attempt, json.dumps(a.answer, sort_keys=True)) for a in theirs}
    extra = [a for a in mine if (a.item, a.attempt, json.dumps(a.answer, sort_keys=True)) not in known]
    return theirs + _renumber(theirs, extra)


def _renumber(before: list[Attempt], entries: list[Attempt]) -> list[Attempt]:
    """``entries`` appended after ``before``: fresh seq and attempt numbers."""
    seq = before[-1].seq if before else 0
    counts: dict[str, int] = {}
    for a in before:
        counts[a.item] = counts.get(a.item, 0) + 1
    out = []
    for a in entries:
        seq += 1
        counts[a.item] = counts.get(a.item, 0) + 1
        out.append(Attempt(seq, a.item, counts[a.item], a.answer, a.correct))
    return out


def _snapshot(path: Path) -> tuple | None:
    """(mtime_ns, size, sha256) of a file, or None when it does not exist."""
    try:
        stat = path.stat()
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    return (stat.st_mtime_ns, stat.st_size, hashlib.sha256(data).hexdigest())


@contextlib.contextmanager
def _locked(folder: Path):
    """Hold an exclusive lock on the work folder while checking and writing (POSIX only)."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock; the change check still runs
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
