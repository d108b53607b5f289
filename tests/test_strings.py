"""Every learner-visible text in the kit's data and code exists in every language.

Two scans:

* **Data.** Every JSON and JSONL file under ``src/inquadra/data`` is walked. A
  value fails when it is a language object (``{"en": ..., ...}``) without a
  text for every code of ``data/languages.json``, when a learner-visible field
  (:data:`LEARNER_FIELDS`) holds a plain string instead of a language object,
  or when a field is split by language (``text_en``/``text_it``).
* **Code.** An AST scan of the modules whose output learners read
  (:data:`LEARNER_MODULES`) fails on an English sentence written as a string
  literal or f-string: such text belongs in ``data/strings``.

Each scan is also fed a bad sample, to show that it can fail.
"""

from __future__ import annotations

import ast
import json
import re
from fnmatch import fnmatch
from importlib import resources
from pathlib import Path

import pytest

from inquadra import i18n

DATA = Path(str(resources.files("inquadra") / "data"))
PACKAGE = DATA.parent

LEARNER_FIELDS = frozenset({
    # what activities, checks and readouts show
    "question", "explanation", "hint", "hint_extra", "hint_wide", "hint_edges", "hint_label",
    "praise", "next", "why", "reason", "rationale", "note", "source",
    # names, titles and definitions shown in widgets, tables and the lesson list
    "title", "summary", "name", "definition", "term", "words", "meaning", "alt", "script",
    "snippet", "behind", "publishes", "check", "kind_name",
    # who typically uses a framing term: the checklist and the framing table show it
    "used_by",
    # an article's description, shown in lesson 01 and the articles table
    "outlet", "translation_note", "event",
})
"""Fields whose string values learners read: each must be ``{language: text}``."""

NOT_LEARNER_TEXT: dict[tuple[str, str], str] = {
    ("articles/*/meta.json", "title"):
        "the article's own headline, verbatim in the article's language (its glossed English is title_en)",
    ("articles/*/meta.json", "title_en"):
        "the English gloss of the verbatim headline; an Italian reader reads the headline itself",
    ("articles/*/reference.jsonl", "source"): "not a field of reference records",
    ("activities/*.json", "source"): "a paragraph id such as p07, the same in every language",
    ("lexicons/*.jsonl", "name"): "an actor's proper name (Xi Jinping), the same in every language",
    ("articles/*/lexicons/*.jsonl", "name"): "an actor's proper name, the same in every language",
    ("articles/*/lexicons/actors.jsonl", "note"):
        "a note to whoever edits the lexicon (why a damaged spelling is listed); no loader reads it",
    ("sample_class/*.jsonl", "note"): "what a (synthetic) student wrote in a span's note: a student's words",
    ("languages.json", "name"): "each language's own name for itself (English, italiano)",
    ("lessons.json", "note"): "a note to whoever edits the manifest",
    ("lesson_timing.json", "note"): "a note to whoever edits the timing table",
}
"""(file pattern, field) pairs that hold strings on purpose, with the reason."""

_SPLIT = re.compile(r"^[a-z]+(?:_[a-z]+)*_(%s)$" % "|".join(i18n.LANGUAGES))
_LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")


def _is_language_object(value) -> bool:
    return isinstance(value, dict) and bool(value) and "en" in value \
        and all(isinstance(k, str) and _LANGUAGE_CODE.match(k) for k in value)


def _exempt(relative: str, key: str) -> bool:
    return any(key == field and fnmatch(relative, pattern) for pattern, field in NOT_LEARNER_TEXT)


def text_problems(value, relative: str, where: str = "") -> list[str]:
    """Where ``value`` (read from the data file ``relative``) has a text lacking a language."""
    problems: list[str] = []
    if _is_language_object(value):
        gaps = i18n.missing(value)
        if gaps:
            problems.append(f"{relative} {where or '(top)'}: no text for {', '.join(gaps)}")
        return problems
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{where}.{key}" if where else str(key)
            if isinstance(key, str) and _SPLIT.match(key) and not _exempt(relative, key):
                problems.append(f"{relative} {path}: a text split by language; "
                                f"write {key.rsplit('_', 1)[0]!r} as {{language: text}}")
            elif isinstance(item, str) and key in LEARNER_FIELDS and item.strip() \
                    and not _exempt(relative, key):
                problems.append(f"{relative} {path}: learner-visible text {item[:40]!r} "
                                "is a plain string; write it as {language: text}")
            else:
                problems += text_problems(item, relative, path)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            problems += text_problems(item, relative, f"{where}[{n}]")
    return problems


def _records(path: Path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        yield "", json.loads(text)
    else:
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                yield f"line {number}", json.loads(line)


DATA_FILES = sorted(p for p in DATA.rglob("*") if p.suffix in (".json", ".jsonl"))


def test_the_walk_sees_every_kind_of_data_file():
    seen = {str(p.relative_to(DATA)) for p in DATA_FILES}
    for expected in ("languages.json", "lessons.json", "taxonomy.json", "glossary.jsonl", "checks.json",
                     "discernment_bands.json", "activities/lesson01.json", "lateral/sources.json",
                     "strings/widgets.json", "articles/000_a3bf1baf7ef32c25/readouts.json",
                     "articles/000_a3bf1baf7ef32c25/meta.json", "articles/000_a3bf1baf7ef32c25/frames.json",
                     "articles/000_a3bf1baf7ef32c25/corrections.jsonl",
                     "articles/000_a3bf1baf7ef32c25/reference.jsonl", "lexicons/framing.jsonl",
                     "sample_class/synthetic-01.jsonl"):
        assert expected in seen


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(DATA)))
def test_every_learner_text_in_the_data_has_every_language(path):
    relative = str(path.relative_to(DATA))
    problems = [p for line, record in _records(path)
                for p in text_problems(record, relative, line)]
    assert problems == []


@pytest.mark.parametrize("record, expected", [
    ({"question": {"en": "Who speaks?"}}, "x.json question: no text for it"),
    ({"options": [{"text": {"en": "Xi", "it": ""}}]}, "x.json options[0].text: no text for it"),
    ({"explanation": "Only in the Chinese readout."}, "x.json explanation: learner-visible text"),
    ({"text_en": "War", "text_it": "Guerra"}, "x.json text_en: a text split by language"),
])
def test_the_data_scan_fails_on_a_text_missing_a_language(record, expected):
    problems = text_problems(record, "x.json")
    assert problems and problems[0].startswith(expected)


def test_the_data_scan_passes_a_complete_text_and_an_exempt_field():
    assert text_problems({"name": {"en": "Both", "it": "Entrambi"}, "source": "p07"},
                         "activities/lesson09.json") == []


# -- code -------------------------------------------------------------------------------------

LEARNER_MODULES = (
    "widgets/*.py", "activities/*.py", "render.py", "charts.py", "classroom.py", "answer_tables.py",
    "printouts.py", "checklist.py", "saved.py", "identity.py", "annotations/compare.py",
    "annotations/records.py", "annotations/work.py", "checks.py", "analysis.py",
    "components/artifacts.py", "lesson_tables.py", "lexicon_copies.py",
)
"""Modules whose output learners read: widgets, activities, tables, charts, the dashboard, the
compare view, the messages of saved work and of annotation files, the exercise checks, an
analysis's summary, the explanations of suspected translation damage, the lessons' tables and
the messages of a learner's copies of the word and actor lists."""

NOT_LEARNER_CODE: dict[tuple[str, str], str] = {
    # an activity or chart built from wrong arguments: read by whoever wrote its data or the call
    ("activities/choice.py", "__init__"): "a choice defined without options (the activity's author)",
    ("activities/correction.py", "__init__"): "a pad defined without sentences (the activity's author)",
    ("activities/correction.py", "build_items"): "a pad's data file names a bad sentence (the author)",
    ("activities/correction.py", "corrected_sentence"): "a correction record outside its sentence (the author)",
    ("activities/correction.py", "item"): "code asked for a sentence the pad lacks (a caller's bug)",
    ("activities/shuffle.py", "correct_position"): "an item defined without options (the author)",
    ("activities/sorting.py", "__init__"): "a sorter defined with bad buckets (the activity's author)",
    ("activities/tagging.py", "__init__"): "an unknown tagger mode passed by code",
    ("widgets/correction.py", "from_entry"): "an activity file of the wrong kind (the author)",
    ("widgets/lateral.py", "__init__"): "a timer set out of range by the notebook's code",
    ("charts.py", "bar_chart"): "a chart called with no or negative values (a caller's bug)",
    ("charts.py", "paragraph_grid"): "a chart called with unknown rows (a caller's bug)",
    # messages only a bug can trigger: the browser sent an option that does not exist, or
    # code passed a value of the wrong type
    ("activities/choice.py", "_check"): "an option index no button sends",
    ("widgets/choice.py", "_on_pick"): "an option index no button sends",
    ("activities/correction.py", "set_answer"): "code passed a non-text answer",
    ("activities/correction.py", "compare"): "code passed a non-text answer",
    ("annotations/work.py", "safe_name"): "code passed a non-text name (the name box sends text)",
    ("annotations/work.py", "activity_path"): "a path outside the work folder, refused as a guard",
    ("annotations/work.py", "save_activity"): "code saved a payload that is not a JSON object",
    ("saved.py", "_write"): "code saved an answer that is not JSON",
    ("annotations/records.py", "_reject_constant"): "a JSON parser hook; its text is wrapped in records.bad_value",
    # the teacher's views: errors of loading a class and of writing the report file are
    # the teacher's, in English like the CLI; the page of `inquadra analyze --html` likewise
    ("classroom.py", "load_class"): "the teacher loading a class folder",
    ("classroom.py", "write_report"): "the teacher choosing a report file name",
    ("classroom.py", "pair_table"): "the teacher naming two annotators",
    ("render.py", "html_report"): "the page `inquadra analyze --html` writes for the teacher",
}
"""(module, function) pairs whose English literals are not for learners, with the reason."""

_SENTENCE = re.compile(r"\b[A-Za-z][a-z']+ [a-z']+ [a-z']+\b")
_DEV_ERRORS = frozenset({"TypeError", "NotImplementedError", "AttributeError", "KeyError",
                         "RuntimeError", "AssertionError", "IndexError"})


def _literal(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def english_literals(source: str, module: str) -> list[str]:
    """``module:line: text`` for every English sentence written as a literal or f-string in ``source``.

    Left out: docstrings (and any other bare string statement), ``__repr__``, programming errors (``TypeError`` …) and the
    functions of :data:`NOT_LEARNER_CODE`.
    """
    tree = ast.parse(source)
    skip: set[int] = set()

    def _skip_all(node) -> None:
        skip.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skip.add(id(node.value))  # a docstring, or an attribute's docstring after it
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
                node.name == "__repr__" or (module, node.name) in NOT_LEARNER_CODE):
            _skip_all(node)
        if isinstance(node, ast.Raise) and node.exc is not None:
            func = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if getattr(func, "id", getattr(func, "attr", "")) in _DEV_ERRORS:
                _skip_all(node)
        if isinstance(node, ast.JoinedStr):
            skip.update(id(v) for v in node.values)
    found = []
    for node in ast.walk(tree):
        text = None if id(node) in skip else _literal(node)
        if text and _SENTENCE.search(text):
            found.append(f"{module}:{node.lineno}: {text[:60]!r}")
    return sorted(found)


CODE_FILES = sorted({p for pattern in LEARNER_MODULES for p in PACKAGE.glob(pattern)})


def test_the_code_scan_reads_the_learner_modules():
    names = {str(p.relative_to(PACKAGE)) for p in CODE_FILES}
    assert {"widgets/sorter.py", "widgets/compare_view.py", "classroom.py", "annotations/records.py",
            "checks.py", "components/artifacts.py", "lesson_tables.py", "lexicon_copies.py"} <= names


def test_every_exemption_names_a_function_that_exists():
    defined = {(str(p.relative_to(PACKAGE)), n.name) for p in CODE_FILES
               for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
               if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    assert [pair for pair in NOT_LEARNER_CODE if pair not in defined] == []


@pytest.mark.parametrize("path", CODE_FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_english_sentence_reaches_learners_from_code(path):
    assert english_literals(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE))) == []


_BAD = '''
def status(n):
    """Docstrings are fine."""
    if n:
        return f"You have sorted {n} statements."
    raise TypeError("a programming error is fine too")


def note():
    return "Your work was saved."
'''


def test_the_code_scan_fails_on_an_english_sentence_or_f_string():
    found = english_literals(_BAD, "widgets/x.py")
    assert found == ["widgets/x.py:10: 'Your work was saved.'",
                     "widgets/x.py:5: 'You have sorted {} statements.'"]


def test_the_code_scan_passes_keys_and_exempt_functions():
    ok = 'def _on_pick(m):\n    raise ValueError("There is no option at all.")\n\n' \
         'def show():\n    return t("sorter.score", right=1)\n'
    assert english_literals(ok, "widgets/choice.py") == []
