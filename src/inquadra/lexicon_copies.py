"""A learner's copies of the word list and the actor list, with their own additions.

The bundled lexicons are never touched. Each function rebuilds its copy from the
bundled list, the learner's earlier additions and the new lines (which take the place of
an earlier addition with the same id or spelling), so adding a second actor keeps the
first, running a lesson cell again gives the same file, and :func:`pipeline_for` builds a pipeline that uses the copies. The
copies live in :func:`copies_folder`, a folder of the work folder of their own, so
that a hand-in (which takes the saved-work files of the work folder) leaves them be.
Every refusal is a :class:`LexiconCopyError` whose message (``data/strings/
lexicon_copies.json``) says what to change, in the kit's language.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import i18n
from .components import lexicon_path, read_lexicon
from .errors import InquadraError
from .components.actors import slug
from .files import write_atomic

__all__ = ["LexiconCopyError", "ACTOR_KINDS", "SIDES", "actor_records", "add_actor",
           "add_term", "copies_folder", "pipeline_for"]

ACTOR_KINDS = {"person": "PER", "org": "ORG", "institution": "ORG", "state": "LOC",
               "group": "PER"}
SIDES = ("china", "kremlin", "other")
_TERM_KEYS = ("label", "pattern", "id", "gloss", "note")
_FOLDER = "lexicons"


class LexiconCopyError(InquadraError):
    """A new entry cannot be added; the message says what to change."""


def copies_folder() -> Path:
    """The folder for the learner's copies: ``lexicons/`` in the work folder, created if missing.

    Returns:
        Path: ``<work folder>/lexicons`` (the work folder is ``$INQUADRA_WORK`` or
        ``~/inquadra-work``, see :func:`inquadra.annotations.work.work_dir`).
    """
    from .annotations.work import work_dir

    folder = work_dir() / _FOLDER
    if folder.exists() and not folder.is_dir():
        raise LexiconCopyError.keyed("lexicon_copies.folder_is_file", folder=folder)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as err:
        raise LexiconCopyError.keyed("saved.work_not_creatable", folder=folder,
                                     error=err.strerror or err) from None
    return folder


def _spellings(variants) -> list[str]:
    """The other spellings as clean texts; one text alone counts as one spelling."""
    if isinstance(variants, str):
        variants = [variants]
    try:
        items = list(variants or ())
    except TypeError:
        raise LexiconCopyError.keyed("lexicon_copies.not_spellings", found=variants) from None
    if any(not isinstance(v, str) for v in items):
        raise LexiconCopyError.keyed("lexicon_copies.not_spellings", found=variants)
    return [" ".join(v.split()) for v in items if v.strip()]


def actor_records(name: str, kind: str = "person", side: str = "other",
                  variants=()) -> list[dict]:
    """The actor-lexicon lines for one actor: its name and every other spelling.

    Args:
        name (str): the full name, as the text writes it ("Elena Corsi"); the match
            is case-sensitive.
        kind (str): person, org, institution, state or group.
        side (str): china, kremlin or other.
        variants (iterable of str, or str): other spellings or role phrases
            ("Corsi", "la preside"); one text alone is one spelling.
    Returns:
        list[dict]: one record a spelling, all with the same id.
    Raises:
        LexiconCopyError: no name, an unknown kind or side, spellings that are not texts.
    """
    if not isinstance(name, str) or not name.strip():
        raise LexiconCopyError.keyed("lexicon_copies.no_name")
    if kind not in ACTOR_KINDS:
        raise LexiconCopyError.keyed("lexicon_copies.unknown_kind", kind=kind,
                                     kinds=", ".join(ACTOR_KINDS))
    if side not in SIDES:
        raise LexiconCopyError.keyed("lexicon_copies.unknown_side", side=side,
                                     sides=", ".join(SIDES))
    name = " ".join(name.split())
    spellings = [name] + _spellings(variants)
    actor_id = slug(name)
    return [{"label": ACTOR_KINDS[kind], "pattern": s, "id": actor_id, "name": name,
             "kind": kind, "side": side, "added_by": "learner"}
            for s in dict.fromkeys(spellings)]


def add_actor(folder, name: str, kind: str = "person", side: str = "other", variants=(),
              file_name: str = "my_actors.jsonl") -> Path:
    """Write ``folder/file_name``: the bundled actor list, the learner's earlier additions,
    and this actor (in place of an earlier addition with its id or one of its spellings).

    Returns:
        Path: the copy, for :func:`pipeline_for` (``actors_path``).
    """
    records = actor_records(name, kind, side, variants)
    return _write_copy(folder, file_name, "actors", records)


def add_term(folder, entry: dict, file_name: str = "my_framing.jsonl") -> Path:
    """Write ``folder/file_name``: the bundled word list, the learner's earlier additions,
    and this term (in place of an earlier addition with its id or its pattern).

    ``entry`` needs "label", "pattern", "id", "gloss" and "note" (and may give
    "used_by"); the label must be one the word list already uses. A note (or
    "used_by") written as plain text is the learner's own words, the same in every
    language, so it is stored as ``{language: text}`` with that text for each.
    """
    if not isinstance(entry, dict):
        raise LexiconCopyError.keyed("lexicon_copies.term_not_dict")
    missing = [k for k in _TERM_KEYS if not str(entry.get(k, "")).strip()]
    if missing:
        raise LexiconCopyError.keyed("lexicon_copies.term_missing", missing=", ".join(missing))
    labels = sorted({r["label"] for r in read_lexicon(lexicon_path("framing"))})
    if entry["label"] not in labels:
        raise LexiconCopyError.keyed("lexicon_copies.unknown_label", label=entry["label"],
                                     labels=", ".join(labels))
    record = dict(entry)
    for key in ("note", "used_by"):
        if isinstance(record.get(key), str) and record[key].strip():
            record[key] = {lang: record[key] for lang in i18n.LANGUAGES}
    return _write_copy(folder, file_name, "framing", [record])


def _write_copy(folder, file_name: str, lexicon: str, records: list[dict]) -> Path:
    """The bundled list, the learner's earlier additions in the copy, then ``records``.

    An earlier addition with the id or the spelling (pattern) of a new record gives way to
    it; any other stays, so adding a second actor keeps the first.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise LexiconCopyError.keyed("lexicon_copies.not_folder", folder=folder)
    bundled = lexicon_path(lexicon).read_text(encoding="utf-8").rstrip("\n")
    new = [json.dumps(r, ensure_ascii=False) for r in records]
    ids = {r.get("id") for r in records}
    patterns = {json.dumps(r.get("pattern"), sort_keys=True) for r in records}
    kept = [line for line, r in _earlier_additions(folder / file_name, bundled)
            if r.get("id") not in ids and json.dumps(r.get("pattern"), sort_keys=True)
            not in patterns]
    lines = [bundled] + kept + new
    try:
        return write_atomic(folder / file_name, "\n".join(lines) + "\n")
    except OSError as err:
        raise LexiconCopyError.keyed("lexicon_copies.not_written", path=folder / file_name,
                                     error=err.strerror or err) from None


def _earlier_additions(path: Path, bundled: str) -> list[tuple[str, dict]]:
    """The lines of an existing copy that are not lines of the bundled list, with their
    records; none when there is no copy yet. A copy that cannot be read is refused, not
    replaced: it may hold the learner's own lines."""
    if not path.is_file():
        return []
    try:
        read_lexicon(path)
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise LexiconCopyError.keyed("lexicon_copies.copy_unreadable", path=path,
                                     error=getattr(err, "strerror", None) or err) from None
    known = set(bundled.splitlines())
    return [(line, json.loads(line)) for line in text.splitlines()
            if line.strip() and line not in known]


def pipeline_for(framing_path=None, actors_path=None):
    """A fresh pipeline that uses a copy of the word list and/or of the actor list."""
    from . import pipeline

    return pipeline.build(None, framing_path=framing_path, actors_path=actors_path)
