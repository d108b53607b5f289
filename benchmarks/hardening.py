"""Hardening benchmarks: analyze on runs of quotation marks, and the dashboard at scale.

Each figure stands beside a baseline measured in the same run, scaled to
what linear growth would give, so the ratio reads as "how much worse than
linear" (1.0 = linear):

- ``analyze`` on an article holding one run of n “ (4k, 16k, 64k, 100k):
  baseline = the time for 4k × n / 4k. The targets of 16k in under 1 s and
  100k in under 3 s are printed beside them. One more figure times spaCy's
  plain blank Italian tokenizer on the 4k run against the guarded one, to
  show what the guard removes.
- the dashboard on one class file of 2,000 and 6,000 annotators, twice:
  ``classroom.load_class`` alone (merge, validation, class matrix), and with
  ``classroom.summary`` (agreement, every student against the reference):
  baseline = the time for 200 annotators × n / 200. Targets: 2,000 in under
  3 s, 6,000 in under 10 s.

Run alone with ``python benchmarks/run.py --only hardening``.
"""

from __future__ import annotations

import runpy
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import Figure  # noqa: E402


def _best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def _quotes_text(n: int, variant: int = 0) -> str:
    # a different text each time: analyze keeps a small cache of its last results
    return (f"Titolo {variant}\n\nIl portavoce ha detto " + "“" * n
            + " e il Cremlino parla di operazione militare speciale.\n")


def bench_analyze() -> list[Figure]:
    import spacy

    from inquadra import analysis, article, pipeline

    pipeline.load()
    analysis.analyze(article.from_text(_quotes_text(10), "warm"))

    counter = iter(range(1_000_000))

    def run(n: int) -> float:
        return _best(lambda: analysis.analyze(article.from_text(_quotes_text(n, next(counter)), f"q{n}")))

    base = run(4_000)
    targets = {16_000: 1.0, 100_000: 3.0}
    figures = []
    for n in (16_000, 64_000, 100_000):
        value = run(n)
        scaled = base * n / 4_000
        if n in targets:
            target, met = f"< {targets[n]:g} s", value < targets[n]
        else:
            target, met = "ratio <= 1.5 (linear)", value / scaled <= 1.5
        figures.append(Figure(f"analyze, a run of {n:,} “ (baseline: 4k run x {n // 4_000})",
                              value, scaled, "s", target, met))
    plain = spacy.blank("it").tokenizer
    run_text = _quotes_text(4_000)
    guarded = _best(lambda: pipeline.load().tokenizer(run_text))
    unguarded = _best(lambda: plain(run_text), repeat=1)
    figures.append(Figure("spaCy's blank tokenizer on a 4k run, unguarded (baseline: guarded)",
                          unguarded, guarded, "s", "n/a (shows what the guard removes)", None))
    return figures


def _class_file(folder: Path, distinct: int, total: int) -> Path:
    """``total`` annotators in one file: ``distinct`` generated like the sample class, then renamed copies."""
    from inquadra import article
    from inquadra.annotations import reference
    from inquadra.annotations.records import write_records

    maker = runpy.run_path(str(ROOT / "scripts" / "make_sample_class.py"))
    art, ref = article.load(), reference.load()
    profiles = maker["PROFILES"]
    made = [maker["annotate"](i, profiles[(i - 1) % len(profiles)], art, ref, tuple(ref.labels))
            for i in range(1, distinct + 1)]
    records = [replace(made[i % distinct], annotator=f"student-{i:05d}", synthetic=False)
               for i in range(total)]
    return write_records(folder / f"class-{total}.jsonl", records)


def _load(path: Path):
    from inquadra import classroom

    return classroom.load_class([path], max_bytes=1_000_000_000)


def _dashboard(path: Path) -> None:
    from inquadra import classroom

    classroom.summary(_load(path))


def bench_dashboard() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small = _class_file(folder, 200, 200)
        files = {n: _class_file(folder, 2_000, n) for n in (2_000, 6_000)}
        _dashboard(small)  # warm caches (article, reference, taxonomy)
        figures = []
        for what, fn in (("load (merge, checks, class matrix)", _load),
                         ("load + summary (agreement, each student against the reference)", _dashboard)):
            base = _best(lambda: fn(small))
            for n, target in ((2_000, 3.0), (6_000, 10.0)):
                value = _best(lambda: fn(files[n]), repeat=2)
                figures.append(Figure(f"dashboard {what}, {n:,} annotators (baseline: 200 x {n // 200})",
                                      value, base * n / 200, "s", f"< {target:g} s", value < target))
    return figures


def figures() -> list[Figure]:
    """Every hardening figure (see the module docstring)."""
    return bench_analyze() + bench_dashboard()


if __name__ == "__main__":
    for f in figures():
        print(f"{f.name}: {f.value:.2f} {f.unit} (baseline {f.baseline:.2f}, ratio {f.ratio:.2f}; "
              f"target {f.target})", file=sys.stdout)
