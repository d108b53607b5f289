"""Measure merging and scoring a class of 200 annotation files against merely reading them.

Usage: ``python scripts/measure_class_merge.py [--files 200]``

Generates synthetic annotation files (as in ``make_sample_class.py``) in a
temporary folder, then times, in one run and with the article already loaded:

- baseline: open every file and ``json.loads`` each line;
- merge: ``merge.merge`` (full validation of every record);
- score: the class matrix with coverage, every agreement figure, every student
  against the reference, hot spots and common mistakes.

Prints each figure and the ratio to the baseline. Not a test: timings vary.
"""

from __future__ import annotations

import argparse
import json
import runpy
import tempfile
import time
from pathlib import Path

from inquadra import article as article_module
from inquadra import classroom
from inquadra.annotations import agreement as ag
from inquadra.annotations import reference as reference_module
from inquadra.annotations.compare import compare
from inquadra.annotations.disagreement import common_mistakes, hot_spots
from inquadra.annotations.merge import merge
from inquadra.annotations.records import write_records

HERE = Path(__file__).resolve().parent


def _generate(folder: Path, n: int) -> None:
    maker = runpy.run_path(str(HERE / "make_sample_class.py"))
    art, ref = article_module.load(), reference_module.load()
    labels = tuple(ref.labels)
    profiles = maker["PROFILES"]
    for i in range(1, n + 1):
        record = maker["annotate"](i, profiles[(i - 1) % len(profiles)], art, ref, labels)
        record = type(record)(record.article, record.text_sha256, f"synthetic-{i:03d}",
                              record.activity, record.spans)
        write_records(folder / f"synthetic-{i:03d}.jsonl", [record])


def _baseline(folder: Path) -> int:
    count = 0
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                json.loads(line)
                count += 1
    return count


def _score(report) -> None:
    art, ref = article_module.load(), reference_module.load()
    spans = {r.annotator: r.spans for r in report.records}
    covered = {a: ag.coverage(s, art) for a, s in spans.items()}
    used = {s.label for ss in spans.values() for s in ss} | set(ref.labels)
    matrix = ag.class_matrix(spans, len(art.tokens), sorted(used), covered)
    ag.agreement(matrix)
    comparisons = {a: compare(s, ref) for a, s in spans.items()}
    hot_spots(matrix, art, [r.span for r in ref.spans])
    common_mistakes(spans, ref, art, covered, comparisons=comparisons)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=200)
    args = parser.parse_args(argv)
    article_module.load().tokens  # warm: tokenizer, article and reference loaded once
    reference_module.load()
    with tempfile.TemporaryDirectory(prefix="inquadra-measure-") as tmp:
        folder = Path(tmp)
        _generate(folder, args.files)
        t0 = time.perf_counter()
        lines = _baseline(folder)
        t1 = time.perf_counter()
        report = merge(folder)
        t2 = time.perf_counter()
        _score(report)
        t3 = time.perf_counter()
        classroom.load_class(folder)
        t4 = time.perf_counter()
    base, merged, scored = t1 - t0, t2 - t1, t3 - t2
    print(f"files: {args.files}, records read: {lines}, accepted: {len(report.records)}")
    print(f"baseline (json.loads of each line): {base:.3f} s")
    print(f"merge (validate every record):      {merged:.3f} s  ({merged / base:.0f}x baseline)")
    print(f"score (agreement, reference, hot spots, mistakes): {scored:.3f} s")
    print(f"merge + score:                      {merged + scored:.3f} s  "
          f"({(merged + scored) / base:.0f}x baseline)")
    print(f"classroom.load_class (merge + matrix): {t4 - t3:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
