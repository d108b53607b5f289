"""``inquadra run-notebooks``: re-execute notebooks in a fresh kernel and save their outputs."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from ..files import write_atomic

NAME = "run-notebooks"
HELP = "Re-execute notebooks (default: notebooks/ and solutions/) in fresh kernels and save them."

DEFAULT_FOLDERS = ("notebooks", "solutions")


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="*", help="notebooks or folders (default: notebooks/ solutions/)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds a cell may take")


def _notebooks(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for raw in paths or DEFAULT_FOLDERS:
        p = Path(raw)
        if p.is_dir():
            found += sorted(q for q in p.rglob("*.ipynb") if ".ipynb_checkpoints" not in q.parts)
        elif p.suffix == ".ipynb" and p.is_file():
            found.append(p)
        elif paths:
            raise FileNotFoundError(f"{raw}: not a notebook or a folder of notebooks.")
    return found


def execute(path: Path, timeout: int = 600) -> None:
    """Execute one notebook in a fresh kernel with an empty work folder; save atomically."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:  # no run timestamps in the saved notebook
        cell.metadata.pop("execution", None)
    with tempfile.TemporaryDirectory(prefix="inquadra-run-") as work:
        old = os.environ.get("INQUADRA_WORK")
        os.environ["INQUADRA_WORK"] = work
        try:
            NotebookClient(
                nb, timeout=timeout, kernel_name="python3", record_timing=False,
                resources={"metadata": {"path": str(path.parent.resolve())}},
            ).execute()
        finally:
            if old is None:
                os.environ.pop("INQUADRA_WORK", None)
            else:
                os.environ["INQUADRA_WORK"] = old
    text = nbformat.writes(nb)
    write_atomic(path, text if text.endswith("\n") else text + "\n")


def run(args) -> int:
    try:
        notebooks = _notebooks(args.paths)
    except FileNotFoundError as exc:
        print(f"inquadra run-notebooks: {exc}", file=sys.stderr)
        return 2
    if not notebooks:
        print("inquadra run-notebooks: no notebooks found.", file=sys.stderr)
        return 2
    for nb in notebooks:
        print(f"running {nb} …", file=sys.stderr)
        try:
            execute(nb, args.timeout)
        except Exception as exc:  # a failing cell: report which notebook, keep the file as it was
            print(f"inquadra run-notebooks: {nb} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 1
    return 0
