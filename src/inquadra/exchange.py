"""Hand in and collect: students copy their saved work into a course exchange.

The layout is nbgrader's, so a school that runs nbgrader needs nothing new::

    <exchange>/<course>/inbound/<user>+<activity>+<timestamp>+<random>/
        <the student's saved files>   receipt.json   timestamp.txt

- ``inbound`` is ``0o733`` (the teacher reads; students may write and enter but
  not list), set by ``setup`` or on the first collect; the random part of a
  hand-in's name keeps classmates from guessing it, as in nbgrader.
- A hand-in is written in a hidden folder first and renamed into place, so a
  teacher never collects half of one. ``receipt.json`` lists every file with
  its SHA-256: collect checks it, so a file lost or changed after the hand-in
  is reported.
- The exchange defaults to ``$INQUADRA_EXCHANGE`` (else nbgrader's
  ``/srv/nbgrader/exchange``), the course to ``$INQUADRA_COURSE``.
- ``<exchange>/<course>/roster.txt`` (one login a line, optional, readable by
  all) names the students expected; collect reports those missing.

Collect takes each student's latest hand-in of every activity, and each saved
file from the latest hand-in that holds it. It reports late hand-ins (after a
due time), missing students, and conflicts: a file whose annotator is not the
user who handed it in, or two users whose files name the same annotator.
Conflicting files are set aside, never merged silently.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import re
import shutil
from collections.abc import Mapping
import dataclasses
from dataclasses import dataclass
from pathlib import Path

from . import identity
from .annotations import work
from .errors import InquadraError
from .files import write_atomic
from .i18n import t

__all__ = [
    "DEFAULT_EXCHANGE",
    "ENV_COURSE",
    "ENV_EXCHANGE",
    "ExchangeError",
    "HandIn",
    "Receipt",
    "as_utc",
    "course_dir",
    "exchange_root",
    "course_name",
    "find_hand_ins",
    "folder_user",
    "hand_in",
    "inbound_dir",
    "parse_time",
    "read_roster",
    "setup",
]

ENV_EXCHANGE = "INQUADRA_EXCHANGE"
ENV_COURSE = "INQUADRA_COURSE"
DEFAULT_EXCHANGE = "/srv/nbgrader/exchange"
INBOUND_MODE = 0o733
COURSE_MODE = 0o755
RECEIPT = "receipt.json"
ROSTER = "roster.txt"
MAX_FILE_BYTES = 5_000_000
MAX_FILES = 500
_TIME_FORMAT = "%Y%m%dT%H%M%S.%fZ"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


class ExchangeError(InquadraError):
    """The exchange, the course or a hand-in is not usable; the message says how to fix it."""


@dataclass(frozen=True)
class Receipt:
    """What a student handed in.

    Attributes:
        course, user, activity (str): where and as whom.
        timestamp (str): UTC, ``20261201T205000.123456Z``.
        folder (str): the hand-in folder in the exchange.
        files (tuple): ``(file name, sha256)`` for every file copied.
        skipped (tuple): ``(file name, reason)`` for files left out.
        warnings (tuple): what went wrong after the work was handed in (the
            hand-in itself is in the exchange), as messages to show.
    """

    course: str
    user: str
    activity: str
    timestamp: str
    folder: str
    files: tuple[tuple[str, str], ...]
    skipped: tuple[tuple[str, str], ...] = ()
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "schema": 1, "course": self.course, "user": self.user, "activity": self.activity,
            "timestamp": self.timestamp,
            "files": [{"name": n, "sha256": h} for n, h in self.files],
            "skipped": [{"name": n, "reason": r} for n, r in self.skipped],
        }

    @property
    def digest(self) -> str:
        """A short fingerprint of the files handed in (shown to the student)."""
        joined = "\n".join(f"{n} {h}" for n, h in self.files)
        return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class HandIn:
    """One hand-in folder found in a course's inbound folder."""

    path: Path
    user: str
    activity: str
    timestamp: dt.datetime

    @property
    def stamp(self) -> str:
        return self.timestamp.strftime(_TIME_FORMAT)


# -- names and places ----------------------------------------------------------
def check_name(value: object, what: str) -> str:
    """A course or activity name: letters, digits, ``_ . -``, no ``+`` (nbgrader splits on it)."""
    if not isinstance(value, str) or not _NAME.fullmatch(value.strip()):
        raise ExchangeError(
            f"The {what} name {value!r} cannot be used: use 1 to 64 letters, digits, '_', '.' "
            f"or '-', starting with a letter or digit (for example 'media-3b')."
        )
    value = value.strip()
    if ".." in value:
        raise ExchangeError(f"The {what} name {value!r} cannot contain '..'.")
    return value


def folder_user(user: str) -> str:
    """The user as written in a hand-in folder's name: the login itself when it is a plain
    name (as on a hub), else its file-name slug (``"Giulia R."`` -> ``giulia-r``)."""
    return user if _NAME.fullmatch(user) and ".." not in user else work.safe_name(user)


def exchange_root(path=None, environ: Mapping[str, str] | None = None) -> Path:
    """The exchange folder: ``path``, else ``$INQUADRA_EXCHANGE``, else nbgrader's default."""
    env = os.environ if environ is None else environ
    return Path(path or env.get(ENV_EXCHANGE) or DEFAULT_EXCHANGE).expanduser()


def course_name(course=None, environ: Mapping[str, str] | None = None) -> str:
    """The course: ``course``, else ``$INQUADRA_COURSE``; ``ExchangeError`` when neither is set."""
    env = os.environ if environ is None else environ
    value = course or env.get(ENV_COURSE)
    if not value:
        raise ExchangeError(
            f"No course given: pass --course NAME, or set {ENV_COURSE} (your teacher "
            "tells you the course name)."
        )
    return check_name(value, "course")


def course_dir(course: str, root=None) -> Path:
    return exchange_root(root) / check_name(course, "course")


def inbound_dir(course: str, root=None) -> Path:
    return course_dir(course, root) / "inbound"


def setup(course: str, root=None, roster=None) -> Path:
    """Create (or repair) the course's folders with the exchange's permissions (teacher).

    ``roster`` is an iterable of login names written to ``roster.txt``.
    Returns the inbound folder.
    """
    base = exchange_root(root)
    course = check_name(course, "course")
    try:
        base.mkdir(parents=True, exist_ok=True)
        folder = base / course
        folder.mkdir(exist_ok=True)
        os.chmod(folder, COURSE_MODE)
        inbound = folder / "inbound"
        inbound.mkdir(exist_ok=True)
        os.chmod(inbound, INBOUND_MODE)  # mkdir's mode is cut by the umask
    except OSError as err:
        raise ExchangeError(
            f"Cannot set up {base / course} ({err.strerror}). Run this as the teacher who "
            f"owns {base}, or choose another exchange folder with --exchange."
        ) from None
    if roster is not None:
        names = []
        for name in roster:
            name = name.strip()
            if name and not name.startswith("#"):
                names.append(work.check_student_name(name))
        write_atomic(folder / ROSTER, "".join(f"{n}\n" for n in names))
        os.chmod(folder / ROSTER, 0o644)
    return inbound


def read_roster(course: str, root=None) -> tuple[str, ...]:
    """The logins in the course's ``roster.txt`` (empty when there is none)."""
    path = course_dir(course, root) / ROSTER
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ()
    except (OSError, UnicodeDecodeError) as err:
        raise ExchangeError(f"Cannot read the roster {path} ({err}).") from None
    return tuple(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


# -- hand in --------------------------------------------------------------------
def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def parse_time(value: str) -> dt.datetime:
    """An ISO 8601 time (``2026-12-01T21:00``, or the hand-in format); no zone means UTC."""
    text = value.strip()
    try:
        when = dt.datetime.strptime(text, _TIME_FORMAT)
    except ValueError:
        try:
            when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ExchangeError(
                f"{value!r} is not a time: write it like 2026-12-01T21:00 (UTC) or "
                "2026-12-01T22:00+01:00."
            ) from None
    return as_utc(when)


def as_utc(when: dt.datetime) -> dt.datetime:
    """``when`` in UTC; a time without a zone is taken as UTC."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(dt.timezone.utc)


def _own_files(user: str, folder: Path) -> tuple[list[tuple[Path, bytes]], list[tuple[str, str]]]:
    """The saved-work files in ``folder`` whose annotator is ``user``, each with its bytes
    (read once); the rest with a reason."""
    keep, skipped = [], []
    mine = identity.same_person(user)
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.suffix != ".jsonl":
            if path.name != "student.json":
                skipped.append((path.name, "not a saved-work file"))
            continue
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                skipped.append((path.name, "larger than 5 MB"))
                continue
            data = path.read_bytes()
            record = json.loads(data.decode("utf-8").lstrip("\ufeff"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            skipped.append((path.name, "cannot be read as saved work"))
            continue
        who = record.get("annotator") if isinstance(record, dict) else None
        if not isinstance(who, str) or identity.same_person(who) != mine:
            skipped.append((path.name, f"saved by {who!r}, not by {user!r}"))
            continue
        keep.append((path, data))
    if len(keep) > MAX_FILES:
        raise ExchangeError.keyed("exchange.too_many_files", folder=folder, n=len(keep), most=MAX_FILES)
    return keep, skipped


def hand_in(course=None, root=None, activity: str = "inquadra", *, user: str | None = None,
            work_folder=None, now: dt.datetime | None = None) -> Receipt:
    """Copy the student's saved work into the course's inbound folder; returns the receipt.

    The user is the hub user on a hub, else ``user`` or the stored student name.
    A copy of the receipt is kept in the work folder under ``hand-ins/``.
    """
    course = course_name(course)
    activity = check_name(activity, "activity")
    if user is None:
        try:
            user = identity.require_annotator()
        except identity.IdentityError as err:
            if err.key is None:
                raise ExchangeError(str(err)) from None
            raise ExchangeError.keyed(err.key, **err.values) from None
    user = work.check_student_name(user)
    if "+" in user:
        raise ExchangeError.keyed("exchange.name_plus", user=user)
    inbound = inbound_dir(course, root)
    if not inbound.is_dir():
        raise ExchangeError.keyed("exchange.no_inbound", course=course, inbound=inbound,
                                  env=ENV_EXCHANGE)
    source = Path(work_folder) if work_folder is not None else work.work_dir()
    files, skipped = _own_files(user, source)
    if not files:
        raise ExchangeError.keyed("exchange.nothing_to_hand_in", folder=source, user=user)
    when = (now or _now()).astimezone(dt.timezone.utc)
    stamp = when.strftime(_TIME_FORMAT)
    token = base64.urlsafe_b64encode(os.urandom(9)).decode("ascii")
    final = inbound / f"{folder_user(user)}+{activity}+{stamp}+{token}"
    tmp = inbound / f".{token}.partial"
    try:
        tmp.mkdir(mode=0o700)
        listed = []
        for path, data in files:
            (tmp / path.name).write_bytes(data)
            listed.append((path.name, hashlib.sha256(data).hexdigest()))
        name_file = source / "student.json"
        if name_file.is_file():
            shutil.copyfile(name_file, tmp / "student.json")
        receipt = Receipt(course, user, activity, stamp, str(final), tuple(listed), tuple(skipped))
        (tmp / RECEIPT).write_text(json.dumps(receipt.to_dict(), ensure_ascii=False, indent=1) + "\n",
                                   encoding="utf-8")
        (tmp / "timestamp.txt").write_text(when.strftime("%Y-%m-%d %H:%M:%S.%f UTC"),
                                           encoding="utf-8")
        for child in tmp.iterdir():
            os.chmod(child, 0o644)
            with open(child, "rb") as fh:
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o755)
        os.rename(tmp, final)
    except OSError as err:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ExchangeError.keyed("exchange.hand_in_failed", folder=inbound,
                                  reason=err.strerror or err) from None
    # handed in already: a copy of the receipt that cannot be kept is only a warning
    kept = source / "hand-ins" / f"receipt-{activity}-{stamp}.json"
    try:
        write_atomic(kept, json.dumps(receipt.to_dict(), ensure_ascii=False, indent=1) + "\n")
    except OSError as err:
        note = t("exchange.receipt_not_kept", file=kept, reason=err.strerror or err)
        receipt = dataclasses.replace(receipt, warnings=(note,))
    return receipt


def find_hand_ins(course: str, root=None) -> tuple[list[HandIn], list[tuple[str, str]]]:
    """Every hand-in folder of the course, and ``(name, reason)`` for names not understood."""
    inbound = inbound_dir(course, root)
    if not inbound.is_dir():
        raise ExchangeError(
            f"The course {course!r} has no inbound folder ({inbound}); run "
            f"`inquadra exchange setup --course {course}` first, or check --exchange."
        )
    found, odd = [], []
    for path in sorted(inbound.iterdir()):
        if path.name.startswith("."):
            continue
        parts = path.name.rsplit("+", 3)
        if not path.is_dir() or len(parts) < 3:
            odd.append((path.name, "not a hand-in folder (<user>+<activity>+<timestamp>)"))
            continue
        try:
            when = parse_time(parts[2])
        except ExchangeError:
            odd.append((path.name, f"its timestamp {parts[2]!r} cannot be read"))
            continue
        found.append(HandIn(path, parts[0], parts[1], when))
    return found, odd
