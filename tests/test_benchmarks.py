"""benchmarks/: the shared Figure, machine line and table live in _common; no file imports run.py."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
FILES = sorted(p for p in BENCH.glob("*.py") if p.name != "run.py")


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_no_benchmark_file_imports_run(path):
    assert "run" not in _imported(path)


def test_run_and_hub_share_the_one_figure(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    for name in ("_common", "run", "hub"):
        sys.modules.pop(name, None)
    import _common
    import hub
    import run

    assert run.Figure is hub.Figure is _common.Figure
    table = _common._table([_common.Figure("x", 1.0, 2.0, "s", "< 2 s", True)])
    assert table.splitlines()[-1] == "| x | 1.00 s | 2.00 s | 0.50 | < 2 s | yes |"
