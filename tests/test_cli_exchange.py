"""inquadra exchange setup / hand-in / collect, end to end through the command line."""

from __future__ import annotations

import pytest

from inquadra import cli
from inquadra.annotations import work

from test_exchange import tag


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("INQUADRA_EXCHANGE", str(tmp_path / "ex"))
    monkeypatch.setenv("INQUADRA_COURSE", "media-3b")
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    return tmp_path


def test_setup_hand_in_collect(env, monkeypatch, capsys):
    (env / "roster.txt").write_text("s1\ns2\n")
    assert cli.main(["exchange", "setup", "--roster", str(env / "roster.txt")]) == 0
    tag(env / "w1", "s1")
    monkeypatch.setenv("INQUADRA_WORK", str(env / "w1"))
    monkeypatch.setenv("JUPYTERHUB_USER", "s1")
    assert cli.main(["hand-in", "--activity", "lesson06"]) == 0
    out = capsys.readouterr().out
    assert "Handed in 1 file(s) for course media-3b as s1" in out
    assert cli.main(["collect", "-o", str(env / "out")]) == 0
    out = capsys.readouterr().out
    assert "s1: 1 file(s)" in out and "Missing: 1\n  s2: no hand-in" in out
    assert (env / "out" / "class.jsonl").is_file()


def test_hand_in_without_a_course_is_one_clear_message(env, monkeypatch, capsys):
    monkeypatch.delenv("INQUADRA_COURSE")
    assert cli.main(["hand-in"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("inquadra hand-in: No course given") and "Traceback" not in err


def test_collect_escapes_a_hand_edited_display_name(env, monkeypatch, capsys):
    cli.main(["exchange", "setup"])
    tag(env / "w", "s1")
    # set_student refuses this name; a hand-edited student.json can still carry it
    (env / "w" / "student.json").write_text('{"schema": 1, "student": "Anna\\u202eevil"}')
    monkeypatch.setenv("INQUADRA_WORK", str(env / "w"))
    monkeypatch.setenv("JUPYTERHUB_USER", "s1")
    assert cli.main(["hand-in"]) == 0
    assert cli.main(["collect", "-o", str(env / "out")]) == 0
    out = capsys.readouterr().out
    assert "\u202e" not in out and "Anna\\u202eevil (s1)" in out



def test_setup_prints_a_control_character_in_the_inbound_path_escaped(env, monkeypatch, capsys):
    monkeypatch.setenv("INQUADRA_EXCHANGE", str(env / "ex\x1b[2J"))
    assert cli.main(["exchange", "setup"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "ex\\x1b[2J" in out


def test_collect_prints_a_control_character_in_the_output_path_escaped(env, monkeypatch, capsys):
    cli.main(["exchange", "setup"])
    tag(env / "w", "s1")
    monkeypatch.setenv("INQUADRA_WORK", str(env / "w"))
    monkeypatch.setenv("JUPYTERHUB_USER", "s1")
    assert cli.main(["hand-in"]) == 0
    assert cli.main(["collect", "-o", str(env / "out\u202eevil")]) == 0
    out = capsys.readouterr().out
    assert "\u202e" not in out and "out\\u202eevil" in out.splitlines()[-1]


def test_an_unreadable_roster_is_one_message_from_the_command_line(env, capsys):
    assert cli.main(["exchange", "setup", "--roster", str(env / "no-such-roster.txt")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("inquadra exchange: ") and "no-such-roster.txt" in err
    assert "Traceback" not in err
