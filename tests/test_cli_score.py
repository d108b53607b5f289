"""``inquadra score``: figures and bands per student, as a table and as JSON."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from inquadra import cli, taxonomy
from inquadra.annotations import reference
from inquadra.annotations.records import AnnotationRecord, write_records
from inquadra.annotations.spans import Span

SAMPLE = resources.files("inquadra") / "data" / "sample_class"


def _record(article, name, spans, activity="lesson06"):
    return AnnotationRecord(article.id, article.sha256, name, activity, tuple(spans))


def _everything(article):
    labels = [lab.id for lab in taxonomy.load().select("lesson06")]
    out = []
    for s in article.sentences:
        idx = [i for i, (a, b) in enumerate(article.tokens) if a >= s.start and b <= s.end]
        start, end = article.tokens[idx[0]][0], article.tokens[idx[-1]][1]
        out.extend(Span(start, end, lab, idx[0], idx[-1] + 1) for lab in labels)
    return out


def _run(capsys, *argv):
    code = cli.main(["score", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_gives_band_rank_and_count_per_student(tmp_path, capsys, article):
    ref = reference.load()
    path = tmp_path / "class.jsonl"
    write_records(path, [_record(article, "Ada", [r.span for r in ref.spans]),
                         _record(article, "Bea", _everything(article))])
    code, out, _ = _run(capsys, str(path), "--json")
    assert code == 0
    students = {s["annotator"]: s for s in json.loads(out)["students"]}
    assert students["Ada"]["band_rank"] == students["Ada"]["band_count"] - 1
    assert students["Bea"]["band_rank"] == 0
    assert students["Bea"]["band"] == "beginning"
    assert students["Bea"]["overall"]["false_alarms"] == students["Bea"]["overall"]["noise"]


def test_table_names_each_student_with_band_in_words(capsys):
    code, out, err = _run(capsys, str(SAMPLE), "--language", "it")
    assert code == 0
    assert "synthetic-01" in out and "synthetic-28" in out
    assert "Avanzato" in out or "Intermedio" in out
    assert "Iniziale (D ≥ -1.00)" in out
    assert "band" in out.splitlines()[0]


def test_a_work_folder_with_other_answers_scores_the_tagging_only(tmp_path, capsys, article):
    ref = reference.load()
    write_records(tmp_path / "Ada.tag.jsonl", [_record(article, "Ada", [r.span for r in ref.spans])])
    (tmp_path / "Ada.quiz.jsonl").write_text(json.dumps(
        {"schema": 1, "article": article.id, "annotator": "Ada", "activity": "02.predict",
         "choice": 0}) + "\n", encoding="utf-8")
    code, out, err = _run(capsys, str(tmp_path), "--json")
    assert code == 0
    data = json.loads(out)
    assert [s["annotator"] for s in data["students"]] == ["Ada"]
    assert any("1 saved answer" in n for n in data["notes"])


def test_bad_files_are_named_and_the_rest_scored(tmp_path, capsys, article):
    good = tmp_path / "good.jsonl"
    write_records(good, [_record(article, "Ada", [])])
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{not json\n", encoding="utf-8")
    code, out, err = _run(capsys, str(good), str(broken), str(tmp_path / "missing.jsonl"))
    assert code == 0
    assert "Ada" in out
    assert "broken.jsonl" in err and "line 1" in err
    assert "missing.jsonl: no such file" in err


def test_nothing_to_score_is_an_error_exit(tmp_path, capsys):
    code, out, err = _run(capsys, str(tmp_path / "nope.jsonl"))
    assert code == 1
    assert "No tagging records" in out


def test_names_with_control_characters_are_escaped(tmp_path, capsys, article):
    path = tmp_path / "a.jsonl"
    write_records(path, [_record(article, "Ada", [])])
    text = path.read_text(encoding="utf-8").replace('"Ada"', '"Ada\\u202eevil"')
    path.write_text(text, encoding="utf-8")
    code, out, err = _run(capsys, str(path))
    assert "\u202e" not in out + err


def test_article_filter_and_unknown_label_set(tmp_path, capsys, article):
    path = tmp_path / "a.jsonl"
    write_records(path, [_record(article, "Ada", [])])
    code, out, _ = _run(capsys, str(path), "--article", "example_own")
    assert "No tagging records" in out
    code, _, err = _run(capsys, str(path), "--labels", "no_such_set")
    assert code == 2 and "no_such_set" in err


@pytest.mark.parametrize("flag", ["--json", None])
def test_sample_class_every_student_has_a_band(capsys, flag):
    argv = [str(SAMPLE)] + ([flag] if flag else [])
    code, out, _ = _run(capsys, *argv)
    assert code == 0
    if flag:
        students = json.loads(out)["students"]
        assert len(students) >= 25
        assert all(0 <= s["band_rank"] < s["band_count"] for s in students)
