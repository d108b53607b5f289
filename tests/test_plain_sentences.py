"""Plain reporting to discern: enough varied plain sentences in tagging and sorting.

Students must meet plain sentences that should NOT be tagged, in more than one
place, so that no single paragraph becomes "the plain one" to memorise.
"""

from __future__ import annotations

from collections import Counter

import pytest

from inquadra import bundles, lesson
from inquadra.annotations import reference
from inquadra.annotations import score as scoring

CONTRAST = "contrast_call_report"
SORTER = "06.plain_or_tag"


def _statements():
    return lesson.activity_data(SORTER)["statements"]


def _sentence_of(statement):
    art = bundles.load(statement.get("article") or bundles.SEED_ID).article
    quoted = statement["text"]["it"].split("“", 1)[1].rsplit("”", 1)[0]
    block = art.block(statement["source"])
    hits = [s for s in block.sentences if s.text == quoted]
    assert hits, f"{statement['id']}: not a sentence of {art.id} {statement['source']}: {quoted!r}"
    return art, hits[0]


def test_every_sorter_statement_quotes_one_sentence_of_its_article():
    for statement in _statements():
        _sentence_of(statement)


@pytest.mark.parametrize("statement", _statements(), ids=lambda s: s["id"])
def test_the_sorters_answer_agrees_with_the_reference(statement):
    art, sentence = _sentence_of(statement)
    ref = reference.load(art.id)
    plain = set(scoring.score([], ref, ref.labels).plain_sentences)
    assert (sentence.id in plain) == (statement["bucket"] == "plain"), sentence.id


def test_at_least_eight_varied_plain_sentences_across_tagging_and_sorting():
    ref = reference.load(CONTRAST)
    tagging = {(CONTRAST, sid) for sid, _ in ref.plain}
    sorting = set()
    for statement in _statements():
        if statement["bucket"] == "plain":
            art, sentence = _sentence_of(statement)
            sorting.add((art.id, sentence.id))
    plain = tagging | sorting
    assert len(plain) >= 8
    paragraphs = Counter((art, sid.split(".")[0]) for art, sid in plain)
    assert len(paragraphs) >= 5
    assert max(paragraphs.values()) <= 0.4 * len(plain), paragraphs.most_common(3)


def test_the_sorter_mixes_both_texts_in_both_groups():
    """Neither group can be told by its source: plain and tagged come from both texts."""
    groups = {(s["bucket"], s.get("article", bundles.SEED_ID)) for s in _statements()}
    assert groups == {(b, a) for b in ("plain", "tag") for a in (CONTRAST, bundles.SEED_ID)}
