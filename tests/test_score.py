"""The discernment score: its properties, and the band each tagging strategy earns."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inquadra import analysis, taxonomy
from inquadra.annotations import reference
from inquadra.annotations import score as scoring
from inquadra.annotations.spans import Span, SpanStore

LABELS = tuple(lab.id for lab in taxonomy.load().select("lesson06"))
MT = "Translation_Damage"


@pytest.fixture(scope="module")
def ref():
    return reference.load()


def _span(article, ts, te, label):
    return Span(article.tokens[ts][0], article.tokens[te - 1][1], label, ts, te)


def _sentence_tokens(article, sentence):
    idx = [i for i, (s, e) in enumerate(article.tokens) if s >= sentence.start and e <= sentence.end]
    return idx[0], idx[-1] + 1


# -- the strategies of the rubric ---------------------------------------------------------------


def everything(article):
    return [_span(article, *_sentence_tokens(article, s), lab) for s in article.sentences for lab in LABELS]


def every_sentence_as_damage(article):
    return [_span(article, *_sentence_tokens(article, s), MT) for s in article.sentences]


def every_word(article, labels=LABELS):
    return [_span(article, i, i + 1, lab) for i in range(len(article.tokens)) for lab in labels]


def random_spans(article, seed, n=70):
    rng = random.Random(seed)
    out = {}
    for _ in range(n):
        ts = rng.randrange(len(article.tokens))
        te = min(len(article.tokens), ts + rng.randint(1, 8))
        s = _span(article, ts, te, rng.choice(LABELS))
        out[s.key] = s
    return list(out.values())


def kit_highlights(article):
    """The analysis pipeline's framing hits, snapped to tokens, as a student copying them would."""
    store = SpanStore(article, "copy", LABELS)
    spans = {}
    for hit in analysis.analyze(article).framing:
        if hit.label in LABELS:
            ts, te = store.snap(hit.start, hit.end)
            s = _span(article, ts, te, hit.label)
            spans[s.key] = s
    return list(spans.values())


def the_reference(ref):
    return [r.span for r in ref.spans if r.label in LABELS]


def _rank(spans, ref):
    return scoring.score(spans, ref, LABELS).band.rank


def test_tag_everything_is_the_lowest_band(article, ref):
    result = scoring.score(everything(article), ref, LABELS)
    assert result.band.rank == 0
    assert result.discernment <= 0
    assert result.overall.false_alarm_rate == 1.0


def test_every_sentence_as_damage_is_the_lowest_band(article, ref):
    result = scoring.score(every_sentence_as_damage(article), ref, LABELS)
    assert result.band.rank == 0
    assert result.label(MT).false_alarm_rate == 1.0


@pytest.mark.parametrize("labels", [LABELS, (MT,), ("Personalisation",)])
def test_every_word_is_the_lowest_band(article, ref, labels):
    assert _rank(every_word(article, labels), ref) == 0


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_random_spans_are_the_lowest_band(article, ref, seed):
    assert _rank(random_spans(article, seed), ref) == 0


def test_copying_the_kits_highlights_is_below_the_top(article, ref):
    spans = kit_highlights(article)
    assert spans, "the pipeline found no framing at all; the strategy would be empty"
    result = scoring.score(spans, ref, LABELS)
    assert 0 < result.band.rank < result.band.count - 1


def test_the_reference_itself_is_the_top_band(ref):
    result = scoring.score(the_reference(ref), ref, LABELS)
    assert result.discernment == 1.0
    assert result.band.rank == result.band.count - 1
    assert result.overall.misses == 0 and result.overall.false_alarms == 0


def test_tagging_nothing_is_the_lowest_band_and_zero(ref):
    result = scoring.score([], ref, LABELS)
    assert result.discernment == 0.0
    assert result.band.rank == 0


# -- counts ---------------------------------------------------------------------------------------


def test_exact_phrase_earns_a_whole_hit_and_an_overlong_span_little(article, ref):
    r = next(x.span for x in ref.spans if ref.article.text[x.span.start:x.span.end] == "ha invaso")
    exact = scoring.score([r], ref, LABELS).label("Naming_Choice")
    assert exact.hits == 1.0 and exact.exact == 1 and exact.false_alarms == 0
    sentence = article.sentence_at(r.start)
    whole = _span(article, *_sentence_tokens(article, sentence), "Naming_Choice")
    long = scoring.score([whole], ref, LABELS).label("Naming_Choice")
    assert long.hits < 0.25
    huge = _span(article, 0, min(690, len(article.tokens)), "Naming_Choice")
    figures = scoring.score([huge], ref, LABELS)
    assert figures.label("Naming_Choice").hits / figures.label("Naming_Choice").signal < 0.2
    assert figures.label("Naming_Choice").false_alarms > 5


def test_false_alarms_on_plain_sentences_are_counted_apart(article, ref):
    result = scoring.score([], ref, LABELS)
    assert result.plain_sentences, "the reference leaves no sentence plain"
    plain = article.sentence(result.plain_sentences[0])
    tagged = [_span(article, *_sentence_tokens(article, plain), "Loaded_Language")]
    figures = scoring.score(tagged, ref, LABELS)
    assert figures.label("Loaded_Language").plain_false_alarms == 1
    assert figures.overall.plain_false_alarms == 1
    # a false alarm in a sentence that holds other framing is not a plain one
    busy = next(s for s in article.sentences if s.id not in result.plain_sentences
                and not any(r.label == "Loaded_Language" and s.start <= r.span.start < s.end
                            for r in ref.spans))
    other = scoring.score([_span(article, *_sentence_tokens(article, busy), "Loaded_Language")], ref, LABELS)
    assert other.overall.false_alarms == 1 and other.overall.plain_false_alarms == 0


def test_spans_outside_the_scored_labels_are_counted_not_scored(article, ref):
    stray = _span(article, 0, 1, "Doubt")
    result = scoring.score([stray], ref, LABELS)
    assert result.unscored == 1
    assert result.discernment == 0.0


def test_a_fixed_label_set_cannot_be_diluted(article, ref):
    """Using an extra label once cannot lower the mean false-alarm rate: the set is fixed."""
    noisy = every_sentence_as_damage(article)
    base = scoring.score(noisy, ref, LABELS)
    diluted = scoring.score(noisy + [_span(article, 0, 1, "Doubt")], ref, LABELS)
    assert diluted.discernment == base.discernment


# -- properties -----------------------------------------------------------------------------------


def _random_annotation(article, draw_ints):
    spans = {}
    n = len(article.tokens)
    for ts, length, k in draw_ints:
        ts = ts % n
        te = min(n, ts + 1 + length)
        s = _span(article, ts, te, LABELS[k % len(LABELS)])
        spans[s.key] = s
    return list(spans.values())


annotations = st.lists(
    st.tuples(st.integers(0, 10_000), st.integers(0, 12), st.integers(0, 5)), max_size=25
)
quick = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@quick
@given(annotations)
def test_bounded(article, ref, draws):
    d = scoring.score(_random_annotation(article, draws), ref, LABELS).discernment
    assert -1.0 <= d <= 1.0


@quick
@given(annotations, st.integers(0, 10_000))
def test_monotone_in_hits(article, ref, draws, pick):
    """Adding a reference span the student lacked never lowers D."""
    spans = _random_annotation(article, draws)
    target = the_reference(ref)[pick % len(the_reference(ref))]
    keys = {s.key for s in spans}
    if target.key in keys:
        return
    before = scoring.score(spans, ref, LABELS)
    after = scoring.score(spans + [target], ref, LABELS)
    assert after.discernment >= before.discernment - 1e-12
    assert after.overall.hits >= before.overall.hits - 1e-12


@quick
@given(annotations, st.integers(0, 10_000), st.integers(0, 5))
def test_falls_with_false_alarms(article, ref, draws, where, k):
    """A span sharing no token with the reference's spans of its label never raises D."""
    spans = _random_annotation(article, draws)
    label = LABELS[k]
    covered = {t for r in ref.spans if r.label == label for t in range(r.span.token_start, r.span.token_end)}
    free = [i for i in range(len(article.tokens)) if i not in covered]
    tok = free[where % len(free)]
    extra = _span(article, tok, tok + 1, label)
    if extra.key in {s.key for s in spans}:
        return
    before = scoring.score(spans, ref, LABELS).discernment
    after = scoring.score(spans + [extra], ref, LABELS).discernment
    assert after <= before + 1e-12


@quick
@given(annotations, st.integers(0, 5))
def test_a_label_everywhere_never_beats_leaving_it_out(article, ref, draws, k):
    label = LABELS[k]
    spans = [s for s in _random_annotation(article, draws) if s.label != label]
    everywhere = [_span(article, *_sentence_tokens(article, s), label) for s in article.sentences]
    assert (scoring.score(spans + everywhere, ref, LABELS).discernment
            <= scoring.score(spans, ref, LABELS).discernment + 1e-12)


def test_strictly_falls_with_a_false_alarm_in_a_new_sentence(article, ref):
    base = the_reference(ref)
    plain = article.sentence(scoring.score([], ref, LABELS).plain_sentences[0])
    extra = _span(article, *_sentence_tokens(article, plain), "Personalisation")
    assert scoring.score(base + [extra], ref, LABELS).discernment < 1.0


# -- empty and plain inputs ----------------------------------------------------------------------


def test_defined_on_empty_input(article):
    result = scoring.score([], [], LABELS, article=article)
    assert result.discernment == 1.0  # nothing to find, nothing claimed
    assert result.overall.signal == 0 and result.overall.hits == 0
    empty_labels = scoring.score([], [], (), article=article)
    assert empty_labels.discernment == 1.0 and empty_labels.per_label == ()


def test_a_plain_text_rewards_leaving_it_alone(article):
    """A text the reference leaves untagged: leaving it alone is top, tagging it all is bottom."""
    assert scoring.score([], [], LABELS, article=article).band.rank == scoring.bands()[-1].rank
    assert scoring.score(everything(article), [], LABELS, article=article).discernment == 0.0


def test_needs_the_article():
    with pytest.raises(ValueError, match="article"):
        scoring.score([], [], LABELS)


# -- bands ----------------------------------------------------------------------------------------


def test_bands_are_ordered_and_bilingual():
    bands = scoring.bands()
    assert [b.rank for b in bands] == list(range(len(bands)))
    assert bands[0].minimum == -1.0
    assert all(a.minimum < b.minimum for a, b in zip(bands, bands[1:]))
    for b in bands:
        assert b.count == len(bands)
        assert b.name["en"] and b.name["it"] and b.words["en"] and b.words["it"]
        assert scoring.band(b.minimum) == b


@pytest.mark.parametrize("bad", [float("nan"), "0.5", None])
def test_band_refuses_what_is_not_a_figure(bad):
    with pytest.raises(ValueError, match="number"):
        scoring.band(bad)


@pytest.mark.parametrize(
    "text, message",
    [
        ("{", "not valid JSON"),
        ('{"bands": []}', "at least two"),
        (json.dumps({"bands": [{"id": "a", "name": {"en": "A", "it": "A"}, "words": {"en": "w", "it": "w"}},
                               {"id": "b", "min": -2, "name": {"en": "B", "it": "B"},
                                "words": {"en": "w", "it": "w"}}]}), "rise"),
        (json.dumps({"bands": [{"id": "a", "name": {"en": "A"}, "words": {"en": "w", "it": "w"}},
                               {"id": "b", "min": 0.5, "name": {"en": "B", "it": "B"},
                                "words": {"en": "w", "it": "w"}}]}), '"name" needs a text in every language'),
    ],
)
def test_a_malformed_bands_file_says_what_is_wrong(text, message):
    with pytest.raises(scoring.BandError, match=message):
        scoring.read_bands(text, "bands.json")


def test_to_dict_has_the_band_fields(ref):
    d = scoring.score(the_reference(ref), ref, LABELS).to_dict()
    assert (d["band"], d["band_rank"], d["band_count"]) == ("excellent", 3, 4)
    assert d["overall"]["hits"] == d["overall"]["signal"]
    json.dumps(d)


def test_the_teacher_guides_rubric_matches_the_bands():
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[1] / "docs" / "teacher_guide.md").read_text("utf-8")
    rubric = guide[guide.index("## Assessment rubric"):]
    rubric = rubric[: rubric.index("\n## ", 4)]
    for b in scoring.bands():
        assert b.name["en"] in rubric and b.name["it"] in rubric
        start = "−1" if b.rank == 0 else f"{b.minimum:.2f}"
        assert f"| {b.name['en']} | {start} |" in rubric, b.id


def test_the_figure_shown_never_reaches_a_band_it_is_below():
    assert scoring.shown(0.6999) == "+0.69" and scoring.band(0.6999).id == "secure"
    assert scoring.shown(0.7) == "+0.70" and scoring.shown(-0.735) == "-0.74"
