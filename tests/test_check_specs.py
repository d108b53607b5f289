"""The checks' data: every text a learner reads has every language, and a broken entry is refused clearly."""

from __future__ import annotations

import copy

import pytest

from inquadra import check_specs, i18n
from inquadra.check_specs import CheckDataError
from inquadra.errors import InquadraError

GOOD = {
    "1.1": {
        "kind": "value", "answer": "p01.s1", "type": "str",
        "expects": {"en": "a sentence id", "it": "l'id di una frase"},
        "hint": {"en": "Use art.find.", "it": "Usa art.find."},
        "hint_wide": {"en": "Fewer words.", "it": "Meno parole."},
        "wrong": {"p01": {"en": "A paragraph.", "it": "Un paragrafo."}},
        "right": {"en": "Yes.", "it": "Sì."},
        "praise": {"en": "Well done.", "it": "Ben fatto."},
        "next": {"en": "exercise 1.2.", "it": "l'esercizio 1.2."},
    }
}


def _broken(change):
    data = copy.deepcopy(GOOD)
    change(data["1.1"])
    return data


@pytest.fixture
def italian():
    i18n.set_language("it")
    yield
    i18n.set_language("en")


def test_the_kits_checks_have_every_text_in_every_language():
    data = check_specs.load()
    assert len(data) >= 24
    for entry in data.values():
        texts = [v for k, v in entry.items() if k in check_specs.TEXT_FIELDS or k.startswith("hint_")]
        texts += [t for k in check_specs.TEXT_MAPS for t in entry.get(k, {}).values()]
        assert texts and all(set(t) == set(i18n.LANGUAGES) for t in texts)


def test_a_good_entry_is_accepted_as_it_is():
    assert check_specs.read(copy.deepcopy(GOOD)) == GOOD


@pytest.mark.parametrize("field, change, words", [
    ("hint", lambda e: e["hint"].pop("it"), ["'1.1'", "'hint'", "no it text", 'Add "it"']),
    ("hint_wide", lambda e: e["hint_wide"].pop("it"), ["'1.1'", "'hint_wide'", 'Add "it"']),
    ("wrong.p01", lambda e: e["wrong"]["p01"].pop("it"), ["'1.1'", "'wrong.p01'", 'Add "it"']),
    ("praise", lambda e: e.update(praise="Well done."), ["'1.1'", "'praise'", "'Well done.'", '{"en": "...", "it": "..."}']),
    ("right", lambda e: e["right"].update(it="  "), ["'1.1'", "'right'", "is empty"]),
    ("next", lambda e: e["next"].update(IT="x"), ["'1.1'", "'next'", "'IT'", "languages.json"]),
    ("claims", lambda e: e.update(claims=["a", "b"]), ["'1.1'", "'claims'", "object of id -> text"]),
    ("tip", lambda e: e.update(tip={"en": "x", "it": "y"}), ["'1.1'", "unknown field 'tip'", "hint_*"]),
])
def test_a_text_without_every_language_is_refused_naming_exercise_field_and_fix(field, change, words):
    with pytest.raises(CheckDataError) as caught:
        check_specs.read(_broken(change))
    for w in words:
        assert w in str(caught.value), (w, str(caught.value))


def test_the_refusal_is_an_inquadra_error_in_the_current_language(italian):
    with pytest.raises(InquadraError) as caught:
        check_specs.read(_broken(lambda e: e["hint"].pop("it")))
    assert "esercizio '1.1'" in str(caught.value) and "Aggiungi \"it\"" in str(caught.value)
    assert 'Add "it"' in caught.value.text("en")


@pytest.mark.parametrize("data, words", [
    ("{not json", "not valid JSON"),
    ([1, 2], "one JSON object"),
    ({"1.1": "value"}, 'a "kind"'),
])
def test_a_file_that_is_not_a_table_of_checks_is_refused(data, words):
    with pytest.raises(CheckDataError, match=words):
        check_specs.read(data, source="my_checks.json")


def test_an_unknown_kind_is_refused_when_the_kinds_are_given():
    data = _broken(lambda e: e.update(kind="guess"))
    with pytest.raises(CheckDataError, match="no kind of check 'guess'. Use one of: ids, value"):
        check_specs.read(data, kinds=["value", "ids"])
    assert check_specs.read(copy.deepcopy(GOOD), kinds=["value"])["1.1"]["kind"] == "value"


@pytest.mark.parametrize("language, hint, wrong", [("en", "Use art.find.", "A paragraph."),
                                                   ("it", "Usa art.find.", "Un paragrafo.")])
def test_localised_gives_every_text_in_one_language_and_keeps_the_data(language, hint, wrong):
    entry = check_specs.localised(GOOD["1.1"], language)
    assert (entry["hint"], entry["wrong"]["p01"], entry["answer"]) == (hint, wrong, "p01.s1")
    assert GOOD["1.1"]["hint"] == {"en": "Use art.find.", "it": "Usa art.find."}
