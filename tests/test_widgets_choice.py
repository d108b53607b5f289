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
    assert reason in widget.feedback["reason"] and reason in widget.feedback_line
    assert widget.feedback["right"] is (index == 0)


def test_texts_reach_the_browser_as_plain_text_set_with_textcontent():
    options = [{"text": "<b>a</b>", "correct": True, "explanation": "<script>x</script>"},
               {"text": "b", "correct": False, "explanation": "no"}]
    widget = Choice("<i>q</i>", options)
    widget.pick(0)
    assert widget.feedback["reason"] == "<script>x</script>"
    assert widget.question_text == "<i>q</i>" and "<b>a</b>" in widget.options_text
    source = widget._esm
    assert "innerHTML" not in source and "textContent" in source


def test_italian_feedback():
    i18n.set_language("it")
    widget = Choice(QUESTION, OPTIONS)
    assert widget.pick(1).startswith("Non proprio.")
    assert "Cremlino" in widget.question_text


def test_answer_saved_and_restored():
    work.set_student("Giulia R.")
    Choice(QUESTION, OPTIONS, activity="02.name").pick(1)
    saved = work.load_activity("Giulia R.", "000_a3bf1baf7ef32c25", "02.name")
    assert saved["choice"] == 1 and saved["correct"] is False
    assert Choice(QUESTION, OPTIONS, activity="02.name").answer == 1


def test_an_answer_that_cannot_be_saved_says_so():
    choice = Choice(QUESTION, OPTIONS, activity="02.name")
    choice.pick(0)
    assert "Not saved: set your name in lesson 00" in choice.feedback_line


def test_a_saved_answer_shows_no_warning():
    work.set_student("Giulia R.")
    choice = Choice(QUESTION, OPTIONS, activity="02.name")
    choice.pick(0)
    assert "Not saved" not in choice.feedback_line


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


def test_pick_message_goes_through_handle_and_bad_ones_are_refused():
    widget = Choice(QUESTION, OPTIONS)
    widget.handle({"type": "pick", "index": 1})  # the option shown second
    shown = widget.order[1]
    assert widget.answer == shown and widget.index == 1
    for bad in ({"type": "pick", "index": 7}, {"type": "pick", "index": True}, "x", {"type": "boom"}):
        widget.handle(bad)
        assert widget.answer == shown
    assert "boom" in widget.prompt


def test_every_pick_is_an_attempt_in_the_history():
    from inquadra import saved

    work.set_student("Giulia R.")
    widget = Choice(QUESTION, OPTIONS, activity="02.name")
    widget.pick(1)
    widget.pick(0)
    history = saved.history_of("Giulia R.", "000_a3bf1baf7ef32c25", "02.name")
    assert [(a.seq, a.attempt, a.answer, a.correct) for a in history] == [
        (1, 1, 1, False), (2, 2, 0, True)]
    assert saved.first_attempt(history, "choice").correct is False


def test_arrow_keys_choose_in_the_radio_group():
    source = Choice(QUESTION, OPTIONS)._esm
    assert 'role", "radiogroup"' in source and "arrowTarget(ev.key" in source


def test_text_plain_output_is_a_readable_line_in_the_kits_language():
    widget = Choice(QUESTION, OPTIONS, activity="02.name")
    assert _plain(widget) == "Run this cell to show the activity."
    i18n.set_language("it")
    assert _plain(widget) == "Esegui questa cella per mostrare l'attività."


def _plain(widget) -> str:
    bundle = widget._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "application/vnd.jupyter.widget-view+json" in data
    return data["text/plain"]


# -- per-student order and first attempts -----------------------------------------------------


def test_each_student_sees_their_own_order_and_the_data_index_is_saved():
    from inquadra import lesson, saved
    from inquadra.activities.shuffle import order

    entry = lesson.activity_data("02.predict")
    work.set_student("Giulia R.")
    widget = Choice(entry["question"], entry["options"], activity="02.predict")
    assert widget.order == order("Giulia R.", "02.predict", entry["options"])
    texts = [o["text"]["en"] for o in entry["options"]]
    assert widget.options_text == [texts[i] for i in widget.order]
    widget.pick_shown(0)
    saved_answer = saved.history_of("Giulia R.", "000_a3bf1baf7ef32c25", "02.predict")[0].answer
    assert saved_answer == widget.order[0]
    orders = {order(f"s{n}", "02.predict", entry["options"]) for n in range(30)}
    assert len(orders) > 1


def test_later_attempts_are_allowed_and_shown_as_practice():
    work.set_student("Giulia R.")
    widget = Choice(QUESTION, OPTIONS, activity="02.name")
    widget.pick(1)  # wrong first
    assert widget.attempts == 1 and widget.first_attempt == (1, False)
    assert "for practice" not in widget.feedback["reason"]
    widget.pick(0)  # right, but later
    assert widget.feedback["right"] is True
    assert widget.attempts == 2 and widget.first_attempt == (1, False)
    assert widget.feedback["reason"].startswith("Try 2, for practice")
    assert "it was not right" in widget.feedback["reason"]
    again = Choice(QUESTION, OPTIONS, activity="02.name")  # a new view restores the history
    assert again.first_attempt == (1, False) and again.attempts == 2


def test_without_saving_the_session_counts_attempts():
    widget = Choice(QUESTION, OPTIONS)
    widget.pick(0)
    widget.pick(0)
    assert widget.first_attempt == (0, True) and widget.attempts == 2
    assert "it was right" in widget.feedback["reason"]
