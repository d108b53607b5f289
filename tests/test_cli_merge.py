"""``inquadra merge`` on the command line."""

from __future__ import annotations

from inquadra import cli
from inquadra.annotations.records import AnnotationRecord, read_records, write_records
from inquadra.annotations.spans import Span


def _student(folder, article, name):
    folder.mkdir(parents=True, exist_ok=True)
    record = AnnotationRecord(article.id, article.sha256, name, "lesson06", ())
    return write_records(folder / f"{name}.jsonl", [record])


def test_merge_writes_the_class_file_and_prints_the_report(tmp_path, article, capsys):
    _student(tmp_path / "in", article, "Ada")
    _student(tmp_path / "in", article, "Bea")
    (tmp_path / "in" / "broken.jsonl").write_text("{\n")
    code = cli.main(["merge", str(tmp_path / "in"), "-o", str(tmp_path / "class.jsonl")])
    out = capsys.readouterr().out
    assert code == 0
    assert [r.annotator for r in read_records(tmp_path / "class.jsonl")] == ["Ada", "Bea"]
    assert "broken.jsonl, line 1: not valid JSON" in out and "2 accepted, 1 rejected" in out


def test_merge_refuses_to_overwrite_without_force(tmp_path, article, capsys):
    _student(tmp_path / "in", article, "Ada")
    out = tmp_path / "class.jsonl"
    out.write_text("old")
    code = cli.main(["merge", str(tmp_path / "in"), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and out.read_text() == "old"
    assert err.count("\n") == 1 and "--force" in err


def test_merge_with_force_replaces_the_output(tmp_path, article):
    _student(tmp_path / "in", article, "Ada")
    out = tmp_path / "class.jsonl"
    out.write_text("old")
    assert cli.main(["merge", str(tmp_path / "in"), "-o", str(out), "--force"]) == 0
    assert read_records(out)[0].annotator == "Ada"


def test_merge_with_nothing_accepted_fails_with_one_line(tmp_path, capsys):
    code = cli.main(["merge", str(tmp_path / "missing"), "-o", str(tmp_path / "class.jsonl")])
    err = capsys.readouterr().err
    assert code == 2 and "nothing to write" in err and "Traceback" not in err
    assert not (tmp_path / "class.jsonl").exists()


def test_merge_never_reads_its_own_output_back_as_a_student_file(tmp_path, article):
    folder = tmp_path / "in"
    _student(folder, article, "zoe")
    out = folder / "class.jsonl"
    assert cli.main(["merge", str(folder), "-o", str(out)]) == 0
    start, end = article.find("invasione")
    ts = next(i for i, (s, _) in enumerate(article.tokens) if s == start)
    resubmitted = AnnotationRecord(article.id, article.sha256, "zoe", "lesson06",
                                   (Span(start, end, "Naming_Choice", ts, ts + 1),))
    write_records(folder / "zoe.jsonl", [resubmitted])
    assert cli.main(["merge", str(folder), "-o", str(out), "--force"]) == 0
    assert read_records(out) == [resubmitted]
