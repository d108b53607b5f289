"""The bundled sample class: synthetic, reproducible, and varied like a real class."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest

from inquadra.annotations import reference as reference_module
from inquadra.annotations.compare import compare
from inquadra.annotations.merge import merge

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "inquadra" / "data" / "sample_class"


@pytest.fixture(scope="module")
def records():
    report = merge(DATA)
    assert report.count("rejected") == 0 and not report.duplicates
    return report.records


def test_the_script_regenerates_the_committed_files_byte_for_byte(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["make_sample_class.py", "--out", str(tmp_path)])
    with pytest.raises(SystemExit) as done:
        runpy.run_path(str(ROOT / "scripts" / "make_sample_class.py"), run_name="__main__")
    assert done.value.code == 0
    made = sorted(p.name for p in tmp_path.glob("*.jsonl"))
    assert made == sorted(p.name for p in DATA.glob("*.jsonl"))
    for name in made:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_at_least_25_annotators_all_named_synthetic(records):
    names = [r.annotator for r in records]
    assert len(set(names)) >= 25
    assert all(n.startswith("synthetic-") for n in names)


def test_the_class_varies_like_a_real_one(records, article):
    ref = reference_module.load()
    results = [compare(r.spans, ref) for r in records]
    f1 = [c.overall.overlap_f1 for c in results]
    alarms = [len(c.false_alarms) for c in results]
    near = sum(v >= 0.85 for v in f1)
    weak = sum(v <= 0.6 for v in f1)
    boundary = sum(1 for c in results if sum(not m.exact for m in c.matches) >= 10)
    last_ref = max(r.span.start for r in ref.spans)
    unfinished = sum(1 for r in records if max(s.start for s in r.spans) < article.block("p15").start)
    over = sum(a >= 7 for a in alarms)
    assert near >= 3 and weak >= 3 and boundary >= 3 and unfinished >= 3 and over >= 3
    assert last_ref > article.block("p15").start
