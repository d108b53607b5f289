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

:func:`compare_with_reference` shows a tagging against its article's
reference, or says why it cannot (no reference yet, nothing tagged yet).
"""

from __future__ import annotations

import html

from .lesson import kind

__all__ = ["choice", "quiz", "sorter", "correction", "tagger", "compare_with_reference", "articles_table"]


@kind("choice")
def choice(entry: dict, activity_id: str, article=None):
    from .widgets import Choice

    return Choice(entry["question"], entry["options"], activity=activity_id)


@kind("quiz")
def quiz(entry: dict, activity_id: str, article=None):
    from .widgets import Quiz

    return Quiz(entry["items"], activity=activity_id)


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


def compare_with_reference(tagging, labels=None):
    """A ``CompareView`` of a tagger's (or a store's) spans against its article's reference,
    or a short note (English or Italian) when the article has no reference or nothing is tagged."""
    from . import render
    from .annotations import reference
    from .i18n import t
    from .widgets import CompareView

    store = getattr(tagging, "store", tagging)
    ref = reference.find(store.article.id)
    if ref is None:
        message = t("bundles.no_reference", id=store.article.id)
    elif not len(store):
        message = t("bundles.tag_first")
    else:
        return CompareView(store, ref, labels)
    return render.Html(f"<p><b>{html.escape(message)}</b></p>", message)


def articles_table():
    """Every article the kit finds (id, title, where, parts) as an escaped table."""
    from . import bundles, render
    from .i18n import t

    rows = [(i, title, where, parts or t("bundles.text_only")) for i, title, where, parts in bundles.listing()]
    return render.table(rows, tuple(t("bundles.listing.headers").split("|")))
