"""HTML injection: every renderer shows markup in text, labels, notes and names as text.

Payloads go wherever a renderer takes text: the article (built with
``article.from_text``), file names, annotator names, notes, rationales,
questions, options and titles. Each check asserts that the raw payload does
not reach the HTML and that its escaped form does.
"""

from __future__ import annotations

import html
import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from inquadra import analysis, article, cli, render

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
TEXTAREA = "</textarea>"
QUOTES = "\"virgolette\" & 'apici'"
PAYLOADS = (SCRIPT, IMG, TEXTAREA, QUOTES)
_DANGEROUS = ("<script", "<img src=x", "</textarea", "<textarea", "<b>mosca", "<b onmouseover")

TEXT = (
    f"{SCRIPT} Putin e Xi\n\n"
    f"Putin ha detto: «{IMG} è la nostra {TEXTAREA} \"operazione militare speciale\" & "
    "'amicizia senza limiti'».\n\n"
    f"Xi Jinping ha affermato che «la partnership {SCRIPT} è senza limiti».\n\n"
    f"Secondo il \"Cremlino\" & <b>Mosca</b>, l'invasione è un'operazione militare speciale {QUOTES}."
)


def _assert_shown_as_text(page: str, payloads=PAYLOADS, *, contiguous: bool = True) -> None:
    low = page.lower()
    for bad in _DANGEROUS:
        assert bad not in low, f"unescaped {bad!r} in the HTML"
    for p in payloads:
        assert p not in page, f"raw payload {p!r} in the HTML"
        if contiguous:
            assert html.escape(p, quote=True) in page, f"escaped payload {p!r} missing"


@pytest.fixture(scope="module")
def payload_article():
    return article.from_text(TEXT, "payload")


# -- the CLI and render.py -----------------------------------------------------
def test_cli_analyze_html_escapes_the_article_and_its_file_name(tmp_path):
    source = tmp_path / f"{IMG} {QUOTES}.txt"
    source.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "report.html"
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = cli.main(["analyze", str(source), "--html", str(out)])
    assert code == 0, err.getvalue()
    page = out.read_text(encoding="utf-8")
    _assert_shown_as_text(page)
    assert f"<title>inquadra analysis: {html.escape(IMG + ' ' + QUOTES)}</title>" in page


def test_render_passages_escape_blocks_and_sentences(payload_article):
    ids = [b.id for b in payload_article.blocks] + [s.id for s in payload_article.sentences]
    _assert_shown_as_text(render.passages(payload_article, ids)._repr_html_())


def test_render_table_escapes_cells_headers_and_dataclass_rows(payload_article):
    result = analysis.analyze(payload_article)
    rows = [(p, p) for p in PAYLOADS] + list(result.quotations)
    page = render.table(rows, [SCRIPT, QUOTES])._repr_html_()
    _assert_shown_as_text(page)
    assert f">{html.escape(SCRIPT)}</th>" in page


@pytest.mark.parametrize("key", ["framing", "quotes", "claims", "artifacts"])
def test_render_highlight_escapes_tokens_labels_and_notes(payload_article, key):
    page = render.highlight(payload_article, key, colours={SCRIPT: "#fff"})._repr_html_()
    _assert_shown_as_text(page, contiguous=False)
    assert "&lt;" in page


def _hostile_analysis():
    a = analysis
    p = SCRIPT + IMG + TEXTAREA + QUOTES
    return a.Analysis(
        p, p,
        (a.ActorCount(p, p, p, 3, (p, p)),),
        (a.FramingHit(0, 1, p, p, p, p, p, p),),
        (a.Quotation(0, 1, p, p, p, p, True, False, p),),
        (a.Claim(0, 1, p, p, p, p, False, p),),
        (a.ArtifactHit(0, 1, p, p, p, p),),
        (a.ParagraphVoice(p, p, p, ((p, 1.0),)),),
    )


def test_html_report_escapes_every_field_of_an_analysis():
    page = render.html_report(_hostile_analysis(), title=QUOTES + IMG)
    _assert_shown_as_text(page)
    escaped = html.escape(SCRIPT + IMG + TEXTAREA + QUOTES, quote=True)
    assert page.count(escaped) >= 25  # every text field of every section, and the title


# -- widgets -------------------------------------------------------------------
def _reference_for(art, rationale: str):
    from inquadra.annotations import reference

    lines = [
        json.dumps({"kind": "span", "text": "Putin ha detto", "label": "Attribution_Marker", "rationale": rationale}),
        json.dumps({"kind": "span", "text": "senza limiti", "occurrence": 2, "label": "Naming_Choice",
                    "rationale": rationale}),
        json.dumps({"kind": "plain", "sentence": "p03.s1", "rationale": rationale}),
    ]
    return reference.from_lines(lines, art, source="payload")


def test_compare_view_escapes_article_text_rationales_and_plain_notes(payload_article):
    from inquadra.annotations.spans import SpanStore
    from inquadra.widgets import CompareView

    ref = _reference_for(payload_article, f"{SCRIPT} {QUOTES}")
    store = SpanStore(payload_article, IMG, ["Attribution_Marker", "Naming_Choice"])
    store.add(*payload_article.find("Putin ha detto"), "Attribution_Marker", note=SCRIPT)
    store.add(*payload_article.find(f"{IMG} è"), "Naming_Choice", note=TEXTAREA)
    store.add(*payload_article.find("Cremlino"), "Naming_Choice")
    view = CompareView(store, reference=ref)
    kinds = {kind for _, kind, _ in view.items()}
    assert kinds == {"match", "false_alarm", "miss"}
    page = view.html()
    _assert_shown_as_text(page, (SCRIPT, IMG, QUOTES))
    assert html.escape(f"{SCRIPT} {QUOTES}") in page and html.escape(IMG) in page


def test_choice_escapes_question_options_and_explanations_in_both_languages():
    from inquadra import i18n
    from inquadra.widgets import Choice

    options = [{"text": {"en": IMG, "it": TEXTAREA}, "correct": True,
                "explanation": {"en": SCRIPT, "it": QUOTES}},
               {"text": QUOTES, "correct": False, "explanation": IMG}]
    widget = Choice({"en": SCRIPT + QUOTES, "it": IMG}, options)
    shown = []
    try:
        for language in ("en", "it"):
            i18n.set_language(language)
            for index in range(2):
                widget.pick(index)
                shown.append((widget.question_text, widget.feedback["reason"]))
    finally:
        i18n.set_language("en")
    # the texts reach the browser as plain text, which choice.js sets with textContent
    # (after the first pick the reason starts with the practice note: the first answer counts)
    expected = [(SCRIPT + QUOTES, SCRIPT), (SCRIPT + QUOTES, IMG), (IMG, QUOTES), (IMG, IMG)]
    assert [q for q, _ in shown] == [q for q, _ in expected]
    assert all(reason.endswith(want) for (_, reason), (_, want) in zip(shown, expected))
    assert sorted(widget.options_text) == sorted([IMG, QUOTES])  # in the student's own order


@pytest.mark.parametrize("name", [IMG, QUOTES, "<b onmouseover=alert(1)>Ana", "Ana <textarea> D'Amico"])
def test_student_name_messages_escape_the_name(name):
    from inquadra.widgets import StudentName

    widget = StudentName()
    assert widget.save(name)
    page = widget._message.value
    low = page.lower()
    assert name not in page and html.escape(name) in page
    assert not any(bad in low for bad in _DANGEROUS)


def test_correction_pad_escapes_sentences_fixes_notes_and_the_students_name(payload_article):
    from inquadra.annotations import work
    from inquadra.corrections import Correction
    from inquadra.widgets.correction import CorrectionPad, PadItem

    s = payload_article.sentence("p01.s1")
    start, end = payload_article.find(IMG)
    fix = Correction(1, "calque", IMG, 1, SCRIPT, QUOTES, "likely", TEXTAREA, start, end, "p01.s1")
    items = [PadItem("p01.s1", s.text, s.start, (fix,), {"en": SCRIPT, "it": IMG}),
             PadItem("p02.s1", payload_article.sentence("p02.s1").text, 0, (), {"en": QUOTES})]
    work.set_student(IMG)
    pad = CorrectionPad(items, activity="payload", article=payload_article)
    pad.set_answer("p01.s1", TEXTAREA + SCRIPT)
    pad.compare("p01.s1")
    pad.compare("p02.s1")
    page = "".join(w.value for w in [pad._title, pad._status]
                   + [r[k] for r in pad._rows.values() for k in ("head", "result")])
    _assert_shown_as_text(page)
    assert pad.answer("p01.s1") == TEXTAREA + SCRIPT  # the text box keeps what was typed


def test_feedback_from_checks_escapes_title_and_message():
    from inquadra.checks import Feedback

    page = Feedback(IMG, False, SCRIPT + TEXTAREA + QUOTES)._repr_html_()
    _assert_shown_as_text(page)


@pytest.mark.parametrize("name", ["tagger.js", "sorter.js", "choice.js", "dom.js"])
def test_widget_javascript_never_parses_html(name):
    source = (Path(__import__("inquadra").__file__).parent / "widgets" / name).read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in source, f"{name} uses {sink}"
    assert "textContent" in source


# -- the teacher's side ----------------------------------------------------------
def test_classroom_report_escapes_names_notes_files_activity_and_title(tmp_path, article):
    from inquadra import classroom
    from inquadra.annotations.records import AnnotationRecord, write_records
    from inquadra.annotations.spans import SpanStore

    activity = f"{TEXTAREA} {QUOTES}"[:60]
    for n, name in enumerate([SCRIPT, IMG, QUOTES, "Bea " + TEXTAREA]):
        store = SpanStore(article, name, ["Naming_Choice", "Loaded_Language"])
        store.add(*article.find("invasione"), "Naming_Choice", note=SCRIPT + QUOTES)
        if n % 2:
            store.add(*article.find("sanzioni illegali"), "Loaded_Language", note=IMG)
        write_records(tmp_path / f"{n}-{IMG}.jsonl", [AnnotationRecord.from_store(store, activity)])
    (tmp_path / f"{QUOTES}.jsonl").write_text(SCRIPT + "\n", encoding="utf-8")
    cls = classroom.load_class([tmp_path], activity=activity)
    assert len(cls.records) == 4
    page = classroom.report_html(cls, title=SCRIPT + QUOTES)
    _assert_shown_as_text(page, (SCRIPT, IMG, QUOTES))
    assert html.escape(activity) in page or html.escape(SCRIPT + QUOTES) in page


def test_reading_edition_escapes_titles_and_stored_text_outputs(tmp_path):
    import nbformat

    from inquadra.site import build_site

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {IMG} {QUOTES}"),
                nbformat.v4.new_code_cell("print(x)", outputs=[
                    nbformat.v4.new_output("stream", name="stdout", text=SCRIPT + "\n" + TEXTAREA)])]
    path = tmp_path / "lesson.ipynb"
    nbformat.write(nb, path)
    (page,) = build_site(tmp_path / "site", [path])
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    _assert_shown_as_text(index, (IMG, QUOTES))
    body = page.path.read_text(encoding="utf-8")
    assert SCRIPT not in body and TEXTAREA not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
