"""SortingState without a browser: placing, checking, scoring, payloads and merging."""

from __future__ import annotations

import pytest

from inquadra.activities import ActivityError, SortingState, score_sorting

BUCKETS = [{"id": "beijing", "name": {"en": "Beijing", "it": "Pechino"}}, "moscow"]
STATEMENTS = [{"id": "s1", "text": "Xi speaks of sovereignty.", "bucket": "beijing"},
              {"id": "s2", "text": "Ukraine comes first.", "bucket": "moscow"},
              {"id": "s3", "text": "Both sides agree.", "bucket": "moscow"}]


@pytest.fixture
def state():
    return SortingState(STATEMENTS, BUCKETS)


def test_place_check_and_score(state):
    state.place("s1", "beijing")
    state.place("s2", "beijing")
    score = state.check()
    assert (score.right, score.wrong, score.unsorted) == (1, 1, 1)
    assert state.checked
    answers = state.take_answers()
    assert answers[:2] == [("s1", "beijing", True), ("s2", "beijing", False)]
    assert answers[2][0] == "check" and answers[2][2] is False


def test_placing_none_takes_a_statement_out(state):
    state.place("s1", "beijing")
    state.place("s1", None)
    assert state.placement == {}


@pytest.mark.parametrize("sid, bucket", [("s9", "moscow"), ("s1", "kyiv")])
def test_unknown_statement_or_bucket_is_refused(state, sid, bucket):
    with pytest.raises(ActivityError):
        state.place(sid, bucket)
    assert state.placement == {}


def test_reset_clears(state):
    state.place("s1", "beijing")
    state.check()
    state.reset()
    assert state.placement == {} and not state.checked


def test_bucket_names_follow_the_language(state):
    assert state.bucket_name("beijing", "it") == "Pechino"
    assert state.bucket_name("moscow", "it") == "moscow"


def test_payload_round_trip_and_bad_payloads(state):
    state.place("s2", "moscow")
    again = SortingState(STATEMENTS, BUCKETS)
    again.load(again.parse(state.to_payload()))
    assert again.placement == {"s2": "moscow"}
    with pytest.raises(ActivityError, match="placement"):
        again.parse({"placement": {"s1": "kyiv"}})
    with pytest.raises(ActivityError, match="checked"):
        again.parse({"placement": {}, "checked": "yes"})


def test_merge_per_statement(state):
    base = {"placement": {"s1": "beijing"}, "checked": False}
    mine = {"placement": {"s1": "moscow"}, "checked": False}
    theirs = {"placement": {"s1": "beijing", "s3": "moscow"}, "checked": True}
    assert state.merge(base, mine, theirs) == {"placement": {"s1": "moscow", "s3": "moscow"},
                                               "checked": True, "checks": 1, "revealed": False}


def test_score_sorting_counts_every_statement():
    score = score_sorting({"a": "x", "b": "y"}, {"a": "x"})
    assert score.total == 2 and score.results == {"a": "right", "b": "unsorted"}


def test_a_bucket_named_by_a_statement_must_exist():
    with pytest.raises(ActivityError, match="do not exist"):
        SortingState([{"id": "s1", "text": "t", "bucket": "kyiv"}], BUCKETS)


def test_check_twice_before_the_answers_can_be_shown():
    state = SortingState(STATEMENTS, BUCKETS)
    with pytest.raises(ActivityError, match="Check twice"):
        state.reveal()
    state.check()
    assert state.checks == 1 and not state.can_reveal
    with pytest.raises(ActivityError):
        state.reveal()
    state.check()
    assert state.can_reveal
    state.reveal()
    assert state.revealed and not state.can_reveal
    assert state.to_payload()["checks"] == 2 and state.to_payload()["revealed"] is True
    state.reset()
    assert (state.checks, state.revealed) == (0, False)


def test_an_old_payload_without_counted_checks_reads_as_one_check():
    state = SortingState(STATEMENTS, BUCKETS)
    parsed = state.parse({"placement": {}, "checked": True})
    assert parsed["checks"] == 1 and parsed["revealed"] is False
    assert state.parse({"placement": {}, "checks": 1, "revealed": True})["revealed"] is False
