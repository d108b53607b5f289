"""Delivery to a class: Binder/JupyterHub requirements, offline running."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from support import in_ci

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement.strip(), maxsplit=1)[0].lower()


def test_binder_names_every_runtime_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    lines = (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    named = {_name(line) for line in lines if line.strip() and not line.startswith("#")}
    assert wanted <= named, f"binder/requirements.txt lacks {sorted(wanted - named)}"


def test_binder_postbuild_stops_on_the_first_error():
    text = (ROOT / "binder" / "postBuild").read_text(encoding="utf-8")
    assert text.startswith("#!") and "set -e" in text


def _no_network_available() -> str | None:
    if shutil.which("unshare") is None:
        return "the unshare command is not available"
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        return "this user may not create a network namespace (needs root)"
    return None


def test_a_lesson_runs_with_no_network_at_all(tmp_path):
    """Runs lesson 03 (Italian edition) in a network namespace that has only a loopback device."""
    reason = _no_network_available()
    if reason:
        if in_ci():
            pytest.fail(f"cannot run the offline test in CI: {reason}")
        pytest.skip(reason)
    lesson = tmp_path / "03_naming_the_war.ipynb"
    shutil.copyfile(ROOT / "notebooks" / "it" / "03_naming_the_war.ipynb", lesson)
    script = (
        "ip link set lo up && "
        f"{sys.executable} -c \"import urllib.request as u\n"
        "try:\n u.urlopen('https://pypi.org', timeout=3); print('NETWORK')\n"
        "except OSError: print('OFFLINE')\" && "
        f"{sys.executable} -m inquadra.cli run-notebooks {lesson}"
    )
    env = dict(os.environ, HOME=str(tmp_path))
    out = subprocess.run(["unshare", "-n", "sh", "-c", script], capture_output=True, text=True,
                         env=env, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[0] == "OFFLINE"
