"""Lessons as data: the lesson manifest, each lesson's activities, and the kinds that build them.

``data/lessons.json`` lists the lessons in order (notebook, title in English
and Italian, minutes, activity files, label sets). A lesson cell stays one
line: ``lesson.activity("02.terms")`` builds the widget described by the
entry ``"terms"`` of ``data/activities/lesson02.json``.

Each entry names its ``kind``; a kind is a builder registered with the
:func:`kind` decorator, the way spaCy registers factories::

    @lesson.kind("choice")
    def _choice(entry, activity_id, article):
        return Choice(entry["question"], entry["options"], activity=activity_id)

The kit's own kinds (``choice``, ``quiz``, ``sorter``, ``correction``,
``tagger``) are registered in :mod:`inquadra.activity_kinds`; this module
imports no widget.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .errors import InquadraError
from . import i18n
from .i18n import localise

__all__ = [
    "Lesson",
    "LessonError",
    "activity",
    "activity_data",
    "kind",
    "kinds",
    "lesson",
    "lessons",
    "overview",
]

_MANIFEST = "lessons.json"
_KINDS: dict[str, Callable] = {}


class LessonError(InquadraError):
    """An activity id or kind that does not exist, or a lesson or activity file that is malformed."""


# -- the manifest -------------------------------------------------------------------------


@dataclass(frozen=True)
class Lesson:
    """One entry of the lesson manifest.

    Attributes:
        id (str): ``"00"`` … ``"07"`` for lessons; a name for extras (``"dashboard"``).
        order (int): the position in the course.
        notebook (str): the notebook's path from the repository root.
        title (dict[str, str]): in ``"en"`` and ``"it"``.
        summary (dict[str, str]): what the learner does, in ``"en"`` and ``"it"``.
        minutes (int): about how long it takes.
        activities (tuple[str, ...]): its activity files in ``data/activities/``.
        label_sets (tuple[str, ...]): the taxonomy label sets it uses.
        extra (bool): True for notebooks beside the lesson sequence (teacher, any article).
    """

    id: str
    order: int
    notebook: str
    title: dict
    summary: dict
    minutes: int
    activities: tuple[str, ...]
    label_sets: tuple[str, ...]
    extra: bool = False

    def title_in(self, language: str | None = None) -> str:
        """The title in ``language`` (default: the kit's language)."""
        return localise(self.title, language)

    def summary_in(self, language: str | None = None) -> str:
        """The summary in ``language`` (default: the kit's language)."""
        return localise(self.summary, language)


def _texts(raw: dict, key: str, where: str) -> dict:
    return i18n.texts(raw.get(key), f"{where}: {key!r}", LessonError)


def _lesson(raw: object, where: str, extra: bool) -> Lesson:
    if not isinstance(raw, dict):
        raise LessonError(f"{where}: expected an object with id, order, notebook, title …")
    for key, kind_ in (("id", str), ("notebook", str), ("order", int), ("minutes", int)):
        if not isinstance(raw.get(key), kind_) or isinstance(raw.get(key), bool):
            raise LessonError(f"{where}: {key!r} must be {'text' if kind_ is str else 'a whole number'}.")
    lists = {}
    for key in ("activities", "label_sets"):
        value = raw.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise LessonError(f"{where} ({raw['id']}): {key!r} must be a list of names.")
        lists[key] = tuple(value)
    missing = [f for f in lists["activities"] if not (_data() / "activities" / f).is_file()]
    if missing:
        raise LessonError(f"{where} ({raw['id']}): no activity file {missing[0]!r} in data/activities/.")
    return Lesson(raw["id"], raw["order"], raw["notebook"], _texts(raw, "title", where),
                  _texts(raw, "summary", where), raw["minutes"], lists["activities"],
                  lists["label_sets"], extra)


def _data():
    return resources.files("inquadra") / "data"


@lru_cache(maxsize=1)
def _manifest() -> tuple[Lesson, ...]:
    try:
        raw = json.loads((_data() / _MANIFEST).read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise LessonError(f"{_MANIFEST} line {err.lineno}: not valid JSON ({err.msg}).") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("lessons"), list):
        raise LessonError(f'{_MANIFEST}: expected an object with a "lessons" list.')
    out = [_lesson(item, f"{_MANIFEST} lesson {n}", False) for n, item in enumerate(raw["lessons"], 1)]
    out += [_lesson(item, f"{_MANIFEST} extra {n}", True) for n, item in enumerate(raw.get("extras", []), 1)]
    ids = [entry.id for entry in out]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise LessonError(f"{_MANIFEST}: id {twice[0]!r} is used twice.")
    return tuple(sorted(out, key=lambda entry: entry.order))


def lessons(extras: bool = False) -> tuple[Lesson, ...]:
    """The lessons in course order; with ``extras``, also the notebooks beside them."""
    return tuple(entry for entry in _manifest() if extras or not entry.extra)


def lesson(lesson_id: str) -> Lesson:
    """One manifest entry by id (``"05"``, ``"dashboard"``)."""
    for entry in _manifest():
        if entry.id == lesson_id:
            return entry
    known = ", ".join(entry.id for entry in _manifest())
    raise LessonError(f"No lesson {lesson_id!r} in {_MANIFEST}. Available: {known}.")


def overview(language: str | None = None):
    """The course at a glance (lesson, title, minutes, what you do) as an escaped table."""
    from . import render
    from .i18n import get_language

    language = language or get_language()
    other = i18n.other_language(language)
    rows = [(entry.id, entry.title_in(language), entry.title_in(other), entry.minutes,
             entry.summary_in(language)) for entry in lessons() if entry.order > 0]
    heads = ("lesson", "title", "other", "minutes", "summary")
    return render.table(rows, tuple(i18n.t(f"lesson.head.{h}", language) for h in heads))


# -- activities ---------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _lesson_file(lesson_number: str) -> dict:
    path = _data() / "activities" / f"lesson{lesson_number}.json"
    if not path.is_file():
        raise LessonError(f"No activities for lesson {lesson_number!r} (looked for {path.name}).")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise LessonError(f"{path.name} line {err.lineno}: not valid JSON ({err.msg}).") from None


def activity_data(activity_id: str) -> dict:
    """The raw entry for ``"NN.name"`` (lesson number, a dot, the entry's name)."""
    lesson_number, _, name = activity_id.partition(".")
    entries = _lesson_file(lesson_number)
    if name not in entries:
        raise LessonError(
            f"Lesson {lesson_number} has no activity {name!r}; it has: {', '.join(sorted(entries))}."
        )
    return entries[name]


def kind(name: str) -> Callable[[Callable], Callable]:
    """Register a builder for activity entries of this kind.

    The builder is called as ``builder(entry, activity_id, article)``: the
    entry's dict, its id (``"04.readouts"``) and the article to show it on
    (a bundle, an id, or None for the current article). It returns the widget.
    """

    def register(builder: Callable) -> Callable:
        if name in _KINDS and _KINDS[name] is not builder:
            raise LessonError(f"Activity kind {name!r} is registered twice; give the new one another name.")
        _KINDS[name] = builder
        return builder

    return register


def kinds() -> tuple[str, ...]:
    """The registered activity kinds, sorted."""
    return tuple(sorted(_KINDS))


def activity(activity_id: str, article=None):
    """Build the widget for a lesson activity, e.g. ``activity("04.readouts")``.

    Args:
        activity_id (str): ``"NN.name"``.
        article (Bundle | str | None): the article, for kinds that work on any
            article (the tagger); default: the current article.
    """
    entry = activity_data(activity_id)
    name = entry.get("kind") if isinstance(entry, dict) else None
    builder = _KINDS.get(name)
    if builder is None:
        raise LessonError(
            f"Activity {activity_id!r} has unknown kind {name!r}. Available kinds: {', '.join(kinds())}."
        )
    return builder(entry, activity_id, article)
