"""A learner's copies of the actor list and the word list."""

from __future__ import annotations

import pytest

from inquadra import analysis, article, lexicon_copies, pipeline

TEXT = "Titolo\n\nSecondo Legambiente il parco va salvato. «Basta cemento», ha detto Legambiente."


def test_added_actor_is_found_with_a_copy(tmp_path):
    copy = lexicon_copies.add_actor(tmp_path, "Legambiente", "org", variants=["il circolo"])
    result = analysis.analyze(article.from_text(TEXT), nlp=lexicon_copies.pipeline_for(
        actors_path=copy))
    legambiente = next(a for a in result.actors if a.id == "legambiente")
    assert legambiente.kind == "org" and legambiente.count == 2


def test_bundled_list_is_untouched(tmp_path):
    before = pipeline.lexicon_path("actors").read_text(encoding="utf-8")
    lexicon_copies.add_actor(tmp_path, "Elena Corsi", variants=["la preside"])
    assert pipeline.lexicon_path("actors").read_text(encoding="utf-8") == before


def test_running_again_rebuilds_the_copy(tmp_path):
    first = lexicon_copies.add_actor(tmp_path, "Elena Corsi").read_text(encoding="utf-8")
    again = lexicon_copies.add_actor(tmp_path, "Elena Corsi").read_text(encoding="utf-8")
    assert first == again and again.count('"pattern": "Elena Corsi"') == 1


@pytest.mark.parametrize("kwargs,message", [
    ({"name": ""}, "needs a name"),
    ({"name": "X", "kind": "pianeta"}, "Available kinds"),
    ({"name": "X", "side": "moon"}, "Available sides"),
])
def test_bad_actor_is_refused(tmp_path, kwargs, message):
    with pytest.raises(lexicon_copies.LexiconCopyError, match=message):
        lexicon_copies.add_actor(tmp_path, **kwargs)


def test_added_term_is_found(tmp_path):
    entry = {"label": "Loaded_Language", "pattern": "buon slancio", "id": "good_momentum",
             "gloss": "good momentum", "note": "a student's addition"}
    copy = lexicon_copies.add_term(tmp_path, entry)
    doc = lexicon_copies.pipeline_for(framing_path=copy)("Hanno un buon slancio.")
    assert [s.text for s in doc.spans["framing"]] == ["buon slancio"]


def test_term_with_an_unknown_label_is_refused(tmp_path):
    with pytest.raises(lexicon_copies.LexiconCopyError, match="Available labels"):
        lexicon_copies.add_term(tmp_path, {"label": "Nope", "pattern": "x", "id": "x",
                                           "gloss": "x", "note": "x"})


def test_a_learners_plain_note_is_kept_in_every_language(tmp_path):
    entry = {"label": "Loaded_Language", "pattern": "buon slancio", "id": "good_momentum",
             "gloss": "good momentum", "note": "la mia nota", "used_by": "giornali locali"}
    copy = lexicon_copies.add_term(tmp_path, entry)
    [added] = [e for e in pipeline.framing_entries(copy) if e.id == "good_momentum"]
    assert added.note == {"en": "la mia nota", "it": "la mia nota"}
    assert added.used_by == {"en": "giornali locali", "it": "giornali locali"}
