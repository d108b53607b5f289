"""What learners read, in English and Italian.

Strings live in ``data/strings/*.json`` (one file per module that shows text):
``{"key": {"en": "...", "it": "..."}}``. ``set_language("it")`` switches every
widget and report made afterwards; widgets already shown follow on their next
update when they observe the language.
"""

from __future__ import annotations

import json
import weakref
from functools import lru_cache
from importlib import resources

__all__ = ["LANGUAGES", "set_language", "get_language", "on_change", "follow", "t", "localise", "I18nError"]

LANGUAGES = ("en", "it")
_state = {"language": "en"}
_listeners: list = []


class I18nError(ValueError):
    """An unknown language or message key."""


def set_language(language: str) -> None:
    """Switch the language of widgets and reports: ``"en"`` or ``"it"``."""
    if language not in LANGUAGES:
        raise I18nError(f"Unknown language {language!r}: use 'en' (English) or 'it' (italiano).")
    _state["language"] = language
    for callback in list(_listeners):
        callback(language)


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


@lru_cache(maxsize=1)
def _strings() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    folder = resources.files("inquadra") / "data" / "strings"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".json"):
            for key, value in json.loads(entry.read_text(encoding="utf-8")).items():
                if key in table:
                    raise I18nError(f"Message key {key!r} is defined twice ({entry.name}).")
                table[key] = value
    return table


def t(key: str, language: str | None = None, **values: object) -> str:
    """The message ``key`` in the current (or given) language, formatted with ``values``."""
    try:
        entry = _strings()[key]
    except KeyError:
        raise I18nError(f"No message {key!r} in inquadra/data/strings/*.json.") from None
    text = entry.get(language or get_language()) or entry["en"]
    return text.format(**values) if values else text


def localise(value, language: str | None = None) -> str:
    """Text in the current (or given) language from a str or an ``{"en": ..., "it": ...}`` dict.

    A missing language falls back to English, then to any language present.
    """
    if value is None:
        return ""
    if isinstance(value, dict):
        lang = language or get_language()
        return str(value.get(lang) or value.get("en") or next(iter(value.values()), ""))
    return str(value)
