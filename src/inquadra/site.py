"""The static reading edition: lessons with their stored outputs, as HTML pages.

Built with nbconvert's HTML exporter from the notebooks as they are stored (no
kernel runs). Interactive widgets cannot work without a kernel, so each widget
output is replaced by a short note saying the activity is interactive in
JupyterLab. The teacher guide (Markdown) becomes a page of its own.

The pages are offline and safe to open:

- no external script, style sheet or font: the lab template's require.js,
  MathJax, Mermaid and widget-manager loaders (all from CDNs) are left out
  (the lessons need none of them; TeX in Markdown shows as written);
- raw HTML in Markdown cells and the guide, and stored ``text/html`` and
  ``text/markdown`` outputs, go through ``sanitizer.clean`` (an allow-list);
  JavaScript and Mermaid outputs are replaced by a note.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .escape import html as _escape
from .files import write_atomic
from .sanitizer import clean

__all__ = ["SitePage", "build_site", "exporter", "WIDGET_NOTE", "SCRIPT_NOTE"]

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = (
    '<div class="inquadra-static-widget" style="border:1px dashed #888;padding:.6em;'
    'margin:.4em 0;background:#f6f6f6">Interactive activity: open this lesson in JupyterLab '
    "to use it. / <i>Attività interattiva: apri la lezione in JupyterLab per usarla.</i></div>"
)
SCRIPT_NOTE = "[script output: not shown in the reading edition / output di script: non mostrato]"
_SCRIPT_MIMES = ("application/javascript", "text/javascript", "text/vnd.mermaid")
# The lab template without anything fetched from a CDN.
_OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
"""


@dataclass(frozen=True)
class SitePage:
    title: str
    path: Path


def _static_notebook(path: Path):
    """The notebook with widget outputs replaced by a note and widget state dropped."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET_MIME in data:
                out["data"] = {"text/html": WIDGET_NOTE, "text/plain": "[interactive activity]"}
            elif any(m in data for m in _SCRIPT_MIMES):
                out["data"] = {"text/plain": SCRIPT_NOTE}
    return nb


def _title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_escape(title)}</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:46em;margin:1em auto;"
        "padding:0 1em;line-height:1.5}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:.2em .5em}</style></head>"
        f"<body>{body}</body></html>\n"
    )


def exporter():
    """nbconvert's HTML exporter set up for the reading edition: offline template, sanitised HTML."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    html_exporter = HTMLExporter(
        template_name="lab", template_file="inquadra_offline.html.j2",
        extra_loaders=[DictLoader({"inquadra_offline.html.j2": _OFFLINE_TEMPLATE})],
        sanitize_html=True,
    )
    html_exporter.register_filter("clean_html", clean)
    html_exporter.exclude_input_prompt = True
    html_exporter.exclude_output_prompt = True
    return html_exporter


def _edition(nb, path: Path) -> tuple[str | None, Path]:
    """The page's language and its path inside the site.

    A generated edition (``notebooks/it/teacher/x.ipynb``, metadata ``inquadra.language``)
    goes to ``it/teacher/x.html``; any other notebook to ``<its folder>/<name>.html``.
    """
    meta = nb.metadata.get("inquadra", {})
    language = meta.get("language") if isinstance(meta, dict) else None
    parts = path.parts
    if language and language in parts[:-1]:
        at = len(parts) - 1 - parts[::-1].index(language)
        return language, Path(language, *parts[at + 1:]).with_suffix(".html")
    return None, Path(path.parent.name, f"{path.stem}.html")


def _edition_links(language: str, rel: Path, built: dict[tuple[str, Path], str]) -> str:
    """Links from one edition's page to the same lesson in the other editions."""
    from .i18n import LANGUAGES, t

    inner = Path(*rel.parts[1:])
    links = []
    for other in LANGUAGES:
        if other != language and (other, inner) in built:
            href = "../" * (len(rel.parts) - 1) + Path(other, inner).as_posix()
            links.append(f'<a href="{_escape(href)}" hreflang="{_escape(other)}" lang="{_escape(other)}">'
                         f"{_escape(t('site.this_page_in', other))}</a>")
    if not links:
        return ""
    return ('<nav class="inquadra-editions" style="font-family:system-ui,sans-serif;'
            'margin:.5em 1em;text-align:right">' + " · ".join(links) + "</nav>")


def _with_nav(body: str, nav: str) -> str:
    at = body.find(">", body.find("<body")) + 1 if "<body" in body else 0
    return body[:at] + nav + body[at:]


def build_site(out_dir: Path, notebooks: list[Path], guide: Path | None = None) -> list[SitePage]:
    """Write one HTML page per notebook, the guide, and an index; return the pages.

    Each language's edition of a lesson gets its own page (``en/01_….html``,
    ``it/01_….html``) with a link to the same lesson in the other editions; the
    index lists the pages edition by edition.
    """
    from nbconvert.filters.markdown import markdown2html

    from .i18n import LANGUAGES, t

    html_exporter = exporter()
    out_dir = Path(out_dir)
    rendered = []
    for path in notebooks:
        nb = _static_notebook(path)
        language, rel = _edition(nb, Path(path))
        rendered.append((language, rel, nb))
    built = {(lang, Path(*rel.parts[1:])): rel.as_posix() for lang, rel, _ in rendered if lang}
    pages: list[SitePage] = []
    groups: dict[str | None, list[SitePage]] = {}
    for language, rel, nb in rendered:
        body, _ = html_exporter.from_notebook_node(nb)
        if language:
            body = _with_nav(body, _edition_links(language, rel, built))
        target = out_dir / rel
        write_atomic(target, body)
        page = SitePage(_title(nb, rel.stem), target)
        pages.append(page)
        groups.setdefault(language, []).append(page)
    if guide is not None and guide.is_file():
        target = out_dir / "teacher_guide.html"
        guide_html = clean(markdown2html(guide.read_text(encoding="utf-8")))
        write_atomic(target, _page("Teacher guide", guide_html))
        page = SitePage("Teacher guide", target)
        pages.append(page)
        groups.setdefault(None, []).append(page)

    def listing(items: list[SitePage]) -> str:
        return "<ul>" + "".join(
            f'<li><a href="{_escape(p.path.relative_to(out_dir).as_posix())}">{_escape(p.title)}</a></li>'
            for p in items) + "</ul>"

    sections = []
    for language in [*LANGUAGES, *sorted(k for k in groups if k and k not in LANGUAGES)]:
        if groups.get(language):
            sections.append(f'<h2 lang="{_escape(language)}">{_escape(t("site.edition", language))}</h2>'
                            + listing(groups[language]))
    if groups.get(None):
        sections.append(listing(groups[None]))
    write_atomic(
        out_dir / "index.html",
        _page(
            "inquadra — reading edition",
            "<h1>inquadra — reading edition</h1><p>" + " / ".join(
                f'<span lang="{_escape(lang)}">{_escape(t("site.index_note", lang))}</span>' for lang in LANGUAGES
            ) + "</p>" + "".join(sections),
        ),
    )
    return pages
