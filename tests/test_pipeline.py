"""The pipeline: sentences per block, actors with canonical ids, framing terms."""

from __future__ import annotations

import json

import pytest

from inquadra import pipeline
from inquadra.errors import InquadraError


@pytest.fixture(scope="module")
def doc(article):
    return pipeline.for_article(article.id)(article.text)


def test_load_is_cached_and_blank_by_default():
    assert pipeline.load() is pipeline.load()
    assert pipeline.load().meta["name"] == "pipeline" or "ner" not in pipeline.load().pipe_names


def test_sentences_match_article_ids(doc, article):
    starts = [s.start_char for s in doc.sents]
    assert starts == [s.start for s in article.sentences]


def test_no_sentence_crosses_a_blank_line(doc):
    assert all("\n\n" not in s.text.strip() for s in doc.sents)


@pytest.mark.parametrize("form", ["Ji", "G", "Shi", "Xi"])
def test_spellings_of_xi_map_to_one_id(doc, form):
    ids = {e.ent_id_ for e in doc.ents if e.text == form}
    assert ids == {"xi_jinping"}


def test_lone_g_found_three_times(doc):
    assert sum(1 for e in doc.ents if e.text == "G") == 3


@pytest.mark.parametrize("text", ["La Serie G è finita.", "Il G 7 si riunisce.", "Scrisse G. Rossi."])
def test_lone_capital_not_a_name_elsewhere(text):
    assert not [e for e in pipeline.load()(text).ents if e.text == "G"]


@pytest.mark.parametrize("text,actor", [("Mosca ha risposto.", "russia"), ("Pechino tace.", "china"),
                                        ("La NATO si riunisce.", "nato"),
                                        ("Il ministero degli Esteri cinese ha detto no.", "china_mfa")])
def test_actor_variants(text, actor):
    assert actor in {e.ent_id_ for e in pipeline.load()(text).ents}


def test_framing_entries_have_glosses_and_notes():
    entries = pipeline.framing_entries()
    assert entries and all(e.gloss and e.note and e.label and e.id for e in entries)


def test_word_guerra_never_occurs(article):
    assert "guerra" not in article.text.lower()


def test_lexicon_copy_with_a_student_term(tmp_path):
    src = pipeline.lexicon_path("framing").read_text(encoding="utf-8")
    extra = {"label": "Loaded_Language", "pattern": "buon slancio", "id": "good_momentum",
             "gloss": "good momentum",
             "note": {"en": "a student's addition", "it": "un'aggiunta di uno studente"}}
    copy = tmp_path / "framing.jsonl"
    copy.write_text(src + json.dumps(extra) + "\n", encoding="utf-8")
    doc = pipeline.nlp_for_lexicon(copy)("Hanno mantenuto un buon slancio di crescita.")
    assert [s.text for s in doc.spans["framing"]] == ["buon slancio"]
    doc = pipeline.load()("Hanno mantenuto un buon slancio.")
    assert not doc.spans["framing"]


def test_bad_lexicon_line_is_reported(tmp_path):
    bad = tmp_path / "framing.jsonl"
    bad.write_text('{"label": "X"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="line 1"):
        pipeline.framing_entries(bad)


def test_a_one_sentence_text_still_has_sentences():
    doc = pipeline.load()("Una frase sola.")
    assert doc.has_annotation("SENT_START")
    assert [s.text for s in doc.sents] == ["Una frase sola."]


def _copy_with(tmp_path, **fields):
    entry = {"label": "Loaded_Language", "pattern": "buon slancio", "id": "good_momentum",
             "gloss": "good momentum",
             "note": {"en": "a student's addition", "it": "un'aggiunta di uno studente"}, **fields}
    copy = tmp_path / "framing.jsonl"
    bundled = pipeline.lexicon_path("framing").read_text(encoding="utf-8").rstrip("\n")
    copy.write_text(bundled + "\n" + json.dumps(entry) + "\n", encoding="utf-8")
    return copy, len(bundled.splitlines()) + 1


@pytest.mark.parametrize("note", [{"en": "Only in English."}, "Only in English.",
                                  {"en": "Only in English.", "it": "  "}])
def test_a_note_missing_a_language_is_refused_with_its_file_and_line(tmp_path, note):
    copy, line = _copy_with(tmp_path, note=note)
    with pytest.raises(InquadraError) as caught:
        pipeline.framing_entries(copy)
    message = str(caught.value)
    assert f"{copy}, line {line}: \"note\"" in message
    assert "needs a text in every language" in message and '"it": "…"' in message


def test_who_uses_a_term_needs_every_language_too(tmp_path):
    copy, line = _copy_with(tmp_path, used_by={"en": "students"})
    with pytest.raises(InquadraError, match=f'line {line}: "used_by" needs a text in every language'):
        pipeline.framing_entries(copy)


def test_framing_notes_and_users_are_read_in_every_language():
    entry = {e.pattern: e for e in pipeline.framing_entries()}["crisi ucraina"]
    assert entry.note["en"].startswith("Beijing's name for the war")
    assert entry.note["it"].startswith("Il nome che Pechino dà alla guerra")
    assert entry.used_by == {"en": "Chinese government and state media",
                             "it": "governo cinese e media di Stato cinesi"}
    assert entry.gloss == "Ukraine crisis"
