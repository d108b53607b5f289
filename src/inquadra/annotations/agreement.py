"""Agreement between annotators who tagged the same article.

Four families of figures, all computed with numpy from the annotators' spans:

- **Pairwise F1** between every two annotators, per label and over all labels
  (micro), in two modes. ``"exact"``: a span counts as shared only when both
  annotators tagged the same characters with the same label; F1 is
  ``2·|A∩B| / (|A|+|B|)`` over those spans. ``"overlap"``: the same formula over
  (token, label) pairs, so a boundary that differs by one word costs one token,
  not the whole span. Both are symmetric. Where neither annotator used the
  label the figure is undefined (``nan``).
- **Cohen's kappa** (two annotators) and **Fleiss' kappa** (any number) over
  the article's tokens. Every annotator rates every token; a token nobody
  tagged counts as the category "none", so these figures are inflated by the
  many untagged tokens (plain reporting that everyone rightly left alone).
- **Krippendorff's alpha** (nominal) over tokens, which tolerates missing
  ratings: tokens an annotator did not reach count as missing, not as "none"
  (see ``coverage``).
- **Agreement with the reference** is in ``inquadra.annotations.compare``.

Categories of a token. With ``label=L`` every figure is *binary*: does the
annotator tag this token with ``L`` or not; overlapping labels lose nothing.
With ``label=None`` each token gets ONE category: "none" (0), or the first of
its labels in the order of ``labels`` (1 + its index). The order is the
taxonomy's, so a token tagged both ``Naming_Choice`` and ``Loaded_Language``
counts as ``Naming_Choice``. Use the per-label figures when overlaps matter.

Coverage (the missing-data rule). An annotator's coverage runs from the start
of the article to the end of the last block (headline, subhead or paragraph)
where they tagged anything; tokens after it are missing for that annotator in
alpha. An annotator with no spans covers nothing. This treats an unfinished
tagging as unfinished rather than as a claim that the rest is plain; it also
drops the trailing untagged blocks of a student who did finish, which only
removes ratings, never invents them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

import numpy as np

__all__ = [
    "ClassMatrix",
    "PairwiseF1",
    "Agreement",
    "class_matrix",
    "coverage",
    "categories",
    "pairwise_f1",
    "cohen_kappa",
    "fleiss_kappa",
    "krippendorff_alpha",
    "token_disagreement",
    "agreement",
    "MISSING",
]

MISSING = -1


@dataclass(frozen=True, eq=False)
class ClassMatrix:
    """Who tagged which token with which label.

    Attributes:
        annotators (tuple[str, ...]): row order of every array.
        labels (tuple[str, ...]): label order (priority for ``label=None``).
        tags (np.ndarray): bool, shape (annotators, tokens, labels).
        covered (np.ndarray): bool, shape (annotators, tokens); False = missing.
        spans (tuple[frozenset, ...]): per annotator, the set of (start, end, label).
    """

    annotators: tuple[str, ...]
    labels: tuple[str, ...]
    tags: np.ndarray
    covered: np.ndarray
    spans: tuple[frozenset, ...]

    def __repr__(self) -> str:
        a, t, n = self.tags.shape
        return f"<ClassMatrix {a} annotators x {t} tokens x {n} labels>"

    @property
    def n_tokens(self) -> int:
        return int(self.tags.shape[1])

    def label_index(self, label: str) -> int:
        try:
            return self.labels.index(label)
        except ValueError:
            raise KeyError(
                f"Label {label!r} is not among this class's labels: {', '.join(self.labels)}."
            ) from None


def _block_of_tokens(article) -> np.ndarray:
    """Index of the block holding each token of ``article``."""
    starts = np.fromiter((s for s, _ in article.tokens), dtype=np.int64, count=len(article.tokens))
    block_starts = np.array([b.start for b in article.blocks], dtype=np.int64)
    return np.searchsorted(block_starts, starts, side="right") - 1


def coverage(spans: Iterable, article) -> np.ndarray:
    """Tokens an annotator reached: up to the end of their last tagged block.

    Args:
        spans (Iterable[Span]): the annotator's spans.
        article (Article): the article they tagged.

    Returns:
        np.ndarray: bool, one value a token of ``article.tokens``.
    """
    blocks = _block_of_tokens(article)
    ends = [s.token_end for s in spans]
    if not ends:
        return np.zeros(len(blocks), dtype=bool)
    last_block = blocks[max(ends) - 1]
    return blocks <= last_block


def class_matrix(
    spans_by_annotator: Mapping[str, Sequence],
    n_tokens: int,
    labels: Sequence[str] | None = None,
    covered: Mapping[str, np.ndarray] | None = None,
) -> ClassMatrix:
    """Build the token x label matrix of every annotator.

    Args:
        spans_by_annotator (Mapping[str, Sequence[Span]]): annotator -> spans;
            annotators keep the mapping's order.
        n_tokens (int): number of tokens of the article.
        labels (Sequence[str] | None): label order; None = labels used, sorted.
        covered (Mapping[str, np.ndarray] | None): per annotator, which tokens
            count as rated (see ``coverage``); None = every token.

    Returns:
        ClassMatrix
    """
    annotators = tuple(spans_by_annotator)
    if labels is None:
        labels = sorted({s.label for spans in spans_by_annotator.values() for s in spans})
    labels = tuple(labels)
    index = {lab: i for i, lab in enumerate(labels)}
    tags = np.zeros((len(annotators), n_tokens, len(labels)), dtype=bool)
    keys = []
    for a, name in enumerate(annotators):
        own = set()
        for s in spans_by_annotator[name]:
            if s.label not in index:
                raise KeyError(f"{name}: label {s.label!r} is not among {', '.join(labels)}.")
            if not 0 <= s.token_start < s.token_end <= n_tokens:
                raise ValueError(f"{name}: tokens {s.token_start}-{s.token_end} outside 0-{n_tokens}.")
            tags[a, s.token_start : s.token_end, index[s.label]] = True
            own.add((s.start, s.end, s.label))
        keys.append(frozenset(own))
    cov = np.ones((len(annotators), n_tokens), dtype=bool)
    if covered is not None:
        for a, name in enumerate(annotators):
            if name in covered:
                cov[a] = np.asarray(covered[name], dtype=bool)
    return ClassMatrix(annotators, labels, tags, cov, tuple(keys))


def categories(matrix: ClassMatrix, label: str | None = None, missing: bool = False) -> np.ndarray:
    """One category per (annotator, token).

    Args:
        matrix (ClassMatrix): the class.
        label (str | None): a label id for binary categories (1 = tagged with
            it, 0 = not); None for 0 = none, k = the first label (in label
            order) covering the token, plus one.
        missing (bool): mark tokens outside an annotator's coverage as ``MISSING``.

    Returns:
        np.ndarray: int64, shape (annotators, tokens).
    """
    if label is not None:
        cats = matrix.tags[:, :, matrix.label_index(label)].astype(np.int64)
    elif not matrix.labels:
        cats = np.zeros(matrix.tags.shape[:2], dtype=np.int64)
    else:
        any_tag = matrix.tags.any(axis=2)
        cats = np.where(any_tag, matrix.tags.argmax(axis=2) + 1, 0).astype(np.int64)
    if missing:
        cats = np.where(matrix.covered, cats, MISSING)
    return cats


def _dice(x: np.ndarray) -> np.ndarray:
    """2|A∩B|/(|A|+|B|) between the rows of a 0/1 matrix; nan where both are empty."""
    x = x.astype(np.float64)
    inter = x @ x.T
    size = x.sum(axis=1)
    total = size[:, None] + size[None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, 2.0 * inter / total, np.nan)


def _dice_mean(x: np.ndarray) -> float:
    """The mean of ``_dice(x)`` over distinct pairs of rows (nan pairs skipped), in linear time.

    Rows are grouped by their size s (how many 1s): the sum of ``x_a · x_b``
    over a in group s and b in group t is ``G_s · G_t``, where ``G_s`` is the
    sum of the group's rows, and every such pair shares the denominator
    ``s + t``. The cost is one pass over ``x`` plus a K×K product of the group
    sums (K distinct sizes, at most the number of columns + 1), never the
    A×A matrix of every pair, so it grows linearly with the annotators.
    """
    n = x.shape[0]
    if n < 2:
        return float("nan")
    x = x.reshape(n, -1).astype(bool)
    size = x.sum(axis=1)
    sizes, inverse, counts = np.unique(size, return_inverse=True, return_counts=True)
    groups = np.stack([x[inverse == g].sum(axis=0, dtype=np.int64) for g in range(len(sizes))])
    groups = groups.astype(np.float64)
    inter = groups @ groups.T
    denom = sizes[:, None] + sizes[None, :]
    pairs = np.outer(counts, counts).astype(np.float64)
    inner = np.diag(inter) - counts * sizes  # drop each row's product with itself
    np.fill_diagonal(inter, inner)
    np.fill_diagonal(pairs, counts * (counts - 1.0))
    defined = denom > 0
    total = float(np.sum(2.0 * inter[defined] / denom[defined]))
    n_pairs = float(np.sum(pairs[defined]))
    # every unordered pair was counted twice (s, t and t, s; a, b and b, a)
    return total / n_pairs if n_pairs else float("nan")


@dataclass(frozen=True, eq=False)
class PairwiseF1:
    """F1 between every two annotators, computed on demand.

    Means over all pairs (``mean``) take linear time in the annotators; one
    pair (``pair``) is computed alone; the full (A, A) matrices (``matrix``,
    ``micro``, ``by_label``) are built only when asked for.

    Attributes:
        mode (str): ``"exact"`` or ``"overlap"``.
        annotators (tuple[str, ...]): row and column order.
        labels (tuple[str, ...]): label order of ``by_label``.
        features (np.ndarray): (A, features) booleans: (token, label) cells or spans.
        label_of (np.ndarray): the label index of every feature column.
    """

    mode: str
    annotators: tuple[str, ...]
    labels: tuple[str, ...]
    features: np.ndarray
    label_of: np.ndarray

    def __repr__(self) -> str:
        return f"<PairwiseF1 {self.mode}: {len(self.annotators)} annotators, mean {self.mean():.3f}>"

    def _columns(self, label: str | None) -> np.ndarray:
        if label is None:
            return self.features
        return self.features[:, self.label_of == self.labels.index(label)]

    @property
    def micro(self) -> np.ndarray:
        """(A, A), over all labels together."""
        return _dice(self.features)

    @property
    def by_label(self) -> np.ndarray:
        """(labels, A, A)."""
        a_n = len(self.annotators)
        if not self.labels:
            return np.empty((0, a_n, a_n))
        return np.stack([self.matrix(lab) for lab in self.labels])

    def matrix(self, label: str | None = None) -> np.ndarray:
        """The (A, A) matrix for one label, or over all labels (None)."""
        return _dice(self._columns(label))

    def pair(self, first: int, second: int, label: str | None = None) -> float:
        """F1 between annotators ``first`` and ``second`` (row numbers); nan if both are empty."""
        cols = self._columns(label)
        return float(_dice(cols[[first, second]])[0, 1])

    def mean(self, label: str | None = None) -> float:
        """Mean over distinct pairs (nan pairs skipped; nan if none is defined)."""
        return _dice_mean(self._columns(label))


def pairwise_f1(matrix: ClassMatrix, mode: str = "overlap") -> PairwiseF1:
    """Pairwise F1 between all annotators, per label and micro over labels.

    Args:
        matrix (ClassMatrix): the class.
        mode (str): ``"exact"`` (same characters, same label) or ``"overlap"``
            (shared (token, label) pairs).

    Returns:
        PairwiseF1
    """
    a_n, l_n = len(matrix.annotators), len(matrix.labels)
    if mode == "overlap":
        flat = matrix.tags.reshape(a_n, -1)
        label_of = np.tile(np.arange(l_n), matrix.tags.shape[1])
    elif mode == "exact":
        universe = sorted(set().union(*matrix.spans)) if matrix.spans else []
        col = {k: i for i, k in enumerate(universe)}
        flat = np.zeros((a_n, len(universe)), dtype=bool)
        for a, keys in enumerate(matrix.spans):
            flat[a, [col[k] for k in keys]] = True
        index = {lab: i for i, lab in enumerate(matrix.labels)}
        label_of = np.array([index.get(k[2], -1) for k in universe], dtype=np.int64)
    else:
        raise ValueError(f"Unknown F1 mode {mode!r}: use 'exact' or 'overlap'.")
    return PairwiseF1(mode, matrix.annotators, matrix.labels, flat, label_of)


def cohen_kappa(first: np.ndarray, second: np.ndarray) -> float:
    """Cohen's kappa between two equal-length category arrays (no missing values).

    Returns nan when chance agreement is 1 (both annotators used one and the
    same category everywhere).
    """
    first, second = np.asarray(first).ravel(), np.asarray(second).ravel()
    if first.shape != second.shape or first.size == 0:
        raise ValueError("Cohen's kappa needs two non-empty rating arrays of the same length.")
    cats, inverse = np.unique(np.concatenate([first, second]), return_inverse=True)
    x, y = inverse[: first.size], inverse[first.size :]
    k = len(cats)
    table = np.zeros((k, k), dtype=np.float64)
    np.add.at(table, (x, y), 1.0)
    n = table.sum()
    observed = np.trace(table) / n
    expected = float((table.sum(axis=1) @ table.sum(axis=0)) / (n * n))
    if expected >= 1.0:
        return float("nan")
    return float((observed - expected) / (1.0 - expected))


def _counts(cats: np.ndarray) -> np.ndarray:
    """(units, categories) counts of each category per unit; MISSING ignored.

    Columns are the categories present anywhere, in increasing order. Small
    non-negative category codes (the usual case) are counted in one
    ``bincount`` pass; others one category at a time.
    """
    cats = np.asarray(cats)
    valid = cats != MISSING
    if not valid.any():
        return np.zeros((cats.shape[1], 0))
    low, high = int(cats[valid].min()), int(cats[valid].max())
    if 0 <= low and high < 4096:
        units, width = cats.shape[1], high + 1
        index = np.where(valid, cats + width * np.arange(units, dtype=np.int64)[None, :], units * width)
        table = np.bincount(index.ravel(), minlength=units * width + 1)[: units * width]
        table = table.reshape(units, width)
        return table[:, table.any(axis=0)].astype(np.float64)
    present = np.unique(cats[valid])
    return np.stack([(cats == c).sum(axis=0) for c in present], axis=1).astype(np.float64) if (
        present.size
    ) else np.zeros((cats.shape[1], 0))


def fleiss_kappa(cats: np.ndarray) -> float:
    """Fleiss' kappa over tokens: ``cats`` is (annotators, units), no missing values.

    Returns nan when chance agreement is 1 (one category everywhere).
    """
    cats = np.asarray(cats)
    if (cats == MISSING).any():
        raise ValueError("Fleiss' kappa needs every annotator to rate every unit; use alpha instead.")
    raters = cats.shape[0]
    if raters < 2:
        return float("nan")
    counts = _counts(cats)
    units = counts.shape[0]
    p_j = counts.sum(axis=0) / (units * raters)
    p_i = ((counts**2).sum(axis=1) - raters) / (raters * (raters - 1))
    p_bar, p_e = p_i.mean(), float((p_j**2).sum())
    if p_e >= 1.0:
        return float("nan")
    return float((p_bar - p_e) / (1.0 - p_e))


def krippendorff_alpha(cats: np.ndarray) -> float:
    """Krippendorff's alpha, nominal: ``cats`` is (annotators, units), ``MISSING`` allowed.

    Units rated by fewer than two annotators are not pairable and are left
    out. Returns nan when there is nothing to compare or only one category.
    """
    counts = _counts(np.asarray(cats))
    m = counts.sum(axis=1)
    counts, m = counts[m >= 2], m[m >= 2]
    if counts.size == 0:
        return float("nan")
    weighted = counts / (m - 1.0)[:, None]
    coincidence = counts.T @ weighted - np.diag(weighted.sum(axis=0))
    n_c = coincidence.sum(axis=1)
    n = n_c.sum()
    disagree_observed = coincidence.sum() - np.trace(coincidence)
    disagree_expected = (n_c.sum() ** 2 - (n_c**2).sum()) / (n - 1.0)
    if disagree_expected <= 0:
        return float("nan")
    return float(1.0 - disagree_observed / disagree_expected)


def token_disagreement(matrix: ClassMatrix, missing: bool = True) -> np.ndarray:
    """Per token, the share of annotator pairs whose label sets differ (0..1).

    A token's category for this figure is the whole set of labels an annotator
    gave it. Tokens rated by fewer than two annotators get 0.
    """
    a_n, t_n, l_n = matrix.tags.shape
    if l_n <= 62:  # each label set as the bits of one integer
        codes = matrix.tags.astype(np.int64) @ (np.int64(1) << np.arange(l_n, dtype=np.int64))
    else:
        _, codes = np.unique(matrix.tags.reshape(a_n * t_n, l_n), axis=0, return_inverse=True)
        codes = codes.reshape(a_n, t_n).astype(np.int64)
    if missing:
        codes = np.where(matrix.covered, codes, MISSING)
    counts = _counts(codes)
    m = counts.sum(axis=1)
    pairs = m * (m - 1.0)
    same = (counts * (counts - 1.0)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(pairs > 0, 1.0 - same / pairs, 0.0)
    return out


@dataclass(frozen=True)
class Agreement:
    """The class's agreement figures, rounded only when displayed.

    Attributes:
        annotators (int): how many annotators.
        alpha (float): Krippendorff's alpha over tokens, one category a token.
        fleiss (float): Fleiss' kappa over tokens, one category a token.
        f1_exact (float): mean pairwise exact F1 (micro).
        f1_overlap (float): mean pairwise token-overlap F1 (micro).
        by_label (tuple[tuple[str, float, float, float, float], ...]):
            (label, alpha, fleiss, f1_exact, f1_overlap) for each label used.
    """

    annotators: int
    alpha: float
    fleiss: float
    f1_exact: float
    f1_overlap: float
    by_label: tuple[tuple[str, float, float, float, float], ...]


def agreement(matrix: ClassMatrix) -> Agreement:
    """All class-level figures for ``matrix`` (alpha uses coverage, kappa does not)."""
    exact, overlap = pairwise_f1(matrix, "exact"), pairwise_f1(matrix, "overlap")
    used = [lab for i, lab in enumerate(matrix.labels) if matrix.tags[:, :, i].any()]
    by_label = tuple(
        (
            lab,
            krippendorff_alpha(categories(matrix, lab, missing=True)),
            fleiss_kappa(categories(matrix, lab)),
            exact.mean(lab),
            overlap.mean(lab),
        )
        for lab in used
    )
    return Agreement(
        annotators=len(matrix.annotators),
        alpha=krippendorff_alpha(categories(matrix, missing=True)),
        fleiss=fleiss_kappa(categories(matrix)),
        f1_exact=exact.mean(),
        f1_overlap=overlap.mean(),
        by_label=by_label,
    )
