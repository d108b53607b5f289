"""SpanTagger without a browser: the messages its JavaScript sends, handled in Python."""

from __future__ import annotations

import json
import re

import pytest

from inquadra import i18n
from inquadra.annotations import work
from inquadra.widgets import SpanTagger
from inquadra.widgets.tagger import serialise_spans, serialise_tokens


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def tagger(article):
    return SpanTagger(article, labels="lesson06")


@pytest.fixture
def named(article):
    work.set_student("Giulia R.")
    return SpanTagger(article, labels="lesson06")


def _add(widget, ts, te, label="Naming_Choice"):
    widget.handle({"type": "add", "token_start": ts, "token_end": te, "label": label})


def test_tokens_carry_text_block_and_following_space(article):
    tokens = serialise_tokens(article)
    assert len(tokens) == len(article.tokens)
    for start, end, text, block, gap in tokens[:40]:
        assert article.text[start:end] == text
        assert article.block(block).start <= start < article.block(block).end
        assert gap.strip() == ""


def test_tokens_cover_every_paragraph(article):
    blocks = {tok[3] for tok in serialise_tokens(article)}
    assert {b.id for b in article.blocks} == blocks


def test_add_message_adds_span_and_syncs_new_list(tagger, article):
    before = tagger.spans
    _add(tagger, 2, 5)
    assert tagger.spans is not before
    (span,) = tagger.spans
    assert (span["token_start"], span["token_end"], span["label"]) == (2, 5, "Naming_Choice")
    assert span["text"] == article.text[span["start"] : span["end"]]
    assert tagger.progress["Naming_Choice"] == 1
    assert tagger.status_kind == "info" and "NAME" in tagger.status


def test_delete_message_removes_span(tagger):
    _add(tagger, 2, 5)
    s = tagger.spans[0]
    tagger.handle({"type": "delete", "start": s["start"], "end": s["end"], "label": s["label"]})
    assert tagger.spans == []
    assert "NAME" in tagger.status


@pytest.mark.parametrize("note", ["perché «telefonata» e non «colloquio»?", "<b>grassetto</b>"])
def test_note_message_sets_note(tagger, note):
    _add(tagger, 2, 5)
    s = tagger.spans[0]
    tagger.handle({"type": "note", "start": s["start"], "end": s["end"],
                            "label": s["label"], "note": note})
    assert tagger.spans[0]["note"] == note


def test_undo_and_redo_messages(tagger):
    _add(tagger, 2, 5)
    tagger.handle({"type": "undo"})
    assert tagger.spans == [] and tagger.can_redo and not tagger.can_undo
    tagger.handle({"type": "redo"})
    assert len(tagger.spans) == 1 and tagger.can_undo and not tagger.can_redo


def test_undo_with_nothing_to_undo_says_so(tagger):
    tagger.handle({"type": "undo"})
    assert tagger.status == "Nothing to undo."


@pytest.mark.parametrize(
    "message",
    [
        {"type": "add", "token_start": 2, "token_end": 5, "label": "Loaded"},
        {"type": "add", "token_start": 800, "token_end": 9000, "label": "Naming_Choice"},
        {"type": "add", "token_start": 5, "token_end": 5, "label": "Naming_Choice"},
        {"type": "add", "token_start": "2", "token_end": 5, "label": "Naming_Choice"},
        {"type": "add", "label": "Naming_Choice"},
        {"type": "delete", "start": 0, "end": 3, "label": "Naming_Choice"},
        {"type": "note", "start": 0, "end": 3, "label": "Naming_Choice", "note": "x"},
        {"type": "explode"},
        "not a dict",
    ],
)
def test_bad_messages_show_error_without_raising(tagger, message):
    tagger.handle(message)
    assert tagger.status_kind == "error"
    assert tagger.status
    assert tagger.spans == []


def test_same_span_twice_is_an_error(tagger):
    _add(tagger, 2, 5)
    _add(tagger, 2, 5)
    assert tagger.status_kind == "error" and "already" in tagger.status
    assert len(tagger.spans) == 1


def test_overlapping_spans_get_different_layers(tagger):
    _add(tagger, 2, 8, "Naming_Choice")
    _add(tagger, 4, 6, "Loaded_Language")
    _add(tagger, 10, 12, "Loaded_Language")
    layers = {(s["token_start"], s["label"]): s["layer"] for s in tagger.spans}
    assert layers[(2, "Naming_Choice")] != layers[(4, "Loaded_Language")]
    assert layers[(10, "Loaded_Language")] == 0


def test_serialise_spans_layers_nested_same_start(tagger):
    _add(tagger, 2, 4, "Loaded_Language")
    _add(tagger, 2, 8, "Naming_Choice")
    out = serialise_spans(tagger.store.spans, tagger.article.text)
    by_label = {s["label"]: s["layer"] for s in out}
    assert by_label == {"Naming_Choice": 0, "Loaded_Language": 1}


def test_without_a_name_work_stays_in_memory_with_hint(tagger):
    _add(tagger, 2, 5)
    assert len(tagger.spans) == 1
    assert not tagger.saved
    assert tagger.save_note.startswith("Set your name in lesson 00 to save your work")
    assert not list(work.work_dir().glob("*.jsonl"))


def test_every_change_is_saved_for_the_student(named, article):
    _add(named, 2, 5)
    path = work.activity_path("Giulia R.", article.id, "tagging")
    record = json.loads(path.read_text(encoding="utf-8"))
    assert [(s["token_start"], s["token_end"]) for s in record["spans"]] == [(2, 5)]
    named.handle({"type": "undo"})
    assert json.loads(path.read_text(encoding="utf-8"))["spans"] == []
    assert named.saved


def test_new_widget_restores_saved_spans(named, article):
    _add(named, 2, 5)
    _add(named, 20, 22, "Loaded_Language")
    again = SpanTagger(article, labels="lesson06")
    assert [(s["token_start"], s["label"]) for s in again.spans] == [
        (2, "Naming_Choice"), (20, "Loaded_Language")]
    assert "2" in again.status


def test_explicit_annotator_wins_over_student(article):
    work.set_student("Giulia R.")
    widget = SpanTagger(article, labels="lesson06", annotator="Teacher")
    _add(widget, 2, 5)
    assert work.activity_path("Teacher", article.id, "tagging").exists()
    assert not work.activity_path("Giulia R.", article.id, "tagging").exists()


def test_name_set_later_starts_saving_and_keeps_earlier_file(article):
    work.set_student("Marco")
    first = SpanTagger(article, labels="lesson06")
    _add(first, 30, 31)
    (work.work_dir() / "student.json").unlink()
    widget = SpanTagger(article, labels="lesson06")
    _add(widget, 2, 5)
    assert not widget.saved
    work.set_student("Marco")
    _add(widget, 7, 8)
    assert widget.saved
    saved = work.load_store(article, "Marco", "tagging", labels=widget.store.labels)
    assert {s.token_start for s in saved.spans} == {2, 7, 30}


def test_damaged_saved_file_does_not_crash(article):
    work.set_student("Giulia R.")
    path = work.activity_path("Giulia R.", article.id, "tagging")
    path.write_text("{not json\n", encoding="utf-8")
    widget = SpanTagger(article, labels="lesson06")
    assert widget.spans == []
    assert widget.status_kind == "error"


def test_language_switch_resends_strings_and_labels(tagger):
    english = dict(tagger.strings)
    i18n.set_language("it")
    assert tagger.strings["undo"] == "Annulla" != english["undo"]
    assert tagger.labels[0]["name"] != "Naming choice"


def test_repr_is_deterministic(tagger, article):
    text = repr(tagger)
    assert not re.search(r"0x[0-9a-f]+", text)
    assert text == repr(SpanTagger(article, labels="lesson06"))


def test_letter_keys_are_unique_within_the_widget(article):
    widget = SpanTagger(article, labels="lesson06")
    keys = [lab["key"] for lab in widget.labels if lab["key"]]
    assert len(keys) == len(set(keys)) and keys


def test_a_saved_file_that_cannot_be_restored_is_kept_when_new_work_is_saved(article):
    work.set_student("Giulia R.")
    old = SpanTagger(article, labels=["Naming_Choice", "Loaded_Language"])
    _add(old, 20, 22, "Loaded_Language")
    path = work.activity_path("Giulia R.", article.id, "tagging")
    before = path.read_text(encoding="utf-8")
    widget = SpanTagger(article, labels=["Naming_Choice"])
    assert widget.status_kind == "error" and "kept" in widget.status
    _add(widget, 2, 5)
    kept = [p for p in work.work_dir().iterdir() if p.name.startswith(path.name + ".")]
    assert [p.read_text(encoding="utf-8") for p in kept] == [before]
    assert widget.saved


def test_someone_elses_file_with_the_same_file_name_is_left_alone(article):
    work.set_student("Anna")
    other = SpanTagger(article, labels="lesson06")
    _add(other, 20, 22, "Loaded_Language")
    path = work.activity_path("Anna", article.id, "tagging")
    before = path.read_text(encoding="utf-8")
    work.set_student("anna")
    widget = SpanTagger(article, labels="lesson06")
    _add(widget, 2, 5)
    assert path.read_text(encoding="utf-8") == before
    assert widget.status_kind == "error" and not widget.saved


def test_the_same_message_twice_is_sent_again(tagger):
    tagger.handle({"type": "undo"})
    first, said = tagger.status_seq, tagger.status
    tagger.handle({"type": "undo"})
    assert tagger.status == said
    assert tagger.status_seq > first


def test_reference_mode_asks_for_a_rationale_and_counts_only_noted_spans(article):
    work.set_student("Teacher")
    widget = SpanTagger(article=article.id, labels="lesson06", activity="reference", mode="reference")
    _add(widget, 2, 5)
    (span,) = widget.spans
    assert span["needs_note"] and widget.ask_note == f"{span['start']}:{span['end']}:Naming_Choice"
    assert "rationale" in widget.status and widget.progress["Naming_Choice"] == 0
    widget.handle({"type": "note", "start": span["start"], "end": span["end"],
                   "label": "Naming_Choice", "note": "   "})
    assert widget.status_kind == "error" and widget.progress["Naming_Choice"] == 0
    widget.handle({"type": "note", "start": span["start"], "end": span["end"],
                   "label": "Naming_Choice", "note": "The Kremlin's own term."})
    assert not widget.spans[0]["needs_note"] and widget.progress["Naming_Choice"] == 1
    record = json.loads(work.activity_path("Teacher", article.id, "reference").read_text("utf-8"))
    assert record["spans"][0]["note"] == "The Kremlin's own term."


def test_student_mode_never_asks_for_a_note(tagger):
    _add(tagger, 2, 5)
    assert not tagger.spans[0]["needs_note"] and tagger.ask_note == ""
    assert tagger.progress["Naming_Choice"] == 1


def test_text_plain_output_is_a_readable_line(tagger):
    bundle = tagger._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert data["text/plain"] == "Run this cell to show the activity."


def test_the_es_module_carries_the_shared_dom_helpers(tagger):
    assert tagger._esm.startswith("// Shared by every inquadra widget view")
    assert "function widgetRoot(" in tagger._esm and "export default" in tagger._esm


# -- sane spans ------------------------------------------------------------------------------------


def test_a_span_across_paragraphs_is_refused_with_a_message(tagger, article):
    p03, p04 = article.block("p03"), article.block("p04")
    ts, _ = tagger.store.snap(p03.end - 5, p03.end)
    _, te = tagger.store.snap(p04.start, p04.start + 5)
    _add(tagger, ts, te)
    assert tagger.spans == [] and "across two paragraphs" in tagger.status
    _add(tagger, ts, te)  # asking again does not help
    assert tagger.spans == []


def test_an_overlong_span_is_kept_only_when_asked_for_twice(tagger, article):
    block = max(article.paragraphs, key=lambda b: len(b.text))
    ts, te = tagger.store.snap(block.start, block.end)
    assert te - ts > tagger.store.limit("Naming_Choice")
    _add(tagger, ts, te)
    assert tagger.spans == []
    assert "Long spans earn little" in tagger.status and "press NAME again" in tagger.status
    _add(tagger, ts, te)
    assert len(tagger.spans) == 1


def test_the_limit_follows_the_reference(tagger):
    from inquadra.annotations import reference
    from inquadra.annotations.spans import length_limits

    assert tagger.store.max_tokens == length_limits(reference.load().spans)


def test_teacher_mode_on_a_bundle_the_kit_has_never_seen():
    from inquadra import bundles

    text = ("Il consiglio comunale discute il nuovo parco\n\n"
            "Secondo il sindaco il progetto è «una svolta storica» per il quartiere.\n")
    bundle = bundles.create(text, "parco-di-prova", title="Parco")
    work.set_student("Prof. Bianchi")
    widget = SpanTagger(article="parco-di-prova", labels="lesson06", activity="reference",
                        mode="reference")
    start, end = bundle.article.find("una svolta storica")
    first = next(i for i, (s, _e) in enumerate(bundle.article.tokens) if s == start)
    last = next(i for i, (_s, e) in enumerate(bundle.article.tokens) if e == end)
    widget.handle({"type": "add", "token_start": first, "token_end": last + 1, "label": "Loaded_Language"})
    (span,) = widget.spans
    widget.handle({"type": "note", "start": span["start"], "end": span["end"],
                   "label": "Loaded_Language", "note": "Enfasi del sindaco, riportata tra virgolette."})
    path = work.activity_path("Prof. Bianchi", "parco-di-prova", "reference")
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["article"] == "parco-di-prova" and record["text_sha256"] == bundle.article.sha256
    assert [(s["start"], s["end"], s["note"] != "") for s in record["spans"]] == [(start, end, True)]
