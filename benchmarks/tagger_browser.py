"""Tagger key press / click → highlight drawn, in a real JupyterLab and Chromium.

Each trial selects a word, arms a watcher in the page, then presses a label's
number key (or clicks its button). The time runs from the event's timestamp
to the first animation frame after the highlight bar Python sent back appears
in the word, so it includes the kernel round trip (the message to Python, the
new spans back). The page draws a pending (dashed) bar at once; its time is
reported too, as a separate figure.

The baseline, measured in the same run and page, is a no-op round trip through
the same kernel: a tiny widget sends a message, Python sets one synced number
in reply, and the page waits for the next frame.

Run with ``python benchmarks/run.py --only tagger_browser`` (needs
/usr/bin/chromium; uses the helpers of tests/browser/conftest.py).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRIALS = 40  # per kind (key, click)
PING_TRIALS = 80
PANEL = ".jp-NotebookPanel:visible"
NOTEBOOK = "bench_tagger.ipynb"

_CELLS = [
    "import anywidget, traitlets\n"
    "class Ping(anywidget.AnyWidget):\n"
    "    _esm = 'export default { render({ model, el }) { el.classList.add(\"iq-ping\"); window.__iqPing = model; } };'\n"
    "    n = traitlets.Int(0).tag(sync=True)\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self.on_msg(lambda _w, content, _b: setattr(self, 'n', content['n']))\n"
    "Ping()",
    "from inquadra.widgets import SpanTagger\n"
    "SpanTagger(labels='lesson06', activity='bench-browser')",
]

_ARM = """(i) => {
  const tok = document.querySelector(`.jp-NotebookPanel:not(.lm-mod-hidden) .iq-tagger .iq-tok[data-i="${i}"]`);
  window.__iqResult = new Promise((resolve) => {
    let t0 = null;
    let shown = null;
    const start = (ev) => { if (t0 === null) t0 = ev.timeStamp; };
    document.addEventListener("keydown", start, true);
    document.addEventListener("mousedown", start, true);
    const obs = new MutationObserver(() => {
      if (shown === null && tok.querySelector(".iq-bar")) {
        shown = -1;
        requestAnimationFrame(() => { shown = performance.now() - t0; });
      }
      if (tok.querySelector(".iq-bar:not(.iq-pending)")) {
        obs.disconnect();
        document.removeEventListener("keydown", start, true);
        document.removeEventListener("mousedown", start, true);
        requestAnimationFrame(() => {
          const confirmed = performance.now() - t0;
          resolve({ shown: shown > 0 ? shown : confirmed, confirmed });
        });
      }
    });
    obs.observe(tok, { childList: true });
  });
}"""

_PING = """async (n) => {
  const model = window.__iqPing;
  const out = [];
  for (let k = 1; k <= n; k++) {
    const t0 = performance.now();
    await new Promise((resolve) => {
      const seen = () => { model.off("change:n", seen); requestAnimationFrame(() => resolve()); };
      model.on("change:n", seen);
      model.send({ n: k });
    });
    out.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 20));
  }
  return out;
}"""

_READY = """(path) => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!w && w.context && w.context.path === path && !!k && k.status === "idle";
}"""


def _helpers():
    """The browser tests' server helpers (tests/servers.py) and their token."""
    import types

    if str(ROOT / "tests") not in sys.path:
        sys.path.insert(0, str(ROOT / "tests"))
    import servers

    spec = importlib.util.spec_from_file_location("iq_browser_conftest", ROOT / "tests" / "browser" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return types.SimpleNamespace(
        TOKEN=module.TOKEN, CHROMIUM=servers.CHROMIUM, CHROMIUM_ARGS=servers.CHROMIUM_ARGS,
        _SETTINGS=servers.LAB_SETTINGS, _free_port=servers.free_port,
        _wait_for_server=lambda proc, url, log: servers.wait_for_server(proc, url, log,
                                                                        name="JupyterLab"))


@contextlib.contextmanager
def _lab(base: Path):
    """A JupyterLab on 127.0.0.1 with isolated settings, as the browser tests start it."""
    helpers = _helpers()
    root, work, jupyter = base / "root", base / "work", base / "jupyter"
    root.mkdir()
    cells = [{"cell_type": "code", "metadata": {}, "source": src, "outputs": [],
              "execution_count": None} for src in _CELLS]
    (root / NOTEBOOK).write_text(json.dumps({
        "cells": cells, "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    }), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON"))}
    for name, sub in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                      ("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTERLAB_SETTINGS_DIR", "settings"),
                      ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"), ("IPYTHONDIR", "ipython")]:
        (jupyter / sub).mkdir(parents=True)
        env[name] = str(jupyter / sub)
    for rel, values in helpers._SETTINGS.items():
        path = jupyter / "settings" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    env["INQUADRA_WORK"] = str(work)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    subprocess.run([sys.executable, "-c", "from inquadra.annotations import work; work.set_student('Bench')"],
                   env=env, check=True)
    port = helpers._free_port()
    log = base / "jupyterlab.log"
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--ServerApp.token={helpers.TOKEN}", "--ServerApp.port_retries=0", "--allow-root",
           "--LabApp.expose_app_in_browser=True", f"--ServerApp.root_dir={root}"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=root)
    try:
        helpers._wait_for_server(proc, f"http://127.0.0.1:{port}/api/status?token={helpers.TOKEN}", log)
        yield {"url": f"http://127.0.0.1:{port}", "token": helpers.TOKEN, "helpers": helpers}
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _measure(lab) -> tuple[list[float], list[float], list[float], list[float]]:
    from playwright.sync_api import sync_playwright

    helpers = lab["helpers"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=helpers.CHROMIUM, args=helpers.CHROMIUM_ARGS,
                                     headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1400})
            page.set_default_timeout(60_000)
            page.goto(f"{lab['url']}/lab/tree/{NOTEBOOK}?token={lab['token']}&reset")
            page.wait_for_function(_READY, arg=NOTEBOOK, timeout=90_000)
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
            tagger = f"{PANEL} .iq-tagger"
            page.locator(f"{tagger} .iq-tok").nth(800).wait_for(timeout=90_000)
            page.wait_for_function("() => !!window.__iqPing")
            page.evaluate(_PING, 5)  # warm-up
            ping = page.evaluate(_PING, PING_TRIALS)
            key, click, shown = [], [], []
            button = page.locator(f'{tagger} .iq-label-btn[data-label="Naming_Choice"]')
            for n in range(2 * TRIALS + 6):
                i = 10 + 2 * n  # words near the label buttons: a click needs no scrolling
                page.locator(f'{tagger} .iq-tok[data-i="{i}"]').click()
                page.evaluate(_ARM, i)
                by_key = n % 2 == 0
                if by_key:
                    page.keyboard.press("1")
                else:
                    button.click()
                ms = page.evaluate("() => window.__iqResult")
                if n >= 6:  # the first few warm up the kernel and the page
                    (key if by_key else click).append(ms["confirmed"])
                    shown.append(ms["shown"])
                page.wait_for_timeout(30)
            page.close()
        finally:
            browser.close()
    return key, click, shown, ping


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def figures() -> list:
    """Key/click → highlight (median, p95) beside the no-op kernel round trip."""
    from _common import Figure  # benchmarks/_common.py, shared by every benchmark

    chromium = _helpers().CHROMIUM
    if not os.access(chromium, os.X_OK):
        print(f"tagger_browser: {chromium} is missing; skipped", file=sys.stderr)
        return []
    with tempfile.TemporaryDirectory(prefix="inquadra-bench-") as tmp, _lab(Path(tmp)) as lab:
        key, click, shown, ping = _measure(lab)
    both = key + click
    base_median, base_p95 = statistics.median(ping), _p95(ping)
    median, p95 = statistics.median(both), _p95(both)
    return [
        Figure(f"tagger key/click → highlight, median ({len(both)} trials)", median, base_median, "ms",
               "<= 30 ms", median <= 30),
        Figure("tagger key/click → highlight, p95", p95, base_p95, "ms", "<= 50 ms", p95 <= 50),
        Figure("tagger key → highlight, median", statistics.median(key), base_median, "ms",
               "<= 30 ms", statistics.median(key) <= 30),
        Figure("tagger click → highlight, median", statistics.median(click), base_median, "ms",
               "<= 30 ms", statistics.median(click) <= 30),
        Figure("tagger key/click → highlight, max", max(both), max(ping), "ms", "n/a", None),
        Figure("tagger key/click → pending highlight (before the kernel answers), median",
               statistics.median(shown), base_median, "ms", "<= 30 ms", statistics.median(shown) <= 30),
        Figure("tagger key/click → pending highlight, p95", _p95(shown), base_p95, "ms",
               "<= 50 ms", _p95(shown) <= 50),
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    for f in figures():
        print(f"{f.name}: {f.value:.1f} {f.unit} (no-op round trip {f.baseline:.1f}; ratio {f.ratio:.2f})")
