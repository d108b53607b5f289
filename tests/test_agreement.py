"""Agreement figures, each checked against an independent implementation."""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from inquadra.annotations import agreement as ag
from inquadra.annotations.spans import Span

LABELS = ("Naming_Choice", "Loaded_Language", "Attribution_Marker")


def _span(ts: int, te: int, label: str) -> Span:
    # Offsets stand in for a toy text where token i is characters 2i..2i+1.
    return Span(2 * ts, 2 * te - 1, label, ts, te)


def _random_class(seed: int, annotators: int = 6, tokens: int = 60) -> dict[str, list[Span]]:
    rng = np.random.default_rng(seed)
    out = {}
    for a in range(annotators):
        spans = set()
        for _ in range(rng.integers(0, 8)):
            ts = int(rng.integers(0, tokens - 1))
            te = int(min(tokens, ts + rng.integers(1, 6)))
            spans.add(_span(ts, te, LABELS[int(rng.integers(0, len(LABELS)))]))
        out[f"synthetic-{a:02d}"] = sorted(spans)
    return out


def _matrix(seed: int, **kw) -> ag.ClassMatrix:
    spans = _random_class(seed, **kw)
    return ag.class_matrix(spans, kw.get("tokens", 60), LABELS)


@pytest.mark.parametrize("seed", range(8))
def test_cohen_kappa_matches_scikit_learn(seed):
    cats = ag.categories(_matrix(seed))
    mine = ag.cohen_kappa(cats[0], cats[1])
    theirs = cohen_kappa_score(cats[0], cats[1])
    assert mine == pytest.approx(theirs, abs=1e-12) or (math.isnan(mine) and math.isnan(theirs))


@pytest.mark.parametrize("label", LABELS)
def test_binary_cohen_kappa_per_label_matches_scikit_learn(label):
    cats = ag.categories(_matrix(3, annotators=2, tokens=200), label)
    assert ag.cohen_kappa(cats[0], cats[1]) == pytest.approx(cohen_kappa_score(cats[0], cats[1]))


def test_cohen_kappa_is_nan_when_both_rate_one_category():
    assert math.isnan(ag.cohen_kappa(np.zeros(10), np.zeros(10)))


@pytest.mark.parametrize("seed", range(8))
def test_fleiss_kappa_matches_statsmodels(seed):
    cats = ag.categories(_matrix(seed))
    table, _ = aggregate_raters(cats.T)
    assert ag.fleiss_kappa(cats) == pytest.approx(sm_fleiss_kappa(table, method="fleiss"))


def test_fleiss_kappa_refuses_missing_ratings():
    cats = np.array([[0, 1, ag.MISSING], [0, 1, 1]])
    with pytest.raises(ValueError, match="alpha"):
        ag.fleiss_kappa(cats)


@pytest.mark.parametrize("seed", range(8))
def test_alpha_matches_krippendorff_package(seed):
    cats = ag.categories(_matrix(seed), missing=True)
    data = np.where(cats == ag.MISSING, np.nan, cats).astype(float)
    theirs = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert ag.krippendorff_alpha(cats) == pytest.approx(theirs)


@pytest.mark.parametrize("seed", range(6))
def test_alpha_with_missing_data_matches_krippendorff_package(seed):
    matrix = _matrix(seed)
    rng = np.random.default_rng(100 + seed)
    covered = {name: np.arange(60) < rng.integers(10, 61) for name in matrix.annotators}
    matrix = ag.class_matrix(_random_class(seed), 60, LABELS, covered)
    cats = ag.categories(matrix, missing=True)
    assert (cats == ag.MISSING).any()
    data = np.where(cats == ag.MISSING, np.nan, cats).astype(float)
    theirs = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert ag.krippendorff_alpha(cats) == pytest.approx(theirs)


@pytest.mark.parametrize("label", LABELS)
def test_binary_alpha_per_label_matches_krippendorff_package(label):
    cats = ag.categories(_matrix(5), label, missing=True)
    theirs = krippendorff.alpha(reliability_data=cats.astype(float), level_of_measurement="nominal")
    assert ag.krippendorff_alpha(cats) == pytest.approx(theirs)


def test_overlapping_labels_take_the_first_in_label_order():
    spans = {"a": [_span(0, 3, "Loaded_Language"), _span(1, 2, "Naming_Choice")]}
    cats = ag.categories(ag.class_matrix(spans, 4, LABELS))
    assert cats.tolist() == [[2, 1, 2, 0]]


def test_exact_f1_counts_only_identical_spans():
    spans = {
        "a": [_span(0, 3, "Naming_Choice"), _span(5, 7, "Loaded_Language")],
        "b": [_span(0, 3, "Naming_Choice"), _span(5, 8, "Loaded_Language")],
    }
    f1 = ag.pairwise_f1(ag.class_matrix(spans, 10, LABELS), "exact")
    assert f1.matrix()[0, 1] == pytest.approx(0.5)
    assert f1.matrix("Naming_Choice")[0, 1] == pytest.approx(1.0)
    assert f1.matrix("Loaded_Language")[0, 1] == pytest.approx(0.0)
    assert math.isnan(f1.matrix("Attribution_Marker")[0, 1])


def test_overlap_f1_counts_shared_tokens():
    spans = {"a": [_span(5, 7, "Loaded_Language")], "b": [_span(5, 8, "Loaded_Language")]}
    f1 = ag.pairwise_f1(ag.class_matrix(spans, 10, LABELS), "overlap")
    assert f1.matrix("Loaded_Language")[1, 0] == pytest.approx(2 * 2 / (2 + 3))


@pytest.mark.parametrize("seed", range(4))
def test_overlap_f1_matches_scikit_learn_token_f1(seed):
    from sklearn.metrics import f1_score

    matrix = _matrix(seed)
    f1 = ag.pairwise_f1(matrix, "overlap")
    i = matrix.label_index("Loaded_Language")
    a, b = matrix.tags[0, :, i], matrix.tags[1, :, i]
    if not (a.any() or b.any()):
        pytest.skip("neither annotator used the label in this draw")
    assert f1.matrix("Loaded_Language")[0, 1] == pytest.approx(f1_score(b, a, zero_division=0))


def test_pairwise_f1_rejects_unknown_mode():
    with pytest.raises(ValueError, match="exact"):
        ag.pairwise_f1(_matrix(0), "fuzzy")


def test_coverage_stops_after_the_last_tagged_block(article):
    p03 = article.block("p03")
    first = next(i for i, (s, _) in enumerate(article.tokens) if s >= p03.start)
    cov = ag.coverage([Span(*article.tokens[first], "Naming_Choice", first, first + 1)], article)
    ends = [e for _, e in article.tokens]
    assert cov[: first + 1].all()
    assert not cov[np.array(ends) > p03.end].any()
    assert cov.sum() == sum(1 for _, e in article.tokens if e <= p03.end)


def test_coverage_of_no_spans_is_empty(article):
    assert not ag.coverage([], article).any()


def test_token_disagreement_is_zero_where_all_agree_and_positive_elsewhere():
    spans = {
        "a": [_span(0, 2, "Naming_Choice")],
        "b": [_span(0, 2, "Naming_Choice")],
        "c": [_span(0, 3, "Naming_Choice")],
    }
    d = ag.token_disagreement(ag.class_matrix(spans, 4, LABELS))
    assert d.tolist() == pytest.approx([0.0, 0.0, 2 / 3, 0.0])


def test_agreement_is_perfect_for_identical_annotators():
    spans = {"a": [_span(0, 2, "Naming_Choice")], "b": [_span(0, 2, "Naming_Choice")]}
    result = ag.agreement(ag.class_matrix(spans, 6, LABELS))
    assert (result.alpha, result.fleiss, result.f1_exact, result.f1_overlap) == pytest.approx(
        (1.0, 1.0, 1.0, 1.0)
    )
    assert [row[0] for row in result.by_label] == ["Naming_Choice"]


def test_token_disagreement_is_the_same_with_many_labels():
    many = tuple(f"L{i:02d}" for i in range(70))
    spans = {"a": [_span(0, 2, "L65"), _span(3, 5, "L01")], "b": [_span(0, 3, "L65")], "c": []}
    wide = ag.token_disagreement(ag.class_matrix(spans, 8, many))
    narrow = ag.token_disagreement(ag.class_matrix(spans, 8, ("L01", "L65")))
    assert wide.tolist() == pytest.approx(narrow.tolist())
    assert wide.any()


def test_a_class_that_tagged_nothing_gives_undefined_figures_not_a_crash():
    matrix = ag.class_matrix({"synthetic-01": [], "synthetic-02": []}, 12)
    result = ag.agreement(matrix)
    assert ag.categories(matrix).tolist() == [[0] * 12, [0] * 12]
    assert all(math.isnan(x) for x in (result.alpha, result.fleiss, result.f1_exact, result.f1_overlap))
    assert result.by_label == ()
