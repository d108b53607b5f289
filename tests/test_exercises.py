"""make-exercises: exercises/ is exactly what the solutions generate, stubs in place of answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inquadra import cli
from inquadra.i18n import LANGUAGES, t
from inquadra.exercises import (
    BEGIN,
    END,
    ExerciseError,
    exercise_ids,
    make_exercise,
    replace_regions,
    stub,
    write_exercises,
)

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "solutions" / "en").glob("*.ipynb"))


def _nb(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _regions(source: str) -> list[str]:
    lines, inside = [], False
    for line in source.split("\n"):
        if line.strip() == BEGIN:
            inside = True
        elif line.strip() == END:
            inside = False
        elif inside and line.strip():
            lines.append(line)
    return lines


@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_exercises_are_what_the_solutions_generate(tmp_path, language):
    write_exercises(ROOT / "solutions" / language, tmp_path)
    generated = {p.name: p.read_bytes() for p in tmp_path.glob("*.ipynb")}
    committed = {p.name: p.read_bytes() for p in (ROOT / "exercises" / language).glob("*.ipynb")}
    assert generated and sorted(generated) == sorted(committed)
    stale = [name for name in generated if generated[name] != committed[name]]
    assert not stale, f"exercises/{language}/ is stale; run `inquadra make-lessons`: {stale}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_editions_stubs_speak_its_language(language):
    nb = {"cells": [{"cell_type": "code", "source": f"{BEGIN}\nanswer_2_1 = 1\n{END}", "outputs": [],
                     "execution_count": None, "metadata": {"nbgrader": {"solution": True, "grade_id": "ex-2-1"}}},
                    {"cell_type": "code", "source": "check()", "outputs": [], "execution_count": None,
                     "metadata": {"nbgrader": {"grade": True, "grade_id": "check-2-1", "locked": True, "points": 1}}}],
          "metadata": {"inquadra": {"language": language}}, "nbformat": 4, "nbformat_minor": 5}
    (answer, _) = make_exercise(nb)["cells"]
    assert answer["source"] == stub("2.1", language)
    assert t("exercises.stub", language, exercise_id="2.1") in answer["source"]
    assert stub("2.1", "it") != stub("2.1", "en")


def test_a_second_run_changes_nothing(tmp_path):
    write_exercises(ROOT / "solutions" / "en", tmp_path)
    first = {p.name: p.read_bytes() for p in tmp_path.glob("*.ipynb")}
    results = write_exercises(ROOT / "solutions" / "en", tmp_path)
    assert {r.status for r in results} == {"unchanged"}
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*.ipynb")} == first


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_every_answer_cell_becomes_a_tagged_stub(path):
    exercise = make_exercise(_nb(path))
    solution_cells = _nb(path)["cells"]
    ids = exercise_ids(_nb(path))
    assert len(ids) >= 3
    stubs = 0
    for before, after in zip(solution_cells, exercise["cells"]):
        if before.get("metadata", {}).get("nbgrader", {}).get("solution"):
            ex = before["metadata"]["nbgrader"]["grade_id"][3:].replace("-", ".")
            assert stub(ex) in after["source"]
            assert "raises-exception" in after["metadata"]["tags"]
            for line in _regions("".join(before["source"])):
                assert line not in after["source"].split("\n"), line
            stubs += 1
    assert stubs == len(ids)


@pytest.mark.parametrize("path", sorted((ROOT / "exercises").glob("*/*.ipynb")), ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_exercises_hold_no_markers_outputs_or_grading_metadata(path):
    nb = _nb(path)
    assert "widgets" not in nb["metadata"], "saved widget state of the solution run"
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        assert "BEGIN SOLUTION" not in source and "END SOLUTION" not in source
        assert "nbgrader" not in cell.get("metadata", {})
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_a_region_keeps_its_indentation():
    src = f"for x in y:\n    {BEGIN}\n    answer = x\n    {END}\nprint(1)"
    out, count = replace_regions(src, stub("1.1"))
    assert count == 1
    assert out == f"for x in y:\n    {stub('1.1')}\nprint(1)"


@pytest.mark.parametrize("source, words", [
    (f"{BEGIN}\n{BEGIN}\nx = 1\n{END}", "inside another region"),
    (f"{BEGIN}\nx = 1", "never closed"),
    (f"x = 1\n{END}", "without a"),
    ("### BEGIN SOLUTION\nx = 1\n### END SOLUTION", "one '#'"),
])
def test_malformed_regions_are_refused(source, words):
    with pytest.raises(ExerciseError, match=words):
        replace_regions(source, "pass", "cell 3")


def _cell(kind, source, **nbgrader):
    cell = {"cell_type": kind, "metadata": {}, "source": source}
    if kind == "code":
        cell.update(outputs=[], execution_count=None)
    if nbgrader:
        cell["metadata"]["nbgrader"] = nbgrader
    return cell


def _answer(ex="1.1"):
    return _cell("code", f"{BEGIN}\nanswer = 1\n{END}", solution=True, grade=False,
                 grade_id="ex-" + ex.replace(".", "-"), locked=False, schema_version=3)


def _check(ex="1.1"):
    return _cell("code", f'check("{ex}", None)', solution=False, grade=True, points=1, locked=True,
                 grade_id="check-" + ex.replace(".", "-"), schema_version=3)


@pytest.mark.parametrize("cells, words", [
    ([_cell("code", f"{BEGIN}\nx = 1\n{END}")], "without nbgrader answer metadata"),
    ([_answer()], "has no check cell"),
    ([_answer("1.1"), _check("1.2")], "must follow the answer cell"),
    ([_answer(), _check(), _answer(), _check()], "appears twice"),
    ([_cell("code", f"{BEGIN}\nx = 1\n{END}", solution=True, grade_id="answer1"), _check()], "grade_id like 'ex-2-1'"),
])
def test_inconsistent_solution_notebooks_are_refused(cells, words):
    with pytest.raises(ExerciseError, match=words):
        exercise_ids({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_a_broken_solution_leaves_the_exercises_folder_untouched(tmp_path):
    solutions, exercises = tmp_path / "solutions", tmp_path / "exercises"
    solutions.mkdir()
    exercises.mkdir()
    (exercises / "01_old.ipynb").write_text("old", encoding="utf-8")
    nb = {"cells": [_answer()], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (solutions / "01_old.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(ExerciseError, match="01_old.ipynb"):
        write_exercises(solutions, exercises)
    assert (exercises / "01_old.ipynb").read_text(encoding="utf-8") == "old"


def test_an_exercise_without_a_solution_is_removed(tmp_path):
    (tmp_path / "99_gone.ipynb").write_text("{}", encoding="utf-8")
    results = write_exercises(ROOT / "solutions" / "en", tmp_path)
    assert [r.path.name for r in results if r.status == "removed"] == ["99_gone.ipynb"]
    assert not (tmp_path / "99_gone.ipynb").exists()


def test_the_command_reports_a_missing_folder_in_one_line(tmp_path, capsys):
    code = cli.main(["make-exercises", "--solutions", str(tmp_path / "nowhere"),
                     "--exercises", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "no such folder" in err


def test_the_command_writes_the_exercises(tmp_path, capsys):
    code = cli.main(["make-exercises", "--solutions", str(ROOT / "solutions" / "en"), "--exercises", str(tmp_path)])
    assert code == 0
    assert sorted(p.name for p in tmp_path.glob("*.ipynb")) == [p.name for p in SOLUTIONS]


def test_solution_only_cells_are_left_out_of_the_exercise():
    nb = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "Intro"},
        {"cell_type": "markdown", "metadata": {"tags": ["solution-only"]}, "source": "The answer key"},
        {"cell_type": "code", "metadata": {"tags": ["solution-only"]}, "source": "key = 1",
         "outputs": [], "execution_count": None},
    ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    assert [c["source"] for c in make_exercise(nb)["cells"]] == ["Intro"]


def test_the_final_task_answer_key_is_not_in_the_exercise_copy():
    for language in LANGUAGES:
        text = (ROOT / "exercises" / language / "08_final_task.ipynb").read_text(encoding="utf-8")
        assert "keys" not in text and "answer key" not in text.lower()
        assert "keys" in (ROOT / "solutions" / language / "08_final_task.ipynb").read_text(encoding="utf-8")
    assert "answer key" in (ROOT / "solutions" / "en" / "08_final_task.ipynb").read_text(encoding="utf-8").lower()
