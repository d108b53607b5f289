"""``inquadra lab``: open JupyterLab on the start lesson.

From a clone, JupyterLab opens on the clone's notebooks/. From an installed
package, the bundled lessons are first copied into the work folder (once; a
student's edited copy is never overwritten) and JupyterLab opens there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

from ..files import write_atomic
from ..lesson import lessons

START = Path(lessons()[0].notebook).name  # the first lesson of data/lessons.json

NAME = "lab"
HELP = f"Start JupyterLab on the start lesson (notebooks/{START})."
_FOLDERS = ("notebooks", "exercises")


def add_arguments(parser) -> None:
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    parser.add_argument("--port", type=int, default=8888, help="port to listen on (default 8888)")
    parser.add_argument("--ip", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument(
        "jupyter_args", nargs="*", metavar="-- JUPYTER_ARG",
        help="further options passed to JupyterLab after --",
    )


def clone_root() -> Path | None:
    """The repository root when running from a clone (it has notebooks/ beside src/)."""
    root = Path(__file__).resolve().parents[3]
    if (root / "notebooks" / START).is_file() and (root / "pyproject.toml").is_file():
        return root
    return None


def bundled_lessons() -> Path | None:
    """The lessons shipped inside an installed package, if any."""
    folder = resources.files("inquadra") / "lessons"
    path = Path(str(folder))
    return path if (path / "notebooks" / START).is_file() else None


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


def jupyter_command(root: Path, args) -> list[str]:
    cmd = [
        sys.executable, "-m", "jupyterlab",
        f"--ServerApp.root_dir={root}",
        f"--ServerApp.ip={args.ip}",
        f"--ServerApp.port={args.port}",
        "--ServerApp.port_retries=0",
        f"--LabApp.default_url=/lab/tree/notebooks/{START}",
    ]
    if args.no_browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd + list(args.jupyter_args)


def run(args) -> int:
    try:
        root = lesson_root()
    except (FileNotFoundError, OSError, ValueError) as exc:
        print(f"inquadra lab: {exc}", file=sys.stderr)
        return 2
    cmd = jupyter_command(root, args)
    print(f"inquadra lab: opening JupyterLab in {root}", file=sys.stderr)
    if os.name == "nt":
        return subprocess.call(cmd)
    os.execv(sys.executable, cmd)
    return 0  # not reached: the process is now JupyterLab
