"""inquadra new-article: a bundle from a UTF-8 text; bad input refused as analyze refuses it."""

from __future__ import annotations

import io
import json

import pytest

from inquadra import bundles, cli
from inquadra.annotations import work

TEXT = "Nuova pista ciclabile a Borgolieto\n\nIl comune ha aperto ieri la pista lungo il canale.\n"


@pytest.fixture
def text_file(tmp_path):
    path = tmp_path / "pista.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    return path


def _folder(article_id="pista_borgolieto"):
    return work.work_dir() / "articles" / article_id


def test_makes_a_bundle_in_the_work_folder(text_file, capsys):
    assert cli.main(["new-article", str(text_file), "--id", "pista_borgolieto",
                     "--source", "Scritto per il test"]) == 0
    out = capsys.readouterr().out
    assert "Made article pista_borgolieto (Nuova pista ciclabile a Borgolieto)" in out
    assert (_folder() / "article.txt").read_bytes() == TEXT.encode("utf-8")
    meta = json.loads((_folder() / "meta.json").read_text(encoding="utf-8"))
    assert meta["source"] == "Scritto per il test" and meta["id"] == "pista_borgolieto"
    assert bundles.load("pista_borgolieto").article.headline.text == "Nuova pista ciclabile a Borgolieto"


def test_reads_standard_input_with_a_title(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(TEXT.encode())))
    assert cli.main(["new-article", "-", "--id", "da_stdin", "--title", "La pista"]) == 0
    assert bundles.load("da_stdin").title == "La pista"


def test_never_overwrites_without_force(text_file, tmp_path, capsys):
    assert cli.main(["new-article", str(text_file), "--id", "pista_borgolieto"]) == 0
    other = tmp_path / "altro.txt"
    other.write_text("Un altro testo.\n\nDue paragrafi.\n", encoding="utf-8")
    assert cli.main(["new-article", str(other), "--id", "pista_borgolieto"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (_folder() / "article.txt").read_text(encoding="utf-8") == TEXT
    assert cli.main(["new-article", str(other), "--id", "pista_borgolieto", "--force"]) == 0
    assert (_folder() / "article.txt").read_text(encoding="utf-8").startswith("Un altro")
    assert (_folder().parent / "pista_borgolieto.previous-1" / "article.txt").read_text(encoding="utf-8") == TEXT


def test_writes_into_another_folder_and_says_how_to_find_it(text_file, tmp_path, capsys):
    out = tmp_path / "corso"
    assert cli.main(["new-article", str(text_file), "--id", "pista", "-o", str(out)]) == 0
    assert (out / "pista" / "meta.json").is_file()
    assert bundles.ENV in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Città".encode("latin-1"), "is not UTF-8 text"),
        (b"", "is empty"),
        (b"\x89PNG\x00\x00", "binary data"),
        (b"a" * (bundles.MAX_TEXT_BYTES + 1), "at most 500,000"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(tmp_path, capsys, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    assert cli.main(["new-article", str(path), "--id", "pista_borgolieto"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("inquadra new-article: ") and message in err and "Traceback" not in err
    assert not (work.work_dir() / "articles").exists() or not any((work.work_dir() / "articles").iterdir())


@pytest.mark.parametrize("bad_id", ["Con Maiuscole", "../fuga", "000_a3bf1baf7ef32c25"])
def test_bad_or_taken_ids_are_refused(text_file, capsys, bad_id):
    assert cli.main(["new-article", str(text_file), "--id", bad_id]) == 2
    err = capsys.readouterr().err
    assert "not a valid article id" in err or "already exists" in err


def test_a_missing_file_is_one_line(tmp_path, capsys):
    assert cli.main(["new-article", str(tmp_path / "nope.txt"), "--id", "pista"]) == 2
    assert "no such file" in capsys.readouterr().err
