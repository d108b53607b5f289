"""Rendering escapes text, labels and notes."""

from __future__ import annotations

from spacy.tokens import Span

from inquadra import analysis, pipeline, render

EVIL = '<img src=x onerror=alert(1)> </script> "q" \'s'


def test_passages_repr_and_html(article):
    p = render.passages(article, ["p07", "p03.s2"])
    assert repr(p).startswith("[p07] La sintesi")
    assert "[p03.s2]" in repr(p) and "<span class=\"id\">p07</span>" in p._repr_html_()


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
