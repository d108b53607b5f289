"""A learner's copies of the word list and the actor list, with their own additions.

The bundled lexicons are never touched. Each function rebuilds its copy from the
bundled list plus the learner's new lines, so running a lesson cell again gives the
same file, and :func:`pipeline_for` builds a pipeline that uses the copies.
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
           "add_term", "pipeline_for"]

ACTOR_KINDS = {"person": "PER", "org": "ORG", "institution": "ORG", "state": "LOC",
               "group": "PER"}
SIDES = ("china", "kremlin", "other")
_TERM_KEYS = ("label", "pattern", "id", "gloss", "note")


class LexiconCopyError(InquadraError):
    """A new entry cannot be added; the message says what to change."""


def actor_records(name: str, kind: str = "person", side: str = "other",
                  variants=()) -> list[dict]:
    """The actor-lexicon lines for one actor: its name and every other spelling.

    Args:
        name (str): the full name, as the text writes it ("Elena Corsi").
        kind (str): person, org, institution, state or group.
        side (str): china, kremlin or other.
        variants (iterable of str): other spellings or role phrases ("Corsi", "la preside").
    Returns:
        list[dict]: one record a spelling, all with the same id.
    """
    if not isinstance(name, str) or not name.strip():
        raise LexiconCopyError("The actor needs a name: the words as the text writes them, "
                               "e.g. add_actor('Elena Corsi').")
    if kind not in ACTOR_KINDS:
        raise LexiconCopyError(f"Unknown kind {kind!r}. Available kinds: "
                               f"{', '.join(ACTOR_KINDS)}.")
    if side not in SIDES:
        raise LexiconCopyError(f"Unknown side {side!r}. Available sides: {', '.join(SIDES)}.")
    name = " ".join(name.split())
    spellings = [name] + [" ".join(str(v).split()) for v in variants if str(v).strip()]
    actor_id = slug(name)
    return [{"label": ACTOR_KINDS[kind], "pattern": s, "id": actor_id, "name": name,
             "kind": kind, "side": side, "added_by": "learner"}
            for s in dict.fromkeys(spellings)]


def add_actor(folder, name: str, kind: str = "person", side: str = "other", variants=(),
              file_name: str = "my_actors.jsonl") -> Path:
    """Write ``folder/file_name``: the bundled actor list plus one actor.

    Returns:
        Path: the copy, for :func:`pipeline_for` (``actors_path``).
    """
    records = actor_records(name, kind, side, variants)
    return _write_copy(folder, file_name, "actors", records)


def add_term(folder, entry: dict, file_name: str = "my_framing.jsonl") -> Path:
    """Write ``folder/file_name``: the bundled word list plus one term.

    ``entry`` needs "label", "pattern", "id", "gloss" and "note" (and may give
    "used_by"); the label must be one the word list already uses. A note (or
    "used_by") written as plain text is the learner's own words, the same in every
    language, so it is stored as ``{language: text}`` with that text for each.
    """
    if not isinstance(entry, dict):
        raise LexiconCopyError("The term must be a dict with label, pattern, id, gloss and note.")
    missing = [k for k in _TERM_KEYS if not str(entry.get(k, "")).strip()]
    if missing:
        raise LexiconCopyError(f"The term needs {', '.join(missing)}. Each term has a label, "
                               "the words (pattern), an id, an English gloss and a note.")
    labels = sorted({r["label"] for r in read_lexicon(lexicon_path("framing"))})
    if entry["label"] not in labels:
        raise LexiconCopyError(f"Unknown label {entry['label']!r}. Available labels: "
                               f"{', '.join(labels)}.")
    record = dict(entry)
    for key in ("note", "used_by"):
        if isinstance(record.get(key), str) and record[key].strip():
            record[key] = {lang: record[key] for lang in i18n.LANGUAGES}
    return _write_copy(folder, file_name, "framing", [record])


def _write_copy(folder, file_name: str, lexicon: str, records: list[dict]) -> Path:
    folder = Path(folder)
    if not folder.is_dir():
        raise LexiconCopyError(f"{folder} is not a folder: give the folder for your copy "
                               "(for example your work folder).")
    bundled = lexicon_path(lexicon).read_text(encoding="utf-8").rstrip("\n")
    lines = [bundled] + [json.dumps(r, ensure_ascii=False) for r in records]
    return write_atomic(folder / file_name, "\n".join(lines) + "\n")


def pipeline_for(framing_path=None, actors_path=None):
    """A fresh pipeline that uses a copy of the word list and/or of the actor list."""
    from . import pipeline

    return pipeline.build(None, framing_path=framing_path, actors_path=actors_path)
