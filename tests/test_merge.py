"""Merging a class's annotation files: validation, duplicates, the report, the output."""

from __future__ import annotations

import json
import pickle

import pytest

from inquadra.annotations import merge as mg
from inquadra.annotations.records import AnnotationRecord, read_records, write_records
from inquadra.annotations.spans import Span


def _record(article, annotator: str, activity: str = "lesson06", words=("invasione",)) -> AnnotationRecord:
    spans = []
    for w in words:
        start, end = article.find(w)
        ts = next(i for i, (s, _) in enumerate(article.tokens) if s == start)
        te = next(i for i, (_, e) in enumerate(article.tokens) if e == end) + 1
        spans.append(Span(start, end, "Naming_Choice", ts, te))
    return AnnotationRecord(article.id, article.sha256, annotator, activity, tuple(spans))


def _write(path, *records):
    path.parent.mkdir(parents=True, exist_ok=True)
    write_records(path, records)
    return path


def _line(art, annotator="x", **changes) -> str:
    d = _record(art, annotator).to_dict()
    d.update(changes)
    return json.dumps(d)


def test_accepts_valid_files_in_sorted_order(tmp_path, article):
    _write(tmp_path / "b.jsonl", _record(article, "Bea"))
    _write(tmp_path / "a.jsonl", _record(article, "Ada"))
    report = mg.merge([tmp_path])
    assert [f.name for f in report.files] == ["a.jsonl", "b.jsonl"]
    assert [r.annotator for r in report.records] == ["Ada", "Bea"]
    assert report.count("accepted") == 2


def test_folders_are_searched_recursively_skipping_hidden_ones(tmp_path, article):
    _write(tmp_path / "group1" / "ada.jsonl", _record(article, "Ada"))
    _write(tmp_path / ".ipynb_checkpoints" / "ada-checkpoint.jsonl", _record(article, "Ada"))
    (tmp_path / "notes.txt").write_text("not an annotation file")
    report = mg.merge(tmp_path)
    assert [f.name for f in report.files] == ["group1/ada.jsonl"]


@pytest.mark.parametrize(
    ("content", "line", "fragment"),
    [
        ("{\"schema\": 1,\n", 1, "not valid JSON"),
        ("{}\n[1, 2]\n", 1, "no \"schema\""),
        ("SCHEMA2", 1, "schema 2 is not supported"),
        ("BADLABEL", 1, "unknown label 'Propaganda'"),
        ("BADHASH", 1, "text hash does not match"),
        ("", None, "empty"),
    ],
)
def test_a_bad_file_is_rejected_with_reason_and_line_and_others_still_merge(
    tmp_path, article, content, line, fragment
):
    if content == "SCHEMA2":
        content = _line(article, schema=2)
    elif content == "BADLABEL":
        d = _record(article, "x").to_dict()
        d["spans"][0]["label"] = "Propaganda"
        content = json.dumps(d)
    elif content == "BADHASH":
        content = _line(article, text_sha256="0" * 64)
    (tmp_path / "a-bad.jsonl").write_text(content, encoding="utf-8")
    _write(tmp_path / "b-good.jsonl", _record(article, "Bea"))
    report = mg.merge(tmp_path)
    bad, good = report.files
    assert (bad.status, bad.line) == ("rejected", line)
    assert fragment in bad.reason
    assert good.status == "accepted" and [r.annotator for r in report.records] == ["Bea"]


def test_the_error_line_is_the_line_of_the_bad_record(tmp_path, article):
    good = _line(article, "Ada")
    (tmp_path / "class.jsonl").write_text(good + "\n\n" + _line(article, "Bea", spans="no") + "\n")
    (result,) = mg.merge(tmp_path).files
    assert (result.status, result.line) == ("rejected", 3)


def test_a_pickle_is_refused_and_never_loaded(tmp_path):
    (tmp_path / "evil.jsonl").write_bytes(pickle.dumps({"schema": 1}))
    (result,) = mg.merge(tmp_path).files
    assert result.status == "rejected" and "binary" in result.reason


def test_files_above_the_size_cap_are_refused(tmp_path, article):
    _write(tmp_path / "big.jsonl", _record(article, "Ada"))
    (result,) = mg.merge(tmp_path, max_bytes=50).files
    assert result.status == "rejected" and "too big" in result.reason


def test_a_missing_path_is_reported_not_raised(tmp_path, article):
    _write(tmp_path / "ada.jsonl", _record(article, "Ada"))
    report = mg.merge([tmp_path / "nope.jsonl", tmp_path / "ada.jsonl"])
    assert [f.status for f in report.files] == ["accepted", "rejected"]
    assert "does not exist" in report.files[1].reason


def test_a_file_for_another_article_is_set_aside(tmp_path, article):
    (tmp_path / "x.jsonl").write_text(_line(article, article="999_other") + "\n")
    report = mg.merge(tmp_path)
    (result,) = report.files
    assert result.status == "set aside" and "999_other" in result.reason
    assert [(a.name, a.line, a.article) for a in report.set_aside] == [("x.jsonl", 1, "999_other")]


def test_a_file_mixing_two_articles_keeps_the_class_article(tmp_path, article):
    from inquadra import article as article_module

    other = article_module.load("example_own")
    _write(tmp_path / "a.jsonl", _record(article, "Ada"),
           AnnotationRecord(other.id, other.sha256, "Bea", "lesson06", ()))
    report = mg.merge(tmp_path)
    (result,) = report.files
    assert (result.status, result.records) == ("accepted", 1)
    assert "example_own" in result.reason and [r.annotator for r in report.records] == ["Ada"]


def test_same_annotator_and_activity_with_other_spans_is_a_conflict(tmp_path, article):
    _write(tmp_path / "a.jsonl", _record(article, "Ada"))
    _write(tmp_path / "b.jsonl", _record(article, "Ada", words=("crisi ucraina",)))
    report = mg.merge(tmp_path)
    assert [f.status for f in report.files] == ["conflict", "conflict"]
    assert report.records == ()
    (conflict,) = report.conflicts
    assert [(c.name, c.line, c.spans) for c in conflict.claims] == [("a.jsonl", 1, 1), ("b.jsonl", 1, 1)]


def test_the_same_work_in_two_files_is_kept_once(tmp_path, article):
    _write(tmp_path / "a.jsonl", _record(article, "Ada"))
    _write(tmp_path / "b.jsonl", _record(article, "Ada"))
    report = mg.merge(tmp_path)
    assert [f.status for f in report.files] == ["accepted", "duplicate"]
    (dup,) = report.duplicates
    assert (dup.name, dup.kept_name, dup.kept_line) == ("b.jsonl", "a.jsonl", 1)
    assert "the same work as a.jsonl" in report.files[1].reason


@pytest.mark.parametrize(
    ("first", "second"),
    [("Ada", "ada"), ("Zoë", "Zoe\u0308"), ("Anna Rossi", "anna  rossi"), ("Luca", "Luca ")],
)
def test_the_same_name_typed_differently_is_the_same_submission(tmp_path, article, first, second):
    _write(tmp_path / "a.jsonl", _record(article, first))
    _write(tmp_path / "b.jsonl", _record(article, second, words=("crisi ucraina",)))
    report = mg.merge(tmp_path)
    assert [f.status for f in report.files] == ["conflict", "conflict"]
    assert [c.annotator for c in report.conflicts] == [first]


def test_same_annotator_in_another_activity_is_not_a_duplicate(tmp_path, article):
    _write(tmp_path / "a.jsonl", _record(article, "Ada"), _record(article, "Ada", "lesson03"))
    assert len(mg.merge(tmp_path).records) == 2


def test_a_repeated_record_inside_one_file_is_kept_once_and_named(tmp_path, article):
    _write(tmp_path / "a.jsonl", _record(article, "Ada"), _record(article, "Bea"), _record(article, "Ada"))
    report = mg.merge(tmp_path)
    (result,) = report.files
    assert (result.status, result.records) == ("accepted", 2)
    assert "line 3 skipped" in result.reason


def test_rows_and_text_list_every_file(tmp_path, article):
    _write(tmp_path / "a.jsonl", _record(article, "Ada"))
    (tmp_path / "b.jsonl").write_text("oops\n")
    report = mg.merge(tmp_path)
    assert [(r["file"], r["status"], r["line"]) for r in report.rows()] == [
        ("a.jsonl", "accepted", None), ("b.jsonl", "rejected", 1)]
    text = report.text()
    assert "1 accepted, 1 rejected" in text and "b.jsonl, line 1: not valid JSON" in text


def test_write_class_round_trips(tmp_path, article):
    _write(tmp_path / "in" / "a.jsonl", _record(article, "Ada"))
    _write(tmp_path / "in" / "b.jsonl", _record(article, "Bea"))
    report = mg.merge(tmp_path / "in")
    out = mg.write_class(report, tmp_path / "class.jsonl")
    assert read_records(out) == list(report.records)


def test_write_class_never_overwrites_without_force(tmp_path, article):
    report = mg.merge(_write(tmp_path / "a.jsonl", _record(article, "Ada")))
    target = tmp_path / "class.jsonl"
    target.write_text("keep me")
    with pytest.raises(mg.MergeError, match="--force"):
        mg.write_class(report, target)
    assert target.read_text() == "keep me"
    mg.write_class(report, target, force=True)
    assert read_records(target)[0].annotator == "Ada"


def test_write_class_refuses_when_nothing_was_accepted(tmp_path):
    (tmp_path / "bad.jsonl").write_text("nope\n")
    with pytest.raises(mg.MergeError, match="nothing to write"):
        mg.write_class(mg.merge(tmp_path), tmp_path / "class.jsonl")
    assert not (tmp_path / "class.jsonl").exists()
