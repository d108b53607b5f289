"""The saved-activity service: shared state in one kernel, merging across kernels and
hand edits, unreadable files set aside, an attempt history, true save messages."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from inquadra import i18n, saved
from inquadra.activities import ChoiceState, SortingState
from inquadra.annotations import work
from inquadra.widgets import SpanTagger

LABELS = ["Naming_Choice", "Loaded_Language"]
OPTIONS = [{"text": "a", "correct": True, "explanation": "yes"},
           {"text": "b", "correct": False, "explanation": "no"}]
BUCKETS = ["beijing", "moscow"]
STATEMENTS = [{"id": "s1", "text": "one", "bucket": "beijing"},
              {"id": "s2", "text": "two", "bucket": "moscow"}]


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def _add(widget, ts, te, label="Naming_Choice"):
    widget.handle({"type": "add", "token_start": ts, "token_end": te, "label": label})


def _keys(spans):
    return sorted((s["token_start"], s["token_end"], s["label"]) for s in spans)


def _file(article, name="Giulia", activity="tagging"):
    return work.activity_path(name, article.id, activity)


# -- one kernel ---------------------------------------------------------------------
def test_two_taggers_in_one_kernel_share_one_state_and_stay_in_step(article):
    work.set_student("Giulia")
    first = SpanTagger(article, labels=LABELS)
    second = SpanTagger(article, labels=LABELS)
    assert first.store is second.store and first.session is second.session
    _add(first, 2, 5)
    _add(second, 20, 22, "Loaded_Language")
    _add(first, 30, 31)
    assert _keys(first.spans) == _keys(second.spans) == [
        (2, 5, "Naming_Choice"), (20, 22, "Loaded_Language"), (30, 31, "Naming_Choice")]
    record = json.loads(_file(article).read_text(encoding="utf-8"))
    assert _keys(record["spans"]) == _keys(first.spans)
    assert first.save_note == second.save_note == "Saved automatically for Giulia."


def test_a_different_label_set_gets_its_own_state(article):
    work.set_student("Giulia")
    a = SpanTagger(article, labels=LABELS)
    b = SpanTagger(article, labels=["Naming_Choice"])
    assert a.store is not b.store


# -- another kernel or a hand edit changed the file -----------------------------------
def _edit(path, change):
    record = json.loads(path.read_text(encoding="utf-8"))
    change(record)
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")


def _span(article, ts, te, label):
    tokens = article.tokens
    return {"start": tokens[ts][0], "end": tokens[te - 1][1], "token_start": ts,
            "token_end": te, "label": label, "note": ""}


def test_a_valid_hand_edit_between_saves_is_kept_and_the_student_told(article):
    work.set_student("Giulia")
    tagger = SpanTagger(article, labels=LABELS)
    _add(tagger, 2, 5)
    _edit(_file(article), lambda r: r["spans"].append(_span(article, 40, 42, "Loaded_Language")))
    _add(tagger, 60, 61)
    record = json.loads(_file(article).read_text(encoding="utf-8"))
    expected = [(2, 5, "Naming_Choice"), (40, 42, "Loaded_Language"), (60, 61, "Naming_Choice")]
    assert _keys(record["spans"]) == _keys(tagger.spans) == expected
    assert "also open elsewhere; both sets of tags are kept" in tagger.save_note


def test_a_tag_removed_in_one_place_but_kept_in_another_stays(article):
    work.set_student("Giulia")
    tagger = SpanTagger(article, labels=LABELS)
    _add(tagger, 2, 5)
    _add(tagger, 7, 8)
    # elsewhere: 2–5 removed, 9–10 added; here: 7–8 removed
    _edit(_file(article), lambda r: r.update(spans=[s for s in r["spans"] if s["token_start"] != 2]
                                             + [_span(article, 9, 10, "Naming_Choice")]))
    s = next(s for s in tagger.spans if s["token_start"] == 7)
    tagger.handle({"type": "delete", "start": s["start"], "end": s["end"], "label": s["label"]})
    assert _keys(tagger.spans) == [(2, 5, "Naming_Choice"), (7, 8, "Naming_Choice"),
                                   (9, 10, "Naming_Choice")]


def test_sync_takes_in_changes_without_a_local_edit(article):
    work.set_student("Giulia")
    tagger = SpanTagger(article, labels=LABELS)
    _add(tagger, 2, 5)
    _edit(_file(article), lambda r: r["spans"].append(_span(article, 40, 42, "Loaded_Language")))
    tagger.handle({"type": "sync"})
    assert (40, 42, "Loaded_Language") in _keys(tagger.spans)


def test_choices_keep_both_histories():
    work.set_student("Giulia")
    session = saved.open_activity(ChoiceState("q?", OPTIONS), "art", "02.q")
    session.state.pick(1)
    path = work.activity_path("Giulia", "art", "02.q")
    # another tab answered twice meanwhile
    _edit(path, lambda r: r.update(choice=0, correct=True, history=r["history"] + [
        {"seq": 2, "item": "choice", "attempt": 2, "answer": 0, "correct": True}]))
    session.state.pick(0)
    history = saved.history_of("Giulia", "art", "02.q")
    assert [(a.seq, a.attempt, a.answer) for a in history] == [(1, 1, 1), (2, 2, 0), (3, 3, 0)]
    assert saved.first_attempt(history, "choice").answer == 1
    assert "both histories of answers are kept" in session.note.text()


def test_sorters_merge_per_statement_and_keep_both_histories():
    work.set_student("Giulia")
    session = saved.open_activity(SortingState(STATEMENTS, BUCKETS), "art", "01.sort")
    session.state.place("s1", "moscow")
    path = work.activity_path("Giulia", "art", "01.sort")
    _edit(path, lambda r: r.update(placement={"s1": "moscow", "s2": "moscow"}, history=r["history"] + [
        {"seq": 2, "item": "s2", "attempt": 1, "answer": "moscow", "correct": True}]))
    session.state.place("s1", "beijing")
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["placement"] == {"s1": "beijing", "s2": "moscow"}
    assert [(h["item"], h["attempt"], h["answer"]) for h in record["history"]] == [
        ("s1", 1, "moscow"), ("s2", 1, "moscow"), ("s1", 2, "beijing")]
    firsts = saved.first_attempts(saved.parse_history(record["history"]))
    assert firsts["s1"].correct is False and firsts["s2"].correct is True


# -- two kernels in separate processes ---------------------------------------------------
_KERNEL = textwrap.dedent("""
    import json, sys
    from inquadra.widgets import SpanTagger
    tagger = SpanTagger(labels=["Naming_Choice", "Loaded_Language"], activity="lesson06")
    print("ready", flush=True)
    for line in sys.stdin:
        message = json.loads(line)
        tagger.handle(message)
        print(json.dumps({"spans": [[s["token_start"], s["token_end"], s["label"]] for s in tagger.spans],
                          "note": tagger.save_note, "status": tagger.status}), flush=True)
""")


def _kernel(env):
    proc = subprocess.Popen([sys.executable, "-c", _KERNEL], env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def _ask(proc, message) -> dict:
    proc.stdin.write(json.dumps(message) + "\n")
    proc.stdin.flush()
    return json.loads(proc.stdout.readline())


def test_two_kernels_in_separate_processes_tagging_interleaved_lose_nothing(article):
    work.set_student("Giulia")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    a, b = _kernel(env), _kernel(env)
    try:
        plan = [(a, 2, 5), (b, 20, 22), (a, 30, 31), (b, 40, 42), (a, 50, 53), (b, 60, 61)]
        for n, (proc, ts, te) in enumerate(plan):
            reply = _ask(proc, {"type": "add", "token_start": ts, "token_end": te,
                                "label": "Loaded_Language" if n % 2 else "Naming_Choice"})
            assert "Tagged" in reply["status"], reply
            if n == 2:  # a hand edit between saves
                _edit(_file(article, activity="lesson06"),
                      lambda r: r["spans"].append(_span(article, 70, 72, "Naming_Choice")))
        views = [_ask(proc, {"type": "sync"}) for proc in (a, b)]
    finally:
        for proc in (a, b):
            proc.stdin.close()
            proc.wait(timeout=30)
    expected = sorted([(ts, te, "Loaded_Language" if n % 2 else "Naming_Choice")
                       for n, (_p, ts, te) in enumerate(plan)] + [(70, 72, "Naming_Choice")])
    record = json.loads(_file(article, activity="lesson06").read_text(encoding="utf-8"))
    assert _keys(record["spans"]) == expected
    for view in views:
        assert sorted(tuple(s) for s in view["spans"]) == expected
        assert "This activity is also open elsewhere; both sets of tags are kept." in view["note"]


# -- unreadable files -----------------------------------------------------------------------
@pytest.mark.parametrize("damage", [b"{not json\n", b"\x80\x04pickle", b'{"schema": 1, "spans": 3}\n'])
def test_an_unreadable_file_is_set_aside_never_overwritten(article, damage):
    work.set_student("Giulia")
    path = _file(article)
    path.write_bytes(damage)
    tagger = SpanTagger(article, labels=LABELS)
    assert tagger.status_kind == "error" and "the old file is kept" in tagger.status
    assert path.read_bytes() == damage  # opening alone changes nothing
    _add(tagger, 2, 5)
    assert (path.parent / f"{path.name}.unread-1").read_bytes() == damage
    assert _keys(json.loads(path.read_text(encoding="utf-8"))["spans"]) == [(2, 5, "Naming_Choice")]
    assert not list(path.parent.glob("*.corrupt-*"))


def test_a_second_unreadable_file_gets_the_next_number(article):
    work.set_student("Giulia")
    path = _file(article)
    (path.parent / f"{path.name}.unread-1").write_text("older")
    path.write_text("{broken")
    _add(SpanTagger(article, labels=LABELS), 2, 5)
    assert (path.parent / f"{path.name}.unread-2").read_text() == "{broken"
    assert (path.parent / f"{path.name}.unread-1").read_text() == "older"


# -- save messages tell the truth -------------------------------------------------------------
@pytest.mark.parametrize("code, words", [
    (errno.ENOSPC, "the disk is full"),
    (errno.EROFS, "is read-only"),
    (errno.EACCES, "you may not write in the work folder"),
    (errno.EFBIG, "a file-size limit"),
])
def test_a_failed_save_shows_its_cause_until_a_save_succeeds(article, monkeypatch, code, words):
    work.set_student("Giulia")
    tagger = SpanTagger(article, labels=LABELS)
    real = saved.write_atomic

    def broken(path, data):
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(saved, "write_atomic", broken)
    _add(tagger, 2, 5)
    assert words in tagger.save_note and "Set your name" not in tagger.save_note
    assert tagger.status_kind == "error" and words in tagger.status
    tagger.handle({"type": "undo"})  # another failed save: the cause is still there
    assert words in tagger.save_note and not tagger.saved
    monkeypatch.setattr(saved, "write_atomic", real)
    tagger.handle({"type": "redo"})
    assert tagger.save_note == "Saved automatically for Giulia." and tagger.saved
    assert _keys(json.loads(_file(article).read_text(encoding="utf-8"))["spans"]) == [
        (2, 5, "Naming_Choice")]


def test_a_real_file_size_limit_is_named(tmp_path):
    script = textwrap.dedent("""
        import resource, sys
        from inquadra import saved
        from inquadra.activities import SortingState
        from inquadra.annotations import work
        work.set_student("Giulia")
        long = [{"id": f"s{i}", "text": "x", "bucket": "a"} for i in range(400)]
        session = saved.open_activity(SortingState(long, ["a", "b"]), "art", "big")
        resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))
        for i in range(400):
            session.state.place(f"s{i}", "a")
        print(session.note.text())
    """)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                         timeout=60)
    assert "a file-size limit" in out.stdout, out.stderr


def test_work_pointing_at_a_file_says_so_not_set_your_name(article, tmp_path, monkeypatch):
    work.set_student("Giulia")
    target = tmp_path / "not-a-folder.txt"
    target.write_text("x")
    monkeypatch.setenv("INQUADRA_WORK", str(target))
    tagger = SpanTagger(article, labels=LABELS)
    _add(tagger, 2, 5)
    assert "INQUADRA_WORK points at a file" in tagger.save_note
    assert "Set your name" not in tagger.save_note and tagger.status_kind == "error"
    assert target.read_text() == "x"


def test_relative_work_folder_is_taken_from_home_not_the_notebook_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("INQUADRA_WORK", "classe/3B")
    monkeypatch.chdir(tmp_path)
    first = work.work_dir()
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    assert work.work_dir() == first == (tmp_path / "home" / "classe" / "3B").resolve()


def test_relative_work_folder_without_a_home_is_refused(monkeypatch):
    monkeypatch.setenv("INQUADRA_WORK", "work")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: (_ for _ in ()).throw(RuntimeError())))
    with pytest.raises(work.WorkError, match="relative path .*home folder is unknown"):
        work.work_dir()


# -- history -------------------------------------------------------------------------------------
def test_history_numbers_attempts_per_item_with_a_monotonic_sequence():
    work.set_student("Giulia")
    session = saved.open_activity(SortingState(STATEMENTS, BUCKETS), "art", "01.sort")
    state = session.state
    state.place("s1", "moscow")
    state.place("s2", "moscow")
    state.place("s1", "beijing")
    state.check()
    history = saved.history_of("Giulia", "art", "01.sort")
    assert [a.seq for a in history] == [1, 2, 3, 4]
    assert [(a.item, a.attempt, a.correct) for a in history] == [
        ("s1", 1, False), ("s2", 1, True), ("s1", 2, True), ("check", 1, True)]
    assert session.first_attempt("s1").answer == "moscow"


def test_a_broken_history_is_refused_with_the_entry_number():
    with pytest.raises(saved.SavedError, match="history entry 2"):
        saved.parse_history([{"seq": 1, "item": "a", "attempt": 1, "answer": 0, "correct": None},
                             {"seq": 2, "item": "a", "attempt": 0, "answer": 1}])
