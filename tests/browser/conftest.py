"""A real JupyterLab server and Debian's Chromium for the widget tests.

The server runs on 127.0.0.1 with a fixed token and isolated Jupyter folders
(config, data, runtime, settings, workspaces, IPython) so no earlier workspace
or setting leaks in; user settings there turn off notebook windowing (cells off
screen stay in the DOM), autosave and news. Its kernels save student work into
a temporary INQUADRA_WORK with a student name already set.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
TOKEN = "inquadra-browser-test"
STUDENT = "Browser Test"
HERE = Path(__file__).resolve().parent
OUTPUT = HERE.parent / "output"
_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "checkForUpdates": False, "fetchNews": "false"},
}


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() or _in_ci():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: install it with "
                                   "`apt-get install chromium` to run the browser tests")
    for item in items:
        if "browser" in item.nodeid.split("/"):
            item.add_marker(skip)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_server(proc: subprocess.Popen, url: str, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"JupyterLab did not answer {url} within {timeout} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A running JupyterLab: yields a dict with url, token, root, work folder and process."""
    base = tmp_path_factory.mktemp("lab")
    root, work_folder, jupyter = base / "root", base / "work", base / "jupyter"
    root.mkdir()
    shutil.copy(HERE / "widgets_demo.ipynb", root / "widgets_demo.ipynb")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON"))}
    for name, sub in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                      ("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTERLAB_SETTINGS_DIR", "settings"),
                      ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"), ("IPYTHONDIR", "ipython")]:
        (jupyter / sub).mkdir(parents=True)
        env[name] = str(jupyter / sub)
    for rel, values in _SETTINGS.items():
        path = jupyter / "settings" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    env["INQUADRA_WORK"] = str(work_folder)
    previous = os.environ.get("INQUADRA_WORK")
    os.environ["INQUADRA_WORK"] = str(work_folder)
    try:
        from inquadra.annotations import work

        work.set_student(STUDENT)
    finally:
        if previous is None:
            os.environ.pop("INQUADRA_WORK", None)
        else:
            os.environ["INQUADRA_WORK"] = previous
    port = _free_port()
    log = base / "jupyterlab.log"
    cmd = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        f"--ServerApp.token={TOKEN}", "--ServerApp.port_retries=0", "--allow-root",
        "--LabApp.expose_app_in_browser=True", f"--ServerApp.root_dir={root}",
    ]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=root)
    try:
        _wait_for_server(proc, f"http://127.0.0.1:{port}/api/status?token={TOKEN}", log)
        yield {"url": f"http://127.0.0.1:{port}", "token": TOKEN, "root": root,
               "work": work_folder, "proc": proc, "log": log, "student": STUDENT}
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(20_000)
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture(scope="module")
def output_dir() -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT
