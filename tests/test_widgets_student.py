"""StudentName: saving a name, refusing bad ones, deterministic output."""

from __future__ import annotations

import pytest

from inquadra import i18n
from inquadra.annotations import work
from inquadra.widgets import StudentName


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def test_no_name_yet_message_is_deterministic():
    widget = StudentName()
    assert widget.message == "No name set yet: your work will not be saved until you set one."
    assert repr(widget) == "StudentName()"


@pytest.mark.parametrize("name", ["Giulia R.", "Zoë", "李明"])
def test_saving_a_name_shows_it_and_the_folder(name):
    widget = StudentName()
    assert widget.save(name)
    assert work.get_student() == name
    assert name in widget.message and str(work.work_dir()) in widget.message


@pytest.mark.parametrize("bad", ["", "   ", "../etc", "a/b", ".hidden"])
def test_bad_name_is_refused_with_reason(bad):
    widget = StudentName()
    assert not widget.save(bad)
    assert work.get_student() is None
    with pytest.raises(work.WorkError) as err:
        work.set_student(bad)
    assert widget.message == str(err.value)


def test_name_is_escaped_in_html():
    widget = StudentName()
    widget.save("<b>Ana</b>")
    assert "<b>Ana</b>" not in widget._message.value


def test_shows_saved_name_when_made_again():
    work.set_student("Marco")
    assert "Marco" in StudentName().message


def test_italian_prompt():
    i18n.set_language("it")
    assert "pseudonimo" in StudentName()._prompt.value


def test_save_click_right_after_the_box_changed_keeps_the_name():
    # In the browser, leaving the text box sends its value before the click on Save.
    widget = StudentName()
    widget._text.value = "Marco B."
    widget._button.click()
    assert work.get_student() == "Marco B."
    assert widget.message == StudentName().message  # the saved name, not an error


def test_save_message_goes_through_handle():
    widget = StudentName()
    widget.handle({"type": "save", "name": "Ada"})
    assert work.get_student() == "Ada"
    widget.handle({"type": "nope"})
    assert "nope" in widget.message


def test_text_plain_output_is_a_readable_line():
    bundle = StudentName()._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert data["text/plain"] == "Run this cell to show the activity."
