"""The kit's activity kinds, registered with :func:`inquadra.lesson.kind`.

Each builder turns one entry of ``data/activities/lessonNN.json`` into its
widget; the widget modules are imported only when a builder runs. The package
imports this module once, so the kinds are registered before any lesson asks
for them (as spaCy's components register their factories).

- ``choice``: one multiple-choice question (``question``, ``options``);
- ``quiz``: several choices, one under another (``items``);
- ``sorter``: statements sorted into buckets (``buckets``, ``statements``),
  or ``"statements": "readouts"`` for the article's readouts.json (its
  buckets too, unless the entry gives its own);
- ``correction``: sentences to correct against the article's corrections (``items``);
- ``tagger``: the span tagger on any article (``labels``, ``activity``).
"""

from __future__ import annotations

from .lesson import kind

__all__ = ["choice", "quiz", "sorter", "correction", "tagger"]


@kind("choice")
def choice(entry: dict, activity_id: str, article=None):
    from .widgets import Choice

    return Choice(entry["question"], entry["options"], activity=activity_id)


@kind("quiz")
def quiz(entry: dict, activity_id: str, article=None):
    import ipywidgets

    return ipywidgets.VBox(
        [choice(item, f"{activity_id}.{i}") for i, item in enumerate(entry["items"], 1)]
    )


@kind("sorter")
def sorter(entry: dict, activity_id: str, article=None):
    from . import bundles, readouts
    from .widgets import StatementSorter

    statements, buckets = entry["statements"], entry.get("buckets")
    article_id = None
    if statements == "readouts":
        bundle = bundles.get(article)
        statements, article_id = list(readouts.load(bundle)), bundle.id
        if buckets is None:
            buckets = [{"id": key, "name": name} for key, name in readouts.buckets(bundle).items()]
    return StatementSorter(statements, buckets, activity=activity_id, article_id=article_id)


@kind("correction")
def correction(entry: dict, activity_id: str, article=None):
    from . import bundles
    from .widgets.correction import CorrectionPad

    art = bundles.get(article).article if article is not None else None
    return CorrectionPad(entry["items"], activity=activity_id, article=art)


@kind("tagger")
def tagger(entry: dict, activity_id: str, article=None):
    from . import bundles
    from .widgets import SpanTagger

    return SpanTagger(bundles.get(article).article, labels=entry["labels"],
                      activity=entry.get("activity", activity_id))
