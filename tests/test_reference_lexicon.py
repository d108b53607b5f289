"""The lexicon and the references agree on each framing term's label.

A student who follows the lessons (which teach the lexicon's terms) must not
lose points in the tagging activity because the reference gives the same words
another label. Where a reference really means another label for a lexicon
term, its record carries a ``label_note`` saying why.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from inquadra import bundles

ROOT = Path(__file__).resolve().parents[1]
DATA = resources.files("inquadra") / "data"


def _lexicon() -> dict[str, str]:
    terms = {}
    for line in (DATA / "lexicons" / "framing.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            terms.setdefault(rec["pattern"].casefold(), rec["label"])
    return terms


def _references():
    """(article id, article text, reference lines) for every bundled reference."""
    found = []
    for bundle in bundles.find():
        if bundle.has("reference"):
            found.append((bundle.id, bundle.text, bundle.path("reference").read_text(encoding="utf-8")))
    for key in sorted((ROOT / "solutions" / "keys").glob("*.reference.jsonl")):
        article_id = key.name.split(".")[0]
        found.append((article_id, bundles.load(article_id).text, key.read_text(encoding="utf-8")))
    return found


def conflicts(lexicon: dict[str, str], text: str, lines: str) -> list[str]:
    """Reference records whose text is a lexicon term but whose label is another one,
    with no record of the lexicon's label on the same words and no ``label_note``."""
    records = [json.loads(line) for line in lines.splitlines() if line.strip()]
    spans = [r for r in records if r.get("kind") == "span"]
    labels_at: dict[tuple[str, int], set[str]] = {}
    for r in spans:
        labels_at.setdefault((r["text"], r.get("occurrence", 1)), set()).add(r["label"])
    out = []
    for r in spans:
        expected = lexicon.get(r["text"].casefold())
        if expected is None or r["label"] in (expected, "Translation_Damage"):
            continue
        if expected in labels_at[(r["text"], r.get("occurrence", 1))]:
            continue
        if str(r.get("label_note", "")).strip():
            continue
        out.append(f"{r['text']!r}: lexicon {expected}, reference {r['label']}")
    return out


@pytest.mark.parametrize("article_id, text, lines", _references(), ids=lambda v: v if isinstance(v, str) and len(v) < 40 else "")
def test_reference_labels_agree_with_the_lexicon(article_id, text, lines):
    assert conflicts(_lexicon(), text, lines) == []


def test_every_bundled_reference_is_checked():
    ids = {article_id for article_id, _, _ in _references()}
    assert {bundles.SEED_ID, "contrast_call_report", "final_task_clean", "final_task_mt"} <= ids


def _line(**rec) -> str:
    return json.dumps({"kind": "span", "occurrence": 1, "rationale": "Why.", **rec}, ensure_ascii=False)


def test_a_conflicting_label_without_a_note_is_caught():
    lines = _line(label="Naming_Choice", text="senza limiti")
    assert conflicts({"senza limiti": "Loaded_Language"}, "una partnership senza limiti", lines) == [
        "'senza limiti': lexicon Loaded_Language, reference Naming_Choice"
    ]


def test_a_conflicting_label_with_a_note_passes():
    lines = _line(label="Naming_Choice", text="senza limiti", label_note="Here it names the treaty.")
    assert conflicts({"senza limiti": "Loaded_Language"}, "una partnership senza limiti", lines) == []


def test_a_second_label_beside_the_lexicons_passes():
    lines = "\n".join([
        _line(label="Loaded_Language", text="senza limiti"),
        _line(label="Naming_Choice", text="senza limiti"),
    ])
    assert conflicts({"senza limiti": "Loaded_Language"}, "una partnership senza limiti", lines) == []
