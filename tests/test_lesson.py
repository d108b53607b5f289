import pytest

from inquadra import lesson


@pytest.mark.parametrize(
    "activity_id, kind",
    [("03.terms", "Choice"), ("05.readouts", "StatementSorter"), ("02.correct", "CorrectionPad")],
)
def test_each_kind_builds_its_widget(activity_id, kind):
    entry = lesson.activity_data(activity_id)
    widget = lesson.activity(activity_id)
    assert type(widget).__name__ in {kind, "VBox"}
    assert entry["kind"] in {"choice", "quiz", "sorter", "correction"}


def test_an_unknown_activity_lists_the_lessons_activities():
    with pytest.raises(lesson.LessonError, match="has no activity 'nope'; it has: "):
        lesson.activity("02.nope")


def test_an_unknown_lesson_says_which_file_it_looked_for():
    with pytest.raises(lesson.LessonError, match="lesson99.json"):
        lesson.activity("99.anything")
