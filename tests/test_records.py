"""The annotation file: validation messages, safe reading, atomic writing."""

from __future__ import annotations

import json
import pickle

import pytest

from inquadra.annotations.records import (
    AnnotationFileError,
    AnnotationRecord,
    read_records,
    validate_record,
    write_records,
)
from inquadra.annotations.spans import SpanStore


@pytest.fixture
def good(article):
    store = SpanStore(article, "Giulia", ["Naming_Choice", "Loaded_Language"])
    store.add(*article.find("ha invaso"), "Naming_Choice")
    store.add(*article.find("sanzioni illegali"), "Loaded_Language", note="parola del Cremlino")
    return AnnotationRecord.from_store(store, "lesson03").to_dict()


def _write(tmp_path, data: bytes, name="a.jsonl"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _line(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")


def test_round_trip(tmp_path, good):
    path = _write(tmp_path, _line(good))
    (record,) = read_records(path)
    assert record.to_dict() == good


def test_write_then_read(tmp_path, good, article):
    record = validate_record(good)
    path = write_records(tmp_path / "out.jsonl", [record, record])
    assert read_records(path) == [record, record]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_error_names_file_and_line(tmp_path, good):
    bad = dict(good, schema=2)
    path = _write(tmp_path, _line(good) + b"\n" + _line(bad))
    with pytest.raises(AnnotationFileError) as info:
        read_records(path)
    assert info.value.path == str(path) and info.value.line == 3
    assert str(info.value).startswith(f"{path}, line 3: schema 2 is not supported")


def _span_error(good, **changes):
    spans = [dict(good["spans"][0], **changes)]
    return dict(good, spans=spans)


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda g: [1, 2],
            "expected a JSON object {…} (one annotation record a line), found a list.",
        ),
        (lambda g: {k: v for k, v in g.items() if k != "schema"}, 'the record has no "schema"'),
        (lambda g: dict(g, schema="1"), '"schema" must be the number 1, found text.'),
        (lambda g: {k: v for k, v in g.items() if k != "spans"}, 'the record has no "spans"'),
        (lambda g: dict(g, spans={}), '"spans" must be a list [...], found an object.'),
        (lambda g: dict(g, annotator=""), "The annotator's name is empty."),
        (lambda g: dict(g, annotator=7), "The annotator must be a name (text), got a number."),
        (lambda g: dict(g, annotator="a\x07b"), "contains control characters"),
        (lambda g: dict(g, article="999_nope"), "unknown article '999_nope'"),
        (lambda g: dict(g, article="../../etc/passwd"), "unknown article '../../etc/passwd'"),
        (lambda g: dict(g, text_sha256="0" * 64), "the text hash does not match article"),
        (
            lambda g: _span_error(g, start="591"),
            "span 1: The span's 'start' must be a whole number, got '591'.",
        ),
        (
            lambda g: _span_error(g, end=True),
            "span 1: The span's 'end' must be a whole number, got True.",
        ),
        (lambda g: _span_error(g, label=3), "span 1: The span's 'label' must be text"),
        (lambda g: _span_error(g, note=["x"]), "span 1: A note must be text, got list."),
        (lambda g: _span_error(g, start=-4), "span 1: offsets cannot be negative (start -4"),
        (
            lambda g: _span_error(g, start=600, end=591),
            "span 1: start (600) must be lower than end (591).",
        ),
        (lambda g: _span_error(g, end=10**7), "span 1: end (10000000) is past the end of the text"),
        (
            lambda g: _span_error(g, start=592),
            "span 1: start 592 is not at the beginning of a word",
        ),
        (lambda g: _span_error(g, end=599), "span 1: end 599 is not at the end of a word"),
        (
            lambda g: _span_error(g, token_end=109),
            "span 1: token_start/token_end 106–109 do not match",
        ),
        (lambda g: _span_error(g, label="Propaganda"), "span 1: unknown label 'Propaganda'"),
        (
            lambda g: dict(g, spans=[g["spans"][0], g["spans"][0]]),
            "span 2: 591–600 is tagged Naming_Choice twice",
        ),
    ],
)
def test_bad_record_message(tmp_path, good, change, message):
    path = _write(tmp_path, _line(change(good)))
    with pytest.raises(AnnotationFileError) as info:
        read_records(path)
    assert str(info.value).startswith(f"{path}, line 1: ")
    assert message in str(info.value)


def test_record_for_another_article_object(good):
    from inquadra import article as article_module

    other = article_module.from_text("Titolo\n\nUna frase.", "altro")
    with pytest.raises(
        AnnotationFileError, match="this record is for article '000_a3bf1baf7ef32c25', not 'altro'"
    ):
        validate_record(good, article=other)


def test_truncated_json(tmp_path, good):
    path = _write(tmp_path, _line(good)[:-30])
    with pytest.raises(
        AnnotationFileError, match=r"line 1: not valid JSON at column \d+ .*cut off"
    ):
        read_records(path)


def test_nan_is_not_json(tmp_path, good):
    path = _write(tmp_path, _line(good).replace(b'"schema": 1', b'"schema": NaN'))
    with pytest.raises(
        AnnotationFileError, match="line 1: not valid JSON \\(NaN is not a valid JSON number\\)"
    ):
        read_records(path)


def test_too_big_is_refused_before_reading(tmp_path, good, monkeypatch):
    path = _write(tmp_path, _line(good) * 3)
    opened = []
    monkeypatch.setattr(type(path), "open", lambda *a, **k: opened.append(a) or 1 / 0)
    with pytest.raises(
        AnnotationFileError, match=r"the file is too big \(\d[\d,]* bytes; the limit is 100\)"
    ):
        read_records(path, max_bytes=100)
    assert opened == []


def test_deeply_nested_json(tmp_path):
    path = _write(tmp_path, b"[" * 100_000 + b"]" * 100_000 + b"\n")
    with pytest.raises(AnnotationFileError, match="line 1: the JSON is nested too deeply"):
        read_records(path)


def test_pickle_bytes_are_refused(tmp_path, good):
    path = _write(tmp_path, pickle.dumps(good))
    with pytest.raises(AnnotationFileError, match="this is a binary file \\(perhaps a pickle"):
        read_records(path)


def test_nul_bytes_are_refused(tmp_path, good):
    path = _write(tmp_path, _line(good) + b"\x00\x00")
    with pytest.raises(AnnotationFileError, match="this is a binary file"):
        read_records(path)


def test_latin1_is_refused_with_line(tmp_path, good):
    path = _write(tmp_path, _line(good) + '\n{"città": 1}\n'.encode("latin-1"))
    with pytest.raises(AnnotationFileError, match="line 3: the text is not valid UTF-8"):
        read_records(path)


def test_utf16_is_refused(tmp_path, good):
    path = _write(tmp_path, json.dumps(good).encode("utf-16"))
    with pytest.raises(AnnotationFileError, match="saved as UTF-16; save it as UTF-8"):
        read_records(path)


def test_utf8_bom_is_tolerated(tmp_path, good):
    path = _write(tmp_path, b"\xef\xbb\xbf" + _line(good))
    assert read_records(path)[0].to_dict() == good


def test_crlf_is_tolerated(tmp_path, good):
    path = _write(tmp_path, _line(good).replace(b"\n", b"\r\n") * 2)
    assert len(read_records(path)) == 2


@pytest.mark.parametrize("data", [b"", b"\n\n  \r\n"])
def test_empty_file(tmp_path, data):
    path = _write(tmp_path, data)
    with pytest.raises(AnnotationFileError, match="the file is empty"):
        read_records(path)


def test_missing_file(tmp_path):
    with pytest.raises(AnnotationFileError, match="the file does not exist"):
        read_records(tmp_path / "nope.jsonl")


def test_folder_is_not_a_file(tmp_path):
    with pytest.raises(AnnotationFileError, match="this is not a file"):
        read_records(tmp_path)


def test_extra_keys_are_ignored(tmp_path, good):
    extra = dict(good, meta={"source": "prodigy"})
    extra["spans"] = [dict(s, text="x") for s in good["spans"]]
    assert read_records(_write(tmp_path, _line(extra)))[0].to_dict() == good


def test_failed_write_keeps_old_file(tmp_path, good):
    record = validate_record(good)
    path = write_records(tmp_path / "out.jsonl", [record])
    before = path.read_bytes()
    with pytest.raises(TypeError):
        write_records(path, [record, {"not": "a record"}])
    assert path.read_bytes() == before


def test_a_saved_answer_is_named_as_such_not_as_a_broken_record(article):
    from inquadra.annotations import work

    path = work.save_activity("Giulia", article.id, "02.predict", {"choice": 1})
    with pytest.raises(AnnotationFileError) as info:
        read_records(path)
    assert "Giulia's answer to activity '02.predict'" in str(info.value)
    assert "leave this file out" in str(info.value)


@pytest.fixture
def italian():
    from inquadra import i18n

    i18n.set_language("it")
    yield
    i18n.set_language("en")


def test_in_italian_the_error_names_file_line_and_fix_in_italian(tmp_path, good, italian):
    path = _write(tmp_path, _line(good) + _line(dict(good, schema=2)))
    with pytest.raises(AnnotationFileError) as info:
        read_records(path)
    assert str(info.value) == (f"{path}, riga 2: lo schema 2 non è supportato (questa versione legge lo "
                               "schema 1); aggiorna inquadra o salva di nuovo il file con questa versione.")


def test_a_bad_span_is_explained_in_italian(good, italian):
    spans = [dict(good["spans"][0], label="Propaganda")]
    with pytest.raises(AnnotationFileError, match="porzione di testo 1: etichetta sconosciuta 'Propaganda'"):
        validate_record(dict(good, spans=spans))


def test_an_error_raised_in_english_can_be_read_again_in_italian(tmp_path):
    path = _write(tmp_path, b"")
    with pytest.raises(AnnotationFileError) as info:
        read_records(path)
    assert "the file is empty" in str(info.value)
    assert info.value.text("it") == f"{path}: il file è vuoto. Un file di annotazione contiene un " \
        "record JSON per riga; salva di nuovo la tua etichettatura."


def test_a_wrong_type_is_named_in_the_messages_language(good):
    with pytest.raises(AnnotationFileError) as info:
        validate_record(dict(good, spans={"a": 1}))
    assert info.value.text("en").endswith("found an object.")
    assert info.value.text("it").endswith("trovato un oggetto.")
