"""The static reading edition: lessons with their stored outputs, as HTML pages.

Built with nbconvert's HTML exporter from the notebooks as they are stored (no
kernel runs). Interactive widgets cannot work without a kernel, so each widget
output is replaced by a short note saying the activity is interactive in
JupyterLab. The teacher guide (Markdown) becomes a page of its own.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from .files import write_atomic

__all__ = ["SitePage", "build_site", "WIDGET_NOTE"]

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = (
    '<div class="inquadra-static-widget" style="border:1px dashed #888;padding:.6em;'
    'margin:.4em 0;background:#f6f6f6">Interactive activity: open this lesson in JupyterLab '
    "to use it. / <i>Attività interattiva: apri la lezione in JupyterLab per usarla.</i></div>"
)


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
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:46em;margin:1em auto;"
        "padding:0 1em;line-height:1.5}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:.2em .5em}</style></head>"
        f"<body>{body}</body></html>\n"
    )


def build_site(out_dir: Path, notebooks: list[Path], guide: Path | None = None) -> list[SitePage]:
    """Write one HTML page per notebook, the guide, and an index; return the pages."""
    from nbconvert import HTMLExporter
    from nbconvert.filters.markdown import markdown2html

    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    pages: list[SitePage] = []
    for path in notebooks:
        nb = _static_notebook(path)
        body, _ = exporter.from_notebook_node(nb)
        target = out_dir / path.parent.name / f"{path.stem}.html"
        write_atomic(target, body)
        pages.append(SitePage(_title(nb, path.stem), target))
    if guide is not None and guide.is_file():
        target = out_dir / "teacher_guide.html"
        write_atomic(target, _page("Teacher guide", markdown2html(guide.read_text(encoding="utf-8"))))
        pages.append(SitePage("Teacher guide", target))
    items = "".join(
        f'<li><a href="{html.escape(p.path.relative_to(out_dir).as_posix())}">'
        f"{html.escape(p.title)}</a></li>"
        for p in pages
    )
    write_atomic(
        out_dir / "index.html",
        _page(
            "inquadra — reading edition",
            "<h1>inquadra — reading edition</h1><p>The lessons with their stored outputs, "
            "for reading or printing. The activities are interactive only in JupyterLab.</p>"
            f"<ul>{items}</ul>",
        ),
    )
    return pages
