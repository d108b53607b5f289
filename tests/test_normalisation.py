"""The matching copy: NFC, plain spaces, no zero-width characters, offsets into the original."""

from __future__ import annotations

import unicodedata

import pytest

from inquadra import analysis, article
from inquadra.normalisation import normalise

PLAIN = ("Titolo della notizia\n\n«Non ci sono negoziati», ha dichiarato il portavoce del "
         "Cremlino Dmitry Peskov. Secondo Mosca la guerra continua.\n\nLa città è ferma.")


@pytest.mark.parametrize("original,copy", [
    ("Xi\u00a0Jinping", "Xi Jinping"),
    ("dieci\u202fmila", "dieci mila"),
    ("Pe\u200bskov", "Peskov"),
    ("\ufeffTitolo", "Titolo"),
    (unicodedata.normalize("NFD", "perché città"), "perché città"),
])
def test_copy(original, copy):
    assert normalise(original).text == copy


def test_plain_text_is_its_own_copy():
    n = normalise(PLAIN)
    assert n.text is PLAIN and not n.changed and n.span(3, 8) == (3, 8)


@pytest.mark.parametrize("original,needle", [
    ("Ha parlato Xi\u00a0Jinping ieri.", "Xi Jinping"),
    ("Ha parlato Pe\u200bskov ieri.", "Peskov"),
    (unicodedata.normalize("NFD", "Ha detto perché è così."), "perché"),
])
def test_offsets_point_into_the_original(original, needle):
    n = normalise(original)
    start = n.text.index(needle)
    s, e = n.span(start, start + len(needle))
    assert normalise(original[s:e]).text == needle


def _findings(text):
    result = analysis.analyze(article.from_text(text, "t"))
    return ([(a.name, a.count) for a in result.actors], [f.id for f in result.framing],
            [q.source for q in result.quotations])


@pytest.mark.parametrize("damage", [
    lambda t: t.replace(" ", "\u00a0", 7),
    lambda t: t.replace("Dmitry Peskov", "Dmitry\u2009Peskov"),
    lambda t: t.replace("guerra", "guer\u200bra"),
    lambda t: unicodedata.normalize("NFD", t),
])
def test_web_text_gives_the_same_findings(damage):
    assert _findings(damage(PLAIN)) == _findings(PLAIN)


def test_quotation_text_is_the_original():
    text = PLAIN.replace("negoziati", "nego\u200bziati")
    q = analysis.analyze(article.from_text(text, "t")).quotations[0]
    assert text[q.start:q.end] == q.text and "\u200b" in q.text
