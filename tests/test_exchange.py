"""exchange: hand-ins in nbgrader's layout, atomic, with a receipt; students write, teacher reads."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat

import pytest

from inquadra import article, bundles, exchange
from inquadra.annotations import work
from inquadra.annotations.spans import SpanStore

T0 = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.timezone.utc)


def tag(folder, annotator, n=1, activity="lesson06"):
    """Save ``n`` spans for ``annotator`` in ``folder`` (a student's work folder)."""
    os.environ["INQUADRA_WORK"] = str(folder)
    seed = article.load()
    store = SpanStore(seed, annotator, ["Naming_Choice", "Loaded_Language"])
    for needle in ["operazione militare speciale", "sanzioni illegali"][:n]:
        store.add(*seed.find(needle), "Naming_Choice")
    return work.save_store(store, activity)


@pytest.fixture
def course(tmp_path, monkeypatch):
    root = tmp_path / "exchange"
    monkeypatch.setenv("INQUADRA_EXCHANGE", str(root))
    monkeypatch.setenv("INQUADRA_COURSE", "media-3b")
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    exchange.setup("media-3b", roster=["anna", "marco"])
    return root


def test_setup_gives_inbound_write_only_for_students(course):
    inbound = course / "media-3b" / "inbound"
    assert stat.S_IMODE(inbound.stat().st_mode) == 0o733
    assert exchange.read_roster("media-3b") == ("anna", "marco")


def test_hand_in_copies_own_work_in_nbgrader_layout(course, tmp_path):
    home = tmp_path / "anna"
    saved = tag(home, "anna")
    receipt = exchange.hand_in(user="anna", work_folder=home, now=T0, activity="lesson06")
    folder = course / "media-3b" / "inbound" / os.path.basename(receipt.folder)
    user, activity, stamp, token = folder.name.split("+")
    assert (user, activity, stamp) == ("anna", "lesson06", "20261201T093000.000000Z")
    assert len(token) == 12
    assert (folder / saved.name).read_bytes() == saved.read_bytes()
    listed = json.loads((folder / "receipt.json").read_text())
    assert [f["name"] for f in listed["files"]] == [saved.name]
    assert (home / "hand-ins" / "receipt-lesson06-20261201T093000.000000Z.json").is_file()


def test_hand_in_leaves_out_files_saved_by_someone_else(course, tmp_path):
    home = tmp_path / "shared-pc"
    tag(home, "anna")
    tag(home, "marco")
    receipt = exchange.hand_in(user="anna", work_folder=home, now=T0)
    assert [n for n, _ in receipt.files] == [f"anna.{bundles.SEED_ID}.lesson06.jsonl"]
    assert any("marco" in reason for _, reason in receipt.skipped)


def test_hand_in_on_a_hub_is_under_the_hub_user(course, tmp_path, monkeypatch):
    home = tmp_path / "s7"
    tag(home, "student07")
    monkeypatch.setenv("INQUADRA_WORK", str(home))
    work.set_student("Marco")  # the typed name cannot redirect the hand-in
    monkeypatch.setenv("JUPYTERHUB_USER", "student07")
    receipt = exchange.hand_in(now=T0)
    assert receipt.user == "student07"
    assert os.path.basename(receipt.folder).startswith("student07+inquadra+")


def test_hand_in_without_setup_says_ask_the_teacher(tmp_path, monkeypatch):
    tag(tmp_path / "w", "anna")
    with pytest.raises(exchange.ExchangeError, match="inquadra exchange setup --course ghost"):
        exchange.hand_in("ghost", tmp_path / "nowhere", user="anna", work_folder=tmp_path / "w")


def test_hand_in_with_nothing_saved_is_refused(course, tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(exchange.ExchangeError, match="Nothing to hand in"):
        exchange.hand_in(user="anna", work_folder=tmp_path / "empty")


def test_a_failed_hand_in_leaves_no_partial_folder(course, tmp_path, monkeypatch):
    home = tmp_path / "anna"
    tag(home, "anna")

    def broken(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exchange.os, "rename", broken)
    with pytest.raises(exchange.ExchangeError, match="No space left"):
        exchange.hand_in(user="anna", work_folder=home, now=T0)
    assert list((course / "media-3b" / "inbound").iterdir()) == []


@pytest.mark.parametrize("bad", ["", "a+b", "../up", "has space", "-x"])
def test_course_names_that_break_the_layout_are_refused(bad):
    with pytest.raises(exchange.ExchangeError, match="cannot"):
        exchange.check_name(bad, "course")


def test_no_course_says_how_to_set_one(monkeypatch):
    monkeypatch.delenv("INQUADRA_COURSE", raising=False)
    with pytest.raises(exchange.ExchangeError, match="INQUADRA_COURSE"):
        exchange.course_name(None)


@pytest.mark.parametrize("text, expected", [
    ("2026-12-01T21:00", dt.datetime(2026, 12, 1, 21, 0, tzinfo=dt.timezone.utc)),
    ("2026-12-01T22:00+01:00", dt.datetime(2026, 12, 1, 21, 0, tzinfo=dt.timezone.utc)),
    ("20261201T210000.000000Z", dt.datetime(2026, 12, 1, 21, 0, tzinfo=dt.timezone.utc)),
])
def test_parse_time(text, expected):
    assert exchange.parse_time(text) == expected


def test_find_hand_ins_reports_odd_names(course):
    (course / "media-3b" / "inbound" / "stray-folder").mkdir()
    found, odd = exchange.find_hand_ins("media-3b")
    assert found == [] and odd[0][0] == "stray-folder"


def test_hand_in_off_a_hub_without_a_name_says_set_it(course):
    with pytest.raises(exchange.ExchangeError, match="Set your name first"):
        exchange.hand_in()


def test_a_receipt_copy_that_cannot_be_kept_is_a_warning_not_a_failure(course, tmp_path,
                                                                         monkeypatch):
    home = tmp_path / "anna"
    tag(home, "anna")

    def full(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exchange, "write_atomic", full)
    receipt = exchange.hand_in(user="anna", work_folder=home, now=T0)
    assert os.path.isdir(receipt.folder)
    assert len(receipt.warnings) == 1 and "No space left on device" in receipt.warnings[0]
    assert "hand-ins" in receipt.warnings[0]


def test_hand_in_errors_are_translated(course, tmp_path):
    from inquadra import i18n

    (tmp_path / "empty").mkdir()
    with pytest.raises(exchange.ExchangeError) as caught:
        exchange.hand_in(user="anna", work_folder=tmp_path / "empty")
    italian = caught.value.text("it")
    assert italian.startswith("Niente da consegnare") and "'anna'" in italian
    i18n.set_language("it")
    try:
        with pytest.raises(exchange.ExchangeError, match="Prima scrivi il tuo nome"):
            exchange.hand_in()
    finally:
        i18n.set_language("en")


def test_a_failed_rename_is_reported_in_italian_too(course, tmp_path, monkeypatch):
    home = tmp_path / "anna"
    tag(home, "anna")
    monkeypatch.setattr(exchange.os, "rename",
                        lambda a, b: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    with pytest.raises(exchange.ExchangeError) as caught:
        exchange.hand_in(user="anna", work_folder=home, now=T0)
    assert caught.value.text("it").startswith("Consegna non riuscita")


def test_hand_in_reads_each_saved_file_once(course, tmp_path, monkeypatch):
    from pathlib import Path

    home = tmp_path / "anna"
    tag(home, "anna")
    reads = []
    real = Path.read_bytes, Path.read_text
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self.name) or real[0](self))
    monkeypatch.setattr(Path, "read_text",
                        lambda self, *a, **k: reads.append(self.name) or real[1](self, *a, **k))
    receipt = exchange.hand_in(user="anna", work_folder=home, now=T0)
    name = receipt.files[0][0]
    assert reads.count(name) == 1


def test_the_hand_in_errors_a_student_reads_are_in_italian_too(course, tmp_path):
    tag(tmp_path / "w", "anna")
    with pytest.raises(exchange.ExchangeError) as caught:
        exchange.hand_in("ghost", tmp_path / "nowhere", user="anna", work_folder=tmp_path / "w")
    assert caught.value.text("it").startswith("Il corso 'ghost' non ha una cartella per le consegne")
    assert "inquadra exchange setup --course ghost" in caught.value.text("it")
    with pytest.raises(exchange.ExchangeError, match="contains '\\+'") as caught:
        exchange.hand_in(user="anna+bea", work_folder=tmp_path / "w")
    assert caught.value.text("it").startswith("Il nome 'anna+bea' contiene '+'")
