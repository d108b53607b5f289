"""`inquadra lab`: a real JupyterLab server, the lesson copy rules, the packaged lessons."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from inquadra import bundles
from inquadra.commands import lab

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "inquadra-test-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_copy_lessons_never_overwrites_a_students_copy(tmp_path):
    source = tmp_path / "src"
    (source / "notebooks").mkdir(parents=True)
    (source / "notebooks" / "01.ipynb").write_text("fresh", encoding="utf-8")
    (source / "notebooks" / "02.ipynb").write_text("fresh", encoding="utf-8")
    target = tmp_path / "work"
    (target / "notebooks").mkdir(parents=True)
    (target / "notebooks" / "01.ipynb").write_text("edited by the student", encoding="utf-8")

    copied = lab.copy_lessons(source, target)

    assert copied == [target / "notebooks" / "02.ipynb"]
    assert (target / "notebooks" / "01.ipynb").read_text(encoding="utf-8") == "edited by the student"
    assert lab.copy_lessons(source, target) == []


def test_from_a_clone_the_lab_opens_on_the_start_lesson():
    assert lab.clone_root() == ROOT
    ns = type("Args", (), {"ip": "127.0.0.1", "port": 9999, "no_browser": True, "jupyter_args": [], "lang": "en"})
    cmd = lab.jupyter_command(ROOT, ns)
    assert "--LabApp.default_url=/lab/tree/notebooks/en/00_start_here.ipynb" in cmd
    assert "--no-browser" in cmd and "--ServerApp.port=9999" in cmd


def test_lab_lang_it_opens_the_italian_start_lesson():
    from inquadra import cli

    args = cli.build_parser().parse_args(["lab", "--lang", "it", "--no-browser"])
    cmd = lab.jupyter_command(ROOT, args)
    assert "--LabApp.default_url=/lab/tree/notebooks/it/00_start_here.ipynb" in cmd
    assert (ROOT / lab.start("it")).is_file()
    assert cli.build_parser().parse_args(["lab"]).lang == "en"


def test_lab_refuses_a_language_without_an_edition(capsys):
    from inquadra import cli

    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["lab", "--lang", "fr"])
    assert "invalid choice: 'fr'" in capsys.readouterr().err


def test_lab_without_the_generated_lessons_says_how_to_make_them(tmp_path, monkeypatch, capsys):
    (tmp_path / "lessons").mkdir()
    monkeypatch.setattr(lab, "lesson_root", lambda: tmp_path)
    from inquadra import cli

    assert cli.main(["lab", "--lang", "it", "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert "00_start_here.ipynb is missing" in err and "inquadra make-lessons" in err


def test_lab_starts_answers_and_stops(tmp_path):
    port = _free_port()
    env = dict(os.environ)
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR",
                "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR"):
        env[var] = str(tmp_path / var.lower())
    cmd = [sys.executable, "-m", "inquadra.cli", "lab", "--no-browser", "--port", str(port),
           "--", f"--IdentityProvider.token={TOKEN}"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        status = None
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and status is None:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited early:\n{proc.stdout.read().decode(errors='replace')}")
            try:
                req = urllib.request.Request(
                    f"http://127.0.0.1:{port}/api/status",
                    headers={"Authorization": f"token {TOKEN}"},
                )
                with urllib.request.urlopen(req, timeout=2) as resp:
                    status = json.loads(resp.read())
            except OSError:
                time.sleep(0.5)
        assert status is not None, "JupyterLab did not answer /api/status within 90 s"
        assert "started" in status
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            pytest.fail("JupyterLab did not stop within 30 s of SIGTERM")
    assert proc.returncode is not None


def test_the_wheel_carries_the_lessons(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True,
    )
    assert out.returncode == 0, out.stderr
    wheel = next(tmp_path.glob("inquadra-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for language in ("en", "it"):
        assert f"inquadra/lessons/{lab.start(language)}" in names
        assert f"inquadra/lessons/exercises/{language}/01_the_article.ipynb" in names
    assert f"inquadra/data/articles/{bundles.SEED_ID}/article.txt" in names


def test_a_taken_default_port_is_replaced_by_a_free_one(monkeypatch):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    monkeypatch.setattr(lab, "DEFAULT_PORT", taken.getsockname()[1])
    try:
        port, line = lab.choose_port("127.0.0.1", None)
    finally:
        taken.close()
    assert port != lab.DEFAULT_PORT and lab.port_free("127.0.0.1", port)
    assert line == f"on port {port} (port {lab.DEFAULT_PORT} is in use)"


def test_an_explicit_port_that_is_taken_is_one_clear_message():
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        with pytest.raises(ValueError, match="already in use.*make lab PORT="):
            lab.choose_port("127.0.0.1", taken.getsockname()[1])
    finally:
        taken.close()


def test_lab_says_where_the_work_is_saved(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INQUADRA_WORK", str(tmp_path / "w"))
    started = []
    monkeypatch.setattr(lab.os, "execv", lambda exe, cmd: started.append(cmd))
    monkeypatch.setattr(lab.os, "name", "posix")
    ns = type("Args", (), {"ip": "127.0.0.1", "port": None, "no_browser": True, "jupyter_args": []})
    assert lab.run(ns) == 0
    err = capsys.readouterr().err
    assert f"the student's work is saved in {(tmp_path / 'w').resolve()}" in err
    assert any(a.startswith("--ServerApp.port=") for a in started[0])
