"""``inquadra lab``: open JupyterLab on the start lesson, in the English or the Italian edition.

``--lang it`` opens ``notebooks/it/00_start_here.ipynb``. From a clone,
JupyterLab opens on the clone's notebooks/. From an installed
package, the bundled lessons are first copied into the work folder (once; a
student's edited copy is never overwritten) and JupyterLab opens there.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from importlib import resources
from pathlib import Path

from ..files import write_atomic
from ..i18n import LANGUAGES, get_language
from ..lesson import lessons

NAME = "lab"
HELP = "Start JupyterLab on the start lesson (notebooks/<lang>/, the edition in your language)."
DEFAULT_PORT = 8888
_FOLDERS = ("notebooks", "exercises")


def start(language: str | None = None) -> str:
    """The start lesson's path in ``language`` (default: the kit's language), from data/lessons.json."""
    return lessons()[0].notebook(language)


def add_arguments(parser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES, default=get_language(),
                        help=f"the edition to open: {', '.join(LANGUAGES)} (default: {get_language()})")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    parser.add_argument("--port", type=int, default=None,
                        help=f"port to listen on (default {DEFAULT_PORT}, or a free one when "
                             f"{DEFAULT_PORT} is taken)")
    parser.add_argument("--ip", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument(
        "jupyter_args", nargs="*", metavar="-- JUPYTER_ARG",
        help="further options passed to JupyterLab after --",
    )


def clone_root() -> Path | None:
    """The repository root when running from a clone (it has notebooks/ beside src/)."""
    root = Path(__file__).resolve().parents[3]
    if (root / "lessons").is_dir() and (root / "pyproject.toml").is_file():
        return root
    return None


def bundled_lessons() -> Path | None:
    """The lessons shipped inside an installed package, if any."""
    folder = resources.files("inquadra") / "lessons"
    path = Path(str(folder))
    return path if (path / start(LANGUAGES[0])).is_file() else None


def copy_lessons(source: Path, target: Path) -> list[Path]:
    """Copy every notebook under ``source`` into ``target``; never overwrite. Returns new files."""
    copied = []
    for folder in _FOLDERS:
        for nb in sorted((source / folder).rglob("*.ipynb")):
            dest = target / nb.relative_to(source)
            if dest.exists():
                continue
            write_atomic(dest, nb.read_bytes())
            copied.append(dest)
    return copied


def lesson_root() -> Path:
    """Where JupyterLab should open: the clone, or the work folder's copy of the lessons."""
    root = clone_root()
    if root is not None:
        return root
    bundled = bundled_lessons()
    if bundled is None:
        raise FileNotFoundError(
            "Cannot find the lessons: run `inquadra lab` from a clone of the kit, "
            "or reinstall the package (its lessons folder is missing)."
        )
    from ..annotations.work import work_dir

    target = work_dir() / "lessons"
    copy_lessons(bundled, target)
    return target


def port_free(ip: str, port: int) -> bool:
    """Whether ``port`` can be listened on at ``ip`` right now."""
    with socket.socket(socket.AF_INET6 if ":" in ip else socket.AF_INET) as sock:
        try:
            sock.bind((ip, port))
        except OSError:
            return False
    return True


def choose_port(ip: str, asked: int | None) -> tuple[int, str]:
    """The port to use and a line saying so.

    An explicit port must be free (``ValueError`` naming the fix otherwise); the
    default 8888, when taken, is replaced by a free port that the line names.
    """
    if asked is not None:
        if not 0 < asked < 65536:
            raise ValueError(f"--port {asked} is not a port number: use 1 to 65535.")
        if not port_free(ip, asked):
            raise ValueError(
                f"Port {asked} on {ip} is already in use (another JupyterLab?). Stop that "
                f"program, or choose another port: make lab PORT=8890."
            )
        return asked, f"on port {asked}"
    if port_free(ip, DEFAULT_PORT):
        return DEFAULT_PORT, f"on port {DEFAULT_PORT}"
    with socket.socket(socket.AF_INET6 if ":" in ip else socket.AF_INET) as sock:
        sock.bind((ip, 0))
        port = sock.getsockname()[1]
    return port, f"on port {port} (port {DEFAULT_PORT} is in use)"


def jupyter_command(root: Path, args) -> list[str]:
    language = getattr(args, "lang", None) or get_language()
    cmd = [
        sys.executable, "-m", "jupyterlab",
        f"--ServerApp.root_dir={root}",
        f"--ServerApp.ip={args.ip}",
        f"--ServerApp.port={args.port}",
        "--ServerApp.port_retries=0",
        f"--LabApp.default_url=/lab/tree/{start(language)}",
    ]
    if args.no_browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd + list(args.jupyter_args)


def run(args) -> int:
    from ..annotations import work

    try:
        root = lesson_root()
        first = root / start(getattr(args, "lang", None))
        if not first.is_file():
            raise FileNotFoundError(
                f"{first} is missing: write the lessons with `inquadra make-lessons` in the project folder."
            )
        args.port, where = choose_port(args.ip, args.port)
        folder = work.work_dir()
    except (FileNotFoundError, OSError, ValueError) as exc:
        print(f"inquadra lab: {exc}", file=sys.stderr)
        return 2
    cmd = jupyter_command(root, args)
    print(f"inquadra lab: opening JupyterLab in {root}, {where}: "
          f"http://{args.ip}:{args.port}/lab", file=sys.stderr)
    print(f"inquadra lab: the student's work is saved in {folder} "
          f"(set INQUADRA_WORK to use another folder)", file=sys.stderr)
    if os.name == "nt":
        return subprocess.call(cmd)
    os.execv(sys.executable, cmd)
    return 0  # not reached: the process is now JupyterLab
