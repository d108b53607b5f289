"""Translation artifacts: every damaged place in the article flagged; a clean paragraph untouched."""

from __future__ import annotations

import pytest
import spacy

from inquadra import i18n, pipeline
from inquadra.components.artifacts import Artifacts
from inquadra.errors import InquadraError

# Background "Machine-translation damage" items of these kinds: (kind, text in the article, occurrence)
DAMAGE = [
    ("name_variant", "Ji", 1),
    ("foreign_script", "பிடன்", 1),
    ("fused_link_text", "Incontro faccia a faccia Ha detto", 1),
    ("name_variant", "G", 1),
    ("fused_link_text", "Primo ponte dell’autostrada trasversale Sul fiume Amur", 1),
    ("doubled_word", "equa ed equa", 1),
    ("name_variant", "G e Putin", 1),
    ("name_variant", "G ha presentato", 1),
    ("name_variant", "Shi", 1),
    ("fused_link_text", "Gelato, torta e champagne", 1),
    ("broken_word", "sostenibile ea lungo", 1),
]

CLEAN = (
    "Il presidente Sergio Mattarella ha ricevuto al Quirinale il sindaco di La Spezia e "
    "la presidente della Regione Liguria. «Abbiamo parlato per ore e ore del porto», ha "
    "dichiarato il sindaco, secondo l’Ansa. Poi ha aggiunto che la città è pronta ad "
    "ampliare la banchina ed estendere i collegamenti con Il Cairo e con Milano. "
    "Vladimir Putin non è stato nominato, e nemmeno Putin è citato dal “Corriere della Sera”. "
    "Domani Mario Draghi e Giorgia Meloni parleranno a Roma."
)


@pytest.fixture(scope="module")
def doc(article):
    return pipeline.for_article(article.id)(article.text)


@pytest.mark.parametrize("kind,needle,occurrence", DAMAGE)
def test_damage_is_flagged(doc, article, kind, needle, occurrence):
    start, end = article.find(needle, occurrence)
    assert any(s.label_ == kind and s.start_char < end and start < s.end_char
               for s in doc.spans["artifacts"])


def test_every_artifact_has_an_explanation(doc):
    assert all(s._.explanation for s in doc.spans["artifacts"])


def test_clean_paragraph_flags_nothing():
    doc = pipeline.load()(CLEAN)
    assert [(s.label_, s.text) for s in doc.spans["artifacts"]] == []


@pytest.mark.parametrize("text,label", [
    ("Era una scelta più giusta e giusta per tutti.", "doubled_word"),
    ("Parlò a Москва con i ministri.", "foreign_script"),
    ("Si sono incontrati ieri Nel palazzo del governo.", "fused_link_text"),
    ("Un piano lungo ea breve termine.", "broken_word"),
])
def test_rules_on_short_examples(text, label):
    doc = pipeline.load()(text)
    assert label in {s.label_ for s in doc.spans["artifacts"]}


@pytest.mark.parametrize("text", ["Hanno lavorato per ore e ore.", "Visitarono La Spezia ieri."])
def test_correct_italian_not_flagged(text):
    doc = pipeline.load()(text)
    assert not doc.spans["artifacts"]


@pytest.mark.parametrize("text,label", [
    ("L'inviato Steve Witkoff è a Mosca. Poi Vitkoff ha visto Putin.", "name_variant"),
    ("Il diplomatico speciale è arrivato ieri.", "calque"),
    ("Sono arrivate le terre rareI funzionari hanno confermato.", "fused_link_text"),
    ("Durante la chiamata con Xi, ha detto “ pace” e poi è ripartito.", "spacing"),
    ("Guardiamo avanti a lavorare con voi.", "calque"),
    ("Centinaia di studenti applicano per una borsa.", "calque"),
    # two uncertain signals in one sentence
    ("Ha realizzato che la chiamata era finita.", "calque"),
    ("Il Presidente Cinese Tiene Una Chiamata Con Il Presidente Russo\n\nIl testo.",
     "title_case"),
])
def test_translation_signals(text, label):
    doc = pipeline.load()(text)
    assert label in {s.label_ for s in doc.spans["artifacts"]}


@pytest.mark.parametrize("text", [
    "Durante la chiamata il presidente ha parlato di pace.",  # one uncertain signal alone
    "Il sindaco ha realizzato che il ponte andava chiuso.",  # likewise
    "XI E PUTIN A MOSCA O A PECHINO\n\nIl testo.",  # a title in capitals
    "Banca Popolare Di Sondrio E Credito Emiliano\n\nIl testo.",  # two capitalised links
    "Titolo: «Pace»\nDroni nello spazio aereo polacco\n\nIl testo continua qui.",
    "Lo ha scritto la Repubblica, citando il Fatto Quotidiano e YouTube.",
])
def test_human_text_not_flagged(text):
    doc = pipeline.load()(text)
    assert not doc.spans["artifacts"]


def test_every_explanation_is_written_in_every_language(doc):
    for span in doc.spans["artifacts"]:
        assert set(span._.explanation) == set(i18n.LANGUAGES)
        assert all(text.strip() for text in span._.explanation.values())
        assert span._.explanation["it"] != span._.explanation["en"]


def test_a_calque_is_explained_with_its_english_and_the_italian_usage():
    doc = pipeline.load()("Il diplomatico speciale della Cina è arrivato a Kiev.")
    [span] = [s for s in doc.spans["artifacts"] if s.label_ == "calque"]
    assert span._.explanation == {
        "en": "'diplomatico speciale' reads like English 'special envoy' translated word for word. "
              "Italian says 'inviato speciale'.",
        "it": "'diplomatico speciale' sembra l'espressione inglese 'special envoy' tradotta parola "
              "per parola. In italiano si dice 'inviato speciale'.",
    }


def test_a_calque_line_with_an_english_only_note_is_refused(tmp_path):
    calques = tmp_path / "calques.jsonl"
    calques.write_text('{"label": "calque", "pattern": "la linea di fondo", "id": "bottom_line", '
                       '"gloss": "the bottom line", "note": {"en": "Italian says \'in sostanza\'."}, '
                       '"certain": true}\n', encoding="utf-8")
    with pytest.raises(InquadraError, match=f'{calques}, line 1: "note" needs a text in every language'
                                            ".*it has no text for 'it'"):
        Artifacts(spacy.blank("it"), calques_path=str(calques))


def test_searching_only_near_marks_finds_what_a_full_search_finds():
    """The artifact rules search their regular expressions only where a match can be;
    on texts built from the characters the rules look at, that finds every match a
    search of the whole text finds."""
    import random

    from inquadra.components import artifacts as a

    rules = [(a._SPACING, a._spacing_windows), (a._GLUED, a._glued_windows),
             (a._DOUBLED, a._double_windows)]
    pieces = ["più ", "equa", " ed ", " e ", "Equa", "abc", "D", "rareI", " ", "  ", "\n",
              "“", "”", '"', ",", "_", "é", "÷", "1", "x"]
    rng = random.Random(20)
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        for pattern, windows in rules:
            expected = [(m.span(), m.groups()) for m in pattern.finditer(text)]
            found = [(m.span(), m.groups()) for m in a._windowed(pattern, text, windows(text))]
            assert found == expected, (pattern.pattern, text)


def test_a_name_spelt_three_ways_is_flagged_once_a_place():
    doc = pipeline.load()("Il ministro Carlo Bianchetti ha parlato. Poi Bianchett ha detto che "
                          "Bianchet non era presente. Bianchetti ha aggiunto.")
    places = [(s.start_char, s.end_char, s.label_) for s in doc.spans["artifacts"]]
    assert len(places) == len(set(places))
    assert sorted({doc.text[s:e] for s, e, label in places if label == "name_variant"}) == [
        "Bianchet", "Bianchett", "Bianchetti"]


def test_a_text_shown_machine_translated_has_its_lone_uncertain_signals_flagged():
    lone = "Dopo la chiamata il ministro è ripartito."  # one uncertain signal alone
    once = "Il diplomatico speciale è arrivato ieri. "  # a certain signal
    twice = once + "Ha ricordato la linea di fondo. "  # certain signals in two sentences
    for text, flagged in ((once + lone, False), (twice + lone, True)):
        doc = pipeline.load()(text)
        assert ("la chiamata" in [s.text for s in doc.spans["artifacts"]]) is flagged
