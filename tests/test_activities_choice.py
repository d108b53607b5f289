"""ChoiceState without a browser: picks, verdicts, payloads and merging."""

from __future__ import annotations

import sys

import pytest

from inquadra.activities import ActivityError, ChoiceState

OPTIONS = [
    {"text": {"en": "special military operation", "it": "operazione militare speciale"},
     "correct": True, "explanation": {"en": "The Kremlin's term.", "it": "Il termine del Cremlino."}},
    {"text": "invasione", "correct": False, "explanation": {"en": "Western media.", "it": "Media occidentali."}},
]


def test_activity_modules_import_no_widget_library():
    import subprocess

    code = ("import sys, inquadra.activities, inquadra.saved; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('ipywidgets', 'anywidget')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**__import__("os").environ, "PYTHONPATH": __import__("os").pathsep.join(sys.path)})
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("index, right, words", [(0, True, "Kremlin"), (1, False, "Western")])
def test_pick_gives_verdict_and_reason(index, right, words):
    state = ChoiceState("Which?", OPTIONS)
    assert state.pick(index) is right
    assert state.index == index and words in state.feedback(index)
    assert state.take_answers() == [("choice", index, right)]


def test_italian_texts():
    state = ChoiceState({"en": "Which?", "it": "Quale?"}, OPTIONS)
    assert state.question_text("it") == "Quale?"
    assert state.option_texts("it")[0] == "operazione militare speciale"
    assert state.feedback(1, "it").startswith("Non proprio.")


@pytest.mark.parametrize("bad", [2, -1, True, "0", None])
def test_a_bad_pick_is_refused_and_changes_nothing(bad):
    state = ChoiceState("Which?", OPTIONS)
    with pytest.raises(ActivityError, match="no option"):
        state.pick(bad)
    assert state.index is None and state.take_answers() == []


def test_payload_round_trip_and_a_bad_saved_choice_is_refused():
    state = ChoiceState("Which?", OPTIONS)
    state.pick(1)
    again = ChoiceState("Which?", OPTIONS)
    again.load(again.parse(state.to_payload()))
    assert again.index == 1
    with pytest.raises(ActivityError, match='"choice"'):
        again.parse({"choice": 5})


def test_merge_takes_the_side_that_changed():
    state = ChoiceState("Which?", OPTIONS)
    base = {"choice": 0}
    assert state.merge(base, {"choice": 0}, {"choice": 1})["choice"] == 1
    assert state.merge(base, {"choice": 1}, {"choice": 0})["choice"] == 1


def test_needs_two_options_and_a_right_one():
    with pytest.raises(ActivityError, match="two options"):
        ChoiceState("q", OPTIONS[:1])
    with pytest.raises(ActivityError, match="correct"):
        ChoiceState("q", [{"text": "a"}, {"text": "b"}])
