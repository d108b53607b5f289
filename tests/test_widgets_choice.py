"""Choice: instant feedback naming why, saving, language, repr."""

from __future__ import annotations

import pytest

from inquadra import i18n
from inquadra.annotations import work
from inquadra.widgets import Choice

QUESTION = {"en": "Which phrase is the Kremlin's name for the war?",
            "it": "Quale espressione è il nome del Cremlino per la guerra?"}
OPTIONS = [
    {"text": "operazione militare speciale", "correct": True,
     "explanation": {"en": "It is the official Russian term.", "it": "È il termine ufficiale russo."}},
    {"text": "invasione", "correct": False,
     "explanation": {"en": "That is how most Western media name it.", "it": "Così la chiamano i media occidentali."}},
]


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.mark.parametrize("index,start,reason", [
    (0, "Right!", "official Russian term"),
    (1, "Not quite.", "Western media"),
])
def test_feedback_names_why(index, start, reason):
    widget = Choice(QUESTION, OPTIONS)
    text = widget.pick(index)
    assert text.startswith(start) and reason in text
    assert reason in widget._feedback.value


def test_feedback_is_escaped():
    options = [{"text": "<b>a</b>", "correct": True, "explanation": "<script>x</script>"},
               {"text": "b", "correct": False, "explanation": "no"}]
    widget = Choice("<i>q</i>", options)
    widget.pick(0)
    assert "<script>" not in widget._feedback.value and "&lt;script&gt;" in widget._feedback.value
    assert "<i>q</i>" not in widget._question.value


def test_italian_feedback():
    i18n.set_language("it")
    widget = Choice(QUESTION, OPTIONS)
    assert widget.pick(1).startswith("Non proprio.")
    assert "Cremlino" in widget._question.value


def test_answer_saved_and_restored():
    work.set_student("Giulia R.")
    Choice(QUESTION, OPTIONS, activity="02.name").pick(1)
    saved = work.load_activity("Giulia R.", "000_a3bf1baf7ef32c25", "02.name")
    assert saved["choice"] == 1 and saved["correct"] is False
    assert Choice(QUESTION, OPTIONS, activity="02.name").answer == 1


def test_an_answer_that_cannot_be_saved_says_so():
    choice = Choice(QUESTION, OPTIONS, activity="02.name")
    choice.pick(0)
    assert "Not saved: set your name in lesson 00" in choice._feedback.value


def test_a_saved_answer_shows_no_warning():
    work.set_student("Giulia R.")
    choice = Choice(QUESTION, OPTIONS, activity="02.name")
    choice.pick(0)
    assert "Not saved" not in choice._feedback.value


def test_without_activity_nothing_is_saved():
    work.set_student("Giulia R.")
    Choice(QUESTION, OPTIONS).pick(0)
    assert not list(work.work_dir().glob("*.jsonl"))


def test_needs_a_correct_option():
    with pytest.raises(ValueError, match="correct"):
        Choice("q", [{"text": "a", "correct": False}, {"text": "b", "correct": False}])


def test_repr_is_deterministic():
    assert repr(Choice(QUESTION, OPTIONS, activity="02.name")) == (
        "Choice(\"Which phrase is the Kremlin's name for the war?\", options=2, activity='02.name')")
