"""lesson_tables: the lessons' tables and notes speak the kit's language and show names, not ids."""

from __future__ import annotations

import pytest

from inquadra import analysis, bundles, escape, i18n, lesson_tables
from inquadra.annotations import reference
from inquadra.i18n import t


@pytest.fixture(params=["en", "it"])
def language(request):
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language("en")


def test_frames_are_named_in_the_language_and_the_other_one(language):
    table = lesson_tables.frames()
    other = "en" if language == "it" else "it"
    assert table.headers == (t("lessons.col.frame"), t(f"lessons.col.in_{other}"), t("lessons.col.looks_at"))
    assert table.headers[1] == {"en": "in Italian", "it": "in inglese"}[language]
    assert len(table.rows) == 15 and table.rows[0][0] != table.rows[0][1]


def test_the_labels_table_shows_each_label_in_both_languages(language):
    table = lesson_tables.labels("lesson06")
    assert table.headers[0] == t("lessons.col.key") and table.headers[4] == t("lessons.col.meaning")
    assert ("Loaded_Language" not in {row[2] for row in table.rows})


def test_voices_are_shown_by_their_names_never_their_ids(language):
    art = bundles.current().article
    table = lesson_tables.concordance(art, "Naming_Choice", width=30)
    voices = {row[4] for row in table.rows}
    assert voices and not voices & {"china", "kremlin", "mixed"}
    assert t("charts.side.journalist") in voices


def test_quotations_without_a_source_say_so_in_words(language):
    result = analysis.analyze(bundles.load("example_own"))
    table = lesson_tables.quotations(result)
    sources = {row[2] for row in table.rows}
    assert "unattributed" not in sources or language == "en"
    assert t("charts.side.unattributed") in sources


def test_the_final_tasks_texts_say_yes_in_the_language(language):
    table = lesson_tables.texts(["final_task_clean", "final_task_mt"])
    assert [row[0] for row in table.rows] == ["final_task_clean", "final_task_mt"]
    assert {row[2] for row in table.rows} == {t("lessons.yes")}
    assert table.headers == (t("lessons.col.text"), t("lessons.col.headline"), t("lessons.col.written_for_kit"))


def test_the_key_tables_name_labels_and_kinds(language):
    from inquadra import corrections

    table = lesson_tables.key_spans(reference.load(), "b")
    assert table.headers[1] == t("lessons.col.text_b")
    assert all(" · " in row[0] or row[0] for row in table.rows)
    assert not {row[0] for row in table.rows} & {"Loaded_Language", "Naming_Choice", "Attribution_Marker"}
    fixes = lesson_tables.key_fixes(corrections.load())
    assert {row[1] for row in fixes.rows} <= {corrections.KINDS[k][language] for k in corrections.KINDS}


def test_facts_about_the_article_have_named_fields(language):
    table = lesson_tables.article_facts()
    assert [row[0] for row in table.rows] == [t(f"lessons.field.{f}") for f in
                                               ("outlet", "original_title", "original_published", "translation_note")]
    assert table.headers == (t("lessons.col.field"), t("lessons.col.value"))


def test_a_note_is_escaped_and_follows_the_language(language):
    note = lesson_tables.note("lessons.report_saved", name="<b>report</b>.html")
    assert "<b>report" not in note.html and "&lt;b&gt;report&lt;/b&gt;.html" in note.html
    assert repr(note) == t("lessons.report_saved", name="<b>report</b>.html")
    assert lesson_tables.note("lessons.tag_first").text == t("lessons.tag_first", language)


# -- lesson 07: the checklist and the actors before and after a learner's addition ----------

@pytest.fixture(scope="module")
def practice():
    return analysis.analyze(bundles.load("example_own"))


def test_the_checklist_shows_every_item_in_the_language(language, practice):
    from inquadra import checklist

    shown = lesson_tables.checklist(practice)
    items = checklist.checklist(practice, language)
    assert items and shown.html.count("<li><p>") == len(items)
    for item in items:
        assert escape.html(item.text) in shown.html and item.text in repr(shown)
    assert {"en": "Quotations with no reporting words", "it": "Citazioni senza nessun verbo di dire"}[
        language] in repr(shown)


def test_the_checklist_lists_the_places_under_their_item(practice):
    from inquadra import checklist

    lines = repr(lesson_tables.checklist(practice)).splitlines()
    [once] = [c for c in checklist.checklist(practice) if c.id == "named_once"]
    at = next(n for n, line in enumerate(lines) if line.endswith(once.text))
    assert lines[at + 1] == "   - Paolo Neri"
    assert "<li>«colata di cemento»</li>" in \
        lesson_tables.checklist(practice).html


def test_the_checklist_does_not_repeat_a_term_its_sentence_quotes(practice):
    shown = lesson_tables.checklist(practice)
    assert "“invasione”" in repr(shown)
    assert "   - invasione" not in repr(shown).splitlines() and "<li>invasione</li>" not in shown.html


def test_the_checklist_escapes_a_hostile_excerpt():
    from inquadra import article

    hostile = analysis.analyze(article.from_text(
        'Titolo\n\n«<script>alert("x")</script>», ha detto.', "hostile"))
    shown = lesson_tables.checklist(hostile)
    assert "<script>" not in shown.html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in shown.html
    assert '<script>alert("x")</script>' in repr(shown)


def test_an_empty_report_still_shows_its_items(language):
    from inquadra import article

    shown = lesson_tables.checklist(analysis.analyze(article.from_text("Piove su tutta la città.", "piove")))
    for key in ("no_actors", "no_quotations", "no_war_name"):
        assert escape.html(t(f"checklist.{key}", count=0)) in shown.html
    assert "<ul>" not in shown.html


def test_the_actors_before_and_after_are_counted_side_by_side(language, practice):
    from dataclasses import replace

    from inquadra.analysis import ActorCount

    added = ActorCount("opposizione", "opposizione", "other", 1, ("opposizione",), "group")
    after = replace(practice, actors=practice.actors + (added,))
    table = lesson_tables.actors_compared(practice, after)
    assert table.headers == tuple(t(f"lessons.col.{c}") for c in
                                  ("actor", "kind", "words", "mentions_before", "mentions_after"))
    rows = {row[0]: row for row in table.rows}
    assert rows["opposizione"] == ("opposizione", t("lessons.actor_kind.group"), "opposizione", "0", "1")
    assert rows["Marta Ferri"][1:] == (t("lessons.actor_kind.person"), "Marta Ferri, sindaca", "2", "2")
    assert rows["Marta Ferri"][1] == {"en": "person", "it": "persona"}[language]


def test_an_actor_found_only_before_is_still_shown(practice):
    from dataclasses import replace

    table = lesson_tables.actors_compared(practice, replace(practice, actors=()))
    assert [row[0] for row in table.rows] == [a.name for a in practice.actors]
    assert {row[4] for row in table.rows} == {"0"}


def test_an_actor_name_is_escaped(practice):
    from dataclasses import replace

    from inquadra.analysis import ActorCount

    hostile = ActorCount("x", "<img src=x onerror=alert(1)>", "other", 1, ("<b>",), "spirit")
    table = lesson_tables.actors_compared(practice, replace(practice, actors=(hostile,)))
    html = table._repr_html_()
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;b&gt;" in html
    assert table.rows[0][1] == "spirit"
