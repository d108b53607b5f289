"""TaggingState without a browser: payloads, validation, union merge, reference mode."""

from __future__ import annotations

import pytest

from inquadra.activities import ActivityError, TaggingState
from inquadra.annotations.spans import SpanStore

LABELS = ["Naming_Choice", "Loaded_Language"]


@pytest.fixture
def state(article):
    return TaggingState(SpanStore(article, "Giulia", LABELS))


def test_payload_round_trip(state, article):
    state.store.add_tokens(2, 5, "Naming_Choice", note="perché")
    other = TaggingState(SpanStore(article, "Giulia", LABELS))
    other.load(other.parse(state.to_payload()))
    assert other.store.spans == state.store.spans


@pytest.mark.parametrize("change, words", [
    (lambda p: p.update(text_sha256="0" * 64), "text hash"),
    (lambda p: p["spans"][0].update(label="Personalisation"), "Unknown label"),
    (lambda p: p["spans"][0].update(end=p["spans"][0]["end"] + 1), "does not match tokens"),
    (lambda p: p["spans"].append(dict(p["spans"][0])), "twice"),
    (lambda p: p.update(spans={}), "must be a list"),
])
def test_a_payload_that_does_not_fit_is_refused(state, change, words):
    state.store.add_tokens(2, 5, "Naming_Choice")
    payload = state.to_payload()
    change(payload)
    with pytest.raises(ActivityError, match=words):
        state.parse(payload)


def test_merge_is_a_union_and_a_changed_note_wins(state):
    store = state.store
    store.add_tokens(2, 5, "Naming_Choice")
    base = state.to_payload()
    store.set_note(store.spans[0].start, store.spans[0].end, "Naming_Choice", "mine")
    store.add_tokens(7, 8, "Loaded_Language")
    mine = state.to_payload()
    theirs = dict(base, spans=[*base["spans"], {**base["spans"][0], "token_start": 9, "token_end": 10,
                                                 "start": store.article.tokens[9][0],
                                                 "end": store.article.tokens[9][1]}])
    merged = state.merge(base, mine, state.parse(theirs))
    assert sorted((s["token_start"], s["note"]) for s in merged["spans"]) == [
        (2, "mine"), (7, ""), (9, "")]


def test_changes_become_history_answers_but_loading_does_not(state):
    store = state.store
    span = store.add_tokens(2, 5, "Naming_Choice")
    store.remove(span.start, span.end, span.label)
    kinds = [next(iter(answer)) for _item, answer, _c in state.take_answers()]
    assert kinds == ["add", "remove"]
    state.load(state.to_payload())
    assert state.take_answers() == []


def test_reference_mode_counts_a_span_only_with_a_rationale(article):
    state = TaggingState(SpanStore(article, "Teacher", LABELS), mode="reference")
    span = state.store.add_tokens(2, 5, "Naming_Choice")
    assert state.needs_rationale(span) and state.progress()["Naming_Choice"] == 0
    noted = state.store.set_note(span.start, span.end, span.label, "the Kremlin's term")
    assert not state.needs_rationale(noted) and state.progress()["Naming_Choice"] == 1
    assert state.missing_rationales() == ()


def test_unknown_mode_is_refused(article):
    with pytest.raises(ActivityError, match="student' or 'reference"):
        TaggingState(SpanStore(article, "x", LABELS), mode="teacher")
