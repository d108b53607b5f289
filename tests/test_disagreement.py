"""Hot spots and common mistakes of a class."""

from __future__ import annotations

import numpy as np
import pytest

from inquadra.annotations import agreement as ag
from inquadra.annotations import reference as reference_module
from inquadra.annotations.disagreement import common_mistakes, hot_spots
from inquadra.annotations.spans import Span

LABELS = ("Naming_Choice", "Loaded_Language")


def _span(article, ts, te, label="Naming_Choice"):
    return Span(article.tokens[ts][0], article.tokens[te - 1][1], label, ts, te)


def _matrix(article, spans, covered=None):
    return ag.class_matrix(spans, len(article.tokens), LABELS, covered)


def test_no_hot_spot_when_everyone_agrees(article):
    same = [_span(article, 10, 12)]
    assert hot_spots(_matrix(article, {"a": same, "b": same}), article) == ()


def test_a_hot_spot_says_who_chose_which_label_and_what_the_reference_says(article):
    spans = {"ada": [_span(article, 10, 12)], "bea": [_span(article, 10, 12, "Loaded_Language")],
             "cy": []}
    ref = [_span(article, 10, 12, "Loaded_Language")]
    (spot,) = hot_spots(_matrix(article, spans), article, ref)
    assert (spot.token_start, spot.token_end) == (10, 12)
    assert spot.text == article.text[spot.start:spot.end]
    assert dict(spot.votes) == {"Naming_Choice": ("ada",), "Loaded_Language": ("bea",)}
    assert spot.untagged == ("cy",) and spot.reference == ("Loaded_Language",)
    assert spot.disagreement == pytest.approx(1.0)


def test_hot_spots_never_cross_a_block_boundary(article):
    p01 = article.block("p01")
    last = max(i for i, (_, e) in enumerate(article.tokens) if e <= p01.end)
    spans = {"a": [_span(article, last - 1, last + 2)], "b": []}
    spots = hot_spots(_matrix(article, spans), article)
    assert [s.block_id for s in spots] == ["p01", "p02"]


def test_hot_spots_are_sorted_most_contested_first(article):
    spans = {"a": [_span(article, 5, 6), _span(article, 30, 31)],
             "b": [_span(article, 5, 6)], "c": [_span(article, 30, 31)], "d": [_span(article, 30, 31)]}
    spots = hot_spots(_matrix(article, spans), article)
    assert [s.token_start for s in spots] == [5, 30]
    assert spots[0].disagreement > spots[1].disagreement


def test_annotators_who_did_not_reach_a_place_do_not_count_there(article):
    spans = {"a": [_span(article, 10, 12)], "b": [_span(article, 10, 12)], "c": [_span(article, 1, 2)]}
    covered = {"c": np.arange(len(article.tokens)) < 5}
    spots = hot_spots(_matrix(article, spans, covered), article)
    assert all(s.token_start < 5 for s in spots)


def test_common_mistakes_count_false_alarms_by_sentence_and_misses_by_span(article):
    ref = reference_module.load()
    first = ref.spans[0].span
    plain_sentence = article.sentence(ref.plain[1][0])
    ts = next(i for i, (s, _) in enumerate(article.tokens) if s >= plain_sentence.start)
    alarm = _span(article, ts, ts + 2, "Loaded_Language")
    everything = [r.span for r in ref.spans]
    spans = {"a": everything[1:] + [alarm], "b": everything[1:] + [alarm], "c": everything}
    alarms, misses = common_mistakes(spans, ref, article)
    assert [(m.label, m.where, m.annotators, m.plain) for m in alarms] == [
        ("Loaded_Language", plain_sentence.id, ("a", "b"), True)]
    assert [(m.start, m.end, m.label, m.annotators) for m in misses] == [
        (first.start, first.end, first.label, ("a", "b"))]


def test_a_miss_beyond_a_students_coverage_is_not_counted(article):
    ref = reference_module.load()
    last = ref.spans[-1].span
    spans = {"a": [r.span for r in ref.spans[:-1]]}
    covered = {"a": np.arange(len(article.tokens)) < last.token_start}
    assert common_mistakes(spans, ref, article, covered)[1] == ()
    assert len(common_mistakes(spans, ref, article)[1]) == 1


def test_precomputed_comparisons_give_the_same_mistakes(article):
    from inquadra.annotations.compare import compare

    ref = reference_module.load()
    spans = {"a": [r.span for r in ref.spans[::2]], "b": [r.span for r in ref.spans[1::3]]}
    done = {name: compare(s, ref) for name, s in spans.items()}
    assert common_mistakes(spans, ref, article, comparisons=done) == common_mistakes(spans, ref, article)
