"""HandInButton: a view over exchange.hand_in that shows the receipt or the reason."""

from __future__ import annotations

import pytest

from inquadra import exchange, i18n
from inquadra.widgets.hand_in import HandInButton

from test_exchange import tag


@pytest.fixture
def course(tmp_path, monkeypatch):
    monkeypatch.setenv("INQUADRA_EXCHANGE", str(tmp_path / "ex"))
    monkeypatch.setenv("INQUADRA_COURSE", "media-3b")
    monkeypatch.setenv("JUPYTERHUB_USER", "s1")
    exchange.setup("media-3b")
    return tmp_path


def test_click_hands_in_and_shows_the_receipt(course, monkeypatch):
    tag(course / "w", "s1")
    monkeypatch.setenv("INQUADRA_WORK", str(course / "w"))
    button = HandInButton("lesson06")
    button._button.click()
    assert button.receipt is not None and button.receipt.user == "s1"
    assert f"Receipt {button.receipt.digest}" in button.message
    assert "Handed in: 1 file(s) as s1 for course media-3b" in button._message.value


def test_nothing_saved_shows_why_in_italian_too(course, monkeypatch):
    (course / "w").mkdir()
    monkeypatch.setenv("INQUADRA_WORK", str(course / "w"))
    button = HandInButton("lesson00")
    assert button.hand_in() is None
    assert button.message.startswith("Not handed in: Nothing to hand in")
    i18n.set_language("it")
    try:
        assert button.message == (
            f"Non consegnato: Niente da consegnare: {course / 'w'} non contiene lavoro salvato "
            "da 's1'. Prima rispondi a un'attività (con il tuo nome impostato)."
        )
    finally:
        i18n.set_language("en")


def test_without_a_course_the_button_is_disabled(monkeypatch):
    monkeypatch.delenv("INQUADRA_COURSE", raising=False)
    button = HandInButton("lesson00")
    assert button._button.disabled and "No course is set" in button.message


def test_message_is_escaped(course, monkeypatch):
    monkeypatch.setenv("INQUADRA_EXCHANGE", str(course / "<b>ex"))
    tag(course / "w", "s1")
    monkeypatch.setenv("INQUADRA_WORK", str(course / "w"))
    button = HandInButton("lesson00")
    button.hand_in()
    assert "<b>ex" in button.message
    assert "<b>" not in button._message.value and "&lt;b&gt;ex" in button._message.value


def test_a_warning_on_the_receipt_is_shown(course, monkeypatch):
    tag(course / "w", "s1")
    monkeypatch.setenv("INQUADRA_WORK", str(course / "w"))

    def full(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exchange, "write_atomic", full)
    button = HandInButton("lesson06")
    assert button.hand_in() is not None
    assert button.message.startswith("Handed in: 1 file(s) as s1")
    assert "No space left on device" in button.message
