"""Saved work: names, file paths inside the work folder, atomic saves, no overwriting."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from inquadra.annotations import work
from inquadra.annotations.records import AnnotationFileError, read_records
from inquadra.annotations.spans import SpanStore

LABELS = ["Naming_Choice", "Personalisation"]


def test_work_dir_follows_env_and_is_created(tmp_path, monkeypatch):
    monkeypatch.setenv("INQUADRA_WORK", str(tmp_path / "classe" / "3B"))
    assert work.work_dir() == (tmp_path / "classe" / "3B").resolve()
    assert work.work_dir().is_dir()


def test_work_dir_default_is_home(tmp_path, monkeypatch):
    monkeypatch.delenv("INQUADRA_WORK")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert work.work_dir() == (tmp_path / "inquadra-work").resolve()


@pytest.mark.parametrize(
    "name, message",
    [
        ("", "The name is empty"),
        ("   ", "The name is empty"),
        ("x" * 61, "The name is too long (61 characters)"),
        ("../rossi", "may not contain '/'"),
        ("..", "may not contain '..'"),
        ("anna/b", "may not contain '/'"),
        ("anna\\b", "may not contain '\\\\'"),
        ("anna\x00b", "invisible control characters"),
        ("anna\nb", "invisible control characters"),
        ("anna\u2028b", "invisible control characters"),
        ("anna\u2029b", "invisible control characters"),
        (".anna", "may not start with a dot"),
        (42, "The name must be text"),
    ],
)
def test_bad_student_names_are_refused(name, message):
    with pytest.raises(work.WorkError, match=None) as info:
        work.set_student(name)
    assert message in str(info.value)
    assert work.get_student() is None


@pytest.mark.parametrize("name", ["Giulia", "  Zoë Rossi ", "D’Amico L.", "李明"])
def test_student_name_persists(name):
    assert work.set_student(name) == name.strip()
    assert work.get_student() == name.strip()


def test_student_file_corrupt_is_reported_not_deleted():
    path = work.work_dir() / "student.json"
    path.write_text('{"student": "Giu', encoding="utf-8")
    with pytest.raises(work.WorkError, match="student.json.*not valid JSON"):
        work.get_student()
    assert path.read_text(encoding="utf-8") == '{"student": "Giu'


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Giulia", "giulia"),
        ("Zoë Rossi", "zoe-rossi"),
        ("D’Amico L.", "d-amico-l"),
        ("lesson03", "lesson03"),
        ("000_a3bf1baf7ef32c25", "000_a3bf1baf7ef32c25"),
        ("../..", None),
    ],
)
def test_safe_name(name, slug):
    result = work.safe_name(name)
    assert "." not in result and "/" not in result and result
    if slug is not None:
        assert result == slug


def test_safe_name_keeps_non_latin_names_apart():
    assert work.safe_name("李明") != work.safe_name("王芳")
    assert work.safe_name("Straße") != work.safe_name("Strae")


def test_activity_path_is_inside_work_dir():
    path = work.activity_path("../../Giulia", "000_a3bf1baf7ef32c25", "../lesson03")
    assert path.parent == work.work_dir()
    assert path.name == "giulia.000_a3bf1baf7ef32c25.lesson03.jsonl"


def test_activity_path_refuses_symlink_out_of_work_dir(tmp_path):
    outside = tmp_path / "outside.jsonl"
    outside.write_text("{}\n")
    (work.work_dir() / "giulia.a.b.jsonl").symlink_to(outside)
    with pytest.raises(work.WorkError, match="outside the work folder"):
        work.activity_path("Giulia", "a", "b")


def test_save_and_load_activity():
    payload = {"answers": {"q1": "b", "q2": ["p08.s1", "p13.s1"]}}
    path = work.save_activity("Giulia", "000_a3bf1baf7ef32c25", "quiz04", payload)
    assert path.is_file()
    loaded = work.load_activity("Giulia", "000_a3bf1baf7ef32c25", "quiz04")
    assert loaded["answers"] == payload["answers"]
    assert loaded["annotator"] == "Giulia"


def test_load_activity_missing_is_none():
    assert work.load_activity("Giulia", "000_a3bf1baf7ef32c25", "quiz04") is None


def test_refuses_to_overwrite_another_annotators_file():
    work.save_activity("Anna B", "art", "quiz", {"answer": 1})
    with pytest.raises(
        work.WorkError, match="already holds work with annotator 'Anna B', not 'anna b'"
    ):
        work.save_activity("anna b", "art", "quiz", {"answer": 2})
    assert work.load_activity("Anna B", "art", "quiz")["answer"] == 1


def test_payload_cannot_claim_another_identity():
    with pytest.raises(work.WorkError, match="The payload's 'annotator' is 'Marco'"):
        work.save_activity("Giulia", "art", "quiz", {"annotator": "Marco"})


def test_payload_must_be_json():
    with pytest.raises(work.WorkError, match="cannot be saved as JSON"):
        work.save_activity("Giulia", "art", "quiz", {"x": {1, 2}})


def test_corrupt_activity_is_reported_and_kept():
    path = work.activity_path("Giulia", "art", "quiz")
    path.write_bytes(b'{"answer": ')
    with pytest.raises(work.WorkError, match=f"{path.name}, line 1: not valid JSON.*kept as it is"):
        work.load_activity("Giulia", "art", "quiz")
    assert path.read_bytes() == b'{"answer": '


def test_saving_over_corrupt_file_keeps_a_copy():
    path = work.activity_path("Giulia", "art", "quiz")
    path.write_bytes(b"\x80\x04garbage")
    work.save_activity("Giulia", "art", "quiz", {"answer": 3})
    assert (path.parent / f"{path.name}.unread-1").read_bytes() == b"\x80\x04garbage"
    assert work.load_activity("Giulia", "art", "quiz")["answer"] == 3


def test_store_round_trip(article):
    store = SpanStore(article, "Giulia", LABELS)
    store.add(*article.find("torta di compleanno"), "Personalisation", note="aneddoto")
    path = work.save_store(store, "lesson05")
    (record,) = read_records(path)
    assert record.annotator == "Giulia" and record.activity == "lesson05"
    again = work.load_store(article, "Giulia", "lesson05", LABELS)
    assert again.spans == store.spans and not again.can_undo


def test_load_store_empty_when_nothing_saved(article):
    store = work.load_store(article, "Giulia", "lesson05", LABELS)
    assert store.spans == () and store.annotator == "Giulia"


def test_save_store_needs_a_name(article):
    with pytest.raises(work.WorkError, match="Set your name before saving"):
        work.save_store(SpanStore(article, "", LABELS), "lesson05")


def test_load_store_damaged_file_names_file(article):
    path = work.activity_path("Giulia", article.id, "lesson05")
    path.write_text('{"schema": 1}\n', encoding="utf-8")
    with pytest.raises(
        AnnotationFileError, match=f'{path.name}, line 1: the record has no "article"'
    ):
        work.load_store(article, "Giulia", "lesson05", LABELS)


def test_load_store_refuses_labels_outside_activity(article):
    store = SpanStore(article, "Giulia", ["Loaded_Language"])
    store.add(*article.find("sanzioni illegali"), "Loaded_Language")
    work.save_store(store, "lesson05")
    with pytest.raises(
        work.WorkError, match="spans labelled Loaded_Language, which this activity does not use"
    ):
        work.load_store(article, "Giulia", "lesson05", LABELS)


_SAVER = """
import sys
from inquadra.annotations import work
i = 0
print("ready", flush=True)
while True:
    i += 1
    work.save_activity("Giulia", "art", "loop", {"n": i, "pad": "x" * 20000})
"""


def test_killed_save_leaves_a_readable_file(tmp_path):
    env = dict(os.environ)
    work.save_activity("Giulia", "art", "loop", {"n": 0, "pad": ""})
    path = work.activity_path("Giulia", "art", "loop")
    seen = []
    for attempt in range(5):
        proc = subprocess.Popen([sys.executable, "-c", _SAVER], env=env, stdout=subprocess.PIPE)
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(0.15 + 0.05 * attempt)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["annotator"] == "Giulia"
        seen.append(data["n"])
    assert max(seen) > 0
    assert work.load_activity("Giulia", "art", "loop")["n"] == seen[-1]


def test_stale_temp_files_of_a_killed_save_are_swept():
    path = work.activity_path("Giulia", "art", "quiz")
    stale = path.parent / f".{path.name}.abc123.tmp"
    fresh = path.parent / f".{path.name}.def456.tmp"
    stale.write_text("{")
    fresh.write_text("{")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    work.save_activity("Giulia", "art", "quiz", {"answer": 1})
    assert not stale.exists() and fresh.exists()


def _stale_hash(path):
    record = json.loads(path.read_text(encoding="utf-8"))
    record["text_sha256"] = "0" * 64
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")


def _other_labels(path):
    record = json.loads(path.read_text(encoding="utf-8"))
    for span in record["spans"]:
        span["label"] = "Loaded_Language"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")


@pytest.mark.parametrize("damage", [_stale_hash, _other_labels])
def test_saving_over_a_file_that_cannot_be_restored_keeps_a_copy(article, damage):
    old = SpanStore(article, "Giulia", LABELS)
    old.add(*article.find("torta di compleanno"), "Personalisation")
    path = work.save_store(old, "lesson05")
    damage(path)
    before = path.read_bytes()
    with pytest.raises((AnnotationFileError, work.WorkError)):
        work.load_store(article, "Giulia", "lesson05", LABELS)
    fresh = SpanStore(article, "Giulia", LABELS)
    fresh.add(*article.find("Buon compleanno"), "Personalisation")
    work.save_store(fresh, "lesson05")
    assert (path.parent / f"{path.name}.unread-1").read_bytes() == before
    assert work.load_store(article, "Giulia", "lesson05", LABELS).spans == fresh.spans


def test_name_messages_follow_the_language():
    from inquadra import i18n

    i18n.set_language("it")
    try:
        with pytest.raises(work.WorkError, match="Il nome è vuoto"):
            work.set_student("   ")
    finally:
        i18n.set_language("en")


def test_current_student_is_none_when_the_name_file_is_unreadable():
    assert work.current_student() is None
    work.set_student("Ada")
    assert work.current_student() == "Ada"
    (work.work_dir() / "student.json").write_text("{not json", encoding="utf-8")
    assert work.current_student() is None


def test_saving_without_a_name_is_explained_in_italian(article):
    from inquadra import i18n
    from inquadra.annotations.spans import SpanStore

    store = SpanStore(article, "", ["Naming_Choice"])
    i18n.set_language("it")
    try:
        with pytest.raises(work.WorkError, match="Imposta il tuo nome prima di salvare"):
            work.save_store(store, "03.terms")
    finally:
        i18n.set_language("en")
