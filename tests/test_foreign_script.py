"""The Tamil word: shown as text, transliteration and a shipped picture, offline."""

from __future__ import annotations

import pytest

from inquadra import article, foreign_script


def test_the_tamil_word_is_the_one_in_the_article():
    assert foreign_script.word("tamil_biden").text in article.load().text


def test_the_picture_is_a_png_shipped_with_the_kit():
    png = foreign_script.word("tamil_biden").png()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 500


@pytest.mark.parametrize("lang, words", [("en", ["piṭaṉ", "Biden", "Tamil"]), ("it", ["piṭaṉ", "Biden", "tamil"])])
def test_show_gives_transliteration_meaning_and_an_embedded_picture(lang, words):
    shown = foreign_script.show("tamil_biden", lang)
    assert all(w in shown.text for w in words)
    assert 'src="data:image/png;base64,' in shown.html and "http" not in shown.html


def test_unknown_word_and_language_are_refused_clearly():
    with pytest.raises(foreign_script.ForeignScriptError, match="Known: tamil_biden"):
        foreign_script.word("greek")
    with pytest.raises(foreign_script.ForeignScriptError, match="use one of en, it"):
        foreign_script.show("tamil_biden", "fr")
