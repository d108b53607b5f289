"""Framing exclusions: a hit inside a longer hit counts once, under the longer one."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

from inquadra.components.exclusions import FramingExclusions


def _kept(bounds):
    nlp = spacy.blank("it")
    doc = nlp("uno due tre quattro cinque sei sette otto nove dieci")
    doc.spans["framing"] = [Span(doc, s, e, label="T") for s, e in bounds]
    FramingExclusions(nlp, framing_path=None)(doc)
    return [(s.start, s.end) for s in doc.spans["framing"]]


def test_a_hit_inside_a_longer_one_is_dropped():
    assert _kept([(0, 1), (0, 3), (1, 2), (4, 5), (4, 5), (6, 8), (7, 9)]) == [
        (0, 3), (4, 5), (4, 5), (6, 8), (7, 9)]


def test_as_comparing_every_pair():
    import random

    rng = random.Random(3)
    for _ in range(500):
        bounds = []
        for _ in range(rng.randint(1, 7)):
            start = rng.randint(0, 7)
            bounds.append((start, start + rng.randint(1, 3)))
        expected = [b for k, b in enumerate(bounds) if not any(
            j != k and o[0] <= b[0] and b[1] <= o[1] and o[1] - o[0] > b[1] - b[0]
            for j, o in enumerate(bounds))]
        assert _kept(bounds) == expected, bounds
