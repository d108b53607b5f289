import pytest

from inquadra import lesson
from inquadra.i18n import LANGUAGES


@pytest.mark.parametrize(
    "activity_id, kind",
    [("03.terms", "Choice"), ("05.readouts", "StatementSorter"), ("02.correct", "CorrectionPad")],
)
def test_each_kind_builds_its_widget(activity_id, kind):
    entry = lesson.activity_data(activity_id)
    widget = lesson.activity(activity_id)
    assert type(widget).__name__ in {kind, "Quiz"}
    assert entry["kind"] in {"choice", "quiz", "sorter", "correction"}


def test_an_unknown_activity_lists_the_lessons_activities():
    with pytest.raises(lesson.LessonError, match="has no activity 'nope'; it has: "):
        lesson.activity("02.nope")


def test_an_unknown_lesson_says_which_file_it_looked_for():
    with pytest.raises(lesson.LessonError, match="lesson99.json"):
        lesson.activity("99.anything")


ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_manifest_lists_every_lesson_notebook_in_order(language):
    entries = lesson.lessons()
    assert [e.order for e in entries] == sorted(e.order for e in entries)
    folder = ROOT / "notebooks" / language
    on_disk = sorted(p.relative_to(ROOT).as_posix() for p in folder.glob("[0-9][0-9]_*.ipynb"))
    assert sorted(e.notebook(language) for e in entries) == on_disk
    for entry in lesson.lessons(extras=True):
        assert (ROOT / entry.notebook(language)).is_file(), entry.notebook(language)
        assert (ROOT / entry.source).is_file(), entry.source


def _first_markdown(path):
    import json

    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return next("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


@pytest.mark.parametrize("language", LANGUAGES)
def test_manifest_titles_and_minutes_match_each_notebook(language):
    for entry in lesson.lessons():
        first = _first_markdown(ROOT / entry.notebook(language))
        assert f"— {entry.title[language]}" in first.splitlines()[0], entry.id
        assert f"{entry.minutes} minut" in first, entry.id
    for entry in lesson.lessons():
        first = _first_markdown(ROOT / entry.notebook("en"))
        assert f"*{entry.title['it']}*" in first and f"about {entry.minutes} minutes" in first, entry.id


def test_a_lessons_paths_name_its_edition_and_its_source():
    entry = lesson.lesson("00")
    assert entry.notebook("it") == "notebooks/it/00_start_here.ipynb"
    assert entry.notebook("en") == "notebooks/en/00_start_here.ipynb"
    assert entry.solution("it") == "solutions/it/00_start_here.ipynb"
    assert entry.source == "lessons/notebooks/00_start_here.ipynb"
    assert lesson.lesson("dashboard").notebook("it") == "notebooks/it/teacher/class_dashboard.ipynb"
    assert lesson.lesson("dashboard").source == "lessons/notebooks/teacher/class_dashboard.ipynb"


def test_a_lessons_notebook_follows_the_kits_language():
    from inquadra import i18n

    i18n.set_language("it")
    try:
        assert lesson.lesson("03").notebook() == "notebooks/it/03_naming_the_war.ipynb"
    finally:
        i18n.set_language("en")
    with pytest.raises(lesson.LessonError, match="Available languages: en, it"):
        lesson.lesson("03").notebook("fr")


def test_manifest_activity_files_and_label_sets_exist():
    from inquadra import taxonomy

    tax = taxonomy.load()
    for entry in lesson.lessons(extras=True):
        for name in entry.label_sets:
            assert tax.select(name), (entry.id, name)
        for file in entry.activities:
            assert file == f"lesson{entry.id}.json"


def test_an_unknown_lesson_id_lists_the_manifest():
    with pytest.raises(lesson.LessonError, match="No lesson '42'.*Available: 00, 01"):
        lesson.lesson("42")


def test_the_overview_has_a_row_per_lesson_after_the_start(monkeypatch):
    table = lesson.overview("it")
    html = table._repr_html_()
    assert html.count("<tr>") == len(lesson.lessons())  # a heading row, then lessons 01 …
    assert "Dare un nome alla guerra" in html and "che cosa fai" in html


def test_the_kits_kinds_are_registered():
    assert set(lesson.kinds()) >= {"choice", "quiz", "sorter", "correction", "tagger"}


def test_a_registered_kind_builds_entries_of_that_kind(monkeypatch):
    built = []

    @lesson.kind("echo_for_test")
    def echo(entry, activity_id, article):
        built.append((entry["text"], activity_id, article))
        return "built"

    monkeypatch.setattr(lesson, "activity_data", lambda _id: {"kind": "echo_for_test", "text": "ciao"})
    try:
        assert lesson.activity("09.echo", article="example_own") == "built"
        assert built == [("ciao", "09.echo", "example_own")]
    finally:
        lesson._KINDS.pop("echo_for_test")


def test_a_kind_cannot_be_registered_twice():
    with pytest.raises(lesson.LessonError, match="registered twice"):
        lesson.kind("choice")(lambda entry, activity_id, article: None)


def test_an_unknown_kind_lists_the_kinds(monkeypatch):
    monkeypatch.setattr(lesson, "activity_data", lambda _id: {"kind": "hologram"})
    with pytest.raises(lesson.LessonError, match="unknown kind 'hologram'. Available kinds: choice, correction"):
        lesson.activity("09.x")


def test_the_correction_pad_is_given_its_data():
    pad = lesson.activity("02.correct")
    entry = lesson.activity_data("02.correct")
    assert [i.sentence_id for i in pad.items] == [item["sentence"] for item in entry["items"]]
