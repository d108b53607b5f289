"""The discernment score: does a student tell framing from plain reporting?

A tagging is scored against the reference over **cells**: one cell for every
sentence of the article and every scored label (29 sentences × 6 labels in
lesson 06). A cell is

* a *signal* cell when the reference tags that label somewhere in that
  sentence, and
* a *noise* cell when it does not.

The student "says yes" in a cell when any of their spans with that label
touches the sentence. Spans are cut at sentence ends, so a span that runs over
three sentences says yes in all three.

Counts, per label and summed over labels:

* **hits** — in each signal cell, partial credit from token overlap: the
  Dice overlap ``2·|R∩S| / (|R| + |S|)`` of the reference's tokens ``R`` and
  the student's tokens ``S`` for that label in that sentence. The exact phrase
  earns 1; a span twice as long as the reference earns 0.67; a whole
  30-token sentence around a 2-token phrase earns 0.13. So an over-long span
  earns little, and extra words are never free.
* **misses** — signal cells minus hits (the credit not earned).
* **false alarms** — noise cells the student tagged (1 each).
* **plain false alarms** — the false alarms that fall in *plain* sentences,
  which the reference leaves without any tag of the scored labels.

Rates, per label: hit rate ``H = hits / signal cells`` and false-alarm rate
``F = false alarms / noise cells``, both from 0 to 1.

**Discernment** is one figure, from −1 to 1::

    D = mean hit rate − mean false-alarm rate

where each mean runs over the scored labels (labels without signal cells
are left out of the first mean, labels without noise cells out of the
second). This is Youden's J (also called Peirce's skill score or the true
skill statistic), taken label by label. What it rewards:

* the reference itself scores 1; tagging nothing scores 0;
* tagging a label in every sentence makes its F equal 1, so that label
  contributes ``H − 1 ≤ 0``: never more than leaving the label unused. Tagging
  everything, every word, or every sentence as one label scores at most 0;
* guessing at random says yes as often in noise cells as in signal cells, so
  its expected D is at most 0 (the partial credit only lowers H);
* adding a reference span a student lacked never lowers D; adding a span that
  shares no token with the reference's spans of its label never raises it.

Why not d′? It needs corrections when a rate is 0 or 1 (a student who tags
nothing then gets a non-zero d′), and it is unbounded, which makes bands
arbitrary. A′ misbehaves when H < F. D is bounded, exact at the extremes and
easy to say in words: "the share of the framing you found, minus the share
of the plain sentences you tagged".

Edge cases, defined: when no scored label has a signal cell (a text the
reference leaves plain), the mean hit rate counts as 1, so leaving the text
alone scores 1 and tagging it all scores 0. When no label has a noise cell,
the mean false-alarm rate counts as 0.

Bands (``band``) cut D into the rubric's levels; thresholds and the words
shown to the student, in English and Italian, are data in
``data/discernment_bands.json``.
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..errors import InquadraError
from ..i18n import texts
from .spans import Span

__all__ = [
    "Band",
    "BandError",
    "LabelFigures",
    "Score",
    "band",
    "bands",
    "read_bands",
    "score",
    "shown",
]

OVERALL = "overall"


class BandError(InquadraError):
    """The bands file is missing or malformed; the message names the entry."""


@dataclass(frozen=True)
class LabelFigures:
    """The counts and rates of one label (or ``"overall"``: sums, rates are means).

    Attributes:
        label (str): the label id, or ``"overall"``.
        signal (int): sentences where the reference tags the label.
        noise (int): sentences where it does not.
        hits (float): partial-credit hits (token overlap), at most ``signal``.
        misses (float): ``signal - hits``.
        false_alarms (int): noise sentences the student tagged with the label.
        plain_false_alarms (int): the false alarms in sentences the reference
            leaves wholly untagged.
        spans (int): the student's spans with this label.
        exact (int): of those, spans identical to a reference span.
        hit_rate (float | None): ``hits / signal``; None without signal cells.
        false_alarm_rate (float | None): ``false_alarms / noise``; None without noise cells.
    """

    label: str
    signal: int
    noise: int
    hits: float
    misses: float
    false_alarms: int
    plain_false_alarms: int
    spans: int
    exact: int
    hit_rate: float | None
    false_alarm_rate: float | None

    @property
    def discernment(self) -> float | None:
        """``hit_rate - false_alarm_rate`` for this label; None when either is undefined."""
        if self.hit_rate is None or self.false_alarm_rate is None:
            return None
        return self.hit_rate - self.false_alarm_rate

    def to_dict(self, digits: int = 3) -> dict:
        """The figures as a JSON-ready dict, floats rounded."""
        out = {}
        for name, value in (*vars(self).items(), ("discernment", self.discernment)):
            out[name] = round(value, digits) if isinstance(value, float) else value
        return out


@dataclass(frozen=True)
class Band:
    """One rubric band: where it starts on the discernment scale and what it tells the student.

    Attributes:
        id (str): ``"beginning"``, ``"developing"``, ...
        rank (int): 0 for the lowest band.
        count (int): how many bands there are.
        minimum (float): the lowest discernment in this band (−1 for the lowest band).
        name (dict): ``{"en": ..., "it": ...}``.
        words (dict): ``{"en": ..., "it": ...}``, what the band means for the student.
    """

    id: str
    rank: int
    count: int
    minimum: float
    name: dict
    words: dict


@dataclass(frozen=True)
class Score:
    """The result of :func:`score`.

    Attributes:
        labels (tuple[str, ...]): the scored labels, in order.
        per_label (tuple[LabelFigures, ...]): one entry a label, in ``labels`` order.
        overall (LabelFigures): counts summed over labels; rates are the means that make D.
        discernment (float): D, from −1 to 1 (see the module docstring).
        sentences (int): sentences in the article.
        plain_sentences (tuple[str, ...]): ids of the sentences the reference leaves untagged.
        unscored (int): student spans whose label is not scored.
    """

    labels: tuple[str, ...]
    per_label: tuple[LabelFigures, ...]
    overall: LabelFigures
    discernment: float
    sentences: int
    plain_sentences: tuple[str, ...]
    unscored: int

    def label(self, label: str) -> LabelFigures:
        """The figures of one scored label."""
        for figures in self.per_label:
            if figures.label == label:
                return figures
        raise KeyError(f"Label {label!r} is not scored here; scored: {', '.join(self.labels)}.")

    @property
    def band(self) -> Band:
        """The rubric band of this score."""
        return band(self.discernment)

    def to_dict(self, digits: int = 3) -> dict:
        """Everything as a JSON-ready dict, with the band's id, rank and count."""
        b = self.band
        return {
            "discernment": round(self.discernment, digits),
            "band": b.id,
            "band_rank": b.rank,
            "band_count": b.count,
            "band_name": dict(b.name),
            "band_words": dict(b.words),
            "sentences": self.sentences,
            "plain_sentences": list(self.plain_sentences),
            "unscored": self.unscored,
            "overall": self.overall.to_dict(digits),
            "per_label": [f.to_dict(digits) for f in self.per_label],
        }


def _as_spans(items) -> list[Span]:
    if hasattr(items, "spans") and not isinstance(items, (list, tuple)):
        items = items.spans
    return [getattr(s, "span", s) for s in items]


def _cells(spans: Iterable[Span], sentence_of: list[int]) -> dict[tuple[str, int], set[int]]:
    """(label, sentence index) -> the token indices the spans cover there."""
    cells: dict[tuple[str, int], set[int]] = {}
    for s in spans:
        for tok in range(s.token_start, s.token_end):
            k = sentence_of[tok]
            if k >= 0:
                cells.setdefault((s.label, k), set()).add(tok)
    return cells


def _sentence_of_tokens(article) -> list[int]:
    """For every token, the index of the sentence holding it (−1 between sentences)."""
    sentences = article.sentences
    starts = [s.start for s in sentences]
    out = []
    for start, end in article.tokens:
        k = bisect.bisect_right(starts, start) - 1
        inside = k >= 0 and start >= sentences[k].start and end <= sentences[k].end
        out.append(k if inside else -1)
    return out


def _mean(values: list[float], empty: float) -> float:
    return sum(values) / len(values) if values else empty


def score(student_spans, reference, labels: Iterable[str] | None = None, article=None) -> Score:
    """Score a student's tagging for discernment (see the module docstring).

    Args:
        student_spans: a ``SpanStore``, an ``AnnotationRecord`` or an iterable of ``Span``.
        reference: a ``Reference`` (carries its article), or an iterable of
            ``Span``/``ReferenceSpan`` together with ``article``.
        labels (Iterable[str] | None): the labels the activity asked for; None
            uses the reference's labels. Fix them per activity: the figure is a
            mean over them.
        article: the article (needed only when ``reference`` has none).

    Returns:
        Score
    """
    art = article if article is not None else getattr(reference, "article", None)
    if art is None:
        raise ValueError("score() needs the article: pass a Reference, or article=...")
    ref = _as_spans(reference)
    stu = _as_spans(student_spans)
    labels = tuple(dict.fromkeys(labels if labels is not None else (s.label for s in ref)))
    scored = set(labels)
    ref = [s for s in ref if s.label in scored]
    unscored = sum(1 for s in stu if s.label not in scored)
    stu = [s for s in stu if s.label in scored]
    sentence_of = _sentence_of_tokens(art)
    n = len(art.sentences)
    r_cells, s_cells = _cells(ref, sentence_of), _cells(stu, sentence_of)
    tagged = {k for (_, k) in r_cells}
    plain = [k for k in range(n) if k not in tagged]
    ref_keys = {s.key for s in ref}
    per_label = []
    for label in labels:
        signal = [k for k in range(n) if (label, k) in r_cells]
        hits = 0.0
        for k in signal:
            r, s = r_cells[(label, k)], s_cells.get((label, k), set())
            hits += 2 * len(r & s) / (len(r) + len(s))
        noise_fa = [k for k in range(n) if (label, k) in s_cells and (label, k) not in r_cells]
        noise = n - len(signal)
        mine = [s for s in stu if s.label == label]
        per_label.append(
            LabelFigures(
                label=label,
                signal=len(signal),
                noise=noise,
                hits=hits,
                misses=len(signal) - hits,
                false_alarms=len(noise_fa),
                plain_false_alarms=sum(1 for k in noise_fa if k not in tagged),
                spans=len(mine),
                exact=sum(1 for s in mine if s.key in ref_keys),
                hit_rate=hits / len(signal) if signal else None,
                false_alarm_rate=len(noise_fa) / noise if noise else None,
            )
        )
    mean_h = _mean([f.hit_rate for f in per_label if f.hit_rate is not None], 1.0)
    mean_f = _mean([f.false_alarm_rate for f in per_label if f.false_alarm_rate is not None], 0.0)
    overall = LabelFigures(
        label=OVERALL,
        signal=sum(f.signal for f in per_label),
        noise=sum(f.noise for f in per_label),
        hits=sum(f.hits for f in per_label),
        misses=sum(f.misses for f in per_label),
        false_alarms=sum(f.false_alarms for f in per_label),
        plain_false_alarms=sum(f.plain_false_alarms for f in per_label),
        spans=len(stu),
        exact=sum(f.exact for f in per_label),
        hit_rate=mean_h,
        false_alarm_rate=mean_f,
    )
    return Score(
        labels=labels,
        per_label=tuple(per_label),
        overall=overall,
        discernment=mean_h - mean_f,
        sentences=n,
        plain_sentences=tuple(art.sentences[k].id for k in plain),
        unscored=unscored,
    )


# -- bands ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def bands() -> tuple[Band, ...]:
    """The rubric bands from ``data/discernment_bands.json``, lowest first."""
    path = resources.files("inquadra") / "data" / "discernment_bands.json"
    return read_bands(path.read_text(encoding="utf-8"), "discernment_bands.json")


def read_bands(text: str, source: str = "bands") -> tuple[Band, ...]:
    """Bands from the JSON text of a bands file (see ``data/discernment_bands.json``)."""
    try:
        data = json.loads(text)
    except ValueError as err:
        raise BandError(f"{source}: not valid JSON ({err}).") from None
    entries = data.get("bands") if isinstance(data, dict) else None
    if not isinstance(entries, list) or len(entries) < 2:
        raise BandError(f'{source}: expected {{"bands": [...]}} with at least two bands.')
    out, previous = [], None
    for rank, entry in enumerate(entries):
        where = f"{source}, band {rank + 1}"
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise BandError(f'{where}: each band needs an "id".')
        minimum = entry.get("min")
        if rank == 0:
            minimum = -1.0 if minimum is None else minimum
        if not isinstance(minimum, (int, float)) or isinstance(minimum, bool):
            raise BandError(f'{where}: "min" must be a number from -1 to 1.')
        if not -1.0 <= minimum <= 1.0 or (previous is not None and minimum <= previous):
            raise BandError(f'{where}: "min" must rise from band to band, within -1 to 1.')
        for field in ("name", "words"):
            texts(entry.get(field), f'{where}: "{field}"', BandError)
        out.append((entry["id"], float(minimum), entry["name"], entry["words"]))
        previous = minimum
    if out[0][1] != -1.0:
        raise BandError(f'{source}: the lowest band must start at -1 (or leave out its "min").')
    count = len(out)
    return tuple(Band(i, rank, count, m, dict(nm), dict(w)) for rank, (i, m, nm, w) in enumerate(out))


def shown(discernment: float) -> str:
    """D with two decimals, rounded down, so the figure shown never reaches a band it is below."""
    return f"{math.floor(discernment * 100 + 1e-9) / 100:+.2f}"


def band(discernment: float) -> Band:
    """The band a discernment figure falls in (the highest band whose minimum it reaches)."""
    if not isinstance(discernment, (int, float)) or discernment != discernment:
        raise ValueError(f"A discernment figure must be a number from -1 to 1, got {discernment!r}.")
    chosen = bands()[0]
    for b in bands():
        if discernment >= b.minimum:
            chosen = b
    return chosen
