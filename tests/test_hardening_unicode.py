"""Any Unicode through the article model, the pipeline, the analysis, the CLI, the span store and the exporters.

Texts mix Italian, right-to-left scripts (Arabic, Hebrew, bidi controls),
emoji with ZWJ sequences and skin tones, combining marks, zero-width
characters, Tamil, CJK, odd line and paragraph separators and arbitrary code
points. Lone surrogates cannot come from a UTF-8 file (the CLI sees invalid
bytes and exits 2); in Python strings ``article.from_text`` refuses them with
``ArticleError`` so nothing later fails on encoding.
"""

from __future__ import annotations

import io
import json
import sys
import tempfile
import unicodedata
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inquadra import analysis, article, cli, pipeline
from inquadra.annotations import export, work
from inquadra.annotations.records import AnnotationRecord, check_annotator, validate_record
from inquadra.annotations.spans import SpanError, SpanStore

_SETTINGS = {"deadline": None, "derandomize": True,
             "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]}

PIECES = [
    # Italian and the article's own framing words, quotes and punctuation
    "Putin", "Xi Jinping", "ha detto", "ha affermato", "Mosca", "Pechino", "operazione militare speciale",
    "invasione", "senza limiti", "«", "»", "“", "”", '"', "'", "’", ":", ".", "!", "?", "…", ",", "(", ")",
    # right-to-left scripts and bidi controls
    "مرحبا بالعالم", "قال بوتين", "שלום עולם", "\u200f", "\u200e", "\u202e", "\u2067", "\u2069",
    # emoji: ZWJ families, flags, skin tones, variation selectors
    "👩\u200d👩\u200d👧\u200d👦", "🏳\ufe0f\u200d🌈", "🇮🇹", "👍🏽", "❤\ufe0f", "🧑\u200d🚀",
    # combining marks and precomposed/decomposed pairs
    "e\u0301", "é", "a\u0308\u0323", "Z\u0336\u0351\u0352\u0353", "\u0301",
    # zero-width and invisible characters
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",
    # Tamil, CJK, Devanagari, Thai, Cyrillic, Greek
    "பிடன்", "தமிழ்", "習近平", "普京", "नमस्ते", "สวัสดี", "Москва", "Ελλάδα",
    # separators a text file can hold
    "\u2028", "\u2029", "\x85", "\t", "\x0b", "\x0c", "\r\n", "\r",
]
SEPARATORS = ["", " ", " ", "\n", "\n\n", "\n \n", "  "]

_piece = st.sampled_from(PIECES) | st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=6)
texts = st.lists(st.tuples(_piece, st.sampled_from(SEPARATORS)), max_size=40).map(
    lambda parts: "".join(p + s for p, s in parts))
notes = st.lists(st.sampled_from(PIECES) | st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=4),
                 max_size=12).map(
    lambda parts: "".join(ch for ch in "".join(parts) if ch in "\n\t" or unicodedata.category(ch) != "Cc"))


def _visible(text: str) -> bool:
    return bool(text.strip())


def _check_article(art, text: str) -> None:
    assert art.text == text
    size = len(text)
    previous = 0
    for s, e in art.tokens:
        assert previous <= s < e <= size
        assert not text[s:e].isspace()
        previous = e
    for b in art.blocks:
        assert 0 <= b.start < b.end <= size and text[b.start:b.end] == b.text
        for sent in b.sentences:
            assert b.start <= sent.start < sent.end <= b.end and text[sent.start:sent.end] == sent.text
    ids = [s.id for s in art.sentences]
    assert len(ids) == len(set(ids))


def _check_hits(result, art) -> None:
    text, size = art.text, len(art.text)
    sentence_ids = {s.id for s in art.sentences} | {""}
    starts = {s for s, _ in art.tokens}
    ends = {e for _, e in art.tokens}
    for group in (result.framing, result.quotations, result.claims, result.artifacts):
        for hit in group:
            assert 0 <= hit.start < hit.end <= size, hit
            assert text[hit.start:hit.end] == hit.text
            assert hit.sentence_id in sentence_ids
    for hit in result.framing:  # framing terms are token patterns
        assert hit.start in starts and hit.end in ends, hit
    assert [v.block_id for v in result.voices] == [b.id for b in art.blocks]
    for v in result.voices:
        assert abs(sum(share for _, share in v.shares) - 1) < 0.01 or not v.shares


@settings(max_examples=80, **_SETTINGS)
@given(text=texts)
def test_any_text_builds_an_article_or_is_refused_as_empty(text):
    if not _visible(text):
        with pytest.raises(article.ArticleError, match="The article is empty"):
            article.from_text(text)
        return
    _check_article(article.from_text(text, "random"), text)


@settings(max_examples=60, **_SETTINGS)
@given(text=texts)
def test_the_pipeline_runs_on_any_text(text):
    doc = pipeline.load()(text)
    assert doc.text == text
    for key, group in doc.spans.items():
        for span in group:
            assert 0 <= span.start_char < span.end_char <= len(text), key
    for ent in doc.ents:
        assert text[ent.start_char:ent.end_char] == ent.text


@settings(max_examples=60, **_SETTINGS)
@given(text=texts.filter(_visible))
def test_analysis_offsets_are_valid_on_any_text(text):
    art = article.from_text(text, "random")
    _check_hits(analysis.analyze(art), art)


def _run_cli(argv, data: bytes) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    with mock.patch.object(sys, "stdin", stdin), redirect_stdout(out), redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=40, **_SETTINGS)
@given(text=texts)
def test_cli_analyze_reads_any_utf8_text_from_stdin(text):
    code, out, err = _run_cli(["analyze", "-", "--json"], text.encode("utf-8"))
    body = text.lstrip("\ufeff")
    if "\x00" in text or not _visible(body):
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and err.startswith("inquadra analyze: ")
        return
    assert code == 0, err
    assert err == ""
    result = json.loads(out)
    art = article.from_text(body, "stdin")
    assert result["text_sha256"] == art.sha256
    for group in ("framing", "quotations", "claims", "artifacts"):
        for hit in result[group]:
            assert 0 <= hit["start"] < hit["end"] <= len(body)
            assert body[hit["start"]:hit["end"]] == hit["text"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "standard input is empty or only white space."),
        (b" \n\t\r\n\xc2\x85\xe2\x80\xa8", "standard input is empty or only white space."),
        (b"\xef\xbb\xbf", "The article is empty."),
        (b"\xef\xbb\xbf \n\n ", "The article is empty."),
        (b"Ciao\x00mondo", "standard input contains binary data (NUL bytes), not text."),
        (b"Putin \xed\xa0\x80 ha detto", "standard input is not UTF-8 text (bad byte at position 6)."),
        (b"Citt\xe0 del Vaticano", "standard input is not UTF-8 text (bad byte at position 4)."),
    ],
)
def test_cli_analyze_refuses_what_is_not_an_article_with_one_line(data, message):
    code, out, err = _run_cli(["analyze", "-", "--json"], data)
    assert (code, out) == (2, "")
    assert err.startswith("inquadra analyze: ") and err.count("\n") == 1
    assert message in err


@pytest.mark.parametrize("text", ["Putin \ud800 ha detto.", "\udfff", "Titolo\n\nUna frase \udc80.", "a\ud83d"])
def test_lone_surrogates_in_python_text_are_refused_by_the_article(text):
    with pytest.raises(article.ArticleError, match=r"lone surrogate, U\+D[89A-F][0-9A-F]{2}\) at position \d+"):
        article.from_text(text)
    with pytest.raises(article.ArticleError, match="lone surrogate"):
        analysis.analyze(text)


@pytest.mark.parametrize("bad", ["\ud800", "x\udfffy"])
def test_lone_surrogates_in_names_and_notes_are_refused_cleanly(article, bad):
    with pytest.raises(work.WorkError, match="invisible control characters"):
        work.set_student(bad)
    with pytest.raises(ValueError, match="control characters"):
        check_annotator(bad)
    store = SpanStore(article, "Giulia", ["Naming_Choice"])
    with pytest.raises(SpanError, match=r"found U\+D[89A-F]"):
        store.add(*article.find("invasione"), "Naming_Choice", note=bad)
    assert len(store) == 0


def _check_store(store, art) -> None:
    starts = [s for s, _ in art.tokens]
    ends = [e for _, e in art.tokens]
    for span in store.spans:
        assert 0 <= span.start < span.end <= len(art.text)
        assert (starts[span.token_start], ends[span.token_end - 1]) == (span.start, span.end)


@settings(max_examples=40, **_SETTINGS)
@given(text=texts.filter(_visible), data=st.data())
def test_span_store_on_any_text_keeps_offsets_on_tokens(text, data):
    art = article.from_text(text, "random")
    n = len(art.tokens)
    labels = ["Naming_Choice", "Attribution_Marker"]
    store = SpanStore(art, "Giulia", labels)
    for _ in range(data.draw(st.integers(1, 12), label="steps")):
        action = data.draw(st.sampled_from(["tokens", "chars", "undo", "redo", "remove"]), label="action")
        try:
            if action == "tokens" and n:
                ts = data.draw(st.integers(0, n - 1))
                te = data.draw(st.integers(ts + 1, n))
                store.add_tokens(ts, te, data.draw(st.sampled_from(labels)), data.draw(notes))
            elif action == "chars":
                start = data.draw(st.integers(0, len(text) - 1))
                end = data.draw(st.integers(start + 1, len(text)))
                span = store.add(start, end, data.draw(st.sampled_from(labels)))
                assert span.start <= start or text[start:span.start].isspace()
                assert span.end >= end or text[span.end:end].isspace()
            elif action == "undo":
                store.undo()
            elif action == "redo":
                store.redo()
            elif action == "remove" and store.spans:
                s = data.draw(st.sampled_from(store.spans))
                store.remove(s.start, s.end, s.label)
        except SpanError as err:
            assert str(err)  # refused with a message: whitespace-only selection or a repeated span
        _check_store(store, art)
    record = AnnotationRecord.from_store(store, "libero")
    line = json.dumps(record.to_dict(), ensure_ascii=False)
    assert validate_record(json.loads(line), article=art) == record


_names = (st.sampled_from(PIECES) | st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8)).map(
    lambda s: s[:30])


def _name_is_usable(name: str) -> bool:
    try:
        check_annotator(name)
    except ValueError:
        return False
    return True


@settings(max_examples=15, **_SETTINGS)
@given(annotator=_names.filter(_name_is_usable), activity=st.sampled_from(["", "lezione 3", "درس", "练习"]),
       data=st.data())
def test_unicode_names_and_notes_round_trip_through_every_exporter(article, annotator, activity, data):
    store = SpanStore(article, annotator, ["Naming_Choice", "Loaded_Language"])
    n = len(article.tokens)
    for _ in range(data.draw(st.integers(1, 4))):
        ts = data.draw(st.integers(0, n - 1))
        try:
            store.add_tokens(ts, min(n, ts + data.draw(st.integers(1, 8))),
                             data.draw(st.sampled_from(store.labels)), data.draw(notes))
        except SpanError:
            pass
    record = AnnotationRecord.from_store(store, activity)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        try:
            export.safe_name(annotator)
        except export.ExportError:
            with pytest.raises(export.ExportError, match="cannot be used as a file name"):
                export.write_brat([record], out / "brat")
            return
        export.write_docbin([record], out / "x.spacy")
        assert export.read_docbin(out / "x.spacy") == [record]
        export.write_brat([record], out / "brat")
        assert export.read_brat(out / "brat") == [record]
        export.write_semeval([record], out / "semeval")
        if not record.spans:  # SemEval TSV has no line, hence no record, for an empty annotation
            assert export.read_semeval(out / "semeval") == []
            return
        (back,) = export.read_semeval(out / "semeval")
        assert (back.annotator, back.activity) == (annotator, activity)
        assert [(s.start, s.end, s.label) for s in back.spans] == [s.key for s in record.spans]


def test_the_pieces_cover_the_scripts_the_brief_names():
    scripts = {"ARABIC", "HEBREW", "TAMIL", "COMBINING", "ZERO WIDTH"}
    found = {word for p in PIECES for ch in p for word in scripts if word in unicodedata.name(ch, "")}
    assert found == scripts
    assert any("\u200d" in p and len(p) > 2 for p in PIECES)  # an emoji ZWJ sequence
