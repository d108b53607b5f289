"""export-nbgrader: a course source folder that nbgrader's own generate_assignment releases without answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inquadra import cli
from inquadra.exercises import BEGIN, END, exercise_ids

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "solutions" / "en").glob("*.ipynb"))


def _nb(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    return "".join(cell["source"])


def _answer_lines(nb: dict) -> dict[str, list[str]]:
    """grade_id -> the non-blank lines between the markers of that answer cell."""
    out = {}
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not meta.get("solution"):
            continue
        lines, inside = [], False
        for line in _source(cell).split("\n"):
            if line.strip() == BEGIN:
                inside = True
            elif line.strip() == END:
                inside = False
            elif inside and line.strip():
                lines.append(line)
        out[meta["grade_id"]] = lines
    return out


def _export(course: Path, *extra: str) -> int:
    return cli.main(["export-nbgrader", str(course), "--solutions", str(ROOT / "solutions" / "en"), *extra])


def _release(course: Path) -> Path:
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    config = Config()
    config.CourseDirectory.root = str(course)
    config.CourseDirectory.assignment_id = "*"
    config.GenerateAssignment.force = True
    config.GenerateAssignment.no_database = True  # nbgrader's --no-db flag sets these two
    config.SaveCells.enabled = False
    GenerateAssignment(coursedir=CourseDirectory(config=config), config=config).start()
    return course / "release"


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    assert _export(course) == 0
    return course, _release(course)


def test_the_source_folder_has_one_assignment_a_lesson(released):
    course, _ = released
    found = sorted(p.relative_to(course / "source").as_posix() for p in (course / "source").rglob("*.ipynb"))
    assert found == [f"lesson{p.name[:2]}/{p.name}" for p in SOLUTIONS]


def test_source_notebooks_keep_answers_and_metadata_without_outputs(released):
    course, _ = released
    for path in SOLUTIONS:
        exported = _nb(course / "source" / f"lesson{path.name[:2]}" / path.name)
        assert exercise_ids(exported) == exercise_ids(_nb(path))
        assert _answer_lines(exported) == _answer_lines(_nb(path))
        assert all(c.get("outputs", []) == [] for c in exported["cells"])


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_nbgrader_releases_no_answer_line(released, path):
    _, release = released
    out = _nb(release / f"lesson{path.name[:2]}" / path.name)
    answers = _answer_lines(_nb(path))
    cells = {c.get("metadata", {}).get("nbgrader", {}).get("grade_id"): c for c in out["cells"]}
    for grade_id, lines in answers.items():
        released_lines = _source(cells[grade_id]).split("\n")
        assert "raise NotImplementedError()" in released_lines
        assert not [line for line in lines if line in released_lines], grade_id
    text = "\n".join(_source(c) for c in out["cells"])
    assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_nbgrader_keeps_the_check_cells_locked_and_unchanged(released, path):
    _, release = released
    out = _nb(release / f"lesson{path.name[:2]}" / path.name)
    checks = {c["metadata"]["nbgrader"]["grade_id"]: _source(c) for c in _nb(path)["cells"]
              if c.get("metadata", {}).get("nbgrader", {}).get("grade")}
    released_checks = {c["metadata"]["nbgrader"]["grade_id"]: _source(c) for c in out["cells"]
                       if c.get("metadata", {}).get("nbgrader", {}).get("grade")}
    assert released_checks == checks
    assert all(c["metadata"]["nbgrader"]["locked"] for c in out["cells"]
               if c.get("metadata", {}).get("nbgrader", {}).get("grade"))


def test_an_existing_source_folder_is_not_overwritten(tmp_path, capsys):
    assert _export(tmp_path) == 0
    marker = tmp_path / "source" / "teacher_notes.txt"
    marker.write_text("mine", encoding="utf-8")
    capsys.readouterr()
    assert _export(tmp_path) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--force" in err
    assert marker.read_text(encoding="utf-8") == "mine"


def test_force_replaces_the_source_folder(tmp_path):
    assert _export(tmp_path) == 0
    stray = tmp_path / "source" / "stray.txt"
    stray.write_text("old", encoding="utf-8")
    assert _export(tmp_path, "--force") == 0
    assert not stray.exists()
    assert len(list((tmp_path / "source").rglob("*.ipynb"))) == len(SOLUTIONS)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".source")]


def test_a_missing_solutions_folder_is_one_clear_line(tmp_path, capsys):
    code = cli.main(["export-nbgrader", str(tmp_path / "course"), "--solutions", str(tmp_path / "none")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "no such folder" in err
    assert not (tmp_path / "course" / "source").exists()
