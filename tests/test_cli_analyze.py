"""inquadra analyze: report, --json, --html, and every kind of bad input."""

from __future__ import annotations

import os
import io
import json

import pytest

from inquadra import cli

ARTICLE = "Titolo\n\nXi ha detto che la Cina è “pronta”. Xi e Путин si sono visti.\n"


@pytest.fixture
def text_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_report(text_file, capsys):
    assert cli.main(["analyze", str(text_file)]) == 0
    out = capsys.readouterr().out
    assert "xi_jinping [china]" in out and "foreign_script" in out


def test_json(text_file, capsys):
    assert cli.main(["analyze", str(text_file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["quotations"][0]["source"] == "xi_jinping"


def test_stdin(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode())))
    assert cli.main(["analyze", "-"]) == 0


def test_html_written_and_not_overwritten(text_file, tmp_path, capsys):
    out = tmp_path / "r.html"
    assert cli.main(["analyze", str(text_file), "--html", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    out.write_text("mine", encoding="utf-8")
    assert cli.main(["analyze", str(text_file), "--html", str(out)]) == 2
    assert "--force" in capsys.readouterr().err and out.read_text() == "mine"
    assert cli.main(["analyze", str(text_file), "--html", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8") != "mine"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("content,needle", [
    (b"", "empty"), (b"  \n\t ", "empty"), (b"ab\x00cd", "NUL"), (b"caf\xe9 latte", "UTF-8"),
])
def test_bad_content(tmp_path, capsys, content, needle):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    assert cli.main(["analyze", str(path)]) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_missing_file(tmp_path, capsys):
    assert cli.main(["analyze", str(tmp_path / "nope.txt")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_directory(tmp_path, capsys):
    assert cli.main(["analyze", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_unreadable_file(text_file, monkeypatch, capsys):
    real_open = os.open

    def fake_open(file, *args, **kwargs):
        if str(file) == str(text_file):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    assert cli.main(["analyze", str(text_file)]) == 2
    assert "permission denied" in capsys.readouterr().err


def test_progress_on_request(text_file, capsys):
    assert cli.main(["analyze", str(text_file), "--progress"]) == 0
    assert "100%" in capsys.readouterr().err
