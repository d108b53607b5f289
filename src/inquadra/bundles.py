"""Article bundles: one folder per article, found on a search path and loaded by id.

A bundle is a folder named after the article's id::

    article.txt        the text, verbatim (UTF-8)                      required
    meta.json          id, title, outlet, language, date, source,
                       translation_note, written_for_kit               required
    reference.jsonl    the reference annotation (annotations.reference)  optional
    corrections.jsonl  located translation damage (corrections)          optional
    frames.json        the frames of each paragraph (paragraph_frames)   optional
    readouts.json      statements to sort, with their buckets (readouts) optional
    lexicons/*.jsonl   lexicon entries that belong to this article only  optional

Bundles are looked for, first match wins, in the package's own
``data/articles/``, then in each folder of ``$INQUADRA_ARTICLES``
(separated by ``os.pathsep``), then in ``<work folder>/articles``. The kit's
article is the current one until :func:`use` names another; every library
function that needs an article takes a bundle or an id and defaults to
:func:`current`.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import secrets
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from . import structure
from .errors import InquadraError
from .i18n import texts
from .files import keep_aside

__all__ = [
    "SEED_ID",
    "PARTS",
    "ENV",
    "MAX_TEXT_BYTES",
    "Bundle",
    "BundleError",
    "Entry",
    "check_id",
    "create",
    "current",
    "current_id",
    "ensure",
    "find",
    "get",
    "ids",
    "listing",
    "load",
    "scan",
    "search_path",
    "use",
    "work_articles",
]

SEED_ID = "000_a3bf1baf7ef32c25"
"""The id of the article the kit is built around; written here and nowhere else."""

ENV = "INQUADRA_ARTICLES"
TEXT_FILE = "article.txt"
META_FILE = "meta.json"
PARTS: dict[str, str] = {
    "reference": "reference.jsonl",
    "corrections": "corrections.jsonl",
    "frames": "frames.json",
    "readouts": "readouts.json",
    "lexicons": "lexicons",
}
"""Optional parts of a bundle and the file (or folder, for ``lexicons``) holding each."""

MAX_TEXT_BYTES = 500_000
"""The largest article.txt a bundle may hold (about 80,000 words)."""

_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_REQUIRED = ("id", "title", "language", "written_for_kit")
_TYPES: dict[str, tuple[tuple[type, ...], str]] = {
    "id": ((str,), "text"),
    "title": ((str,), "text"),
    "language": ((str,), 'a language code such as "it"'),
    "outlet": ((str, dict, type(None)), "text, {language: text} or null"),
    "date": ((str, type(None)), 'a date such as "2022-06-15", or null'),
    "source": ((str, dict, type(None)), "text, {language: text} or null"),
    "translation_note": ((str, dict, type(None)), "text, {language: text} or null"),
    "written_for_kit": ((bool,), "true or false"),
}

_DESCRIPTIONS = ("outlet", "source", "translation_note", "note", "event")
"""meta.json fields that describe the article to learners: text, or ``{language: text}`` in the kit's bundles."""

_current: str | None = None
_cache: dict[Path, tuple[tuple, Bundle]] = {}
_places: dict[tuple, tuple[Path, str]] = {}


class BundleError(InquadraError):
    """A bundle is missing, or one of its files is wrong; the message names the file, line and fix."""


def check_id(article_id: object) -> str:
    """``article_id`` if it can name a bundle, else :class:`BundleError` saying what to use.

    An id is 1 to 40 characters: lower-case ASCII letters, digits, ``_`` and
    ``-``, starting with a letter or a digit (it becomes a folder and file name).
    """
    if not isinstance(article_id, str):
        raise BundleError(f"An article id must be text, got {type(article_id).__name__}.")
    if not _ID.fullmatch(article_id):
        shown = article_id.encode("unicode_escape").decode("ascii")[:60]
        raise BundleError(
            f"{shown!r} is not a valid article id: use 1 to 40 lower-case letters, digits, "
            "'_' or '-', starting with a letter or digit (for example 'bridge_vote_2024')."
        )
    return article_id


@dataclass(frozen=True, eq=False)
class Bundle:
    """One article's folder: its verbatim text, metadata and optional parts.

    Attributes:
        id (str): the article's id (the folder's name).
        folder (Path): the bundle's folder.
        meta (dict): the contents of ``meta.json``.
        text (str): ``article.txt``, verbatim.
        origin (str): where it was found: ``"kit"``, ``"INQUADRA_ARTICLES"``,
            ``"work folder"`` or ``"elsewhere"``.
    """

    id: str
    folder: Path
    meta: dict = field(repr=False)
    text: str = field(repr=False)
    origin: str = "kit"
    _reads: dict = field(default_factory=dict, repr=False, compare=False)

    def __repr__(self) -> str:
        return f"<Bundle {self.id}: {self.title!r}, parts: {', '.join(self.parts) or 'none'}>"

    @property
    def title(self) -> str:
        return self.meta.get("title") or self.id

    @cached_property
    def article(self) -> structure.Article:
        """The text as an :class:`~inquadra.structure.Article` (built once)."""
        return structure.from_text(self.text, self.id, dict(self.meta))

    def path(self, part: str) -> Path | None:
        """The file (the folder, for ``lexicons``) of an optional part, or None when absent."""
        if part not in PARTS:
            raise BundleError(f"Unknown bundle part {part!r}. Available parts: {', '.join(PARTS)}.")
        where = self.folder / PARTS[part]
        present = where.is_dir() if part == "lexicons" else where.is_file()
        return where if present else None

    def has(self, part: str) -> bool:
        """True when the bundle holds this part (see :data:`PARTS`)."""
        return self.path(part) is not None

    @property
    def parts(self) -> tuple[str, ...]:
        """The optional parts present, in the order of :data:`PARTS`."""
        return tuple(p for p in PARTS if self.has(p))

    def require(self, part: str) -> Path:
        """The path of a part; :class:`BundleError` naming the file to add when it is absent."""
        where = self.path(part)
        if where is None:
            raise BundleError(
                f"Article {self.id!r} has no {part} ({self.folder / PARTS[part]} does not exist). "
                f"Add the file to the bundle, or choose an article that has it "
                f"(`inquadra articles` lists each article's parts)."
            )
        return where

    def read_text(self, part: str) -> str:
        """The text of a part's file (UTF-8), read again only when the file changed."""
        return _read_utf8(self.require(part), self._reads)

    def read_json(self, part: str) -> object:
        """A JSON part (``frames``, ``readouts``) parsed; a clear error names the line."""
        where = self.require(part)
        return _parse_json(self.read_text(part), where)

    def read_jsonl(self, part: str) -> tuple[tuple[int, dict], ...]:
        """(line number, object) for every non-blank line of a JSONL part (``reference``, ``corrections``)."""
        where = self.require(part)
        return _parse_jsonl(self.read_text(part), where)

    def lexicon_files(self) -> tuple[Path, ...]:
        """The ``lexicons/*.jsonl`` files of this article, sorted by name (empty when none)."""
        folder = self.path("lexicons")
        return tuple(sorted(folder.glob("*.jsonl"))) if folder else ()

    def check(self) -> None:
        """Read every part present and check that it is well-formed JSON or JSONL.

        What each record means is checked by the part's own loader
        (``corrections.load``, ``annotations.reference.load`` …).
        """
        for part in self.parts:
            if part == "lexicons":
                for file in self.lexicon_files():
                    _parse_jsonl(_read_utf8(file, self._reads), file)
            elif PARTS[part].endswith(".jsonl"):
                self.read_jsonl(part)
            else:
                self.read_json(part)


@dataclass(frozen=True)
class Entry:
    """A folder found on the search path, loadable or not.

    Attributes:
        id (str): the folder's name.
        folder (Path): the folder.
        origin (str): which place of the search path it is in.
        bundle (Bundle | None): the loaded bundle, None when it cannot be loaded.
        problem (str | None): why it cannot be loaded.
        shadowed_by (Path | None): an earlier folder with the same id, which wins.
    """

    id: str
    folder: Path
    origin: str
    bundle: Bundle | None
    problem: str | None
    shadowed_by: Path | None = None


# -- the search path -------------------------------------------------------------------


@lru_cache(maxsize=1)
def _package_folder() -> Path:
    return Path(str(resources.files("inquadra") / "data" / "articles"))


def work_articles() -> Path:
    """``<work folder>/articles``, where students' own bundles go (not created here)."""
    return _work_articles(os.environ.get("INQUADRA_WORK") or "~/inquadra-work", os.getcwd())


@lru_cache(maxsize=16)
def _work_articles(setting: str, cwd: str) -> Path:
    return Path(setting).expanduser().resolve() / "articles"


def search_path() -> tuple[tuple[Path, str], ...]:
    """(folder, origin) in the order bundles are looked for; folders may not exist."""
    places = [(_package_folder(), "kit")]
    for entry in os.environ.get(ENV, "").split(os.pathsep):
        if entry.strip():
            places.append((Path(entry.strip()).expanduser(), ENV))
    places.append((work_articles(), "work folder"))
    return tuple(places)


def _candidates():
    for place, origin in search_path():
        try:
            children = sorted(place.iterdir()) if place.is_dir() else []
        except OSError:
            continue
        for child in children:
            if _ID.fullmatch(child.name) and child.is_dir() and (
                (child / TEXT_FILE).exists() or (child / META_FILE).exists()
            ):
                yield child, origin


def scan() -> tuple[Entry, ...]:
    """Every bundle folder on the search path, in search order, with any problem it has."""
    seen: dict[str, Path] = {}
    out = []
    for folder, origin in _candidates():
        first = seen.setdefault(folder.name, folder)
        try:
            bundle, problem = _read(folder, origin), None
        except BundleError as err:
            bundle, problem = None, str(err)
        out.append(Entry(folder.name, folder, origin, bundle, problem,
                         None if first == folder else first))
    return tuple(out)


def find() -> list[Bundle]:
    """Every loadable bundle on the search path, one per id (the first found wins)."""
    return [e.bundle for e in scan() if e.bundle is not None and e.shadowed_by is None]


def listing() -> list[tuple[str, str, str, str]]:
    """(id, title, where it was found, its parts) for every bundle of :func:`find`."""
    return [(b.id, b.title, b.origin, ", ".join(b.parts)) for b in find()]


def ids() -> list[str]:
    """The ids of :func:`find`, in search order."""
    return [b.id for b in find()]


def _locate(article_id: str) -> tuple[Path, str] | None:
    for place, origin in search_path():
        folder = place / article_id
        if (folder / TEXT_FILE).exists() or (folder / META_FILE).exists():
            return folder, origin
    return None


def load(article_id: str) -> Bundle:
    """The bundle with this id, validated; loaded again only when its files changed.

    Raises:
        BundleError: no bundle has this id (the message lists the ids there are),
            or its ``article.txt`` or ``meta.json`` is wrong.
    """
    if isinstance(article_id, Bundle):
        return article_id
    known_place = _places.get((article_id, _setting()))
    if known_place is not None:  # found before with this search path: check its files only
        cached = _cache.get(known_place[0])
        if cached is not None and cached[0] == _stamps(known_place[0]):
            return cached[1]
    if not isinstance(article_id, str) or not _ID.fullmatch(article_id):
        check_id(article_id)
    found = _locate(article_id)
    if found is None:
        known = ", ".join(ids()) or "none"
        places = "; ".join(str(p) for p, _ in search_path())
        raise BundleError(
            f"No article {article_id!r}. Available: {known}. Articles are folders looked for in: "
            f"{places}. Make one with `inquadra new-article FILE --id {article_id}`."
        )
    bundle = _read(*found)
    _places[(article_id, _setting())] = found
    return bundle


def _setting() -> tuple:
    """What the search path depends on: a changed value means looking again."""
    return (os.environ.get(ENV), os.environ.get("INQUADRA_WORK"))


def get(article: Bundle | str | None = None) -> Bundle:
    """A bundle from a bundle, an id, or None (the current article)."""
    if article is None:
        return current()
    if isinstance(article, Bundle):
        return article
    if isinstance(article, str):
        return load(article)
    raise BundleError(
        f"Expected an article id (text) or a Bundle, got {type(article).__name__}. "
        "For a text of your own, make it a bundle first with bundles.create(text, id)."
    )


def use(article: Bundle | str) -> Bundle:
    """Make this article the current one (the default of every function that needs one)."""
    global _current
    bundle = get(article)
    _current = bundle.id
    return bundle


def current_id() -> str:
    """The id of the current article (the kit's article unless :func:`use` chose another)."""
    return _current or SEED_ID


def current() -> Bundle:
    """The current article's bundle."""
    return load(current_id())


# -- reading a bundle ---------------------------------------------------------------------


def _stamp(path) -> tuple:
    try:
        st = os.stat(path)
    except OSError:
        return (None,)
    return (st.st_mtime_ns, st.st_size)


def _stamps(folder: Path) -> tuple:
    base = str(folder)
    return (_stamp(os.path.join(base, TEXT_FILE)), _stamp(os.path.join(base, META_FILE)))


def _read(folder: Path, origin: str) -> Bundle:
    text_path, meta_path = folder / TEXT_FILE, folder / META_FILE
    stamp = _stamps(folder)
    cached = _cache.get(folder)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    for path in (text_path, meta_path):
        if not path.is_file():
            raise BundleError(
                f"{path} is missing: every article folder needs article.txt (the text) and "
                "meta.json (its title and source). `inquadra new-article` writes both."
            )
    text = _article_text(text_path)
    meta = _meta(meta_path, folder.name)
    bundle = Bundle(folder.name, folder, meta, text, origin)
    _cache[folder] = (stamp, bundle)
    return bundle


def _raw_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise BundleError(f"{path}: cannot be read ({err.strerror}); check its permissions.") from None


def _decode(raw: bytes, path: Path) -> str:
    if b"\x00" in raw:
        raise BundleError(f"{path} holds binary data (NUL bytes), not text. Save it as plain UTF-8 text.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise BundleError(
            f"{path} line {line}: not UTF-8 text (bad byte at position {err.start}). "
            "Re-save the file as UTF-8 (e.g. 'iconv -f latin1 -t utf-8')."
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def _read_utf8(path: Path, memo: dict) -> str:
    stamp = _stamp(path)
    hit = memo.get(path)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    text = _decode(_raw_bytes(path), path)
    memo[path] = (stamp, text)
    return text


def _article_text(path: Path) -> str:
    raw = _raw_bytes(path)
    if len(raw) > MAX_TEXT_BYTES:
        raise BundleError(
            f"{path} is {len(raw):,} bytes; an article may have at most {MAX_TEXT_BYTES:,}. "
            "Split the text into several articles."
        )
    text = _decode(raw, path)
    if not text.strip():
        raise BundleError(f"{path} is empty or only white space. Put the article's text in it.")
    return text


def _line_of(text: str, key: str) -> int:
    needle = json.dumps(key)
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return 1


def _parse_json(text: str, path: Path) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise BundleError(
            f"{path} line {err.lineno}: not valid JSON ({err.msg}). Fix that line "
            "(a missing comma or quote is the usual cause)."
        ) from None
    except RecursionError:
        raise BundleError(f"{path}: nested too deeply to be read; simplify the file.") from None


def _parse_jsonl(text: str, path: Path) -> tuple[tuple[int, dict], ...]:
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as err:
            raise BundleError(
                f"{path} line {number}: not valid JSON ({err.msg}). Each line must be one "
                'complete JSON object, such as {"kind": "span", …}.'
            ) from None
        except RecursionError:
            raise BundleError(f"{path} line {number}: nested too deeply to be read.") from None
        if not isinstance(value, dict):
            raise BundleError(
                f"{path} line {number}: expected a JSON object {{…}}, got {type(value).__name__}."
            )
        out.append((number, value))
    return tuple(out)


def _meta(path: Path, folder_name: str) -> dict:
    text = _decode(_raw_bytes(path), path)
    meta = _parse_json(text, path)
    if not isinstance(meta, dict):
        raise BundleError(f"{path} line 1: expected a JSON object {{\"id\": …, \"title\": …}}.")
    missing = [key for key in _REQUIRED if key not in meta]
    if missing:
        raise BundleError(
            f"{path}: missing key(s) {', '.join(missing)}. A meta.json needs at least "
            '"id", "title", "language" and "written_for_kit" (true for a text written for the kit).'
        )
    for key, (types, wanted) in _TYPES.items():
        value = meta.get(key)
        if key in meta and (
            not isinstance(value, types) or (isinstance(value, bool) and bool not in types)
        ):
            raise BundleError(
                f"{path} line {_line_of(text, key)}: {key!r} must be {wanted}, "
                f"got {json.dumps(meta[key], ensure_ascii=False)[:40]}."
            )
    for key in _DESCRIPTIONS:
        if isinstance(meta.get(key), dict):
            texts(meta[key], f"{path} line {_line_of(text, key)}: {key!r}", BundleError)
    for key in ("id", "title", "language"):
        if not meta[key].strip():
            raise BundleError(f"{path} line {_line_of(text, key)}: {key!r} is empty; write it in.")
    if meta["id"] != folder_name:
        raise BundleError(
            f"{path} line {_line_of(text, 'id')}: 'id' is {meta['id']!r} but the folder is "
            f"named {folder_name!r}; the two must be the same."
        )
    date = meta.get("date")
    if isinstance(date, str) and not _is_date(date):
        raise BundleError(
            f"{path} line {_line_of(text, 'date')}: 'date' must look like \"2022-06-15\" "
            f"(year-month-day), or be null; got {date!r}."
        )
    return meta


def _is_date(value: str) -> bool:
    if not _DATE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


# -- making a bundle ---------------------------------------------------------------------


def create(
    text: str,
    article_id: str,
    *,
    title: str | None = None,
    source: str | None = None,
    folder: str | os.PathLike | None = None,
    force: bool = False,
    language: str = "it",
    outlet: str | None = None,
    date: str | None = None,
    translation_note: str | None = None,
    written_for_kit: bool = False,
) -> Bundle:
    """Make a bundle from a text: ``<folder>/<article_id>/`` with article.txt and meta.json.

    Args:
        text (str): the article, kept verbatim.
        article_id (str): the new id (see :func:`check_id`).
        title (str | None): default: the headline, or the id.
        source (str | None): where the text comes from (a URL, a newspaper and date …).
        folder (path | None): where to put the bundle; default ``<work folder>/articles``.
        force (bool): replace a bundle already there; the old folder is kept
            beside it as ``<id>.previous-N``.

    Returns:
        Bundle: the new bundle.

    Raises:
        BundleError: a bad id or text, an id the kit or another folder of the
            search path already uses, or an existing bundle without ``force``.
    """
    check_id(article_id)
    art = _checked_text(text, article_id)
    target_parent = Path(folder).expanduser() if folder is not None else work_articles()
    target = target_parent / article_id
    elsewhere = _locate(article_id)
    if elsewhere is not None and elsewhere[0].resolve() != target.resolve():
        raise BundleError(
            f"An article {article_id!r} already exists in {elsewhere[0]} ({elsewhere[1]}); "
            "choose another id."
        )
    if target.exists() and not force:
        raise BundleError(
            f"{target} already exists. Choose another id, or add --force (force=True) to "
            "replace it; the old folder is then kept beside it."
        )
    headline = art.headline.text if art.headline else None
    meta = {
        "id": article_id,
        "title": (title or headline or article_id).strip() or article_id,
        "outlet": outlet,
        "language": language,
        "date": date,
        "source": source,
        "translation_note": translation_note,
        "written_for_kit": bool(written_for_kit),
    }
    payload = json.dumps(meta, ensure_ascii=False, indent=2) + "\n"
    _write_folder(target, {TEXT_FILE: text.encode("utf-8"), META_FILE: payload.encode("utf-8")})
    origin = elsewhere[1] if elsewhere else "elsewhere"
    if elsewhere is None and target_parent.resolve() == work_articles():
        origin = "work folder"
    try:
        return _read(target, origin)
    except BundleError as err:  # e.g. a date the caller gave in the wrong shape
        raise BundleError(f"The new bundle {target} is not valid: {err}") from None


def ensure(text: str, article_id: str, **meta) -> Bundle:
    """The work folder's bundle ``article_id`` holding exactly ``text``, made when needed.

    Running a lesson cell again reuses the bundle when it already holds this
    text; a different text replaces it, and the old folder is kept beside it
    (see :func:`create`, which takes the same keyword arguments).
    """
    check_id(article_id)
    target = work_articles() / article_id
    if (target / TEXT_FILE).is_file():
        try:
            existing = _read(target, "work folder")
        except BundleError:
            existing = None
        if existing is not None and existing.text == (text[1:] if text.startswith("\ufeff") else text):
            return existing
    return create(text, article_id, force=True, **meta)


def _checked_text(text: object, article_id: str) -> structure.Article:
    if not isinstance(text, str):
        raise BundleError(f"Expected the article as text (str), got {type(text).__name__}.")
    if "\x00" in text:
        raise BundleError("The text holds NUL characters (binary data); give plain text.")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_TEXT_BYTES:
        raise BundleError(
            f"The text is {size:,} bytes; an article may have at most {MAX_TEXT_BYTES:,}. "
            "Split it into several articles."
        )
    return structure.from_text(text, article_id)


def _write_folder(target: Path, files: dict[str, bytes]) -> None:
    """Write a folder's files into a temporary folder, then move it into place in one rename."""
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = parent / f".{target.name}.new-{secrets.token_hex(4)}"
        tmp.mkdir()
    except OSError as err:
        raise BundleError(f"Cannot write into {parent} ({err.strerror}); choose a folder you can write to.") from None
    try:
        for name, data in files.items():
            with open(tmp / name, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        kept = keep_aside(target, "previous") if target.exists() else None
        try:
            os.rename(tmp, target)
        except OSError:
            if kept is not None:
                os.rename(kept, target)
            raise
    except BaseException as err:
        for leftover in tmp.glob("*") if tmp.exists() else ():
            leftover.unlink()
        if tmp.exists():
            tmp.rmdir()
        if isinstance(err, OSError):
            raise BundleError(f"Cannot write {target} ({err.strerror}); nothing was changed.") from None
        raise
