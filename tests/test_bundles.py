"""Article bundles: the search path, loading and validation, the current article, making one."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from support import ROOT, SHARED_SEED
from inquadra import article, bundles, corrections, paragraph_frames, readouts
from inquadra.annotations import reference, work
from inquadra.errors import InquadraError

TEXT = (
    "Piove sul mercato coperto di Valdora\n\n"
    "Il tetto del mercato coperto di Valdora perde acqua da settimane, dicono i commercianti.\n\n"
    "Il sindaco ha promesso una riparazione “entro l’estate”.\n"
)


@pytest.fixture(autouse=True)
def _kit_article_is_current():
    bundles.use(bundles.SEED_ID)
    yield
    bundles.use(bundles.SEED_ID)


def _bundle(folder: Path, article_id: str = "mercato_valdora", meta: dict | None = None,
            text: bytes | None = None) -> Path:
    where = folder / article_id
    where.mkdir(parents=True)
    (where / "article.txt").write_bytes(TEXT.encode("utf-8") if text is None else text)
    base = {"id": article_id, "title": "Piove sul mercato", "language": "it", "written_for_kit": True}
    (where / "meta.json").write_text(json.dumps(base if meta is None else meta), encoding="utf-8")
    return where


def test_the_seed_is_shipped_byte_for_byte_in_its_bundle():
    seed = bundles.load(bundles.SEED_ID)
    expected = (
        hashlib.sha256(SHARED_SEED.read_bytes()).hexdigest()
        if SHARED_SEED.is_file()
        else "138b490ca6d36341c66f2d8a46b9c8576880393a6e1f1df2dfc6df1f1d42c5be"
    )
    assert hashlib.sha256((seed.folder / "article.txt").read_bytes()).hexdigest() == expected
    assert article.text_sha256(seed.text) == expected


def test_the_seed_id_is_written_in_bundles_py_only():
    holders = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "src").rglob("*.py")
        if bundles.SEED_ID in path.read_text(encoding="utf-8")
    )
    assert holders == ["src/inquadra/bundles.py"]


@pytest.mark.parametrize(
    ("article_id", "parts"),
    [
        (bundles.SEED_ID, ("reference", "corrections", "frames", "readouts")),
        ("example_own", ()),
    ],
)
def test_kit_bundles_have_their_parts(article_id, parts):
    bundle = bundles.load(article_id)
    assert bundle.origin == "kit"
    assert set(parts) <= set(bundle.parts)
    for part in parts:
        assert bundle.path(part).parent == bundle.folder


def test_every_kit_bundle_is_well_formed():
    for bundle in bundles.find():
        bundle.check()
        assert bundle.meta["id"] == bundle.id
        assert isinstance(bundle.meta["written_for_kit"], bool)
        for key in ("title", "outlet", "language", "date", "source", "translation_note"):
            assert key in bundle.meta, (bundle.id, key)


def test_loading_is_cached_until_a_file_changes(tmp_path, monkeypatch):
    monkeypatch.setenv(bundles.ENV, str(tmp_path))
    where = _bundle(tmp_path)
    first = bundles.load("mercato_valdora")
    assert bundles.load("mercato_valdora") is first
    assert first.article is first.article
    (where / "article.txt").write_text(TEXT + "\nUn paragrafo in più, aggiunto dopo.\n", encoding="utf-8")
    again = bundles.load("mercato_valdora")
    assert again is not first and again.text.endswith("aggiunto dopo.\n")


def test_the_search_path_is_kit_then_env_folders_then_work_folder(tmp_path, monkeypatch):
    one, two = tmp_path / "one", tmp_path / "two"
    monkeypatch.setenv(bundles.ENV, f"{one}{bundles.os.pathsep}{two}")
    places = [origin for _, origin in bundles.search_path()]
    assert places == ["kit", bundles.ENV, bundles.ENV, "work folder"]
    assert bundles.search_path()[-1][0] == work.work_dir() / "articles"
    _bundle(two, "doppio")
    _bundle(one, "doppio", meta={"id": "doppio", "title": "Primo", "language": "it",
                                  "written_for_kit": False})
    assert bundles.load("doppio").folder == one / "doppio"
    shadowed = [e for e in bundles.scan() if e.id == "doppio" and e.shadowed_by]
    assert [e.folder for e in shadowed] == [two / "doppio"]
    assert bundles.ids().count("doppio") == 1


def test_a_bundle_in_the_work_folder_is_found():
    where = _bundle(work.work_dir() / "articles")
    bundle = bundles.load("mercato_valdora")
    assert bundle.folder == where and bundle.origin == "work folder"
    assert "mercato_valdora" in bundles.ids()


def test_an_unknown_id_lists_the_available_ones():
    with pytest.raises(bundles.BundleError, match=r"No article 'nessuno'\. Available: .*example_own.*new-article"):
        bundles.load("nessuno")


@pytest.mark.parametrize("bad", ["", "Maiuscole", "con spazio", "../fuori", "x" * 41, "é_accento", 7])
def test_bad_ids_are_refused_with_the_rule(bad):
    with pytest.raises(bundles.BundleError, match="article id"):
        bundles.check_id(bad)


def _error(tmp_path, monkeypatch, **kwargs) -> str:
    monkeypatch.setenv(bundles.ENV, str(tmp_path))
    _bundle(tmp_path, **kwargs)
    with pytest.raises(bundles.BundleError) as caught:
        bundles.load(kwargs.get("article_id", "mercato_valdora"))
    return str(caught.value)


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"id": "mercato_valdora", "language": "it", "written_for_kit": True}, "missing key.*title"),
        ({"id": "mercato_valdora", "title": 5, "language": "it", "written_for_kit": True},
         r"line 1: 'title' must be text, got 5"),
        ({"id": "mercato_valdora", "title": "T", "language": "it", "written_for_kit": "yes"},
         "'written_for_kit' must be true or false"),
        ({"id": "altro", "title": "T", "language": "it", "written_for_kit": True},
         "'id' is 'altro' but the folder is named 'mercato_valdora'"),
        ({"id": "mercato_valdora", "title": "T", "language": "it", "written_for_kit": True,
          "date": "15/06/2022"}, "'date' must look like \"2022-06-15\""),
        ({"id": "mercato_valdora", "title": "  ", "language": "it", "written_for_kit": True},
         "'title' is empty"),
        (["not", "an", "object"], "expected a JSON object"),
    ],
)
def test_bad_meta_names_the_file_and_the_fix(tmp_path, monkeypatch, meta, expected):
    message = _error(tmp_path, monkeypatch, meta=meta)
    assert "meta.json" in message
    assert re.search(expected, message), message


def test_meta_that_is_not_json_names_the_line(tmp_path, monkeypatch):
    monkeypatch.setenv(bundles.ENV, str(tmp_path))
    where = _bundle(tmp_path)
    (where / "meta.json").write_text('{\n"id": "mercato_valdora",\n"title": "x"\n"language": "it"\n}')
    with pytest.raises(bundles.BundleError, match=r"meta.json line 4: not valid JSON"):
        bundles.load("mercato_valdora")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Città e caffè".encode("latin-1"), r"article.txt line 1: not UTF-8 text .*iconv"),
        (b"  \n\n ", "empty or only white space"),
        (b"testo\x00binario", "binary data"),
        (b"a" * (bundles.MAX_TEXT_BYTES + 1), "at most 500,000"),
    ],
)
def test_bad_article_text_is_refused(tmp_path, monkeypatch, text, expected):
    message = _error(tmp_path, monkeypatch, text=text)
    assert "article.txt" in message
    assert re.search(expected, message), message


def test_a_missing_meta_says_what_a_bundle_needs(tmp_path, monkeypatch):
    monkeypatch.setenv(bundles.ENV, str(tmp_path))
    where = _bundle(tmp_path)
    (where / "meta.json").unlink()
    with pytest.raises(bundles.BundleError, match="meta.json is missing: every article folder needs"):
        bundles.load("mercato_valdora")


@pytest.mark.parametrize(
    ("part", "content", "expected"),
    [
        ("reference.jsonl", '{"kind": "plain"}\n{"kind": \n', r"reference.jsonl line 2: not valid JSON"),
        ("corrections.jsonl", "\n[1, 2]\n", r"corrections.jsonl line 2: expected a JSON object"),
        ("frames.json", '{\n"paragraphs": [\n}', r"frames.json line 3: not valid JSON"),
        ("readouts.json", "{]", r"readouts.json line 1: not valid JSON"),
    ],
)
def test_bad_parts_name_the_file_and_line(tmp_path, monkeypatch, part, content, expected):
    monkeypatch.setenv(bundles.ENV, str(tmp_path))
    where = _bundle(tmp_path)
    (where / part).write_text(content, encoding="utf-8")
    bundle = bundles.load("mercato_valdora")
    with pytest.raises(bundles.BundleError, match=expected):
        bundle.check()


def test_unknown_part_lists_the_parts():
    with pytest.raises(bundles.BundleError, match="Available parts: reference, corrections"):
        bundles.current().path("images")


def test_bundle_errors_share_the_base_class():
    assert issubclass(bundles.BundleError, InquadraError)
    assert issubclass(InquadraError, ValueError)


def test_use_changes_the_default_of_every_loader(tmp_path, monkeypatch):
    monkeypatch.setenv(bundles.ENV, str(tmp_path))
    where = _bundle(tmp_path)
    assert bundles.current_id() == bundles.SEED_ID
    assert article.load().id == bundles.SEED_ID
    bundles.use("mercato_valdora")
    assert bundles.current().folder == where
    assert article.load().text == TEXT
    with pytest.raises(reference.ReferenceDataError, match="No reference annotation for article 'mercato_valdora'"):
        reference.load()
    with pytest.raises(corrections.CorrectionsError, match="No corrections for article 'mercato_valdora'"):
        corrections.load()
    with pytest.raises(bundles.BundleError, match="has no readouts"):
        readouts.load()
    with pytest.raises(bundles.BundleError, match="has no frames"):
        paragraph_frames.load()
    bundles.use(bundles.SEED_ID)
    assert len(readouts.load()) > 0 and len(corrections.load()) > 0


def test_use_refuses_an_unknown_id_and_keeps_the_current_one():
    with pytest.raises(bundles.BundleError):
        bundles.use("nessuno")
    assert bundles.current_id() == bundles.SEED_ID


def test_get_refuses_things_that_are_not_articles():
    with pytest.raises(bundles.BundleError, match="Expected an article id"):
        bundles.get(42)


def test_create_writes_a_bundle_in_the_work_folder():
    bundle = bundles.create(TEXT, "mercato_valdora", source="Scritto per il test")
    assert bundle.folder == work.work_dir() / "articles" / "mercato_valdora"
    assert (bundle.folder / "article.txt").read_bytes() == TEXT.encode("utf-8")
    assert bundle.meta["title"] == "Piove sul mercato coperto di Valdora"  # the headline
    assert bundle.meta["source"] == "Scritto per il test" and bundle.meta["written_for_kit"] is False
    assert bundles.load("mercato_valdora").text == TEXT
    assert [p.name for p in bundle.folder.parent.iterdir()] == ["mercato_valdora"]


def test_create_never_overwrites_without_force():
    first = bundles.create(TEXT, "mercato_valdora")
    (first.folder / "reference.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(bundles.BundleError, match="already exists.*--force"):
        bundles.create("Un altro testo.\n\nCon due paragrafi.", "mercato_valdora")
    assert bundles.load("mercato_valdora").text == TEXT
    again = bundles.create("Un altro testo.\n\nCon due paragrafi.", "mercato_valdora", force=True)
    assert again.text.startswith("Un altro testo")
    kept = first.folder.parent / "mercato_valdora.previous-1"
    assert (kept / "article.txt").read_text(encoding="utf-8") == TEXT
    assert (kept / "reference.jsonl").exists()
    assert "mercato_valdora.previous-1" not in bundles.ids()


@pytest.mark.parametrize("taken", [bundles.SEED_ID, "example_own"])
def test_create_refuses_an_id_the_kit_uses(taken):
    with pytest.raises(bundles.BundleError, match=f"An article '{taken}' already exists"):
        bundles.create(TEXT, taken, force=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", "empty"), ("   \n", "empty"), (b"bytes", "as text"), ("a\x00b", "NUL"),
     ("x" * (bundles.MAX_TEXT_BYTES + 1), "at most")],
)
def test_create_refuses_bad_text_and_writes_nothing(text, expected):
    with pytest.raises(InquadraError, match=expected):
        bundles.create(text, "mercato_valdora")
    assert not (work.work_dir() / "articles" / "mercato_valdora").exists()


def test_create_into_another_folder(tmp_path):
    bundle = bundles.create(TEXT, "mercato_valdora", folder=tmp_path / "corso", title="Il mercato")
    assert bundle.folder == tmp_path / "corso" / "mercato_valdora"
    assert bundle.title == "Il mercato"
    assert sorted(p.name for p in (tmp_path / "corso").iterdir()) == ["mercato_valdora"]


def test_ensure_reuses_the_bundle_that_holds_the_same_text():
    first = bundles.ensure(TEXT, "mio_articolo")
    assert bundles.ensure(TEXT, "mio_articolo") is first
    assert sorted(p.name for p in first.folder.parent.iterdir()) == ["mio_articolo"]


def test_ensure_replaces_a_different_text_and_keeps_the_old_one():
    bundles.ensure(TEXT, "mio_articolo")
    again = bundles.ensure("Un altro titolo\n\nUn altro testo.\n", "mio_articolo")
    assert again.text.startswith("Un altro titolo")
    folder = again.folder.parent
    assert sorted(p.name for p in folder.iterdir()) == ["mio_articolo", "mio_articolo.previous-1"]
    assert (folder / "mio_articolo.previous-1" / "article.txt").read_text(encoding="utf-8") == TEXT


def test_ensure_refuses_an_id_the_kit_uses():
    with pytest.raises(bundles.BundleError, match="already exists"):
        bundles.ensure(TEXT, "example_own")


def test_a_bundle_that_moved_is_found_in_its_new_place(tmp_path, monkeypatch):
    import shutil

    monkeypatch.setenv(bundles.ENV, str(tmp_path / "class"))
    where = _bundle(tmp_path / "class")
    assert bundles.load("mercato_valdora").origin == bundles.ENV
    shutil.move(str(where), str(work.work_dir() / "articles" / "mercato_valdora"))
    moved = bundles.load("mercato_valdora")
    assert moved.origin == "work folder" and moved.folder.parent == work.work_dir() / "articles"
    shutil.rmtree(moved.folder)
    with pytest.raises(bundles.BundleError, match="No article 'mercato_valdora'"):
        bundles.load("mercato_valdora")
