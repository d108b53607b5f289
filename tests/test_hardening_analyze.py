"""``inquadra analyze`` on inputs that could stall it: odd files, huge files, runs of punctuation.

Timing targets are measured by ``benchmarks/hardening.py``; here linearity is
checked by what the wrapped tokenizer is given (no chunk it sees holds a long
run), never by a clock.
"""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
import threading
from contextlib import redirect_stderr, redirect_stdout

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inquadra import analysis, cli, pipeline
from inquadra import article as article_module
from inquadra.commands import analyze as analyze_command
from inquadra.punctuation_guard import RUN, GuardedTokenizer, guard, runs

ARTICLE = "Titolo\n\nIl Cremlino ha detto che l'operazione militare speciale continua. Xi ha parlato.\n"


def _cli(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


def _one_line(code: int, err: str) -> None:
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err, err


# -- odd inputs ------------------------------------------------------------------
def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    result = {}
    worker = threading.Thread(target=lambda: result.update(out=_cli("analyze", str(fifo))), daemon=True)
    worker.start()
    worker.join(30)
    if worker.is_alive():  # unblock the reader before failing
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("analyze blocked on a FIFO")
    code, _, err = result["out"]
    _one_line(code, err)
    assert "named pipe (FIFO)" in err


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_devices_are_refused(device):
    code, _, err = _cli("analyze", device)
    _one_line(code, err)
    assert "is a device, not a regular file" in err


def test_a_file_over_the_default_cap_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(analyze_command.MAX_BYTES + 1)  # sparse: nothing to read quickly
    code, _, err = _cli("analyze", str(big))
    _one_line(code, err)
    assert "larger than the limit of 20,000,000" in err and "--max-bytes" in err


def test_max_bytes_changes_the_cap(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE * 20, encoding="utf-8")
    code, _, err = _cli("analyze", str(path), "--max-bytes", "100")
    _one_line(code, err)
    assert "limit of 100" in err
    assert _cli("analyze", str(path), "--max-bytes", str(10 * len(ARTICLE) * 20))[0] == 0


def test_standard_input_is_capped_too(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE * 100, encoding="utf-8")
    with path.open("rb") as raw:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(raw))
        code, _, err = _cli("analyze", "-", "--max-bytes", "1000")
    _one_line(code, err)
    assert "standard input is larger than 1,000 bytes" in err


def test_dev_zero_on_standard_input_ends_with_a_message():
    code = "import sys; from inquadra.cli import main; sys.exit(main())"
    with open("/dev/zero", "rb") as zero:
        proc = subprocess.run([sys.executable, "-c", code, "analyze", "-", "--max-bytes", "2000000"],
                              stdin=zero, capture_output=True, timeout=120, text=True)
    assert proc.returncode == 2 and "larger than 2,000,000 bytes" in proc.stderr
    assert "MemoryError" not in proc.stderr


@pytest.mark.parametrize("value", ["0", "-5"])
def test_max_bytes_must_be_positive(tmp_path, value):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    code, _, err = _cli("analyze", str(path), "--max-bytes", value)
    _one_line(code, err)


# -- writing ---------------------------------------------------------------------
def test_an_html_path_under_a_file_is_refused_before_the_analysis(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    monkeypatch.setattr(analysis, "analyze", lambda *a, **k: pytest.fail("the analysis ran"))
    code, _, err = _cli("analyze", str(path), "--html", str(path / "report.html"))
    _one_line(code, err)
    assert "is not a folder" in err


def test_an_unwritable_html_folder_is_refused_before_the_analysis(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    monkeypatch.setattr(analysis, "analyze", lambda *a, **k: pytest.fail("the analysis ran"))
    monkeypatch.setattr(os, "access", lambda p, mode: False)
    code, _, err = _cli("analyze", str(path), "--html", str(tmp_path / "report.html"))
    _one_line(code, err)
    assert "is not writable" in err


@pytest.mark.parametrize("number", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_an_oserror_while_writing_the_html_is_one_line(tmp_path, monkeypatch, number):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")

    def broken(*args, **kwargs):
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(analyze_command, "write_atomic", broken)
    code, _, err = _cli("analyze", str(path), "--html", str(tmp_path / "r.html"))
    _one_line(code, err)
    assert os.strerror(number) in err and not (tmp_path / "r.html").exists()


def test_an_oserror_on_standard_output_is_one_line(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")

    class Closed(io.StringIO):
        def write(self, s):
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    err = io.StringIO()
    with redirect_stderr(err):
        monkeypatch.setattr("sys.stdout", Closed())
        code = cli.main(["analyze", str(path), "--json"])
    _one_line(code, err.getvalue())
    assert "Broken pipe" in err.getvalue()


def test_a_file_name_with_control_characters_is_printed_escaped(tmp_path):
    code, _, err = _cli("analyze", str(tmp_path / "a\x1b[31m\nb.txt"))
    _one_line(code, err)
    assert "\x1b" not in err and "a\\x1b[31m\\nb.txt" in err


# -- punctuation runs --------------------------------------------------------------
class _Spy:
    """A tokenizer that records the longest punctuation run it was given."""

    def __init__(self, tokenizer):
        self.tokenizer, self.longest = tokenizer, 0
        self.vocab = tokenizer.vocab

    def __call__(self, text):
        found = [e - s for s, e in _all_runs(text)]
        self.longest = max([self.longest, *found])
        return self.tokenizer(text)


def _all_runs(text):
    import re

    return [m.span() for m in re.finditer(r"[^\w\s]+", text)]


@pytest.mark.parametrize("run", ["“" * 16_000, "«“" * 8_000, "!?" * 5_000, "." * 40_000])
def test_spacy_never_sees_a_long_run(run):
    import spacy

    spy = _Spy(spacy.blank("it").tokenizer)
    text = f"Il portavoce ha detto {run} e poi basta."
    doc = guard(spy)(text)
    assert doc.text == text
    assert spy.longest < RUN
    assert len(doc) == len(run) + 8


def test_text_without_runs_is_tokenised_exactly_as_before(article):
    import spacy

    plain = spacy.blank("it").tokenizer
    doc, expected = guard(plain)(article.text), plain(article.text)
    assert [(t.idx, t.text, t.whitespace_) for t in doc] == [(t.idx, t.text, t.whitespace_) for t in expected]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["“", "”", "«", "»", "!", ".", " ", "\n", "parola", "l'", "’", "a"]),
                max_size=200).map("".join))
def test_the_guarded_doc_keeps_the_text_character_for_character(text):
    import spacy

    text = text + "“" * RUN + text
    doc = guard(spacy.blank("it").tokenizer)(text)
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t)] == t.text for t in doc)


def test_runs_finds_only_long_runs():
    assert runs("ciao “” " + "!" * RUN + " fine") == [(8, 8 + RUN)]
    assert runs("ciao " + "!" * (RUN - 1)) == []


def test_the_article_model_and_the_pipeline_are_guarded():
    assert isinstance(pipeline.load().tokenizer, GuardedTokenizer)
    assert isinstance(pipeline.build().tokenizer, GuardedTokenizer)
    text = "Titolo\n\nHa detto " + "“" * 20_000 + " basta.\n"
    art = article_module.from_text(text, "quotes")
    assert len(art.tokens) == 20_000 + 5


def test_findings_after_a_run_keep_their_offsets():
    text = "Titolo\n\n" + "“" * 5_000 + " Il Cremlino parla di operazione militare speciale.\n"
    result = analysis.analyze(article_module.from_text(text, "run"))
    assert result.framing
    assert all(text[f.start : f.end] == f.text for f in result.framing)


def test_the_cli_analyses_a_run_of_100000_quotation_marks(tmp_path):
    path = tmp_path / "quotes.txt"
    path.write_text("Titolo\n\nHa detto " + "“" * 100_000 + " basta.\n", encoding="utf-8")
    code, out, err = _cli("analyze", str(path), "--json")
    assert code == 0, err


def test_the_docbin_export_uses_the_guarded_tokens(tmp_path, monkeypatch):
    from inquadra.annotations import export
    from inquadra.annotations.records import AnnotationRecord

    text = "Titolo\n\nHa detto " + "“" * 100 + " basta.\n"
    art = article_module.from_text(text, "quotes")
    monkeypatch.setattr(export, "_article", lambda _id: art)
    record = AnnotationRecord(art.id, art.sha256, "Ada", "x", ())
    export.write_docbin([record], tmp_path / "x.spacy")
    import spacy
    from spacy.tokens import DocBin

    (doc,) = DocBin().from_disk(tmp_path / "x.spacy").get_docs(spacy.blank("it").vocab)
    assert len(doc) == len(art.tokens) + sum(1 for t in doc if t.is_space)


# -- text pasted from the web: matching runs on an NFC, space-normalised copy ---
_PASTED = [
    ("no-break spaces", lambda s: s.replace(" ", "\u00a0")),
    ("thin spaces", lambda s: s.replace(" ", "\u2009")),
    ("zero-width spaces", lambda s: s.replace(" ", " \u200b")),
    ("NFD accents", lambda s: __import__("unicodedata").normalize("NFD", s)),
]


@pytest.mark.parametrize(("kind", "change"), _PASTED, ids=[p[0] for p in _PASTED])
def test_text_pasted_from_the_web_gives_the_same_findings(article, kind, change):
    plain = analysis.analyze(article)
    pasted_text = change(article.text)
    pasted = analysis.analyze(article_module.from_text(pasted_text, "pasted"))
    assert len(pasted.framing) == len(plain.framing)
    assert len(pasted.claims) == len(plain.claims)
    assert all(pasted_text[f.start : f.end] == f.text for f in pasted.framing)
