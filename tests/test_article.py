import hashlib

import pytest

from support import SHARED_SEED
from inquadra import article as art


def test_seed_is_shipped_byte_for_byte(article):
    if not SHARED_SEED.is_file():
        pytest.skip("the shared seed is not beside the project")
    assert article.sha256 == hashlib.sha256(SHARED_SEED.read_bytes()).hexdigest()


def test_structure_headline_subheads_paragraphs(article):
    assert article.headline.id == "hl"
    assert [b.text for b in article.subheads] == ["Relazioni commerciali", "Buon compleanno"]
    assert len(article.paragraphs) == 18
    assert [b.id for b in article.paragraphs][:2] == ["p01", "p02"]
    assert len(article.text) == 4529


def test_offsets_point_into_the_verbatim_text(article):
    for block in article.blocks:
        assert article.text[block.start : block.end] == block.text
        for s in block.sentences:
            assert article.text[s.start : s.end] == s.text
            assert block.start <= s.start < s.end <= block.end
            assert "\n" not in s.text


@pytest.mark.parametrize(
    "sid, begins",
    [
        ("p03.s2", "Hanno parlato pochi giorni dopo"),
        ("p04.s1", "Anche la Cina è stata educata"),
        ("p05.s2", "பிடன்."),
        ("p11.s2", "Primo ponte dell’autostrada"),
        ("p14.s2", "Lo scopo comune delle nazioni"),
        ("p16.s3", "Gelato, torta e champagne"),
    ],
)
def test_stable_sentence_ids(article, sid, begins):
    assert article.sentence(sid).text.startswith(begins)


def test_ellipsis_before_lower_case_does_not_split(article):
    assert "emergenti… e per spostare" in article.sentence("p14.s1").text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Uno. Due.", ["Uno.", "Due."]),
        ("Disse: «Sì». «Bene!» Poi andò.", ["Disse: «Sì».", "«Bene!»", "Poi andò."]),
        ("Arriva G. Rossi oggi.", ["Arriva G. Rossi oggi."]),
        ("Il 3. e poi il 4.", ["Il 3. e poi il 4."]),
    ],
)
def test_split_sentences(text, expected):
    assert [text[s:e] for s, e in art.split_sentences(text)] == expected


def test_tokens_cover_words_not_spaces(article):
    starts = {s for s, _ in article.tokens}
    assert article.text.index("Putin") in starts
    assert all(not article.text[s:e].isspace() for s, e in article.tokens)


def test_from_text_without_headline():
    a = art.from_text("Una frase sola. E un'altra.")
    assert [b.kind for b in a.blocks] == ["paragraph"]
    assert [s.id for s in a.sentences] == ["p01.s1", "p01.s2"]


@pytest.mark.parametrize("bad", ["", "   \n\n  "])
def test_empty_text_is_refused_with_advice(bad):
    with pytest.raises(art.ArticleError, match="empty"):
        art.from_text(bad)


def test_unknown_sentence_id_says_what_ids_look_like(article):
    with pytest.raises(KeyError, match="p07.s2"):
        article.sentence("x99")


def test_text_with_single_line_breaks_is_split_at_them():
    from inquadra import article

    art = article.from_text("Titolo senza punto\nPrimo paragrafo.\nSecondo paragrafo.\n")
    assert [b.kind for b in art.blocks] == ["headline", "paragraph", "paragraph"]
    assert art.meta["paragraph_breaks"] == "line"


def test_a_pasted_page_with_short_lines_is_split_at_its_lines():
    from inquadra import article

    art = article.from_text("Titolo della pagina\ndi Anna Neri\n12 marzo 2025\nAscolta l'articolo\n"
                            "Primo paragrafo.\nLeggi anche\nUn altro articolo\nSecondo paragrafo.\n"
                            "Foto: Ansa\n")
    assert art.meta["paragraph_breaks"] == "line" and art.blocks[0].kind == "headline"
    assert len(art.blocks) == 9


def test_hard_wrapped_text_stays_one_paragraph():
    from inquadra import article

    art = article.from_text("Una frase che continua\nsulla riga dopo e poi\nfinisce qui.")
    assert len(art.blocks) == 1 and art.meta["paragraph_breaks"] == "blank"
