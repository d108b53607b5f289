"""A real JupyterLab server and Debian's Chromium for the widget tests.

The server runs on 127.0.0.1 with a fixed token and isolated Jupyter folders
(config, data, runtime, settings, workspaces, IPython) so no earlier workspace
or setting leaks in; user settings there turn off notebook windowing (cells off
screen stay in the DOM), autosave and news. Its kernels save student work into
a temporary INQUADRA_WORK with a student name already set.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from servers import CHROMIUM, chromium, free_port, in_ci, stop_process, wait_for_server, \
    write_lab_settings

TOKEN = "inquadra-browser-test"
STUDENT = "Browser Test"
HERE = Path(__file__).resolve().parent
OUTPUT = HERE.parent / "output"
def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() or in_ci():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: install it with "
                                   "`apt-get install chromium` to run the browser tests")
    for item in items:
        if "browser" in item.nodeid.split("/"):
            item.add_marker(skip)


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
    write_lab_settings(jupyter / "settings")
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
    port = free_port()
    log = base / "jupyterlab.log"
    cmd = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        f"--ServerApp.token={TOKEN}", "--ServerApp.port_retries=0", "--allow-root",
        "--LabApp.expose_app_in_browser=True", f"--ServerApp.root_dir={root}",
    ]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=root)
    try:
        wait_for_server(proc, f"http://127.0.0.1:{port}/api/status?token={TOKEN}", log,
                        name="JupyterLab")
        yield {"url": f"http://127.0.0.1:{port}", "token": TOKEN, "root": root,
               "work": work_folder, "proc": proc, "log": log, "student": STUDENT}
    finally:
        stop_process(proc)


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


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
