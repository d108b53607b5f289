"""The data of the exercise checks (``data/checks.json``): read, validated, localised.

Each exercise id maps to its check: a ``kind`` and the fields that kind reads.
Fields split in two:

- **texts** a learner reads (:data:`TEXT_FIELDS`, any ``hint_*`` field, and
  the id -> text maps of :data:`TEXT_MAPS`): each text is a dict with a text
  for every language of the kit, ``{"en": "...", "it": "..."}``;
- **data** (:data:`DATA_FIELDS`): answers, cues, phrases to find, bundle ids;
  the same in every language.

:func:`read` refuses an entry with a text lacking a language, a text that is
not a language dict, or a field it does not know, with a message naming the
exercise, the field and the fix. :func:`localised` gives an entry with every
text in one language, as the kinds of check read it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from . import i18n
from .errors import InquadraError

__all__ = ["CheckDataError", "TEXT_FIELDS", "TEXT_MAPS", "DATA_FIELDS", "read", "load", "localised"]

SOURCE = "data/checks.json"

TEXT_FIELDS = ("expects", "hint", "right", "praise", "next")
"""Single texts; every field named ``hint_<something>`` is one too."""

TEXT_MAPS = ("wrong", "claims", "missing", "extra")
"""Maps of an id (an answer, a claim, a missing item) to a text."""

DATA_FIELDS = ("kind", "answer", "type", "normalise", "example", "expected", "cues", "bucket",
               "label", "must_match", "must_not_match", "min_paragraphs", "article")


class CheckDataError(InquadraError):
    """An entry of ``data/checks.json`` that cannot be used as it is."""


def _is_text_field(name: str) -> bool:
    return name in TEXT_FIELDS or name.startswith("hint_")


def _text(value, where: dict) -> None:
    languages = tuple(i18n.LANGUAGES)
    codes = ", ".join(languages)
    if not isinstance(value, dict):
        given = repr(value) if len(repr(value)) <= 60 else repr(value)[:60] + "…"
        raise CheckDataError.keyed("checks.data.not_languages", **where, languages=codes, given=given)
    for code in value:
        if code not in languages:
            raise CheckDataError.keyed("checks.data.unknown_language", **where, code=repr(code),
                                       languages=codes)
    for code in languages:
        if code not in value:
            raise CheckDataError.keyed("checks.data.missing_language", **where, code=code, languages=codes)
        if not isinstance(value[code], str) or not value[code].strip():
            raise CheckDataError.keyed("checks.data.empty_text", **where, code=code)


def _entry(exercise: str, entry, source: str, kinds) -> None:
    if not isinstance(entry, dict) or not isinstance(entry.get("kind"), str):
        raise CheckDataError.keyed("checks.data.bad_entry", source=source, exercise=repr(exercise))
    if kinds is not None and entry["kind"] not in kinds:
        raise CheckDataError.keyed("checks.data.unknown_kind", source=source, exercise=repr(exercise),
                                   kind=repr(entry["kind"]), kinds=", ".join(sorted(kinds)))
    for name, value in entry.items():
        where = {"source": source, "exercise": repr(exercise), "field": repr(name)}
        if _is_text_field(name):
            _text(value, where)
        elif name in TEXT_MAPS:
            if not isinstance(value, dict):
                raise CheckDataError.keyed("checks.data.not_a_map", **where)
            for key, text in value.items():
                _text(text, {**where, "field": repr(f"{name}.{key}")})
        elif name not in DATA_FIELDS:
            raise CheckDataError.keyed(
                "checks.data.unknown_field", **where,
                text_fields=", ".join((*TEXT_FIELDS, "hint_*", *TEXT_MAPS)),
                data_fields=", ".join(DATA_FIELDS))


def read(data, source: str = SOURCE, kinds=None) -> dict:
    """Validate the checks' data and return it (the same dict).

    Args:
        data (dict | str): the parsed file, or its JSON text.
        source (str): the file's name, for messages.
        kinds (Iterable[str] | None): the kinds of check that exist (None: any kind).

    Raises:
        CheckDataError: what is wrong, in which exercise and field, and how to fix it.
    """
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as err:
            raise CheckDataError.keyed("checks.data.unreadable", source=source, error=str(err)) from None
    if not isinstance(data, dict):
        raise CheckDataError.keyed("checks.data.not_a_table", source=source)
    for exercise, entry in data.items():
        _entry(exercise, entry, source, None if kinds is None else set(kinds))
    return data


@lru_cache(maxsize=1)
def load() -> dict:
    """The kit's ``data/checks.json``, validated (read once)."""
    path = resources.files("inquadra") / "data" / "checks.json"
    return read(path.read_text(encoding="utf-8"))


def localised(entry: dict, language: str | None = None) -> dict:
    """A copy of one exercise's entry with every text in ``language`` (default: the current one)."""
    out = {}
    for name, value in entry.items():
        if _is_text_field(name):
            out[name] = i18n.localise(value, language)
        elif name in TEXT_MAPS:
            out[name] = {key: i18n.localise(text, language) for key, text in value.items()}
        else:
            out[name] = value
    return out
