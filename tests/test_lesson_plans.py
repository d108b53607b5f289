"""The teacher's lesson plans in docs/lesson_plans/ follow the lesson manifest.

Every lesson in src/inquadra/data/lessons.json has one page named after its
notebook's stem; no page is left for a notebook the manifest does not list; each
page has the four sections and a minute plan that adds up to the lesson's minutes.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "docs" / "lesson_plans"
MANIFEST = ROOT / "src" / "inquadra" / "data" / "lessons.json"
ACTIVITIES = ROOT / "src" / "inquadra" / "data" / "activities"

SECTIONS = ("Objective", "Minute plan", "Discussion prompts", "Exit ticket")
_ROW = re.compile(r"^\|\s*(\d+)\s*[–-]\s*(\d+)\s*\|", re.MULTILINE)


def _lessons() -> list[dict]:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))["lessons"]


def _sections(text: str) -> dict[str, str]:
    """The page's level-two sections, by heading."""
    parts = re.split(r"^## +(.+?)\s*$", text, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def plan_minutes(section: str) -> int:
    """Total minutes of a minute-plan table; its rows must run on without gaps from 0."""
    rows = [(int(a), int(b)) for a, b in _ROW.findall(section)]
    if not rows:
        raise ValueError("the minute plan has no rows of the form '| a–b | ... |'")
    expected_start = 0
    for start, end in rows:
        if start != expected_start or end <= start:
            raise ValueError(f"the row {start}–{end} should start at {expected_start} and end after it")
        expected_start = end
    return sum(end - start for start, end in rows)


def plan_problems(plans: Path, lessons: list[dict]) -> list[str]:
    """Everything wrong with the folder of plans, one message per problem."""
    problems = []
    stems = [Path(lesson["notebook"]).stem for lesson in lessons]
    pages = {path.stem for path in plans.glob("*.md") if path.name != "README.md"}
    for stray in sorted(pages - set(stems)):
        problems.append(f"{stray}.md: no lesson in the manifest has the notebook {stray}.ipynb")
    for lesson, stem in zip(lessons, stems):
        page = plans / f"{stem}.md"
        if not page.exists():
            problems.append(f"{stem}.md: missing, but lesson {lesson['id']} is in the manifest")
            continue
        sections = _sections(page.read_text(encoding="utf-8"))
        for heading in SECTIONS:
            if not sections.get(heading, "").strip():
                problems.append(f"{stem}.md: no '## {heading}' section, or it is empty")
        if "Minute plan" in sections:
            try:
                total = plan_minutes(sections["Minute plan"])
            except ValueError as error:
                problems.append(f"{stem}.md: {error}")
            else:
                if total != lesson["minutes"]:
                    problems.append(
                        f"{stem}.md: the minute plan adds up to {total}, the manifest says {lesson['minutes']}"
                    )
    return problems


def test_the_folder_matches_the_manifest():
    assert plan_problems(PLANS, _lessons()) == []


def test_a_missing_page_is_reported(tmp_path):
    copy = tmp_path / "lesson_plans"
    shutil.copytree(PLANS, copy)
    stem = Path(_lessons()[3]["notebook"]).stem
    (copy / f"{stem}.md").unlink()
    assert plan_problems(copy, _lessons()) == [f"{stem}.md: missing, but lesson 03 is in the manifest"]


def test_a_page_for_a_notebook_not_in_the_manifest_is_reported(tmp_path):
    copy = tmp_path / "lesson_plans"
    shutil.copytree(PLANS, copy)
    (copy / "09_gone.md").write_text("# Lesson 09\n", encoding="utf-8")
    assert plan_problems(copy, _lessons()) == [
        "09_gone.md: no lesson in the manifest has the notebook 09_gone.ipynb"
    ]


def test_a_minute_plan_that_does_not_add_up_is_reported(tmp_path):
    copy = tmp_path / "lesson_plans"
    shutil.copytree(PLANS, copy)
    lesson = _lessons()[0]
    page = copy / f"{Path(lesson['notebook']).stem}.md"
    text = page.read_text(encoding="utf-8")
    rows = _ROW.findall(text)
    last_start, last_end = rows[-1]
    page.write_text(text.replace(f"| {last_start}–{last_end} |", f"| {last_start}–{int(last_end) + 1} |"), encoding="utf-8")
    problems = plan_problems(copy, _lessons())
    assert len(problems) == 1 and "adds up to" in problems[0]


def test_a_missing_section_is_reported(tmp_path):
    copy = tmp_path / "lesson_plans"
    shutil.copytree(PLANS, copy)
    page = copy / f"{Path(_lessons()[5]['notebook']).stem}.md"
    page.write_text(page.read_text(encoding="utf-8").replace("## Discussion prompts", "## Prompts"), encoding="utf-8")
    assert any("'## Discussion prompts'" in problem for problem in plan_problems(copy, _lessons()))


@pytest.mark.parametrize("lesson", _lessons(), ids=lambda lesson: lesson["id"])
def test_the_exit_ticket_asks_the_lessons_own_questions(lesson):
    page = PLANS / f"{Path(lesson['notebook']).stem}.md"
    exit_ticket = _sections(page.read_text(encoding="utf-8")).get("Exit ticket", "")
    activity = json.loads((ACTIVITIES / f"lesson{lesson['id']}.json").read_text(encoding="utf-8"))
    for item in activity["exit"]["items"]:
        assert item["question"]["en"] in exit_ticket
