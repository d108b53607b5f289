"""The class folder as a teacher finds it: links, near-miss names, odd names and odd bytes.

Every file the merge does not take is listed with a reason; every name is
printed escaped; exports open on Windows and macOS.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout

import pytest

from inquadra import classroom, cli
from inquadra.annotations import export
from inquadra.annotations import merge as mg
from inquadra.annotations.records import (
    AnnotationFileError,
    AnnotationRecord,
    check_annotator,
    read_records,
    write_records,
)
from inquadra.annotations.spans import SpanStore
from inquadra.escape import terminal


def _record(article, name: str, activity: str = "lesson06") -> AnnotationRecord:
    store = SpanStore(article, name, ["Naming_Choice"])
    store.add(*article.find("invasione"), "Naming_Choice")
    return AnnotationRecord.from_store(store, activity)


def _write(path, *records):
    path.parent.mkdir(parents=True, exist_ok=True)
    write_records(path, records)
    return path


# -- symbolic links --------------------------------------------------------------
def test_a_symlink_loop_is_refused_not_a_traceback(tmp_path, article):
    _write(tmp_path / "giulia.jsonl", _record(article, "Giulia"))
    (tmp_path / "loop.jsonl").symlink_to(tmp_path / "loop.jsonl")
    (tmp_path / "a.jsonl").symlink_to(tmp_path / "b.jsonl")
    (tmp_path / "b.jsonl").symlink_to(tmp_path / "a.jsonl")
    report = mg.merge(tmp_path)
    by_name = {f.name: f for f in report.files}
    for name in ("loop.jsonl", "a.jsonl", "b.jsonl"):
        assert by_name[name].status == "skipped" and "loops back on itself" in by_name[name].reason
    assert [r.annotator for r in report.records] == ["Giulia"]


def test_the_dashboard_survives_a_symlink_loop(tmp_path, article):
    _write(tmp_path / "giulia.jsonl", _record(article, "Giulia"))
    (tmp_path / "loop.jsonl").symlink_to(tmp_path / "loop.jsonl")
    assert classroom.load_class(tmp_path).annotators == ("Giulia",)


def test_a_symlink_to_a_file_outside_the_folder_is_not_read(tmp_path, article):
    secret = _write(tmp_path / "elsewhere" / "other-class.jsonl", _record(article, "Intruder"))
    folder = tmp_path / "class"
    _write(folder / "giulia.jsonl", _record(article, "Giulia"))
    (folder / "intruder.jsonl").symlink_to(secret)
    report = mg.merge(folder)
    assert [r.annotator for r in report.records] == ["Giulia"]
    (link,) = [f for f in report.files if f.name == "intruder.jsonl"]
    assert link.status == "skipped" and "outside the folder" in link.reason


def test_a_symlink_to_a_classmates_file_is_listed_not_dropped(tmp_path, article):
    _write(tmp_path / "giulia.jsonl", _record(article, "Giulia"))
    (tmp_path / "marco.jsonl").symlink_to(tmp_path / "giulia.jsonl")
    report = mg.merge(tmp_path)
    (link,) = [f for f in report.files if f.name == "marco.jsonl"]
    assert link.status == "skipped" and "a symbolic link to giulia.jsonl, another file in the folder" in link.reason
    assert "marco.jsonl" in report.text()


def test_a_symlinked_subfolder_is_refused_with_its_reason(tmp_path, article):
    _write(tmp_path / "outside" / "x.jsonl", _record(article, "X"))
    _write(tmp_path / "class" / "giulia.jsonl", _record(article, "Giulia"))
    (tmp_path / "class" / "group").symlink_to(tmp_path / "outside", target_is_directory=True)
    report = mg.merge(tmp_path / "class")
    (link,) = [f for f in report.files if f.name == "group"]
    assert link.status == "skipped" and "outside the folder" in link.reason
    assert [r.annotator for r in report.records] == ["Giulia"]


# -- near-miss names -------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "fixed"),
    [("Giulia.JSONL", "Giulia.jsonl"), ("Giulia.jsonl.txt", "Giulia.jsonl"), ("Giulia.json", "Giulia.jsonl"),
     (".giulia.jsonl", "giulia.jsonl"), ("Giulia.Jsonl", "Giulia.jsonl")],
)
def test_near_miss_names_are_listed_with_the_name_to_use(tmp_path, article, name, fixed):
    _write(tmp_path / "marco.jsonl", _record(article, "Marco"))
    (tmp_path / name).write_text(json.dumps(_record(article, "Giulia").to_dict()) + "\n")
    report = mg.merge(tmp_path)
    (miss,) = [f for f in report.files if f.name == name]
    assert miss.status == "skipped" and miss.reason == f"skipped: rename to {fixed}"
    assert f"skipped    {name}: skipped: rename to {fixed}" in report.text()


def test_files_that_are_not_annotations_at_all_are_not_listed(tmp_path, article):
    _write(tmp_path / "marco.jsonl", _record(article, "Marco"))
    (tmp_path / "README.md").write_text("hello")
    (tmp_path / "notes.txt").write_text("hello")
    assert [f.name for f in mg.merge(tmp_path).files] == ["marco.jsonl"]


# -- names printed safely --------------------------------------------------------
def test_a_newline_in_a_file_name_cannot_forge_a_report_line(tmp_path, article):
    forged = "x\n  accepted   zz.jsonl: 99 records\n.jsonl"
    (tmp_path / forged).write_text("not json\n")
    _write(tmp_path / "marco.jsonl", _record(article, "Marco"))
    text = mg.merge(tmp_path).text()
    assert "99 records" in text
    assert not any(line.startswith("  accepted   zz.jsonl") for line in text.splitlines())
    assert len(text.splitlines()) == 3


@pytest.mark.parametrize("evil", ["red\x1b[31m.jsonl", "gpj.\u202etxt.jsonl", "bell\x07.jsonl", "z\u2028w.jsonl"])
def test_escape_sequences_and_bidi_overrides_in_names_are_escaped(tmp_path, evil):
    (tmp_path / evil).write_text("not json\n")
    text = mg.merge(tmp_path).text()
    assert evil not in text and terminal(evil) in text
    assert all(ch.isprintable() for ch in text.replace("\n", ""))


def test_the_merge_command_prints_escaped_names(tmp_path, article):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a\x1b[2Jb.jsonl").write_text("oops\n")
    _write(tmp_path / "in" / "marco.jsonl", _record(article, "Marco"))
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        assert cli.main(["merge", str(tmp_path / "in"), "-o", str(tmp_path / "c.jsonl")]) == 0
    assert "\x1b" not in out.getvalue() and "a\\x1b[2Jb.jsonl" in out.getvalue()


def test_terminal_and_html_escaping_are_one_shared_helper_each():
    from inquadra import escape, render

    assert terminal("a\nb\u202ec") == "a\\nb\\u202ec"
    assert escape.html('<b a="1">') == "&lt;b a=&quot;1&quot;&gt;"
    assert render.table([("<i>",)], ("h",))._repr_html_().count("&lt;i&gt;") == 1


# -- what is inside --------------------------------------------------------------
def test_a_key_given_twice_is_refused(tmp_path, article):
    good = json.dumps(_record(article, "Giulia").to_dict())
    path = tmp_path / "x.jsonl"
    path.write_text(good[:-1] + ', "annotator": "Marco"}\n', encoding="utf-8")
    with pytest.raises(AnnotationFileError, match="the key 'annotator' appears twice") as info:
        read_records(path)
    assert info.value.line == 1


def test_a_key_given_twice_inside_a_span_is_refused(tmp_path, article):
    line = json.dumps(_record(article, "Giulia").to_dict()).replace('"label":', '"label": "Loaded_Language", "label":')
    (tmp_path / "x.jsonl").write_text(line + "\n", encoding="utf-8")
    (result,) = mg.merge(tmp_path).files
    assert result.status == "rejected" and "'label' appears twice" in result.reason


def test_old_mac_line_ends_are_read(tmp_path, article):
    lines = [json.dumps(_record(article, n).to_dict()) for n in ("Giulia", "Marco")]
    (tmp_path / "mac.jsonl").write_bytes(("\r".join(lines) + "\r").encode("utf-8"))
    assert [r.annotator for r in read_records(tmp_path / "mac.jsonl")] == ["Giulia", "Marco"]


def test_a_cut_off_cr_only_file_names_the_true_line(tmp_path, article):
    lines = [json.dumps(_record(article, n).to_dict()) for n in ("Giulia", "Marco")]
    (tmp_path / "mac.jsonl").write_bytes(("\r".join(lines)[:-30]).encode("utf-8"))
    with pytest.raises(AnnotationFileError) as info:
        read_records(tmp_path / "mac.jsonl")
    assert info.value.line == 2


@pytest.mark.parametrize("bad", ["Giu\u2028lia", "Giulia\u2029", "\u0301\u0308", "\u20dd", "\u0301 \u0302"])
def test_names_with_line_separators_or_only_marks_are_refused(bad):
    with pytest.raises(ValueError, match="annotator's name"):
        check_annotator(bad)


@pytest.mark.parametrize("fine", ["Zoë", "Zoe\u0308", "李明", "Ana María", "O'Neill"])
def test_ordinary_names_with_accents_stay_valid(fine):
    assert check_annotator(fine) == fine


# -- synthetic or real -----------------------------------------------------------
def test_a_real_class_named_synthetic_is_not_labelled_synthetic(tmp_path, article):
    for n in ("synthetic-ana", "synthetic-bruno"):
        _write(tmp_path / f"{n}.jsonl", _record(article, n))
    cls = classroom.load_class(tmp_path)
    assert not cls.synthetic and "synthetic" not in repr(classroom.summary_table(cls))


def test_the_sample_class_is_recognised_by_its_marker():
    cls = classroom.load_class()
    assert cls.synthetic and all(r.synthetic for r in cls.records)
    assert "(synthetic data)" in repr(classroom.summary_table(cls))


def test_one_real_student_among_marked_records_makes_the_class_real(tmp_path, article):
    from dataclasses import replace

    _write(tmp_path / "a.jsonl", replace(_record(article, "Sam"), synthetic=True))
    _write(tmp_path / "b.jsonl", _record(article, "Giulia"))
    assert not classroom.load_class(tmp_path).synthetic


# -- export names ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "stem"),
    [("CON", "%43ON"), ("con", "%63on"), ("Nul.txt", "%4Eul.txt"), ("COM1", "%43OM1"), ("Bea.", "Bea%2E"),
     ("Bea..", "Bea%2E%2E"), ('Bea<>|?*"', "Bea%3C%3E%7C%3F%2A%22"), ("50%", "50%25"), ("Bea", "Bea")],
)
def test_export_names_are_portable_to_windows_and_macos(tmp_path, article, name, stem):
    assert export.portable_name(name) == stem
    record = _record(article, name)
    written = export.write_brat([record], tmp_path / "brat")
    assert sorted(p.name for p in written) == [f"{stem}.ann", f"{stem}.txt"]
    (back,) = export.read_brat(tmp_path / "brat")
    assert back.annotator == name
    export.write_semeval([record], tmp_path / "sem")
    assert [r.annotator for r in export.read_semeval(tmp_path / "sem")] == [name]


def test_the_export_command_says_which_names_were_encoded(tmp_path, article):
    path = _write(tmp_path / "c.jsonl", _record(article, "CON"), _record(article, "Bea"))
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        assert cli.main(["export", "--format", "brat", str(path), "-o", str(tmp_path / "out")]) == 0
    assert "the annotator 'CON' is written as '%43ON'" in err.getvalue()
    assert "'Bea'" not in err.getvalue()


def test_an_encoded_activity_folder_reads_back(tmp_path, article):
    record = _record(article, "Bea", activity="lesson06?")
    export.write_brat([record], tmp_path / "brat")
    assert (tmp_path / "brat" / "lesson06%3F" / "Bea.ann").is_file()
    assert export.read_brat(tmp_path / "brat")[0].activity == "lesson06?"
