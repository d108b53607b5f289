"""StudentNameState without a browser: setting the name, refusals, messages."""

from __future__ import annotations

from inquadra.activities import StudentNameState
from inquadra.annotations import work


def test_save_sets_the_name_and_the_message_names_the_folder():
    state = StudentNameState()
    assert state.tone == "none" and "No name set yet" in state.message("en")
    assert state.save("Giulia R.")
    assert work.get_student() == "Giulia R." and state.tone == "ok"
    assert str(work.work_dir()) in state.message("en")


def test_a_refused_name_keeps_the_reason_and_the_old_name():
    state = StudentNameState()
    state.save("Giulia")
    assert not state.save("../x")
    assert state.tone == "error" and "'/'" in state.message()
    assert work.get_student() == "Giulia"


def test_listeners_hear_every_attempt():
    state = StudentNameState()
    heard = []
    state.on_change(lambda s: heard.append(s.tone))
    state.save("")
    state.save("Ada")
    assert heard == ["error", "ok"]


def test_italian_message():
    assert StudentNameState().message("it").startswith("Nessun nome impostato")
