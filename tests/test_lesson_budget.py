"""Every lesson fits its slot: at most 30 minutes and 1,000 words of prose, with the
objective, hook, think-pair-share and exit ticket that make it a lesson; the manifest
says how long each one is, truly."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from inquadra import lesson, lesson_budget

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = {e["id"]: e for e in json.loads(
    (resources.files("inquadra") / "data" / "lessons.json").read_text(encoding="utf-8"))["lessons"]}
LESSONS = [e.id for e in lesson.lessons()]


def _budget(lesson_id):
    return lesson_budget.budget(ROOT / lesson.lesson(lesson_id).notebook("en"))


def test_the_sequence_is_the_nine_lessons():
    assert LESSONS == ["00", "01", "02", "03", "04", "05", "06", "07", "08"]


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_each_lesson_is_within_the_limits(lesson_id):
    limits = lesson_budget.timing()["limits"]
    b = _budget(lesson_id)
    assert b.minutes <= limits["minutes"], (b.minutes, b.reading, b.code, b.activities)
    assert b.words <= limits["prose_words"]


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_the_manifest_figures_are_the_measured_ones(lesson_id):
    b = _budget(lesson_id)
    assert (MANIFEST[lesson_id]["words"], MANIFEST[lesson_id]["minutes"]) == (b.words, b.minutes)


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_each_lesson_has_an_objective_a_hook_one_think_pair_share_and_an_exit_ticket(lesson_id):
    b = _budget(lesson_id)
    assert b.has_objective and b.has_hook and b.has_think_pair_share and b.has_exit_ticket
    nb = json.loads((ROOT / lesson.lesson(lesson_id).notebook("en")).read_text(encoding="utf-8"))
    text = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert text.count("## Think – pair – share") == 1 and text.count("**Objective:**") == 1


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_exit_tickets_have_two_or_three_questions(lesson_id):
    exits = [a for a in _budget(lesson_id).activity_ids if lesson.activity_data(a).get("exit_ticket")]
    assert len(exits) == 1
    assert 2 <= len(lesson.activity_data(exits[0])["items"]) <= 3


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_each_lesson_links_the_glossary(lesson_id):
    assert "../../docs/glossary.md" in (ROOT / lesson.lesson(lesson_id).notebook("en")).read_text(encoding="utf-8")


def test_the_fourteen_frames_are_used_after_they_are_introduced():
    """The frames come in lesson 05 and are used again in the final task's exercises."""
    from inquadra import checks, taxonomy

    frames = set(taxonomy.load().ids("frame")) - {"Other"}
    assert len(frames) == 14
    later = [e for e in checks.exercises() if e.startswith("8.") and set(checks.spec(e).get("claims", {})) & frames]
    assert later


def test_prose_leaves_out_quotations_tables_and_code():
    cell = ('Plain words here. *"Citazione lunga in italiano"* and “altra citazione”.\n'
            "| a | table | row |\n> a block quote\n`code words`")
    assert lesson_budget.prose(cell).split() == ["Plain", "words", "here.", "*", "*", "and", "."]


def test_a_kind_without_a_time_is_refused(monkeypatch, tmp_path):
    nb = {"cells": [{"cell_type": "code", "metadata": {}, "source": 'lesson.activity("09.x")',
                     "outputs": [], "execution_count": None}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "09_x.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    monkeypatch.setattr(lesson, "activity_data", lambda _id: {"kind": "hologram"})
    with pytest.raises(lesson_budget.BudgetError, match="hologram"):
        lesson_budget.budget(path)


def test_an_unreadable_notebook_is_named(tmp_path):
    path = tmp_path / "broken.ipynb"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(lesson_budget.BudgetError, match="broken.ipynb"):
        lesson_budget.budget(path)


def test_the_cell_that_sets_the_editions_language_is_not_counted(tmp_path):
    cell = {"cell_type": "code", "metadata": {}, "source": "1 + 1", "outputs": [], "execution_count": None}
    setter = dict(cell, metadata={"tags": ["edition-language"]}, source='import inquadra\ninquadra.set_language("it")')
    path = tmp_path / "09_x.ipynb"
    for cells, minutes in (([cell], 0.5), ([setter, cell], 0.5), ([cell, dict(cell)], 1.0)):
        path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
                        encoding="utf-8")
        assert lesson_budget.budget(path).code == minutes
