"""Benchmarks: each figure beside a baseline measured in the same run, and their ratio.

Run with ``make bench`` (or ``python benchmarks/run.py [--only NAME ...]``).
Prints a table and writes benchmarks/RESULTS.md with the machine's description.
No figure here is a pass/fail test: the targets are printed for the reader.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import Figure, _machine, _table  # noqa: E402  (Figure: benchmark files use it)

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks" / "en").glob("[0-9][0-9]_*.ipynb"))  # one edition: the code is the same in each


def _median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


# -- 1. lesson notebooks ----------------------------------------------------------
def _run_notebook(nb) -> float:
    from nbclient import NotebookClient

    with tempfile.TemporaryDirectory() as work:
        os.environ["INQUADRA_WORK"] = work
        t0 = time.perf_counter()
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
        return time.perf_counter() - t0


def bench_lessons() -> list[Figure]:
    import nbformat

    base_nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import spacy\nimport ipywidgets")])
    baseline = min(_run_notebook(base_nb) for _ in range(2))
    figures = []
    for path in LESSONS:
        seconds = _run_notebook(nbformat.read(path, as_version=4))
        figures.append(Figure(f"lesson {path.stem} run time", seconds, baseline, "s",
                              "ratio <= 1.5", seconds / baseline <= 1.5))
    return figures


# -- 3. kernel memory -----------------------------------------------------------------
_RSS = "import os, psutil; print('RSS', psutil.Process(os.getpid()).memory_info().rss)"


def _kernel_rss(code: str) -> float:
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3")
    try:
        for chunk in (code, _RSS):
            reply = kc.execute_interactive(chunk, timeout=300, output_hook=_collect)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"kernel code failed: {chunk!r}")
        return _collect.last
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def _collect(msg) -> None:
    if msg["msg_type"] == "stream" and msg["content"]["text"].startswith("RSS"):
        _collect.last = int(msg["content"]["text"].split()[1]) / 2**20


def bench_memory() -> list[Figure]:
    with tempfile.TemporaryDirectory() as work:
        os.environ["INQUADRA_WORK"] = work
        base = _kernel_rss("import spacy, ipywidgets")
        value = _kernel_rss(
            "from IPython.display import display\n"
            "from inquadra import article, pipeline, widgets\n"
            "nlp = pipeline.load(); doc = nlp(article.load().text)\n"
            "display(widgets.SpanTagger(labels='lesson06', activity='bench'))"
        )
    return [Figure("kernel memory, lesson imports + tagger shown", value, base, "MB",
                   "ratio <= 1.3 and <= 250 MB", value / base <= 1.3 and value <= 250)]


# -- 4. tagger latency ----------------------------------------------------------------
def bench_tagger() -> list[Figure]:
    from inquadra import article
    from inquadra.widgets.tagger import SpanTagger, serialise_tokens

    art = article.load()
    with tempfile.TemporaryDirectory() as work:
        os.environ["INQUADRA_WORK"] = work
        from inquadra.annotations import work as work_module

        work_module.set_student("bench")
        tagger = SpanTagger(art, labels="lesson06", activity="bench")
        n = len(art.tokens)
        rng = random.Random(7)

        def add_and_undo():
            start = rng.randrange(0, n - 3)
            tagger._handle_message({"type": "add", "token_start": start, "token_end": start + 3,
                                    "label": "Loaded_Language"})
            tagger._handle_message({"type": "undo"})

        for _ in range(10):
            add_and_undo()
        value = _median_time(add_and_undo, 200) * 1000
        base = _median_time(lambda: json.dumps(serialise_tokens(art)), 50) * 1000
    return [Figure("tagger add + undo + re-sync, whole article (median)", value, base, "ms",
                   "< 30 ms", value < 30)]


# -- 5. class merge and scoring -------------------------------------------------------
def _class_files(folder: Path, n: int = 200) -> list[Path]:
    """``n`` varied synthetic students, made as the bundled sample class is made."""
    import runpy

    from inquadra import article
    from inquadra.annotations import reference
    from inquadra.annotations.records import write_records

    maker = runpy.run_path(str(ROOT / "scripts" / "make_sample_class.py"))
    art, ref = article.load(), reference.load()
    profiles = maker["PROFILES"]
    paths = []
    for i in range(1, n + 1):
        rec = maker["annotate"](i, profiles[(i - 1) % len(profiles)], art, ref, tuple(ref.labels))
        rec = type(rec)(rec.article, rec.text_sha256, f"bench-{i:03d}", rec.activity, rec.spans)
        paths.append(write_records(folder / f"bench-{i:03d}.jsonl", [rec]))
    return paths


def _merge_and_score(folder: Path) -> None:
    """What the dashboard computes: merge, agreement, each student against the reference,
    hot spots and common mistakes."""
    from inquadra import article
    from inquadra.annotations import agreement as ag
    from inquadra.annotations import merge, reference
    from inquadra.annotations.compare import compare
    from inquadra.annotations.disagreement import common_mistakes, hot_spots

    art, ref = article.load(), reference.load()
    report = merge.merge([folder])
    spans = {r.annotator: r.spans for r in report.records}
    covered = {a: ag.coverage(s, art) for a, s in spans.items()}
    used = {s.label for ss in spans.values() for s in ss} | set(ref.labels)
    matrix = ag.class_matrix(spans, len(art.tokens), sorted(used), covered)
    ag.agreement(matrix)
    comparisons = {a: compare(s, ref) for a, s in spans.items()}
    hot_spots(matrix, art, [r.span for r in ref.spans])
    common_mistakes(spans, ref, art, covered, comparisons=comparisons)


def bench_class() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = _class_files(folder)

        def read_only():
            for p in paths:
                for line in p.read_text(encoding="utf-8").splitlines():
                    json.loads(line)

        base = _median_time(read_only, 3)
        value = _median_time(lambda: _merge_and_score(folder), 3)
    return [Figure("merge + score 200 annotation files", value, base, "s", "< 2 s", value < 2)]


# -- 6. install footprint ---------------------------------------------------------------
def _venv_size(requirements: list[str], folder: Path) -> float:
    venv.create(folder, with_pip=True)
    pip = folder / "bin" / "pip"
    subprocess.run([str(pip), "install", "--quiet", *requirements], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    total = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())
    return total / 2**20


def bench_footprint() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        base = _venv_size(["jupyterlab", "ipywidgets", "spacy"], Path(tmp) / "base")
        value = _venv_size([str(ROOT)], Path(tmp) / "kit")
    return [Figure("pip install footprint of the kit's venv", value, base, "MB",
                   "ratio <= 1.15", value / base <= 1.15)]


BENCHES = {
    "lessons": bench_lessons,
    "pipeline": lambda: __import__("pipeline").figures(),
    "memory": bench_memory,
    "tagger": bench_tagger,
    "tagger_browser": lambda: __import__("tagger_browser").figures(),
    "class": bench_class,
    "footprint": bench_footprint,
    "hardening": lambda: __import__("hardening").figures(),
    "hub": lambda: __import__("hub").figures(),  # benchmarks/hub.py: 30 students on a JupyterHub
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHES), help="run only these")
    parser.add_argument("--no-write", action="store_true", help="do not write RESULTS.md")
    args = parser.parse_args(argv)
    figures: list[Figure] = []
    for name in args.only or BENCHES:
        print(f"running {name} …", file=sys.stderr, flush=True)
        figures += BENCHES[name]()
    table = _table(figures)
    print(table)
    if not args.no_write:
        (ROOT / "benchmarks" / "RESULTS.md").write_text(
            "# Benchmark results\n\nMachine: " + _machine() + "\n\nEach figure beside its baseline "
            "measured in the same run; see benchmarks/run.py for what each measures.\n\n"
            + table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
