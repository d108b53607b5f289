"""tagger.js's pure functions (selection, key map -> command, layout), run in node."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from inquadra.widgets.view import esm

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")

_EXPORTS = ("selectionRange", "moveSelection", "blockTarget", "innermostSpan", "keyCommand",
            "tokenBlocks", "spanDecorations")


def _run(tmp_path, body: str):
    """Run ``body`` (JavaScript using the pure functions) and return what it prints as JSON."""
    module = tmp_path / "tagger.mjs"
    module.write_text(esm("tagger.js") + f"\nexport {{ {', '.join(_EXPORTS)} }};\n", encoding="utf-8")
    script = tmp_path / "run.mjs"
    script.write_text(f"import {{ {', '.join(_EXPORTS)} }} from './tagger.mjs';\n"
                      f"console.log(JSON.stringify(({body})));\n", encoding="utf-8")
    out = subprocess.run(["node", str(script)], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


LABELS = "[{id: 'Naming_Choice', key: 'N'}, {id: 'Loaded_Language', key: 'L'}]"


@pytest.mark.parametrize("key, mods, expected", [
    ("z", {"ctrl": True}, {"type": "undo"}),
    ("Z", {"ctrl": True, "shift": True}, {"type": "redo"}),
    ("y", {"ctrl": True}, {"type": "redo"}),
    ("c", {"ctrl": True}, None),
    ("ArrowRight", {"shift": True}, {"type": "move", "by": 1, "extend": True}),
    ("ArrowUp", {}, {"type": "block", "by": -1, "extend": False}),
    ("Enter", {}, {"type": "repeat"}),
    ("Enter", {"shift": True}, {"type": "note"}),
    ("Backspace", {}, {"type": "delete"}),
    ("2", {}, {"type": "label", "id": "Loaded_Language"}),
    ("3", {}, None),
    ("n", {}, {"type": "label", "id": "Naming_Choice"}),
    ("q", {}, None),
    ("Tab", {}, None),
])
def test_key_map(tmp_path, key, mods, expected):
    assert _run(tmp_path, f"keyCommand({json.dumps(key)}, {json.dumps(mods)}, {LABELS})") == expected


def test_selection_and_moves(tmp_path):
    result = _run(tmp_path, """[
        selectionRange(-1, 3), selectionRange(5, 2), selectionRange(4, -1),
        moveSelection({cursor: 4, anchor: 4}, 7, true, 10),
        moveSelection({cursor: 4, anchor: 4}, 70, false, 10),
        moveSelection({cursor: -1, anchor: -1}, 3, true, 10)]""")
    assert result == [None, [2, 5], [4, 4], {"cursor": 7, "anchor": 4},
                      {"cursor": 9, "anchor": 9}, {"cursor": 3, "anchor": 3}]


def test_blocks_and_block_moves(tmp_path):
    tokens = [[0, 1, "a", "p01", " "], [2, 3, "b", "p01", "\n"], [4, 5, "c", "p02", " "],
              [6, 7, "d", "p02", " "], [8, 9, "e", "p02", ""]]
    result = _run(tmp_path, f"""(() => {{
        const l = tokenBlocks({json.dumps(tokens)});
        return [l, blockTarget(1, l.blockOf, l.blocks, 1), blockTarget(4, l.blockOf, l.blocks, -1),
                blockTarget(3, l.blockOf, l.blocks, 1), blockTarget(-1, l.blockOf, l.blocks, 1)];
    }})()""")
    layout, down, up, past, start = result
    assert layout == {"blocks": [{"id": "p01", "first": 0, "last": 1}, {"id": "p02", "first": 2, "last": 4}],
                      "blockOf": [0, 0, 1, 1, 1]}
    assert (down, up, past, start) == (3, 1, -1, 0)


def test_innermost_span_and_decorations(tmp_path):
    spans = [{"start": 0, "end": 9, "token_start": 0, "token_end": 5, "label": "A", "layer": 0, "note": ""},
             {"start": 2, "end": 5, "token_start": 1, "token_end": 3, "label": "B", "layer": 1,
              "note": "", "needs_note": True}]
    result = _run(tmp_path, f"""(() => {{
        const spans = {json.dumps(spans)};
        const d = spanDecorations(spans, (id) => ({{short: id, colour: '#000', name: id}}));
        return [innermostSpan(spans, 2).label, innermostSpan(spans, 4).label, innermostSpan(spans, 7),
                d.chips.map((c) => c.text), d.bars.length, d.layers, [...d.labelsAt.get(1)]];
    }})()""")
    assert result == ["B", "A", None, ["A", "B ?"], 7, 2, ["A", "B"]]
