"""Scale without surprises: a small DocBin cannot claim gigabytes, a big class costs linear work.

Times are measured by ``benchmarks/hardening.py``; here the checks are exact
results and memory bounds that hold on a loaded machine.
"""

from __future__ import annotations

import math
import tracemalloc
import zlib

import numpy as np
import pytest

from inquadra import classroom
from inquadra.annotations import agreement as ag
from inquadra.annotations import export
from inquadra.annotations.records import AnnotationFileError, AnnotationRecord
from inquadra.annotations.spans import Span

LABELS = ("Naming_Choice", "Loaded_Language", "Attribution_Marker")


def _bomb(path, unpacked: int) -> int:
    """A zlib stream of ``unpacked`` zero bytes, written without holding them in memory."""
    packer = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    with path.open("wb") as fh:
        for _ in range(unpacked // len(chunk)):
            fh.write(packer.compress(chunk))
        fh.write(packer.flush())
    return path.stat().st_size


def test_a_small_docbin_that_unpacks_to_gigabytes_is_refused_with_little_memory(tmp_path):
    size = _bomb(tmp_path / "bomb.spacy", 1 << 30)
    assert size < 2_000_000
    tracemalloc.start()
    try:
        with pytest.raises(AnnotationFileError, match="unpacks to more than 250,000,000 bytes"):
            export.read_docbin(tmp_path / "bomb.spacy")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50_000_000, f"{peak:,} bytes"


def test_the_unpacked_limit_can_be_lowered(tmp_path, article):
    span = Span(article.tokens[3][0], article.tokens[5][1], "Naming_Choice", 3, 6, "")
    records = [AnnotationRecord(article.id, article.sha256, f"s{i}", "lesson06", (span,)) for i in range(3)]
    path = export.write_docbin(records, tmp_path / "class.spacy")
    assert export.read_docbin(path) == records
    with pytest.raises(AnnotationFileError, match="unpacks to more than 1,000 bytes"):
        export.read_docbin(path, max_unpacked=1_000)


def test_a_docbin_that_is_not_zlib_is_still_one_clear_error(tmp_path):
    (tmp_path / "x.spacy").write_bytes(b"not zlib at all" * 100)
    with pytest.raises(AnnotationFileError, match="not a spaCy DocBin"):
        export.read_docbin(tmp_path / "x.spacy")


def _random_class(n: int, tokens: int = 120, seed: int = 7, empty_every: int = 0) -> ag.ClassMatrix:
    rng = np.random.default_rng(seed)
    spans = {}
    for a in range(n):
        own = []
        if not (empty_every and a % empty_every == 0):
            for _ in range(int(rng.integers(0, 8))):
                start = int(rng.integers(0, tokens - 4))
                end = start + int(rng.integers(1, 4))
                own.append(Span(start * 10, end * 10, LABELS[int(rng.integers(0, 3))], start, end))
        spans[f"a{a:04d}"] = tuple(dict.fromkeys(own))
    return ag.class_matrix(spans, tokens, LABELS)


def _upper_mean(m: np.ndarray) -> float:
    upper = m[np.triu_indices(m.shape[0], k=1)]
    upper = upper[~np.isnan(upper)]
    return float(upper.mean()) if upper.size else float("nan")


@pytest.mark.parametrize("mode", ["exact", "overlap"])
@pytest.mark.parametrize(("n", "empty_every"), [(2, 0), (3, 2), (40, 0), (60, 5), (25, 1)])
def test_the_linear_mean_f1_equals_the_mean_over_every_pair(mode, n, empty_every):
    f1 = ag.pairwise_f1(_random_class(n, empty_every=empty_every), mode)
    for label in (None, *LABELS):
        expected, got = _upper_mean(f1.matrix(label)), f1.mean(label)
        assert (math.isnan(expected) and math.isnan(got)) or got == pytest.approx(expected, rel=1e-12)


def test_one_pair_equals_its_cell_of_the_matrix():
    f1 = ag.pairwise_f1(_random_class(12), "overlap")
    m = f1.matrix("Loaded_Language")
    for a, b in [(0, 1), (3, 7), (11, 2)]:
        got = f1.pair(a, b, "Loaded_Language")
        assert (math.isnan(got) and math.isnan(m[a, b])) or got == pytest.approx(m[a, b])


def test_class_agreement_never_builds_the_matrix_of_every_pair():
    n = 6_000
    matrix = _random_class(n, tokens=200)
    tracemalloc.start()
    try:
        result = ag.agreement(matrix)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    every_pair = n * n * 8  # one float64 (A, A) matrix: 288 MB
    assert result.annotators == n and not math.isnan(result.f1_overlap)
    assert peak < every_pair / 3, f"peak {peak:,} bytes"


def test_the_dashboards_pair_table_uses_one_pair(tmp_path):
    cls = classroom.load_class()
    first, second = cls.annotators[:2]
    table = classroom.pair_table(cls, first, second)
    exact = ag.pairwise_f1(cls.matrix, "exact").matrix()
    assert table.rows[0][2] == f"{exact[0, 1]:.2f}"
