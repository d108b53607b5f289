"""Statements about the call for the sorting activity: who said what?

Two official readouts describe the same phone call: the Chinese foreign
ministry's and the Kremlin's. The article adds words of its own. A bundle's
``readouts.json`` holds the buckets to sort into (each named in English and
Italian) and the statements, one a line; each statement is a short paraphrase
that belongs in one bucket. Every text (bucket name, statement, explanation,
source) is a ``{language: text}`` object with a text for every language of
the kit (:data:`inquadra.i18n.LANGUAGES`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from . import bundles
from .errors import InquadraError
from .i18n import texts

__all__ = ["Statement", "Readouts", "ReadoutsError", "load", "parse", "by_bucket", "buckets", "read"]

_FILE = "readouts.json"

_FIELDS = ("id", "text", "bucket", "explanation", "source")
_TEXTS = ("text", "explanation", "source")


class ReadoutsError(InquadraError):
    """The statements file is malformed; the message names the statement and the fix."""


@dataclass(frozen=True)
class Statement:
    """One statement to sort.

    Attributes:
        id (str): stable id, e.g. ``"legitimacy"``.
        text (dict[str, str]): the paraphrase, ``{language: text}``.
        bucket (str): the right answer, one of :data:`BUCKETS`.
        explanation (dict[str, str]): why it belongs there, ``{language: text}``.
        source (dict[str, str]): the readout(s) and article paragraph ids,
            e.g. ``{"en": "Kremlin readout; article p07", ...}``.
    """

    id: str
    text: dict
    bucket: str
    explanation: dict
    source: dict


@dataclass(frozen=True)
class Readouts:
    """A bundle's sorting activity: the buckets and the statements.

    Attributes:
        buckets (dict[str, dict[str, str]]): bucket id -> ``{language: name}``, in file order.
        statements (tuple[Statement, ...]): in file order.
    """

    buckets: dict
    statements: tuple[Statement, ...]


def _buckets(raw: object, name: str) -> dict[str, dict[str, str]]:
    if not isinstance(raw, dict) or not raw:
        raise ReadoutsError(
            f'{name}: "buckets" must be an object such as {{"both": {{"en": "In both readouts", '
            '"it": "In entrambi i resoconti"}}}.'
        )
    return {key: texts(names, f"{name}: bucket {key!r}", ReadoutsError) for key, names in raw.items()}


def _statements(raw: object, name: str, known: dict) -> tuple[Statement, ...]:
    if not isinstance(raw, list):
        raise ReadoutsError(f'{name}: "statements" must be a JSON list of statements.')
    out: list[Statement] = []
    seen: set[str] = set()
    for number, item in enumerate(raw, start=1):
        where = f"{name} statement {number}"
        if not isinstance(item, dict):
            raise ReadoutsError(f"{where}: expected a JSON object.")
        missing = [f for f in ("id", "bucket") if not isinstance(item.get(f), str) or not item[f].strip()]
        missing += [f for f in _TEXTS if f not in item]
        if missing:
            raise ReadoutsError(f"{where}: field(s) {', '.join(missing)} missing or empty.")
        extra = sorted(set(item) - set(_FIELDS))
        if extra:
            raise ReadoutsError(f"{where}: unknown field(s) {', '.join(extra)}.")
        if item["bucket"] not in known:
            raise ReadoutsError(
                f"{where} ({item['id']}): unknown bucket {item['bucket']!r}; "
                f"use one of {', '.join(known)}."
            )
        if item["id"] in seen:
            raise ReadoutsError(f"{where}: id {item['id']!r} is used twice.")
        seen.add(item["id"])
        values = {f: texts(item[f], f"{where} ({item['id']}): {f!r}", ReadoutsError) for f in _TEXTS}
        out.append(Statement(item["id"], values["text"], item["bucket"], values["explanation"],
                             values["source"]))
    return tuple(out)


@lru_cache(maxsize=8)
def read(content: str, name: str = _FILE) -> Readouts:
    """Read and check a readouts file's JSON text: ``{"buckets": {…}, "statements": […]}``.

    Raises:
        ReadoutsError: not JSON, a bucket without both names, a statement field
            missing or empty, an unknown bucket, or an id used twice.
    """
    try:
        raw = json.loads(content)
    except json.JSONDecodeError as exc:
        raise ReadoutsError(f"{name} line {exc.lineno}: not valid JSON ({exc.msg}).") from None
    if not isinstance(raw, dict) or "statements" not in raw or "buckets" not in raw:
        raise ReadoutsError(f'{name}: expected an object with "buckets" and "statements".')
    known = _buckets(raw["buckets"], name)
    return Readouts(known, _statements(raw["statements"], name, known))


def parse(content: str, name: str = _FILE, buckets: dict | None = None) -> tuple[Statement, ...]:
    """Read and check a JSON list of statements against ``buckets`` (default: the current article's).

    Raises:
        ReadoutsError: not a JSON list, a field missing or empty, an unknown bucket,
            or an id used twice.
    """
    try:
        raw = json.loads(content)
    except json.JSONDecodeError as exc:
        raise ReadoutsError(f"{name} line {exc.lineno}: not valid JSON ({exc.msg}).") from None
    if not isinstance(raw, list):
        raise ReadoutsError(f"{name}: expected a JSON list of statements.")
    return _statements(raw, name, buckets if buckets is not None else _of(None).buckets)


def _of(article) -> Readouts:
    bundle = bundles.get(article)
    where = bundle.require("readouts")
    return read(bundle.read_text("readouts"), str(where))


def load(article: bundles.Bundle | str | None = None) -> tuple[Statement, ...]:
    """The statements of an article (default: the current one), in file order.

    Raises:
        BundleError: the article has no readouts.json.
        ReadoutsError: the file is wrong.
    """
    return _of(article).statements


def buckets(article: bundles.Bundle | str | None = None) -> dict[str, dict[str, str]]:
    """Where a statement can come from: bucket id -> ``{language: name}``."""
    return dict(_of(article).buckets)


def by_bucket(bucket: str, article: bundles.Bundle | str | None = None) -> tuple[Statement, ...]:
    """The statements of an article that belong in one bucket.

    Raises:
        ReadoutsError: the bucket is unknown.
    """
    known = _of(article).buckets
    if bucket not in known:
        raise ReadoutsError(f"Unknown bucket {bucket!r}; use one of {', '.join(known)}.")
    return tuple(s for s in load(article) if s.bucket == bucket)


def __getattr__(name: str):
    if name == "BUCKETS":  # the current article's buckets, read from its readouts.json
        return buckets()
    raise AttributeError(f"module 'inquadra.readouts' has no attribute {name!r}")
