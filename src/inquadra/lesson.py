"""Lesson activities as data: one JSON file a lesson in ``data/activities/``.

A lesson cell stays one line: ``lesson.activity("02.terms")`` builds the widget
described by the entry ``"terms"`` of ``data/activities/lesson02.json``.

Entry kinds:

- ``choice``: ``{"kind": "choice", "question": {"en", "it"}, "options": [{"text": {"en", "it"}
  | str, "correct": bool, "explanation": {"en", "it"}}]}`` -> one multiple-choice widget;
- ``quiz``: ``{"kind": "quiz", "items": [<choice entries>]}`` -> several, one under another;
- ``sorter``: ``{"kind": "sorter", "buckets": [{"id", "name": {"en", "it"}}], "statements":
  [{"id", "text": {"en", "it"}, "bucket", "explanation": {"en", "it"}, "source"}]}``,
  or ``"statements": "readouts"`` to take the readout statements bundled with the kit;
- ``correction``: sentences to correct, compared with the kit's corrections
  (see ``inquadra.widgets.correction.CorrectionPad``).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

__all__ = ["activity", "activity_data", "LessonError"]


class LessonError(ValueError):
    """An activity id that does not exist, or an activity file that is malformed."""


@lru_cache(maxsize=16)
def _lesson_file(lesson: str) -> dict:
    path = resources.files("inquadra") / "data" / "activities" / f"lesson{lesson}.json"
    if not path.is_file():
        raise LessonError(f"No activities for lesson {lesson!r} (looked for {path.name}).")
    return json.loads(path.read_text(encoding="utf-8"))


def activity_data(activity_id: str) -> dict:
    """The raw entry for ``"NN.name"`` (lesson number, a dot, the entry's name)."""
    lesson, _, name = activity_id.partition(".")
    entries = _lesson_file(lesson)
    if name not in entries:
        raise LessonError(
            f"Lesson {lesson} has no activity {name!r}; it has: {', '.join(sorted(entries))}."
        )
    return entries[name]


def _choice(entry: dict, activity_id: str):
    from .widgets import Choice

    return Choice(entry["question"], entry["options"], activity=activity_id)


def activity(activity_id: str):
    """Build the widget for a lesson activity, e.g. ``activity("04.readouts")``."""
    entry = activity_data(activity_id)
    kind = entry.get("kind")
    if kind == "choice":
        return _choice(entry, activity_id)
    if kind == "quiz":
        import ipywidgets

        return ipywidgets.VBox(
            [_choice(item, f"{activity_id}.{i}") for i, item in enumerate(entry["items"], 1)]
        )
    if kind == "sorter":
        from .widgets import StatementSorter

        statements = entry["statements"]
        if statements == "readouts":
            from . import readouts

            statements = list(readouts.load())
        return StatementSorter(statements, entry["buckets"], activity=activity_id)
    if kind == "correction":
        from .widgets.correction import CorrectionPad

        return CorrectionPad.from_entry(entry, activity_id)
    raise LessonError(f"Activity {activity_id!r} has unknown kind {kind!r}.")
