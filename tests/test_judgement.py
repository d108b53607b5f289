"""Judgement exercises: a right claim needs real, short, relevant evidence, and nothing else passes."""

from __future__ import annotations

import pytest

from inquadra import bundles, checks
from inquadra.checks import check
from inquadra.judgement import MAX_WORDS, read_quotes

ARGUMENTS = [e for e in checks.exercises() if checks.spec(e)["kind"] == "argument"]


def _article(sp):
    return bundles.load(sp["article"]).article if sp.get("article") else bundles.current().article


def test_at_least_half_of_the_exercises_need_judgement():
    assert len(ARGUMENTS) * 2 >= len(checks.exercises())


@pytest.mark.parametrize("exercise", ARGUMENTS)
def test_every_cue_is_real_evidence_and_passes_with_the_right_claim(exercise):
    sp = checks.spec(exercise)
    for cue in sp["cues"]:
        result = check(exercise, {"claim": sp["answer"], "evidence": [cue]})
        assert result.passed, (cue, result.message)


@pytest.mark.parametrize("exercise", ARGUMENTS)
def test_a_wrong_claim_fails_even_with_good_evidence(exercise):
    sp = checks.spec(exercise)
    for claim in sp["claims"]:
        if claim != sp["answer"]:
            result = check(exercise, {"claim": claim, "evidence": sp["cues"]})
            assert not result.passed and "Not this claim" in result.message


@pytest.mark.parametrize("exercise", ARGUMENTS)
def test_a_right_claim_without_evidence_fails(exercise):
    result = check(exercise, {"claim": checks.spec(exercise)["answer"], "evidence": []})
    assert not result.passed and "evidence" in result.message


@pytest.mark.parametrize("exercise", ARGUMENTS)
def test_evidence_that_does_not_bear_on_the_claim_fails(exercise):
    sp = checks.spec(exercise)
    art = _article(sp)
    cues = [c.casefold() for c in sp["cues"]]
    unrelated = next(s.text.split(",")[0] for s in art.sentences
                     if 3 <= len(s.text.split(",")[0].split()) <= MAX_WORDS
                     and not any(c in s.text.casefold() for c in cues))
    result = check(exercise, {"claim": sp["answer"], "evidence": [unrelated]})
    assert not result.passed and "do not show it" in result.message


@pytest.mark.parametrize("exercise", ARGUMENTS)
def test_pasting_the_whole_text_is_not_evidence(exercise):
    sp = checks.spec(exercise)
    result = check(exercise, {"claim": sp["answer"], "evidence": [_article(sp).text]})
    assert not result.passed


def test_invented_evidence_is_refused():
    result = check("2.1", {"claim": "china_avoided", "evidence": ["la Cina ha rifiutato la parola invasione"]})
    assert not result.passed and "cannot find" in result.message


def test_straight_apostrophes_and_quotes_count_as_typographic_ones():
    result = check("3.3", {"claim": "distances", "evidence": ['"operazione militare speciale"']})
    assert result.passed, result.message


def test_an_unknown_claim_lists_the_claims():
    result = check("1.3", {"claim": "cnn", "evidence": []})
    assert not result.passed and "ministry" in result.message


def test_a_bare_string_answer_says_what_shape_is_expected():
    result = check("1.3", "ministry")
    assert not result.passed and "'claim'" in result.message


def test_read_quotes_finds_the_sentence():
    art = bundles.current().article
    (quote,) = read_quotes(["rifiutandosi di condannare"], art, ["rifiutandosi"])
    assert quote.found and quote.bears and quote.sentence_id == "p04.s2"
