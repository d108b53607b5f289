"""Exercise notebooks from solution notebooks: one source of truth.

A solution notebook (``solutions/NN_name.ipynb``) holds every exercise with its
answer. Answers sit between two marker lines that nbgrader understands too::

    # BEGIN SOLUTION
    answer_2_1 = "p07"
    # END SOLUTION

The cell holding them carries nbgrader metadata
(``{"solution": true, "grade": false, "grade_id": "ex-2-1", ...}``); its check
cell carries ``{"grade": true, "points": 1, "locked": true, "grade_id":
"check-2-1", ...}``.

``make_exercise`` turns a solution notebook into the learner's exercise
notebook: each answer region becomes a stub that raises
``NotImplementedError("Exercise 2.1 — your answer here")`` (in the edition's
language), the cell is tagged
``raises-exception`` (so the untouched notebook runs under ``nbval-lax``),
outputs and execution counts are cleared and nbgrader metadata removed.
``nbgrader_source`` prepares the same notebook for nbgrader's
``generate_assignment``. Both are pure functions over notebook dicts;
``write_exercises`` and ``export_nbgrader`` do the file work, atomically.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import InquadraError
from .files import write_atomic

__all__ = [
    "BEGIN",
    "SOLUTION_ONLY_TAG",
    "END",
    "ExerciseError",
    "Written",
    "exercise_ids",
    "export_nbgrader",
    "make_exercise",
    "nbgrader_source",
    "notebook_text",
    "read_notebook",
    "replace_regions",
    "stub",
    "write_exercises",
]

BEGIN = "# BEGIN SOLUTION"
END = "# END SOLUTION"
RAISES_TAG = "raises-exception"
SOLUTION_ONLY_TAG = "solution-only"
"""Cells with this tag (a teacher's answer key) are left out of the exercise copy."""
_ANSWER_ID = re.compile(r"^ex-(\d+)-(\d+)$")
_CHECK_ID = re.compile(r"^check-(\d+)-(\d+)$")


class ExerciseError(InquadraError):
    """A solution notebook that cannot become an exercise; the message says where and why."""


@dataclass(frozen=True)
class Written:
    """One file handled by ``write_exercises``: its path and what happened to it.

    Attributes:
        path (Path): the exercise notebook.
        status (str): ``"written"``, ``"unchanged"`` or ``"removed"``.
    """

    path: Path
    status: str


def stub(exercise_id: str, language: str | None = None) -> str:
    """The line that replaces an answer region, e.g. for ``"2.1"``, in ``language``.

    Its message is the string ``exercises.stub`` of ``data/strings/`` in the
    given language (default: the current one).
    """
    from .i18n import t

    message = t("exercises.stub", language, exercise_id=exercise_id)
    return f"raise NotImplementedError({json.dumps(message, ensure_ascii=False)})"


def _language(nb: dict) -> str | None:
    """The edition's language recorded in a generated notebook's metadata, if any."""
    meta = nb.get("metadata", {}).get("inquadra", {})
    return meta.get("language") if isinstance(meta, dict) else None


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _nbgrader(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def _exercise_id(grade_id: str, where: str) -> str:
    m = _ANSWER_ID.match(grade_id or "")
    if not m:
        raise ExerciseError(
            f"{where}: an answer cell needs a grade_id like 'ex-2-1' (lesson 2, exercise 1), "
            f"got {grade_id!r}."
        )
    return f"{int(m.group(1))}.{int(m.group(2))}"


def replace_regions(source: str, replacement: str, where: str = "cell") -> tuple[str, int]:
    """Replace every ``# BEGIN SOLUTION`` … ``# END SOLUTION`` region by ``replacement``.

    The replacement keeps the indentation of the BEGIN line. Marker lines must
    hold the marker alone (spaces around it are allowed).

    Args:
        source (str): the cell's code.
        replacement (str): code for each region (may span several lines).
        where (str): names the cell in error messages.

    Returns:
        tuple[str, int]: the new source and how many regions were replaced.

    Raises:
        ExerciseError: a nested, unclosed or unopened region.
    """
    out: list[str] = []
    inside = False
    count = 0
    for number, line in enumerate(source.split("\n"), start=1):
        marker = line.strip()
        if marker == BEGIN:
            if inside:
                raise ExerciseError(f"{where}, line {number}: '{BEGIN}' inside another region. Close the first one with '{END}'.")
            inside = True
            count += 1
            indent = line[: len(line) - len(line.lstrip())]
            out.extend(indent + r for r in replacement.split("\n"))
        elif marker == END:
            if not inside:
                raise ExerciseError(f"{where}, line {number}: '{END}' without a '{BEGIN}' before it.")
            inside = False
        elif "BEGIN SOLUTION" in line or "END SOLUTION" in line:
            raise ExerciseError(
                f"{where}, line {number}: write the marker alone on its line, exactly "
                f"'{BEGIN}' or '{END}' (one '#'), got {line.strip()!r}."
            )
        elif not inside:
            out.append(line)
    if inside:
        raise ExerciseError(f"{where}: '{BEGIN}' is never closed. Add a line '{END}' after the answer.")
    return "\n".join(out), count


def exercise_ids(nb: dict) -> list[str]:
    """The exercise ids (``"2.1"`` …) of a solution notebook, in order, after checking it.

    Every answer cell (nbgrader ``solution: true``) holds at least one answer
    region and is followed by its check cell (``grade_id`` ``check-N-M``,
    ``grade: true``, ``locked: true``); ids are unique.
    """
    ids: list[str] = []
    cells = nb.get("cells", [])
    pending: str | None = None
    for i, cell in enumerate(cells, start=1):
        where = f"cell {i}"
        meta = _nbgrader(cell)
        src = _source(cell)
        has_region = any(line.strip() == BEGIN for line in src.split("\n"))
        if meta.get("solution"):
            if pending:
                raise ExerciseError(f"{where}: exercise {pending} has no check cell before the next answer cell.")
            ex = _exercise_id(meta.get("grade_id", ""), where)
            if cell.get("cell_type") != "code" or not has_region:
                raise ExerciseError(f"{where}: answer cell {ex} needs a code region between '{BEGIN}' and '{END}'.")
            if ex in ids:
                raise ExerciseError(f"{where}: exercise {ex} appears twice; give each exercise its own id.")
            ids.append(ex)
            pending = ex
        elif has_region:
            raise ExerciseError(
                f"{where}: an answer region in a cell without nbgrader answer metadata "
                "(solution: true, grade_id 'ex-N-M')."
            )
        elif meta.get("grade"):
            m = _CHECK_ID.match(meta.get("grade_id", ""))
            ex = f"{int(m.group(1))}.{int(m.group(2))}" if m else None
            if ex is None or ex != pending:
                raise ExerciseError(
                    f"{where}: check cell {meta.get('grade_id')!r} must follow the answer cell of the "
                    f"same exercise (expected 'check-{(pending or '?').replace('.', '-')}')."
                )
            if not meta.get("locked") or not meta.get("points"):
                raise ExerciseError(f"{where}: check cell for {ex} must be locked and worth points.")
            pending = None
    if pending:
        raise ExerciseError(f"exercise {pending} has no check cell.")
    return ids


def _clean_cell(cell: dict) -> dict:
    cell = copy.deepcopy(cell)
    cell["source"] = _source(cell)
    if cell.get("cell_type") == "code":
        cell["outputs"] = []
        cell["execution_count"] = None
    meta = cell.setdefault("metadata", {})
    meta.pop("execution", None)
    meta.pop("collapsed", None)
    return cell


def make_exercise(nb: dict) -> dict:
    """The learner's exercise notebook made from a solution notebook (a new dict).

    Answer regions become stubs (in the language of the notebook's edition,
    ``metadata.inquadra.language``, else the current language); their cells
    get the ``raises-exception`` tag;
    cells tagged ``solution-only`` (an answer key) are dropped; outputs,
    execution counts, nbgrader metadata and the solution run's saved widget
    state (which could show answers) are removed.
    """
    exercise_ids(nb)
    out = copy.deepcopy(nb)
    out.get("metadata", {}).pop("widgets", None)
    language = _language(nb)
    cells = []
    for i, cell in enumerate(nb.get("cells", []), start=1):
        if SOLUTION_ONLY_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        cell = _clean_cell(cell)
        meta = cell["metadata"]
        grading = meta.pop("nbgrader", None) or {}
        if grading.get("solution"):
            ex = _exercise_id(grading.get("grade_id", ""), f"cell {i}")
            cell["source"], _ = replace_regions(cell["source"], stub(ex, language), f"cell {i}")
            tags = [t for t in meta.get("tags", []) if t != RAISES_TAG]
            meta["tags"] = tags + [RAISES_TAG]
        cells.append(cell)
    out["cells"] = cells
    return out


def nbgrader_source(nb: dict) -> dict:
    """The solution notebook as nbgrader source: answers and metadata kept, outputs cleared."""
    exercise_ids(nb)
    out = copy.deepcopy(nb)
    out.get("metadata", {}).pop("widgets", None)
    out["cells"] = [_clean_cell(c) for c in nb.get("cells", [])]
    return out


def read_notebook(path: Path) -> dict:
    """Read a notebook file as a plain dict; ExerciseError names the file when it is not JSON."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExerciseError(f"{path}: cannot read the notebook ({exc}).") from None


def notebook_text(nb: dict) -> str:
    """The notebook as the text Jupyter writes (nbformat's layout), ending in a newline."""
    import nbformat

    node = nbformat.from_dict(nb)
    text = nbformat.writes(node, version=4)
    return text if text.endswith("\n") else text + "\n"


def _solution_files(solutions: Path) -> list[Path]:
    if not solutions.is_dir():
        raise ExerciseError(
            f"{solutions}: no such folder. Run from the project folder or name the solutions folder."
        )
    files = sorted(p for p in solutions.glob("*.ipynb") if not p.name.startswith("."))
    if not files:
        raise ExerciseError(f"{solutions}: no notebooks (*.ipynb) in this folder.")
    return files


def write_exercises(solutions: Path, exercises: Path) -> list[Written]:
    """Write ``exercises/NN.ipynb`` for every ``solutions/NN.ipynb``; remove orphans.

    Every notebook is converted before any file is written, so a broken
    solution leaves the exercises folder untouched. Files whose text would not
    change are not rewritten.
    """
    solutions, exercises = Path(solutions), Path(exercises)
    texts = {}
    for path in _solution_files(solutions):
        try:
            texts[path.name] = notebook_text(make_exercise(read_notebook(path)))
        except ExerciseError as exc:
            raise ExerciseError(f"{path}: {exc}") from None
    results = []
    for name, text in texts.items():
        target = exercises / name
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            results.append(Written(target, "unchanged"))
        else:
            write_atomic(target, text)
            results.append(Written(target, "written"))
    if exercises.is_dir():
        for old in sorted(exercises.glob("*.ipynb")):
            if old.name not in texts:
                old.unlink()
                results.append(Written(old, "removed"))
    return results


def export_nbgrader(solutions: Path, course: Path, force: bool = False) -> list[Path]:
    """Write an nbgrader course source folder: ``course/source/lessonNN/<notebook>.ipynb``.

    Refuses to replace an existing ``course/source`` unless ``force``; the new
    folder is built beside it and swapped in, so a failure leaves the old one.

    Returns:
        list[Path]: the notebooks written.
    """
    solutions, course = Path(solutions), Path(course)
    source = course / "source"
    if source.exists() and not force:
        raise ExerciseError(
            f"{source} already exists. Choose another folder, or add --force to replace it."
        )
    texts = {}
    for path in _solution_files(solutions):
        lesson = path.name.split("_", 1)[0]
        if not lesson.isdigit():
            raise ExerciseError(f"{path}: notebook names start with the lesson number, e.g. 02_naming_the_war.ipynb.")
        try:
            texts[(f"lesson{lesson}", path.name)] = notebook_text(nbgrader_source(read_notebook(path)))
        except ExerciseError as exc:
            raise ExerciseError(f"{path}: {exc}") from None
    course.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(dir=course, prefix=".source-"))
    try:
        for (assignment, name), text in texts.items():
            write_atomic(build / assignment / name, text)
        old = None
        if source.exists():
            old = Path(tempfile.mkdtemp(dir=course, prefix=".source-old-"))
            os.replace(source, old / "source")
        os.replace(build, source)
        if old is not None:
            shutil.rmtree(old)
    finally:
        if build.exists():
            shutil.rmtree(build)
    return [source / a / n for a, n in texts]
