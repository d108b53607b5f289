"""Hostile annotation files through ``merge``: each is rejected with its file, line and reason.

``test_records.py`` checks ``read_records`` on one file at a time; here every
hostile file sits in a class folder beside a good one and goes through
``merge`` (and the ``inquadra merge`` command), which must name the file and
the line, keep the good submission and never crash.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import tracemalloc
from contextlib import redirect_stderr, redirect_stdout

import pytest

from inquadra import article as article_module
from inquadra import cli
from inquadra.annotations import merge as mg
from inquadra.annotations.records import read_records
from inquadra.annotations.spans import SpanStore


@pytest.fixture(scope="module")
def good(article) -> dict:
    store = SpanStore(article, "Giulia", ["Naming_Choice", "Loaded_Language"])
    store.add(*article.find("ha invaso"), "Naming_Choice")
    store.add(*article.find("sanzioni illegali"), "Loaded_Language", note="parola del Cremlino")
    from inquadra.annotations.records import AnnotationRecord

    return AnnotationRecord.from_store(store, "lesson03").to_dict()


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _span(good: dict, **changes) -> dict:
    return {**good, "annotator": "Bea", "spans": [{**good["spans"][0], **changes}]}


def _other(good: dict, **changes) -> dict:
    """The good record under another annotator (so it is not a duplicate of the good file)."""
    return {**good, "annotator": "Bea", **changes}


def _build(kind: str, good: dict) -> bytes:
    """The bytes of one hostile file."""
    first = _dumps(_other(good, annotator="Carla"))
    s0 = good["spans"][0]
    if kind == "truncated":
        return (first + "\n" + _dumps(_other(good))[:-25]).encode()
    if kind == "truncated_mid_utf8":
        return (first + "\n").encode() + _dumps(_other(good, annotator="Zoë")).encode()[:-3][:120]
    builders = {
        "record_is_a_list": lambda: [good],
        "schema_text": lambda: _other(good, schema="1"),
        "schema_float": lambda: _other(good, schema=1.0),
        "article_number": lambda: _other(good, article=7),
        "annotator_null": lambda: _other(good, annotator=None),
        "spans_object": lambda: _other(good, spans={"0": s0}),
        "span_is_text": lambda: _other(good, spans=["591-600"]),
        "start_text": lambda: _span(good, start=str(s0["start"])),
        "start_float": lambda: _span(good, start=s0["start"] + 0.5),
        "end_bool": lambda: _span(good, end=True),
        "label_list": lambda: _span(good, label=["Naming_Choice"]),
        "note_number": lambda: _span(good, note=3),
        "note_too_long": lambda: _span(good, note="x" * 1001),
        "negative": lambda: _span(good, start=-1),
        "reversed": lambda: _span(good, start=s0["end"], end=s0["start"]),
        "empty_range": lambda: _span(good, end=s0["start"]),
        "past_the_end": lambda: _span(good, end=10**9),
        "token_past_the_end": lambda: _span(good, token_end=10**6),
        "start_inside_word": lambda: _span(good, start=s0["start"] + 1),
        "end_inside_word": lambda: _span(good, end=s0["end"] - 1),
        "tokens_do_not_match": lambda: _span(good, token_start=s0["token_start"] + 1),
        "unknown_label": lambda: _span(good, label="Propaganda"),
        "label_html": lambda: _span(good, label="<script>alert(1)</script>"),
        "other_text_hash": lambda: _other(
            good, text_sha256=article_module.text_sha256("Un altro articolo.\n\nAltro testo.")),
        "schema_2": lambda: _other(good, schema=2),
        "annotator_control": lambda: _other(good, annotator="Bea\x1b[31m"),
        "annotator_too_long": lambda: _other(good, annotator="B" * 61),
    }
    if kind in builders:
        return (first + "\n" + _dumps(builders[kind]()) + "\n").encode()
    if kind == "surrogate_annotator":
        return (first + "\n" + _dumps(_other(good, annotator="BEA")).replace("BEA", "Be\\ud800a") + "\n").encode()
    if kind == "surrogate_activity":
        return (first + "\n" + _dumps(_other(good, activity="ACT")).replace('"ACT"', '"l\\udc80"') + "\n").encode()
    if kind == "surrogate_note":
        line = _dumps(_span(good, note="NOTE")).replace("NOTE", "a \\udfff b")
        return (first + "\n" + line + "\n").encode()
    if kind == "huge_number":
        return (first + "\n" + _dumps(_span(good, start=0)).replace('"start": 0', '"start": ' + "9" * 5000)).encode()
    if kind == "infinity":
        return (first + "\n" + _dumps(_span(good, start=0)).replace('"start": 0', '"start": Infinity')).encode()
    if kind == "nested_lists":
        return b"[" * 100_000 + b"]" * 100_000 + b"\n"
    if kind == "nested_objects":
        return (first + "\n").encode() + b'{"a":' * 100_000 + b"1" + b"}" * 100_000 + b"\n"
    if kind == "nul_bytes":
        return bytes(range(256)) * 4
    if kind == "random_binary":
        import random

        rng = random.Random(7)
        return bytes(rng.randrange(1, 256) for _ in range(4096)).replace(b"\x80", b"\x81")
    if kind == "pickle":
        return pickle.dumps(good, protocol=pickle.HIGHEST_PROTOCOL)
    if kind == "pickle_protocol_0":
        return pickle.dumps(good, protocol=0)
    if kind == "utf16":
        return (_dumps(good) + "\n").encode("utf-16")
    if kind == "latin1_second_line":
        return (first + "\n").encode() + _dumps(_other(good, annotator="Niccolò")).encode("latin-1")
    if kind == "bom_mid_file":
        return (first + "\n\ufeff" + _dumps(_other(good)) + "\n").encode()
    if kind == "only_bom":
        return b"\xef\xbb\xbf\r\n\r\n"
    if kind == "empty":
        return b""
    if kind == "duplicate_span":
        return (first + "\n" + _dumps(_other(good, spans=[good["spans"][0]] * 2)) + "\n").encode()
    raise AssertionError(kind)


# kind, line of the reason (None: the whole file), fragment of the reason
HOSTILE = [
    ("truncated", 2, "not valid JSON at column"),
    ("truncated_mid_utf8", 2, "not valid JSON"),
    ("record_is_a_list", 2, "expected a JSON object {…} (one annotation record a line), found a list."),
    ("schema_text", 2, '"schema" must be the number 1, found text.'),
    ("schema_float", 2, '"schema" must be the number 1, found a number.'),
    ("article_number", 2, '"article" must be text, found a number.'),
    ("annotator_null", 2, "The annotator must be a name (text), got null."),
    ("spans_object", 2, '"spans" must be a list [...], found an object.'),
    ("span_is_text", 2, "span 1: A span must be a JSON object, got str."),
    ("start_text", 2, "span 1: The span's 'start' must be a whole number, got '591'."),
    ("start_float", 2, "span 1: The span's 'start' must be a whole number, got 591.5."),
    ("end_bool", 2, "span 1: The span's 'end' must be a whole number, got True."),
    ("label_list", 2, "span 1: The span's 'label' must be text, got ['Naming_Choice']."),
    ("note_number", 2, "span 1: A note must be text, got int."),
    ("note_too_long", 2, "span 1: A note may have at most 1000 characters; this one has 1001."),
    ("negative", 2, "span 1: offsets cannot be negative (start -1, end 600)."),
    ("reversed", 2, "span 1: start (600) must be lower than end (591)."),
    ("empty_range", 2, "span 1: start (591) must be lower than end (591)."),
    ("past_the_end", 2, "span 1: end (1000000000) is past the end of the text"),
    ("token_past_the_end", 2, "span 1: tokens 106–1000000 are not a range within 0–"),
    ("start_inside_word", 2, "span 1: start 592 is not at the beginning of a word (token)"),
    ("end_inside_word", 2, "span 1: end 599 is not at the end of a word (token)"),
    ("tokens_do_not_match", 2, "span 1: token_start/token_end 107–108 do not match characters 591–600"),
    ("unknown_label", 2, "span 1: unknown label 'Propaganda'"),
    ("label_html", 2, "span 1: unknown label '<script>alert(1)</script>'"),
    ("other_text_hash", 2, "the text hash does not match article '000_a3bf1baf7ef32c25'"),
    ("schema_2", 2, "schema 2 is not supported (this version reads schema 1)"),
    ("annotator_control", 2, "The annotator's name contains control characters"),
    ("annotator_too_long", 2, "The annotator's name has 61 characters; the limit is 60."),
    ("surrogate_annotator", 2, "The annotator's name contains control characters"),
    ("surrogate_activity", 2, "The activity id contains control characters"),
    ("surrogate_note", 2, "span 1: A note may not contain control characters (found U+DFFF)."),
    ("huge_number", 2, "not valid JSON (Exceeds the limit (4300 digits) for integer string conversion"),
    ("infinity", 2, "not valid JSON (Infinity is not a valid JSON number)."),
    ("nested_lists", 1, "the JSON is nested too deeply to be an annotation record."),
    ("nested_objects", 2, "the JSON is nested too deeply to be an annotation record."),
    ("nul_bytes", None, "this is a binary file (perhaps a pickle or a spreadsheet), not an annotation file."),
    ("random_binary", 1, "the text is not valid UTF-8. Save the file as UTF-8 (not Latin-1 or ANSI)."),
    ("pickle", None, "this is a binary file (perhaps a pickle or a spreadsheet)"),
    ("pickle_protocol_0", 1, "not valid JSON at column 1"),
    ("utf16", None, "the file is saved as UTF-16; save it as UTF-8 text and try again."),
    ("latin1_second_line", 2, "the text is not valid UTF-8."),
    ("bom_mid_file", 2, "not valid JSON at column 1 (Unexpected UTF-8 BOM"),
    ("only_bom", None, "the file is empty."),
    ("empty", None, "the file is empty."),
    ("duplicate_span", 2, "span 2: 591–600 is tagged Naming_Choice twice; delete one of them."),
]


@pytest.mark.parametrize(("kind", "line", "fragment"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_file_is_rejected_with_file_line_and_reason(tmp_path, good, kind, line, fragment):
    (tmp_path / "a-hostile.jsonl").write_bytes(_build(kind, good))
    (tmp_path / "b-good.jsonl").write_text(_dumps(good) + "\n", encoding="utf-8")
    report = mg.merge(tmp_path)
    bad, ok = report.files
    assert (bad.name, bad.status, bad.line) == ("a-hostile.jsonl", "rejected", line)
    assert fragment in bad.reason
    where = "a-hostile.jsonl" + (f", line {line}" if line else "")
    assert f"rejected   {where}: " in report.text()
    assert ok.status == "accepted" and [r.annotator for r in report.records] == ["Giulia"]


def test_the_hostile_table_covers_every_builder(good):
    """Every kind the builder knows is in the table (no case silently dropped)."""
    kinds = [h[0] for h in HOSTILE]
    assert len(kinds) == len(set(kinds))
    for kind in kinds:
        assert isinstance(_build(kind, good), bytes)


@pytest.mark.parametrize("kind", ["bom", "crlf", "bom_crlf_blank_lines"])
def test_bom_and_windows_line_ends_are_accepted(tmp_path, good, kind):
    lines = [_dumps(good), _dumps(_other(good))]
    data = {
        "bom": "\ufeff" + "\n".join(lines) + "\n",
        "crlf": "\r\n".join(lines) + "\r\n",
        "bom_crlf_blank_lines": "\ufeff\r\n" + "\r\n\r\n".join(lines) + "\r\n\r\n",
    }[kind]
    (tmp_path / "win.jsonl").write_bytes(data.encode("utf-8"))
    report = mg.merge(tmp_path)
    (result,) = report.files
    assert (result.status, result.records) == ("accepted", 2)
    assert [r.to_dict() for r in report.records] == [good, _other(good)]


def test_the_same_work_in_three_files_is_kept_once(tmp_path, good):
    for name in ("c.jsonl", "a.jsonl", "b.jsonl"):
        (tmp_path / name).write_text(_dumps(good) + "\n" + _dumps(_other(good, annotator=name)) + "\n")
    report = mg.merge(tmp_path)
    assert [(f.name, f.status, f.records) for f in report.files] == [
        ("a.jsonl", "accepted", 2), ("b.jsonl", "accepted", 1), ("c.jsonl", "accepted", 1)]
    assert "line 1 skipped: Giulia / lesson03 is the same work as a.jsonl, line 1" in report.files[1].reason
    assert [r.annotator for r in report.records] == ["Giulia", "a.jsonl", "b.jsonl", "c.jsonl"]


def test_a_fifo_named_jsonl_is_refused_without_blocking(tmp_path, good):
    os.mkfifo(tmp_path / "pipe.jsonl")
    (tmp_path / "z-good.jsonl").write_text(_dumps(good) + "\n")
    fifo, ok = mg.merge(tmp_path).files
    assert (fifo.status, fifo.line) == ("rejected", None)
    assert "this is not a file (perhaps a folder)" in fifo.reason
    assert ok.status == "accepted"


def test_a_symlink_to_dev_zero_is_refused(tmp_path):
    (tmp_path / "zero.jsonl").symlink_to("/dev/zero")
    (result,) = mg.merge(tmp_path).files
    assert result.status == "skipped" and "a symbolic link to /dev/zero, outside the folder" in result.reason


def test_a_50_mb_file_is_refused_by_the_size_cap_before_parsing(tmp_path, good):
    line = (_dumps(good) + "\n").encode()
    big = tmp_path / "huge.jsonl"
    with big.open("wb") as fh:
        for _ in range(50 * 2**20 // len(line) + 1):
            fh.write(line)
    size = big.stat().st_size
    assert size > 50 * 2**20
    tracemalloc.start()
    try:
        report = mg.merge(tmp_path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    (result,) = report.files
    assert result.status == "rejected" and result.line is None
    assert result.reason.startswith(f"the file is too big ({size:,} bytes; the limit is 2,000,000).")
    assert peak < 2_000_000, f"merge allocated {peak:,} bytes for a file it should not read"


class _Evil:
    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.system, (f"touch '{self.marker}'",))


@pytest.mark.parametrize("protocol", [0, 2, pickle.HIGHEST_PROTOCOL])
def test_a_malicious_pickle_is_never_unpickled(tmp_path, good, protocol):
    probe = tmp_path / "probe-marker"
    pickle.loads(pickle.dumps(_Evil(probe), protocol=protocol))  # the payload really runs a command
    assert probe.exists()
    marker = tmp_path / "pwned"
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "evil.jsonl").write_bytes(pickle.dumps(_Evil(marker), protocol=protocol))
    (folder / "evil.pkl.jsonl").write_bytes(pickle.dumps([_Evil(marker), good], protocol=protocol))
    report = mg.merge(folder)
    assert [f.status for f in report.files] == ["rejected", "rejected"]
    with pytest.raises(ValueError):
        read_records(folder / "evil.jsonl")
    assert not marker.exists()


def test_the_merge_command_survives_a_folder_of_hostile_files(tmp_path, good):
    folder = tmp_path / "class"
    folder.mkdir()
    for kind, _, _ in HOSTILE:
        (folder / f"{kind}.jsonl").write_bytes(_build(kind, good))
    (folder / "zz-good.jsonl").write_text(_dumps(good) + "\n")
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(["merge", str(folder), "-o", str(tmp_path / "class.jsonl")])
    assert code == 0, err.getvalue()
    text = out.getvalue()
    assert text.startswith(f"1 record from {len(HOSTILE) + 1} file(s): 1 accepted, {len(HOSTILE)} rejected")
    for kind, line, _ in HOSTILE:
        assert f"rejected   {kind}.jsonl" + (f", line {line}" if line else "") + ": " in text
    assert read_records(tmp_path / "class.jsonl") == read_records(folder / "zz-good.jsonl")
