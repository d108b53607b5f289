"""charts: fixed-size, deterministic figures built without pyplot."""

from __future__ import annotations

import io

import pytest
from matplotlib.figure import Figure

from inquadra import charts, paragraph_frames


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def test_bar_chart_has_the_fixed_size():
    fig = charts.bar_chart({"Xi": 3, "Cremlino": 2})
    assert tuple(fig.get_size_inches()) == charts.BAR_SIZE


def test_bar_chart_draws_the_first_key_on_top():
    fig = charts.bar_chart({"Xi": 3, "Cremlino": 2, "giornalista": 1})
    ax = fig.axes[0]
    by_height = sorted(zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels())))
    assert [text for _, text in by_height] == ["giornalista", "Cremlino", "Xi"]


def test_bar_chart_writes_each_count_beside_its_bar():
    fig = charts.bar_chart({"Xi": 3, "Cremlino": 2})
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["2", "3"]


def test_bar_chart_uses_display_labels():
    fig = charts.bar_chart({"china": 1}, labels={"china": "Parte cinese"})
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Parte cinese"]


@pytest.mark.parametrize("counts", [{}, {"Xi": -1}])
def test_bar_chart_refuses_what_it_cannot_draw(counts):
    with pytest.raises(ValueError):
        charts.bar_chart(counts)


def test_bar_chart_is_deterministic():
    counts = {"Xi": 3, "Cremlino": 2}
    assert _png(charts.bar_chart(counts, title="t")) == _png(charts.bar_chart(counts, title="t"))


def test_paragraph_grid_counts_paragraphs_per_row():
    fig = charts.paragraph_grid({"p01": ["A"], "p02": ["A", "B"]}, ["A", "B"])
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["A (2)", "B (1)"]


def test_paragraph_grid_marks_every_filled_cell():
    fig = charts.paragraph_grid({"p01": ["A"], "p02": ["A", "B"]}, ["A", "B"])
    assert len(fig.axes[0].texts) == 3


def test_paragraph_grid_refuses_an_unknown_row():
    with pytest.raises(ValueError, match="'C'"):
        charts.paragraph_grid({"p01": ["C"]}, ["A", "B"])


def test_frame_grid_has_a_column_per_paragraph_and_a_row_per_frame():
    reading = paragraph_frames.load()
    fig = charts.frame_grid(reading, language="en")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == [r.paragraph for r in reading.paragraphs]
    assert len(ax.get_yticklabels()) == 7
    assert tuple(fig.get_size_inches()) == charts.GRID_SIZE


@pytest.mark.parametrize("language, title", [
    ("en", "Frames activated, paragraph by paragraph"),
    ("it", "Cornici attivate, paragrafo per paragrafo"),
])
def test_frame_grid_speaks_the_language(language, title):
    assert charts.frame_grid(language=language).axes[0].get_title() == title


def test_frame_grid_is_deterministic():
    assert _png(charts.frame_grid(language="en")) == _png(charts.frame_grid(language="en"))


def _voice(block_id, voice):
    from inquadra.analysis import ParagraphVoice

    return ParagraphVoice(block_id, voice, "", ())


def test_voices_chart_counts_paragraphs_per_voice_and_skips_headings():
    voices = [_voice("hl", "mixed"), _voice("p01", "china"), _voice("p02", "china"),
              _voice("sh1", "journalist"), _voice("p03", "journalist")]
    fig = charts.voices_chart(voices, language="en")
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["0", "0", "1", "2"]


@pytest.mark.parametrize("language, label", [("en", "Kremlin side"), ("it", "parte del Cremlino")])
def test_voices_chart_names_the_voices_in_the_language(language, label):
    fig = charts.voices_chart([_voice("p01", "kremlin")], language=language)
    assert label in [t.get_text() for t in fig.axes[0].get_yticklabels()]


def test_sources_chart_puts_the_most_quoted_source_on_top_with_its_side():
    from inquadra.analysis import SourceCount

    sources = [SourceCount("kremlin", "kremlin", 1, 0), SourceCount("xi_jinping", "china", 2, 1)]
    ax = charts.sources_chart(sources, language="en").axes[0]
    top = max(zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels())))[1]
    assert top == "Xi Jinping (Chinese side)"


def test_a_chart_shows_itself_as_png_without_pyplot():
    png = charts.bar_chart({"Xi": 1})._repr_png_()
    assert png.startswith(b"\x89PNG")


def test_the_png_of_a_chart_is_the_same_every_time():
    assert charts.frame_grid(language="en")._repr_png_() == charts.frame_grid(language="en")._repr_png_()


@pytest.mark.parametrize("language, row", [("en", "SEC · Security and defence"), ("it", "SEC · Sicurezza e difesa")])
def test_frame_grid_rows_show_short_names_and_names_never_ids(language, row):
    ticks = [t.get_text() for t in charts.frame_grid(language=language).axes[0].get_yticklabels()]
    assert any(tick.startswith(row) for tick in ticks)
    assert not [tick for tick in ticks if "_" in tick]
