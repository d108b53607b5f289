"""The words the actor rules ask about ("is this capitalised word also written in lower
case?") are found in the text's code points at once; on random texts, tokenised as the
pipeline tokenises them, they are exactly what the regular expression they replace finds."""

from __future__ import annotations

import random
import re

import pytest
import spacy

from inquadra.components import TokenTable
from inquadra.components import actors as a

LOWERED = re.compile(r"(?<![\w’'])[a-zàèéìòù]\w+")

# elisions, hyphens, digits, underscores, letters in and out of the initial set, other
# scripts and characters beyond the Basic Multilingual Plane
PIECES = ["l’", "dell'", "all’esercito", "anti-russo", "e-mail", "20enne", "_x", "ab", "a",
          "Èlite", "èra", "ùltimo", "ú", "ça", "Москва", "москва", "中国", "𝔞bc", "x𝔞",
          " ", "  ", "\n", "\xa0", ",", ".", "«", "»", "’", "'", "-", "Putin", "putin", "ha",
          "detto", "www.sito.it", "#tag", "@utente", "3,5", "ñandú"]


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("it")


def test_lowered_words_of_a_plain_sentence(nlp):
    table = TokenTable(nlp("Il Presidente dell’Ucraina ha incontrato il presidente_2 e-mail"))
    # "e" is too short; "Ucraina" opens with a capital; "dell" is cut out of its token
    assert a._lowered_words(table) == {"ha", "incontrato", "il", "presidente_2", "dell", "mail"}


@pytest.mark.parametrize("seed", range(4))
def test_lowered_words_match_the_regular_expression(nlp, seed):
    rng = random.Random(seed)
    for _ in range(500):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30)))
        assert a._lowered_words(TokenTable(nlp(text))) == set(LOWERED.findall(text)), text
