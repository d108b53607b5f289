"""What the widget views share: the ES modules built from parts, the readable placeholder."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from inquadra.widgets.view import esm, placeholder

MODULES = ["tagger.js", "sorter.js", "choice.js"]


@pytest.mark.parametrize("name", MODULES)
def test_each_module_is_the_dom_helpers_then_the_widget(name):
    source = esm(name)
    assert source.startswith("// Shared by every inquadra widget view")
    assert source.count("function h(") == 1 and source.rstrip().endswith("export default { render };")


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("name", MODULES)
def test_each_built_module_is_valid_javascript(name, tmp_path):
    path = tmp_path / f"{name}.mjs"
    path.write_text(esm(name), encoding="utf-8")
    result = subprocess.run(["node", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_placeholder_in_both_languages():
    assert placeholder("en") == "Run this cell to show the activity."
    assert placeholder("it") == "Esegui questa cella per mostrare l'attività."
