"""The teacher's dashboard: loading a class, tables, heat strip, printable report."""

from __future__ import annotations

import html

import numpy as np
import pytest

from inquadra import classroom as cr
from inquadra.annotations import agreement as ag
from inquadra.annotations import reference as reference_module
from inquadra.annotations.records import AnnotationRecord, write_records

NASTY = ["<img src=x onerror=alert(1)>", "</script><script>alert('x')</script>", "\"quoted\" & 'single'"]


@pytest.fixture(scope="module")
def sample():
    return cr.load_class()


def _write_class(folder, article, names, activity="lesson06", cut=None):
    ref = reference_module.load()
    folder.mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(names):
        spans = tuple(r.span for k, r in enumerate(ref.spans) if (k + i) % 3)
        if cut is not None and i == 0:
            spans = tuple(s for s in spans if s.start < cut)
        record = AnnotationRecord(article.id, article.sha256, name, activity, spans)
        write_records(folder / f"student{i}.jsonl", [record])
    return folder


def test_the_sample_class_is_synthetic_and_large_enough(sample):
    assert sample.synthetic and len(sample.records) >= 25
    assert all(name.startswith("synthetic-") for name in sample.annotators)
    assert "synthetic" in repr(sample)


def test_a_real_class_is_not_labelled_synthetic(tmp_path, article):
    cls = cr.load_class(_write_class(tmp_path, article, ["Ada", "Bea"]))
    assert not cls.synthetic
    assert "SYNTHETIC" not in cr.report_html(cls)


def test_summary_figures_come_from_the_agreement_functions(sample):
    s = cr.summary(sample)
    cats = ag.categories(sample.matrix, missing=True)
    assert s.alpha == pytest.approx(ag.krippendorff_alpha(cats))
    assert s.fleiss == pytest.approx(ag.fleiss_kappa(ag.categories(sample.matrix)))
    assert s.annotators == len(sample.records)


def test_participation_marks_a_student_who_stopped_early(tmp_path, article):
    cls = cr.load_class(_write_class(tmp_path, article, ["Ada", "Bea"], cut=article.block("p05").start))
    rows = {r[0]: r for r in cr.participation(cls).rows}
    assert rows["Ada"][4] == "no" and rows["Bea"][4] == "yes"


def test_files_table_shows_rejected_files_with_reason_and_line(tmp_path, article):
    _write_class(tmp_path, article, ["Ada", "Bea"])
    (tmp_path / "zz.jsonl").write_text("{broken\n")
    cls = cr.load_class(tmp_path)
    row = cr.files_table(cls).rows[-1]
    assert row[:2] == ("zz.jsonl", "rejected") and row[3] == "1" and "JSON" in row[4]


def test_the_most_common_activity_is_chosen_and_others_can_be_asked_for(tmp_path, article):
    _write_class(tmp_path / "a", article, ["Ada", "Bea"])
    _write_class(tmp_path / "b", article, ["Cy"], activity="lesson03")
    assert cr.load_class(tmp_path).activity == "lesson06"
    assert cr.load_class(tmp_path, activity="lesson03").annotators == ("Cy",)
    with pytest.raises(ValueError, match="lesson06"):
        cr.load_class(tmp_path, activity="lesson99")


def test_pair_table_kappa_matches_scikit_learn(sample):
    from sklearn.metrics import cohen_kappa_score

    a, b = sample.annotators[:2]
    cats = ag.categories(sample.matrix)
    row = cr.pair_table(sample, a, b).rows[0]
    assert float(row[1]) == pytest.approx(cohen_kappa_score(cats[0], cats[1]), abs=0.005)


@pytest.mark.parametrize(
    "view",
    [cr.summary_table, cr.files_table, cr.participation, cr.agreement_table, cr.reference_table,
     cr.hot_spots_table, cr.false_alarms_table, cr.misses_table],
)
def test_every_table_escapes_names(tmp_path, article, view):
    (tmp_path / "<img src=x onerror=alert(1)>.jsonl").write_text("nope\n")
    cls = cr.load_class(_write_class(tmp_path, article, NASTY))
    out = view(cls)._repr_html_()
    assert "<img" not in out and "<script" not in out and "</script>" not in out
    if view in (cr.participation, cr.reference_table):
        for name in NASTY:
            assert html.escape(name, quote=True) in out


def test_report_escapes_names_and_file_names(tmp_path, article):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "<img src=x onerror=alert(1)>.jsonl").write_text("nope\n")
    cls = cr.load_class(_write_class(tmp_path / "in", article, NASTY))
    page = cr.report_html(cls, title="</title><script>alert(1)</script>")
    assert "<script" not in page and "<img src=x" not in page
    assert page.count("<img ") == 1  # the heat strip only
    assert html.escape(NASTY[0]) in page


def test_heat_strip_is_deterministic_and_fixed_size(sample):
    fig = cr.heat_strip(sample)
    assert tuple(fig.get_size_inches()) == cr.HEAT_STRIP_SIZE
    assert cr.heat_strip_png(sample) == cr.heat_strip_png(sample)


def test_heat_strip_is_darkest_where_the_class_disagrees_most(sample):
    values = ag.token_disagreement(sample.matrix)
    image = cr.heat_strip(sample).axes[0].images[0].get_array()
    assert np.asarray(image)[0].tolist() == pytest.approx(values.tolist())


def test_write_report_is_atomic_and_never_overwrites_without_force(tmp_path, sample):
    target = tmp_path / "report.html"
    cr.write_report(sample, target)
    assert "SYNTHETIC" in target.read_text(encoding="utf-8")
    with pytest.raises(cr.ReportError, match="already exists"):
        cr.write_report(sample, target)
    target.write_text("old")
    cr.write_report(sample, target, force=True)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_italian_headings(sample):
    from inquadra import i18n

    i18n.set_language("it")
    try:
        assert cr.participation(sample).headers[0] == "Annotatore"
    finally:
        i18n.set_language("en")


def test_heat_strip_image_shows_as_png_with_a_stable_repr(sample):
    image = cr.heat_strip_image(sample)
    assert image._repr_png_().startswith(b"\x89PNG")
    assert repr(image) == f"<HeatStrip: disagreement over {sample.matrix.n_tokens} tokens, synthetic class>"


def test_labels_are_escaped_in_the_tables_that_show_them(sample, article):
    from dataclasses import replace

    nasty = "<img src=x onerror=alert(1)>"
    spans = {"a": [sample.records[0].spans[0]], "b": []}
    relabel = {"a": [replace(spans["a"][0], label=nasty)], "b": []}
    matrix = ag.class_matrix(relabel, len(article.tokens), (nasty,))
    cls = replace(sample, matrix=matrix, labels=(nasty,))
    for view in (cr.agreement_table, cr.hot_spots_table):
        out = view(cls)._repr_html_()
        assert "<img" not in out and html.escape(nasty) in out


def test_hot_spot_columns_give_each_count_once(sample):
    from inquadra import taxonomy
    from inquadra.annotations.disagreement import hot_spots

    spots = hot_spots(sample.matrix, sample.article, [r.span for r in sample.reference.spans])[:10]
    rows = cr.hot_spots_table(sample).rows
    assert any(len(s.untagged) > 5 for s in spots) and any(len(w) > 5 for s in spots for _, w in s.votes)
    for spot, row in zip(spots, rows):
        for label, who in spot.votes:
            n = len(who)
            shown = taxonomy.display(label)
            assert (f"{shown}: {n} students" if n > 5 else f"{shown} ({n}): {', '.join(who)}") in row[3]
        n = len(spot.untagged)
        assert row[4] == (f"{n} students" if n > 5 else f"{n}: {', '.join(spot.untagged)}" if n else "0")


@pytest.mark.parametrize(
    ("words", "shown"),
    [
        ("Buon compleanno", "Buon compleanno"),
        ("sanzioni illegali", "…sanzioni illegali…"),
        ("In una lettura separata", "In una lettura separata…"),
        ("in Tagikistan.", "…in Tagikistan."),
        ("si legge nella lettura del Cremlino", "…si legge nella lettura del Cremlino"),
    ],
)
def test_hot_spot_excerpts_mark_where_they_cut_a_sentence(sample, article, words, shown):
    from dataclasses import replace

    from inquadra.annotations.spans import SpanStore

    store = SpanStore(article, "a", ["Loaded_Language"])
    store.add(*article.find(words), "Loaded_Language")
    matrix = ag.class_matrix({"a": store.spans, "b": []}, len(article.tokens), ("Loaded_Language",))
    cls = replace(sample, matrix=matrix, labels=("Loaded_Language",))
    (row,) = cr.hot_spots_table(cls).rows
    assert row[1] == shown


_TABLES = ("agreement_table", "hot_spots_table", "false_alarms_table", "misses_table")


@pytest.mark.parametrize("language", ["en", "it"])
@pytest.mark.parametrize("name", _TABLES)
def test_dashboard_tables_show_short_names_and_names_never_ids(sample, name, language):
    from inquadra import i18n, taxonomy

    i18n.set_language(language)
    try:
        cells = " | ".join(str(c) for row in getattr(cr, name)(sample).rows for c in row)
    finally:
        i18n.set_language("en")
    ids = [lab.id for lab in taxonomy.load().labels if "_" in lab.id or "-" in lab.id]
    assert [i for i in ids if i in cells] == []
    shown = {taxonomy.display(lab, language) for lab in sample.labels}
    assert any(s in cells for s in shown)


def test_a_pair_table_names_labels_in_italian(sample):
    from inquadra import i18n

    i18n.set_language("it")
    try:
        first = [row[0] for row in cr.pair_table(sample, "synthetic-01", "synthetic-17").rows]
    finally:
        i18n.set_language("en")
    assert "SRC · Indicatore di fonte" in first or any(" · " in f for f in first[1:])
    assert "Attribution_Marker" not in first
