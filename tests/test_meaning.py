"""Meaning checks of the correction pad: patterns, rules, and every item of the lessons."""

from __future__ import annotations

import pytest

from inquadra import lesson
from inquadra.meaning import (
    MeaningChecks,
    MeaningError,
    check,
    checks_by_sentence,
    matches,
    read_checks,
    words,
)
from inquadra.activities.correction import build_items

ENTRIES = lesson.activity_data("05.correct")["items"]
CHECKS = checks_by_sentence(ENTRIES)
ITEMS = {item.sentence_id: item for item in build_items(ENTRIES)}
DAMAGED = sorted(sid for sid, item in ITEMS.items() if not item.plain)


@pytest.mark.parametrize(
    "pattern, text, expected",
    [
        ("evit*", "La Cina ha evitato la parola", True),
        ("evit*", "Una vita tranquilla", False),
        ("senza limiti", "una partnership “senza limiti”", True),
        ("senza limiti", "senza alcun limite", False),
        ("non … chiam*", "non l’ha mai chiamata invasione", True),
        ("non … chiam*", "non ha condannato Mosca e ha poi chiamato", False),  # gap of 5 words
        ("occident*", "diffidano dell’Occidente", True),
        ("g", "G e Putin", True),
        ("g", "Gelato, torta e champagne", False),
        ("fuorche", "fuorché", True),  # accents do not count
        ("xi", "XI JINPING", True),
    ],
)
def test_patterns_match_whole_words_with_prefixes_and_gaps(pattern, text, expected):
    assert matches(pattern, text) is expected


def test_words_drop_case_accents_and_punctuation():
    assert words("È l’Occidente, “più” equo!") == ("e", "l", "occidente", "piu", "equo")


@pytest.mark.parametrize(
    "data, message",
    [
        ({"must": [{"any": [], "why": {"en": "a", "it": "b"}}]}, "non-empty list"),
        ({"must": [{"any": ["x"], "why": {"en": "a"}}]}, '"why" needs'),
        ({"must": [{"any": ["… x"], "why": {"en": "a", "it": "b"}}]}, "start and end with a word"),
        ({"must": [{"any": ["!!"], "why": {"en": "a", "it": "b"}}]}, "without letters"),
        ({"should": []}, '"must" and/or "must_not"'),
        ({"must": "x"}, "must be a list"),
    ],
)
def test_malformed_checks_say_what_is_wrong(data, message):
    with pytest.raises(MeaningError, match=message):
        read_checks(data, "item 1")


def test_no_checks_accept_anything():
    assert read_checks(None) == MeaningChecks()
    assert check(MeaningChecks(), "ciao").ok


# -- every item of the correction pad ------------------------------------------------------------


def test_every_damaged_item_carries_meaning_checks():
    assert DAMAGED, "the pad has no damaged sentence"
    for sid in DAMAGED:
        assert CHECKS[sid].must and CHECKS[sid].must_not, sid


@pytest.mark.parametrize("sid", DAMAGED)
@pytest.mark.parametrize("nonsense", ["ciao", "", "asdf qwerty", "Non lo so.", "ok ok ok ok"])
def test_nonsense_is_not_fixed(sid, nonsense):
    result = check(CHECKS[sid], nonsense)
    assert not result.ok and result.missing


@pytest.mark.parametrize("sid", DAMAGED)
def test_the_damaged_sentence_itself_is_not_fixed(sid):
    result = check(CHECKS[sid], ITEMS[sid].text)
    assert not result.ok


@pytest.mark.parametrize("sid", sorted(ITEMS))
def test_the_kits_own_version_passes(sid):
    result = check(CHECKS[sid], ITEMS[sid].corrected)
    assert result.ok, [r.why["en"] for r in result.missing + result.forbidden]


WRONG = {
    "hl.s1": [
        "In una telefonata di compleanno a Xi, Putin dice che la Cina sosterrà la Russia su questioni di sicurezza",
        "In una telefonata di compleanno a Ji, Putin, Xi dice che la Cina sosterrà la Russia sulla sicurezza",
        "In una telefonata di compleanno, Xi dice a Putin che la Cina sosterrà la Russia",
    ],
    "p04.s1": [
        "Anche la Cina è stata cauta sulla questione, tranne che per riferirsi alle azioni della Russia come a un’invasione.",
        "Anche la Cina ha chiamato invasione le azioni della Russia.",
        "Anche la Cina è stata prudente, ma ha definito un’invasione le azioni della Russia.",
        "Anche la Cina non ha evitato di definire un’invasione le azioni della Russia.",
        "La Cina non si è astenuta dal chiamarla invasione.",
    ],
    "p09.s1": [
        "All’inizio di quest’anno i due leader hanno annunciato che si sarebbero dimessi e hanno dichiarato una partnership “senza limiti” in un incontro.",
        "All’inizio di quest’anno, in un incontro faccia a faccia, i due leader hanno dichiarato una partnership tra i loro paesi.",
        "All’inizio di quest’anno i due leader si sono dimessi dopo un incontro faccia a faccia “senza limiti”.",
    ],
    "p15.s1": [
        "Questa chiamata non è la prima volta che Xi e Putin si fidanzano nel giorno del loro compleanno, uniti dalla diffidenza verso l’Occidente.",
        "Questa chiamata non è la prima volta che Xi e Putin si incontrano nel giorno del loro compleanno, legati dalla reciproca sfiducia delle nazioni occidentali.",
        "Questa chiamata non è la prima volta che G e Putin si sentono nel giorno del loro compleanno, uniti dalla diffidenza verso i paesi occidentali.",
    ],
}

RIGHT = {
    "hl.s1": [
        "In una telefonata di compleanno a Putin, Xi dice che la Cina sosterrà la Russia su questioni di sicurezza",
        "Xi, nella telefonata di compleanno a Putin: la Cina appoggerà la Russia sulla sicurezza",
    ],
    "p04.s1": [
        "Anche la Cina si è mossa con cautela sulla questione, evitando di definire un’invasione le azioni della Russia.",
        "Anche la Cina è stata prudente e si è rifiutata di chiamare invasione le azioni della Russia.",
        "Pechino si è mossa con cautela, senza mai definire le azioni della Russia un’invasione.",
        "Anche la Cina non ha mai parlato di invasione a proposito delle azioni russe.",
    ],
    "p09.s1": [
        "All’inizio di quest’anno, poche settimane prima dell’invasione russa, i due leader, in un incontro faccia a faccia, hanno dichiarato una partnership “senza limiti” e hanno promesso di aumentare il commercio.",
        "Poche settimane prima dell’invasione, incontrandosi di persona, i due leader hanno proclamato un’amicizia senza limiti tra i loro paesi.",
    ],
    "p15.s1": [
        "Non è la prima volta che Xi e Putin si sentono nel giorno del loro compleanno, uniti dalla comune diffidenza verso i paesi occidentali.",
        "Xi e Putin si parlano spesso per i loro compleanni, accomunati dalla sfiducia nei confronti dell’Occidente.",
    ],
}


@pytest.mark.parametrize("sid, answer", [(s, a) for s in WRONG for a in WRONG[s]])
def test_a_rewrite_keeping_the_wrong_meaning_is_not_fixed(sid, answer):
    assert not check(CHECKS[sid], answer).ok


@pytest.mark.parametrize("sid, answer", [(s, a) for s in RIGHT for a in RIGHT[s]])
def test_accepted_alternatives_pass(sid, answer):
    result = check(CHECKS[sid], answer)
    assert result.ok, [r.why["en"] for r in result.missing + result.forbidden]


def test_every_damaged_item_has_wrong_and_right_examples_here():
    assert set(WRONG) == set(DAMAGED) == set(RIGHT)


def test_p04_needs_the_avoidance_and_says_why():
    result = check(CHECKS["p04.s1"], "Anche la Cina ha parlato di un’invasione.")
    assert [r.why["en"] for r in result.missing] == [
        "Say what China did: it avoided, or refused, calling Russia’s actions an invasion."]
    assert all(r.why["it"] for r in result.missing)


# -- the pad uses them ------------------------------------------------------------------------------


@pytest.mark.parametrize("sid", DAMAGED)
def test_the_pad_never_says_fixed_for_nonsense(sid):
    from inquadra.activities.correction import feedback

    assert feedback(ITEMS[sid], "ciao").verdict != "fixed"
    assert feedback(ITEMS[sid], ITEMS[sid].corrected).verdict == "fixed"


@pytest.mark.parametrize("sid, answer", [(s, a) for s in WRONG for a in WRONG[s]])
def test_the_pad_never_says_fixed_for_the_wrong_meaning(sid, answer):
    from inquadra.activities.correction import feedback

    verdict = feedback(ITEMS[sid], answer)
    assert verdict.verdict in ("partly", "wrong_meaning")
    if verdict.verdict == "wrong_meaning":
        assert verdict.hints and all(h["en"] and h["it"] for h in verdict.hints)


def test_the_reversed_sentence_rewrite_that_keeps_china_calling_it_an_invasion():
    from inquadra.activities.correction import feedback

    verdict = feedback(ITEMS["p04.s1"], "Anche la Cina ha definito un’invasione le azioni della Russia.")
    assert verdict.verdict == "wrong_meaning"
    assert any("avoided, or refused" in h["en"] for h in verdict.hints)
