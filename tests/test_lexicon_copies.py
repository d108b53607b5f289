"""A learner's copies of the actor list and the word list."""

from __future__ import annotations

import pytest

from inquadra import analysis, article, i18n, lexicon_copies, pipeline

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


def test_a_second_actor_keeps_the_first(tmp_path):
    lexicon_copies.add_actor(tmp_path, "Elena Corsi", variants=["la preside"])
    copy = lexicon_copies.add_actor(tmp_path, "Legambiente", "org")
    text = copy.read_text(encoding="utf-8")
    assert '"pattern": "Elena Corsi"' in text and '"pattern": "la preside"' in text
    assert '"pattern": "Legambiente"' in text


def test_adding_an_actor_again_replaces_only_its_own_lines(tmp_path):
    lexicon_copies.add_actor(tmp_path, "Legambiente", "org")
    lexicon_copies.add_actor(tmp_path, "Elena Corsi", variants=["la preside"])
    copy = lexicon_copies.add_actor(tmp_path, "Elena Corsi", "group")
    text = copy.read_text(encoding="utf-8")
    assert text.count('"id": "elena_corsi"') == 1 and '"kind": "group"' in text
    assert '"la preside"' not in text and '"pattern": "Legambiente"' in text


def test_a_second_term_keeps_the_first(tmp_path):
    entry = {"label": "Loaded_Language", "pattern": "cementificazione", "id": "concrete",
             "gloss": "concreting over", "note": "Mine."}
    lexicon_copies.add_term(tmp_path, entry)
    copy = lexicon_copies.add_term(tmp_path, {**entry, "pattern": "colata", "id": "pour"})
    text = copy.read_text(encoding="utf-8")
    assert '"cementificazione"' in text and '"colata"' in text


def test_a_copy_that_cannot_be_read_is_refused_and_kept(tmp_path):
    copy = lexicon_copies.add_actor(tmp_path, "Elena Corsi")
    copy.write_text(copy.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    before = copy.read_text(encoding="utf-8")
    with pytest.raises(lexicon_copies.LexiconCopyError, match="cannot be read"):
        lexicon_copies.add_actor(tmp_path, "Legambiente", "org")
    assert copy.read_text(encoding="utf-8") == before


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


def test_the_copies_live_in_a_folder_of_the_work_folder_of_their_own():
    from inquadra.annotations import work

    folder = lexicon_copies.copies_folder()
    assert folder.is_dir() and folder.parent == work.work_dir()
    copy = lexicon_copies.add_actor(folder, "Elena Corsi")
    assert copy.parent == folder and lexicon_copies.copies_folder() == folder


def test_a_file_where_the_copies_folder_should_be_is_kept_and_named():
    from inquadra.annotations import work

    (work.work_dir() / "lexicons").write_text("mine", encoding="utf-8")
    with pytest.raises(lexicon_copies.LexiconCopyError, match="is a file"):
        lexicon_copies.copies_folder()
    assert (work.work_dir() / "lexicons").read_text(encoding="utf-8") == "mine"


def test_one_other_spelling_may_be_given_as_a_text(tmp_path):
    records = lexicon_copies.actor_records("Elena Corsi", variants="la preside")
    assert [r["pattern"] for r in records] == ["Elena Corsi", "la preside"]


@pytest.mark.parametrize("variants", [42, ["Corsi", 7]])
def test_other_spellings_that_are_not_texts_are_refused(tmp_path, variants):
    with pytest.raises(lexicon_copies.LexiconCopyError, match="must be a list of texts"):
        lexicon_copies.add_actor(tmp_path, "Elena Corsi", variants=variants)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("language,start", [("en", "The actor needs a name"),
                                            ("it", "All'attore serve un nome")])
def test_a_refusal_speaks_the_kits_language(tmp_path, language, start):
    i18n.set_language(language)
    try:
        with pytest.raises(lexicon_copies.LexiconCopyError) as caught:
            lexicon_copies.add_actor(tmp_path, "   ")
    finally:
        i18n.set_language("en")
    assert str(caught.value).startswith(start)
    assert caught.value.text("en").startswith("The actor needs a name")


def test_an_unknown_kind_lists_the_kinds_in_either_language(tmp_path):
    with pytest.raises(lexicon_copies.LexiconCopyError) as caught:
        lexicon_copies.add_actor(tmp_path, "Elena Corsi", "pianeta")
    assert caught.value.text("it") == ("Tipo 'pianeta' sconosciuto. Tipi disponibili: "
                                       "person, org, institution, state, group.")


# The practice text of lesson 07 (bundle example_own): its lesson says the rules find both
# people it names but not the opposition, and that adding the opposition to a copy of the
# actor list makes the kit count it without giving its quotations a speaker.

@pytest.fixture(scope="module")
def practice():
    from inquadra import bundles

    return bundles.load("example_own").article


def test_the_practice_text_names_two_people_the_rules_find_but_not_the_opposition(practice):
    result = analysis.analyze(practice)
    people = {a.name: a.variants for a in result.actors if a.kind == "person"}
    assert people == {"Marta Ferri": ("Marta Ferri", "sindaca"), "Paolo Neri": ("Paolo Neri",)}
    assert "opposizione" not in {a.id for a in result.actors}


def test_adding_the_opposition_finds_it_and_keeps_the_rest(practice, tmp_path):
    before = analysis.analyze(practice)
    copy = lexicon_copies.add_actor(tmp_path, "opposizione", "group")
    after = analysis.analyze(practice, nlp=lexicon_copies.pipeline_for(actors_path=copy))
    found = {a.id: a for a in after.actors}
    assert (found["opposizione"].count, found["opposizione"].kind) == (1, "group")
    assert {a.id: a.count for a in before.actors}.items() <= {i: a.count for i, a in found.items()}.items()
    quoted = {q.text: q.source for q in after.quotations if q.sentence_id == "p03.s1"}
    assert quoted == {"«colata di cemento»": "unattributed", "«regalo ai costruttori»": "unattributed"}


def test_the_name_is_matched_as_the_text_writes_it(practice, tmp_path):
    copy = lexicon_copies.add_actor(tmp_path, "Opposizione", "group")
    after = analysis.analyze(practice, nlp=lexicon_copies.pipeline_for(actors_path=copy))
    assert "opposizione" not in {a.id for a in after.actors}
