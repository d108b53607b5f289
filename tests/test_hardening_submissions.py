"""Forged or stale submissions never displace real work; other articles never sink the class.

Each test is one case a teacher met: a prank file named ``000-*`` holding empty
records under classmates' names, last week's merged ``class.jsonl`` left in the
hand-in folder, a prank activity of made-up students, a record for another
article, activity ids typed three ways.
"""

from __future__ import annotations

import io
import json
import os
from contextlib import redirect_stderr, redirect_stdout

import pytest

from inquadra import article as article_module
from inquadra import classroom, cli
from inquadra.annotations import merge as mg
from inquadra.annotations.records import (
    AnnotationFileError,
    AnnotationRecord,
    check_activity,
    read_records,
    validate_record,
    write_records,
)
from inquadra.annotations.spans import SpanStore


def _record(article, name: str, activity: str = "lesson06", words=("invasione",)) -> AnnotationRecord:
    store = SpanStore(article, name, ["Naming_Choice", "Loaded_Language"])
    for w in words:
        store.add(*article.find(w), "Naming_Choice")
    return AnnotationRecord.from_store(store, activity)


def _write(path, *records, mtime: float | None = None):
    path.parent.mkdir(parents=True, exist_ok=True)
    write_records(path, records)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def _cli(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


# -- conflicts -------------------------------------------------------------------
def test_a_prank_file_sorted_first_does_not_replace_real_work(tmp_path, article):
    classmates = ["Giulia", "Marco", "Sara", "Luca"]
    _write(tmp_path / "000-prank.jsonl", *[_record(article, n, words=()) for n in classmates])
    for n in classmates:
        _write(tmp_path / f"{n.lower()}.jsonl", _record(article, n, words=("invasione", "sanzioni illegali")))
    report = mg.merge(tmp_path)
    assert report.records == ()  # nothing silently chosen
    assert sorted(c.annotator for c in report.conflicts) == sorted(classmates)
    assert [f.status for f in report.files] == ["conflict"] * 5


def test_a_conflict_shows_each_files_time_and_span_count(tmp_path, article):
    _write(tmp_path / "000-prank.jsonl", _record(article, "Giulia", words=()), mtime=1_700_000_000)
    _write(tmp_path / "giulia.jsonl", _record(article, "Giulia", words=("invasione", "sanzioni illegali")),
           mtime=1_700_003_600)
    report = mg.merge(tmp_path)
    (conflict,) = report.conflicts
    assert [(c.name, c.spans, c.mtime) for c in conflict.claims] == [
        ("000-prank.jsonl", 0, 1_700_000_000), ("giulia.jsonl", 2, 1_700_003_600)]
    text = report.text()
    for claim in conflict.claims:
        assert f"{claim.name} line 1 (saved {claim.saved}, {claim.spans} span" in text
    assert "neither is used" in text


def test_the_dashboard_lists_conflicts_and_keeps_the_rest(tmp_path, article):
    _write(tmp_path / "000-prank.jsonl", _record(article, "Giulia", words=()))
    _write(tmp_path / "giulia.jsonl", _record(article, "Giulia"))
    _write(tmp_path / "marco.jsonl", _record(article, "Marco"))
    cls = classroom.load_class(tmp_path)
    assert cls.annotators == ("Marco",)
    assert classroom.summary(cls).conflicts == 1
    files = repr(classroom.files_table(cls))
    assert files.count("conflict") >= 2


def test_the_same_work_handed_in_twice_is_not_a_conflict(tmp_path, article):
    _write(tmp_path / "giulia.jsonl", _record(article, "Giulia"))
    _write(tmp_path / "copy" / "giulia.jsonl", _record(article, "Giulia"))
    report = mg.merge(tmp_path)
    assert report.conflicts == () and [r.annotator for r in report.records] == ["Giulia"]
    assert [f.status for f in report.files] == ["accepted", "duplicate"]


def test_the_merge_command_says_conflicts_were_left_out(tmp_path, article):
    _write(tmp_path / "in" / "a.jsonl", _record(article, "Giulia", words=()))
    _write(tmp_path / "in" / "b.jsonl", _record(article, "Giulia"))
    _write(tmp_path / "in" / "c.jsonl", _record(article, "Marco"))
    code, out, err = _cli("merge", str(tmp_path / "in"), "-o", str(tmp_path / "class.jsonl"))
    assert code == 0 and "1 conflict(s) left out" in err
    assert [r.annotator for r in read_records(tmp_path / "class.jsonl")] == ["Marco"]


# -- the merged class file -------------------------------------------------------
def test_the_merged_file_carries_a_marker_naming_each_source(tmp_path, article):
    _write(tmp_path / "in" / "giulia.jsonl", _record(article, "Giulia"))
    mg.write_class(mg.merge(tmp_path / "in"), tmp_path / "class.jsonl")
    (line,) = (tmp_path / "class.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["merged_from"] == "giulia.jsonl"


def test_last_weeks_class_file_never_beats_a_resubmission(tmp_path, article):
    folder = tmp_path / "hand-in"
    _write(folder / "giulia.jsonl", _record(article, "Giulia"))
    mg.write_class(mg.merge(folder), folder / "class.jsonl")  # last week, left in the folder
    _write(folder / "giulia.jsonl", _record(article, "Giulia", words=("invasione", "sanzioni illegali")))
    report = mg.merge(folder)
    (kept,) = report.records
    assert len(kept.spans) == 2 and report.conflicts == ()
    old = next(f for f in report.files if f.name == "class.jsonl")
    assert old.status == "skipped" and "written by inquadra merge" in old.reason


def test_a_student_file_with_the_marker_is_not_taken_for_a_student(tmp_path, article):
    _write(tmp_path / "giulia.jsonl", _record(article, "Giulia"))
    line = {**_record(article, "Marco").to_dict(), "merged_from": "marco.jsonl"}
    (tmp_path / "marco.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    report = mg.merge(tmp_path)
    assert [r.annotator for r in report.records] == ["Giulia"]
    assert report.files[1].status == "skipped"


# -- the class article -----------------------------------------------------------
def test_one_record_for_another_article_does_not_sink_the_class(tmp_path, article):
    other = article_module.load("example_own")
    _write(tmp_path / "000-other.jsonl", AnnotationRecord(other.id, other.sha256, "Zed", "lesson06", ()))
    for n in ("Giulia", "Marco"):
        _write(tmp_path / f"{n}.jsonl", _record(article, n))
    report = mg.merge(tmp_path)
    assert [r.annotator for r in report.records] == ["Giulia", "Marco"]
    assert report.article == article.id
    (aside,) = report.set_aside
    assert (aside.name, aside.article) == ("000-other.jsonl", "example_own")


def test_the_dashboard_does_not_crash_on_a_record_for_another_article(tmp_path, article):
    other = article_module.load("example_own")
    _write(tmp_path / "000-other.jsonl", AnnotationRecord(other.id, other.sha256, "Zed", "lesson06", ()))
    _write(tmp_path / "giulia.jsonl", _record(article, "Giulia"))
    cls = classroom.load_class(tmp_path)
    assert cls.annotators == ("Giulia",) and cls.article.id == article.id
    assert "set aside" in repr(classroom.files_table(cls))


def test_merge_article_option_names_the_class_article(tmp_path, article):
    other = article_module.load("example_own")
    _write(tmp_path / "in" / "zed.jsonl", AnnotationRecord(other.id, other.sha256, "Zed", "lesson06", ()))
    _write(tmp_path / "in" / "giulia.jsonl", _record(article, "Giulia"))
    code, out, _ = _cli("merge", str(tmp_path / "in"), "-o", str(tmp_path / "c.jsonl"), "--article", "example_own")
    assert code == 0 and "(article example_own)" in out
    assert [r.annotator for r in read_records(tmp_path / "c.jsonl")] == ["Zed"]


def test_merge_defaults_to_the_kits_current_article(tmp_path, article):
    other = article_module.load("example_own")
    _write(tmp_path / "in" / "a-zed.jsonl", AnnotationRecord(other.id, other.sha256, "Zed", "lesson06", ()))
    _write(tmp_path / "in" / "giulia.jsonl", _record(article, "Giulia"))
    code, out, _ = _cli("merge", str(tmp_path / "in"), "-o", str(tmp_path / "c.jsonl"))
    assert code == 0 and f"(article {article_module.SEED_ID})" in out
    assert "set aside" in out


def test_an_unknown_class_article_is_one_clear_line(tmp_path, article):
    _write(tmp_path / "in" / "giulia.jsonl", _record(article, "Giulia"))
    code, _, err = _cli("merge", str(tmp_path / "in"), "-o", str(tmp_path / "c.jsonl"), "--article", "nope")
    assert code == 2 and err.count("\n") == 1 and "nope" in err and "Traceback" not in err


def test_export_article_option_sets_other_records_aside(tmp_path, article):
    other = article_module.load("example_own")
    path = _write(tmp_path / "mixed.jsonl", _record(article, "Giulia"),
                  AnnotationRecord(other.id, other.sha256, "Zed", "lesson06", ()))
    code, out, err = _cli("export", "--format", "semeval", str(path), "-o", str(tmp_path / "out"))
    assert code == 0 and "line 2 is for article 'example_own'" in err
    assert [p.name for p in (tmp_path / "out").rglob("*.tsv")] == ["Giulia.tsv"]
    code, out, err = _cli("export", "--format", "brat", str(path), "-o", str(tmp_path / "ex"),
                          "--article", "example_own")
    assert code == 0 and [p.name for p in (tmp_path / "ex").rglob("*.ann")] == ["Zed.ann"]


# -- the activity ----------------------------------------------------------------
def test_a_prank_activity_of_made_up_students_is_not_the_default_view(tmp_path, article):
    for i in range(10):
        _write(tmp_path / f"fake{i}.jsonl", _record(article, f"Fake {i}", activity="prank"))
    for n in ("Giulia", "Marco"):
        _write(tmp_path / f"{n}.jsonl", _record(article, n, activity=classroom.LESSON_ACTIVITY))
    cls = classroom.load_class(tmp_path)
    assert cls.activity == classroom.LESSON_ACTIVITY and cls.annotators == ("Giulia", "Marco")


def test_without_the_lessons_activity_the_dashboard_lists_what_there_is(tmp_path, article):
    _write(tmp_path / "fake.jsonl", _record(article, "Fake", activity="prank"))
    with pytest.raises(ValueError, match=r"No records for activity 'lesson06'; the files hold: prank \(1\)"):
        classroom.load_class(tmp_path)
    assert classroom.load_class(tmp_path, activity="prank").annotators == ("Fake",)


@pytest.mark.parametrize("typed", ["Lesson06", "lesson06 ", " LESSON06", "lesson06"])
def test_activity_ids_typed_differently_are_one_activity(typed):
    assert check_activity(typed) == "lesson06"


def test_three_spellings_of_an_activity_count_once_in_the_dashboard(tmp_path, article):
    for n, typed in zip(("Ada", "Bea", "Cy"), ("Lesson06", "lesson06 ", "lesson06")):
        _write(tmp_path / f"{n}.jsonl", _record(article, n, activity="x"))
        line = {**_record(article, n).to_dict(), "activity": typed}
        (tmp_path / f"{n}.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    cls = classroom.load_class(tmp_path)
    assert cls.annotators == ("Ada", "Bea", "Cy") and cls.activity == "lesson06"


@pytest.mark.parametrize("bad", ["lesson\u202e60", "les\u200bson06", "lesson\u2028", "\u0301\u0302", "a\x1b[31m"])
def test_activity_ids_are_validated_like_names(article, bad):
    obj = {**_record(article, "Ada").to_dict(), "activity": bad}
    with pytest.raises(AnnotationFileError, match="activity id"):
        validate_record(obj, article=article)


def test_a_class_file_named_on_its_own_is_read_as_the_class(tmp_path, article):
    _write(tmp_path / "in" / "giulia.jsonl", _record(article, "Giulia"))
    _write(tmp_path / "in" / "marco.jsonl", _record(article, "Marco"))
    mg.write_class(mg.merge(tmp_path / "in"), tmp_path / "class.jsonl")
    report = mg.merge(tmp_path / "class.jsonl")
    assert [r.annotator for r in report.records] == ["Giulia", "Marco"]
    assert classroom.load_class([tmp_path / "class.jsonl"]).annotators == ("Giulia", "Marco")
