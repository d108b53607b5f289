"""Widgets: thin views over plain Python state (tagger, sorter, choice, quiz, name box, comparison).

Each widget class is imported lazily, so ``import inquadra.widgets`` stays cheap
and the logic modules never import a widget library.
"""

from __future__ import annotations

__all__ = ["SpanTagger", "StatementSorter", "Choice", "Quiz", "StudentName", "CompareView"]

_WHERE = {
    "SpanTagger": ".tagger",
    "StatementSorter": ".sorter",
    "Choice": ".choice",
    "Quiz": ".quiz",
    "StudentName": ".student",
    "CompareView": ".compare_view",
}


def __getattr__(name: str):
    if name in _WHERE:
        from importlib import import_module

        return getattr(import_module(_WHERE[name], __name__), name)
    raise AttributeError(f"module 'inquadra.widgets' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
