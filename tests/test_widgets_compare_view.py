"""CompareView: matches, false alarms and misses in words; escaped HTML; scores table."""

from __future__ import annotations

from inquadra.annotations import reference
from inquadra.annotations.spans import SpanStore
from inquadra.widgets import CompareView


def _store(article, spans=()):
    store = SpanStore(article, "Giulia", ("Naming_Choice", "Loaded_Language"))
    for ts, te, label in spans:
        store.add_tokens(ts, te, label)
    return store


def test_reference_span_tagged_is_a_match(article):
    ref = reference.load().for_labels(["Naming_Choice"])
    first = ref.spans[0].span
    view = CompareView(_store(article, [(first.token_start, first.token_end, "Naming_Choice")]),
                       reference.load(), ["Naming_Choice"])
    assert len(view.comparison.matches) == 1
    assert '<li data-kind="match">' in view.html()


def test_untagged_reference_spans_are_misses_with_reason(article):
    view = CompareView(_store(article), reference.load(), ["Naming_Choice"])
    assert len(view.comparison.misses) == len(reference.load().for_labels(["Naming_Choice"]).spans)
    assert "Why:" in view.html()


def test_note_and_text_are_escaped(article):
    view = CompareView(_store(article), reference.load(), ["Naming_Choice"])
    html = view.html()
    assert "<script" not in html
    assert html.count("<li") == len(view.comparison.misses)


def test_repr_is_deterministic(article):
    view = CompareView(_store(article), reference.load(), ["Naming_Choice"])
    assert repr(view).startswith("CompareView(labels=NAME, matches=0, false_alarms=0, misses=")
