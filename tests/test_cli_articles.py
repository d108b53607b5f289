"""inquadra articles: every bundle found, with its folder and parts; names shown safely."""

from __future__ import annotations

import json

from inquadra import bundles, cli
from inquadra.annotations import work


def test_lists_the_kit_articles_with_their_parts(capsys):
    assert cli.main(["articles"]) == 0
    out = capsys.readouterr().out
    assert f"{bundles.SEED_ID}  In una telefonata" in out
    assert "parts:  reference, corrections, frames, readouts" in out
    assert "example_own" in out and "the current one is" in out


def test_lists_a_students_bundle_and_escapes_its_title(capsys):
    bundle = bundles.create("Testo\n\nUn paragrafo.\n", "mio_testo", title="Rosso \x1b[31m e \u202egnaro")
    (bundle.folder / "reference.jsonl").write_text("", encoding="utf-8")
    assert cli.main(["articles", "--paths"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out
    assert "Rosso \\x1b[31m e \\u202egnaro" in out
    assert f"folder: {work.work_dir() / 'articles' / 'mio_testo'}" in out
    assert "searched: " in out and "[work folder]" in out


def test_a_broken_bundle_is_listed_with_its_problem(capsys):
    folder = work.work_dir() / "articles" / "rotto"
    folder.mkdir(parents=True)
    (folder / "article.txt").write_text("Testo.\n", encoding="utf-8")
    (folder / "meta.json").write_text(json.dumps({"id": "rotto"}), encoding="utf-8")
    assert cli.main(["articles"]) == 0
    out = capsys.readouterr().out
    assert "rotto" in out and "cannot be loaded" in out and "missing key(s) title" in out
