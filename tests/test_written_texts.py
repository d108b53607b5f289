"""The texts written for the kit: labelled as such, loadable, with a reference that holds."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from inquadra import article
from inquadra.annotations import reference

WRITTEN = ["contrast_call_report"]


def _folder(article_id):
    return resources.files("inquadra") / "data" / "articles" / article_id


def _load(article_id):
    folder = _folder(article_id)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    text = (folder / "article.txt").read_bytes().decode("utf-8")
    art = article.from_text(text, article_id, meta)
    lines = (folder / "reference.jsonl").read_text(encoding="utf-8").split("\n")
    return art, reference.from_lines(lines, art, source=f"{article_id}/reference.jsonl")


@pytest.mark.parametrize("article_id", WRITTEN)
def test_meta_says_written_for_the_kit(article_id):
    art, _ = _load(article_id)
    assert art.meta["id"] == article_id
    assert art.meta["written_for_kit"] is True
    assert "kit" in art.meta["source"].lower()


@pytest.mark.parametrize("article_id", WRITTEN)
def test_text_labels_itself_as_written_for_the_kit(article_id):
    art, _ = _load(article_id)
    last = art.paragraphs[-1].text
    assert "scritto per il kit" in last or "scritti per il kit" in last


def test_contrast_edition_gives_at_least_eight_plain_sentences():
    _, ref = _load("contrast_call_report")
    assert len({sid for sid, _ in ref.plain}) >= 8


def test_contrast_edition_is_mostly_plain_with_attribution_markers():
    art, ref = _load("contrast_call_report")
    tagged = {art.sentence_at(r.span.start).id for r in ref.spans}
    body = [s for s in art.sentences if s.block_id.startswith("p")]
    assert len(ref.plain) >= len(body) / 3
    assert sum(r.label == "Attribution_Marker" for r in ref.spans) >= 5
    assert not tagged & {sid for sid, _ in ref.plain}


@pytest.mark.parametrize("article_id", WRITTEN)
def test_no_reference_span_sits_in_a_plain_sentence(article_id):
    art, ref = _load(article_id)
    for r in ref.spans:
        assert ref.plain_at(r.span) is None, f"{r.text!r} is tagged inside a plain sentence"
