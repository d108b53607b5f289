"""Activity data of lessons 04–07: every entry builds, every choice has one right answer,
every lesson keeps at least one plain-reporting item, and the invented example stays clean."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from inquadra import lesson

LESSONS = tuple(entry.id for entry in lesson.lessons() if 4 <= entry.order <= 8)


def _entries(number: str) -> dict:
    path = resources.files("inquadra") / "data" / "activities" / f"lesson{number}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _ids() -> list[str]:
    return [f"{n}.{name}" for n in LESSONS for name in _entries(n)]


def _choices(entry: dict) -> list[dict]:
    if entry.get("kind") == "choice":
        return [entry]
    if entry.get("kind") == "quiz":
        return list(entry["items"])
    return []


def _all_choices(number: str) -> list[tuple[str, dict]]:
    return [(f"{number}.{name}", c) for name, e in _entries(number).items() for c in _choices(e)]


@pytest.mark.parametrize("activity_id", _ids())
def test_every_activity_builds(activity_id):
    if lesson.activity_data(activity_id)["kind"] == "correction":
        from inquadra.widgets.correction import CorrectionPad

        widget = lesson.activity(activity_id)
    else:
        widget = lesson.activity(activity_id)
    assert "0x" not in repr(widget)


@pytest.mark.parametrize(("activity_id", "choice"), [c for n in LESSONS for c in _all_choices(n)])
def test_each_choice_has_exactly_one_correct_option(activity_id, choice):
    assert sum(bool(o.get("correct")) for o in choice["options"]) == 1, activity_id


@pytest.mark.parametrize(("activity_id", "choice"), [c for n in LESSONS for c in _all_choices(n)])
def test_every_text_is_in_english_and_italian(activity_id, choice):
    texts = [choice["question"]] + [o[k] for o in choice["options"] for k in ("text", "explanation")]
    assert all(isinstance(t, dict) and t.get("en") and t.get("it") for t in texts), activity_id


def _plain_items(number: str) -> list:
    found = [c for _, c in _all_choices(number) if c.get("plain_reporting")]
    for entry in _entries(number).values():
        if entry.get("kind") == "correction":
            found += [i for i in entry["items"] if i.get("plain")]
    return found


@pytest.mark.parametrize("number", LESSONS)
def test_every_lesson_has_a_plain_reporting_item(number):
    assert _plain_items(number), f"lesson {number} has no item whose answer is 'nothing to flag'"


@pytest.mark.parametrize("number", LESSONS)
def test_plain_reporting_choice_is_answered_by_leaving_it_alone(number):
    for _, choice in _all_choices(number):
        if choice.get("plain_reporting"):
            right = next(o for o in choice["options"] if o["correct"])
            assert "nothing" in right["text"]["en"].lower() or "plain" in right["text"]["en"].lower()


def test_plain_correction_item_needs_no_correction():
    from inquadra.widgets.correction import CorrectionPad, feedback

    pad = lesson.activity("02.correct")
    plain = [i for i in pad.items if i.plain]
    assert plain and all(feedback(i, i.text).verdict == "kept" for i in plain)


def test_readout_sorter_buckets_match_the_readouts_module():
    from inquadra import readouts

    buckets = [b["id"] for b in lesson.activity_data("05.readouts")["buckets"]]
    assert sorted(buckets) == sorted(readouts.buckets())


@pytest.fixture(scope="module")
def example():
    from inquadra import article

    return article.load("example_own")


def test_example_article_is_marked_invented(example):
    assert example.meta["invented"] is True and "INVENTED" in example.meta["note"]["en"]
    assert "INVENTATO" in example.meta["note"]["it"]
    assert "inventato" in example.text.splitlines()[-1]


def test_example_article_has_no_translation_damage(example):
    from inquadra import analysis

    assert analysis.analyze(example).artifacts == ()


@pytest.mark.parametrize(
    ("term", "label"),
    [("invasione", "Naming_Choice"), ("tutte le parti", "Obfuscation-Vagueness-Confusion")],
)
def test_example_shows_the_false_positives_lesson_07_discusses(example, term, label):
    from inquadra import analysis

    assert (term, label) in {(f.text, f.label) for f in analysis.analyze(example).framing}


@pytest.mark.parametrize("missed", ["colata di cemento", "regalo ai costruttori", "spreco scandaloso"])
def test_example_keeps_the_misses_lesson_07_discusses(example, missed):
    from inquadra import analysis

    assert missed in example.text
    assert all(missed not in f.text for f in analysis.analyze(example).framing)


def test_lexicon_copy_finds_the_added_term(example, tmp_path):
    from inquadra import analysis, pipeline
    from inquadra.components import lexicon_path

    entry = {"label": "Loaded_Language", "pattern": "colata di cemento", "id": "flood_of_concrete",
             "gloss": "a flood of concrete", "note": {"en": "test", "it": "prova"}}
    copy = tmp_path / "framing.jsonl"
    copy.write_text(lexicon_path("framing").read_text(encoding="utf-8").rstrip("\n") + "\n"
                    + json.dumps(entry) + "\n", encoding="utf-8")
    found = analysis.analyze(example, nlp=pipeline.nlp_for_lexicon(copy)).framing
    assert ("colata di cemento", "Loaded_Language") in {(f.text, f.label) for f in found}
