"""Starting test servers (JupyterLab, JupyterHub) and Chromium: the parts both suites share.

Imported by ``tests/browser/conftest.py`` and ``tests/hub/hubkit.py`` (and so by
``benchmarks/hub.py``) as ``import servers``.
"""

from __future__ import annotations

import contextlib
import json
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from support import in_ci

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "LAB_SETTINGS", "chromium", "free_port", "in_ci",
           "stop_process", "wait_for", "wait_for_server", "write_lab_settings"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
# JupyterLab settings for a test: every cell rendered, no autosave, no news or update checks
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "checkForUpdates": False, "fetchNews": "false"},
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_lab_settings(folder: Path) -> None:
    """Write :data:`LAB_SETTINGS` into a ``JUPYTERLAB_SETTINGS_DIR``."""
    for rel, values in LAB_SETTINGS.items():
        path = Path(folder) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


def wait_for(predicate, timeout: float, what: str):
    """Poll ``predicate`` until it returns something true (and return that), or fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def wait_for_server(proc: subprocess.Popen, url: str, log: Path, timeout: float = 60,
                    name: str = "the server") -> None:
    """Wait until ``url`` answers 200; ``RuntimeError`` with the log's end when ``proc`` exits
    or ``timeout`` seconds pass first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with {proc.returncode}:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{name} did not answer {url} within {timeout} s:\n{log.read_text()[-4000:]}")


def stop_process(proc: subprocess.Popen, timeout: float = 20) -> None:
    """SIGTERM, then SIGKILL if it is still running after ``timeout`` seconds."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@contextlib.contextmanager
def chromium():
    """Debian's Chromium through Playwright, headless, closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield instance
        finally:
            instance.close()


#: JavaScript for ``page.wait_for_function``: the notebook at ``path`` is the current
#: widget and its kernel is idle.
NOTEBOOK_READY = """(path) => {
  const app = window.jupyterapp;
  const w = app && app.shell.currentWidget;
  if (!w || !w.context || w.context.path !== path) return false;
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  return !!kernel && kernel.status === "idle";
}"""

#: JavaScript for ``page.evaluate``: Run All, with the outcome left in ``window.__iqRun``.
RUN_ALL = """() => {
  window.__iqRun = {done: false};
  window.jupyterapp.commands.execute("notebook:run-all-cells").then(
    (ok) => { window.__iqRun = {done: true, ok: ok}; },
    (err) => { window.__iqRun = {done: true, ok: false, error: String(err)}; });
}"""
