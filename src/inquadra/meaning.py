"""Meaning checks: does a corrected sentence say what the original meant?

A correction item in the lesson data may carry checks::

    "meaning": {
      "must":     [{"any": ["evit*", "senza … defin*"], "why": {"en": "…", "it": "…"}}],
      "must_not": [{"any": ["tranne"],                 "why": {"en": "…", "it": "…"}}]
    }

Every ``must`` rule needs one of its patterns in the answer; no ``must_not``
rule may match. ``why`` tells the student what their version still has to
say (or must stop saying), in English and Italian.

A pattern is a few words, matched as whole words anywhere in the answer,
ignoring case, accents and punctuation (``"l’Occidente"`` is the two words
``l occidente``):

* ``evit*`` — a word starting with ``evit`` (evita, evitato, evitando …);
* ``…`` (or ``...``) — a gap of up to three words: ``"non … chiam*"``
  matches "non l'ha mai chiamata".

The checks are plain data and this module is pure: :func:`check` returns a
frozen :class:`MeaningResult`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .errors import InquadraError
from .i18n import texts

__all__ = [
    "GAP",
    "MeaningChecks",
    "MeaningError",
    "MeaningResult",
    "Rule",
    "check",
    "checks_by_sentence",
    "matches",
    "read_checks",
    "words",
]

GAP = 3
"""The most words a ``…`` in a pattern skips."""

_WORD = re.compile(r"\w+")


class MeaningError(InquadraError):
    """The meaning checks of an item are malformed; the message names the item and the rule."""


@dataclass(frozen=True)
class Rule:
    """One check: any of ``patterns`` must (or must not) occur.

    Attributes:
        patterns (tuple[str, ...]): accepted alternatives (see the module docstring).
        why (dict): ``{"en": ..., "it": ...}``, shown when the rule fails.
    """

    patterns: tuple[str, ...]
    why: dict


@dataclass(frozen=True)
class MeaningChecks:
    """The checks of one item."""

    must: tuple[Rule, ...] = ()
    must_not: tuple[Rule, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.must or self.must_not)


@dataclass(frozen=True)
class MeaningResult:
    """The outcome of :func:`check`.

    Attributes:
        ok (bool): every ``must`` rule is met and no ``must_not`` rule matches.
        missing (tuple[Rule, ...]): ``must`` rules the answer does not meet.
        forbidden (tuple[Rule, ...]): ``must_not`` rules the answer matches.
    """

    ok: bool
    missing: tuple[Rule, ...] = ()
    forbidden: tuple[Rule, ...] = ()


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def words(text: str) -> tuple[str, ...]:
    """The answer as lower-case words without accents or punctuation."""
    return tuple(_WORD.findall(_fold(text or "")))


@lru_cache(maxsize=512)
def _compile(pattern: str) -> tuple[str, ...]:
    steps = []
    for part in pattern.replace("...", " … ").replace("…", " … ").split():
        if part == "…":
            steps.append("…")
            continue
        star = part.endswith("*")
        found = _WORD.findall(_fold(part.rstrip("*")))
        if not found:
            raise MeaningError(f"The pattern {pattern!r} has a part without letters: {part!r}.")
        steps.extend(found[:-1])
        steps.append(found[-1] + ("*" if star else ""))
    if not steps or steps[0] == "…" or steps[-1] == "…":
        raise MeaningError(f"The pattern {pattern!r} must start and end with a word, not a gap.")
    return tuple(steps)


def _word_matches(step: str, word: str) -> bool:
    return word.startswith(step[:-1]) if step.endswith("*") else word == step


def _match_from(steps: tuple[str, ...], text: tuple[str, ...], i: int, s: int) -> bool:
    if s == len(steps):
        return True
    if steps[s] == "…":
        return any(_match_from(steps, text, i + skip, s + 1) for skip in range(GAP + 1)
                   if i + skip <= len(text))
    return i < len(text) and _word_matches(steps[s], text[i]) and _match_from(steps, text, i + 1, s + 1)


def matches(pattern: str, answer: str | Sequence[str]) -> bool:
    """True when ``pattern`` occurs in ``answer`` (text, or the tuple :func:`words` gives)."""
    steps = _compile(pattern)
    text = words(answer) if isinstance(answer, str) else tuple(answer)
    return any(_match_from(steps, text, i, 0) for i in range(len(text)))


def check(checks: MeaningChecks, answer: str) -> MeaningResult:
    """Judge an answer against an item's checks (see the module docstring)."""
    text = words(answer)
    missing = tuple(r for r in checks.must if not any(matches(p, text) for p in r.patterns))
    forbidden = tuple(r for r in checks.must_not if any(matches(p, text) for p in r.patterns))
    return MeaningResult(not missing and not forbidden, missing, forbidden)


def _rule(raw, where: str) -> Rule:
    if not isinstance(raw, dict):
        raise MeaningError(f'{where}: a rule is an object {{"any": [...], "why": {{...}}}}.')
    patterns = raw.get("any")
    if not isinstance(patterns, list) or not patterns or not all(
        isinstance(p, str) and p.strip() for p in patterns
    ):
        raise MeaningError(f'{where}: "any" must be a non-empty list of patterns (text).')
    why = texts(raw.get("why"), f'{where}: "why"', MeaningError)
    for p in patterns:
        try:
            _compile(p)
        except MeaningError as err:
            raise MeaningError(f"{where}: {err}") from None
    return Rule(tuple(patterns), dict(why))


def read_checks(data, where: str = "item") -> MeaningChecks:
    """Checks from an item's ``"meaning"`` value (None or missing gives empty checks).

    Raises:
        MeaningError: naming ``where`` and the rule that is wrong.
    """
    if data is None:
        return MeaningChecks()
    if not isinstance(data, dict) or set(data) - {"must", "must_not"}:
        raise MeaningError(f'{where}: "meaning" is an object with "must" and/or "must_not" lists.')
    out = {}
    for key in ("must", "must_not"):
        rules = data.get(key, [])
        if not isinstance(rules, list):
            raise MeaningError(f'{where}: "{key}" must be a list of rules.')
        out[key] = tuple(_rule(r, f"{where}, {key} rule {n}") for n, r in enumerate(rules, 1))
    return MeaningChecks(out["must"], out["must_not"])


def checks_by_sentence(entries) -> dict[str, MeaningChecks]:
    """``{sentence id: checks}`` for a correction activity's items (``[{"sentence", "meaning"}]``)."""
    out = {}
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("sentence"), str):
            raise MeaningError(f'Item {number}: expected {{"sentence": "p04.s1", ...}}.')
        out[entry["sentence"]] = read_checks(entry.get("meaning"), f"item {number} ({entry['sentence']})")
    return out
