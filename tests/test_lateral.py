"""Lateral reading offline: invented search results and source cards, and the timed task."""

from __future__ import annotations

import json

import pytest

from inquadra import lateral, lesson


def test_every_result_leads_to_a_card_and_has_an_invented_address():
    assert {r.card for r in lateral.results()} == {c.id for c in lateral.cards()}
    assert all(r.address.split("/")[0].endswith(".example") for r in lateral.results())


def test_the_four_sources_of_the_brief_have_cards():
    assert {c.id for c in lateral.cards()} == {"cnn", "china_mfa", "kremlin", "copycat"}


def test_the_copycat_site_is_invented_and_says_so_in_both_languages():
    card = lateral.card("copycat")
    assert card.invented
    assert "invented" in card.name["en"] and "inventato" in card.name["it"]
    assert "not known" in card.behind["en"]


@pytest.mark.parametrize("query, first", [
    ("Notizie dal Mondo 24", "copycat_about"),
    ("Xi Putin birthday call", "cnn_report"),
    ("chi c'è dietro CNN", "cnn_who"),
    ("resoconto del Cremlino", "kremlin_readout"),
    ("MINISTERO degli esteri", "mfa_readout"),
])
def test_search_finds_the_expected_result_first(query, first):
    assert lateral.search(query)[0].id == first


def test_an_unrelated_search_finds_nothing_and_says_what_to_try():
    assert lateral.search("ricetta della pizza") == ()
    shown = lateral.results_html((), "ricetta della pizza", "en")
    assert "No results" in shown.text and "headline" in shown.text


def test_results_are_shown_under_an_invented_banner():
    shown = lateral.results_html(lateral.search("Cremlino"), "Cremlino", "it")
    assert "inventata per il kit" in shown.html


def test_card_text_is_escaped():
    raw = json.dumps([{"id": "x", "invented": True, **{k: {"en": "<script>x</script>", "it": "<b>"}
                       for k in ("name", "kind", "behind", "publishes", "check")}}])
    (card,) = lateral.parse_cards(raw)
    shown = lateral.card_html(card, "en").html
    assert "<script>" not in shown and "&lt;script&gt;" in shown


@pytest.mark.parametrize("record, message", [
    ({"id": "r", "keywords": ["a"], "card": "nope", "title": {"en": "t", "it": "t"}, "address": "a.example/x",
      "snippet": {"en": "s", "it": "s"}}, "unknown card 'nope'"),
    ({"id": "r", "keywords": ["a"], "card": "cnn", "title": {"en": "t", "it": "t"}, "address": "cnn.com/x",
      "snippet": {"en": "s", "it": "s"}}, "invented '.example' address"),
    ({"id": "r", "keywords": [], "card": "cnn", "title": {"en": "t", "it": "t"}, "address": "a.example",
      "snippet": {"en": "s", "it": "s"}}, "keywords"),
    ({"id": "r", "keywords": ["a"], "card": "cnn", "title": {"en": "t"}, "address": "a.example",
      "snippet": {"en": "s", "it": "s"}}, "'title' needs a text in every language"),
])
def test_bad_results_say_what_is_wrong(record, message):
    with pytest.raises(lateral.LateralError, match=message):
        lateral.parse_results(json.dumps([record]), ["cnn"])


def test_unknown_card_lists_the_known_ones():
    with pytest.raises(lateral.LateralError, match="Known cards: cnn"):
        lateral.card("bbc")


def test_the_timed_task_has_a_time_limit_and_one_right_answer_per_question():
    task = lesson.activity_data("01.lateral")
    assert 3 <= task["time_limit_minutes"] <= 10
    assert all(sum(o["correct"] for o in q["options"]) == 1 for q in task["items"])


def test_the_right_answer_is_never_the_longest_option_everywhere():
    """Picking the longest option must not win the timed task."""
    task = lesson.activity_data("01.lateral")
    longest_right = [max(q["options"], key=lambda o: len(o["text"]["en"]))["correct"] for q in task["items"]]
    assert not all(longest_right)


def test_the_search_widget_shows_results_and_opens_cards():
    from inquadra.widgets.lateral import LateralSearch

    view = LateralSearch(minutes=4, query="Notizie dal Mondo 24")
    assert repr(view) == "LateralSearch(minutes=4, results=2)"
    view.pick.value = "copycat"
    assert "INVENTED" in view.card_out.value


def test_the_search_widget_rejects_a_silly_clock():
    from inquadra.widgets.lateral import LateralSearch

    with pytest.raises(lateral.LateralError, match="minutes"):
        LateralSearch(minutes=0)
