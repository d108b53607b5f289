"""Statements about the call for the sorting activity: who said what?

Two official readouts describe the same phone call: the Chinese foreign
ministry's and the Kremlin's. The article adds words of its own. Each statement
in ``data/readouts.json`` (a JSON list, one statement a line) is a short
paraphrase to sort into one bucket of :data:`BUCKETS`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["Statement", "ReadoutsError", "BUCKETS", "load", "parse", "by_bucket"]

_FILE = "readouts.json"

BUCKETS: dict[str, dict[str, str]] = {
    "beijing": {"en": "In the Chinese readout (not known in the Kremlin's)", "it": "Nel resoconto cinese (non si sa se anche in quello del Cremlino)"},
    "moscow": {"en": "In the Kremlin readout, missing from the Chinese one", "it": "Nel resoconto del Cremlino, assente da quello cinese"},
    "both": {"en": "In both readouts", "it": "In entrambi i resoconti"},
    "journalist": {"en": "The journalist's own voice", "it": "La voce del giornalista"},
}
"""Where a statement comes from, each with an English and an Italian name."""

_FIELDS = ("id", "text_en", "text_it", "bucket", "explanation", "source")


class ReadoutsError(ValueError):
    """The statements file is malformed; the message names the statement and the fix."""


@dataclass(frozen=True)
class Statement:
    """One statement to sort.

    Attributes:
        id (str): stable id, e.g. ``"legitimacy"``.
        text_en (str), text_it (str): the paraphrase in English and Italian.
        bucket (str): the right answer, one of :data:`BUCKETS`.
        explanation (str): one English sentence on why it belongs there.
        source (str): the readout(s) and article paragraph ids,
            e.g. ``"Kremlin readout; article p07"``.
    """

    id: str
    text_en: str
    text_it: str
    bucket: str
    explanation: str
    source: str

    @property
    def text(self) -> dict[str, str]:
        """The statement as ``{"en": ..., "it": ...}``, the shape widgets localise."""
        return {"en": self.text_en, "it": self.text_it}


def parse(content: str, name: str = _FILE) -> tuple[Statement, ...]:
    """Read and check statements from JSON text (a list of objects).

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
    out: list[Statement] = []
    seen: set[str] = set()
    for number, item in enumerate(raw, start=1):
        where = f"{name} statement {number}"
        if not isinstance(item, dict):
            raise ReadoutsError(f"{where}: expected a JSON object.")
        missing = [f for f in _FIELDS if not isinstance(item.get(f), str) or not item[f].strip()]
        if missing:
            raise ReadoutsError(f"{where}: field(s) {', '.join(missing)} missing or empty.")
        extra = sorted(set(item) - set(_FIELDS))
        if extra:
            raise ReadoutsError(f"{where}: unknown field(s) {', '.join(extra)}.")
        if item["bucket"] not in BUCKETS:
            raise ReadoutsError(
                f"{where} ({item['id']}): unknown bucket {item['bucket']!r}; "
                f"use one of {', '.join(BUCKETS)}."
            )
        if item["id"] in seen:
            raise ReadoutsError(f"{where}: id {item['id']!r} is used twice.")
        seen.add(item["id"])
        out.append(Statement(**{f: item[f] for f in _FIELDS}))
    return tuple(out)


@lru_cache(maxsize=1)
def load() -> tuple[Statement, ...]:
    """The bundled statements, in file order (cached)."""
    return parse((resources.files("inquadra") / "data" / _FILE).read_text(encoding="utf-8"))


def by_bucket(bucket: str) -> tuple[Statement, ...]:
    """The bundled statements that belong in one bucket.

    Raises:
        ReadoutsError: the bucket is unknown.
    """
    if bucket not in BUCKETS:
        raise ReadoutsError(f"Unknown bucket {bucket!r}; use one of {', '.join(BUCKETS)}.")
    return tuple(s for s in load() if s.bucket == bucket)
