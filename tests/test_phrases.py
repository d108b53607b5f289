"""The phrase index finds what spaCy's PhraseMatcher(attr="LOWER") finds, in its order."""

from __future__ import annotations

import pytest
import spacy
from spacy.matcher import PhraseMatcher

from inquadra.components.phrases import PhraseIndex, as_phrases, phrase_docs

PATTERNS = {
    "said": ["ha detto", "detto", "ha detto che"],
    "readout": ["comunicato", "secondo il comunicato"],
    "note": ["comunicato", "nota"],  # one phrase under two keys
    "according": ["secondo", "secondo quanto"],
}
TEXTS = [
    "Secondo il comunicato, Xi ha detto che la Cina è pronta. HA DETTO CHE sì.",
    "Secondo quanto riferito, nessun comunicato. Una nota, detto fatto.",
    "",
    "detto",
    "secondo secondo il il comunicato ha ha detto",
]


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("it")


def _both(nlp):
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    patterns = []
    for key, phrases in PATTERNS.items():
        docs = [nlp.make_doc(p) for p in phrases]
        matcher.add(key, docs)
        patterns.append((key, docs))
    return matcher, PhraseIndex(matcher, patterns)


@pytest.mark.parametrize("text", TEXTS)
def test_the_index_finds_what_the_matcher_finds(nlp, text):
    matcher, index = _both(nlp)
    doc = nlp(text)
    assert index(doc) == [tuple(m) for m in matcher(doc)]


def test_a_doc_without_phrases_gives_nothing(nlp):
    _, index = _both(nlp)
    assert index(nlp("Nulla da segnalare qui.")) == []


def test_as_phrases_spells_out_plain_lower_patterns():
    assert as_phrases([{"LOWER": "ha"}, {"LOWER": {"IN": ["detto", "dichiarato"]}}]) == [
        ("ha", "detto"), ("ha", "dichiarato")]
    assert as_phrases([{"LOWER": "ha"}, {"POS": "VERB"}]) is None
    assert as_phrases("ha detto") is None


def test_phrase_docs_keep_an_elided_word_one_token(nlp):
    pattern = [{"LOWER": "è"}, {"LOWER": {"IN": ["l'", "il"]}}, {"LOWER": "avvertimento"}]
    docs = phrase_docs(nlp, pattern)
    assert [[t.text for t in d] for d in docs] == [["è", "l'", "avvertimento"],
                                                   ["è", "il", "avvertimento"]]
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("cue", docs)
    text = nlp("«Basta», è l'avvertimento del ministro.")
    assert [text[s:e].text for _, s, e in matcher(text)] == ["è l'avvertimento"]
    assert [[t.text for t in d] for d in phrase_docs(nlp, "Ha Detto")] == [["ha", "detto"]]


def test_a_pattern_that_spells_too_many_phrases_is_left_to_the_token_matcher(nlp):
    words = [f"w{i}" for i in range(30)]
    small = [{"LOWER": {"IN": words}}, {"LOWER": {"IN": words}}]
    big = small + [{"LOWER": {"IN": words}}]  # 27,000 sequences
    assert len(as_phrases(small)) == 900
    assert as_phrases(big) is None and phrase_docs(nlp, big) is None
