"""Feedback scores on hand-made examples with known precision, recall and F1."""

from __future__ import annotations

import pytest

from inquadra.annotations.compare import compare, scores
from inquadra.annotations.reference import Reference, ReferenceSpan
from inquadra.annotations.spans import Span, SpanStore

N, L = "Naming_Choice", "Loaded_Language"


@pytest.fixture
def mk(article):
    """A Span for the n-th occurrence of some text, snapped to tokens, without a store."""
    store = SpanStore(article, "x", [N, L])

    def span(text, label, occurrence=1):
        ts, te = store.snap(*article.find(text, occurrence))
        return Span(article.tokens[ts][0], article.tokens[te - 1][1], label, ts, te)

    return span


@pytest.mark.parametrize(
    "tp, fp, fn, expected",
    [
        (2, 1, 1, (2 / 3, 2 / 3, 2 / 3)),
        (1, 0, 3, (1.0, 0.25, 0.4)),
        (0, 0, 0, (1.0, 1.0, 1.0)),  # nothing to find, nothing claimed
        (0, 0, 2, (0.0, 0.0, 0.0)),  # student tagged nothing, reference has spans
        (0, 3, 0, (0.0, 0.0, 0.0)),  # reference has nothing, student tagged spans
    ],
)
def test_scores_and_zero_cases(tp, fp, fn, expected):
    assert scores(tp, fp, fn) == pytest.approx(expected)


def test_exact_and_overlap_counts(mk):
    ref = [mk("ha invaso", N), mk("crisi ucraina", N), mk("sanzioni illegali", L)]
    stu = [
        mk("ha invaso", N),  # exact hit
        mk("crisi", N, 2),  # overlap only ("crisi ucraina")
        mk("Nazioni Unite", L),
    ]  # false alarm
    c = compare(stu, ref)
    n, lab = c.per_label[N], c.per_label[L]
    assert (n.tp, n.fp, n.fn) == (1, 1, 1)
    assert (n.overlap_tp, n.overlap_fp, n.overlap_fn) == (2, 0, 0)
    assert (n.precision, n.recall, n.f1) == (0.5, 0.5, 0.5)
    assert (n.overlap_precision, n.overlap_recall, n.overlap_f1) == (1.0, 1.0, 1.0)
    assert (lab.tp, lab.fp, lab.fn, lab.f1) == (0, 1, 1, 0.0)
    assert (c.overall.tp, c.overall.fp, c.overall.fn) == (1, 2, 2)
    assert c.overall.overlap_f1 == pytest.approx(2 * 2 / (2 * 2 + 1 + 1))


def test_each_reference_span_matched_once(mk):
    ref = [mk("operazione militare speciale", N)]
    stu = [
        mk("operazione militare", N),
        mk("militare speciale", N),
        mk("operazione militare speciale", N),
    ]
    c = compare(stu, ref)
    score = c.per_label[N]
    assert (score.overlap_tp, score.overlap_fp, score.overlap_fn) == (1, 2, 0)
    assert [m.exact for m in c.matches] == [True]
    assert len(c.false_alarms) == 2


def test_label_must_agree_for_a_match(mk):
    c = compare([mk("ha invaso", L)], [mk("ha invaso", N)])
    assert c.per_label[N].overlap_fn == 1 and c.per_label[L].overlap_fp == 1
    assert c.matches == ()


def test_labels_argument_restricts_and_lists_unused(mk):
    c = compare([mk("ha invaso", L)], [mk("ha invaso", N)], labels=[N, "Personalisation"])
    assert list(c.per_label) == [N, "Personalisation"]
    assert c.per_label["Personalisation"].f1 == 1.0
    assert c.false_alarms == ()


def test_misses_carry_rationale_and_plain_false_alarms_are_flagged(article, mk):
    ref = Reference(
        article.id,
        (ReferenceSpan(mk("ha invaso", N), "the journalist's voice", "ha invaso"),),
        (("p13.s1", "plain UN reporting"),),
        article,
    )
    c = compare([mk("Nazioni Unite", N)], ref)
    assert c.misses[0].rationale == "the journalist's voice"
    (alarm,) = c.false_alarms
    assert alarm.on_plain and alarm.plain_sentence == "p13.s1"
    assert alarm.plain_rationale == "plain UN reporting"


def test_false_alarm_outside_plain_sentences_is_not_flagged(article, mk):
    ref = Reference(article.id, (), (("p13.s1", "plain"),), article)
    (alarm,) = compare([mk("ha invaso", N)], ref).false_alarms
    assert not alarm.on_plain


def test_accepts_a_span_store(article, mk):
    store = SpanStore(article, "Giulia", [N])
    store.add(*article.find("ha invaso"), N)
    assert compare(store, [mk("ha invaso", N)]).per_label[N].f1 == 1.0


def test_rows_for_a_table(mk):
    rows = compare([mk("ha invaso", N)], [mk("ha invaso", N), mk("crisi ucraina", N)]).rows()
    assert [r["label"] for r in rows] == [N, "overall"]
    assert rows[0]["recall"] == 0.5 and rows[0]["f1"] == 0.667


# -- exact, partial and over-long matches ---------------------------------------------------------


def _tokens(article, ts, te, label):
    return Span(article.tokens[ts][0], article.tokens[te - 1][1], label, ts, te)


def test_match_kinds_tell_exact_partial_and_overlong(article, mk):
    from inquadra.annotations.compare import match_kind

    ref = mk("operazione militare speciale", N)
    assert match_kind(ref, ref) == "exact"
    wider = _tokens(article, ref.token_start - 2, ref.token_end, N)
    assert match_kind(wider, ref) == "partial"
    huge = _tokens(article, max(0, ref.token_start - 10), ref.token_end + 10, N)
    assert match_kind(huge, ref) == "overlong"


def test_a_690_token_span_is_not_a_match_for_a_short_phrase(article, mk):
    from inquadra.annotations.compare import describe

    ref = [mk("ha invaso", N)]
    giant = _tokens(article, 0, min(690, len(article.tokens)), N)  # dragged from the headline down
    c = compare([giant], ref)
    (m,) = c.matches
    assert m.kind == "overlong" and not m.is_hit
    assert c.per_label[N].overlap_tp == 0
    assert (c.per_label[N].overlap_fp, c.per_label[N].overlap_fn) == (1, 1)
    assert "Too long to count" in describe(m) and "✔" not in describe(m)


@pytest.mark.parametrize(
    "shift, words, expected",
    [
        ((-2, 0), "2 word(s) more", "partial_extra"),
        ((1, 0), "1 word(s) of the reference left out", "partial_short"),
        ((1, 1), "1 word(s) more than the reference, 1 of its", "partial_both"),
    ],
)
def test_partial_matches_say_how_much_is_extra_or_missing(article, mk, shift, words, expected):
    from inquadra.annotations.compare import describe

    ref = mk("operazione militare speciale", N)
    stu = _tokens(article, ref.token_start + shift[0], ref.token_end + shift[1], N)
    (m,) = compare([stu], [ref]).matches
    assert m.kind == "partial"
    assert words in describe(m)
    assert m.is_hit


def test_describe_follows_the_language(mk):
    from inquadra.annotations.compare import describe

    ref = mk("crisi ucraina", N)
    (m,) = compare([ref], [ref]).matches
    assert describe(m, "it") == "Corrispondenza esatta"
    assert describe(m, "en") == "Exact match"
