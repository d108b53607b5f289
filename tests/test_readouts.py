"""Statements for the readout-sorting activity: buckets, ids, sources."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from inquadra import readouts

_READOUT = re.compile(r"\b(Chinese|Kremlin) readout\b")
_BLOCK_ID = re.compile(r"\b(hl|sh\d+|p\d\d)\b")


def _item(**overrides) -> dict:
    item = {
        "id": "x",
        "text": {"en": "Russia invaded Ukraine.", "it": "La Russia ha invaso l’Ucraina."},
        "bucket": "journalist",
        "explanation": {"en": "The article's own voice.", "it": "La voce dell'articolo."},
        "source": {"en": "article p03", "it": "articolo p03"},
    }
    item.update(overrides)
    return item


@pytest.fixture(scope="module")
def statements():
    return readouts.load()


def test_between_ten_and_fourteen_statements(statements):
    assert 10 <= len(statements) <= 14


@pytest.mark.parametrize("bucket", list(readouts.BUCKETS))
def test_every_bucket_used_at_least_twice(statements, bucket):
    assert Counter(s.bucket for s in statements)[bucket] >= 2


def test_buckets_are_balanced(statements):
    counts = Counter(s.bucket for s in statements)
    assert max(counts.values()) - min(counts.values()) <= 1


def test_ids_are_unique(statements):
    ids = [s.id for s in statements]
    assert len(ids) == len(set(ids))


def test_buckets_have_names_in_both_languages():
    assert all(names.get("en") and names.get("it") for names in readouts.BUCKETS.values())


def test_every_source_names_a_readout_or_a_paragraph(statements):
    bare = [
        s.id for s in statements if not (_READOUT.search(s.source["en"]) or _BLOCK_ID.search(s.source["en"]))
    ]
    assert bare == []


def test_source_paragraph_ids_exist_in_article(statements, article):
    known = {b.id for b in article.blocks}
    cited = {m for s in statements for m in _BLOCK_ID.findall(s.source["en"])}
    assert cited and cited <= known


@pytest.mark.parametrize(
    "bucket, needed",
    [("beijing", {"Chinese"}), ("moscow", {"Kremlin"}), ("both", {"Chinese", "Kremlin"})],
)
def test_readout_buckets_cite_their_readouts(statements, bucket, needed):
    wrong = [
        s.id for s in statements if s.bucket == bucket and set(_READOUT.findall(s.source["en"])) != needed
    ]
    assert wrong == []


def test_journalist_statements_cite_the_article_only(statements):
    wrong = [
        s.id
        for s in statements
        if s.bucket == "journalist"
        and (_READOUT.search(s.source["en"]) or not _BLOCK_ID.search(s.source["en"]))
    ]
    assert wrong == []


def test_legitimacy_line_is_kremlin_only(statements):
    assert {s.id: s.bucket for s in statements}["legitimacy"] == "moscow"


@pytest.mark.parametrize("field", ["text", "explanation", "source"])
def test_every_text_is_in_every_language(statements, field):
    from inquadra import i18n

    assert [s.id for s in statements if set(getattr(s, field)) != set(i18n.LANGUAGES)] == []


@pytest.mark.parametrize("field", ["text", "explanation"])
def test_italian_differs_from_english(statements, field):
    assert [s.id for s in statements if getattr(s, field)["en"] == getattr(s, field)["it"]] == []


def test_by_bucket_returns_only_that_bucket():
    assert {s.bucket for s in readouts.by_bucket("moscow")} == {"moscow"}


def test_by_bucket_rejects_unknown():
    with pytest.raises(readouts.ReadoutsError, match="beijing"):
        readouts.by_bucket("washington")


@pytest.mark.parametrize(
    "items, message",
    [
        ([_item(bucket="kyiv")], "unknown bucket"),
        ([_item(), _item()], "used twice"),
        ([_item(text={"en": "Russia invaded Ukraine.", "it": ""})], r"\(x\): 'text' needs a text in every language.*'it'"),
        ([_item(explanation="The article's own voice.")], r"'explanation' needs a text in every language.*found a str"),
        ([{k: v for k, v in _item().items() if k != "source"}], "source"),
        ([_item(extra="1")], "unknown field"),
        ([["not", "an", "object"]], "JSON object"),
    ],
)
def test_bad_statements_are_refused(items, message):
    with pytest.raises(readouts.ReadoutsError, match=message):
        readouts.parse(json.dumps(items))


def test_invalid_json_names_the_line():
    with pytest.raises(readouts.ReadoutsError, match="line 2"):
        readouts.parse('[\n{"id": }\n]')


def test_file_is_one_statement_a_line():
    from inquadra import bundles

    lines = bundles.current().read_text("readouts").splitlines()
    statement_lines = [line for line in lines if line.startswith('{"id": ')]
    assert len(statement_lines) == len(readouts.load())


def test_buckets_are_data_in_the_bundle():
    from inquadra import bundles

    raw = json.loads(bundles.current().read_text("readouts"))
    assert readouts.buckets() == raw["buckets"]
    assert list(readouts.BUCKETS) == list(raw["buckets"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"statements": []}', 'expected an object with "buckets" and "statements"'),
        ('{"buckets": {"both": {"en": "Both"}}, "statements": []}', "bucket 'both' needs a text in every language"),
        ('{"buckets": {}, "statements": []}', '"buckets" must be an object'),
    ],
)
def test_bad_buckets_are_refused(content, message):
    with pytest.raises(readouts.ReadoutsError, match=message):
        readouts.read(content)
