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


def test_exact_partial_and_overlong_spans_are_told_apart(article):
    from inquadra.annotations import reference
    from inquadra.annotations.spans import Span
    from inquadra.widgets import CompareView

    ref = reference.load()
    target = next(r.span for r in ref.spans if r.text == "operazione militare speciale")
    toks = article.tokens

    def span(ts, te):
        return Span(toks[ts][0], toks[te - 1][1], "Naming_Choice", ts, te)

    wider = span(target.token_start - 2, target.token_end)
    giant = span(0, min(690, len(toks)))  # dragged from the headline down, as in an old file
    view = CompareView([target], ref, "lesson06")
    assert "✔ Exact match" in view.html()
    html = CompareView([wider], ref, "lesson06").html()
    assert 'data-kind="partial"' in html and "2 word(s) more than the reference" in html
    html = CompareView([giant], ref, "lesson06").html()
    assert 'data-kind="overlong"' in html and "Too long to count" in html
    assert 'data-kind="match"' not in html


def test_in_italian_the_summary_and_the_reasons_are_italian(article):
    from inquadra import i18n

    view = CompareView(_store(article), reference.load(), ["Naming_Choice"])
    i18n.set_language("it")
    try:
        html = view.html()
    finally:
        i18n.set_language("en")
    first = reference.load().for_labels(["Naming_Choice"]).spans[0].rationale
    assert "mancanze." in html and "Perché:" in html and "Why:" not in html
    assert first["it"] in html.replace("&#x27;", "'") and first["en"] not in html


def test_a_view_already_shown_follows_the_language(article, monkeypatch):
    import IPython.display

    from inquadra import i18n

    class Handle:
        def __init__(self, bundle):
            self.shown = [bundle]

        def update(self, bundle, raw=False):
            self.shown.append(bundle)

    handles = []
    monkeypatch.setattr(IPython.display, "display",
                        lambda bundle, raw=False, display_id=None: handles.append(Handle(bundle)) or handles[-1])
    view = CompareView(_store(article), reference.load(), ["Naming_Choice"])
    view._ipython_display_()
    i18n.set_language("it")
    try:
        shown = handles[0].shown
    finally:
        i18n.set_language("en")
    assert "missed." in shown[0]["text/html"] and "mancanze." in shown[1]["text/html"]
