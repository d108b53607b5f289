"""analyze() results, helpers for lessons, large input in bounded chunks."""

from __future__ import annotations

import json

import pytest

from inquadra import analysis, i18n, render

FRAMING = [  # (term, label) from background "Framing terms in the article"
    ("operazione militare speciale", "Naming_Choice"), ("invasione", "Naming_Choice"),
    ("ha invaso", "Naming_Choice"), ("crisi ucraina", "Naming_Choice"),
    ("soluzione adeguata", "Obfuscation-Vagueness-Confusion"), ("senza limiti", "Loaded_Language"),
    ("in ogni momento superiori", "Loaded_Language"), ("sanzioni illegali", "Loaded_Language"),
    ("egemonia globale", "Loaded_Language"), ("potenze straniere", "Obfuscation-Vagueness-Confusion"),
    ("migliore e più caro amico", "Personalisation"), ("compleanno", "Personalisation"),
    ("torta", "Personalisation"), ("vodka", "Personalisation"),
]


@pytest.fixture(scope="module")
def result(article):
    return analysis.analyze(article)


@pytest.mark.parametrize("term,label", FRAMING)
def test_every_occurrence_of_framing_terms(result, article, term, label):
    expected = article.text.lower().count(term)
    found = [f for f in result.framing if f.text.lower() == term]
    assert expected and len(found) == expected and {f.label for f in found} == {label}


def test_to_dict_is_json(result):
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert len(data["quotations"]) == 17


def test_repr_is_deterministic(result):
    assert repr(result) == repr(analysis.analyze(analysis._article.load()))
    assert "0x" not in repr(result)


def test_concordance_by_label(article):
    rows = analysis.concordance(article, "Naming_Choice", width=10)
    assert [r.match for r in rows] == ["ha invaso", "operazione militare speciale", "invasione",
                                       "crisi ucraina", "invasione"]
    assert all(len(r.left) <= 10 for r in rows)


def test_concordance_literal_term(article):
    rows = analysis.concordance(article, "Cremlino")
    assert len(rows) == article.text.count("Cremlino")


def test_voice_by_paragraph(article):
    voices = {v.block_id: v.voice for v in analysis.voice_by_paragraph(article)}
    assert (voices["p04"], voices["p06"], voices["p07"]) == ("journalist", "china", "kremlin")


def test_quoted_sources_sum_to_quotations(article):
    assert sum(r.quotations for r in analysis.quoted_sources(article)) == 17


def test_large_input_in_chunks_with_progress(article):
    text = "\n\n".join([article.text] * 40)
    calls = []
    result = analysis.analyze(text, progress=lambda d, t: calls.append((d, t)), chunk_chars=20_000)
    assert len(result.quotations) == 17 * 40
    assert len(calls) > 1 and calls[-1][0] == calls[-1][1] == len(text)


@pytest.fixture
def italian():
    i18n.set_language("it")
    yield
    i18n.set_language("en")


def test_the_framing_table_reads_english_by_default(result):
    table = render.framing_table(result)
    assert table.headers == ("sentence", "term", "label", "English", "why it frames")
    row = next(r for r in table.rows if r[1] == "operazione militare speciale")
    assert row[3] == "special military operation"
    assert row[4] == ("Moscow's official name for the war; the article puts it in quotation marks "
                      "to keep its distance.")


def test_the_framing_table_reads_italian_in_the_italian_edition(result, italian):
    table = render.framing_table(result, used_by=True)
    assert table.headers == ("frase", "termine", "etichetta", "in inglese", "perché inquadra", "usato da")
    row = next(r for r in table.rows if r[1] == "operazione militare speciale")
    assert row[3] == "special military operation"  # the English meaning, under a header that says so
    assert row[4] == ("Il nome ufficiale che Mosca dà alla guerra; l'articolo lo mette tra virgolette "
                      "per prenderne le distanze.")
    assert row[5] == "governo russo e media di Stato russi"


def test_the_damage_table_follows_a_language_switch_on_the_same_analysis(result):
    english = render.damage_table(result)
    i18n.set_language("it")
    try:
        italian = render.damage_table(result)
    finally:
        i18n.set_language("en")
    assert english.headers == ("sentence", "text", "kind", "explanation")
    assert italian.headers == ("frase", "testo", "tipo", "spiegazione")
    assert len(english.rows) == len(italian.rows) == len(result.artifacts) > 0
    broken = [r for r in english.rows if r[2] == "broken_word"]
    assert broken and broken[0][3] == "'ea' is not an Italian word: likely 'e a' (and to) run together."
    assert [r[3] for r in italian.rows if r[2] == "broken_word"][0].startswith(
        "'ea' non è una parola italiana")


def test_the_summary_of_an_analysis_reads_the_current_language(result, italian):
    assert repr(result).startswith(f"<Analisi {result.article_id}: {len(result.actors)} attori, ")


def test_the_summary_of_an_analysis_reads_english_by_default(result):
    assert repr(result).startswith(f"<Analysis {result.article_id}: {len(result.actors)} actors, ")


def test_a_term_shows_the_gloss_of_its_own_lexicon_line():
    # "guerra" and "guerre" are two lines with one id: each hit keeps its own gloss
    found = analysis.analyze("Titolo\n\nUna guerra lunga. Due guerre brevi.").framing
    glosses = {f.text: (f.id, f.gloss) for f in found if f.id == "war"}
    assert glosses == {"guerra": ("war", "war"), "guerre": ("war", "wars")}


def test_a_term_from_a_learner_copy_of_the_lexicon_has_its_gloss(tmp_path):
    from inquadra import lexicon_copies, pipeline

    copy = lexicon_copies.add_term(tmp_path, {"label": "Loaded_Language", "pattern": "alghe",
                                              "id": "algae", "gloss": "algae",
                                              "note": "My own term."})
    found = analysis.analyze("Titolo\n\nLe alghe crescono.",
                             nlp=pipeline.nlp_for_lexicon(copy)).framing
    assert [(f.text, f.gloss, f.note["it"]) for f in found] == [("alghe", "algae", "My own term.")]
