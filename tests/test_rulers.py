"""The quick entity and span rulers write what spaCy's own rulers write, for the kit's
phrase patterns, on the kit's texts and on texts with overlapping names."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from inquadra import article, pipeline
from inquadra.components import entities

ROOT = Path(__file__).resolve().parents[1]


def _texts() -> list[str]:
    texts = [article.load().text]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "devset")
                                                             .glob("*.txt"))]
    # names inside names, a name twice in a row, and a text with none
    texts += ["Il presidente Xi Jinping e Xi a Pechino, Mosca Mosca.", "Nessun nome qui.", ""]
    return texts


def _actor_patterns():
    return [{k: r[k] for k in ("label", "pattern", "id")}
            for r in pipeline.actor_records() if not r.get("initial")]


def _framing_patterns():
    return [{"label": e.label, "id": e.id,
             "pattern": e.pattern if isinstance(e.pattern, str) else list(e.pattern)}
            for e in pipeline.framing_entries()]


@pytest.fixture(scope="module")
def entity_rulers():
    out = []
    for factory in ("entity_ruler", "inquadra_entity_ruler"):
        nlp = spacy.blank("it")
        nlp.add_pipe(factory, config={"phrase_matcher_attr": "ORTH"}).add_patterns(
            _actor_patterns())
        out.append(nlp)
    return out


def test_the_quick_entity_ruler_writes_what_spacy_writes(entity_rulers):
    plain, quick = entity_rulers
    for text in _texts():
        want, got = plain(text), quick(text)
        assert [(e.start, e.end, e.label_, e.ent_id_) for e in got.ents] == \
            [(e.start, e.end, e.label_, e.ent_id_) for e in want.ents], text[:60]
        assert [tok.ent_iob_ for tok in got] == [tok.ent_iob_ for tok in want]
        # what it hands to the components is what the Doc holds
        assert [tuple(e) for e in entities(got)] == \
            [(e.start, e.end, e.label_, e.ent_id_) for e in got.ents]


def test_the_quick_span_ruler_writes_what_spacy_writes():
    docs = []
    for factory in ("span_ruler", "inquadra_span_ruler"):
        nlp = spacy.blank("it")
        nlp.add_pipe(factory, config={"spans_key": "framing", "phrase_matcher_attr": "LOWER"}
                     ).add_patterns(_framing_patterns())
        docs.append([nlp(text) for text in _texts()])
    for want, got in zip(*docs):
        assert [(s.start, s.end, s.label_, s.id_) for s in got.spans["framing"]] == \
            [(s.start, s.end, s.label_, s.id_) for s in want.spans["framing"]]
