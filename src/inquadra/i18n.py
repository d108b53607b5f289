"""What learners read, in every language of the kit.

The languages are data: ``data/languages.json`` lists their codes (English
first) and :data:`LANGUAGES` is read from it. Every learner-visible text is one
of two things:

* a key in ``data/strings/*.json`` (one file per module that shows text),
  ``{"key": {"en": "...", "it": "..."}}``, read with :func:`t`;
* a ``{code: text}`` object in a data file, read with :func:`localise` and
  checked on loading with :func:`texts`.

Adding a language is adding it to ``languages.json`` and its texts to the data.
``set_language("it")`` switches every widget and report made afterwards;
widgets already shown follow when they observe the language (:func:`follow`).
"""

from __future__ import annotations

import json
import os
import string
import weakref
from functools import lru_cache
from importlib import resources

from .errors import InquadraError, use_messages

__all__ = ["LANGUAGES", "NAMES", "set_language", "get_language", "notebook_language", "on_change", "follow", "t",
           "localise", "messages", "texts", "missing", "other_language", "I18nError"]


class I18nError(InquadraError):
    """An unknown language or message key, or a text missing a language."""


def _read_languages() -> tuple[tuple[str, str], ...]:
    where = "inquadra/data/languages.json"
    try:
        raw = json.loads((resources.files("inquadra") / "data" / "languages.json").read_text(encoding="utf-8"))
        entries = [(str(e["code"]), str(e["name"])) for e in raw["languages"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise I18nError(f'{where} cannot be read ({exc}); it must be {{"schema": 1, "languages": '
                        '[{"code": "en", "name": "English"}, …]}.') from None
    codes = [code for code, _ in entries]
    if not codes or codes[0] != "en" or len(set(codes)) != len(codes):
        raise I18nError(f"{where}: the languages must be listed once each, English ('en') first; "
                        f"found {codes}.")
    return tuple(entries)


_ENTRIES = _read_languages()
LANGUAGES: tuple[str, ...] = tuple(code for code, _ in _ENTRIES)
"""The kit's language codes, in the order of ``data/languages.json``."""
NAMES: dict[str, str] = dict(_ENTRIES)
"""Each language's name in that language, e.g. ``{"en": "English", "it": "italiano"}``."""

_state = {"language": "en"}
_listeners: list = []


def _choices() -> str:
    return ", ".join(f"{code!r} ({name})" for code, name in _ENTRIES)


def set_language(language: str) -> None:
    """Switch the language of widgets and reports to one of :data:`LANGUAGES`."""
    if language not in LANGUAGES:
        raise I18nError(f"Unknown language {language!r}: use {_choices()}.")
    _state["language"] = language
    for callback in list(_listeners):
        callback(language)


def notebook_language(environ=None) -> str | None:
    """The language of the lesson edition this kernel runs, or None.

    JupyterLab tells a kernel its notebook's path (``JPY_SESSION_NAME``); a generated
    edition records its language in the notebook's metadata (``inquadra.language``). The
    metadata is only read as JSON, never run. Anything missing or unreadable gives None.
    """
    path = (os.environ if environ is None else environ).get("JPY_SESSION_NAME", "")
    if not path.endswith(".ipynb"):
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            notebook = json.load(handle)
    except (OSError, ValueError):
        return None
    meta = notebook.get("metadata") if isinstance(notebook, dict) else None
    kit = meta.get("inquadra") if isinstance(meta, dict) else None
    language = kit.get("language") if isinstance(kit, dict) else None
    return language if language in LANGUAGES else None


def get_language() -> str:
    return _state["language"]


def on_change(callback) -> None:
    """Call ``callback(language)`` whenever the language changes."""
    _listeners.append(callback)


def follow(obj, method: str) -> None:
    """Call ``obj.<method>()`` whenever the language changes, for as long as ``obj`` lives.

    Only a weak reference is kept: a widget that is gone is forgotten at the
    next change instead of being kept alive by the listener.
    """
    ref = weakref.ref(obj)

    def _changed(_language: str) -> None:
        target = ref()
        if target is None:
            _listeners.remove(_changed)
        else:
            getattr(target, method)()

    _listeners.append(_changed)


def other_language(language: str) -> str:
    """The language a table shows beside ``language``: the article's Italian, or English in Italian."""
    return "en" if language == "it" else "it"


def missing(value: object) -> tuple[str, ...]:
    """The codes of :data:`LANGUAGES` that ``value`` (a ``{code: text}`` dict) has no text for."""
    if not isinstance(value, dict):
        return LANGUAGES
    return tuple(code for code in LANGUAGES
                 if not isinstance(value.get(code), str) or not value[code].strip())


def texts(value: object, where: str, error: type[InquadraError] = I18nError) -> dict[str, str]:
    """Check a learner-visible ``{code: text}`` from a data file; return it for every language.

    Args:
        value: the value read from the file.
        where: the file and key (or line), named in the message.
        error: the loader's error class (a subclass of ``InquadraError``).

    Raises:
        error: ``value`` is not an object with a non-empty text for every language.
    """
    gaps = missing(value)
    if gaps:
        example = ", ".join(f'"{code}": "…"' for code in LANGUAGES)
        got = ("it has no text for " + ", ".join(repr(c) for c in gaps)) if isinstance(value, dict) \
            else f"found a {type(value).__name__}, {str(value)[:40]!r}"
        raise error(f"{where} needs a text in every language of the kit, {{{example}}}: {got}. "
                    "Add the missing text (the languages are in inquadra/data/languages.json).")
    return {code: value[code] for code in LANGUAGES}


@lru_cache(maxsize=1)
def _strings() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    folder = resources.files("inquadra") / "data" / "strings"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".json"):
            for key, value in json.loads(entry.read_text(encoding="utf-8")).items():
                if key in table:
                    raise I18nError(f"Message key {key!r} is defined twice ({entry.name}).")
                table[key] = texts(value, f"inquadra/data/strings/{entry.name} key {key!r}")
    return table


def messages(prefix: str) -> dict[str, dict[str, str]]:
    """Every message whose key starts with ``prefix``, by the rest of its key, in file order.

    ``messages("corrections.kind.")`` -> ``{"name_variant": {"en": ..., "it": ...}, ...}``.
    """
    return {key[len(prefix):]: dict(value) for key, value in _strings().items() if key.startswith(prefix)}


def t(key: str, language: str | None = None, **values: object) -> str:
    """The message ``key`` in the current (or given) language, formatted with ``values``."""
    try:
        entry = _strings()[key]
    except KeyError:
        raise I18nError(f"No message {key!r} in inquadra/data/strings/*.json.") from None
    text = entry.get(language or get_language()) or entry["en"]
    return _format(text, values) if values else text


def _format(text: str, values: dict) -> str:
    """``text.format(**values)``, without a doubled full stop where a value ending in one
    ("Sofia B.") is followed by the message's own (``"Saved as {name}."``)."""
    out: list[str] = []
    after_value = False
    for literal, name, spec, conversion in string.Formatter().parse(text):
        if literal:
            if after_value and literal.startswith(".") and out[-1].endswith("."):
                literal = literal[1:]
            out.append(literal)
        after_value = False
        if name is not None:
            value = values[name] if name in values else text.format(**values)  # a KeyError names it
            if conversion:
                value = {"r": repr, "s": str, "a": ascii}[conversion](value)
            piece = format(value, spec)
            out.append(piece)
            after_value = bool(piece)
    return "".join(out)


def localise(value, language: str | None = None) -> str:
    """Text in the current (or given) language from a str or a ``{code: text}`` dict.

    A missing language falls back to English, then to any language present.
    """
    if value is None:
        return ""
    if isinstance(value, dict):
        lang = language or get_language()
        return str(value.get(lang) or value.get("en") or next(iter(value.values()), ""))
    return str(value)


use_messages(t)
