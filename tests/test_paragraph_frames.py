"""paragraph_frames: the kit's per-paragraph frame reading, loaded and checked."""

from __future__ import annotations

import json

import pytest

from inquadra import paragraph_frames, taxonomy
from inquadra.paragraph_frames import FramesError, read_frames


def _text(paragraphs, label_set="lesson03_frames"):
    return json.dumps({"label_set": label_set, "paragraphs": paragraphs})


def _record(paragraph="p01", frames=("Political",), en="why", it="perché"):
    return {"paragraph": paragraph, "frames": list(frames), "reason": {"en": en, "it": it}}


def test_the_kit_reading_covers_every_paragraph_in_order(article):
    reading = paragraph_frames.load()
    assert [r.paragraph for r in reading.paragraphs] == [p.id for p in article.paragraphs]


def test_the_kit_reading_uses_only_the_lesson_frames():
    allowed = set(taxonomy.load().sets["lesson03_frames"])
    reading = paragraph_frames.load()
    assert {f for r in reading.paragraphs for f in r.frames} <= allowed


@pytest.mark.parametrize("paragraph, frame", [
    ("p07", "Legality_Constitutionality_and_jurisprudence"),
    ("p12", "Economic"),
    ("p16", "Other"),
])
def test_the_kit_reading_pins_the_frames_lesson_03_discusses(paragraph, frame):
    assert frame in paragraph_frames.load().frames_of(paragraph)


def test_counts_follow_the_requested_order():
    reading = read_frames(_text([_record("p01"), _record("p02", ["Economic", "Political"])]))
    assert reading.counts(["Economic", "Political", "Other"]) == {"Economic": 1, "Political": 2, "Other": 0}


def test_records_come_back_in_article_order():
    reading = read_frames(_text([_record("p03"), _record("p01")]))
    assert [r.paragraph for r in reading.paragraphs] == ["p01", "p03"]


@pytest.mark.parametrize("language, expected", [("en", "why"), ("it", "perché")])
def test_reason_in_each_language(language, expected):
    record = read_frames(_text([_record()])).paragraphs[0]
    assert record.reason_in(language) == expected


@pytest.mark.parametrize("paragraphs, message", [
    ([_record(frames=["Guerra"])], "unknown frame 'Guerra'"),
    ([_record(frames=[])], "non-empty list"),
    ([_record(paragraph="p99")], "'p99' is not a paragraph"),
    ([_record(), _record()], "appears twice"),
    ([_record(it="")], "'reason' needs a text in every language.*'it'"),
    ([_record(frames=["Political", "Political"])], "listed twice"),
])
def test_bad_records_get_a_clear_message(paragraphs, message):
    with pytest.raises(FramesError, match=message):
        read_frames(_text(paragraphs))


def test_bad_json_names_the_line():
    with pytest.raises(FramesError, match="line 1"):
        read_frames("{not json", "mine.json")


def test_an_unknown_label_set_is_reported():
    with pytest.raises(FramesError, match="Unknown label set"):
        read_frames(_text([_record()], label_set="lesson99"))


def test_frames_of_an_unknown_paragraph_lists_the_known_ones():
    with pytest.raises(FramesError, match="p01"):
        read_frames(_text([_record()])).frames_of("p02")


def test_load_reads_a_teacher_file(tmp_path):
    path = tmp_path / "frames.json"
    path.write_text(_text([_record("p05", ["Security_and_defense"])]), encoding="utf-8")
    assert paragraph_frames.load(path).frames_of("p05") == ("Security_and_defense",)


def test_load_reports_a_missing_file(tmp_path):
    with pytest.raises(FramesError, match="cannot read"):
        paragraph_frames.load(tmp_path / "missing.json")


def test_a_reading_for_another_article_is_refused_by_name():
    from inquadra import bundles

    text = bundles.current().read_text("frames")
    with pytest.raises(paragraph_frames.FramesError, match="is for article .* not 'example_own'"):
        paragraph_frames.read_frames(text, "frames.json", "example_own")
