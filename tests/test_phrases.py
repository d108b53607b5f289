"""The phrase index finds what spaCy's PhraseMatcher(attr="LOWER") finds, in its order."""

from __future__ import annotations

import pytest
import spacy
from spacy.matcher import PhraseMatcher

from inquadra.components.phrases import PhraseIndex, as_phrases

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
    assert as_phrases("Ha Detto") == ["ha detto"]
    assert as_phrases([{"LOWER": "ha"}, {"LOWER": {"IN": ["detto", "dichiarato"]}}]) == [
        "ha detto", "ha dichiarato"]
    assert as_phrases([{"LOWER": "ha"}, {"POS": "VERB"}]) is None
