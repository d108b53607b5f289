"""Big inputs: a 5 MB article through ``inquadra analyze``, and a paragraph longer than spaCy's limit.

The 5 MB run is a subprocess so its peak memory (``ru_maxrss`` from
``os.wait4``) and wall time can be measured; the test asserts that it
completes, shows progress and stays under a generous memory bound, never a
time. The figures are printed (``pytest -s``) and attached as properties.
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import time
from contextlib import redirect_stderr, redirect_stdout

from inquadra import analysis, cli, pipeline
from inquadra import article as article_module

MEMORY_LIMIT_KB = 1_500_000  # 1.5 GB
TARGET_BYTES = 5_000_000


def _big_text(art, target: int, seed: int = 20220615, separator: str = "\n\n") -> str:
    rng = random.Random(seed)
    paragraphs = [p.text for p in art.paragraphs]
    parts, size = [art.headline.text], len(art.headline.text.encode("utf-8"))
    while size < target:
        rng.shuffle(paragraphs)
        for p in paragraphs:
            parts.append(p)
            size += len(p.encode("utf-8")) + len(separator)
    return parts[0] + "\n\n" + separator.join(parts[1:]) + "\n"


def test_a_5_mb_article_completes_with_progress_and_bounded_memory(tmp_path, article, record_property):
    source = tmp_path / "big.txt"
    text = _big_text(article, TARGET_BYTES)
    source.write_text(text, encoding="utf-8")
    out_path, err_path = tmp_path / "out.json", tmp_path / "err.txt"
    code = "import sys; from inquadra.cli import main; sys.exit(main())"
    started = time.monotonic()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen([sys.executable, "-c", code, "analyze", str(source), "--json", "--progress"],
                                stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    peak_kb = usage.ru_maxrss
    record_property("wall_seconds", round(wall, 1))
    record_property("peak_rss_mb", round(peak_kb / 1024))
    print(f"\n5 MB analyze: {len(text.encode()):,} bytes, wall {wall:.1f} s, peak RSS {peak_kb / 1024:.0f} MB")
    stderr = err_path.read_text(encoding="utf-8")
    assert proc.returncode == 0, stderr[-2000:]
    assert "analysing [" in stderr and stderr.rstrip().endswith("100%")
    assert stderr.count("%") > 10  # the bar moved, not one final line
    assert peak_kb < MEMORY_LIMIT_KB, f"peak RSS {peak_kb / 1024:.0f} MB"
    result = json.loads(out_path.read_text(encoding="utf-8"))
    big = article_module.from_text(text, "big")
    assert result["article_id"] == "big" and result["text_sha256"] == big.sha256
    assert [v["block_id"] for v in result["voices"]] == [b.id for b in big.blocks]
    copies, rest = divmod(len(big.paragraphs), len(article.paragraphs))
    assert rest == 0  # whole shuffled rounds of the article's paragraphs
    seed = analysis.analyze(article).framing
    per_copy = sum(1 for f in seed if f.sentence_id.startswith("p"))
    in_headline = sum(1 for f in seed if f.sentence_id.startswith("hl"))
    assert len(result["framing"]) == in_headline + copies * per_copy
    for group in ("framing", "quotations", "claims", "artifacts"):
        for hit in result[group][:: max(1, len(result[group]) // 200)]:
            assert text[hit["start"]:hit["end"]] == hit["text"]


def _one_long_paragraph(art, copies: int) -> str:
    """The article's paragraphs on single lines (no blank line): one block, as many files are."""
    body = "\n".join(p.text for p in art.paragraphs)
    return art.headline.text + "\n\n" + "\n".join([body] * copies) + "\n"


def test_a_paragraph_longer_than_the_pipelines_limit_is_analysed_in_pieces(article):
    nlp = pipeline.build()
    nlp.max_length = 30_000
    text = _one_long_paragraph(article, 10)
    art = article_module.from_text(text, "long")
    assert max(b.end - b.start for b in art.blocks) > nlp.max_length
    result = analysis.analyze(art, nlp=nlp, chunk_chars=20_000)
    spaced = article_module.from_text(text.replace("\n", "\n\n"), "spaced")
    expected = analysis.analyze(spaced, nlp=nlp, chunk_chars=20_000)
    assert [f.text for f in result.framing] == [f.text for f in expected.framing]
    assert len(result.quotations) == len(expected.quotations)
    for hit in result.framing + result.quotations:
        assert text[hit.start:hit.end] == hit.text


def test_the_cli_analyses_a_paragraph_longer_than_the_pipelines_limit(tmp_path, article, monkeypatch):
    nlp = pipeline.load()
    monkeypatch.setattr(nlp, "max_length", 60_000)
    source = tmp_path / "one_block.txt"
    source.write_text(_one_long_paragraph(article, 16), encoding="utf-8")
    assert source.stat().st_size > 60_000
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(["analyze", str(source), "--json"])
    assert code == 0, err.getvalue()[-500:]
    assert len(json.loads(out.getvalue())["quotations"]) > 16
