"""printouts: a worksheet and an answer key per lesson; no answer on the student's sheet."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest

from inquadra import corrections, lesson, printouts, readouts
from inquadra.annotations import reference
from inquadra.commands import site as site_command
from inquadra.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
LESSONS = [ROOT / item.notebook("en") for item in lesson.lessons()]


def _solutions(nb: Path) -> dict:
    return {lang: ROOT / "solutions" / lang / nb.name for lang in LANGUAGES}


def _sheet(nb: Path) -> printouts.Worksheet:
    return printouts.build(nb, _solutions(nb))


def _secrets(nb: Path) -> list[str]:
    """Answer texts read straight from the kit's data and solutions, not from printouts."""
    found = []
    for activity in printouts.lesson_activities(json.loads(nb.read_text("utf-8"))):
        if activity.startswith("tag:"):
            found += [r.rationale for r in reference.load().spans]
            continue
        entry = lesson.activity_data(activity)
        items = entry.get("items", [entry]) if entry["kind"] in ("quiz", "choice") else [entry]
        for item in items:
            for option in item.get("options", []):
                found += list((option.get("explanation") or {}).values())
        if entry["kind"] == "sorter":
            statements = entry["statements"]
            if statements == "readouts":
                found += [s.explanation for s in readouts.load()]
            else:
                found += [s.get("explanation", {}).get("en", "") for s in statements]
        if entry["kind"] == "correction":
            ids = {i["sentence"] for i in entry["items"]}
            found += [c.italian for c in corrections.load() if c.sentence_id in ids]
    solution = ROOT / "solutions" / "en" / nb.name
    if solution.is_file():
        for cell in json.loads(solution.read_text("utf-8"))["cells"]:
            for block in re.findall(r"# BEGIN SOLUTION\n(.*?)# END SOLUTION",
                                    "".join(cell["source"]), re.DOTALL):
                found += [line.strip() for line in block.splitlines() if len(line.strip()) > 6]
    return [s for s in found if s and len(s) > 6]


@pytest.mark.parametrize("nb", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_lesson_has_a_worksheet_with_questions(nb):
    sheet = _sheet(nb)
    assert sheet.lesson == nb.stem[:2]
    assert sheet.questions, f"{nb.name} has no question on its worksheet"


@pytest.mark.parametrize("lang", ["en", "it"])
@pytest.mark.parametrize("nb", LESSONS, ids=[p.stem for p in LESSONS])
def test_no_answer_appears_in_a_student_worksheet(nb, lang):
    page = html.unescape(printouts.worksheet_html(_sheet(nb), lang))
    leaked = [s for s in _secrets(nb) if s in page]
    assert not leaked, f"{nb.name} worksheet shows answers: {leaked[:3]}"
    assert 'class="key"' not in page


@pytest.mark.parametrize("nb", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_key_has_its_answers(nb):
    sheet = _sheet(nb)
    key = html.unescape(printouts.key_html(sheet, "en"))
    for q in sheet.questions:
        assert q.answers, f"question {q.id} of {nb.name} has no answer"
        for answer in q.answers:
            text = answer["en"] if isinstance(answer, dict) else answer
            assert text.strip() and text in key, f"key of {nb.name} misses {q.id}"
    both = key + html.unescape(printouts.key_html(sheet, "it"))
    secrets = _secrets(nb)
    missing = [s for s in secrets if s not in both]
    assert secrets and not missing, f"key of {nb.name} misses {missing[:2]}"


def test_the_leak_check_can_fail():
    nb = ROOT / "notebooks" / "en" / "03_naming_the_war.ipynb"
    key = html.unescape(printouts.key_html(_sheet(nb), "en"))
    assert [s for s in _secrets(nb) if s in key]  # the same check finds answers in a key


def test_lesson_activities_are_found_in_order():
    nb = {"cells": [{"cell_type": "code", "source": 'lesson.activity("02.predict")'},
                    {"cell_type": "code",
                     "source": 'widgets.SpanTagger(labels="lesson06", activity="lesson06")'},
                    {"cell_type": "code", "source": 'CorrectionPad.from_activity("05.correct")'}]}
    assert printouts.lesson_activities(nb) == ["02.predict", "tag:lesson06", "05.correct"]


def test_prompts_are_escaped():
    q = printouts.Question("x", "choice", {"en": "<script>alert(1)</script>"}, ("<b>a</b>",),
                           ("<i>b</i>",))
    sheet = printouts.Worksheet("99", "<title>", (q,))
    for page in (printouts.worksheet_html(sheet), printouts.key_html(sheet)):
        assert "<script>" not in page and "<b>a</b>" not in page and "<i>b</i>" not in page


def test_site_print_writes_every_lesson(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(site_command, "_chromium", lambda: None)
    from inquadra import cli

    assert cli.main(["site", "--print", "-o", str(tmp_path / "_site")]) == 0
    out = tmp_path / "_site" / "print"
    for nb in LESSONS:
        for lang in ("en", "it"):
            assert (out / f"{nb.stem[:2]}_worksheet.{lang}.html").is_file()
            assert (out / f"{nb.stem[:2]}_key.{lang}.html").is_file()
    assert "no PDF: install Chromium" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium is not installed")
def test_a_worksheet_prints_to_pdf(tmp_path):
    sheet = _sheet(LESSONS[0])
    page = tmp_path / "00_worksheet.en.html"
    page.write_text(printouts.worksheet_html(sheet), encoding="utf-8")
    pdfs = site_command.print_pdfs([page], shutil.which("chromium"))
    assert pdfs == [tmp_path / "00_worksheet.en.pdf"]
    assert pdfs[0].read_bytes().startswith(b"%PDF")


def test_titles_come_from_the_lesson_manifest_in_each_language():
    nb = ROOT / "notebooks" / "en" / "02_machine_translation.ipynb"
    entry = {item.id: item for item in lesson.lessons()}["02"]
    sheet = _sheet(nb)
    for lang in ("en", "it"):
        for page in (printouts.worksheet_html(sheet, lang), printouts.key_html(sheet, lang)):
            heading = page.split("<h1>")[1].split("</h1>")[0]
            word = {"en": "Lesson", "it": "Lezione"}[lang]
            assert heading.startswith(f"{word} 02 — {html.escape(entry.title[lang])} — ")
    assert entry.title["it"] != entry.title["en"]


def test_correction_answers_are_in_the_page_language():
    nb = ROOT / "notebooks" / "en" / "02_machine_translation.ipynb"
    sheet = _sheet(nb)
    fix = next(c for c in corrections.load() if c.certainty == "likely")
    assert any(q.kind == "correct" for q in sheet.questions)
    it = html.unescape(printouts.key_html(sheet, "it"))
    en = html.unescape(printouts.key_html(sheet, "en"))
    kind_it, kind_en = corrections.KINDS[fix.kind]["it"], corrections.KINDS[fix.kind]["en"]
    if any(fix.sentence_id in s for q in sheet.questions if q.kind == "correct" for s in q.items):
        assert f"{kind_it}; probabile)" in it and f"{kind_en}; likely)" in en
    assert "; certain)" not in it and "; likely)" not in it
    assert "; certo)" in it and "; certain)" in en


def test_a_sorter_without_its_own_buckets_uses_the_readouts_buckets(monkeypatch, tmp_path):
    real = lesson.activity_data
    monkeypatch.setattr(lesson, "activity_data", lambda a: {"kind": "sorter", "statements":
                                                            "readouts"} if a == "99.sort"
                        else real(a))
    nb = tmp_path / "99_sorting.ipynb"
    nb.write_text(json.dumps({"cells": [{"cell_type": "code", "metadata": {},
                                         "source": 'lesson.activity("99.sort")'}]}))
    (q,) = printouts.build(nb).questions
    names = readouts.buckets()
    first = readouts.load()[0]
    assert q.kind == "sort" and f"→ {names[first.bucket]['it']}." in q.answers[0]["it"]


def test_each_exercise_is_printed_in_the_pages_language(tmp_path):
    def solution(lang, heading):
        cells = [{"cell_type": "markdown", "metadata": {}, "source": heading},
                 {"cell_type": "code", "metadata": {"nbgrader": {"solution": True, "grade_id": "ex-9-1"}},
                  "source": "# BEGIN SOLUTION\nanswer_9_1 = 42\n# END SOLUTION", "outputs": [], "execution_count": None}]
        path = tmp_path / lang / "99_x.ipynb"
        path.parent.mkdir()
        path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), "utf-8")
        return path

    files = {"en": solution("en", "## Exercise 9.1 — the answer"), "it": solution("it", "## Esercizio 9.1: la risposta")}
    sheet = printouts.build(files["en"], files, "99")
    (question,) = sheet.questions
    assert question.id == "9.1" and question.answers == ("answer_9_1 = 42",)
    assert "Esercizio 9.1" in printouts.worksheet_html(sheet, "it")
    assert "Exercise 9.1" in printouts.worksheet_html(sheet, "en")
    assert "Esercizio" not in printouts.worksheet_html(sheet, "en")
