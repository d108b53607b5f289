"""The analysis measured on the development set, and the scoring itself on small folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inquadra import evaluation

DEVSET = Path(__file__).parent / "data" / "devset"


@pytest.fixture(scope="module")
def figures():
    if not any(DEVSET.glob("*.gold.json")):
        pytest.skip("the development set is not in this tree")
    return evaluation.evaluate(DEVSET)


@pytest.mark.parametrize("name", list(evaluation.TARGETS))
def test_devset_meets_target(figures, name, capsys):
    op, target = evaluation.TARGETS[name]
    value = figures.as_dict()[name]
    with capsys.disabled():
        print(f"\n{name}: {value:.3f} (target {op} {target:.3f})")
    assert (value >= target) if op == ">=" else (value <= target)


def _write(folder: Path, text_id: str, text: str, gold: dict) -> None:
    (folder / f"{text_id}.txt").write_text(text, encoding="utf-8")
    (folder / f"{text_id}.gold.json").write_text(json.dumps({"id": text_id, **gold}),
                                                 encoding="utf-8")


TEXT = ("Titolo\n\n«Nessuna tregua», ha dichiarato la portavoce Maria Zakharova. "
        "«Vedremo», ha detto. La guerra continua.\n")
GOLD = {"style": "wire", "words": len(TEXT.split()),
        "quotes": [{"text": "Nessuna tregua", "occurrence": 1, "speaker": "Maria Zakharova"},
                   {"text": "Vedremo", "occurrence": 1, "speaker": "Maria Zakharova"}],
        "actors": [{"name": "Maria Zakharova", "kind": "person",
                    "mentions": ["Maria Zakharova", "la portavoce"]},
                   {"name": "Antonio Rossi", "kind": "person", "mentions": ["Rossi"]}],
        "war_terms": [{"text": "guerra", "occurrence": 1}], "damage": []}


def test_scores_one_text(tmp_path):
    _write(tmp_path, "wire_x", TEXT, GOLD)
    f = evaluation.evaluate(tmp_path)
    assert (f.quotation_recall, f.actor_recall, f.war_recall) == (1.0, 0.5, 1.0)
    assert f.speaker_accuracy == 1.0 and f.false_flags_per_1000_words == 0.0
    assert "actor Antonio Rossi" in f.texts[0].missed


def test_a_wrong_speaker_counts_against(tmp_path):
    gold = dict(GOLD, quotes=[{"text": "Nessuna tregua", "occurrence": 1,
                               "speaker": "Antonio Rossi"}])
    _write(tmp_path, "wire_y", TEXT, gold)
    assert evaluation.evaluate(tmp_path).speaker_accuracy == 0.0


def test_failing_lists_the_figures_under_target(tmp_path):
    _write(tmp_path, "wire_x", TEXT, GOLD)
    assert "actor_recall" in evaluation.evaluate(tmp_path).failing()


@pytest.mark.parametrize("setup,message", [
    (lambda p: None, "No <id>.gold.json"),
    (lambda p: (p / "a.gold.json").write_text("{}", encoding="utf-8"), "no text beside it"),
    (lambda p: ((p / "a.txt").write_text("x", encoding="utf-8"),
                (p / "a.gold.json").write_text("{", encoding="utf-8")), "not valid JSON"),
    (lambda p: ((p / "a.txt").write_text("x", encoding="utf-8"),
                (p / "a.gold.json").write_text('{"id": "a"}', encoding="utf-8")), "missing"),
])
def test_bad_folders_are_reported(tmp_path, setup, message):
    setup(tmp_path)
    with pytest.raises(evaluation.EvaluationError, match=message):
        evaluation.evaluate(tmp_path)


def test_gold_text_not_in_the_text_is_reported(tmp_path):
    gold = dict(GOLD, war_terms=[{"text": "conflitto", "occurrence": 1}])
    _write(tmp_path, "wire_z", TEXT, gold)
    with pytest.raises(evaluation.EvaluationError, match="conflitto"):
        evaluation.evaluate(tmp_path)
