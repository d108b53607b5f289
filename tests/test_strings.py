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
