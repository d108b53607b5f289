"""Activities of lessons 00-03: every entry builds its widget and its data is sound."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from inquadra import lesson

LESSONS = tuple(entry.id for entry in lesson.lessons() if 0 <= entry.order <= 3)


def _entries(number: str) -> dict:
    path = resources.files("inquadra") / "data" / "activities" / f"lesson{number}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _choices(entry: dict) -> list[dict]:
    if entry["kind"] == "choice":
        return [entry]
    if entry["kind"] == "quiz":
        return entry["items"]
    return []


ACTIVITIES = [f"{n}.{name}" for n in LESSONS for name in _entries(n)]
CHOICES = [
    pytest.param(item, id=f"{n}.{name}.{i}")
    for n in LESSONS
    for name, entry in _entries(n).items()
    for i, item in enumerate(_choices(entry), 1)
]
SORTERS = [
    pytest.param(entry, id=f"{n}.{name}")
    for n in LESSONS
    for name, entry in _entries(n).items()
    if entry["kind"] == "sorter"
]


def _bilingual(value) -> bool:
    return isinstance(value, dict) and all(
        isinstance(value.get(lang), str) and value[lang].strip() for lang in ("en", "it")
    )


@pytest.mark.parametrize("activity_id", ACTIVITIES)
def test_every_activity_builds_a_widget(activity_id):
    widget = lesson.activity(activity_id)
    assert "object at 0x" not in repr(widget)


@pytest.mark.parametrize("item", CHOICES)
def test_every_choice_has_exactly_one_correct_option(item):
    assert sum(bool(o.get("correct")) for o in item["options"]) == 1


@pytest.mark.parametrize("item", CHOICES)
def test_every_choice_is_written_in_english_and_italian(item):
    assert _bilingual(item["question"])
    for option in item["options"]:
        assert _bilingual(option["text"]) and _bilingual(option["explanation"])


@pytest.mark.parametrize("entry", SORTERS)
def test_every_statement_goes_to_a_known_bucket(entry):
    buckets = {b["id"] for b in entry["buckets"]}
    assert all(s["bucket"] in buckets for s in entry["statements"])


@pytest.mark.parametrize("entry", SORTERS)
def test_every_bucket_is_used(entry):
    assert {b["id"] for b in entry["buckets"]} == {s["bucket"] for s in entry["statements"]}


@pytest.mark.parametrize("entry", SORTERS)
def test_every_statement_cites_a_paragraph_of_the_article(entry, article):
    for statement in entry["statements"]:
        block = article.block(statement["source"])
        assert block.kind == "paragraph"
        assert statement["text"]["en"].startswith(statement["source"])
        assert _bilingual(statement["text"]) and _bilingual(statement["explanation"])


@pytest.mark.parametrize("entry", SORTERS)
def test_sorter_quotations_are_verbatim_from_their_paragraph(entry, article):
    """The Italian excerpt (between the id and the gloss) is copied from the paragraph."""
    for statement in entry["statements"]:
        italian = statement["text"]["it"].split(" — ", 1)[1].strip("“”")
        paragraph = article.block(statement["source"]).text
        for piece in italian.split("…"):
            piece = piece.strip(" “”")
            assert piece in paragraph, (statement["id"], piece)


@pytest.mark.parametrize("number", LESSONS)
def test_each_lesson_has_a_plain_reporting_item(number):
    flagged = [
        item
        for entry in _entries(number).values()
        for item in _choices(entry) + list(entry.get("statements", []))
        if isinstance(item, dict) and item.get("plain_reporting")
    ]
    assert flagged, f"lesson {number} needs an item whose right answer is plain reporting"


@pytest.mark.parametrize("number", ["00", "02", "03"])
def test_right_answers_are_not_always_in_the_same_place(number):
    places = {
        [o.get("correct") for o in item["options"]].index(True)
        for entry in _entries(number).values()
        for item in _choices(entry)
    }
    assert len(places) > 1


def test_the_voice_buckets_match_the_analysis_voices():
    from inquadra import analysis

    buckets = [b["id"] for b in _entries("01")["voices"]["buckets"]]
    assert tuple(buckets) == analysis.VOICES


@pytest.mark.parametrize("paragraph, voice", [
    ("p05", "china"),
    ("p12", "mixed"),
    ("p18", "mixed"),
    ("p08", "journalist"),
    ("p13", "journalist"),
])
def test_lesson_01_relies_on_these_machine_voices(paragraph, voice):
    """Lesson 01 section 6 discusses where the pipeline's voice differs from the sorter's."""
    from inquadra import analysis

    voices = {v.block_id: v.voice for v in analysis.voice_by_paragraph()}
    assert voices[paragraph] == voice


@pytest.mark.parametrize("paragraph", ["p05", "p12", "p18"])
def test_lesson_01_disagreements_are_real(paragraph):
    from inquadra import analysis

    voices = {v.block_id: v.voice for v in analysis.voice_by_paragraph()}
    sorter = {s["id"]: s["bucket"] for s in _entries("01")["voices"]["statements"]}
    assert voices[paragraph] != sorter[paragraph]


def test_lesson_01_relies_on_the_machine_misreading_the_headline():
    """Lesson 01 section 4: a claim credited to Putin, one quotation whose speaker is not recognised."""
    from inquadra import analysis

    sources = {s.source: s for s in analysis.quoted_sources()}
    assert sources["vladimir_putin"].claims == 1
    assert sources["unrecognised"].quotations == 1


def test_lesson_02_relies_on_these_naming_choices():
    """Lesson 02 section 2 tabulates the naming choices and their voices."""
    from inquadra import analysis

    rows = [(r.sentence_id, r.match, r.side) for r in analysis.concordance(None, "Naming_Choice")]
    assert rows == [
        ("p03.s1", "ha invaso", "journalist"),
        ("p03.s2", "operazione militare speciale", "kremlin"),
        ("p04.s1", "invasione", "journalist"),
        ("p05.s1", "crisi ucraina", "china"),
        ("p09.s1", "invasione", "journalist"),
    ]


@pytest.mark.parametrize("word, count", [("guerra", 0), ("invas", 3), ("crisi", 2)])
def test_lesson_02_relies_on_these_counts(article, word, count):
    assert article.text.lower().count(word) == count


def _framing(label):
    from inquadra import analysis

    return [h for h in analysis.analyze(_seed()).framing if h.label == label]


def _seed():
    from inquadra import article

    return article.load()


def test_lesson_03_relies_on_personal_words_clustering_in_p16():
    blocks = [h.sentence_id.split(".")[0] for h in _framing("Personalisation")]
    assert blocks.count("p16") == 8 and "p01" in blocks


@pytest.mark.parametrize("paragraph, present", [("p09", True), ("p08", False), ("p15", False)])
def test_lesson_03_relies_on_what_the_loaded_list_marks_and_misses(paragraph, present):
    """Section 4: 'senza limiti' is marked; 'crescente' (p08) and the distrust in p15 are not."""
    blocks = {h.sentence_id.split(".")[0] for h in _framing("Loaded_Language")}
    assert (paragraph in blocks) is present


def test_lesson_01_relies_on_the_chinese_side_being_quoted_more():
    from inquadra import analysis

    totals = {"china": 0, "kremlin": 0}
    for s in analysis.quoted_sources():
        if s.side in totals:
            totals[s.side] += s.quotations + s.claims
    assert totals["china"] > totals["kremlin"]
