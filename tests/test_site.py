"""The static reading edition: built with nbconvert from the stored outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from inquadra import lesson
from inquadra.site import WIDGET_NOTE, build_site

ROOT = Path(__file__).resolve().parents[1]
LESSONS = [Path(entry.notebook).stem for entry in lesson.lessons()]


def _notebook_with_widget(path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A test lesson"),
        nbformat.v4.new_code_cell("w", outputs=[nbformat.v4.new_output(
            "display_data",
            data={"application/vnd.jupyter.widget-view+json": {"model_id": "abc", "version_major": 2,
                                                              "version_minor": 0},
                  "text/plain": "SpanTagger(...)"},
        )]),
    ]
    nbformat.write(nb, path)
    return path


def test_widgets_become_a_note_and_the_index_links_each_page(tmp_path):
    nb = _notebook_with_widget(tmp_path / "lesson.ipynb")
    pages = build_site(tmp_path / "site", [nb])
    page = pages[0].path.read_text(encoding="utf-8")
    assert "Interactive activity" in page and WIDGET_NOTE in page
    assert "widget-view+json" not in page
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="tmp' not in index and "A test lesson" in index


def test_the_reading_edition_has_every_lesson_without_errors(tmp_path):
    notebooks = [ROOT / "notebooks" / f"{name}.ipynb" for name in LESSONS]
    missing = [p.name for p in notebooks if not p.is_file()]
    assert not missing, f"lessons missing: {missing}"
    for p in notebooks:
        nb = nbformat.read(p, as_version=4)
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                  if o.get("output_type") == "error"]
        assert not errors, f"{p.name} has stored error outputs"
    pages = build_site(tmp_path, notebooks, ROOT / "docs" / "teacher_guide.md")
    for name in LESSONS:
        html = (tmp_path / "notebooks" / f"{name}.html").read_text(encoding="utf-8")
        assert "Traceback" not in html, name
    assert (tmp_path / "teacher_guide.html").is_file()
    assert len(pages) == len(LESSONS) + 1


@pytest.mark.parametrize("name", LESSONS)
def test_each_lesson_opens_with_a_title(name):
    path = ROOT / "notebooks" / f"{name}.ipynb"
    if not path.is_file():
        pytest.fail(f"{path.name} is missing")
    first = nbformat.read(path, as_version=4).cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
