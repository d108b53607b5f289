"""No import circles in the package: every ``import`` of every module, at any depth, is an edge.

The graph is read from the source with ``ast`` (nothing is imported): module
level imports and imports inside functions count alike, because a deferred
import that closes a circle is still a circle (it only fails later). A
submodule's implicit import of its own package is not an edge (Python always
runs the package first); an explicit ``from . import name`` of a name defined
in the package's ``__init__`` is.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "inquadra"


def _modules(src: Path = SRC) -> dict[str, tuple[Path, list[str]]]:
    """Module name -> (file, the package its relative imports start from)."""
    out = {}
    for path in sorted((src / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
            base = parts
        else:
            base = parts[:-1]
        out[".".join(parts)] = (path, base)
    return out


def _owner(name: str, modules) -> str | None:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST):
    """Every Import / ImportFrom node, skipping ``if TYPE_CHECKING:`` blocks."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def import_graph(src: Path = SRC) -> dict[str, set[str]]:
    """Module -> the package modules it imports (anywhere in its code)."""
    modules = _modules(src)
    graph: dict[str, set[str]] = {}
    for name, (path, base) in modules.items():
        targets: set[str] = set()
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name.split(".")[0] == PACKAGE)
                continue
            if node.level:
                anchor = base[: len(base) - node.level + 1]
                module = ".".join(anchor + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.split(".")[0] != PACKAGE:
                continue
            for alias in node.names:
                candidate = f"{module}.{alias.name}"
                targets.add(candidate if candidate in modules else module)
        graph[name] = {owner for t in targets if (owner := _owner(t, modules)) and owner != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def _describe(component: list[str], graph) -> str:
    inside = set(component)
    return "; ".join(f"{m} -> {', '.join(sorted(graph[m] & inside))}" for m in component)


def test_the_package_has_no_import_circles():
    graph = import_graph()
    assert "inquadra.bundles" in graph and "inquadra.lesson" in graph
    found = cycles(graph)
    assert not found, "import circles: " + " | ".join(_describe(c, graph) for c in found)


def test_logic_modules_import_no_widget():
    graph = import_graph()
    for module in ("inquadra.lesson", "inquadra.bundles", "inquadra.structure", "inquadra.article"):
        assert not {m for m in graph[module] if m.startswith("inquadra.widgets")}, module


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / PACKAGE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("files", "circle"),
    [
        ({"__init__.py": "", "a.py": "from . import b\n", "b.py": "def f():\n    from .a import x\n"},
         ["inquadra.a", "inquadra.b"]),
        ({"__init__.py": "", "a.py": "import inquadra.sub.c\n", "sub/__init__.py": "",
          "sub/c.py": "from ..a import y\n"}, ["inquadra.a", "inquadra.sub.c"]),
        ({"__init__.py": "from . import a\n", "a.py": "from . import helper\n"},
         ["inquadra", "inquadra.a"]),
    ],
)
def test_a_circle_is_found_at_any_depth(tmp_path, files, circle):
    assert cycles(import_graph(_write(tmp_path, files))) == [circle]


def test_type_checking_imports_and_parent_packages_are_not_circles(tmp_path):
    files = {
        "__init__.py": "from . import a\n",
        "a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .b import B\n",
        "b.py": "from . import a\n",
        "sub/__init__.py": "from . import c\n",
        "sub/c.py": "import json\n",
    }
    assert cycles(import_graph(_write(tmp_path, files))) == []
