"""The class's answers to quizzes, sorters, pads and reflections, from handed-in work folders."""

from __future__ import annotations

import json

import pytest

from inquadra import lesson
from inquadra.class_answers import read_answers

SEED = "000_a3bf1baf7ef32c25"


def _write(folder, name, activity, payload, history=()):
    folder.mkdir(parents=True, exist_ok=True)
    record = {"schema": 1, "article": SEED, "annotator": name, "activity": activity, **payload,
              "history": [dict(seq=n, item=i, attempt=a, answer=ans, correct=c)
                          for n, (i, a, ans, c) in enumerate(history, 1)]}
    path = folder / f"{name}.{SEED}.{activity}.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _right(activity):
    options = lesson.activity_data(activity)["options"]
    return next(i for i, o in enumerate(options) if o["correct"])


@pytest.fixture
def hand_ins(tmp_path):
    ada, bea = tmp_path / "ada", tmp_path / "bea"
    r = _right("02.predict")
    wrong = (r + 1) % 3
    # Ada: wrong first, then right: only the first attempt counts
    _write(ada, "Ada", "02.predict", {"choice": r, "correct": True},
           [("02.predict", 1, wrong, False), ("02.predict", 2, r, True)])
    _write(bea, "Bea", "02.predict", {"choice": r, "correct": True}, [("02.predict", 1, r, True)])
    _write(ada, "Ada", "06.plain_or_tag", {"placement": {"c01": "plain"}, "checked": True},
           [("c01", 1, "tag", False), ("c02", 1, "plain", True), ("check", 1, {}, False),
            ("c01", 2, "plain", True)])
    _write(ada, "Ada", "02.correct", {"answers": {"p04.s1": "ciao"}, "compared": ["p04.s1"]},
           [("p04.s1", 1, "ciao", None)])
    _write(bea, "Bea", "02.correct", {"answers": {"p04.s1": "x"}, "compared": ["p04.s1"]},
           [("p04.s1", 1, "Anche la Cina ha evitato di chiamarla invasione.", None)])
    _write(bea, "Bea", "09.exit", {"answer": "Ho imparato a cercare la fonte."})
    (ada / "student.json").write_text('{"student": "Ada"}', encoding="utf-8")
    (ada / f"Ada.{SEED}.lesson06.jsonl").write_text(json.dumps(
        {"schema": 1, "article": SEED, "text_sha256": "x", "annotator": "Ada",
         "activity": "lesson06", "spans": []}) + "\n", encoding="utf-8")
    (ada / f"Ada.{SEED}.02.terms.1.jsonl.corrupt-1").write_text("{", encoding="utf-8")
    (bea / "broken.jsonl").write_text("{not json\n", encoding="utf-8")
    return tmp_path


def test_quizzes_count_the_first_attempt_only(hand_ins):
    result = read_answers(hand_ins)
    (item,) = [i for i in result.by_kind("choice") if i.activity == "02.predict"]
    assert (item.students, item.first_right, item.retried) == (2, 1, 1)
    assert item.first_share == 0.5
    ada = next(s for s in result.students if s.name == "Ada")
    assert ada.retried >= 1


def test_sorters_pads_and_reflections_are_read_too(hand_ins):
    result = read_answers(hand_ins)
    assert result.kinds == ("choice", "sorter", "correction", "reflection")
    sorter = {i.item: i for i in result.by_kind("sorter")}
    # the first try is what stood at the first Check: c01 was wrong then, c02 right
    assert sorter["c01"].first_right == 0 and sorter["c01"].retried == 1
    assert sorter["c02"].first_right == 1
    # statements left unsorted at the first Check count as not right
    assert sorter["s16"].students == 1 and sorter["s16"].first_right == 0
    assert "check" not in sorter
    (pad,) = result.by_kind("correction")
    assert (pad.item, pad.students, pad.first_right) == ("p04.s1", 2, 1)  # "ciao" is not fixed
    assert [(r.name, r.text) for r in result.reflections] == [("Bea", "Ho imparato a cercare la fonte.")]


def test_a_whole_work_folder_is_accepted_as_it_is(hand_ins):
    result = read_answers([hand_ins / "ada"])
    assert result.tagging_files == 1
    assert result.skipped == 2  # the name file and the copy set aside
    assert result.problems == ()


def test_an_unreadable_file_is_named_once_and_the_rest_read(hand_ins):
    result = read_answers(hand_ins)
    assert len(result.problems) == 1 and "broken.jsonl" in result.problems[0]
    assert "line 1" in result.problems[0]
    assert result.students


def test_an_answer_without_history_counts_its_saved_choice(tmp_path):
    r = _right("02.reversed")
    _write(tmp_path, "Cleo", "02.reversed", {"choice": r, "correct": True})
    (item,) = read_answers(tmp_path).items
    assert (item.students, item.first_right) == (1, 1)


def test_missing_paths_are_reported(tmp_path):
    result = read_answers([tmp_path / "nope"])
    assert result.items == () and "no such file" in result.problems[0]


def test_the_dashboard_tables_show_every_kind_escaped(hand_ins):
    from inquadra import answer_tables, i18n

    answers = read_answers(hand_ins)
    kinds = answer_tables.kinds_table(answers)
    assert [r[0] for r in kinds.rows][:4] == ["Quiz questions", "Sorters", "Correction pads",
                                              "Reflections and exit tickets"]
    quiz = answer_tables.quizzes_table(answers)
    assert ("02.predict", "2", "1", "50%", "1") in quiz.rows
    assert answer_tables.students_table(answers).rows
    assert answer_tables.sorters_table(answers).rows and answer_tables.pads_table(answers).rows
    i18n.set_language("it")
    try:
        assert "% giuste al primo tentativo" in answer_tables.quizzes_table(answers).headers
    finally:
        i18n.set_language("en")


def test_a_reflection_is_shown_escaped(tmp_path):
    from inquadra import answer_tables

    _write(tmp_path, "Eve", "09.exit", {"answer": "<script>alert(1)</script>"})
    html = answer_tables.reflections_table(read_answers(tmp_path))._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_merge_accepts_a_whole_work_folder_and_sums_up_the_answers(hand_ins, capsys):
    from inquadra import cli
    from inquadra.annotations.merge import merge

    report = merge([hand_ins / "ada", hand_ins / "bea"])
    assert "leave this file out" not in report.text()
    assert report.answers is not None and report.answers.files == 6
    assert "answer file(s) to other activities" in report.summary()
    assert report.count("rejected") == 2  # the empty tagging record and the broken file only
    code = cli.main(["merge", str(hand_ins), "-o", str(hand_ins / "class.jsonl")])
    out = capsys.readouterr().out
    assert "Quiz questions: " in out and "02.predict: 1/2 (50%), 1 tried again" in out
    assert "Per student, right at the first try:" in out and "Ada: " in out


def test_the_sample_class_shows_every_activity_kind_with_attempts():
    from inquadra import classroom

    cls = classroom.load_class()
    answers = cls.report.answers
    assert answers is not None
    assert answers.kinds == ("choice", "sorter", "correction", "reflection")
    assert cls.report.count("rejected") == 0
    assert any(i.retried for i in answers.by_kind("choice")), "no later attempts in the sample"
    assert all(s.name.startswith("synthetic-") for s in answers.students)
    shares = [s.first_share for s in answers.students]
    assert max(shares) - min(shares) > 0.2, "the synthetic students do not vary"


def test_a_class_that_handed_in_only_tagging_gets_empty_answer_tables(tmp_path):
    from inquadra import answer_tables, bundles
    from inquadra.annotations.merge import merge

    record = {"schema": 1, "article": bundles.current_id(),
              "text_sha256": bundles.current().article.sha256, "annotator": "Ada",
              "activity": "lesson06", "spans": []}
    (tmp_path / "ada.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    report = merge([tmp_path])
    assert report.answers.files == 0 and report.answers.kinds == ()
    assert "answer file(s)" not in report.summary()
    for table in (answer_tables.kinds_table, answer_tables.quizzes_table,
                  answer_tables.students_table, answer_tables.reflections_table):
        assert "<table" in table(report.answers)._repr_html_()
