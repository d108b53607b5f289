"""CorrectionState without a browser: drafts, comparisons, payloads and merging."""

from __future__ import annotations

import pytest

from inquadra import corrections
from inquadra.activities.correction import CorrectionState, PadError, build_items


@pytest.fixture
def items(article):
    fixes = corrections.load()
    damaged = next(c for c in fixes if c.kind != "cosmetic")
    plain = next(s for s in article.sentences if not any(c.sentence_id == s.id for c in fixes))
    return build_items([{"sentence": damaged.sentence_id}, {"sentence": plain.id, "plain": True}],
                       article, fixes)


def test_drafts_start_as_the_sentence_and_comparing_is_an_attempt(items):
    state = CorrectionState(items)
    damaged, plain = items
    assert state.answers[damaged.sentence_id] == damaged.text
    assert state.compare(plain.sentence_id).verdict == "kept"
    assert state.compare(damaged.sentence_id).verdict == "unchanged"
    state.set_answer(damaged.sentence_id, damaged.corrected)
    assert state.compare(damaged.sentence_id).verdict == "fixed"
    answers = state.take_answers()
    assert [(item, correct) for item, _a, correct in answers] == [
        (plain.sentence_id, True), (damaged.sentence_id, False), (damaged.sentence_id, True)]
    assert state.compared == [plain.sentence_id, damaged.sentence_id]


def test_an_unknown_sentence_is_refused(items):
    with pytest.raises(PadError, match="no sentence 'p99.s9'"):
        CorrectionState(items).compare("p99.s9")


def test_payload_round_trip_and_bad_payloads(items):
    state = CorrectionState(items)
    sid = items[0].sentence_id
    state.set_answer(sid, "nuovo testo")
    state.compare(sid)
    again = CorrectionState(items)
    again.load(again.parse(state.to_payload()))
    assert again.answers[sid] == "nuovo testo" and again.compared == [sid]
    with pytest.raises(PadError, match="p99.s9"):
        again.parse({"answers": {"p99.s9": "x"}})
    with pytest.raises(PadError, match="answers"):
        again.parse({"answers": {sid: 3}})


def test_merge_keeps_both_sides_answers_and_comparisons(items):
    state = CorrectionState(items)
    a, b = (i.sentence_id for i in items)
    base = state.parse({"answers": {}, "compared": []})
    mine = state.parse({"answers": {a: "mio"}, "compared": [a]})
    theirs = state.parse({"answers": {b: "loro"}, "compared": [b]})
    merged = state.merge(base, mine, theirs)
    assert merged["answers"][a] == "mio" and merged["answers"][b] == "loro"
    assert merged["compared"] == [b, a]
