"""The kit's reference annotation: every span found exactly, lesson labels, plain sentences."""

from __future__ import annotations

import json

import pytest

from inquadra import bundles
from inquadra.annotations import reference
from inquadra.annotations.compare import compare

LESSON_LABELS = {
    "Naming_Choice",
    "Attribution_Marker",
    "Loaded_Language",
    "Obfuscation-Vagueness-Confusion",
    "Translation_Damage",
    "Personalisation",
}


def _raw():
    text = bundles.load(reference.load().article_id).read_text("reference")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


RAW_SPANS = [r for r in _raw() if r["kind"] == "span"]


@pytest.mark.parametrize(
    "record", RAW_SPANS, ids=[f"{r['label']}:{r['text'][:30]}" for r in RAW_SPANS]
)
def test_every_span_is_found_exactly_on_tokens(article, record):
    start, end = article.find(record["text"], record["occurrence"])
    ref = reference.load()
    match = [r for r in ref.spans if r.span.key == (start, end, record["label"])]
    assert len(match) == 1, "the located text was changed by snapping to tokens"
    assert match[0].text == record["text"]
    assert match[0].rationale == record["rationale"]


def test_labels_are_the_lesson_set():
    assert set(reference.load().labels) == LESSON_LABELS


def test_plain_sentences_have_no_spans(article):
    ref = reference.load()
    assert len(ref.plain) >= 2
    for sentence_id, rationale in ref.plain:
        s = article.sentence(sentence_id)
        assert all(text.strip() for text in rationale.values())
        assert not [r for r in ref.spans if r.span.start < s.end and s.start < r.span.end]


@pytest.mark.parametrize(
    "text, label",
    [
        ("operazione militare speciale", "Naming_Choice"),
        ("ha invaso", "Naming_Choice"),
        ("crisi ucraina", "Naming_Choice"),
        ("secondo il ministero degli Esteri cinese", "Attribution_Marker"),
        ("si legge nella lettura del Cremlino", "Attribution_Marker"),
        ("tutte le parti", "Obfuscation-Vagueness-Confusion"),
        ("sanzioni illegali", "Loaded_Language"),
        ("torta di compleanno", "Personalisation"),
        ("பிடன்", "Translation_Damage"),
        ("si fidanzano", "Translation_Damage"),
    ],
)
def test_key_framing_spans_are_present(text, label):
    assert (text, label) in {(r.text, r.label) for r in reference.load().spans}


@pytest.mark.parametrize("language", ["en", "it"])
def test_rationales_are_single_sentences_in_every_language(language):
    for r in reference.load().spans:
        text = r.rationale[language]
        body = text.rstrip(".")
        assert text.endswith(".") and ". " not in body.replace("e.g. ", ""), text


def test_a_rationale_missing_a_language_names_the_line(article):
    line = '{"kind": "plain", "sentence": "p01.s1", "rationale": {"en": "Plain."}}'
    with pytest.raises(reference.ReferenceDataError, match=r"line 1: \"rationale\" needs a text.*'it'"):
        reference.from_lines([line], article)


def test_a_teachers_rationale_may_be_one_plain_sentence(article):
    line = '{"kind": "plain", "sentence": "p01.s1", "rationale": "Una frase neutra."}'
    assert reference.from_lines([line], article).plain == (("p01.s1", "Una frase neutra."),)


def test_typographic_apostrophe_as_in_article():
    assert not [r for r in RAW_SPANS if "'" in r["text"]]


def test_for_labels_filters_spans_keeps_plain():
    ref = reference.load().for_labels(["Personalisation"])
    assert {r.label for r in ref.spans} == {"Personalisation"}
    assert ref.plain == reference.load().plain


def test_reference_scores_perfectly_against_itself():
    ref = reference.load()
    c = compare(ref.to_store(), ref)
    assert c.overall.f1 == 1.0 and c.false_alarms == () and c.misses == ()


def test_repr_is_deterministic():
    ref = reference.load()
    assert (
        repr(ref)
        == f"<Reference {ref.article_id}: {len(ref.spans)} spans, {len(ref.plain)} plain sentences>"
    )


@pytest.mark.parametrize(
    "line, message",
    [
        (
            '{"kind": "span", "label": "Naming_Choice", "text": "guerra", "occurrence": 1, "rationale": "x"}',
            "line 1: 'guerra' occurs fewer than 1 time(s)",
        ),
        (
            '{"kind": "span", "label": "Nope", "text": "invaso", "occurrence": 1, "rationale": "x"}',
            "line 1: Unknown label 'Nope'",
        ),
        (
            '{"kind": "plain", "sentence": "p99.s1", "rationale": "x"}',
            "line 1: No sentence 'p99.s1'",
        ),
        (
            '{"kind": "span", "label": "Naming_Choice", "text": "invaso", "rationale": ""}',
            'line 1: "rationale" must be a non-empty sentence',
        ),
        ('{"kind": "note"}', 'line 1: each line must be an object with "kind"'),
        ('{"kind": ', "line 1: not valid JSON"),
    ],
)
def test_bad_reference_lines_are_reported(article, line, message):
    with pytest.raises(reference.ReferenceDataError, match=None) as info:
        reference.from_lines([line], article, source="ref.jsonl")
    assert message in str(info.value)
