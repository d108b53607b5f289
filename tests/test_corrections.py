"""Corrections of machine-translation damage: records located exactly in the article."""

from __future__ import annotations

import json

import pytest

from inquadra import article as article_module
from inquadra import bundles
from inquadra import corrections


@pytest.fixture(scope="module")
def records():
    return corrections.load()


def _line(**overrides) -> str:
    record = {
        "n": 1,
        "kind": "mistranslation",
        "text": "sanzioni illegali",
        "occurrence": 1,
        "english": "illegitimate sanctions",
        "italian": "sanzioni illegittime",
        "certainty": "certain",
        "explanation": {"en": "A word with another weight.", "it": "Una parola con un altro peso."},
    }
    record.update(overrides)
    return json.dumps(record, ensure_ascii=False)


def test_every_record_is_located_exactly(records, article):
    wrong = [(c.n, c.text) for c in records if article.text[c.start : c.end] != c.text]
    assert wrong == []


def test_record_sentence_contains_its_start(records, article):
    spans = [(c, article.sentence(c.sentence_id)) for c in records]
    wrong = [c.start for c, s in spans if not s.start <= c.start < s.end]
    assert wrong == []


def test_every_item_number_is_present(records):
    # Item 25 ("migliore e più caro amico") is unverified wording, not a known
    # mistranslation, so it has no correction.
    assert sorted({c.n for c in records}) == [n for n in range(1, 28) if n != 25]


def test_reversed_meaning_points_into_p04_s1(records):
    reversed_ = corrections.by_kind("reversed_meaning")
    assert [(c.n, c.sentence_id) for c in reversed_] == [(6, "p04.s1")]


def test_kinds_are_valid(records):
    assert {c.kind for c in records} <= set(corrections.KINDS)


def test_every_kind_has_names_in_both_languages():
    assert all(names.get("en") and names.get("it") for names in corrections.KINDS.values())


def test_certainties_are_valid(records):
    assert {c.certainty for c in records} <= {"certain", "likely"}


@pytest.mark.parametrize("n", [20, 21])
def test_items_background_calls_likely_stay_likely(records, n):
    assert {c.certainty for c in records if c.n == n} == {"likely"}


def test_name_variants_cover_four_spellings_of_xi(records):
    spellings = {"Ji", "G", "Shi"}
    words = {w for c in corrections.by_kind("name_variant") for w in c.text.split()}
    found = spellings & words
    assert found == spellings


def test_item_23_has_one_record_per_occurrence(records, article):
    starts = [c.start for c in records if c.n == 23]
    assert len(starts) == len(set(starts)) == 3


@pytest.mark.parametrize("needle", ["G", "Shi"])
def test_single_word_records_do_not_match_inside_words(records, article, needle):
    edges = [article.text[c.start - 1] + article.text[c.end] for c in records if c.text == needle]
    assert edges
    assert [e for e in edges if any(ch.isalnum() for ch in e)] == []


def test_tamil_surname_is_a_foreign_script_record(records):
    assert any("பிடன்" in c.text for c in corrections.by_kind("foreign_script"))


def test_texts_use_typographic_apostrophes(records):
    assert [c.text for c in records if "'" in c.text] == []


def test_by_kind_is_in_text_order():
    starts = [c.start for c in corrections.by_kind("name_variant")]
    assert starts == sorted(starts)


def test_by_kind_rejects_unknown_kind():
    with pytest.raises(corrections.CorrectionsError, match="name_variant"):
        corrections.by_kind("typo")


def test_unknown_article_has_a_clear_error():
    with pytest.raises(bundles.BundleError, match="No article '999_unknown'. Available: .*example_own"):
        corrections.load("999_unknown")


def test_an_article_without_corrections_says_which_file_to_add():
    with pytest.raises(corrections.CorrectionsError, match=r"No corrections for article 'example_own' \(expected .*corrections.jsonl\)"):
        corrections.load("example_own")


def test_missing_text_names_the_line(article):
    lines = _line() + "\n" + _line(text="sanzioni illegittime")
    with pytest.raises(corrections.CorrectionsError, match="line 2.*not found"):
        corrections.parse(lines, article)


def test_straight_apostrophe_is_not_silently_matched(article):
    with pytest.raises(corrections.CorrectionsError, match="typographic"):
        corrections.parse(_line(text="l'un l'altro"), article)


def test_too_high_occurrence_says_how_many(article):
    with pytest.raises(corrections.CorrectionsError, match="found 1 time"):
        corrections.parse(_line(occurrence=2), article)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"kind": "typo"}, "unknown kind"),
        ({"certainty": "maybe"}, "certainty"),
        ({"occurrence": 0}, "occurrence"),
        ({"start": 3}, "unknown field"),
        ({"italian": ""}, "italian"),
    ],
)
def test_bad_records_are_refused(article, overrides, message):
    with pytest.raises(corrections.CorrectionsError, match=message):
        corrections.parse(_line(**overrides), article)


def test_duplicate_record_is_refused(article):
    with pytest.raises(corrections.CorrectionsError, match="twice"):
        corrections.parse(_line() + "\n" + _line(), article)


def test_invalid_json_names_the_line(article):
    with pytest.raises(corrections.CorrectionsError, match="line 1: not valid JSON"):
        corrections.parse("{not json", article)


@pytest.mark.parametrize(
    "text, needle, expected",
    [
        ("Gelato e G a Roma.", "G", 9),
        ("Il 66° compleanno.", "66°", 3),
        ("Una lettura, la lettura.", "lettura", 4),
    ],
)
def test_parse_finds_whole_word_matches(text, needle, expected):
    art = article_module.from_text(text, "t")
    (c,) = corrections.parse(_line(text=needle), art)
    assert c.start == expected


def test_repr_is_deterministic(records):
    assert "0x" not in repr(records[0])
