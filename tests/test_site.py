"""The static reading edition: built with nbconvert from the stored outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from inquadra import lesson
from inquadra.i18n import LANGUAGES, t
from inquadra.site import WIDGET_NOTE, build_site

ROOT = Path(__file__).resolve().parents[1]
LESSONS = [Path(entry.notebook("en")).stem for entry in lesson.lessons()]
EDITIONS = [(lang, name) for lang in LANGUAGES for name in LESSONS]


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
    notebooks = [ROOT / "notebooks" / lang / f"{name}.ipynb" for lang, name in EDITIONS]
    missing = [p.relative_to(ROOT).as_posix() for p in notebooks if not p.is_file()]
    assert not missing, f"lessons missing: {missing}"
    for p in notebooks:
        nb = nbformat.read(p, as_version=4)
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                  if o.get("output_type") == "error"]
        assert not errors, f"{p.name} has stored error outputs"
    pages = build_site(tmp_path, notebooks, ROOT / "docs" / "teacher_guide.md")
    for lang, name in EDITIONS:
        html = (tmp_path / lang / f"{name}.html").read_text(encoding="utf-8")
        assert "Traceback" not in html, name
    assert (tmp_path / "teacher_guide.html").is_file()
    assert len(pages) == len(EDITIONS) + 1


def _edition(tmp_path, language, name="01_x", teacher=False):
    nb = nbformat.v4.new_notebook()
    nb.metadata["inquadra"] = {"language": language, "source": f"lessons/notebooks/{name}.ipynb"}
    nb.cells = [nbformat.v4.new_markdown_cell(f"# Lesson in {language}")]
    path = tmp_path / "notebooks" / language / ("teacher" if teacher else "") / f"{name}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def test_each_edition_has_its_page_and_links_to_the_other(tmp_path):
    notebooks = [_edition(tmp_path, lang) for lang in LANGUAGES]
    notebooks += [_edition(tmp_path, lang, "dash", teacher=True) for lang in LANGUAGES]
    pages = build_site(tmp_path / "site", notebooks)
    site = tmp_path / "site"
    assert sorted(p.path.relative_to(site).as_posix() for p in pages) == [
        "en/01_x.html", "en/teacher/dash.html", "it/01_x.html", "it/teacher/dash.html"]
    english = (site / "en" / "01_x.html").read_text(encoding="utf-8")
    italian = (site / "it" / "01_x.html").read_text(encoding="utf-8")
    assert f'href="../it/01_x.html" hreflang="it" lang="it">{t("site.this_page_in", "it")}</a>' in english
    assert f'href="../en/01_x.html" hreflang="en" lang="en">{t("site.this_page_in", "en")}</a>' in italian
    dash = (site / "it" / "teacher" / "dash.html").read_text(encoding="utf-8")
    assert 'href="../../en/teacher/dash.html"' in dash
    index = (site / "index.html").read_text(encoding="utf-8")
    assert index.index(t("site.edition", "en")) < index.index('href="en/01_x.html"') < index.index(
        t("site.edition", "it")) < index.index('href="it/01_x.html"')


def test_a_page_without_its_other_edition_has_no_dead_link(tmp_path):
    (page,) = build_site(tmp_path / "site", [_edition(tmp_path, "it")])
    assert "inquadra-editions" not in page.path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang, name", EDITIONS)
def test_each_lesson_opens_with_a_title(lang, name):
    path = ROOT / "notebooks" / lang / f"{name}.ipynb"
    if not path.is_file():
        pytest.fail(f"{path.name} is missing")
    cells = nbformat.read(path, as_version=4).cells
    assert cells[0].metadata.get("tags") == ["edition-language"]
    first = cells[1]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
