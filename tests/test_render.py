"""Rendering escapes text, labels and notes."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from inquadra import analysis, pipeline, render

EVIL = '<img src=x onerror=alert(1)> </script> "q" \'s'


def test_passages_repr_and_html(article):
    p = render.passages(article, ["p07", "p03.s2"])
    assert repr(p).startswith("[p07] La sintesi")
    html = p._repr_html_()
    assert "[p03.s2]" in repr(p) and ">p07</span>La sintesi" in html
    assert 'class="id" style="' in html  # styled inline: front ends drop <style> blocks


def test_table_escapes():
    html = render.table([(EVIL, "ok")], ["<b>", "x"])._repr_html_()
    assert "<img" not in html and "</script>" not in html and "&lt;b&gt;" in html


def test_highlight_escapes_text_labels_and_notes():
    doc = pipeline.load()(f"Ha detto “{EVIL}” ieri.")
    span = Span(doc, 0, 2, label=EVIL)
    span._.explanation = EVIL
    doc.spans["evil"] = [span]
    html = render.highlight(doc, "evil")._repr_html_()
    assert "<img" not in html and "</script>" not in html and "onerror=alert(1)&gt;" in html


def test_highlight_repr_is_deterministic(article):
    out = render.highlight(article, "framing")
    assert repr(out).startswith("29 span(s) in 'framing'") and "0x" not in repr(out)


def test_html_report_self_contained_and_escaped():
    page = render.html_report(analysis.analyze(f"Titolo\n\nXi ha detto “{EVIL}” oggi."))
    assert page.startswith("<!DOCTYPE html>") and "<img" not in page and "</script>" not in page
    assert "http" not in page and "<script" not in page


def test_highlight_draws_each_paragraph_as_its_own_block():
    shown = render.highlight("La Russia ha invaso l’Ucraina.\n\nSecondo Mosca è una “operazione militare speciale”.")
    assert shown.html.count('<div style="margin-bottom:0.8em">') == 2
    assert "invaso" in shown.html and "operazione" in shown.html


def test_table_puts_text_left_and_numbers_right():
    html = render.table([("p03.s1", "3"), ("p04.s1", "12.5")], ("sentence", "count"))._repr_html_()
    assert '<td style="text-align:left">p03.s1</td>' in html
    assert '<td style="text-align:right">12.5</td>' in html


def test_highlight_keeps_the_texts_own_spacing_when_spans_do_not_overlap(article):
    shown = render.highlight(article, "framing").html
    assert 'class="entities"' in shown
    assert "Nel 2013, durante una conferenza in Indonesia" in shown


@pytest.mark.parametrize("language, shown", [("en", "machine translation"), ("it", "traduzione automatica")])
def test_a_table_cell_from_the_data_shows_the_current_language(language, shown):
    from inquadra import i18n

    i18n.set_language(language)
    try:
        table = render.table([("note", {"en": "machine translation", "it": "traduzione automatica"})],
                             ("field", "value"))
    finally:
        i18n.set_language("en")
    assert table.rows == (("note", shown),)
