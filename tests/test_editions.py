"""editions: one notebook per language from each bilingual source in lessons/."""

from __future__ import annotations

import difflib
import json
import re
import shutil
from pathlib import Path

import pytest

from inquadra.editions import (
    EDITION_TAG,
    EditionError,
    edition,
    edition_cell,
    plan,
    same_content,
    source_files,
    split_code,
    split_markdown,
    write_editions,
)
from inquadra.exercises import stub
from inquadra.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("en", "it")


def _cell(kind, source, cell_id, **meta):
    cell = {"cell_type": kind, "id": cell_id, "metadata": dict(meta), "source": source}
    if kind == "code":
        cell.update(outputs=[], execution_count=None)
    return cell


def _source(*cells):
    return {"cells": list(cells), "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                               "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def _md(en="# Lesson\n\nRead this.", it="# Lezione\n\nLeggi questo.", cell_id="m1"):
    return _cell("markdown", f"<!-- lang: en -->\n{en}\n\n<!-- lang: it -->\n{it}", cell_id)


def _solution():
    answer = _cell("code", "# [en] Your answer:\n# [it] La tua risposta:\n# BEGIN SOLUTION\nanswer_1_1 = 1\n"
                   "# END SOLUTION\nanswer_1_1", "a1",
                   nbgrader={"solution": True, "grade": False, "grade_id": "ex-1-1", "locked": False})
    check = _cell("code", 'check("1.1", globals().get("answer_1_1"))', "c1",
                  nbgrader={"grade": True, "grade_id": "check-1-1", "locked": True, "points": 1})
    return _source(_md("## Exercise 1.1", "## Esercizio 1.1", "m1"), answer, check)


def _project(tmp_path, lesson=None):
    root = tmp_path / "kit"
    files = {
        "lessons/notebooks/00_start.ipynb": lesson or _source(_md(), _cell("code", "1 + 1", "k1")),
        "lessons/notebooks/teacher/dash.ipynb": _source(_md(cell_id="d1")),
        "lessons/solutions/01_x.ipynb": _solution(),
    }
    for name, nb in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(json.dumps(nb), encoding="utf-8")
    return root


def _snapshot(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# -- markdown blocks ----------------------------------------------------------------------


def test_a_markdown_cell_splits_into_its_language_blocks():
    text = "<!-- lang: en -->\n# Lesson 03\n\nThe text.\n\n<!-- lang: it -->\n# Lezione 03\n\nIl testo.\n"
    assert split_markdown(text, LANGS) == {"en": "# Lesson 03\n\nThe text.", "it": "# Lezione 03\n\nIl testo."}


def test_html_comments_that_are_not_language_lines_stay_in_the_block():
    text = "<!-- lang: en -->\nA <!-- note --> b\n<!-- lang: it -->\nA b"
    assert split_markdown(text, LANGS)["en"] == "A <!-- note --> b"


@pytest.mark.parametrize("text, message", [
    ("# Lesson\n\nNo block at all.", "no language block. Start the cell with the line '<!-- lang: en -->'"),
    ("Intro\n<!-- lang: en -->\nA\n<!-- lang: it -->\nB", "text before the first language line"),
    ("<!-- lang: en -->\nA\n<!-- lang: fr -->\nB", "line 3: unknown language 'fr'.*Available languages: en, it"),
    ("<!-- lang: it -->\nB\n<!-- lang: en -->\nA", "in the order it, en. Move them.*in this order: en, it"),
    ("<!-- lang: en -->\nA", "no 'it' block. Add the line '<!-- lang: it -->', then the text in that language"),
    ("<!-- lang: en -->\nA\n<!-- lang: en -->\nA\n<!-- lang: it -->\nB", "the 'en' block appears twice"),
    ("<!-- lang: en -->\nA\n<!-- lang: it -->\n\n  \n", "the 'it' block is empty. Write the text after"),
    ("<!-- lang: en -->\nA\n<!--lang: it-->\nB", "line 3: '<!--lang: it-->' is not a language line"),
])
def test_each_broken_markdown_cell_is_one_clear_error(text, message):
    with pytest.raises(EditionError, match=message) as err:
        split_markdown(text, LANGS, "lessons/notebooks/03.ipynb, cell 4 (id 'ab12')")
    assert str(err.value).startswith("lessons/notebooks/03.ipynb, cell 4 (id 'ab12')")


# -- code cells ---------------------------------------------------------------------------


def test_tagged_comment_lines_are_kept_only_in_their_language():
    code = ("# the kit\n# [en] Count the names:\n# [it] Conta i nomi:\nfor n in names:\n"
            "    # [en] one line each\n    # [it] una riga ciascuno\n    print(n)\n# BEGIN SOLUTION\nx = 1\n# END SOLUTION")
    out = split_code(code, LANGS)
    assert out["en"] == ("# the kit\n# Count the names:\nfor n in names:\n    # one line each\n    print(n)\n"
                         "# BEGIN SOLUTION\nx = 1\n# END SOLUTION")
    assert out["it"] == ("# the kit\n# Conta i nomi:\nfor n in names:\n    # una riga ciascuno\n    print(n)\n"
                         "# BEGIN SOLUTION\nx = 1\n# END SOLUTION")


def test_a_code_cell_without_tags_is_the_same_in_every_language():
    code = 'lesson.activity("03.terms")  # [it] not a full line, so not a tag'
    assert split_code(code, LANGS) == {"en": code, "it": code}


@pytest.mark.parametrize("code, message", [
    ("# [fr] Bonjour\nx = 1", "line 1: unknown language 'fr'.*Available languages: en, it"),
    ("x = 1\n#[it] Ciao", "line 2: '#\\[it\\] Ciao' looks like a comment for one language. Write it as '# \\[it\\] '"),
])
def test_a_broken_tag_is_one_clear_error(code, message):
    with pytest.raises(EditionError, match=message):
        split_code(code, LANGS, "cell 2 (id 'x')")


# -- one edition --------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGS)
def test_an_edition_starts_with_the_cell_that_sets_its_language(language):
    nb = edition(_source(_md(), _cell("code", "1 + 1", "k1")), language, "lessons/notebooks/00.ipynb", LANGS)
    first = nb["cells"][0]
    assert first == edition_cell(language)
    assert first["id"] == EDITION_TAG and first["metadata"]["tags"] == [EDITION_TAG]
    assert first["source"] == f'import inquadra\n\ninquadra.set_language("{language}")'
    assert nb["metadata"]["inquadra"] == {"language": language, "source": "lessons/notebooks/00.ipynb"}
    assert [c["id"] for c in nb["cells"]] == [EDITION_TAG, "m1", "k1"]
    assert nb["cells"][1]["source"] == {"en": "# Lesson\n\nRead this.", "it": "# Lezione\n\nLeggi questo."}[language]


def test_an_edition_drops_stored_outputs_and_widget_state():
    source = _source(_md(), dict(_cell("code", "1 + 1", "k1"), outputs=[{"output_type": "stream"}],
                                 execution_count=3))
    source["metadata"]["widgets"] = {"state": {}}
    nb = edition(source, "it", "s.ipynb", LANGS)
    assert nb["cells"][2]["outputs"] == [] and nb["cells"][2]["execution_count"] is None
    assert "widgets" not in nb["metadata"]


@pytest.mark.parametrize("cells, message", [
    ([_md(cell_id="a"), _md(cell_id="a")], r"s.ipynb, cell 2 \(id 'a'\): the id is used by an earlier cell"),
    ([{"cell_type": "markdown", "metadata": {}, "source": "x"}], "s.ipynb, cell 1: the cell has no id"),
    ([_md(cell_id=EDITION_TAG)], "the id 'edition-language' is kept for the cell that sets the language"),
    ([_md(), _cell("markdown", "<!-- lang: en -->\nOnly English.", "b7")],
     r"s.ipynb, cell 2 \(id 'b7'\): it has no 'it' block"),
])
def test_a_broken_source_names_the_file_the_cell_and_its_id(cells, message):
    with pytest.raises(EditionError, match=message):
        edition(_source(*cells), "en", "s.ipynb", LANGS)


def test_outputs_and_execution_counts_do_not_change_the_content():
    nb = edition(_source(_md(), _cell("code", "1 + 1", "k1")), "en", "s.ipynb", LANGS)
    ran = json.loads(json.dumps(nb))
    ran["cells"][2].update(outputs=[{"output_type": "execute_result", "data": {"text/plain": "2"},
                                     "metadata": {}, "execution_count": 1}], execution_count=1)
    ran["metadata"]["widgets"] = {"state": {}}
    ran["metadata"]["language_info"] = {"name": "python", "version": "3.99.0"}  # what the kernel writes
    assert same_content(nb, ran)
    ran["cells"][2]["source"] = "1 + 2"
    assert not same_content(nb, ran)


# -- the project --------------------------------------------------------------------------


def test_plan_names_every_edition_of_every_source(tmp_path):
    root = _project(tmp_path)
    assert [(e.source, e.target) for e in plan(root, LANGS)] == [
        ("lessons/notebooks/00_start.ipynb", "notebooks/en/00_start.ipynb"),
        ("lessons/notebooks/00_start.ipynb", "notebooks/it/00_start.ipynb"),
        ("lessons/notebooks/teacher/dash.ipynb", "notebooks/en/teacher/dash.ipynb"),
        ("lessons/notebooks/teacher/dash.ipynb", "notebooks/it/teacher/dash.ipynb"),
        ("lessons/solutions/01_x.ipynb", "solutions/en/01_x.ipynb"),
        ("lessons/solutions/01_x.ipynb", "solutions/it/01_x.ipynb"),
    ]


def test_without_a_lessons_folder_the_error_says_where_to_run(tmp_path):
    with pytest.raises(EditionError, match="no such folder. Run the command in the kit's project folder"):
        source_files(tmp_path)


def test_write_editions_writes_notebooks_solutions_and_exercises_in_each_language(tmp_path):
    root = _project(tmp_path)
    results = write_editions(root, LANGS)
    written = sorted(r.path.relative_to(root).as_posix() for r in results if r.status == "written")
    assert written == ["exercises/en/01_x.ipynb", "exercises/it/01_x.ipynb",
                       "notebooks/en/00_start.ipynb", "notebooks/en/teacher/dash.ipynb",
                       "notebooks/it/00_start.ipynb", "notebooks/it/teacher/dash.ipynb",
                       "solutions/en/01_x.ipynb", "solutions/it/01_x.ipynb"]
    for language in LANGS:
        exercise = json.loads((root / "exercises" / language / "01_x.ipynb").read_text(encoding="utf-8"))
        answer = "".join(next(c for c in exercise["cells"] if c["id"] == "a1")["source"])
        assert stub("1.1", language) in answer
        assert answer.startswith({"en": "# Your answer:", "it": "# La tua risposta:"}[language])
        assert exercise["cells"][0]["id"] == EDITION_TAG


def test_a_second_run_keeps_the_executed_outputs(tmp_path):
    root = _project(tmp_path)
    write_editions(root, LANGS)
    target = root / "notebooks" / "it" / "00_start.ipynb"
    ran = json.loads(target.read_text(encoding="utf-8"))
    ran["cells"][2].update(execution_count=1, outputs=[{"output_type": "execute_result", "execution_count": 1,
                                                         "data": {"text/plain": "2"}, "metadata": {}}])
    target.write_text(json.dumps(ran, indent=1), encoding="utf-8")
    before = _snapshot(root)
    results = write_editions(root, LANGS)
    assert {r.status for r in results} == {"unchanged"}
    assert _snapshot(root) == before


def test_a_changed_source_rewrites_its_editions_only(tmp_path):
    root = _project(tmp_path)
    write_editions(root, LANGS)
    source = root / "lessons" / "notebooks" / "00_start.ipynb"
    source.write_text(json.dumps(_source(_md(), _cell("code", "2 + 2", "k1"))), encoding="utf-8")
    written = [r.path.relative_to(root).as_posix() for r in write_editions(root, LANGS) if r.status == "written"]
    assert written == ["notebooks/en/00_start.ipynb", "notebooks/it/00_start.ipynb"]


def test_a_generated_notebook_whose_source_is_gone_is_removed(tmp_path):
    root = _project(tmp_path)
    write_editions(root, LANGS)
    (root / "lessons" / "notebooks" / "teacher" / "dash.ipynb").unlink()
    (root / "notebooks" / "en" / "mine.ipynb").write_text(json.dumps(_source()), encoding="utf-8")
    removed = [r.path.relative_to(root).as_posix() for r in write_editions(root, LANGS) if r.status == "removed"]
    assert removed == ["notebooks/en/teacher/dash.ipynb", "notebooks/it/teacher/dash.ipynb"]
    assert (root / "notebooks" / "en" / "mine.ipynb").is_file()  # not generated: left alone


@pytest.mark.parametrize("broken", [
    _cell("markdown", "<!-- lang: en -->\nOnly English.", "b7"),
    _cell("code", "# [de] Hallo", "b7"),
])
def test_one_broken_cell_writes_nothing_at_all(tmp_path, broken):
    root = _project(tmp_path)
    write_editions(root, LANGS)
    (root / "lessons" / "notebooks" / "00_start.ipynb").write_text(
        json.dumps(_source(_md(), _cell("code", "2 + 2", "k1"), broken)), encoding="utf-8")
    before = _snapshot(root)
    with pytest.raises(EditionError, match=r"lessons/notebooks/00_start.ipynb, cell 3 \(id 'b7'\)"):
        write_editions(root, LANGS)
    assert _snapshot(root) == before


def test_a_solution_that_cannot_become_an_exercise_writes_nothing(tmp_path):
    root = _project(tmp_path)
    bad = _solution()
    del bad["cells"][2]  # the check cell
    (root / "lessons" / "solutions" / "01_x.ipynb").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(EditionError, match="lessons/solutions/01_x.ipynb: exercise 1.1 has no check cell"):
        write_editions(root, LANGS)
    assert not (root / "notebooks").exists() and not (root / "solutions").exists()


def test_a_source_that_is_not_json_is_named(tmp_path):
    root = _project(tmp_path)
    (root / "lessons" / "notebooks" / "00_start.ipynb").write_text("{oops", encoding="utf-8")
    with pytest.raises(EditionError, match=r"lessons/notebooks/00_start.ipynb, line 1: not a notebook"):
        plan(root, LANGS)


def test_generation_is_deterministic(tmp_path):
    one, two = _project(tmp_path / "a"), _project(tmp_path / "b")
    write_editions(one, LANGS)
    write_editions(two, LANGS)
    assert _snapshot(one) == _snapshot(two)


# -- the kit's own sources and editions ---------------------------------------------------

SOURCES = sorted((ROOT / "lessons").rglob("*.ipynb"))
GENERATED = sorted(p for kind in ("notebooks", "solutions", "exercises") for lang in LANGUAGES
                   for p in (ROOT / kind / lang).rglob("*.ipynb"))


def _nb(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ROOT / "lessons").as_posix())
def test_every_source_cell_has_every_language_and_no_output(path):
    rel = path.relative_to(ROOT).as_posix()
    nb = _nb(path)
    for language in LANGUAGES:
        edition(nb, language, rel)  # raises on a missing, empty or misplaced block
    assert not [c["id"] for c in nb["cells"] if c["cell_type"] == "code" and (c["outputs"] or c["execution_count"])]


def test_the_committed_editions_are_what_the_sources_generate(tmp_path):
    shutil.copytree(ROOT / "lessons", tmp_path / "lessons")
    write_editions(tmp_path)
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.ipynb") if p.parts[len(tmp_path.parts)] != "lessons")
    assert made == [p.relative_to(ROOT) for p in GENERATED], "run `inquadra make-lessons`"
    stale = [str(rel) for rel in made if not same_content(_nb(tmp_path / rel), _nb(ROOT / rel))]
    assert not stale, f"out of date with lessons/; run `inquadra make-lessons` and re-run them: {stale}"


_STUB = re.compile("|".join(re.escape(stub("0.0", lang)).replace("0\\.0", r"\d+\.\d+") for lang in LANGUAGES))


def _pairs():
    en = [p for p in GENERATED if p.relative_to(ROOT).parts[1] == "en"]
    return [(p, ROOT / p.relative_to(ROOT).parts[0] / other / Path(*p.relative_to(ROOT).parts[2:]))
            for p in en for other in LANGUAGES[1:]]


@pytest.mark.parametrize("english, other", _pairs(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_code_cells_are_the_same_in_every_edition_but_for_tagged_comments(english, other):
    a, b = _nb(english), _nb(other)
    code = lambda nb: [(c["id"], "".join(c["source"])) for c in nb["cells"]  # noqa: E731
                       if c["cell_type"] == "code" and c["id"] != EDITION_TAG]
    assert [i for i, _ in code(a)] == [i for i, _ in code(b)]
    for (cell_id, x), (_, y) in zip(code(a), code(b)):
        changed = [line for line in difflib.ndiff(x.split("\n"), y.split("\n")) if line[:2] in ("- ", "+ ")]
        assert all(line[2:].lstrip().startswith("#") or _STUB.fullmatch(line[2:].strip())
                   for line in changed), (cell_id, changed)


_ENGLISH = re.compile(r"\b(the|and|which|with|you|your|this)\b", re.IGNORECASE)
_SPARED = re.compile(r"`[^`]*`|```.*?```|“[^”]*”|«[^»]*»|\"[^\"\n]*\"|\([^)]*\)|\]\([^)]*\)|<[^>]+>"
                     r"|\binglese: [^*\n]*", re.S)


def english_words(markdown: str) -> list[str]:
    """Common English words outside code, quotations, brackets, link targets and words
    introduced as English (*Nell'edizione inglese: The final task*)."""
    return sorted({m.group(0).lower() for m in _ENGLISH.finditer(_SPARED.sub(" ", markdown))})


def test_the_english_word_check_can_fail():
    assert english_words("Leggi *the text* and answer.") == ["and", "the"]
    assert english_words('Mosca "insiste a chiamarla" così ("insists on calling it") e `the_code`.') == []
    assert english_words("*Nell'edizione inglese: The final task*") == []
    assert english_words("*Nell'edizione inglese: The final task* and more") == ["and"]


ITALIAN = [p for p in GENERATED if p.relative_to(ROOT).parts[1] == "it"]


@pytest.mark.parametrize("path", ITALIAN, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_italian_editions_prose_is_italian(path):
    found = {c["id"]: english_words("".join(c["source"])) for c in _nb(path)["cells"] if c["cell_type"] == "markdown"}
    assert not {k: v for k, v in found.items() if v}


_ENGLISH_LITERAL = re.compile(r"\b(the|and|what|why|which|here|then|this|says|means|looks|first|again|"
                              r"folder|detail|sentence|text|paste|article|saved|in English|in Italian)\b",
                              re.IGNORECASE)


def english_literals(code: str) -> list[str]:
    """String literals of a code cell that read as English words a learner would see."""
    import ast

    found = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _ENGLISH_LITERAL.search(node.value):
            found.append(node.value)
    return found


def test_the_english_literal_check_can_fail():
    assert english_literals('render.table(rows, ("claim", "what it says"))') == ["what it says"]
    assert english_literals('lesson.activity("03.terms")  # the first activity') == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ROOT / "lessons").as_posix())
def test_code_cells_hold_no_learner_visible_english(path):
    """Headings, labels and messages come from the library, which localises them."""
    found = {c["id"]: english_literals("".join(c["source"])) for c in _nb(path)["cells"] if c["cell_type"] == "code"}
    assert not {k: v for k, v in found.items() if v}
