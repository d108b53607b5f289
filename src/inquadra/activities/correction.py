"""``CorrectionState``: machine-translated sentences to correct, compared with the kit.

Each :class:`PadItem` is one sentence of the article with the damaged passages
that begin in it. The student rewrites it (or leaves a correct sentence alone)
and compares: :func:`feedback` checks that the damaged passages are gone and
that the rewrite still says what the original meant (the item's meaning checks,
:mod:`inquadra.meaning`), not the student's exact wording. The state keeps every answer and the order in
which sentences were compared.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .. import corrections as _corrections
from .. import meaning as _meaning
from .base import ActivityError, Observable, merge_dicts

__all__ = [
    "VERDICTS",
    "CorrectionState",
    "Feedback",
    "PadError",
    "PadItem",
    "build_items",
    "corrected_sentence",
    "feedback",
]

VERDICTS = ("kept", "changed_plain", "unchanged", "partly", "wrong_meaning", "fixed")
"""Possible verdicts of :func:`feedback`, from a kept correct sentence to a full fix."""

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"'})


class PadError(ActivityError):
    """An item names a sentence that does not exist or contradicts the corrections list."""


@dataclass(frozen=True)
class PadItem:
    """One sentence to correct.

    Attributes:
        sentence_id (str): the sentence's id, e.g. ``"p04.s1"``.
        text (str): the sentence as it stands in the article (from its start to
            the end of the last damaged passage that begins in it).
        start (int): the article offset where ``text`` starts.
        corrections (tuple[Correction, ...]): damaged passages starting in it, in text order.
        note (dict): ``{"en": ..., "it": ...}`` shown on comparing (may be empty).
        rewrite (str): the kit's whole corrected sentence, when replacing the
            passages one by one would not read well (empty: replace them).
    """

    sentence_id: str
    text: str
    start: int = 0
    corrections: tuple = ()
    note: dict = field(default_factory=dict)
    rewrite: str = ""
    meaning: _meaning.MeaningChecks = field(default_factory=_meaning.MeaningChecks)

    @property
    def plain(self) -> bool:
        """True when nothing in the sentence needs correcting (cosmetic marks aside)."""
        return not any(c.kind != "cosmetic" for c in self.corrections)

    @property
    def corrected(self) -> str:
        """The kit's corrected sentence (the text itself when it is plain)."""
        if self.rewrite:
            return self.rewrite
        return corrected_sentence(self.text, self.start, self.corrections)


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer.

    Attributes:
        verdict (str): one of :data:`VERDICTS`.
        remaining (tuple[str, ...]): damaged passages still present in the answer.
        hints (tuple[dict, ...]): for ``"wrong_meaning"``, what the version still
            has to say or must stop saying (``{"en": ..., "it": ...}`` each).
    """

    verdict: str
    remaining: tuple[str, ...] = ()
    hints: tuple = ()


def corrected_sentence(text: str, offset: int, fixes) -> str:
    """``text`` with every correction's passage replaced by its corrected Italian.

    Args:
        text (str): a stretch of the article.
        offset (int): the article offset where ``text`` starts.
        fixes: corrections whose ``start``/``end`` fall inside the stretch.

    Returns:
        str: the corrected stretch; passages are replaced from the end backwards.
    """
    out = text
    for fix in sorted(fixes, key=lambda c: c.start, reverse=True):
        a, b = fix.start - offset, fix.end - offset
        if a < 0 or b > len(text) or text[a:b] != fix.text:
            raise PadError(f"Correction {fix.text!r} does not lie inside the sentence {text[:40]!r}….")
        out = out[:a] + fix.italian + out[b:]
    return out


def build_items(entries, art=None, fixes=None) -> tuple[PadItem, ...]:
    """Pad items from activity entries ``{"sentence": id, "plain": bool, "note": {...}, "rewrite": str}``.

    ``plain`` (optional) states that the sentence needs no correction and is
    checked against the corrections list; ``rewrite`` (optional) is the kit's
    whole corrected sentence.

    Args:
        entries (list[dict]): one entry per sentence, in the order to show them.
        art (Article | None): the article (default: the kit's article).
        fixes (tuple[Correction, ...] | None): corrections (default: the kit's list).

    Raises:
        PadError: an unknown sentence id, a sentence listed twice, or ``"plain"``
            that contradicts the corrections list.
    """
    from .. import article as _article

    art = art or _article.load()
    fixes = _corrections.load(art.id) if fixes is None else tuple(fixes)
    items: list[PadItem] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("sentence"), str):
            raise PadError(f"Item {number}: expected {{\"sentence\": \"p04.s1\", …}}, got {entry!r}.")
        sid = entry["sentence"]
        if sid in seen:
            raise PadError(f"Item {number}: sentence {sid!r} is listed twice.")
        seen.add(sid)
        try:
            sentence = art.sentence(sid)
        except KeyError:
            raise PadError(f"Item {number}: the article has no sentence {sid!r} (ids look like 'p04.s1').") from None
        mine = tuple(sorted((c for c in fixes if c.sentence_id == sid), key=lambda c: c.start))
        end = max([sentence.end] + [c.end for c in mine])
        rewrite = entry.get("rewrite", "")
        if not isinstance(rewrite, str):
            raise PadError(f"Item {number}: 'rewrite' must be text, got {rewrite!r}.")
        try:
            checks = _meaning.read_checks(entry.get("meaning"), f"Item {number} ({sid})")
        except _meaning.MeaningError as err:
            raise PadError(str(err)) from None
        item = PadItem(sid, art.text[sentence.start:end], sentence.start, mine,
                       dict(entry.get("note") or {}), rewrite, checks)
        if "plain" in entry and bool(entry["plain"]) != item.plain:
            state = "has damage in the corrections list" if entry["plain"] else "has no damage listed"
            raise PadError(f"Item {number}: sentence {sid} is marked plain={entry['plain']} but {state}.")
        items.append(item)
    return tuple(items)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return " ".join(text.split())


def _contains(answer: str, passage: str) -> bool:
    passage = _normalise(passage)
    before = r"(?<!\w)" if re.match(r"\w", passage) else ""
    after = r"(?!\w)" if re.search(r"\w$", passage) else ""
    return re.search(before + re.escape(passage) + after, answer) is not None


def feedback(item: PadItem, answer: str) -> Feedback:
    """Judge an answer: was a correct sentence kept, were the damaged passages changed?

    Only the damaged passages are checked, not the student's wording: many
    corrections are good, and the comparison with the kit's version is the lesson.
    """
    answer = _normalise(answer or "")
    unchanged = answer == _normalise(item.text) or not answer
    if item.plain:
        return Feedback("kept" if unchanged else "changed_plain")
    if unchanged:
        return Feedback("unchanged", tuple(c.text for c in item.corrections if c.kind != "cosmetic"))
    remaining = tuple(c.text for c in item.corrections if c.kind != "cosmetic" and _contains(answer, c.text))
    if remaining:
        return Feedback("partly", remaining)
    result = _meaning.check(item.meaning, answer)
    if not result.ok:
        return Feedback("wrong_meaning", (), tuple(r.why for r in result.forbidden + result.missing))
    return Feedback("fixed")


class CorrectionState(Observable):
    """The pad's sentences, the student's answers and which were compared.

    Args:
        items (tuple[PadItem, ...]): the sentences, in the order shown.
    """

    kind = "correction"
    merge_kind = "answers"

    def __init__(self, items):
        super().__init__()
        self.items = tuple(items)
        if not self.items:
            raise PadError("A correction pad needs at least one sentence.")
        self.answers = {i.sentence_id: i.text for i in self.items}
        self.compared: list[str] = []

    def __repr__(self) -> str:
        return f"<CorrectionState {len(self.compared)}/{len(self.items)} compared>"

    @property
    def signature(self) -> tuple:
        return tuple(i.sentence_id for i in self.items)

    def item(self, sentence_id: str) -> PadItem:
        for item in self.items:
            if item.sentence_id == sentence_id:
                return item
        known = ", ".join(i.sentence_id for i in self.items)
        raise PadError(f"This pad has no sentence {sentence_id!r}; it has {known}.")

    def verdict(self, sentence_id: str) -> Feedback:
        return feedback(self.item(sentence_id), self.answers[sentence_id])

    # -- changing ----------------------------------------------------------------
    def set_answer(self, sentence_id: str, text: str) -> None:
        """Keep the student's draft for a sentence (saved, not yet an attempt)."""
        self.item(sentence_id)
        if not isinstance(text, str):
            raise PadError(f"An answer must be text, got {type(text).__name__}.")
        if self.answers[sentence_id] != text:
            self.answers = {**self.answers, sentence_id: text}
            self._notify()

    def compare(self, sentence_id: str, text: str | None = None) -> Feedback:
        """Compare an answer (the draft, or ``text``) with the kit's correction: one attempt."""
        item = self.item(sentence_id)
        if text is not None:
            if not isinstance(text, str):
                raise PadError(f"An answer must be text, got {type(text).__name__}.")
            self.answers = {**self.answers, sentence_id: text}
        if sentence_id not in self.compared:
            self.compared = [*self.compared, sentence_id]
        verdict = feedback(item, self.answers[sentence_id])
        self._answered(sentence_id, self.answers[sentence_id], verdict.verdict in ("kept", "fixed"))
        self._notify()
        return verdict

    # -- saving ------------------------------------------------------------------
    def to_payload(self) -> dict:
        return {"answers": dict(self.answers), "compared": list(self.compared)}

    def parse(self, payload: dict) -> dict:
        answers = payload.get("answers") or {}
        compared = payload.get("compared") or []
        if not isinstance(answers, dict) or not all(isinstance(v, str) for v in answers.values()):
            raise PadError.keyed("work.payload.answers")
        if not isinstance(compared, list) or not all(isinstance(v, str) for v in compared):
            raise PadError.keyed("work.payload.compared")
        ids = {i.sentence_id for i in self.items}
        unknown = sorted((set(answers) | set(compared)) - ids)
        if unknown:
            raise PadError.keyed("work.payload.unknown_sentences", ids=", ".join(unknown))
        full = {i.sentence_id: answers.get(i.sentence_id, i.text) for i in self.items}
        return {"answers": full, "compared": list(dict.fromkeys(compared))}

    def load(self, payload: dict) -> None:
        self.answers = dict(payload["answers"])
        self.compared = list(payload["compared"])
        self._notify()

    def merge(self, base: dict | None, mine: dict, theirs: dict) -> dict:
        base = base or {}
        answers = merge_dicts(base.get("answers"), mine["answers"], theirs["answers"])
        compared = list(dict.fromkeys([*theirs["compared"], *mine["compared"]]))
        return self.parse({"answers": answers, "compared": compared})
