"""StatementSorter without a browser: placing, checking, scoring, saving."""

from __future__ import annotations

import pytest

from inquadra import i18n
from inquadra.annotations import work
from inquadra.widgets import StatementSorter
from inquadra.widgets.sorter import score_sorting

BUCKETS = [
    {"id": "beijing", "name": {"en": "Beijing's readout", "it": "Resoconto di Pechino"}, "key": "b"},
    {"id": "moscow", "name": {"en": "Moscow's readout", "it": "Resoconto di Mosca"}, "key": "m"},
    {"id": "both", "name": {"en": "Both", "it": "Entrambi"}},
    {"id": "journalist", "name": {"en": "The journalist", "it": "Il giornalista"}},
]
STATEMENTS = [
    {"id": "s1", "text": {"en": "Xi: sovereignty and security", "it": "Xi: sovranità e sicurezza"},
     "bucket": "beijing", "explanation": {"en": "Only in the Chinese readout.", "it": "Solo nel resoconto cinese."},
     "source": "p03"},
    {"id": "s2", "text": "Dialogue on Ukraine", "bucket": "moscow",
     "explanation": "Only the Kremlin mentions it.", "source": "p09"},
    {"id": "s3", "text": "Trade is growing", "bucket": "both", "explanation": "Both say so.",
     "source": "p12"},
]


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def sorter():
    return StatementSorter(STATEMENTS, BUCKETS, activity="04.readouts")


def _place(widget, sid, bucket):
    widget.handle({"type": "place", "id": sid, "bucket": bucket})


def test_score_counts_right_wrong_unsorted():
    score = score_sorting({"a": "x", "b": "y", "c": "x"}, {"a": "x", "b": "x"})
    assert (score.right, score.wrong, score.unsorted, score.total) == (1, 1, 1, 3)
    assert score.results == {"a": "right", "b": "wrong", "c": "unsorted"}


def test_answers_are_not_sent_before_check(sorter):
    _place(sorter, "s1", "beijing")
    assert sorter.results == [] and sorter.score == ""
    assert all("bucket" not in s for s in sorter.statements)


def test_first_check_marks_without_revealing_the_right_group(sorter):
    _place(sorter, "s1", "beijing")
    _place(sorter, "s2", "both")
    sorter.handle({"type": "check"})
    by_id = {r["id"]: r for r in sorter.results}
    assert by_id["s1"]["result"] == "right"
    assert by_id["s2"]["result"] == "wrong" and "Moscow's readout" not in by_id["s2"]["verdict"]
    assert by_id["s2"]["bucket"] == "" and by_id["s2"]["explanation"] == ""
    assert by_id["s3"]["result"] == "unsorted" and by_id["s3"]["bucket"] == ""
    assert "moscow" not in str(sorter.results)
    assert sorter.score == "1 right, 1 wrong, 1 not sorted, of 3."
    assert not sorter.can_reveal and "Check again" in sorter.status


def test_show_answers_only_after_a_second_try(sorter):
    _place(sorter, "s2", "both")
    sorter.handle({"type": "check"})
    sorter.handle({"type": "reveal"})  # refused: one Check only
    assert not sorter.revealed and "Check twice" in sorter.status
    _place(sorter, "s2", "beijing")
    sorter.handle({"type": "check"})
    assert sorter.can_reveal and "show the answers" in sorter.status
    sorter.reveal()
    by_id = {r["id"]: r for r in sorter.results}
    assert sorter.revealed and not sorter.can_reveal
    assert "Moscow's readout" in by_id["s2"]["verdict"]
    assert by_id["s2"]["explanation"] == "Only the Kremlin mentions it." and by_id["s2"]["source"] == "p09"


def test_check_method_returns_score(sorter):
    _place(sorter, "s3", "both")
    score = sorter.check()
    assert (score.right, score.unsorted) == (1, 2)


def test_placing_none_unsorts(sorter):
    _place(sorter, "s1", "beijing")
    _place(sorter, "s1", None)
    assert sorter.placement == {}


@pytest.mark.parametrize("sid,bucket", [("s9", "beijing"), ("s1", "tokyo"), (None, None)])
def test_bad_place_message_is_reported(sorter, sid, bucket):
    _place(sorter, sid, bucket)
    assert sorter.placement == {}
    assert "could not be recorded" in sorter.status


def test_reset_clears_choices_and_hides_answers(sorter):
    _place(sorter, "s1", "beijing")
    sorter.check()
    sorter.handle({"type": "reset"})
    assert sorter.placement == {} and not sorter.checked and sorter.results == []


def test_choices_are_saved_and_restored():
    work.set_student("Giulia R.")
    first = StatementSorter(STATEMENTS, BUCKETS, activity="04.readouts")
    _place(first, "s2", "moscow")
    first.check()
    again = StatementSorter(STATEMENTS, BUCKETS, activity="04.readouts")
    assert again.placement == {"s2": "moscow"} and again.checked
    assert again.results


def test_unknown_bucket_in_statements_is_refused():
    with pytest.raises(ValueError, match="tokyo"):
        StatementSorter([{**STATEMENTS[0], "bucket": "tokyo"}], BUCKETS, activity="x")


@pytest.mark.parametrize("language,name", [("en", "Both"), ("it", "Entrambi")])
def test_bucket_names_follow_language(sorter, language, name):
    i18n.set_language(language)
    assert sorter.buckets[2]["name"] == name


def test_statements_may_be_objects():
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Statement:
        id: str
        text: dict
        bucket: str
        explanation: dict
        source: str

    widget = StatementSorter([Statement("a", {"en": "One", "it": "Uno"}, "both", {"en": "E"}, "p1")],
                             ["both", "journalist"], activity="x")
    assert widget.statements == [{"id": "a", "text": "One"}]
    assert widget.check().unsorted == 1


def test_repr_is_deterministic(sorter):
    assert repr(sorter) == "StatementSorter(statements=3, buckets=4, activity='04.readouts')"


def test_the_last_message_does_not_stay_in_the_old_language(sorter):
    _place(sorter, "s2", "moscow")
    english = sorter.status
    i18n.set_language("it")
    assert sorter.status != english
    assert "Moscow" not in sorter.status


def test_text_plain_output_is_a_readable_line_in_italian_too():
    from inquadra import i18n

    widget = StatementSorter(STATEMENTS, BUCKETS)
    i18n.set_language("it")
    try:
        bundle = widget._repr_mimebundle_()
    finally:
        i18n.set_language("en")
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert data["text/plain"] == "Esegui questa cella per mostrare l'attività."


def test_a_placement_assigned_in_python_is_saved_and_survives_a_language_switch():
    work.set_student("Giulia R.")
    first = StatementSorter(STATEMENTS, BUCKETS, activity="04.assigned")
    first.placement = {"s2": "moscow", "s3": "both"}
    assert first.state.placement == {"s2": "moscow", "s3": "both"}
    i18n.set_language("it")
    i18n.set_language("en")
    assert first.placement == {"s2": "moscow", "s3": "both"}
    again = StatementSorter(STATEMENTS, BUCKETS, activity="04.assigned")
    assert again.placement == {"s2": "moscow", "s3": "both"}


def test_a_bad_placement_assigned_in_python_is_refused_and_the_state_kept(sorter):
    _place(sorter, "s1", "beijing")
    sorter.placement = {"s1": "tokyo"}
    assert sorter.placement == {"s1": "beijing"}
    assert "could not be recorded" in sorter.status


def _sorter_activities():
    import json
    from importlib import resources

    from inquadra import lesson

    out = []
    for entry in lesson.lessons():
        for filename in entry.activities:
            number = filename.removeprefix("lesson").removesuffix(".json")
            path = resources.files("inquadra") / "data" / "activities" / filename
            for name, data in json.loads(path.read_text(encoding="utf-8")).items():
                if isinstance(data, dict) and data.get("kind") == "sorter" \
                        and isinstance(data.get("statements"), list):
                    out.append(f"{number}.{name}")
    return out


def _head(name: str) -> str:
    """A group's name up to its first bracket or colon: "Chinese side (Xi, …)" -> "Chinese side"."""
    for mark in (" (", ":"):
        name = name.split(mark)[0]
    return name.strip().casefold()


@pytest.mark.parametrize("activity_id", _sorter_activities())
@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_an_explanation_does_not_repeat_the_group_the_verdict_names(activity_id, language):
    from inquadra import lesson

    data = lesson.activity_data(activity_id)
    names = {b["id"]: _head(i18n.localise(b["name"], language)) for b in data["buckets"]}
    repeated = [s["id"] for s in data["statements"]
                if i18n.localise(s["explanation"], language).casefold().startswith(names[s["bucket"]])]
    assert repeated == []


def test_the_sorter_activities_are_found():
    assert {"01.voices", "06.plain_or_tag"} <= set(_sorter_activities())


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_a_wrong_answer_names_the_group_once(language):
    from inquadra import lesson

    i18n.set_language(language)
    widget = lesson.activity("01.voices")
    widget.handle({"type": "place", "id": "p01", "bucket": "journalist"})
    for _ in range(2):
        widget.handle({"type": "check"})
    widget.reveal()
    row = next(r for r in widget.results if r["id"] == "p01")
    shown = f"{row['verdict']}. {row['explanation']}"
    head = _head(widget.buckets[1]["name"])
    assert shown.casefold().count(head) == 1


def test_explanation_and_source_follow_the_language():
    widget = StatementSorter(
        [{**STATEMENTS[0], "source": {"en": "Chinese readout", "it": "resoconto cinese"}}], BUCKETS,
        activity="x.sources")
    widget.handle({"type": "place", "id": "s1", "bucket": "beijing"})
    widget.handle({"type": "check"})
    i18n.set_language("it")
    assert (widget.results[0]["explanation"], widget.results[0]["source"]) == (
        "Solo nel resoconto cinese.", "resoconto cinese")
