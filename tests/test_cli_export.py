"""``inquadra export`` on the command line."""

from __future__ import annotations

import pytest

from inquadra import cli
from inquadra.annotations import export as ex
from inquadra.annotations.records import AnnotationRecord, write_records
from inquadra.annotations.spans import Span


@pytest.fixture
def class_file(tmp_path, article):
    span = Span(article.tokens[3][0], article.tokens[5][1], "Naming_Choice", 3, 6, "nota")
    records = [AnnotationRecord(article.id, article.sha256, name, "lesson06", (span,))
               for name in ("Ada", "Bea")]
    return write_records(tmp_path / "class.jsonl", records)


@pytest.mark.parametrize(
    "fmt,out,reader",
    [("docbin", "class.spacy", ex.read_docbin), ("brat", "brat", ex.read_brat),
     ("semeval", "tsv", ex.read_semeval)],
)
def test_export_writes_each_format(tmp_path, class_file, fmt, out, reader):
    assert cli.main(["export", "--format", fmt, str(class_file), "-o", str(tmp_path / out)]) == 0
    assert [r.annotator for r in reader(tmp_path / out)] == ["Ada", "Bea"]


def test_export_refuses_to_overwrite_without_force(tmp_path, class_file, capsys):
    target = tmp_path / "class.spacy"
    target.write_text("keep")
    code = cli.main(["export", "--format", "docbin", str(class_file), "-o", str(target)])
    err = capsys.readouterr().err
    assert code == 2 and target.read_text() == "keep" and "--force" in err


def test_export_reports_a_bad_input_in_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n")
    code = cli.main(["export", "--format", "brat", str(bad), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "line 1" in err and "Traceback" not in err


def test_export_refuses_unsafe_annotator_names(tmp_path, article, capsys):
    record = AnnotationRecord(article.id, article.sha256, "../../escape", "lesson06", ())
    path = write_records(tmp_path / "x.jsonl", [record])
    code = cli.main(["export", "--format", "brat", str(path), "-o", str(tmp_path / "out")])
    assert code == 2 and "file name" in capsys.readouterr().err
    assert not (tmp_path / "escape.ann").exists()
