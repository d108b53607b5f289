"""`inquadra make-lessons`: each language's edition of lessons/, reported file by file."""

from __future__ import annotations

import json

from inquadra import cli

from test_editions import _cell, _project, _snapshot, _source


def test_the_command_reports_each_file(tmp_path, capsys):
    root = _project(tmp_path)
    assert cli.main(["make-lessons", "--root", str(root)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"written   {root / 'notebooks' / 'it' / '00_start.ipynb'}" in lines and len(lines) == 8
    assert cli.main(["make-lessons", "--root", str(root)]) == 0
    assert {line.split()[0] for line in capsys.readouterr().out.splitlines()} == {"unchanged"}


def test_the_command_reports_a_broken_source_in_one_line(tmp_path, capsys):
    root = _project(tmp_path, _source(_cell("markdown", "<!-- lang: en -->\nOnly English.", "b7")))
    before = _snapshot(root)
    assert cli.main(["make-lessons", "--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cell 1 (id 'b7'): it has no 'it' block" in err
    assert _snapshot(root) == before


def test_execute_runs_what_was_written_and_keeps_it_on_the_next_run(tmp_path, capsys):
    root = _project(tmp_path)
    (root / "lessons" / "solutions" / "01_x.ipynb").unlink()
    assert cli.main(["make-lessons", "--root", str(root), "--execute"]) == 0
    nb = json.loads((root / "notebooks" / "it" / "00_start.ipynb").read_text(encoding="utf-8"))
    (code,) = [c for c in nb["cells"] if c["id"] == "k1"]
    assert "".join(code["outputs"][0]["data"]["text/plain"]) == "2"
    capsys.readouterr()
    assert cli.main(["make-lessons", "--root", str(root), "--execute"]) == 0
    captured = capsys.readouterr()
    assert "running" not in captured.err and {line.split()[0] for line in captured.out.splitlines()} == {"unchanged"}
