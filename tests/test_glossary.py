"""The glossary: bilingual, complete for the lessons' labels, and its page kept in step."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inquadra import glossary, taxonomy

ROOT = Path(__file__).resolve().parents[1]


def test_docs_page_is_generated_from_the_data():
    assert (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8") == glossary.markdown()


def test_every_kit_label_has_a_glossary_entry():
    kit = [lab for lab in taxonomy.load().labels if lab.scheme == "kit"]
    names = {t.term["en"].casefold() for t in glossary.load()}
    missing = [lab.id for lab in kit if lab.name["en"].casefold() not in names
               and not any(lab.name["en"].casefold() in n for n in names)]
    assert missing == []


def test_terms_and_definitions_are_in_both_languages():
    for entry in glossary.load():
        assert entry.term["en"] and entry.term["it"] and entry.definition["en"] and entry.definition["it"]


@pytest.mark.parametrize("line, message", [
    ('{"id": "x", "term": {"en": "a"}, "definition": {"en": "b", "it": "c"}}', '"term" needs'),
    ('{"term": {"en": "a", "it": "a"}}', '"id"'),
    ("not json", "not valid JSON"),
])
def test_bad_lines_name_the_line_and_the_fix(line, message):
    with pytest.raises(glossary.GlossaryError, match=message):
        glossary.parse("\n" + line, "g.jsonl")


def test_a_duplicate_id_is_refused():
    line = json.dumps({"id": "x", "term": {"en": "a", "it": "a"}, "definition": {"en": "b", "it": "b"}})
    with pytest.raises(glossary.GlossaryError, match="used twice"):
        glossary.parse(line + "\n" + line)


def test_unknown_term_lists_known_ones():
    with pytest.raises(glossary.GlossaryError, match="Known terms: attribution_marker"):
        glossary.term("nope")


def test_markdown_escapes_table_pipes():
    entry = glossary.Term("p", {"en": "a|b", "it": "c"}, {"en": "d", "it": "e"})
    assert "a\\|b" in glossary.markdown((entry,))
