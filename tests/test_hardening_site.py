"""The reading edition is offline and safe: nothing fetched from elsewhere, no raw HTML passed on."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from inquadra import sanitizer
from inquadra.site import SCRIPT_NOTE, build_site

ROOT = Path(__file__).resolve().parents[1]

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(2)">',
    '<a href="javascript:alert(3)">click</a>',
    '<a href="jav&#x09;ascript:alert(4)">tab</a>',
    '<iframe src="https://evil.example/frame"></iframe>',
    '<style>@import url(https://evil.example/a.css);</style>',
    '<img src="https://tracker.example/pixel.png">',
    '<div style="background:url(https://tracker.example/bg.png)">bg</div>',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<svg onload="alert(5)"><script>alert(6)</script></svg>',
    '<form action="https://evil.example"><input name="q"></form>',
    '<object data="https://evil.example/x.swf"></object>',
]
_EXTERNAL = re.compile(r"""(?:\bsrc|\bhref|\baction|\bdata)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import""",
                       re.IGNORECASE)


def _external_loads(page: str) -> list[str]:
    """Anything that would make a browser fetch from another host on opening the page."""
    no_comments = re.sub(r"/\*.*?\*/", "", page, flags=re.DOTALL)
    found = [m.group(0) for m in _EXTERNAL.finditer(no_comments)]
    # links the reader may follow are fine; only loads count
    return [f for f in found if not f.lower().startswith("href")]


def _notebook(tmp_path, cells) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    path = tmp_path / "lesson.ipynb"
    nbformat.write(nb, path)
    return path


def _build(tmp_path, cells) -> str:
    (page,) = build_site(tmp_path / "site", [_notebook(tmp_path, cells)])
    return page.path.read_text(encoding="utf-8")


def _assert_harmless(page: str) -> None:
    assert "<script" not in page.lower()
    assert re.search(r"<[^>]*\son\w+\s*=", page, re.IGNORECASE) is None  # no event handler attribute
    for bad in ("javascript:", "<iframe", "<object", "<form", "<link", "<svg", "@import"):
        assert bad not in page.lower(), bad
    assert _external_loads(page) == []


def test_no_external_script_or_font_in_a_lesson_page(tmp_path):
    lesson = ROOT / "notebooks" / "it" / "06_tag_framing_devices.ipynb"
    (page,) = build_site(tmp_path / "site", [lesson])
    text = page.path.read_text(encoding="utf-8")
    assert "<script" not in text.lower()
    assert "require.js" not in text and "mathjax" not in text.lower()
    assert _external_loads(text) == []


def test_the_teacher_dashboard_page_keeps_its_tables_and_image(tmp_path):
    (page,) = build_site(tmp_path / "site", [ROOT / "notebooks" / "it" / "teacher" / "class_dashboard.ipynb"])
    text = page.path.read_text(encoding="utf-8")
    assert text.count("<th") > 10 and 'style="text-align:left"' in text
    assert "data:image/png;base64," in text and _external_loads(text) == []


@pytest.mark.parametrize("raw", HOSTILE)
def test_raw_html_in_a_markdown_cell_is_sanitised(tmp_path, raw):
    page = _build(tmp_path, [nbformat.v4.new_markdown_cell(f"# Titolo\n\nTesto {raw} fine.")])
    _assert_harmless(page)
    assert "Testo" in page and "fine." in page


@pytest.mark.parametrize("raw", HOSTILE)
def test_a_stored_html_output_is_sanitised(tmp_path, raw):
    out = nbformat.v4.new_output("display_data", data={"text/html": f"<p>Risultato</p>{raw}",
                                                      "text/plain": "x"})
    page = _build(tmp_path, [nbformat.v4.new_code_cell("x", outputs=[out])])
    _assert_harmless(page)
    assert "Risultato" in page


@pytest.mark.parametrize("mime", ["application/javascript", "text/vnd.mermaid"])
def test_script_outputs_become_a_note(tmp_path, mime):
    out = nbformat.v4.new_output("display_data", data={mime: "alert(7)", "text/plain": "x"})
    page = _build(tmp_path, [nbformat.v4.new_code_cell("x", outputs=[out])])
    assert "alert(7)" not in page and SCRIPT_NOTE.split(":")[0] in page


def test_math_in_markdown_needs_no_mathjax(tmp_path):
    page = _build(tmp_path, [nbformat.v4.new_markdown_cell("La formula $x^2$ resta testo.")])
    assert "x^2" in page and "mathjax" not in page.lower()


def test_the_teacher_guide_is_sanitised_too(tmp_path):
    guide = tmp_path / "guide.md"
    guide.write_text("# Guida\n\n" + "\n\n".join(HOSTILE) + "\n", encoding="utf-8")
    build_site(tmp_path / "site", [], guide)
    _assert_harmless((tmp_path / "site" / "teacher_guide.html").read_text(encoding="utf-8"))


# -- the sanitiser itself ----------------------------------------------------------
@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>ciao <b>a</b></p>", "<p>ciao <b>a</b></p>"),
        ("<script>x</script>dopo", "dopo"),
        ("<p>aperto", "<p>aperto</p>"),
        ("</div>chiuso", "chiuso"),
        ("<blink>testo</blink>", "testo"),
        ("&lt;script&gt;", "&lt;script&gt;"),
        ('<a href="https://example.org/">x</a>', '<a href="https://example.org/" rel="noopener noreferrer">x</a>'),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "<a>x</a>"),
        ('<a href=" java\nscript:alert(1)">x</a>', "<a>x</a>"),
        ('<img src="//evil.example/p.png" alt="p">', '<img alt="p">'),
        ('<img src="data:image/png;base64,AAAA" alt="p">', '<img src="data:image/png;base64,AAAA" alt="p">'),
        ('<img src="data:text/html;base64,AAAA">', "<img>"),
        ('<td style="text-align:left">1</td>', '<td style="text-align:left">1</td>'),
        ('<span style="color:red;background:URL(x)">a</span>', "<span>a</span>"),
        ('<p title="a&quot;onmouseover=&quot;x">t</p>', '<p title="a&quot;onmouseover=&quot;x">t</p>'),
        ("<style><p>dentro</p></style>fuori", "fuori"),
        ("<!-- commento -->testo", "testo"),
    ],
)
def test_the_sanitiser_keeps_only_the_allow_list(markup, expected):
    assert sanitizer.clean(markup) == expected


def test_the_sanitiser_output_is_stable():
    once = sanitizer.clean("".join(HOSTILE) + "<table><tr><td>1</td></tr></table>")
    assert sanitizer.clean(once) == once
