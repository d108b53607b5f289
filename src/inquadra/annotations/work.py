"""Saved work: the student's name and one file per annotator, article and activity.

Everything lives in the work folder: ``$INQUADRA_WORK`` or ``~/inquadra-work``.
Each activity file is one JSON line (so span files are annotation records that
``records.read_records`` reads as they are) named
``<annotator>.<article>.<activity>.jsonl`` with each part made a safe slug.
Saving is atomic; a file is never silently overwritten by another annotator
whose name maps to the same slug, and a file that cannot be read is never
deleted: :func:`set_aside` keeps it as ``<file>.unread-N`` before anything is
saved over it (the one policy, used by ``inquadra.saved`` too).

A relative ``INQUADRA_WORK`` is resolved from the home folder, never from the
notebook's folder, so every kernel uses the same work folder.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import time
import unicodedata
from pathlib import Path

from ..errors import InquadraError
from ..files import keep_aside
from ..i18n import t
from .records import (
    AnnotationFileError,
    AnnotationRecord,
    read_json_lines,
    read_records,
    write_text_atomic,
)
from .spans import SpanStore

__all__ = [
    "IdentityClash",
    "WorkError",
    "activity_path",
    "check_student_name",
    "current_student",
    "get_student",
    "load_activity",
    "load_store",
    "read_one",
    "safe_name",
    "save_activity",
    "save_store",
    "set_aside",
    "set_student",
    "sweep_temp_files",
    "work_dir",
]

_ENV = "INQUADRA_WORK"
_STUDENT_FILE = "student.json"
_NAME_MAX = 60
_SLUG_MAX = 40
_IDENTITY = ("annotator", "article", "activity")
_MAX_BYTES = 5_000_000


class WorkError(InquadraError):
    """A name, a saved file or the work folder is not usable; the message says why."""


class IdentityClash(WorkError):
    """A saved file with this file name holds someone else's work (two names, one slug)."""


def work_dir() -> Path:
    """The work folder (``$INQUADRA_WORK`` or ``~/inquadra-work``), created if missing.

    A relative ``INQUADRA_WORK`` is taken from the home folder (refused when the
    home folder is unknown), so notebooks in different folders share one work
    folder. ``INQUADRA_WORK`` naming a file is refused with a clear message.
    """
    raw = os.environ.get(_ENV) or ""
    folder = Path(raw or "~/inquadra-work").expanduser()
    if not folder.is_absolute():
        try:
            home = Path.home()
        except (RuntimeError, KeyError):
            home = None
        if home is None or not home.is_absolute():
            raise WorkError(t("saved.no_home", folder=raw))
        folder = home / folder
    if folder.exists() and not folder.is_dir():
        raise WorkError(t("saved.work_is_file", folder=folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        if err.errno == errno.ENOTDIR or err.errno == errno.EEXIST:
            raise WorkError(t("saved.work_is_file", folder=folder)) from None
        raise WorkError(t("saved.work_not_creatable", folder=folder,
                          error=err.strerror or err)) from None
    return folder.resolve()


def check_student_name(name: object) -> str:
    """Return the stripped name if it can be a student's name, else ``WorkError``."""
    if not isinstance(name, str):
        raise WorkError(t("annotations.name_not_text", kind=type(name).__name__))
    name = name.strip()
    if not name:
        raise WorkError(t("annotations.name_empty"))
    if len(name) > _NAME_MAX:
        raise WorkError(t("annotations.name_too_long", n=len(name), most=_NAME_MAX))
    if "\x00" in name or any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in name):
        raise WorkError(t("annotations.name_control"))
    for bad in ("/", "\\"):
        if bad in name:
            raise WorkError(t("annotations.name_slash", bad=repr(bad)))
    if ".." in name:
        raise WorkError(t("annotations.name_dots"))
    if name.startswith("."):
        raise WorkError(t("annotations.name_leading_dot"))
    return name


def set_student(name: str) -> str:
    """Check and store the student's name in the work folder; returns the stored name."""
    name = check_student_name(name)
    write_text_atomic(
        work_dir() / _STUDENT_FILE,
        json.dumps({"schema": 1, "student": name}, ensure_ascii=False) + "\n",
    )
    return name


def current_student() -> str | None:
    """The stored student's name for widgets: None when no name is set, or when the
    name file or work folder cannot be read (a widget then keeps work in memory)."""
    try:
        return get_student()
    except (ValueError, OSError):
        return None


def get_student() -> str | None:
    """The stored student's name, or None when no name was set yet."""
    path = work_dir() / _STUDENT_FILE
    if not path.exists():
        return None
    value = read_one(path)
    name = value.get("student")
    try:
        return check_student_name(name)
    except WorkError as err:
        raise WorkError.keyed("work.bad_stored_name", path=path, error=err) from None


def safe_name(name: str) -> str:
    """A file-name slug: lower-case ASCII letters, digits, '_' and '-' (never empty, no dots).

    Accents are dropped (``"Zoë"`` → ``"zoe"``). When letters outside ASCII are
    lost (``"李明"``), a short hash of the name is appended so different names
    stay apart.
    """
    if not isinstance(name, str):
        raise WorkError(f"A name must be text, got {type(name).__name__}.")
    folded = "".join(
        ch if ch.isascii() or ch.isalnum() or unicodedata.category(ch) == "Mn" else " "
        for ch in unicodedata.normalize("NFKD", name)
    )
    ascii_only = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9_-]+", "-", ascii_only).strip("-_")[:_SLUG_MAX].strip("-_")
    lost = any(
        ch.isalnum() and not ch.isascii() for ch in folded if unicodedata.category(ch) != "Mn"
    )
    if lost or not slug:
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
        slug = f"{slug}-{digest}" if slug else f"n-{digest}"
    return slug


def activity_path(annotator: str, article_id: str, activity: str) -> Path:
    """The file for this annotator, article and activity, always inside the work folder."""
    folder = work_dir()
    name = f"{safe_name(annotator)}.{safe_name(article_id)}.{safe_name(activity)}.jsonl"
    path = (folder / name).resolve()
    if path.parent != folder:
        raise WorkError(f"Refusing a path outside the work folder: {path}.")
    return path


def save_activity(annotator: str, article_id: str, activity: str, payload: dict) -> Path:
    """Save ``payload`` (a JSON-ready dict) for this annotator, article and activity.

    The file holds one JSON object: ``schema``, ``annotator``, ``article`` and
    ``activity`` plus the payload's keys. Refuses to overwrite a file saved by
    a different annotator, article or activity that maps to the same name.
    """
    annotator = check_student_name(annotator)
    if not isinstance(payload, dict):
        raise WorkError(f"The saved answer must be a dict, got {type(payload).__name__}.")
    record = {"schema": 1, "article": article_id, "annotator": annotator, "activity": activity}
    for key, value in payload.items():
        if key in record and record[key] != value:
            raise WorkError(
                f"The payload's {key!r} is {value!r} but the file is for {record[key]!r}."
            )
        record[key] = value
    try:
        text = json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n"
    except (TypeError, ValueError) as err:
        raise WorkError(
            f"The answer cannot be saved as JSON ({err}). Save only text, numbers, lists and dicts."
        ) from None
    path = activity_path(annotator, article_id, activity)
    if path.exists():
        try:
            old = read_one(path)
        except WorkError:
            set_aside(path)
        else:
            for key in _IDENTITY:
                if old.get(key) != record[key]:
                    raise IdentityClash.keyed("work.identity_clash", file=path.name, field=key,
                                              old=old.get(key), new=record[key])
    written = write_text_atomic(path, text)
    sweep_temp_files(path)
    return written


def load_activity(annotator: str, article_id: str, activity: str) -> dict | None:
    """The saved dict for this annotator, article and activity, or None if nothing is saved."""
    path = activity_path(annotator, article_id, activity)
    if not path.exists():
        return None
    return read_one(path)


def save_store(store: SpanStore, activity: str) -> Path:
    """Save a ``SpanStore`` as an annotation record (one JSON line)."""
    if not store.annotator:
        raise WorkError.keyed("work.name_first")
    record = AnnotationRecord.from_store(store, activity)
    _keep_if_unrestorable(store, activity)
    return save_activity(store.annotator, store.article.id, activity, record.to_dict())


def load_store(article, annotator: str, activity: str, labels=None) -> SpanStore:
    """A ``SpanStore`` with the saved spans (empty when nothing is saved yet).

    Raises ``AnnotationFileError`` (naming the file and line) when the saved
    file is damaged, and ``WorkError`` when it holds labels this activity does
    not use or belongs to someone else.
    """
    store = SpanStore(article, annotator, labels)
    path = activity_path(annotator, article.id, activity)
    if not path.exists():
        return store
    records = read_records(path, article=article, max_bytes=_MAX_BYTES)
    if len(records) != 1:
        raise WorkError.keyed("work.not_one_record", path=path, n=len(records))
    record = records[0]
    if (record.annotator, record.activity) != (annotator, activity):
        raise WorkError(
            f"{path} holds {record.annotator!r}'s work for {record.activity!r}, "
            f"not {annotator!r}'s for {activity!r}."
        )
    foreign = sorted({s.label for s in record.spans} - set(store.labels))
    if foreign:
        raise WorkError.keyed("work.foreign_labels", path=path, found=", ".join(foreign),
                              labels=", ".join(store.labels))
    store.replace_all(record.spans)
    return store


def _keep_if_unrestorable(store: SpanStore, activity: str) -> None:
    """Set this student's saved spans aside (``….unread-N``) when ``load_store`` cannot restore them.

    A file saved for an older text of the article, or with labels this
    activity does not use, is valid JSON but never reaches the store; saving
    the store over it would lose that work.
    """
    path = activity_path(store.annotator, store.article.id, activity)
    if not path.exists():
        return
    try:
        load_store(store.article, store.annotator, activity, store.labels)
    except (AnnotationFileError, WorkError):
        pass
    else:
        return
    try:
        old = read_one(path)
    except WorkError:
        return  # not JSON: save_activity sets it aside
    if (old.get("annotator"), old.get("article"), old.get("activity")) == (
        check_student_name(store.annotator), store.article.id, activity
    ):
        set_aside(path)


def read_one(path: Path) -> dict:
    """The one JSON object a saved-work file holds; ``WorkError`` (file kept) otherwise."""
    try:
        lines = read_json_lines(path, max_bytes=_MAX_BYTES)
    except AnnotationFileError as err:
        raise WorkError.keyed("work.unreadable", error=err) from None
    if len(lines) != 1 or not isinstance(lines[0][1], dict):
        raise WorkError.keyed("work.not_one_object", path=path)
    return lines[0][1]


def sweep_temp_files(path: Path, min_age: float = 60.0) -> None:
    """Delete temporary files an interrupted save of ``path`` left behind (older than a minute)."""
    now = time.time()
    for tmp in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            if now - tmp.stat().st_mtime > min_age:
                tmp.unlink()
        except OSError:
            pass


def set_aside(path: Path) -> Path:
    """Move a saved file that cannot be used to ``<file>.unread-N`` (the first free N).

    The one policy for unreadable or unrestorable work: it is never deleted or
    overwritten, and the student (or teacher) can open it later.
    """
    return keep_aside(path, "unread")
