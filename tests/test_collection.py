"""collection: each student's latest hand-in, late/missing/conflicting reported, tagging merged."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from inquadra import collection, exchange
from inquadra.annotations import records

from test_exchange import tag

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def course(tmp_path, monkeypatch):
    monkeypatch.setenv("INQUADRA_EXCHANGE", str(tmp_path / "exchange"))
    monkeypatch.setenv("INQUADRA_COURSE", "media-3b")
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    exchange.setup("media-3b", roster=["anna", "marco", "sara"])
    return tmp_path


def hand(course, user, spans=1, when=T0, annotator=None):
    home = course / f"home-{user}-{spans}-{when:%H%M}"
    tag(home, annotator or user, spans)
    return exchange.hand_in(user=user, work_folder=home, now=when,
                            activity="lesson06") if annotator is None else _forged(home, user, when)


def _forged(home, user, when):
    # a hand-in whose file is another annotator's work, as a prank would make it
    receipt = exchange.hand_in(user=Path(next(home.glob("*.jsonl"))).name.split(".")[0],
                               work_folder=home, now=when, activity="lesson06")
    folder = Path(receipt.folder)
    renamed = folder.with_name(folder.name.replace(receipt.user, user, 1))
    folder.rename(renamed)
    return receipt


def test_collect_takes_each_students_latest_hand_in(course):
    hand(course, "anna", 1, T0)
    hand(course, "anna", 2, T0 + HOUR)
    hand(course, "marco", 1, T0)
    result = collection.collect(output=course / "out")
    assert [(s.user, s.hand_ins) for s in result.students] == [("anna", 2), ("marco", 1)]
    merged = records.read_records(result.class_file)
    spans = {r.annotator: len(r.spans) for r in merged}
    assert spans == {"anna": 2, "marco": 1}


def test_collect_reports_missing_and_late(course):
    hand(course, "anna", 1, T0)
    hand(course, "marco", 1, T0 + 2 * HOUR)
    result = collection.collect(output=course / "out", due=T0 + HOUR)
    assert [p.user for p in result.problems_of("missing")] == ["sara"]
    assert [p.user for p in result.problems_of("late")] == ["marco"]
    assert "Late: 1" in (course / "out" / "collect-report.txt").read_text()


def test_a_file_claiming_another_students_work_is_set_aside(course):
    hand(course, "anna", 1, T0)
    hand(course, "marco", 2, T0, annotator="anna")  # marco hands in a file saved as anna's
    result = collection.collect(output=course / "out")
    conflicts = result.problems_of("conflict")
    assert len(conflicts) == 1 and conflicts[0].user == "marco"
    spans = {r.annotator: len(r.spans) for r in records.read_records(result.class_file)}
    assert spans == {"anna": 1}
    assert list((course / "out" / "_conflicts" / "marco").iterdir())


def test_a_file_changed_after_hand_in_is_reported_and_an_earlier_copy_used(course):
    hand(course, "anna", 1, T0)
    late = hand(course, "anna", 2, T0 + HOUR)
    name = late.files[0][0]
    (Path(late.folder) / name).write_text("{}\n")
    result = collection.collect(output=course / "out")
    assert [p.user for p in result.problems_of("damaged")] == ["anna"]
    spans = {r.annotator: len(r.spans) for r in records.read_records(result.class_file)}
    assert spans == {"anna": 1}


def test_collect_never_overwrites_silently(course):
    hand(course, "anna")
    collection.collect(output=course / "out")
    with pytest.raises(exchange.ExchangeError, match="already exists"):
        collection.collect(output=course / "out")
    collection.collect(output=course / "out", force=True)
    assert (course / "out.previous-1" / "class.jsonl").is_file()


def test_collect_shows_display_names(course, monkeypatch):
    home = course / "home-s1"
    tag(home, "s1")
    monkeypatch.setenv("INQUADRA_WORK", str(home))
    from inquadra.annotations import work

    work.set_student("Giulia R.")
    exchange.hand_in(user="s1", work_folder=home, now=T0)
    result = collection.collect(output=course / "out")
    assert result.students[0].display_name == "Giulia R."
    assert "Giulia R. (s1)" in result.text()


def test_collect_of_a_course_never_set_up_says_so(course):
    with pytest.raises(exchange.ExchangeError, match="no inbound folder"):
        collection.collect("other", output=course / "out")
    assert not (course / "out").exists()


def test_collected_output_is_private_to_the_teacher(course):
    hand(course, "anna")
    result = collection.collect(output=course / "out")
    assert (result.folder.stat().st_mode & 0o077) == 0
    assert json.loads((result.folder / "students" / "anna" / result.students[0].files[0])
                      .read_text())["annotator"] == "anna"


def _owned_by_someone_else(receipt):
    import os

    os.chown(receipt.folder, 65534, 65534)  # a classmate's folder (nobody here)


needs_root = pytest.mark.skipif(not hasattr(__import__("os"), "getuid")
                                or __import__("os").getuid() != 0,
                                reason="giving a folder another owner needs root")


@needs_root
def test_a_hand_in_planted_under_someone_elses_name_is_set_aside_whole(course):
    hand(course, "anna", 1, T0)
    # a classmate writes a later hand-in named as anna's: inbound is writable by all
    planted = hand(course, "anna", 2, T0 + HOUR)
    _owned_by_someone_else(planted)
    result = collection.collect(output=course / "out")
    assert [p.user for p in result.problems_of("conflict")] == ["anna"]
    spans = {r.annotator: len(r.spans) for r in records.read_records(result.class_file)}
    assert spans == {"anna": 1}  # her genuine hand-in, not the planted one
    (anna,) = result.students
    assert anna.handed_in == T0.strftime("%Y%m%dT%H%M%S.%fZ") and anna.hand_ins == 1
    kept = course / "out" / "_conflicts" / "anna" / Path(planted.folder).name
    assert sorted(p.name for p in kept.iterdir()) == sorted(
        [n for n, _ in planted.files] + ["receipt.json", "timestamp.txt"])
    one = json.loads((course / "out" / "students" / "anna" / anna.files[0]).read_text())
    assert len(one["spans"]) == 1


@needs_root
def test_a_student_with_only_planted_hand_ins_is_missing(course):
    planted = hand(course, "sara", 1, T0)
    _owned_by_someone_else(planted)
    result = collection.collect(output=course / "out")
    assert [p.user for p in result.problems_of("missing")] == ["anna", "marco", "sara"]
    assert result.students == () and result.class_file is None


def test_one_name_written_two_ways_sets_both_aside_without_nesting(course):
    hand(course, "anna", 1, T0)
    hand(course, "Anna", 1, T0)
    hand(course, "Anna", 2, T0 + HOUR, annotator="marco")  # a conflict of its own first
    result = collection.collect(output=course / "out")
    assert result.students == ()
    assert [p.is_file() for p in (course / "out" / "_conflicts" / "anna").iterdir()] == [True]
    assert sorted((p.name.split(".")[0], p.is_file()) for p in
                  (course / "out" / "_conflicts" / "Anna").iterdir()) == [("anna", True),
                                                                           ("marco", True)]
    assert not (course / "out" / "students").exists() or not any(
        (course / "out" / "students").iterdir())


def test_a_doubled_name_whose_files_were_all_conflicts_does_not_abort(course):
    hand(course, "anna", 1, T0)
    hand(course, "Anna", 2, T0, annotator="marco")  # Anna's one file is marco's work
    result = collection.collect(output=course / "out")
    assert sorted(p.detail.split(" ")[-1] for p in result.problems_of("conflict")) == [
        "aside", "aside"]  # marco's file in Anna's hand-in; the doubled name
    assert {p.user for p in result.problems_of("conflict")} == {"Anna", "anna"}
    assert (course / "out" / "collect-report.txt").is_file()
    assert result.students == ()


def test_a_naive_due_time_is_utc(course):
    hand(course, "anna", 1, T0 + 2 * HOUR)
    result = collection.collect(output=course / "out", due=dt.datetime(2026, 12, 1, 10, 0))
    assert [p.user for p in result.problems_of("late")] == ["anna"]


def test_collect_reads_each_handed_in_file_once(course, monkeypatch):
    hand(course, "anna", 1, T0)
    hand(course, "marco", 2, T0)
    inbound = course / "exchange" / "media-3b" / "inbound"
    reads: dict[str, int] = {}
    real = Path.read_bytes, Path.read_text

    def count(method):
        def wrapped(self, *args, **kwargs):
            if inbound in self.parents and self.name != "receipt.json":
                reads[self.name] = reads.get(self.name, 0) + 1
            return method(self, *args, **kwargs)
        return wrapped

    monkeypatch.setattr(Path, "read_bytes", count(real[0]))
    monkeypatch.setattr(Path, "read_text", count(real[1]))
    collection.collect(output=course / "out")
    assert reads and set(reads.values()) == {1}
