"""The helpers the components share: the token table, entities, extension values."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from inquadra import pipeline
from inquadra.components import (Entity, TokenTable, entities, register_extensions,
                                 set_span_extensions, token_table, write_entities)

TEXT = (
    "ROMA, 3 MAR – Il presidente Xi Jinping ha detto: «Non  cediamo».\n\n"
    "Dell’esercito russo, l'Alta rappresentante Kaja Kallas ha parlato “ ieri ” a Bruxelles. "
    "  Il 12% dei cittadini… «Basta!», ha aggiunto la portavoce.\n"
    "Zelensky   ha risposto. NATO e Ue tacciono"
)


@pytest.fixture(scope="module")
def doc():
    return pipeline.load()(TEXT)


def test_table_holds_what_the_tokens_say(doc):
    t = TokenTable(doc)
    for tok in doc:
        i = tok.i
        assert (t.text[i], t.lower[i], t.idx[i], t.end[i]) == (
            tok.text, tok.lower_, tok.idx, tok.idx + len(tok.text))
        assert (t.is_title[i], t.is_upper[i], t.is_lower[i], t.is_alpha[i], t.is_punct[i],
                t.is_space[i], t.like_num[i]) == (
            tok.is_title, tok.is_upper, tok.is_lower, tok.is_alpha, tok.is_punct,
            tok.is_space, tok.like_num)
    assert t.array("lower_id").tolist() == [tok.lower for tok in doc]
    assert t.words(3, 9) == doc[3:9].text


def test_table_of_a_new_word_reads_its_lexeme():
    nlp = spacy.blank("it")
    first = TokenTable(nlp("parola"))
    second = TokenTable(nlp("Parola nuovissima QUI"))
    assert first.text == ("parola",)
    assert second.text == ("Parola", "nuovissima", "QUI")
    assert second.is_title == (True, False, False) and second.is_upper == (False, False, True)


def test_table_is_shared_until_the_tokens_change(doc):
    nlp = spacy.blank("it")
    fresh = nlp("Il presidente Xi Jinping parla.")
    table = token_table(fresh)
    assert token_table(fresh) is table
    with fresh.retokenize() as retokenizer:
        retokenizer.merge(fresh[2:4])
    assert token_table(fresh).text == ("Il", "presidente", "Xi Jinping", "parla", ".")


def test_empty_doc():
    empty = spacy.blank("it")("")
    t = TokenTable(empty)
    assert t.text == () and t.idx == () and t.sentence_starts(empty) == []
    assert entities(empty) == []


def test_expand_is_char_span_in_expand_mode(doc):
    t = TokenTable(doc)
    for start in range(len(TEXT) + 1):
        for end in range(start, min(len(TEXT), start + 6) + 1):
            span = doc.char_span(start, end, alignment_mode="expand")
            expected = None if span is None else (span.start, span.end)
            assert t.expand(start, end) == expected, (start, end)


def test_sentence_starts_are_those_of_doc_sents(doc):
    assert TokenTable.sentence_starts(doc) == [s.start for s in doc.sents]
    assert TokenTable.sent_starts(doc) == [bool(tok.is_sent_start) for tok in doc]


def test_entities_are_doc_ents(doc):
    assert len(doc.ents) > 3
    assert [tuple(e) for e in entities(doc)] == [
        (e.start, e.end, e.label_, e.ent_id_) for e in doc.ents]


def test_entities_are_read_again_once_the_entities_change():
    fresh = pipeline.load()("Il presidente Xi Jinping ha parlato con Vladimir Putin.")
    before = entities(fresh)
    assert [e.id for e in before] == ["xi_jinping", "vladimir_putin"]
    before.clear()  # a caller's copy: changing it changes nothing kept
    assert [e.id for e in entities(fresh)] == ["xi_jinping", "vladimir_putin"]
    fresh.ents = [Span(fresh, 2, 4, label="PER", span_id="someone_else")]
    assert [tuple(e) for e in entities(fresh)] == [(2, 4, "PER", "someone_else")]


def test_written_entities_are_given_as_the_doc_has_them():
    import numpy
    from spacy.attrs import ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE

    fresh = spacy.blank("it")("Ieri Mario Rossi ha visto Anna a Roma")
    strings = fresh.vocab.strings
    columns = fresh.to_array([ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID])
    columns[:, 0], columns[:, 1] = 2, 0
    found = [Entity(1, 3, "PER", "mario_rossi"), Entity(5, 6, "PER", "anna")]
    for ent in found:
        columns[ent.start, 0] = 3
        columns[ent.start + 1:ent.end, 0] = 1
        columns[ent.start:ent.end, 1] = strings.add(ent.label)
        columns[ent.start:ent.end, 3] = strings.add(ent.id)
    write_entities(fresh, found, columns)
    assert entities(fresh) == found
    assert [(e.start, e.end, e.label_, e.ent_id_) for e in fresh.ents] == [tuple(e) for e in found]
    token_table(fresh).entities_read = None  # read afresh from the Doc: the same
    assert entities(fresh) == found
    assert numpy.array_equal(fresh.to_array([ENT_IOB]), columns[:, 0])


def test_per_word_answers_each_token_by_its_word(doc):
    asked = []

    def rule(word):
        asked.append(word.text)
        return word.is_title and word.lower.startswith("z")

    t = TokenTable(doc)
    assert t.per_word(rule).tolist() == [tok.is_title and tok.lower_.startswith("z")
                                         for tok in doc]
    assert len(asked) == len(set(asked))  # once a distinct word, not once a token
    again = TokenTable(pipeline.load()("Zelensky e Zapatero"))
    assert again.per_word(rule).tolist() == [True, False, True]
    assert asked.count("Zelensky") == 1 and "Zapatero" in asked
    lengths = t.per_word(lambda word: word.length, "int64")
    assert lengths.tolist() == [len(tok.text) for tok in doc]


def test_set_span_extensions_is_setting_them_one_by_one(doc):
    register_extensions()
    ours = Span(doc, 2, 4, label="X")
    set_span_extensions(ours, {"source": "someone", "side": "other", "inferred": True})
    assert (ours._.source, ours._.side, ours._.inferred) == ("someone", "other", True)
    again = Span(doc, 2, 4, label="Y")  # the same tokens: the same values
    assert again._.source == "someone"
    assert Span(doc, 2, 5)._.source is None


def test_set_span_extensions_uses_a_setter_when_there_is_one(doc):
    seen = []
    Span.set_extension("inquadra_test_setter", getter=lambda s: seen[-1] if seen else None,
                       setter=lambda s, v: seen.append(v), force=True)
    try:
        set_span_extensions(doc[0:2], {"inquadra_test_setter": "value"})
        assert seen == ["value"]
    finally:
        Span.remove_extension("inquadra_test_setter")
