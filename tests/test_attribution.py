"""Attribution of every quotation in the article, checked by hand."""

from __future__ import annotations

import pytest

from inquadra import pipeline

# (start of the quotation, source, side, inferred) — read from the article by hand.
# p05/p06: the subject is dropped ("ha sottolineato", "Ha detto"); the text's
# context points to China (the speaker is Xi). p14: "ha affermato." names nobody.
TABLE = [
    ("“in ogni momento superiori”", "kremlin", "kremlin", False),
    ("“continuare ad approfondire", "kremlin", "kremlin", False),
    ("“operazione militare speciale”", "russia", "kremlin", False),
    ("“valutato la situazione", "china", "china", True),
    ("“tutte le parti”", "china", "china", True),
    ("“soluzione adeguata alla crisi", "china", "china", True),
    ("“pronta a continuare", "china", "china", True),
    ("“soluzione adeguata”", "china", "china", True),
    ("“Il presidente cinese", "kremlin", "kremlin", False),
    ("“senza limiti”", "both_leaders", "other", False),
    ("“Dall’inizio di quest’anno", "xi_jinping", "china", False),
    ("“La parte cinese", "xi_jinping", "china", False),
    ("“miglioramento sostenibile”", "xi_jinping", "china", False),
    ("“tenendo conto", "kremlin", "kremlin", False),
    ("“La Cina è pronta", "unrecognised", "unattributed", False),
    ("“migliore e più caro amico”", "xi_jinping", "china", False),
    ("“atmosfera tradizionalmente", "kremlin", "kremlin", False),
]


@pytest.fixture(scope="module")
def doc(article):
    return pipeline.for_article(article.id)(article.text)


@pytest.fixture(scope="module")
def quotes(doc):
    return list(doc.spans["quotes"])


def test_table_covers_every_quotation(quotes):
    assert [q.text.startswith(row[0]) for q, row in zip(quotes, TABLE)] == [True] * len(TABLE)
    assert len(quotes) == len(TABLE)


@pytest.mark.parametrize("start,source,side,inferred", TABLE)
def test_quotation_attribution(quotes, start, source, side, inferred):
    q = next(q for q in quotes if q.text.startswith(start))
    assert (q._.source, q._.side, q._.inferred) == (source, side, inferred)


@pytest.mark.parametrize("text,source", [
    ("“Siamo pronti”, ha affermato Putin.", "vladimir_putin"),
    ("Xi ha detto che la Cina è “pronta”.", "xi_jinping"),
    ("“Pace”, si legge nella lettura del Cremlino.", "kremlin"),
    ("Secondo il ministero degli Esteri cinese, serve “calma”.", "china_mfa"),
    ("Oggi piove “molto”.", "unattributed"),
])
def test_attribution_rules(text, source):
    doc = pipeline.load()(text)
    assert doc.spans["quotes"][0]._.source == source


def test_dropped_subject_is_marked_inferred():
    doc = pipeline.load()("Xi ha parlato a lungo.\n\nPoi ha detto che serve “calma”.")
    q = doc.spans["quotes"][0]
    assert (q._.source, q._.inferred) == ("xi_jinping", True)


def test_reported_claims_are_found(article):
    doc = pipeline.for_article(article.id)(article.text)
    claims = {c.text.split()[0]: c._.source for c in doc.spans["claims"]}
    assert claims["approfondire"] == "china_mfa"


def test_cues_inside_quotations_are_ignored(article):
    doc = pipeline.for_article(article.id)(article.text)
    assert "ha notato" not in [c.text for c in doc.spans["cues"]]
