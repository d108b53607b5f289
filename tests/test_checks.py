"""Every check passes its solution's answer, fails the untouched exercise, and helps on wrong answers."""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path

import pytest
import spacy
from spacy.matcher import Matcher, PhraseMatcher

from inquadra import article, checks, i18n
from inquadra.annotations import SpanStore
from inquadra.checks import Feedback, check

ROOT = Path(__file__).resolve().parents[1]
_ANSWER = re.compile(r"^answer_(\d+)_(\d+)$")


def _run_cells(path: Path) -> dict:
    """Run a notebook's code cells in one namespace, from the notebook's folder as Jupyter
    does; a cell that raises (a stub) is skipped."""
    namespace: dict = {"__name__": "__notebook__"}
    nb = json.loads(path.read_text(encoding="utf-8"))
    here = os.getcwd()
    os.chdir(path.parent)
    try:
        for cell in nb["cells"]:
            if cell["cell_type"] != "code":
                continue
            try:
                exec(compile("".join(cell["source"]), str(path), "exec"), namespace)
            except NotImplementedError:
                pass
    finally:
        os.chdir(here)
    return namespace


@lru_cache(maxsize=2)
def _answers(folder: str) -> dict:
    found = {}
    for path in sorted((ROOT / folder).glob("*.ipynb")):
        for name, value in _run_cells(path).items():
            m = _ANSWER.match(name)
            if m:
                found[f"{m.group(1)}.{m.group(2)}"] = value
    return found


def _notebook_ids(folder: str) -> set[str]:
    ids = set()
    for path in (ROOT / folder).glob("*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
            if grade_id.startswith("ex-"):
                ids.add(".".join(grade_id.split("-")[1:]))
    return ids


def test_every_exercise_in_the_notebooks_has_a_check_and_back():
    assert _notebook_ids("solutions/en") == set(checks.exercises())


def test_every_lesson_has_at_least_three_exercises():
    per_lesson: dict[str, int] = {}
    for ex in checks.exercises():
        per_lesson[ex.split(".")[0]] = per_lesson.get(ex.split(".")[0], 0) + 1
    assert sorted(per_lesson) == [str(n) for n in range(1, 9)]
    assert min(per_lesson.values()) >= 3


@pytest.mark.parametrize("exercise", checks.exercises())
def test_the_solution_passes(exercise):
    result = check(exercise, _answers("solutions/en")[exercise])
    assert result.passed, result.message
    assert "Next:" in result.message


@pytest.mark.parametrize("exercise", checks.exercises())
def test_the_untouched_exercise_does_not_pass(exercise):
    answer = _answers("exercises/en").get(exercise)
    result = check(exercise, answer)
    assert not result.passed
    assert result.message.startswith("Not answered yet")


@pytest.mark.parametrize("unanswered", [None, ..., NotImplemented, NotImplementedError, NotImplementedError("x")])
def test_unanswered_forms_are_not_errors(unanswered):
    result = check("2.1", unanswered)
    assert (result.passed, result.message.startswith("Not answered yet")) == (False, True)


def test_missing_answer_argument_is_not_answered():
    assert check("1.1").message.startswith("Not answered yet")


def test_unknown_exercise_says_what_ids_look_like():
    result = check("9.9", "p01")
    assert not result.passed and "Ids look like '2.1'" in result.message


def _nlp():
    return spacy.blank("it")


def _phrase_matcher(*phrases, attr="ORTH"):
    nlp = _nlp()
    m = PhraseMatcher(nlp.vocab, attr=attr)
    if phrases:
        m.add("X", [nlp.make_doc(p) for p in phrases])
    return m


def _matcher(pattern):
    m = Matcher(_nlp().vocab)
    m.add("X", [pattern])
    return m


def _store(*items):
    art = article.load()
    store = SpanStore(art)
    for words, label in items:
        store.add(*art.find(words), label)
    return store


class _Sorter:
    """Stands in for a StatementSorter: only the state the check reads."""

    def __init__(self, placement):
        self.placement = placement
        self.statements = [{"id": "ukraine_discussed", "text": {"en": "The two leaders talked about Ukraine.",
                                                                "it": "I due leader hanno parlato dell'Ucraina."}}]


WRONG = [
    ("1.1", "p01", "paragraph's id"),
    ("1.1", 3, "I expected a sentence id"),
    ("1.2", ["p02", "p03"], "You have 2 of 12 right"),
    ("1.2", ["p01"] + ["p02"], "'p01' does not belong"),
    ("1.2", "p02", "one string"),
    ("1.3", {"claim": "journalist", "evidence": ["secondo il ministero degli Esteri cinese"]}, "hand the content"),
    ("1.3", "ministry", "'claim'"),
    ("1.4", {"claim": "other_nations", "evidence": ["La Cina è pronta a collaborare con la Russia"]}, "do not show it"),
    ("2.1", {"claim": "china_called", "evidence": ["crisi ucraina"]}, "Not this claim"),
    ("2.2", _matcher([{"LOWER": "xi"}]), "finds 3 of the 8"),
    ("2.2", _matcher([{"ORTH": {"REGEX": "^(Xi|Ji|G|Shi)"}}]), "It also finds 'Gelato'"),
    ("2.3", (1442, 1449), "the phrase and a little more"),
    ("2.4", {"claim": "fluent_reversal", "evidence": []}, "needs evidence"),
    ("3.1", "p03.s2", "Moscow's name"),
    ("3.2", _phrase_matcher(), "no patterns yet"),
    ("3.2", _phrase_matcher("operazione militare speciale", attr="LOWER"), "Still missing: 1 (look in p05)"),
    ("3.2", _phrase_matcher("operazione militare speciale", "crisi ucraina", "invasione", attr="LOWER"),
     "It also finds 'invasione'"),
    ("3.2", [(0, 1)], "PhraseMatcher"),
    ("3.3", {"claim": "distances", "evidence": ["operazione militare speciale"]}, "do not show it"),
    ("3.4", {"claim": "cnn_obeys_law", "evidence": ["ha invaso"]}, "not bound by that law"),
    ("4.1", "p09.s1", "paragraph id"),
    ("4.2", ["p01.s1", "p15.s1", "p16.s1", "p16.s2"], "headline and the subheads"),
    ("4.3", {"claim": "just_date", "evidence": ["telefonata di compleanno"]}, "where a report puts it"),
    ("4.4", {"claim": "leaders_slogan", "evidence": ["poche settimane prima dell’invasione russa, i due leader hanno annunciato che si sarebbero dimessi Incontro faccia a faccia Ha detto"]}, "too long"),
    ("5.1", "p12", "sanctions"),
    ("5.2", _Sorter({}), "Nothing is sorted yet"),
    ("5.2", _Sorter({"legitimacy": "moscow", "ukraine_discussed": "moscow"}),
     "“The two leaders talked about Ukraine.”: it is not only in the Kremlin readout"),
    ("5.2", {"legitimacy": "moscow"}, "StatementSorter"),
    ("5.3", {"claim": "xi_recognised", "evidence": ["ha notato"]}, "stronger than the source"),
    ("5.4", {"claim": "Economic", "evidence": ["sfide alla sua difesa"]}, "fits p12"),
    ("6.1", _store(("sanzioni", "Loaded_Language")), "does not cover the same words"),
    ("6.1", _store(("sanzioni illegali", "Naming_Choice")), "which label fits it better"),
    ("6.1", _store(("sanzioni illegali", "Loaded_Language"), ("I due paesi", "Loaded_Language")),
     "'I due paesi' (Loaded_Language) is a false alarm"),
    ("6.1", SpanStore(article.load()), "No spans yet"),
    ("6.1", "sanzioni illegali", "a SpanStore"),
    ("6.2", _store(("“operazione militare speciale”", "Naming_Choice"), ("ha invaso", "Naming_Choice")),
     "Leave out the quotation marks"),
    ("6.3", {"claim": "p12.s1", "evidence": ["votano spesso insieme"]}, "sanzioni illegali"),
    ("6.4", {"claim": "kremlin", "evidence": ["le sanzioni della Russia"]}, "cannot find"),
    ("7.1", article.load(), "the kit's own article"),
    ("7.1", article.from_text("Una frase sola, senza titolo.", "mine"), "still needs a headline"),
    ("7.1", "Titolo\n\nUn paragrafo.", "an Article"),
    ("7.2", {"label": "Naming_Choice", "pattern": [{"LOWER": {"REGEX": "^guerr"}}]}, "wrongly finds 'guerriero'"),
    ("7.2", {"label": "Naming_Choice", "pattern": "guerra"}, "does not find 'guerre'"),
    ("7.2", {"label": "War", "pattern": "guerra"}, "not a label of the kit"),
    ("7.2", {"label": "Loaded_Language", "pattern": "guerra"}, "not the best here"),
    ("7.2", {"label": "Naming_Choice", "pattern": [{"LOWR": "guerra"}]}, "could not read your pattern"),
    ("7.2", [{"LOWER": "guerra"}], "a dict with"),
    ("7.3", ["kremlin"], "1 still missing"),
    ("7.4", {"claim": "naming", "evidence": ["invasione di alghe"]}, "What is invading here"),
    ("8.1", {"claim": "p02.s1", "evidence": ["senza un comunicato comune"]}, "meaning holds together"),
    ("8.2", {"claim": "both_attributed", "evidence": ["L’incontro è durato circa tre ore"]}, "do not show it"),
    ("8.3", {"claim": "reporter", "evidence": ["Fonti vicine al governo di Valdoria"]}, "given to someone"),
    ("8.4", {"claim": "Crime_and_punishment", "evidence": ["furto d’acqua"]}, "Ostrelia's word"),
]


@pytest.mark.parametrize("exercise, answer, words", WRONG, ids=[f"{w[0]}-{i}" for i, w in enumerate(WRONG)])
def test_a_wrong_answer_gets_a_helpful_message(exercise, answer, words):
    result = check(exercise, answer)
    assert not result.passed
    assert words in result.message
    assert "Traceback" not in result.message and " at 0x" not in result.message


def test_every_exercise_has_a_wrong_answer_test():
    assert {w[0] for w in WRONG} == set(checks.exercises())


class _Broken:
    """An answer whose inspection itself fails."""

    @property
    def spans(self):
        raise RuntimeError("boom")

    def __repr__(self):
        raise RuntimeError("no repr either")


def test_an_answer_that_breaks_on_inspection_gets_what_was_expected():
    result = check("6.1", _Broken())
    assert not result.passed
    assert "I expected a SpanStore" in result.message and "boom" not in result.message


def test_feedback_text_is_deterministic_and_says_pass_or_fail():
    ok, ko = check("2.3", checks.expected_spans("2.3")[0][:2]), check("2.3", (0, 2))
    assert repr(ok).startswith("✓ Well done — exercise 2.3\n")
    assert repr(ko).startswith("✗ Not yet — exercise 2.3\n")
    assert repr(check("2.3", (0, 2))) == repr(ko)


def test_feedback_html_is_escaped():
    html = Feedback("1.1", False, "<script>alert(1)</script> & more")._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; more" in html


def test_feedback_is_frozen():
    with pytest.raises(AttributeError):
        check("2.3", checks.expected_spans("2.3")[0][:2]).passed = False


def test_under_nbgrader_a_failing_check_raises(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    with pytest.raises(AssertionError, match="Not answered yet"):
        check("2.3", None)


def test_under_nbgrader_a_passing_check_does_not_raise(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert check("2.3", checks.expected_spans("2.3")[0][:2]).passed


@pytest.mark.parametrize("exercise", [e for e in checks.exercises() if checks.spec(e).get("expected")])
def test_expected_spans_lie_on_token_boundaries(exercise, article):
    starts = {s for s, _ in article.tokens}
    ends = {e for _, e in article.tokens}
    for start, end, _ in checks.expected_spans(exercise):
        assert start in starts and end in ends, (exercise, article.text[start:end])


def _p12_spans(*extra):
    start, end = article.load().find("sanzioni illegali")
    return [{"start": start, "end": end, "label": "Loaded_Language"}, *extra]


@pytest.mark.parametrize("extra", [
    "whole_paragraph",   # a span over all of p12, around the right one
    "second_label",      # the right words with a second, unasked label
])
def test_an_extra_span_overlapping_the_right_one_does_not_pass(extra):
    art = article.load()
    start, end = art.find("sanzioni illegali")
    if extra == "whole_paragraph":
        p12 = art.block("p12")
        span = {"start": p12.start, "end": p12.end, "label": "Loaded_Language"}
    else:
        span = {"start": start, "end": end, "label": "Naming_Choice"}
    feedback = check("6.1", _p12_spans(span))
    assert not feedback.passed
    assert "only one span is asked for" in feedback.message


@pytest.mark.parametrize("form", ["spacy", "tuple"])
def test_spans_as_spacy_spans_or_tuples_are_read_by_characters(form):
    art = article.load()
    start, end = art.find("sanzioni illegali")
    if form == "spacy":
        doc = spacy.blank("it")(art.text)
        answer = [doc.char_span(start, end, label="Loaded_Language")]
    else:
        answer = [(start, end, "Loaded_Language")]
    assert check("6.1", answer).passed


@pytest.mark.parametrize("exercise, attr, word", [("3.2", "LEMMA", "invadere"), ("2.2", "POS", "NOUN")])
def test_a_matcher_on_an_attribute_the_tokenizer_does_not_set_says_which(exercise, attr, word):
    matcher = Matcher(spacy.blank("it").vocab)
    matcher.add("X", [[{attr: word}]])
    message = check(exercise, matcher).message
    assert attr in message and "LOWER" in message


def test_an_entry_on_an_attribute_the_tokenizer_does_not_set_says_which():
    message = check("7.2", {"label": "Naming_Choice", "pattern": [{"LEMMA": "guerra"}]}).message
    assert "LEMMA" in message and "LOWER" in message


# -- in Italian -------------------------------------------------------------------

@pytest.fixture
def italian():
    i18n.set_language("it")
    yield
    i18n.set_language("en")


_ENGLISH = re.compile(r"\b(the|is|not|your|you|and|of|that|yet|hint|next|well|done|expected|still|"
                      r"missing|right|wrong|found|finds|claim|evidence needs)\b", re.IGNORECASE)


def _english_words(message: str) -> list[str]:
    """English words in a message, leaving out what is code (ids, keys, calls) or quoted."""
    prose = re.sub(r"'[^']*'|\"[^\"]*\"|“[^”]*”|\([^()]*\)|\w+\.\w+(\([^()]*\))?", " ", message)
    return _ENGLISH.findall(prose)


def _both(exercise, answer):
    """(English feedback, Italian feedback) for one answer; the language is Italian afterwards."""
    i18n.set_language("en")
    english = check(exercise, answer)
    i18n.set_language("it")
    return english, check(exercise, answer)


_WAR = [{"LOWER": {"IN": ["guerra", "guerre"]}}]

# One right and one wrong answer for each kind of check, with a word the Italian feedback must hold.
KINDS_IT = [
    ("value", "1.1", lambda: "p01.s1", "Sì", lambda: "p01", "id del paragrafo"),
    ("ids", "1.2", lambda: checks.spec("1.2")["answer"], "paragrafi", lambda: ["p02", "p03"], "Risposte giuste: 2 su 12"),
    ("offsets", "2.3", lambda: checks.expected_spans("2.3")[0][:2], "cognome", lambda: (1442, 1449),
     "qualcosa in più"),
    ("matcher", "3.2", lambda: _phrase_matcher("operazione militare speciale", "crisi ucraina", attr="LOWER"),
     "nient'altro", lambda: _phrase_matcher("operazione militare speciale", attr="LOWER"), "cerca in p05"),
    ("spans", "6.1", lambda: _store(("sanzioni illegali", "Loaded_Language")), "Un tratto",
     lambda: _store(("sanzioni illegali", "Naming_Choice")), "quale etichetta"),
    ("entry", "7.2", lambda: {"label": "Naming_Choice", "pattern": _WAR}, "lascia stare",
     lambda: {"label": "Naming_Choice", "pattern": "guerra"}, "Non trova 'guerre'"),
    ("article", "7.1", lambda: article.from_text("Un titolo\n\nPrimo paragrafo.\n\nSecondo paragrafo.", "mine"),
     "titolo", lambda: article.from_text("Una frase sola, senza titolo.", "mine"), "gli serve ancora"),
    ("sorter", "5.2", lambda: _Sorter({"legitimacy": "moscow", "sanctions": "moscow", "military_ties": "moscow"}),
     "resoconto", lambda: _Sorter({"legitimacy": "moscow", "ukraine_discussed": "moscow"}),
     "“I due leader hanno parlato dell'Ucraina.”: non è solo nel resoconto del Cremlino"),
    ("argument", "3.3", lambda: {"claim": "distances", "evidence": ["“operazione militare speciale”"]},
     "virgolette", lambda: {"claim": "adopts", "evidence": ["operazione militare speciale"]}, "Non questa tesi"),
]


def test_every_kind_of_check_has_an_italian_test():
    assert {k[0] for k in KINDS_IT} == {checks.spec(e)["kind"] for e in checks.exercises()}
    assert all(checks.spec(e)["kind"] == kind for kind, e, *_ in KINDS_IT)


@pytest.mark.parametrize("kind, exercise, right, right_word, wrong, wrong_word", KINDS_IT,
                         ids=[k[0] for k in KINDS_IT])
def test_each_kind_of_check_gives_italian_feedback(italian, kind, exercise, right, right_word, wrong, wrong_word):
    en_ok, it_ok = _both(exercise, right())
    assert it_ok.passed and en_ok.passed
    assert it_ok.message != en_ok.message and right_word in it_ok.message
    assert "Prossimo passo:" in it_ok.message and "Next:" not in it_ok.message
    assert repr(it_ok).startswith(f"✓ Ben fatto — esercizio {exercise}\n")
    en_ko, it_ko = _both(exercise, wrong())
    assert not it_ko.passed and not en_ko.passed
    assert it_ko.message != en_ko.message and wrong_word in it_ko.message
    assert repr(it_ko).startswith(f"✗ Non ancora — esercizio {exercise}\n")
    assert _english_words(it_ok.message) == [] and _english_words(it_ko.message) == []


@pytest.mark.parametrize("exercise, answer, words", WRONG, ids=[f"{w[0]}-{i}" for i, w in enumerate(WRONG)])
def test_every_wrong_answer_is_explained_in_italian(italian, exercise, answer, words):
    english, result = _both(exercise, answer)
    assert not result.passed
    assert result.message != english.message
    assert _english_words(result.message) == [], result.message


def test_every_solution_passes_in_italian(italian):
    """The solutions run afresh in Italian, as the Italian edition runs them, then are checked with no
    language switch in between (a switch redraws widgets such as the sorter from their saved state)."""
    answers = _answers.__wrapped__("solutions/it")
    for exercise in checks.exercises():
        result = check(exercise, answers[exercise])
        assert result.passed, (exercise, result.message)
        it, en = checks.spec(exercise, "it"), checks.spec(exercise, "en")
        assert result.message.endswith(f"{it['praise']} Prossimo passo: {it['next']}"), exercise
        assert en["praise"] != it["praise"] and en["praise"] not in result.message
        assert _english_words(result.message) == [], (exercise, result.message)


def test_unanswered_and_unknown_exercises_are_explained_in_italian(italian):
    assert check("2.1", None).message.startswith("Non hai ancora risposto")
    assert "Gli id sono come '2.1'" in check("9.9", "p01").message


def test_feedback_keeps_the_language_it_was_written_in(italian):
    result = check("2.3", (0, 2))
    i18n.set_language("en")
    assert result.language == "it" and result.title == "✗ Non ancora — esercizio 2.3"


def test_spec_gives_the_texts_of_one_language():
    assert checks.spec("1.1", "it")["hint"].startswith("Usa art.find")
    assert checks.spec("1.1", "en")["hint"].startswith("Use art.find")
    assert checks.spec("1.1", "it")["answer"] == checks.spec("1.1", "en")["answer"] == "p01.s1"


# -- the claims of a judgement exercise --------------------------------------------

def test_claims_are_a_table_of_ids_and_texts_in_english():
    table = checks.claims("3.3")
    assert table.headers == ("claim", "what it says")
    assert dict(table.rows) == checks.spec("3.3", "en")["claims"]
    assert dict(table.rows)["distances"] == "The article keeps its distance from Moscow's name."


def test_claims_follow_the_language(italian):
    table = checks.claims("3.3")
    assert table.headers == ("tesi", "che cosa afferma")
    assert dict(table.rows)["distances"] == "L'articolo prende le distanze dal nome usato da Mosca."
    assert "<th style=\"text-align:left\">tesi</th>" in table._repr_html_()
    assert checks.claims("3.3", "en").headers == ("claim", "what it says")


def test_claims_of_frames_show_the_frames_names_not_their_ids():
    assert dict(checks.claims("5.4", "en").rows)["Security_and_defense"] == "Security and defence"
    assert dict(checks.claims("5.4", "it").rows)["Security_and_defense"] == "Sicurezza e difesa"


def test_claims_escape_html(monkeypatch):
    from inquadra import check_specs

    nasty = "<script>alert(1)</script> & “x”"
    fake = {"9.1": {"kind": "argument", "claims": {"<b>id</b>": {"en": nasty, "it": nasty + " it"}},
                    "answer": "<b>id</b>", "cues": []}}
    monkeypatch.setattr(check_specs, "load", lambda: fake)
    page = checks.claims("9.1")._repr_html_()
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; “x”" in page and "&lt;b&gt;id&lt;/b&gt;" in page


@pytest.mark.parametrize("exercise, words", [("2.2", "The exercises with claims are: 1.3, 1.4"),
                                             ("9.9", "There is no exercise '9.9'")])
def test_claims_of_an_exercise_without_claims_say_which_have_them(exercise, words):
    from inquadra.errors import InquadraError

    with pytest.raises(InquadraError, match=re.escape(words)):
        checks.claims(exercise)
