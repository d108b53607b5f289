"""Start and stop a real JupyterHub on 127.0.0.1 (the classroom test and ``make bench-hub``).

- ``jupyterhub`` (PyPI) with ``configurable-http-proxy`` (npm) in front, the
  DummyAuthenticator (any name logs in) and the SimpleLocalProcessSpawner (one
  home folder per user under a temporary folder, no system users needed);
- the single-user servers run from this Python environment, so the kit is the
  one installed here;
- the lessons reach each user through nbgitpuller, from a bare git repository
  made from this tree's notebooks (a ``file://`` URL);
- every user's server gets ``INQUADRA_EXCHANGE`` and ``INQUADRA_COURSE``; the
  exchange is set up with a roster, as a teacher would.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO / "tests") not in sys.path:  # benchmarks/hub.py imports this file too
    sys.path.insert(0, str(REPO / "tests"))

from servers import CHROMIUM, free_port, stop_process, wait_for_server  # noqa: E402
from servers import write_lab_settings  # noqa: E402

COURSE = "media-3b"
ADMIN_TOKEN = "inquadra-hub-test-admin-token-0123456789"
def missing_tools(browser: bool = True) -> list[str]:
    missing = []
    for module in ("jupyterhub", "nbgitpuller"):
        if importlib.util.find_spec(module) is None:
            missing.append(f"{module} (pip install -e '.[test]')")
    if shutil.which("configurable-http-proxy") is None:
        missing.append("configurable-http-proxy (npm install -g configurable-http-proxy)")
    if browser and not Path(CHROMIUM).exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    return missing


def make_lesson_repo(base: Path) -> str:
    """A bare git repository holding this tree's lessons (outputs cleared); its file:// URL."""
    src = base / "lessons-src"
    for rel in sorted(REPO.glob("notebooks/**/*.ipynb")):
        if ".ipynb_checkpoints" in rel.parts:
            continue
        nb = json.loads(rel.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                cell["outputs"], cell["execution_count"] = [], None
        nb.get("metadata", {}).pop("widgets", None)
        target = src / rel.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
    git = ["git", "-c", "user.name=Teacher", "-c", "user.email=teacher@school.invalid",
           "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q", str(src)], check=True)
    subprocess.run([*git, "-C", str(src), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(src), "commit", "-q", "-m", "Lessons"], check=True)
    bare = base / "inquadra-lessons.git"
    subprocess.run([*git, "clone", "-q", "--bare", str(src), str(bare)], check=True)
    return bare.as_uri()


def hub_config(base: Path, ports: dict, exchange: Path) -> Path:
    """Write jupyterhub_config.py for a hub on 127.0.0.1 under ``base``."""
    bindir = Path(sys.executable).parent
    settings = base / "lab-settings"
    write_lab_settings(settings)
    args = ["--LabApp.expose_app_in_browser=True", "--ServerApp.port_retries=0"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    config = f"""
import sys
c = get_config()
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {ports['hub']}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {ports['api']}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{ports['proxy_api']}"
c.ConfigurableHTTPProxy.should_start = True
c.JupyterHub.db_url = "sqlite:///{base / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = "{base / 'cookie_secret'}"
c.JupyterHub.pid_file = "{base / 'jupyterhub.pid'}"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.Authenticator.admin_users = {{"teacher"}}
c.JupyterHub.spawner_class = "simple"
c.JupyterHub.implicit_spawn_seconds = 0.5
c.JupyterHub.load_roles = [{{"name": "bench", "scopes": ["admin:users", "admin:servers",
    "tokens", "access:servers"], "services": ["bench"]}}]
c.JupyterHub.services = [{{"name": "bench", "api_token": "{ADMIN_TOKEN}"}}]
c.SimpleLocalProcessSpawner.home_dir_template = "{base / 'home'}/{{username}}"
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = ["{bindir / 'jupyterhub-singleuser'}"]
c.Spawner.args = {args!r}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {{
    "INQUADRA_EXCHANGE": "{exchange}",
    "INQUADRA_COURSE": "{COURSE}",
    "JUPYTERLAB_SETTINGS_DIR": "{settings}",
    "JUPYTERLAB_WORKSPACES_DIR": lambda spawner: spawner.home_dir + "/.lab-workspaces",
    "JUPYTER_CONFIG_DIR": lambda spawner: spawner.home_dir + "/.jupyter",
    "JUPYTER_RUNTIME_DIR": lambda spawner: spawner.home_dir + "/.jupyter-runtime",
    "IPYTHONDIR": lambda spawner: spawner.home_dir + "/.ipython",
    "PATH": "{bindir}:" + __import__("os").environ.get("PATH", ""),
}}
"""
    path = base / "jupyterhub_config.py"
    path.write_text(config, encoding="utf-8")
    return path


def start_hub(base: Path, students: list[str]):
    """Start a hub under ``base``; returns a dict with url, process, log, exchange, repo."""
    missing = missing_tools(browser=False)
    if missing:
        raise RuntimeError("cannot start the hub, missing: " + ", ".join(missing))
    base.mkdir(parents=True, exist_ok=True)
    exchange = base / "exchange"
    roster = base / "roster.txt"
    roster.write_text("".join(f"{s}\n" for s in students), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "inquadra.cli", "exchange", "setup", "--course", COURSE,
                    "--exchange", str(exchange), "--roster", str(roster)], check=True,
                   stdout=subprocess.DEVNULL)
    repo = make_lesson_repo(base)
    ports = {name: free_port() for name in ("hub", "api", "proxy_api")}
    config = hub_config(base, ports, exchange)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER", "IPYTHON", "INQUADRA"))}
    env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '')}"
    log = base / "jupyterhub.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)],
                                cwd=base, env=env, stdout=out, stderr=subprocess.STDOUT,
                                )
    url = f"http://127.0.0.1:{ports['hub']}"
    try:
        wait_for_server(proc, f"{url}/hub/api/", log, timeout=90, name="jupyterhub")
    except BaseException:
        stop_hub({"proc": proc})
        raise
    return {"url": url, "proc": proc, "log": log, "exchange": exchange, "repo": repo,
            "home": base / "home", "base": base, "token": ADMIN_TOKEN}


def stop_hub(hub: dict) -> None:
    """Stop the hub; it stops its proxy and user servers, and any left are ended by their PID."""
    import psutil

    proc = hub["proc"]
    try:
        children = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    stop_process(proc, timeout=40)
    alive = [c for c in children if c.is_running()]
    for child in alive:
        try:
            child.terminate()
        except psutil.NoSuchProcess:
            pass
    _gone, still = psutil.wait_procs(alive, timeout=15)
    for child in still:
        try:
            child.kill()
        except psutil.NoSuchProcess:
            pass


