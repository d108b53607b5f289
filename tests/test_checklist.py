"""The report-driven checklist of lesson 07."""

from __future__ import annotations

import pytest

from inquadra import analysis, article, checklist


def _ids(text, language="en"):
    result = analysis.analyze(article.from_text(text, "t"))
    return {c.id: c for c in checklist.checklist(result, language)}


def test_unrecognised_speaker_and_line_breaks():
    items = _ids("Titolo senza punto\nLa guerra continua.\n«Siamo pronti», ha detto.\n")
    assert {"line_breaks", "unrecognised", "war_name_user"} <= set(items)
    assert items["unrecognised"].count == 1 and items["unrecognised"].examples == ("«Siamo pronti»",)


def test_empty_report_says_what_is_missing():
    assert {"no_actors", "no_quotations", "no_war_name"} <= set(_ids("Piove su tutta la città."))


@pytest.mark.parametrize("language,word", [("en", "speaker"), ("it", "parlante")])
def test_wording_follows_the_language(language, word):
    items = _ids("Titolo\n\n«Siamo pronti», ha detto.", language)
    assert word in items["unrecognised"].text


def test_a_clean_named_quotation_needs_no_speaker_check():
    items = _ids("Titolo\n\n«Siamo pronti», ha detto la ministra Anna Ferraris.")
    assert not {"unrecognised", "unattributed", "inferred"} & set(items)


@pytest.mark.parametrize("language,users", [("en", "most Italian and European media"),
                                            ("it", "gran parte dei media italiani ed europei")])
def test_who_uses_a_war_name_is_said_in_the_language(language, users):
    item = _ids("Titolo\n\nLa guerra continua.", language)["war_name_user"]
    assert item.text.endswith(f"{users}. " + ("In whose voice is it used here?" if language == "en"
                                              else "Con la voce di chi è usato qui?"))
