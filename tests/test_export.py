"""Exports to spaCy DocBin, brat standoff and SemEval TSV, each read back unchanged."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inquadra.annotations import export as ex
from inquadra.annotations.records import AnnotationFileError, AnnotationRecord
from inquadra.annotations.spans import Span

def _span(article, ts, te, label="Loaded_Language", note=""):
    return Span(article.tokens[ts][0], article.tokens[te - 1][1], label, ts, te, note)


def _record(article, annotator="Giulia", activity="lesson06", spans=None):
    if spans is None:
        spans = (
            _span(article, 3, 6, "Naming_Choice", "perché «invasione»?"),
            _span(article, 3, 6, "Loaded_Language"),
            _span(article, 20, 45, "Security_and_defense", "riga 1\nriga\t2 \\ fine"),
        )
    return AnnotationRecord(article.id, article.sha256, annotator, activity, tuple(spans))


def _keys(records):
    return [(r.annotator, r.activity, sorted((s.start, s.end, s.label, s.note) for s in r.spans))
            for r in records]


def test_docbin_round_trips_spans_notes_and_annotator(tmp_path, article):
    records = [_record(article), _record(article, "Marco", spans=(_span(article, 0, 2),))]
    path = ex.write_docbin(records, tmp_path / "class.spacy")
    assert _keys(ex.read_docbin(path)) == _keys(records)


def test_docbin_loads_in_spacy_with_spans_and_annotator_in_kb_id(tmp_path, article):
    import spacy
    from spacy.tokens import DocBin

    ex.write_docbin([_record(article)], tmp_path / "x.spacy")
    (doc,) = DocBin().from_disk(tmp_path / "x.spacy").get_docs(spacy.blank("it").vocab)
    group = doc.spans["inquadra"]
    assert {s.label_ for s in group} == {"Naming_Choice", "Loaded_Language", "Security_and_defense"}
    assert {s.kb_id_ for s in group} == {"Giulia"}
    assert doc.user_data["inquadra"]["activity"] == "lesson06"


def test_brat_round_trips_including_notes_with_newlines_and_tabs(tmp_path, article):
    records = [_record(article), _record(article, "Marco", activity="")]
    ex.write_brat(records, tmp_path / "brat")
    assert _keys(ex.read_brat(tmp_path / "brat")) == sorted(_keys(records), key=lambda k: k[1])


def test_brat_writes_t_lines_and_annotator_notes(tmp_path, article):
    ex.write_brat([_record(article)], tmp_path / "brat")
    ann = (tmp_path / "brat" / "lesson06" / "Giulia.ann").read_text(encoding="utf-8")
    s = _span(article, 3, 6)
    assert f"T1\tLoaded_Language {s.start} {s.end}\t{article.text[s.start:s.end]}\n" in ann
    assert "AnnotatorNotes T2\tperché «invasione»?" in ann
    assert (tmp_path / "brat" / "lesson06" / "Giulia.txt").read_text(encoding="utf-8") == article.text


def test_brat_splits_a_span_across_paragraphs_into_fragments(tmp_path, article):
    p01 = article.block("p01")
    last = max(i for i, (_, e) in enumerate(article.tokens) if e <= p01.end)
    record = _record(article, spans=(_span(article, last - 1, last + 3),))
    ex.write_brat([record], tmp_path / "brat")
    ann = (tmp_path / "brat" / "lesson06" / "Giulia.ann").read_text(encoding="utf-8")
    assert ";" in ann.split("\t")[1]
    assert _keys(ex.read_brat(tmp_path / "brat")) == _keys([record])


@pytest.mark.parametrize("name", ["../evil", "a/b", "..", ".hidden", "C:x", "back\\slash", ""])
def test_brat_refuses_names_that_would_leave_the_folder(tmp_path, article, name):
    record = AnnotationRecord(article.id, article.sha256, name, "lesson06", ())
    with pytest.raises(ex.ExportError, match="file name"):
        ex.write_brat([record], tmp_path / "out")
    assert not any(tmp_path.rglob("*.ann"))


def test_activity_names_are_checked_too(tmp_path, article):
    with pytest.raises(ex.ExportError, match="activity"):
        ex.write_brat([_record(article, activity="../../etc")], tmp_path / "out")


def test_names_with_html_are_fine_as_file_names(tmp_path, article):
    name = "<img src=x onerror=alert(1)> 'x'"
    ex.write_brat([_record(article, name)], tmp_path / "out")
    assert [r.annotator for r in ex.read_brat(tmp_path / "out")] == [name]


def test_semeval_single_file_has_four_tab_separated_columns(tmp_path, article):
    record = _record(article)
    (path,) = ex.write_semeval([record], tmp_path / "giulia.tsv")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    assert lines[0].split("\t") == [article.id, "Loaded_Language", str(record.spans[1].start),
                                    str(record.spans[1].end)]


def test_semeval_round_trips_spans_without_notes(tmp_path, article):
    records = [_record(article), _record(article, "Marco")]
    ex.write_semeval(records, tmp_path / "tsv")
    back = ex.read_semeval(tmp_path / "tsv")
    assert [(r.annotator, sorted(s.key for s in r.spans)) for r in back] == [
        (r.annotator, sorted(s.key for s in r.spans)) for r in records]
    assert all(s.note == "" for r in back for s in r.spans)


def test_semeval_refuses_several_records_in_one_file(tmp_path, article):
    with pytest.raises(ex.ExportError, match="folder"):
        ex.write_semeval([_record(article), _record(article, "Marco")], tmp_path / "x.tsv")


@pytest.mark.parametrize("fmt,out", [("docbin", "x.spacy"), ("semeval", "x.tsv")])
def test_writers_refuse_to_overwrite_without_force(tmp_path, article, fmt, out):
    target = tmp_path / out
    target.write_text("keep")
    with pytest.raises(ex.ExportError, match="--force"):
        ex.write(fmt, [_record(article)], target)
    assert target.read_text() == "keep"
    ex.write(fmt, [_record(article)], target, force=True)
    assert target.read_bytes() != b"keep"


def test_brat_refuses_to_overwrite_existing_files(tmp_path, article):
    ex.write_brat([_record(article)], tmp_path / "out")
    with pytest.raises(ex.ExportError, match="already exists"):
        ex.write_brat([_record(article)], tmp_path / "out")
    ex.write_brat([_record(article)], tmp_path / "out", force=True)


def test_two_records_for_one_submission_are_refused(tmp_path, article):
    with pytest.raises(ex.ExportError, match="merge"):
        ex.write_brat([_record(article), _record(article)], tmp_path / "out")


@pytest.mark.parametrize(("first", "second"), [("Giulia", "giulia"), ("Giulia", "GIULIA"), ("Zoë", "Zoe\u0308")])
def test_names_one_file_system_would_mix_up_are_refused(tmp_path, article, first, second):
    # Windows and macOS do not tell Giulia.ann from giulia.ann: the second would replace the first.
    with pytest.raises(ex.ExportError, match="merge"):
        ex.write_brat([_record(article, first), _record(article, second)], tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "line,fragment",
    [("000_a3bf1baf7ef32c25\tLoaded_Language\t3\n", "TAB"),
     ("000_a3bf1baf7ef32c25\tLoaded_Language\t1\t4\n", "token"),
     ("000_a3bf1baf7ef32c25\tPropaganda\t0\t2\n", "unknown label")],
)
def test_read_semeval_says_what_is_wrong_and_where(tmp_path, line, fragment):
    path = tmp_path / "x.tsv"
    path.write_text("000_a3bf1baf7ef32c25\tLoaded_Language\t0\t2\n" + line)
    with pytest.raises(AnnotationFileError, match=fragment) as info:
        ex.read_semeval(path)
    assert info.value.path == str(path)


def test_read_brat_refuses_a_text_that_is_not_the_article(tmp_path, article):
    ex.write_brat([_record(article)], tmp_path / "out")
    (tmp_path / "out" / "lesson06" / "Giulia.txt").write_text("altro testo")
    with pytest.raises(AnnotationFileError, match="not the text"):
        ex.read_brat(tmp_path / "out")


def test_read_docbin_refuses_other_files(tmp_path):
    path = tmp_path / "x.spacy"
    path.write_bytes(b"\x80\x04 not a docbin")
    with pytest.raises(AnnotationFileError, match="DocBin"):
        ex.read_docbin(path)


def test_unknown_format_is_refused(tmp_path, article):
    with pytest.raises(ex.ExportError, match="docbin, brat, semeval"):
        ex.write("conll", [_record(article)], tmp_path / "x")


_notes = st.text(st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\n\t\\"), max_size=20)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_spans_round_trip_through_every_format(tmp_path_factory, article, data):
    n = len(article.tokens)
    spans = set()
    for _ in range(data.draw(st.integers(0, 6))):
        ts = data.draw(st.integers(0, n - 1))
        te = data.draw(st.integers(ts + 1, min(n, ts + 40)))
        label = data.draw(st.sampled_from(["Loaded_Language", "Naming_Choice", "Doubt"]))
        spans.add(_span(article, ts, te, label, data.draw(_notes)))
    by_key = {s.key: s for s in spans}
    record = _record(article, "Ada", spans=tuple(by_key.values()))
    folder = tmp_path_factory.mktemp("rt")
    assert _keys(ex.read_docbin(ex.write_docbin([record], folder / "x.spacy"))) == _keys([record])
    ex.write_brat([record], folder / "brat")
    assert _keys(ex.read_brat(folder / "brat")) == _keys([record])
    ex.write_semeval([record], folder / "x.tsv")
    assert [sorted(s.key for s in r.spans) for r in ex.read_semeval(folder / "x.tsv")] == [
        sorted(by_key)] or not by_key
