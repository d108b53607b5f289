"""What every activity state shares: change listeners, errors and three-way merging."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import InquadraError

__all__ = ["ActivityError", "Observable", "merge_dicts", "merge_value", "field"]

_MISSING = object()


class ActivityError(InquadraError):
    """An activity's data, an answer or a saved payload is not valid; the message says why."""


class Observable:
    """``on_change`` / ``off_change`` listeners, called after every change, and the
    answers given since the saved-activity service last took them (its history)."""

    def __init__(self) -> None:
        self._listeners: list[Callable] = []
        self._answers: list[tuple[str, object, bool | None]] = []

    def on_change(self, callback: Callable) -> Callable:
        self._listeners.append(callback)
        return callback

    def off_change(self, callback: Callable) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    def take_answers(self) -> list[tuple[str, object, bool | None]]:
        """The answers given since the last call, as ``(item, answer, correct)``; clears them."""
        out, self._answers = self._answers, []
        return out

    def _answered(self, item: str, answer, correct: bool | None) -> None:
        self._answers.append((item, answer, correct))

    def _notify(self) -> None:
        for callback in list(self._listeners):
            callback(self)


def field(item, name: str, default=None):
    """``item[name]`` for a dict, ``item.name`` for any other object, else ``default``."""
    if isinstance(item, dict):
        return item.get(name, default)
    return getattr(item, name, default)


def merge_value(base, mine, theirs):
    """Three-way merge of one value: ours if we changed it since ``base``, else theirs."""
    return mine if mine != base else theirs


def merge_dicts(base: dict | None, mine: dict, theirs: dict) -> dict:
    """Three-way merge per key: a key we changed since ``base`` keeps ours, others take theirs.

    A key removed on our side (and unchanged on theirs) stays removed; a key only
    the other side has is kept.
    """
    base = base or {}
    out: dict = {}
    for key in sorted({*base, *mine, *theirs}, key=str):
        b, m, th = base.get(key, _MISSING), mine.get(key, _MISSING), theirs.get(key, _MISSING)
        value = m if m != b else th
        if value is not _MISSING:
            out[key] = value
    return out
