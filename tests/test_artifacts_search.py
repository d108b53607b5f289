"""The translation-artifact rules look for a match only where one can start, found by
testing the characters of the text all at once; on random texts built from the
characters those tests look at, each narrowed search finds exactly what a search of the
whole text finds, in the same order."""

from __future__ import annotations

import random
import re

import pytest

from inquadra.components import artifacts as a

# words and characters the rules look for, white space of every kind the tests single
# out (and some they must not), letters on either side of the ranges they test
PIECES = ["e", "E", "ed", "eD", " e ", " ed ", "Ed", "d", " ", "  ", "\n", "\t", "\xa0", "\x85",
          "\u2003", "\u3000", "\u1680", "Il", "La", "Dello", "Avevano", "È", "Ha", "Per", "Putin",
          "à", "ù", "ú", "×", "÷", "Ý", "Þ", "’", "'", "ea", "“", "”", '"', "»", ",", "Mario",
          "Rossi", "ha", "hanno", "detto", "Москва", "中", "x", "1", "_", "rareI", "\ud800",
          " ea ", "”, Mario ha detto", '" Mario Rossi hanno detto', "» Ha  detto"]

RULES = {
    "conjunction": (
        lambda text: a._CONJUNCTION.finditer(text),
        lambda text: (m for at in a._conjunction_starts(a._codes(text))
                      if (m := a._CONJUNCTION.match(text, at)))),
    "mid_capital": (
        lambda text: (m for m in a._MID_CAPITAL.finditer(text)
                      if m.start() >= 2 and text[m.start() - 1] == " "
                      and re.match(f"[{a._LOWER}]", text[m.start() - 2])),
        lambda text: a._mid_capitals(text, a._codes(text))),
    "said_after": (
        lambda text: a._SAID_AFTER.finditer(text),
        lambda text: a._said_after(text, a._codes(text))),
    "broken_word": (
        lambda text: a._BROKEN.finditer(text),
        a._broken_words),
    "foreign_script": (
        lambda text: a._FOREIGN.finditer(text),
        lambda text: a._windowed(a._FOREIGN, text, a._foreign_windows(a._codes(text)))),
}


def _texts(count: int = 3000):
    rng = random.Random(41)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 16))) for _ in range(count)]


@pytest.mark.parametrize("rule", sorted(RULES))
def test_narrowed_search_finds_what_a_full_search_finds(rule):
    full, narrowed = RULES[rule]
    found = 0
    for text in _texts():
        expected = [(m.span(), m.groups()) for m in full(text)]
        assert [(m.span(), m.groups()) for m in narrowed(text)] == expected, (rule, text)
        found += len(expected)
    assert found  # the texts hold matches of every rule


def test_code_points_are_the_characters():
    text = "“Москва”\ud800 e\u3000x"
    assert [chr(c) for c in a._codes(text)] == list(text)
