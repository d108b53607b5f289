"""Small, deterministic matplotlib charts for the lessons.

Every function returns a :class:`matplotlib.figure.Figure` of a fixed size,
built without pyplot (so a notebook shows it exactly once, as the cell's
value, and no global state is touched); it is a :class:`ChartFigure`, which
shows itself as a PNG even where no matplotlib backend was set up. Values are drawn in the order given,
counts are written beside the bars, and colour is never the only signal:
every bar and row carries its text label.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from matplotlib.figure import Figure

__all__ = [
    "BAR_SIZE",
    "GRID_SIZE",
    "SIDE_COLOURS",
    "ChartFigure",
    "bar_chart",
    "frame_grid",
    "paragraph_grid",
    "sources_chart",
    "voices_chart",
]

BAR_SIZE = (7.5, 3.6)
GRID_SIZE = (9.0, 4.2)
_DPI = 100
_DEFAULT_COLOUR = "#4c72b0"
_EMPTY = "#f2f2f2"
#: One colour a side; every chart also writes the side in words.
SIDE_COLOURS = {
    "journalist": "#9e9e9e",
    "china": "#d9534f",
    "kremlin": "#4a7fc1",
    "mixed": "#9b6bb5",
    "other": "#d4a72c",
    "unattributed": "#e0e0e0",
}
_VOICES = ("journalist", "china", "kremlin", "mixed")


class ChartFigure(Figure):
    """A Figure that shows itself as a PNG in a notebook without pyplot or ``%matplotlib``.

    The PNG carries no software or date metadata, so the same chart gives the same bytes.
    """

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()


def _figure(size: tuple[float, float]) -> Figure:
    fig = ChartFigure(figsize=size, dpi=_DPI, layout="constrained")
    fig.patch.set_facecolor("white")
    return fig


def bar_chart(
    counts: Mapping[str, float],
    *,
    title: str = "",
    xlabel: str = "",
    colours: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> Figure:
    """Horizontal bars, one a key of ``counts``, first key on top.

    Args:
        counts (Mapping[str, float]): bar values in the order to draw them.
        title (str): the chart's title.
        xlabel (str): what the values count.
        colours (Mapping[str, str] | None): '#rrggbb' per key (a default blue otherwise).
        labels (Mapping[str, str] | None): display text per key (the key itself otherwise).

    Returns:
        Figure: a figure of size :data:`BAR_SIZE`.
    """
    if not counts:
        raise ValueError("bar_chart needs at least one value to draw.")
    keys = list(counts)
    values = [counts[k] for k in keys]
    if any(v < 0 for v in values):
        raise ValueError("bar_chart draws counts: every value must be 0 or more.")
    colours = colours or {}
    labels = labels or {}
    fig = _figure(BAR_SIZE)
    ax = fig.add_subplot()
    positions = list(range(len(keys)))[::-1]
    ax.barh(positions, values, color=[colours.get(k, _DEFAULT_COLOUR) for k in keys],
            edgecolor="#333333", linewidth=0.6)
    ax.set_yticks(positions, [labels.get(k, k) for k in keys])
    top = max(values) or 1
    for y, v in zip(positions, values):
        text = f"{v:g}" if isinstance(v, float) else str(v)
        ax.text(v + top * 0.01, y, text, va="center", fontsize=9)
    ax.set_xlim(0, top * 1.12)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def paragraph_grid(
    assignments: Mapping[str, Sequence[str]],
    rows: Sequence[str],
    *,
    title: str = "",
    colours: Mapping[str, str] | None = None,
    row_labels: Mapping[str, str] | None = None,
) -> Figure:
    """A grid: one column a paragraph, one row a category; a filled cell where it applies.

    Args:
        assignments (Mapping[str, Sequence[str]]): paragraph id -> categories, in column order.
        rows (Sequence[str]): the categories, top row first.
        title (str): the chart's title.
        colours (Mapping[str, str] | None): '#rrggbb' per category.
        row_labels (Mapping[str, str] | None): display text per category; each row also
            shows how many paragraphs activate it.

    Returns:
        Figure: a figure of size :data:`GRID_SIZE`.
    """
    if not assignments or not rows:
        raise ValueError("paragraph_grid needs at least one paragraph and one row.")
    unknown = sorted({c for cats in assignments.values() for c in cats} - set(rows))
    if unknown:
        raise ValueError(f"paragraph_grid: {unknown[0]!r} is not one of the rows {', '.join(rows)}.")
    colours = colours or {}
    row_labels = row_labels or {}
    columns = list(assignments)
    fig = _figure(GRID_SIZE)
    ax = fig.add_subplot()
    for x, paragraph in enumerate(columns):
        for y, row in enumerate(rows):
            on = row in assignments[paragraph]
            ax.add_patch(_cell(x, y, colours.get(row, _DEFAULT_COLOUR) if on else _EMPTY))
            if on:
                ax.text(x, y, "●", ha="center", va="center", fontsize=8, color="#111111")
    counts = [sum(row in cats for cats in assignments.values()) for row in rows]
    ax.set_xlim(-0.6, len(columns) - 0.4)
    ax.set_ylim(len(rows) - 0.4, -0.6)
    ax.set_xticks(range(len(columns)), columns, fontsize=8)
    ax.set_yticks(range(len(rows)),
                  [f"{row_labels.get(r, r)} ({n})" for r, n in zip(rows, counts)], fontsize=9)
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.set_title(title)
    return fig


def _cell(x: float, y: float, colour: str):
    from matplotlib.patches import Rectangle

    return Rectangle((x - 0.45, y - 0.45), 0.9, 0.9, facecolor=colour, edgecolor="white")


def frame_grid(reading=None, language: str | None = None) -> Figure:
    """Lesson 03's chart: the frames each paragraph activates (the kit's reading by default).

    Args:
        reading (FrameReading | None): from :func:`inquadra.paragraph_frames.load`.
        language (str | None): "en" or "it" for the frame names (the current language by default).

    Returns:
        Figure: a :func:`paragraph_grid` with the label set's names and colours.
    """
    from . import i18n, paragraph_frames, taxonomy

    reading = reading or paragraph_frames.load()
    language = language or i18n.get_language()
    labels = taxonomy.load().select(reading.label_set)
    return paragraph_grid(
        reading.assignments(),
        [lab.id for lab in labels],
        title=i18n.t("charts.frame_grid.title", language),
        colours={lab.id: lab.colour for lab in labels},
        row_labels={lab.id: taxonomy.display(lab.id, language) for lab in labels},
    )


def voices_chart(voices, language: str | None = None, paragraphs_only: bool = True) -> Figure:
    """How many paragraphs speak in each voice (journalist, china, kremlin, mixed).

    Args:
        voices (Iterable[ParagraphVoice]): from :func:`inquadra.analysis.voice_by_paragraph`.
        language (str | None): "en" or "it" (the current language by default).
        paragraphs_only (bool): leave out the headline and subheads (ids not starting "p").

    Returns:
        Figure: a :func:`bar_chart`, voices in a fixed order.
    """
    from . import i18n

    rows = [v for v in voices if not paragraphs_only or v.block_id.startswith("p")]
    counts = {voice: sum(v.voice == voice for v in rows) for voice in _VOICES}
    return bar_chart(
        counts,
        title=i18n.t("charts.voices.title", language),
        xlabel=i18n.t("charts.voices.xlabel", language),
        colours=SIDE_COLOURS,
        labels={v: i18n.t(f"charts.side.{v}", language) for v in _VOICES},
    )


def sources_chart(sources, language: str | None = None) -> Figure:
    """Quotations plus reported claims per source, coloured and labelled by side.

    Args:
        sources (Iterable[SourceCount]): from :func:`inquadra.analysis.quoted_sources`.
        language (str | None): "en" or "it" (the current language by default).

    Returns:
        Figure: a :func:`bar_chart`, the most quoted source on top.
    """
    from . import i18n, pipeline

    names = {a.id: a.name for a in pipeline.actors()}
    rows = sorted(sources, key=lambda s: (-(s.quotations + s.claims), s.source))
    sides = {s.source: s.side for s in rows}
    return bar_chart(
        {s.source: s.quotations + s.claims for s in rows},
        title=i18n.t("charts.sources.title", language),
        xlabel=i18n.t("charts.sources.xlabel", language),
        colours={src: SIDE_COLOURS.get(side, _DEFAULT_COLOUR) for src, side in sides.items()},
        labels={src: f"{names.get(src, src)} ({_side_name(side, language)})"
                for src, side in sides.items()},
    )


def _side_name(side: str, language: str | None) -> str:
    from . import i18n

    key = f"charts.side.{side}"
    try:
        return i18n.t(key, language)
    except i18n.I18nError:
        return side
