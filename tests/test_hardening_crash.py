"""Saving killed at random moments: the file is always a whole old or new version.

A helper process imports inquadra once, then forks one saver a round; the
saver rewrites its files in a loop (``work.save_store`` and
``work.save_activity``) until the test kills it with SIGKILL after a seeded
random delay. After every kill each file must read back complete and valid,
with a version no older than the one seen after the previous kill, and the
temporary files a kill leaves behind must never be taken for data.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from inquadra.annotations import merge as mg
from inquadra.annotations import work
from inquadra.annotations.records import read_records

KILLS = 30
SEED = 20220615
ACTIVITY = "crash-lesson"
PAYLOAD_ACTIVITY = "crash-answers"

# Versions are written in strictly increasing order. A version n of the store
# holds one Naming_Choice span on each of tokens 0 … (n % 40); a version n of
# the answers holds n and a padding made of n, so a mix of two versions shows.
_HELPER = r"""
import os, sys, signal
from inquadra import article
from inquadra.annotations import spans, work

art = article.load()
art.tokens
labels = ["Naming_Choice"]

def save_store(n):
    store = spans.SpanStore(art, "Giulia", labels)
    for i in range(n % 40 + 1):
        store.add_tokens(i, i + 1, "Naming_Choice", note=f"v{n}")
    work.save_store(store, sys.argv[1])

def save_answers(n):
    work.save_activity("Giulia", art.id, sys.argv[2], {"n": n, "pad": str(n) * 40000})

print("ready", flush=True)
for line in sys.stdin:
    start = int(line)
    pid = os.fork()
    if pid == 0:
        n = start
        while True:
            n += 1
            save_store(n)
            save_answers(n)
    print(pid, flush=True)
    os.waitpid(pid, 0)
    print("reaped", flush=True)
"""


def _store_version(path, article) -> int:
    (record,) = read_records(path, article=article)
    assert record.annotator == "Giulia" and record.activity == ACTIVITY
    count = len(record.spans)
    assert [(s.token_start, s.token_end) for s in record.spans] == [(i, i + 1) for i in range(count)]
    notes = {s.note for s in record.spans}
    assert len(notes) == 1, f"spans from two versions in one file: {notes}"
    version = int(notes.pop()[1:])
    assert count == version % 40 + 1
    return version


def _answer_version() -> int:
    data = work.load_activity("Giulia", "000_a3bf1baf7ef32c25", PAYLOAD_ACTIVITY)
    assert data["pad"] == str(data["n"]) * 40000
    return data["n"]


@pytest.fixture
def helper():
    proc = subprocess.Popen(
        [sys.executable, "-c", _HELPER, ACTIVITY, PAYLOAD_ACTIVITY],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=dict(os.environ),
    )
    try:
        assert proc.stdout.readline().strip() == "ready"
        yield proc
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_sigkill_during_saving_never_leaves_a_broken_file(helper, article):
    rng = random.Random(SEED)
    store_path = work.activity_path("Giulia", article.id, ACTIVITY)
    answers_path = work.activity_path("Giulia", article.id, PAYLOAD_ACTIVITY)
    last_store, last_answers, changed = 0, 0, 0
    started = time.monotonic()
    for _ in range(KILLS):
        helper.stdin.write(f"{max(last_store, last_answers)}\n")
        helper.stdin.flush()
        pid = int(helper.stdout.readline())
        time.sleep(rng.uniform(0.02, 0.12))
        os.kill(pid, signal.SIGKILL)
        assert helper.stdout.readline().strip() == "reaped"
        if not store_path.exists():
            continue  # killed before the very first save finished
        store_version = _store_version(store_path, article)
        assert store_version >= last_store
        changed += store_version != last_store
        last_store = store_version
        if answers_path.exists():
            answer_version = _answer_version()
            assert answer_version >= last_answers
            last_answers = answer_version
    assert time.monotonic() - started < 20
    assert changed >= KILLS // 2, f"only {changed} of {KILLS} rounds saved anything; the test saw too little"
    folder = work.work_dir()
    names = sorted(p.name for p in folder.iterdir())
    data_files = [n for n in names if not n.startswith(".")]
    assert data_files == sorted([store_path.name, answers_path.name])
    leftovers = [n for n in names if n.startswith(".")]
    assert all(n.endswith(".tmp") for n in leftovers), leftovers
    assert not any(".unread-" in n for n in names)
    report = mg.merge(folder)
    assert [(f.name, f.status) for f in report.files] == [(store_path.name, "accepted")]
    assert report.answers is not None and report.answers.files == 1  # the answers, read apart
    assert not report.answers.problems
    print(f"{KILLS} kills: {changed} rounds saved, last version {last_store}, "
          f"{len(leftovers)} temp files left by kills")
    store = work.load_store(article, "Giulia", ACTIVITY, ["Naming_Choice"])
    assert len(store) == last_store % 40 + 1


def test_a_stray_temp_file_beside_the_saved_work_is_ignored(article):
    store = work.load_store(article, "Giulia", ACTIVITY, ["Naming_Choice"])
    store.add_tokens(0, 2, "Naming_Choice")
    path = work.save_store(store, ACTIVITY)
    stray = path.with_name(f".{path.name}.abc123.tmp")
    stray.write_text('{"schema": 1, "spans": [', encoding="utf-8")
    (path.parent / f".{path.name}.jsonl").write_text("half a line", encoding="utf-8")
    again = work.load_store(article, "Giulia", ACTIVITY, ["Naming_Choice"])
    assert again.spans == store.spans
    report = mg.merge(path.parent)
    assert [f.name for f in report.files] == [path.name]
    assert json.loads(path.read_text(encoding="utf-8"))["spans"][0]["token_end"] == 2
