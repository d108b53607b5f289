"""CorrectionPad: items from the corrections list, verdicts, saving, display."""

from __future__ import annotations

import json

import pytest

from inquadra import corrections, i18n, lesson
from inquadra.annotations import work
from inquadra.widgets.correction import (
    VERDICTS,
    CorrectionPad,
    PadError,
    build_items,
    corrected_sentence,
    feedback,
)

ENTRIES = [{"sentence": "p15.s1"}, {"sentence": "p13.s1", "plain": True}, {"sentence": "hl.s1"}]


@pytest.fixture()
def items(article):
    return build_items(ENTRIES, article)


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def test_items_keep_the_given_order(items):
    assert [i.sentence_id for i in items] == ["p15.s1", "p13.s1", "hl.s1"]


def test_item_text_is_the_verbatim_sentence(items, article):
    assert items[0].text == article.sentence("p15.s1").text


def test_item_collects_every_correction_starting_in_its_sentence(items):
    expected = sorted(c.text for c in corrections.load() if c.sentence_id == "p15.s1")
    assert sorted(c.text for c in items[0].corrections) == expected


def test_plain_sentence_has_no_corrections(items):
    assert items[1].plain and items[1].corrected == items[1].text


def test_item_reaching_past_its_sentence_includes_the_fused_text(article):
    (item,) = build_items([{"sentence": "p11.s1"}], article)
    assert item.text.endswith("Sul fiume Amur.")


@pytest.mark.parametrize(
    ("sentence_id", "damaged", "fixed"),
    [
        ("hl.s1", "a Ji Putin, dice", "a Putin, Xi dice"),
        ("p15.s1", "si fidanzano", "si incontrano"),
        ("p12.s1", "sanzioni illegali", "sanzioni illegittime"),
    ],
)
def test_corrected_sentence_replaces_the_damage(article, sentence_id, damaged, fixed):
    (item,) = build_items([{"sentence": sentence_id}], article)
    assert damaged not in item.corrected and fixed in item.corrected


def test_rewrite_replaces_the_spliced_correction(article):
    (item,) = build_items([{"sentence": "p09.s1", "rewrite": "Frase riscritta."}], article)
    assert item.corrected == "Frase riscritta."


def test_corrected_sentence_rejects_a_correction_outside_the_text(article):
    fix = next(c for c in corrections.load() if c.sentence_id == "p15.s1")
    with pytest.raises(PadError, match="does not lie inside"):
        corrected_sentence("Una frase breve.", 0, [fix])


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([{"sentence": "p99.s9"}], "no sentence 'p99.s9'"),
        ([{"sentence": "p13.s1"}, {"sentence": "p13.s1"}], "listed twice"),
        ([{"sentence": "p04.s1", "plain": True}], "has damage"),
        ([{"sentence": "p13.s1", "plain": False}], "has no damage"),
        (["p04.s1"], "expected"),
        ([{"sentence": "p04.s1", "rewrite": 3}], "must be text"),
    ],
)
def test_bad_entries_say_what_is_wrong(article, entries, message):
    with pytest.raises(PadError, match=message):
        build_items(entries, article)


def test_keeping_a_plain_sentence_is_right(items):
    assert feedback(items[1], items[1].text).verdict == "kept"


def test_changing_a_plain_sentence_is_flagged(items):
    assert feedback(items[1], "I due paesi collaborano.").verdict == "changed_plain"


def test_whitespace_and_quote_style_do_not_count_as_changes(items):
    retyped = "  " + items[1].text.replace(" ", "  ") + "\n"
    assert feedback(items[1], retyped).verdict == "kept"


def test_unchanged_damaged_sentence_lists_the_damage(items):
    result = feedback(items[0], items[0].text)
    assert result.verdict == "unchanged" and "si fidanzano l’un l’altro" in result.remaining


@pytest.mark.parametrize(
    "answer",
    [
        "Non è la prima volta che G e Putin si vedono il giorno del compleanno, uniti dalla diffidenza verso l'Occidente.",
        "Non è la prima volta che Xi e Putin si fidanzano l'un l'altro il giorno del compleanno.",
    ],
)
def test_partly_corrected_sentence_names_what_is_left(items, answer):
    result = feedback(items[0], answer)
    assert result.verdict == "partly" and len(result.remaining) == 1


def test_fully_corrected_sentence_is_fixed(items):
    answer = "Non è la prima volta che Xi e Putin si sentono il giorno del loro compleanno, uniti dalla diffidenza verso l'Occidente."
    assert feedback(items[0], answer).verdict == "fixed"


def test_single_letter_damage_matches_only_whole_words(items):
    answer = "In una telefonata per il compleanno di Putin, Xi dice che la Cina sosterrà la Russia. Grazie."
    assert feedback(items[2], answer).verdict == "fixed"


def test_every_verdict_has_a_message_in_both_languages():
    for verdict in VERDICTS:
        assert i18n.t(f"correction.verdict.{verdict}", "en", passages="x")
        assert i18n.t(f"correction.verdict.{verdict}", "it", passages="x")


def test_repr_is_deterministic(items):
    pad = CorrectionPad(items)
    assert repr(pad) == "CorrectionPad(activity='05.correct', items=3, compared=0)"


def test_pad_starts_with_the_sentence_in_each_box(items):
    pad = CorrectionPad(items)
    assert pad.answer("p13.s1") == items[1].text


def test_compare_reveals_the_kits_italian_english_and_certainty(items):
    pad = CorrectionPad(items)
    pad.compare("p15.s1")
    shown = pad._rows["p15.s1"]["result"].value
    assert "si incontrano" in shown and "engaged with each other" in shown and "likely" in shown


def test_compare_on_a_plain_item_says_unchanged(items):
    pad = CorrectionPad(items)
    assert pad.compare("p13.s1").verdict == "kept"
    assert "unchanged" in pad._rows["p13.s1"]["result"].value


def test_compare_output_is_escaped(article):
    items = build_items([{"sentence": "p13.s1", "note": {"en": "<img src=x onerror=alert(1)>"}}], article)
    pad = CorrectionPad(items)
    pad.compare("p13.s1")
    shown = pad._rows["p13.s1"]["result"].value
    assert "<img" not in shown and "&lt;img" in shown


def test_compare_unknown_sentence_lists_the_pads_sentences(items):
    pad = CorrectionPad(items)
    with pytest.raises(PadError, match="p15.s1, p13.s1, hl.s1"):
        pad.compare("p04.s1")


def test_without_a_name_nothing_is_saved(items):
    pad = CorrectionPad(items)
    pad.compare("p13.s1")
    assert list(work.work_dir().iterdir()) == []
    assert "Set your name" in pad._status.value


def test_compare_saves_the_students_text(items):
    work.set_student("Giulia")
    pad = CorrectionPad(items)
    pad.set_answer("p15.s1", "Xi e Putin si incontrano.")
    pad.compare("p15.s1")
    saved = work.load_activity("Giulia", "000_a3bf1baf7ef32c25", "05.correct")
    assert saved["answers"]["p15.s1"] == "Xi e Putin si incontrano." and saved["compared"] == ["p15.s1"]


def test_saved_answers_are_restored(items):
    work.set_student("Giulia")
    first = CorrectionPad(items)
    first.set_answer("hl.s1", "Xi dice a Putin.")
    first.compare("hl.s1")
    again = CorrectionPad(items)
    assert again.answer("hl.s1") == "Xi dice a Putin." and again.compared == ("hl.s1",)


def test_switching_language_redraws_the_button(items):
    pad = CorrectionPad(items)
    i18n.set_language("it")
    assert pad._rows["hl.s1"]["button"].description == "Confronta"


def test_from_activity_builds_the_lesson_pad():
    pad = lesson.activity("05.correct")
    assert any(i.plain for i in pad.items) and any(not i.plain for i in pad.items)


def test_from_activity_refuses_another_kind():
    with pytest.raises(PadError, match="not 'correction'"):
        CorrectionPad.from_entry(lesson.activity_data("05.check"), "05.check")


def test_strings_file_keys_are_prefixed():
    from importlib import resources

    data = json.loads((resources.files("inquadra") / "data" / "strings" / "correction.json").read_text("utf-8"))
    assert all(k.startswith("correction.") and set(v) == {"en", "it"} for k, v in data.items())


def test_messages_go_through_handle(items):
    pad = CorrectionPad(items)
    pad.handle({"type": "edit", "sentence": "p15.s1", "text": "Xi e Putin si sentono."})
    assert pad.answer("p15.s1") == "Xi e Putin si sentono."
    pad.handle({"type": "compare", "sentence": "p15.s1"})
    assert pad.compared == ("p15.s1",)
    pad.handle({"type": "compare", "sentence": "p99.s1"})
    assert "p99.s1" in pad._status.value and pad.compared == ("p15.s1",)
    pad.handle({"type": "explode"})
    assert "explode" in pad._status.value


def test_text_plain_output_is_a_readable_line(items):
    bundle = CorrectionPad(items)._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert data["text/plain"] == "Run this cell to show the activity."
