"""The Italian news development set (tests/data/devset/): its format and its size.

Each text `<id>.txt` has a gold file `<id>.gold.json` (format in the set's README).
`devset_problems()` lists everything wrong with a folder in that format; the tests
run it on the real set, and on a broken copy to show it catches what it should.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

DEVSET = Path(__file__).parent / "data" / "devset"

STYLES = ("wire", "live", "state", "local", "mt")
KINDS = ("person", "org", "state")
DAMAGE_KINDS = ("calque", "name_variant", "fused_link_text", "doubled_word",
                "reversed_meaning", "foreign_script", "other")
GOLD_KEYS = {"id", "style", "words", "quotes", "actors", "war_terms", "damage"}
OPENERS = ("«", "“", '"', "''", ":")
# Pairs of quotation marks; the text between them is a quotation unless it is a short
# scare-quoted label (at most SCARE_WORDS words, as “operazione militare speciale”).
MARKED = (re.compile(r"«([^»]*)»"), re.compile(r"“([^”]*)”"),
          re.compile(r'"([^"\n]*)"'), re.compile(r"''(.*?)''"))
SCARE_WORDS = 3
MIN_WORDS, MAX_WORDS = 150, 300


def _starts(text: str, part: str) -> list[int]:
    """Start offsets of every occurrence of `part` in `text` (overlaps allowed)."""
    found, at = [], text.find(part)
    while part and at >= 0:
        found.append(at)
        at = text.find(part, at + 1)
    return found


def _locate(text: str, part: str, occurrence: object) -> int | None:
    """Offset of the occurrence-th (1-based) `part`, or None when there is none."""
    if not isinstance(part, str) or not part or type(occurrence) is not int or occurrence < 1:
        return None
    starts = _starts(text, part)
    return starts[occurrence - 1] if occurrence <= len(starts) else None


def _item_problems(txt_path: Path, gold: dict) -> list[str]:
    text = txt_path.read_text(encoding="utf-8")
    where = txt_path.name
    out: list[str] = []
    if set(gold) != GOLD_KEYS:
        return [f"{where}: gold keys {sorted(gold)} should be {sorted(GOLD_KEYS)}"]
    ident, style = gold["id"], gold["style"]
    if ident != txt_path.name[: -len(".txt")]:
        out.append(f"{where}: id {ident!r} does not match the file name")
    if style not in STYLES or not str(ident).startswith(f"{style}_"):
        out.append(f"{where}: style {style!r} should be one of {STYLES} and prefix the id")
    words = len(text.split())
    if gold["words"] != words:
        out.append(f"{where}: words is {gold['words']}, the text has {words}")
    if not MIN_WORDS <= words <= MAX_WORDS:
        out.append(f"{where}: {words} words, outside {MIN_WORDS}-{MAX_WORDS}")

    names = [a.get("name") for a in gold["actors"]]
    if len(set(names)) != len(names):
        out.append(f"{where}: an actor name is listed twice")
    for actor in gold["actors"]:
        if actor.get("kind") not in KINDS:
            out.append(f"{where}: actor {actor.get('name')!r} has kind {actor.get('kind')!r}")
        mentions = actor.get("mentions")
        if not mentions:
            out.append(f"{where}: actor {actor.get('name')!r} has no mentions")
        for mention in mentions or []:
            if not isinstance(mention, str) or mention not in text:
                out.append(f"{where}: mention {mention!r} of {actor.get('name')!r} not in the text")

    quote_spans = []
    for quote in gold["quotes"]:
        at = _locate(text, quote.get("text"), quote.get("occurrence"))
        label = str(quote.get("text"))[:40]
        if at is None:
            out.append(f"{where}: quotation {label!r} not found at occurrence {quote.get('occurrence')}")
            continue
        before = text[:at].rstrip(" ")
        if not before.endswith(OPENERS):
            out.append(f"{where}: quotation {label!r} (occurrence {quote['occurrence']}) "
                       "does not follow a quotation mark or a colon")
        quote_spans.append((at, at + len(quote["text"])))
        if quote.get("speaker") is not None and quote["speaker"] not in names:
            out.append(f"{where}: speaker {quote['speaker']!r} of {label!r} is not a listed actor")
        if quote.get("cue") is not None and quote["cue"] not in text:
            out.append(f"{where}: cue {quote['cue']!r} not in the text")
    for pattern in MARKED:
        for match in pattern.finditer(text):
            inner = match.group(1).strip()
            if len(inner.split()) <= SCARE_WORDS:
                continue
            a, b = match.start(1), match.end(1)
            if not any(a <= s and e <= b for s, e in quote_spans):
                out.append(f"{where}: quotation {inner[:40]!r} has no gold entry")

    for term in gold["war_terms"]:
        at = _locate(text, term.get("text"), term.get("occurrence"))
        if at is None:
            out.append(f"{where}: war term {term.get('text')!r} not found at occurrence "
                       f"{term.get('occurrence')}")
        elif re.match(r"\s+(mondiale|fredda)\b", text[at + len(term["text"]):]):
            out.append(f"{where}: war term {term['text']!r} names another war")

    if style != "mt" and gold["damage"]:
        out.append(f"{where}: damage is marked on a text that is not machine-translated")
    for item in gold["damage"]:
        if _locate(text, item.get("text"), item.get("occurrence")) is None:
            out.append(f"{where}: damage {item.get('text')!r} not found at occurrence "
                       f"{item.get('occurrence')}")
        if item.get("kind") not in DAMAGE_KINDS or not item.get("note"):
            out.append(f"{where}: damage {item.get('text')!r} needs a kind from "
                       f"{DAMAGE_KINDS} and a note")
    return out


def devset_problems(folder: Path) -> list[str]:
    """Everything wrong with the development set in `folder`; empty when it is sound."""
    out: list[str] = []
    texts = sorted(folder.glob("*.txt"))
    golds = sorted(folder.glob("*.gold.json"))
    text_ids = {p.name[: -len(".txt")] for p in texts}
    gold_ids = {p.name[: -len(".gold.json")] for p in golds}
    for missing in sorted(text_ids - gold_ids):
        out.append(f"{missing}.txt has no {missing}.gold.json")
    for missing in sorted(gold_ids - text_ids):
        out.append(f"{missing}.gold.json has no {missing}.txt")
    persons: set[str] = set()
    styles: dict[str, int] = dict.fromkeys(STYLES, 0)
    single_breaks = no_break_spaces = zero_width = damage = 0
    for ident in sorted(text_ids & gold_ids):
        txt = folder / f"{ident}.txt"
        try:
            gold = json.loads((folder / f"{ident}.gold.json").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            out.append(f"{ident}.gold.json: not readable JSON ({exc})")
            continue
        item = _item_problems(txt, gold)
        out.extend(item)
        if item:
            continue
        text = txt.read_text(encoding="utf-8")
        styles[gold["style"]] += 1
        persons |= {a["name"] for a in gold["actors"] if a["kind"] == "person"}
        damage += len(gold["damage"])
        if gold["style"] != "mt" and "\n\n" not in text.strip():
            single_breaks += 1
        no_break_spaces += "\u00a0" in text
        zero_width += "\u200b" in text
    plain = sum(n for s, n in styles.items() if s != "mt")
    if plain < 31:
        out.append(f"{plain} human-style texts; at least 31 are needed")
    if min(styles[s] for s in STYLES if s != "mt") < 6:
        out.append(f"every style needs at least 6 texts: {styles}")
    if styles["mt"] != 5 or {f"mt_0{i}" for i in range(1, 6)} - text_ids:
        out.append(f"machine-translated texts should be mt_01 … mt_05, found {styles['mt']}")
    if damage < 11:
        out.append(f"{damage} damage items on the machine-translated texts; at least 11")
    if len(persons) < 30:
        out.append(f"{len(persons)} distinct persons; at least 30 are needed")
    if plain and not 0.15 <= single_breaks / plain <= 0.3:
        out.append(f"{single_breaks} of {plain} texts use single line breaks; about a fifth should")
    if no_break_spaces < 2 or zero_width < 1:
        out.append("a few texts need no-break spaces and one a zero-width space")
    if not (folder / "README.md").is_file():
        out.append("README.md is missing")
    return out


def test_the_development_set_is_sound():
    assert devset_problems(DEVSET) == []


@pytest.fixture
def broken(tmp_path):
    copy = tmp_path / "devset"
    shutil.copytree(DEVSET, copy)
    return copy


def _edit_gold(folder: Path, ident: str, change) -> None:
    path = folder / f"{ident}.gold.json"
    gold = json.loads(path.read_text(encoding="utf-8"))
    change(gold)
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")


def test_a_wrong_quotation_occurrence_is_caught(broken):
    _edit_gold(broken, "wire_01", lambda g: g["quotes"][1].update(occurrence=7))
    assert any("wire_01.txt: quotation" in p and "occurrence 7" in p
               for p in devset_problems(broken))


def test_a_quotation_that_is_not_a_quotation_is_caught(broken):
    # "Cremlino" occurs in wire_01, but not right after a quotation mark.
    _edit_gold(broken, "wire_01", lambda g: g["quotes"][0].update(text="Cremlino", occurrence=1))
    problems = devset_problems(broken)
    assert any("'Cremlino' (occurrence 1) does not follow" in p for p in problems)
    assert any("'Nessun negoziato sotto dettatura' has no gold entry" in p for p in problems)


def test_a_speaker_who_is_not_an_actor_is_caught(broken):
    _edit_gold(broken, "local_01", lambda g: g["quotes"][0].update(speaker="La sindaca"))
    assert any("speaker 'La sindaca'" in p for p in devset_problems(broken))


def test_a_wrong_word_count_and_a_missing_mention_are_caught(broken):
    def change(g):
        g["words"] += 1
        g["actors"][0]["mentions"].append("Zacharova")
    _edit_gold(broken, "wire_01", change)
    problems = devset_problems(broken)
    assert any("wire_01.txt: words is" in p for p in problems)
    assert any("mention 'Zacharova'" in p for p in problems)


def test_a_text_edited_after_annotation_is_caught(broken):
    path = broken / "wire_02.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("getterà mai", "getterà"),
                    encoding="utf-8")
    problems = devset_problems(broken)
    assert any("wire_02.txt: words is" in p for p in problems)
    assert any("wire_02.txt: quotation 'La Cina non è parte" in p for p in problems)


def test_missing_files_and_too_few_texts_are_caught(broken):
    (broken / "mt_05.gold.json").unlink()
    for path in sorted(broken.glob("local_*.gold.json")):
        path.unlink()
    problems = devset_problems(broken)
    assert "mt_05.txt has no mt_05.gold.json" in problems
    assert any("human-style texts; at least 31" in p for p in problems)
    assert any(p.startswith("machine-translated texts should be") for p in problems)


def test_damage_outside_machine_translation_and_another_war_are_caught(broken):
    def change(g):
        g["damage"] = [{"text": "Kiev", "occurrence": 1, "kind": "calque", "note": "x"}]
        g["war_terms"].append({"text": "guerra", "occurrence": 1})
    _edit_gold(broken, "wire_03", change)
    problems = devset_problems(broken)
    assert any("wire_03.txt: damage is marked" in p for p in problems)
    assert any("wire_03.txt: war term 'guerra' names another war" in p for p in problems)
