"""inquadra reference publish: a teacher's saved tagging becomes a bundle's reference.jsonl."""

from __future__ import annotations

import json

import pytest

from inquadra import bundles, cli
from inquadra.annotations import SpanStore, compare, reference, work

TEXT = (
    "Il sindaco di Pratolungo difende la “rivoluzione verde” della piazza\n\n"
    "Il sindaco ha detto che la nuova piazza è un successo. Secondo alcuni residenti, "
    "il cantiere è stato un disastro annunciato.\n"
)
LABELS = ["Loaded_Language", "Attribution_Marker"]


@pytest.fixture
def bundle():
    return bundles.create(TEXT, "piazza_pratolungo")


def _teacher_file(bundle, notes=("An image that sells the project.", "A vague source.")):
    art = bundle.article
    store = SpanStore(art, "Prof. Neri", LABELS)
    store.add(*art.find("rivoluzione verde"), "Loaded_Language", note=notes[0])
    store.add(*art.find("Secondo alcuni residenti"), "Attribution_Marker", note=notes[1])
    return work.save_store(store, "reference")


def test_publish_writes_the_reference_the_loader_reads(bundle, capsys):
    path = _teacher_file(bundle)
    assert cli.main(["reference", "publish", str(path), "--article", bundle.id]) == 0
    assert "Published 2 reference span(s) for article piazza_pratolungo" in capsys.readouterr().out
    lines = [json.loads(x) for x in (bundle.folder / "reference.jsonl").read_text(encoding="utf-8").splitlines()]
    assert lines[0] == {"kind": "span", "label": "Loaded_Language", "text": "rivoluzione verde",
                        "occurrence": 1, "rationale": "An image that sells the project."}
    ref = reference.load(bundle.id)
    assert [r.text for r in ref.spans] == ["rivoluzione verde", "Secondo alcuni residenti"]
    student = SpanStore(bundle.article, "Ada", LABELS)
    student.add(*bundle.article.find("rivoluzione verde"), "Loaded_Language")
    result = compare.compare(student, ref, LABELS)
    assert (len(result.matches), len(result.false_alarms), len(result.misses)) == (1, 0, 1)


def test_a_span_without_rationale_is_named(bundle, capsys):
    path = _teacher_file(bundle, notes=("An image that sells the project.", "  "))
    assert cli.main(["reference", "publish", str(path), "--article", bundle.id]) == 2
    err = capsys.readouterr().err
    assert "1 span(s) have no rationale: 'Secondo alcuni residenti' (Attribution_Marker, p01.s2)" in err
    assert not (bundle.folder / "reference.jsonl").exists()


def test_an_existing_reference_is_replaced_only_with_force(bundle, capsys):
    path = _teacher_file(bundle)
    assert cli.main(["reference", "publish", str(path), "--article", bundle.id]) == 0
    assert cli.main(["reference", "publish", str(path), "--article", bundle.id]) == 2
    assert "already exists" in capsys.readouterr().err
    assert cli.main(["reference", "publish", str(path), "--article", bundle.id, "--force"]) == 0
    assert (bundle.folder / "reference.jsonl.previous-1").is_file()


def test_the_kits_articles_are_read_only(capsys, tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text("{}\n", encoding="utf-8")
    assert cli.main(["reference", "publish", str(path), "--article", bundles.SEED_ID]) == 2
    assert "read-only" in capsys.readouterr().err


def test_a_file_for_another_article_is_refused(bundle, capsys):
    other = bundles.create("Altro titolo\n\nAltro testo, diverso.\n", "altro_testo")
    store = SpanStore(other.article, "Prof. Neri", LABELS)
    store.add(*other.article.find("diverso"), "Loaded_Language", note="why")
    path = work.save_store(store, "reference")
    assert cli.main(["reference", "publish", str(path), "--article", bundle.id]) == 2
    err = capsys.readouterr().err
    assert "piazza_pratolungo" in err and "Traceback" not in err


def test_a_merged_class_file_is_not_a_teachers_file(bundle, tmp_path, capsys):
    from inquadra.annotations import AnnotationRecord, write_records

    record = AnnotationRecord.from_store(SpanStore(bundle.article, "Ada", LABELS), "x")
    record2 = AnnotationRecord.from_store(SpanStore(bundle.article, "Bea", LABELS), "x")
    path = write_records(tmp_path / "class.jsonl", [record, record2])
    assert cli.main(["reference", "publish", str(path), "--article", bundle.id]) == 2
    assert "expected one teacher's record" in capsys.readouterr().err


def test_a_repeated_phrase_keeps_its_occurrence():
    text = "Titolo breve\n\nLa piazza è nuova. Dopo la piazza, il parco.\n"
    art = bundles.create(text, "piazze").article
    store = SpanStore(art, "Prof. Neri", LABELS)
    store.add(*art.find("piazza", 2), "Loaded_Language", note="the second one")
    lines = reference.to_lines(store.spans, art)
    assert json.loads(lines[0])["occurrence"] == 2
    assert reference.from_lines(lines, art).spans[0].span.key == store.spans[0].key
