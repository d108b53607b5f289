"""Where a class disagrees, and the mistakes it makes most often.

``hot_spots`` finds the runs of tokens where annotators' label sets differ
(consecutive disagreeing tokens within one block of the article) and says who
chose which label there and what the reference says. ``common_mistakes``
counts, over the whole class, the false alarms (spans the reference does not
support) and the misses (reference spans not found), using
``compare.compare`` for each annotator.

Only annotators who reached a place count there (see
``agreement.coverage``): a student who stopped at paragraph 6 neither
"disagrees" about paragraph 12 nor "misses" its spans.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from .agreement import ClassMatrix, token_disagreement
from .compare import compare

__all__ = ["HotSpot", "Mistake", "hot_spots", "common_mistakes"]


@dataclass(frozen=True)
class HotSpot:
    """A run of tokens where the class disagrees.

    Attributes:
        block_id (str): the block (``p07``) holding the run.
        start, end (int): character offsets of the run.
        token_start, token_end (int): token range (end exclusive).
        text (str): the article text of the run.
        disagreement (float): mean share of annotator pairs that differ (0..1).
        votes (tuple[tuple[str, tuple[str, ...]], ...]): (label, annotators who
            used it somewhere in the run), most used first.
        untagged (tuple[str, ...]): annotators who reached the run and tagged
            nothing in it.
        reference (tuple[str, ...]): labels of reference spans overlapping the run.
    """

    block_id: str
    start: int
    end: int
    token_start: int
    token_end: int
    text: str
    disagreement: float
    votes: tuple[tuple[str, tuple[str, ...]], ...]
    untagged: tuple[str, ...]
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Mistake:
    """A false alarm or a miss, counted over the class.

    Attributes:
        kind (str): ``"false_alarm"`` or ``"miss"``.
        label (str): the label tagged (false alarm) or expected (miss).
        where (str): the sentence id (``p04.s2``).
        start, end (int): the reference span (miss) or the sentence (false alarm).
        text (str): the text of that span or sentence.
        annotators (tuple[str, ...]): who made this mistake, sorted.
        plain (bool): the sentence is one the reference leaves untagged on purpose.
    """

    kind: str
    label: str
    where: str
    start: int
    end: int
    text: str
    annotators: tuple[str, ...]
    plain: bool = False

    @property
    def count(self) -> int:
        return len(self.annotators)


def _runs(mask: np.ndarray, blocks: np.ndarray) -> list[tuple[int, int]]:
    """(first, stop) of consecutive True tokens, split at block changes."""
    runs, start = [], None
    for i, flag in enumerate(mask):
        if start is not None and (not flag or blocks[i] != blocks[start]):
            runs.append((start, i))
            start = None
        if flag and start is None:
            start = i
    if start is not None:
        runs.append((start, len(mask)))
    return runs


def hot_spots(
    matrix: ClassMatrix, article, reference_spans: Sequence = (), *, min_disagreement: float = 0.0
) -> tuple[HotSpot, ...]:
    """Runs of tokens where annotators disagree, most contested first.

    Args:
        matrix (ClassMatrix): the class (with coverage).
        article (Article): the article the matrix is built on.
        reference_spans (Sequence[Span]): the reference, to show what it says.
        min_disagreement (float): leave out runs whose mean disagreement is lower.

    Returns:
        tuple[HotSpot, ...]: sorted by disagreement (highest first), then position.
    """
    per_token = token_disagreement(matrix)
    starts = np.array([b.start for b in article.blocks])
    token_starts = np.array([s for s, _ in article.tokens])
    blocks = np.searchsorted(starts, token_starts, side="right") - 1
    out = []
    for first, stop in _runs(per_token > 0, blocks):
        score = float(per_token[first:stop].mean())
        if score < min_disagreement:
            continue
        reached = matrix.covered[:, first:stop].any(axis=1)
        tagged = matrix.tags[:, first:stop, :].any(axis=1)
        votes = []
        for li, label in enumerate(matrix.labels):
            who = tuple(a for a, r, t in zip(matrix.annotators, reached, tagged[:, li]) if r and t)
            if who:
                votes.append((label, who))
        votes.sort(key=lambda v: (-len(v[1]), v[0]))
        untagged = tuple(a for a, r, t in zip(matrix.annotators, reached, tagged.any(axis=1))
                         if r and not t)
        ref = tuple(sorted({s.label for s in reference_spans
                            if s.token_start < stop and first < s.token_end}))
        start, end = article.tokens[first][0], article.tokens[stop - 1][1]
        out.append(HotSpot(article.blocks[blocks[first]].id, start, end, first, stop,
                           article.text[start:end], score, tuple(votes), untagged, ref))
    out.sort(key=lambda h: (-round(h.disagreement, 9), h.start))
    return tuple(out)


def common_mistakes(
    spans_by_annotator: Mapping[str, Sequence],
    reference,
    article,
    covered: Mapping[str, np.ndarray] | None = None,
    labels: Sequence[str] | None = None,
    comparisons: Mapping | None = None,
) -> tuple[tuple[Mistake, ...], tuple[Mistake, ...]]:
    """The class's false alarms and misses against the reference, most common first.

    Args:
        spans_by_annotator (Mapping[str, Sequence[Span]]): each annotator's spans.
        reference (Reference): the kit's reference annotation.
        article (Article): the article.
        covered (Mapping[str, np.ndarray] | None): per annotator, the tokens
            reached; a miss beyond them is not counted.
        labels (Sequence[str] | None): labels to score (default: all used).
        comparisons (Mapping[str, Comparison] | None): ``compare`` results per
            annotator already computed (with the same labels), to reuse.

    Returns:
        (false_alarms, misses): false alarms grouped by label and sentence,
        misses by reference span; each sorted by count (highest first), then position.
    """
    plain_ids = {sid for sid, _ in reference.plain}
    alarms: dict[tuple[str, str], list] = {}
    misses: dict[tuple[int, int, str], list] = {}
    for name, spans in spans_by_annotator.items():
        if comparisons is not None and name in comparisons:
            result = comparisons[name]
        else:
            result = compare(spans, reference, labels=labels)
        for fa in result.false_alarms:
            sentence = article.sentence_at(fa.span.start)
            sid = sentence.id if sentence else "?"
            entry = alarms.setdefault((fa.span.label, sid), [sentence, set()])
            entry[1].add(name)
        reach = None if covered is None else covered.get(name)
        for miss in result.misses:
            if reach is not None and not reach[miss.span.token_start]:
                continue
            misses.setdefault(miss.span.key, [miss.span, set()])[1].add(name)
    false_alarms = []
    for (label, sid), (sentence, who) in alarms.items():
        start, end = (sentence.start, sentence.end) if sentence else (0, 0)
        false_alarms.append(Mistake("false_alarm", label, sid, start, end,
                                    sentence.text if sentence else "", tuple(sorted(who)),
                                    sid in plain_ids))
    missed = []
    for (start, end, label), (span, who) in misses.items():
        sentence = article.sentence_at(start)
        missed.append(Mistake("miss", label, sentence.id if sentence else "?", start, end,
                              article.text[start:end], tuple(sorted(who))))
    order = lambda m: (-m.count, m.start, m.end, m.label)  # noqa: E731
    return tuple(sorted(false_alarms, key=order)), tuple(sorted(missed, key=order))
