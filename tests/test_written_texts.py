"""The texts written for the kit: labelled as such, loadable, with a reference that holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from inquadra import bundles, corrections
from inquadra.annotations import reference

WRITTEN = ["contrast_call_report", "final_task_clean", "final_task_mt"]
FINAL = ["final_task_clean", "final_task_mt"]
KEYS = Path(__file__).resolve().parents[1] / "solutions" / "keys"


def _folder(article_id):
    return bundles.load(article_id).folder


def _article(article_id):
    return bundles.load(article_id).article


def _load(article_id):
    bundle = bundles.load(article_id)
    if bundle.has("reference"):
        return bundle.article, reference.load(article_id)
    key = KEYS / f"{article_id}.reference.jsonl"
    lines = key.read_text(encoding="utf-8").split("\n")
    return bundle.article, reference.from_lines(lines, bundle.article, source=key.name)


@pytest.mark.parametrize("article_id", WRITTEN)
def test_meta_says_written_for_the_kit(article_id):
    art, _ = _load(article_id)
    assert art.meta["id"] == article_id
    assert art.meta["written_for_kit"] is True
    assert all("kit" in text.lower() for text in art.meta["source"].values())


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


@pytest.mark.parametrize("article_id", FINAL)
def test_final_task_answer_key_is_not_in_the_student_bundle(article_id):
    bundle = bundles.load(article_id)
    assert not any(bundle.has(part) for part in ("reference", "corrections", "readouts", "frames"))
    assert (KEYS / f"{article_id}.reference.jsonl").is_file()


def test_final_task_mt_key_holds_exactly_one_reversed_sentence():
    art = _article("final_task_mt")
    key = (KEYS / "final_task_mt.corrections.jsonl").read_text(encoding="utf-8")
    found = corrections.parse(key, art, name="final_task_mt.corrections.jsonl")
    reversed_ = [c for c in found if c.kind == "reversed_meaning"]
    assert len(reversed_) == 1
    assert art.sentence_at(reversed_[0].start).id == "p03.s1"


def test_final_task_clean_key_has_no_translation_damage():
    _, ref = _load("final_task_clean")
    assert "Translation_Damage" not in ref.labels
    assert len(ref.plain) >= 4
