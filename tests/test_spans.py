"""SpanStore: snapping, overlap, undo/redo, records, listeners, speed."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inquadra.annotations import reference
from inquadra.annotations.spans import (
    LENGTH_FACTOR,
    NOTE_MAX,
    SPAN_TOKENS_MAX,
    Span,
    SpanError,
    SpanNeedsConfirmation,
    SpanStore,
    length_limits,
)

LABELS = ("Naming_Choice", "Loaded_Language", "Attribution_Marker")


@pytest.fixture
def store(article):
    return SpanStore(article, "Giulia", LABELS)


def _sel(article, needle, occurrence=1):
    return article.find(needle, occurrence)


@pytest.mark.parametrize(
    "selection, expected",
    [
        ("nvasion", "invasione"),  # inside a word -> whole word
        ("nvaso", "invaso"),
        ("militare spec", "militare speciale"),
        ("crisi ucraina", "crisi ucraina"),  # already on boundaries
        ("a un’inv", "a un’invasione"),
    ],
)
def test_add_snaps_outward_to_whole_tokens(article, store, selection, expected):
    start, end = _sel(article, selection)
    span = store.add(start, end, "Naming_Choice")
    assert article.text[span.start : span.end] == expected


def test_add_records_token_range(article, store):
    span = store.add(*_sel(article, "operazione militare speciale"), "Naming_Choice")
    assert article.tokens[span.token_start][0] == span.start
    assert article.tokens[span.token_end - 1][1] == span.end
    assert span.token_end - span.token_start == 3


def test_selection_of_only_spaces_is_refused(article, store):
    start = article.text.index("  ") if "  " in article.text else article.text.index(" ")
    with pytest.raises(SpanError, match="only spaces"):
        store.add(start, start + 1, "Naming_Choice")


@pytest.mark.parametrize("start, end", [(-1, 5), (5, 5), (10, 3), (0, 10**6)])
def test_selection_outside_text_is_refused(store, start, end):
    with pytest.raises(SpanError, match="not inside the text"):
        store.add(start, end, "Naming_Choice")


def test_same_span_and_label_twice_is_refused(article, store):
    store.add(*_sel(article, "senza limiti"), "Naming_Choice")
    with pytest.raises(SpanError, match="already tagged as Naming_Choice"):
        store.add(*_sel(article, "senza lim"), "Naming_Choice")


def test_same_span_with_another_label_is_allowed(article, store):
    store.add(*_sel(article, "senza limiti"), "Naming_Choice")
    store.add(*_sel(article, "senza limiti"), "Loaded_Language")
    assert [s.label for s in store.spans] == ["Loaded_Language", "Naming_Choice"]


def test_overlapping_and_nested_spans_are_allowed(article, store):
    outer = store.add(*_sel(article, "soluzione adeguata alla crisi ucraina"), "Naming_Choice")
    inner = store.add(*_sel(article, "crisi ucraina"), "Naming_Choice")
    crossing = store.add(*_sel(article, "alla crisi ucraina” – facendo"), "Loaded_Language")
    assert set(store.spans) == {outer, inner, crossing}


def test_unknown_label_lists_allowed_labels(article, store):
    with pytest.raises(SpanError, match="This exercise uses: Naming_Choice, Loaded_Language"):
        store.add(*_sel(article, "invaso"), "Doubt")


@pytest.mark.parametrize("label", [["Naming_Choice"], {"id": "Naming_Choice"}, None])
def test_a_label_that_is_not_text_is_refused_with_the_allowed_labels(article, store, label):
    with pytest.raises(SpanError, match="This exercise uses: Naming_Choice, Loaded_Language"):
        store.add(*_sel(article, "invaso"), label)


def test_remove_missing_span_is_refused(store):
    with pytest.raises(SpanError, match="No span 0–2 tagged 'Naming_Choice'"):
        store.remove(0, 2, "Naming_Choice")


def test_remove_deletes_the_span(article, store):
    span = store.add(*_sel(article, "invaso"), "Naming_Choice")
    assert store.remove(span.start, span.end, span.label) == span
    assert store.spans == ()


def test_add_tokens_uses_token_offsets(article, store):
    span = store.add_tokens(0, 2, "Loaded_Language")
    assert (span.start, span.end) == (article.tokens[0][0], article.tokens[1][1])


@pytest.mark.parametrize("ts, te", [(-1, 1), (3, 3), (5, 2), (0, 10**6)])
def test_add_tokens_refuses_bad_ranges(store, ts, te):
    with pytest.raises(SpanError, match="not a valid range"):
        store.add_tokens(ts, te, "Loaded_Language")


def test_set_note_is_undoable(article, store):
    span = store.add(*_sel(article, "invaso"), "Naming_Choice")
    store.set_note(span.start, span.end, span.label, "la voce del giornalista")
    assert store.spans[0].note == "la voce del giornalista"
    store.undo()
    assert store.spans[0].note == ""


def test_note_too_long_is_refused(article, store):
    with pytest.raises(SpanError, match=f"at most {NOTE_MAX} characters"):
        store.add(*_sel(article, "invaso"), "Naming_Choice", note="x" * (NOTE_MAX + 1))


def test_undo_redo_and_flags(article, store):
    assert not store.can_undo and not store.undo()
    span = store.add(*_sel(article, "invaso"), "Naming_Choice")
    assert store.can_undo and not store.can_redo
    assert store.undo() and store.spans == ()
    assert store.can_redo
    assert store.redo() and store.spans == (span,)
    assert not store.redo()


def test_new_change_clears_redo(article, store):
    store.add(*_sel(article, "invaso"), "Naming_Choice")
    store.undo()
    store.add(*_sel(article, "crisi ucraina"), "Naming_Choice")
    assert not store.can_redo


def test_spans_at_token(article, store):
    outer = store.add(*_sel(article, "soluzione adeguata alla crisi ucraina"), "Naming_Choice")
    inner = store.add(*_sel(article, "crisi ucraina"), "Naming_Choice")
    assert store.spans_at_token(inner.token_start) == (outer, inner)
    assert store.spans_at_token(outer.token_start) == (outer,)
    assert store.spans_at_token(0) == ()


def test_progress_lists_every_label(article, store):
    store.add(*_sel(article, "invaso"), "Naming_Choice")
    store.add(*_sel(article, "crisi ucraina"), "Naming_Choice")
    assert store.progress() == {"Naming_Choice": 2, "Loaded_Language": 0, "Attribution_Marker": 0}


def test_default_labels_are_the_whole_taxonomy(article):
    from inquadra import taxonomy

    assert SpanStore(article).labels == taxonomy.load().ids()


def test_listener_called_after_each_change(article, store):
    seen = []
    store.on_change(lambda s: seen.append(len(s)))
    span = store.add(*_sel(article, "invaso"), "Naming_Choice")
    store.set_note(span.start, span.end, span.label, "n")
    store.undo()
    store.redo()
    store.remove(span.start, span.end, span.label)
    store.replace_all([span])
    assert seen == [1, 1, 1, 1, 0, 1]


def test_listener_not_called_after_failed_change(article, store):
    seen = []
    store.on_change(seen.append)
    with pytest.raises(SpanError):
        store.add(0, 1, "Doubt")
    assert seen == []


def test_replace_all_clears_history(article, store):
    span = store.add(*_sel(article, "invaso"), "Naming_Choice")
    store.replace_all([span])
    assert not store.can_undo and store.spans == (span,)


def test_replace_all_refuses_misaligned_span(store):
    with pytest.raises(SpanError, match="does not match tokens"):
        store.replace_all([Span(1, 5, "Naming_Choice", 0, 1)])


def test_records_round_trip(article, store):
    store.add(*_sel(article, "invaso"), "Naming_Choice", note="voce propria")
    store.add(*_sel(article, "sanzioni illegali"), "Loaded_Language")
    again = SpanStore.from_records(article, store.to_records(), "Giulia", LABELS)
    assert again.spans == store.spans


def test_from_records_names_the_bad_span(article):
    with pytest.raises(SpanError, match="Span 1: The span's 'start' must be a whole number"):
        SpanStore.from_records(
            article,
            [{"start": "3", "end": 5, "token_start": 0, "token_end": 1, "label": "Naming_Choice"}],
            labels=LABELS,
        )


def test_span_dict_round_trip():
    span = Span(3, 9, "Loaded_Language", 1, 2, "nota")
    assert Span.from_dict(span.to_dict()) == span
    assert span.key == (3, 9, "Loaded_Language")


def test_repr_is_deterministic(store):
    assert repr(store) == "<SpanStore 000_a3bf1baf7ef32c25 by Giulia: 0 spans>"


def test_add_and_undo_are_fast_on_whole_article(article, store):
    n = len(article.tokens)
    block_of = [next(i for i, b in enumerate(article.blocks) if b.start <= s < b.end)
                for s, _ in article.tokens]
    for k in range(0, n - 3, 2):  # a heavily tagged article (spans inside one block)
        if block_of[k] == block_of[k + 2]:
            store.add_tokens(k, k + 3, LABELS[k % 3])
    block = max(article.paragraphs, key=lambda b: len(b.text))
    ts, te = store.snap(block.start, block.end)
    start = time.perf_counter()
    store.add_tokens(ts, te, "Naming_Choice", confirm=True)
    shown = len(store.spans)
    store.undo()
    shown += len(store.spans)
    assert shown > 0 and time.perf_counter() - start < 0.03


_ops = st.lists(
    st.tuples(
        st.sampled_from(["add", "remove", "undo", "redo", "note"]),
        st.integers(0, 5000),
        st.integers(1, 80),
        st.sampled_from(LABELS),
    ),
    max_size=40,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=_ops)
def test_random_edits_keep_spans_valid_and_undo_exact(article, ops):
    store = SpanStore(article, "Giulia", LABELS)
    text_len = len(article.text)
    starts = {s for s, _ in article.tokens}
    ends = {e for _, e in article.tokens}
    for op, pos, width, label in ops:
        before = store.spans
        changed = False
        try:
            if op == "add":
                store.add(pos % text_len, min(pos % text_len + width, text_len), label)
                changed = True
            elif op == "remove" and store.spans:
                s = store.spans[pos % len(store.spans)]
                store.remove(s.start, s.end, s.label)
                changed = True
            elif op == "note" and store.spans:
                s = store.spans[pos % len(store.spans)]
                store.set_note(s.start, s.end, s.label, f"nota {pos}")
                changed = s.note != f"nota {pos}"
            elif op == "undo":
                store.undo()
            elif op == "redo":
                store.redo()
        except SpanError:
            assert store.spans == before
            continue
        for s in store.spans:
            assert 0 <= s.start < s.end <= text_len
            assert s.start in starts and s.end in ends
        assert list(store.spans) == sorted(store.spans, key=lambda x: x.key)
        if changed:
            after = store.spans
            assert store.undo() and store.spans == before
            assert store.redo() and store.spans == after
    assert SpanStore.from_records(article, store.to_records(), labels=LABELS).spans == store.spans


# -- sane spans --------------------------------------------------------------------------------


def test_a_span_across_paragraphs_is_refused_with_a_message(article, store):
    p03, p04 = article.block("p03"), article.block("p04")
    start = p03.end - 10
    with pytest.raises(SpanError, match="across two paragraphs"):
        store.add(start, p04.start + 10, "Naming_Choice")
    with pytest.raises(SpanError, match="across two paragraphs"):
        store.add(start, p04.start + 10, "Naming_Choice", confirm=True)
    assert len(store) == 0
    headline = article.block("hl")
    with pytest.raises(SpanError, match="paragraph"):
        store.add(headline.start, article.block("p01").start + 5, "Naming_Choice", confirm=True)


def test_a_span_inside_one_paragraph_is_kept(article, store):
    p03 = article.block("p03")
    span = store.add(p03.start, p03.start + 40, "Naming_Choice")
    assert span.start == p03.start


def test_an_overlong_span_needs_confirmation(article):
    ref = reference.load()
    limits = length_limits(ref.spans)
    longest = max(r.span.token_end - r.span.token_start for r in ref.spans if r.label == "Naming_Choice")
    assert limits["Naming_Choice"] == min(SPAN_TOKENS_MAX, LENGTH_FACTOR * longest)
    store = SpanStore(article, "Giulia", LABELS, max_tokens=limits)
    block = max(article.paragraphs, key=lambda b: len(b.text))
    ts, te = store.snap(block.start, block.end)
    assert te - ts > store.limit("Naming_Choice")
    with pytest.raises(SpanNeedsConfirmation, match="Long spans earn little") as info:
        store.add_tokens(ts, te, "Naming_Choice")
    assert (info.value.tokens, info.value.limit) == (te - ts, store.limit("Naming_Choice"))
    assert len(store) == 0 and not store.can_undo
    span = store.add_tokens(ts, te, "Naming_Choice", confirm=True)
    assert store.spans == (span,)


def test_the_limit_is_three_times_the_longest_reference_span_at_most_25(article):
    limits = length_limits([Span(0, 1, "A", 0, 2), Span(0, 1, "A", 0, 3), Span(0, 1, "B", 0, 20)])
    assert limits == {"A": 9, "B": SPAN_TOKENS_MAX}
    store = SpanStore(article, "Giulia", LABELS, max_tokens={"Naming_Choice": 6})
    assert store.needs_confirmation(10, 17, "Naming_Choice")
    assert not store.needs_confirmation(10, 16, "Naming_Choice")
    assert store.limit("Loaded_Language") == SPAN_TOKENS_MAX
    assert store.needs_confirmation(0, SPAN_TOKENS_MAX + 1, "Loaded_Language")


def test_restoring_saved_work_keeps_long_and_cross_paragraph_spans(article, store):
    """Old files may hold such spans: restoring never drops them."""
    ts, te = store.snap(article.block("p03").start, article.block("p05").end)
    long = Span(article.tokens[ts][0], article.tokens[te - 1][1], "Naming_Choice", ts, te)
    store.replace_all([long])
    assert store.spans == (long,)


def test_learner_messages_follow_the_language(article, store):
    from inquadra import i18n

    store.add(*_sel(article, "invaso"), "Naming_Choice")
    i18n.set_language("it")
    try:
        with pytest.raises(SpanError, match="“invaso” è già etichettato come Naming_Choice"):
            store.add(*_sel(article, "invaso"), "Naming_Choice")
    finally:
        i18n.set_language("en")
