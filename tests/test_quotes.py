"""Quotations: curly, guillemets, straight, unbalanced."""

from __future__ import annotations

import pytest

from inquadra.components.quotes import find_quotes


@pytest.mark.parametrize("text,expected", [
    ("Ha detto “pace” oggi.", ["“pace”"]),
    ("Ha detto «pace» oggi.", ["«pace»"]),
    ('Ha detto "pace" e "ordine".', ['"pace"', '"ordine"']),
    ("«Disse “sì” e partì»", ["«Disse “sì” e partì»"]),
])
def test_balanced_quotes(text, expected):
    assert [text[s:e] for s, e, _ in find_quotes(text)] == expected


def test_unbalanced_quote_ends_at_paragraph_end():
    text = "Ha detto “pace per tutti.\n\nNuovo paragrafo “chiuso”."
    found = find_quotes(text)
    assert [(text[s:e], u) for s, e, u in found] == [("“pace per tutti.", True), ("“chiuso”", False)]


def test_seventeen_quotations_in_article(article):
    assert len(find_quotes(article.text)) == article.text.count("“") == 17


def test_quotes_span_group_on_doc(article):
    from inquadra import pipeline

    doc = pipeline.for_article(article.id)(article.text)
    assert all(q.text[0] == "“" and q.text[-1] == "”" for q in doc.spans["quotes"])
    assert not any(q._.unbalanced for q in doc.spans["quotes"])


@pytest.mark.parametrize("text,expected", [
    ("MOSCA – ''Nessun negoziato'', ha detto.", ["''Nessun negoziato''"]),
    ("''Uno'' e ''due''.", ["''Uno''", "''due''"]),
    ("L'uomo dell'anno, ''sì''.", ["''sì''"]),
])
def test_two_apostrophes(text, expected):
    assert [text[s:e] for s, e, _ in find_quotes(text)] == expected


def test_line_paragraphs_close_an_open_quotation():
    text = "Titolo\nHa detto “pace per tutti.\nNuovo paragrafo “chiuso”.\n"
    assert [(text[s:e], u) for s, e, u in find_quotes(text)] == [
        ("“pace per tutti.", True), ("“chiuso”", False)]
