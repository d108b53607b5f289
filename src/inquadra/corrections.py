"""Machine-translation damage in the kit's article, as located corrections.

The records live in a bundle's ``corrections.jsonl`` (one JSON object a line). A
record names the damaged text exactly as it stands in the verbatim article and
which occurrence of it is meant; offsets are never stored by hand: the loader
finds them. An occurrence counts only matches that do not start or end inside a
word, so ``"G"`` never matches the G of "Gelato".

Several records may share an item number ``n`` when the same damage occurs in
more than one place (for example every misspelt "G" for Xi). A record that runs
across a sentence boundary (a link text glued after a full stop) belongs to the
sentence where it starts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from . import bundles
from . import structure as _article
from .errors import InquadraError
from .i18n import messages, texts

__all__ = ["Correction", "CorrectionsError", "KINDS", "CERTAINTIES", "load", "by_kind", "parse"]

_FILE = "corrections.jsonl"

KINDS: dict[str, dict[str, str]] = messages("corrections.kind.")
"""Kinds of damage, each with its ``{language: name}`` for display (``data/strings/corrections.json``)."""

CERTAINTIES = ("certain", "likely")

_FIELDS = ("n", "kind", "text", "occurrence", "english", "italian", "certainty", "explanation")


class CorrectionsError(InquadraError):
    """The corrections file is malformed or a record cannot be found in the article."""


@dataclass(frozen=True)
class Correction:
    """One damaged passage, its likely English original and a corrected Italian.

    Attributes:
        n (int): item number in the kit's list of damage (several records may share it).
        kind (str): one of :data:`KINDS`.
        text (str): the damaged text exactly as in the article.
        occurrence (int): which whole-word occurrence of ``text`` (1-based).
        english (str): the likely original English.
        italian (str): a corrected Italian wording.
        certainty (str): ``"certain"`` or ``"likely"``.
        explanation (dict[str, str] | str): what went wrong, ``{language: text}`` in the kit's
            bundles; a plain string in a teacher's own list (an answer key).
        start (int), end (int): character offsets, ``article.text[start:end] == text``.
        sentence_id (str): id of the sentence where the passage starts (``"p04.s1"``).
    """

    n: int
    kind: str
    text: str
    occurrence: int
    english: str
    italian: str
    certainty: str
    explanation: dict | str
    start: int
    end: int
    sentence_id: str

    @property
    def block_id(self) -> str:
        """Id of the block holding the passage (``"p04"``)."""
        return self.sentence_id.split(".")[0]


def _pattern(text: str) -> re.Pattern[str]:
    before = r"(?<!\w)" if re.match(r"\w", text) else ""
    after = r"(?!\w)" if re.search(r"\w$", text) else ""
    return re.compile(before + re.escape(text) + after)


def _locate(text: str, occurrence: int, source: str, where: str) -> tuple[int, int]:
    matches = list(_pattern(text).finditer(source))
    if len(matches) < occurrence:
        found = f"found {len(matches)} time(s)" if matches else "not found"
        raise CorrectionsError(
            f"{where}: text {text!r} occurrence {occurrence} is {found} in the article. "
            "Copy the text exactly from the article (typographic ’ “ ” included) "
            "or lower 'occurrence'."
        )
    m = matches[occurrence - 1]
    return m.start(), m.end()


def _check_record(raw: object, where: str) -> dict:
    if not isinstance(raw, dict):
        raise CorrectionsError(f"{where}: expected a JSON object, got {type(raw).__name__}.")
    missing = [f for f in _FIELDS if f not in raw]
    if missing:
        raise CorrectionsError(f"{where}: missing field(s) {', '.join(missing)}.")
    extra = sorted(set(raw) - set(_FIELDS))
    if extra:
        raise CorrectionsError(
            f"{where}: unknown field(s) {', '.join(extra)}; offsets are found by the loader, "
            "do not write them by hand."
        )
    for field in ("n", "occurrence"):
        value = raw[field]
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise CorrectionsError(
                f"{where}: {field!r} must be a whole number >= 1, got {value!r}."
            )
    for field in ("kind", "text", "english", "italian", "certainty"):
        if not isinstance(raw[field], str) or not raw[field].strip():
            raise CorrectionsError(f"{where}: {field!r} must be a non-empty string.")
    if raw["kind"] not in KINDS:
        raise CorrectionsError(
            f"{where}: unknown kind {raw['kind']!r}; use one of {', '.join(KINDS)}."
        )
    if raw["certainty"] not in CERTAINTIES:
        raise CorrectionsError(
            f"{where}: certainty must be 'certain' or 'likely', got {raw['certainty']!r}."
        )
    if isinstance(raw["explanation"], str) and raw["explanation"].strip():
        return raw  # a teacher's own corrections (an answer key), written in one language
    return {**raw, "explanation": texts(raw["explanation"], f"{where}: 'explanation'", CorrectionsError)}



def parse(lines: str, art: _article.Article, name: str = _FILE) -> tuple[Correction, ...]:
    """Read correction records (JSONL text) and locate them in an article.

    Args:
        lines (str): the file's content, one JSON object a line (blank lines ignored).
        art (Article): the article the records refer to.
        name (str): the file name used in error messages.

    Returns:
        tuple[Correction, ...]: in file order.

    Raises:
        CorrectionsError: a line is not valid, or a text is not in the article.
    """
    out: list[Correction] = []
    seen: set[tuple[str, int]] = set()
    for number, line in enumerate(lines.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name} line {number}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorrectionsError(f"{where}: not valid JSON ({exc.msg}).") from None
        rec = _check_record(raw, where)
        key = (rec["text"], rec["occurrence"])
        if key in seen:
            raise CorrectionsError(
                f"{where}: text {rec['text']!r} occurrence {rec['occurrence']} is listed twice."
            )
        seen.add(key)
        start, end = _locate(rec["text"], rec["occurrence"], art.text, where)
        sentence = art.sentence_at(start)
        out.append(
            Correction(
                **{f: rec[f] for f in _FIELDS},
                start=start,
                end=end,
                sentence_id=sentence.id if sentence else "",
            )
        )
    return tuple(out)


@lru_cache(maxsize=8)
def _parsed(text: str, art: _article.Article, name: str) -> tuple[Correction, ...]:
    return parse(text, art, name)


def load(article: bundles.Bundle | str | None = None) -> tuple[Correction, ...]:
    """The corrections of an article (default: the current one), located in its text.

    Args:
        article (Bundle | str | None): the bundle or its id.

    Raises:
        BundleError: no article has this id.
        CorrectionsError: the article has no corrections.jsonl, or a line of it is wrong.
    """
    bundle = bundles.get(article)
    where = bundle.path("corrections")
    if where is None:
        raise CorrectionsError(
            f"No corrections for article {bundle.id!r} (expected "
            f"{bundle.folder / bundles.PARTS['corrections']}). Add that file to the bundle, "
            "one located correction a line."
        )
    return _parsed(bundle.read_text("corrections"), bundle.article, str(where))


def by_kind(kind: str, article: bundles.Bundle | str | None = None) -> tuple[Correction, ...]:
    """The corrections of one kind (see :data:`KINDS`), in text order.

    Raises:
        CorrectionsError: the kind is unknown.
    """
    if kind not in KINDS:
        raise CorrectionsError(f"Unknown kind {kind!r}; use one of {', '.join(KINDS)}.")
    return tuple(sorted((c for c in load(article) if c.kind == kind), key=lambda c: c.start))
