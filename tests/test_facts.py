"""Facts the kit's data states, held against the background facts.

Each test pins one fact that a lesson relies on, so that an edit to the data
that makes the kit claim more (or less) than the background facts fails here.
"""

from __future__ import annotations

import json
from importlib import resources

import pytest

from inquadra import article, corrections, readouts
from inquadra.annotations import reference

DATA = resources.files("inquadra") / "data"


def _by_id():
    return {s.id: s for s in readouts.load()}


def test_the_kremlin_says_xi_noted_not_recognised_the_legitimacy():
    line = _by_id()["legitimacy"]
    assert "noted" in line.text["en"] and "recognis" not in line.text["en"]
    assert "rilevato" in line.text["it"] and "riconosciut" not in line.text["it"]


def test_only_what_the_chinese_readout_is_known_to_lack_is_kremlin_only():
    assert {s.id for s in readouts.by_bucket("moscow")} == {"legitimacy", "sanctions", "military_ties"}


@pytest.mark.parametrize("statement", ["amur_bridge", "strategic_coordination", "proper_settlement",
                                       "independent_assessment"])
def test_chinese_readout_lines_say_the_kremlins_is_not_known(statement):
    line = _by_id()[statement]
    assert line.bucket == "beijing" and "do not say whether the Kremlin" in line.explanation["en"]
    assert "non dicono se" in line.explanation["it"]
    assert "not known" in readouts.buckets()["beijing"]["en"]


def _corrected(sentence_id: str) -> str:
    art = article.load()
    s = art.sentence(sentence_id)
    fixes = [c for c in corrections.load() if c.sentence_id == sentence_id]
    end = max([s.end] + [c.end for c in fixes])
    out = art.text[s.start:end]
    for c in sorted(fixes, key=lambda c: c.start, reverse=True):
        out = out[: c.start - s.start] + c.italian + out[c.end - s.start :]
    return out


@pytest.mark.parametrize(
    "sentence_id, expected",
    [
        ("p02.s1", "In un resoconto diffuso a parte dal Cremlino, i due leader hanno ribadito che le "
                   "relazioni del loro Paese sono “ai massimi storici” e hanno riaffermato il loro "
                   "impegno ad “approfondire costantemente il partenariato globale”."),
        ("p03.s1", "Si ritiene che sia la seconda volta che i due leader si parlano da quando la "
                   "Russia ha invaso l’Ucraina."),
        ("p04.s2", "Pur rifiutandosi di condannare le azioni della Russia, si è presentata come un "
                   "paese che chiede la pace e difende l’ordine mondiale."),
        ("p12.s1", "I due hanno concordato di espandere la cooperazione nei settori dell’energia, della "
                   "finanza, della produzione e di altri, “tenendo conto della situazione economica "
                   "globale, che è stata ulteriormente complicata dalla politica di sanzioni illegittime "
                   "perseguita dall’Occidente”, si legge nel resoconto del Cremlino."),
        ("p14.s2", "È un ritornello comune ai paesi che si oppongono a quella che considerano "
                   "l’egemonia globale degli Stati Uniti."),
        ("p15.s1", "Non è la prima volta che Xi e Putin si cercano nel giorno del compleanno di uno "
                   "dei due, uniti dalla comune diffidenza verso i paesi occidentali."),
    ],
)
def test_corrected_sentences_are_the_kits_grammatical_italian(sentence_id, expected):
    assert _corrected(sentence_id) == expected


@pytest.mark.parametrize("broken", ["una resoconto", "nella resoconto", "a le ", "a “approfondire",
                                    "si incontrano", "e al mantenimento"])
def test_no_corrected_sentence_holds_a_known_grammar_slip(broken):
    art = article.load()
    ids = sorted({c.sentence_id for c in corrections.load()})
    assert [i for i in ids if broken in _corrected(i)] == [], art.id


def test_best_and_dearest_friend_is_unverified_not_corrected():
    assert not [c for c in corrections.load() if "migliore e più caro amico" in c.text]


def test_comprehensive_partnership_item_blames_cooperazione_not_globale():
    (item,) = [c for c in corrections.load() if c.n == 3]
    assert "cooperazione" in item.explanation["en"] and "costantemente" in item.explanation["en"]
    assert "cooperazione" in item.explanation["it"] and "costantemente" in item.explanation["it"]
    ref = reference.load()
    assert "cooperazione globale" not in {r.text for r in ref.spans}


def test_dovrebbe_essere_explains_whose_belief_is_lost():
    (item,) = [c for c in corrections.load() if c.n == 4]
    assert "whose belief" in item.explanation["en"]
    assert "di chi è la convinzione" in item.explanation["it"]


@pytest.mark.parametrize("n", [2, 26])
def test_items_background_gives_as_certain_are_certain(n):
    assert {c.certainty for c in corrections.load() if c.n == n} == {"certain"}


def test_lexicon_and_reference_give_best_friend_and_no_limits_one_label():
    lexicon = {}
    for line in (DATA / "lexicons" / "framing.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            lexicon[rec["pattern"]] = rec["label"]
    ref = {(r.text, r.label) for r in reference.load().spans}
    for term in ("senza limiti", "migliore e più caro amico", "potenze straniere"):
        assert {label for text, label in ref if text == term} == {lexicon[term]}


def _activity_text() -> str:
    folder = DATA / "activities"
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()) if p.name.endswith(".json"))


def test_facts_background_gives_as_certain_are_not_called_likely_in_the_activities():
    text = _activity_text()
    for sentence in text.split("\n"):
        if "in ogni momento superiori" in sentence or "conversation took place" in sentence:
            assert "likely" not in sentence and "probabilità" not in sentence, sentence[:120]


def test_no_activity_blames_the_translation_for_a_subject_italian_leaves_out():
    assert "lost the subject of “ha affermato”" not in _activity_text()
