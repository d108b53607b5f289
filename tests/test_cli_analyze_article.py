"""inquadra analyze --article ID: the analysis of any bundle, by id."""

from __future__ import annotations

import json

from inquadra import bundles, cli


def test_analyze_a_bundle_by_id(capsys):
    bundles.create("Titolo\n\nXi ha detto che la Cina è “pronta”. G e Putin si sono visti.\n", "xi_breve")
    assert cli.main(["analyze", "--article", "xi_breve", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["article_id"] == "xi_breve"
    assert data["quotations"][0]["source"] == "xi_jinping"


def test_analyze_the_kits_article_by_id(capsys):
    assert cli.main(["analyze", "--article", bundles.SEED_ID]) == 0
    assert capsys.readouterr().out.startswith(f"Article {bundles.SEED_ID}")


def test_an_unknown_id_lists_the_articles(capsys):
    assert cli.main(["analyze", "--article", "nessuno"]) == 2
    err = capsys.readouterr().err
    assert "No article 'nessuno'. Available: " in err and "example_own" in err


def test_file_and_article_together_or_neither_are_refused(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text("Titolo\n\nTesto.\n", encoding="utf-8")
    assert cli.main(["analyze", str(path), "--article", "example_own"]) == 2
    assert cli.main(["analyze"]) == 2
    assert capsys.readouterr().err.count("give either FILE or --article ID") == 2
