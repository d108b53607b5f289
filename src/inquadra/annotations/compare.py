"""Feedback: a student's spans against the reference, label by label.

Two ways of counting, both per label:

* exact — a student span is a hit when a reference span has the same start,
  end and label;
* overlap — a student span is a hit when it shares at least one token with a
  reference span of the same label; spans are paired one to one (a maximum
  matching that prefers exact pairs), so tagging one phrase three times
  earns one hit and two false alarms.

Each overlap pair is one of three kinds (``Match.kind``):

* ``"exact"`` — the same tokens as the reference span;
* ``"partial"`` — shared tokens, with ``Match.extra`` tokens beyond the
  reference span and ``Match.missing`` reference tokens left out;
* ``"overlong"`` — the student span is more than ``LENGTH_FACTOR`` (3) times
  as long as the reference span, or longer than ``SPAN_TOKENS_MAX`` (25)
  tokens. It is shown, but it is not a hit: in the overlap counts it is a
  false alarm and its reference span a miss, so dragging one span over half
  the article cannot "match" a six-word phrase.

Scores where a denominator is zero are defined explicitly:

* precision = tp / (tp + fp); when the student tagged nothing it is 1.0 if
  the reference has nothing either, else 0.0;
* recall = tp / (tp + fn); when the reference has nothing it is 1.0 if the
  student tagged nothing either, else 0.0;
* F1 = 2·tp / (2·tp + fp + fn), and 1.0 when both sides are empty.

So a label nobody tagged scores 1.0 everywhere (perfect agreement on
"nothing here"), and a label only one side used scores 0.0.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..i18n import t
from .reference import Reference, ReferenceSpan
from .spans import LENGTH_FACTOR, SPAN_TOKENS_MAX, Span

__all__ = [
    "MATCH_KINDS",
    "Comparison",
    "FalseAlarm",
    "LabelScore",
    "Match",
    "Miss",
    "compare",
    "describe",
    "match_kind",
    "scores",
]

MATCH_KINDS = ("exact", "partial", "overlong")

OVERALL = "overall"


@dataclass(frozen=True)
class LabelScore:
    """Counts and scores for one label (or ``"overall"``, micro-averaged)."""

    label: str
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float
    overlap_tp: int
    overlap_fp: int
    overlap_fn: int
    overlap_precision: float
    overlap_recall: float
    overlap_f1: float


@dataclass(frozen=True)
class Match:
    """A student span paired with a reference span (same label, shared tokens).

    ``kind`` is ``"exact"``, ``"partial"`` or ``"overlong"`` (see the module
    docstring); ``extra`` counts the student's tokens outside the reference
    span and ``missing`` the reference's tokens the student left out.
    """

    student: Span
    reference: Span
    exact: bool
    rationale: str | dict = ""

    @property
    def kind(self) -> str:
        return match_kind(self.student, self.reference)

    @property
    def extra(self) -> int:
        shared = _shared(self.student, self.reference)
        return (self.student.token_end - self.student.token_start) - shared

    @property
    def missing(self) -> int:
        shared = _shared(self.student, self.reference)
        return (self.reference.token_end - self.reference.token_start) - shared

    @property
    def is_hit(self) -> bool:
        """True for exact and partial matches; an over-long span is not a hit."""
        return self.kind != "overlong"


def _shared(a: Span, b: Span) -> int:
    return max(0, min(a.token_end, b.token_end) - max(a.token_start, b.token_start))


def match_kind(student: Span, reference: Span) -> str:
    """``"exact"``, ``"partial"`` or ``"overlong"`` for two overlapping spans."""
    if (student.token_start, student.token_end) == (reference.token_start, reference.token_end):
        return "exact"
    n_student = student.token_end - student.token_start
    n_reference = reference.token_end - reference.token_start
    if n_student > LENGTH_FACTOR * n_reference or n_student > SPAN_TOKENS_MAX:
        return "overlong"
    return "partial"


def describe(match: Match, language: str | None = None) -> str:
    """The match in words for the student, e.g. "Partial match: 3 words more than the reference"."""
    kind = match.kind
    if kind == "exact":
        return t("compare.exact", language)
    if kind == "overlong":
        size = match.student.token_end - match.student.token_start
        return t("compare.overlong", language, tokens=size,
                 reference=match.reference.token_end - match.reference.token_start)
    if match.extra and match.missing:
        return t("compare.partial_both", language, extra=match.extra, missing=match.missing)
    if match.extra:
        return t("compare.partial_extra", language, extra=match.extra)
    return t("compare.partial_short", language, missing=match.missing)


@dataclass(frozen=True)
class Miss:
    """A reference span the student did not find, with the reference's reason."""

    span: Span
    rationale: str | dict = ""


@dataclass(frozen=True)
class FalseAlarm:
    """A student span that matches no reference span.

    ``plain_sentence`` and ``plain_rationale`` are set when the span touches a
    sentence the reference leaves untagged on purpose (plain reporting).
    """

    span: Span
    plain_sentence: str | None = None
    plain_rationale: str | dict | None = None

    @property
    def on_plain(self) -> bool:
        return self.plain_sentence is not None


@dataclass(frozen=True)
class Comparison:
    """The result of ``compare``: scores per label, overall, and the spans behind them."""

    per_label: dict[str, LabelScore]
    overall: LabelScore
    matches: tuple[Match, ...]
    misses: tuple[Miss, ...]
    false_alarms: tuple[FalseAlarm, ...]

    def rows(self, digits: int = 3) -> list[dict]:
        """One dict per label and a last ``"overall"`` row, scores rounded, for a table."""
        out = []
        for score in (*self.per_label.values(), self.overall):
            row = {}
            for name, value in vars(score).items():
                row[name] = round(value, digits) if isinstance(value, float) else value
            out.append(row)
        return out


def scores(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """(precision, recall, F1) from counts, with the 0/0 cases defined in the module docstring."""
    precision = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    recall = tp / (tp + fn) if tp + fn else (1.0 if fp == 0 else 0.0)
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    return precision, recall, f1


def _score(label: str, exact: tuple[int, int, int], overlap: tuple[int, int, int]) -> LabelScore:
    return LabelScore(label, *exact, *scores(*exact), *overlap, *scores(*overlap))


def _overlaps(a: Span, b: Span) -> bool:
    return a.token_start < b.token_end and b.token_start < a.token_end


def _pair(student: list[Span], reference: list[Span]) -> dict[int, int]:
    """Maximum one-to-one matching of overlapping spans; exact pairs are tried first."""
    options = []
    for i, s in enumerate(student):
        near = [j for j, r in enumerate(reference) if _overlaps(s, r)]
        near.sort(
            key=lambda j: (
                reference[j].key != s.key,
                abs(reference[j].start - s.start) + abs(reference[j].end - s.end),
            )
        )
        options.append(near)
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in options[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    # Exact pairs first, so the matching never trades an exact hit for a partial one.
    for i, s in enumerate(student):
        for j in options[i][:1]:
            if reference[j].key == s.key and j not in owner:
                owner[j] = i
    matched = set(owner.values())
    for i in range(len(student)):
        if i not in matched:
            augment(i, set())
            matched = set(owner.values())
    return {i: j for j, i in owner.items()}


def _as_spans(spans) -> list[Span]:
    if hasattr(spans, "spans") and not isinstance(spans, Reference):
        spans = spans.spans
    return [s.span if isinstance(s, ReferenceSpan) else s for s in spans]


def compare(student_spans, reference_spans, labels: Iterable[str] | None = None) -> Comparison:
    """Score a student's spans against the reference.

    Args:
        student_spans: a ``SpanStore`` or an iterable of ``Span``.
        reference_spans: a ``Reference`` (gives rationales and plain
            sentences), an iterable of ``ReferenceSpan``, or of ``Span``.
        labels: the labels to score; None scores every label either side used.

    Returns:
        Comparison: per-label and overall scores, matches, misses and false alarms.
    """
    reference = reference_spans if isinstance(reference_spans, Reference) else None
    ref_items = list(reference.spans if reference is not None else reference_spans)
    rationale = {}
    for item in ref_items:
        if isinstance(item, ReferenceSpan):
            rationale[item.span.key] = item.rationale
    ref = sorted(_as_spans(ref_items), key=lambda s: s.key)
    stu = sorted(_as_spans(student_spans), key=lambda s: s.key)
    if labels is None:
        labels = dict.fromkeys(sorted({s.label for s in ref} | {s.label for s in stu}))
    labels = tuple(labels)
    per_label: dict[str, LabelScore] = {}
    matches, misses, alarms = [], [], []
    totals = [0] * 6
    for label in labels:
        s_lab = [s for s in stu if s.label == label]
        r_lab = [r for r in ref if r.label == label]
        r_keys = {r.key for r in r_lab}
        tp = sum(1 for s in s_lab if s.key in r_keys)
        exact = (tp, len(s_lab) - tp, len(r_lab) - tp)
        pairs = _pair(s_lab, r_lab)
        m = sum(1 for i, j in pairs.items() if match_kind(s_lab[i], r_lab[j]) != "overlong")
        overlap = (m, len(s_lab) - m, len(r_lab) - m)
        per_label[label] = _score(label, exact, overlap)
        for k, value in enumerate(exact + overlap):
            totals[k] += value
        for i, j in sorted(pairs.items()):
            s, r = s_lab[i], r_lab[j]
            matches.append(Match(s, r, s.key == r.key, rationale.get(r.key, "")))
        found = set(pairs.values())
        misses.extend(
            Miss(r, rationale.get(r.key, "")) for j, r in enumerate(r_lab) if j not in found
        )
        for i, s in enumerate(s_lab):
            if i not in pairs:
                plain = reference.plain_at(s) if reference is not None else None
                alarms.append(FalseAlarm(s, *(plain or (None, None))))
    overall = _score(OVERALL, tuple(totals[:3]), tuple(totals[3:]))
    by_key = lambda x: (x.span if hasattr(x, "span") else x.student).key
    return Comparison(
        per_label,
        overall,
        tuple(sorted(matches, key=by_key)),
        tuple(sorted(misses, key=by_key)),
        tuple(sorted(alarms, key=by_key)),
    )
