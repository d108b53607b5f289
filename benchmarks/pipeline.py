"""Throughput of the kit's pipeline against a plain spaCy pipeline, measured in the same run.

The baseline is what spaCy offers out of the box for the same job: ``spacy.blank("it")``
with ``sentencizer``, ``entity_ruler`` and ``span_ruler`` over the same pattern files (the
actor records, states included, and the framing lexicon). The kit's pipeline adds the
rule-based actors, attribution across sentences and the translation signals. Both run
over the same texts: the kit's article and the development set's texts, shuffled by
paragraph and joined into documents of about 50,000 characters, as ``analysis.analyze``
feeds the pipeline; about 200,000 words; each figure is the best of three passes.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Figure  # noqa: E402

__all__ = ["figures"]

_WORDS = 200_000
_PASSES = 3
_CHUNK_CHARS = 50_000  # the size of the documents analysis.analyze builds


def _paragraphs() -> list[str]:
    from inquadra import article

    texts = [article.load().text]
    texts += [p.read_text(encoding="utf-8")
              for p in sorted((ROOT / "tests" / "data" / "devset").glob("*.txt"))]
    out = []
    for text in texts:
        out += [b.text for b in article.from_text(text).blocks]
    return out


def _corpus(words: int = _WORDS, chars: int = _CHUNK_CHARS) -> list[str]:
    """Shuffled paragraphs joined into documents of about ``chars`` characters, as
    :func:`inquadra.analysis.analyze` hands them to the pipeline."""
    paragraphs = _paragraphs()
    per_copy = sum(len(p.split()) for p in paragraphs)
    rng = random.Random(15_06_2022)
    shuffled: list[str] = []
    for _ in range(words // per_copy + 1):
        batch = paragraphs[:]
        rng.shuffle(batch)
        shuffled += batch
    out, current, size = [], [], 0
    for p in shuffled:
        current.append(p)
        size += len(p) + 2
        if size >= chars:
            out.append("\n\n".join(current))
            current, size = [], 0
    if current:
        out.append("\n\n".join(current))
    return out


def _baseline():
    import spacy

    from inquadra import pipeline

    nlp = spacy.blank("it")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns([{k: r[k] for k in ("label", "pattern", "id")}
                        for r in pipeline.actor_records() if not r.get("initial")])
    spans = nlp.add_pipe("span_ruler", config={"spans_key": "framing",
                                               "phrase_matcher_attr": "LOWER"})
    spans.add_patterns([{"label": e.label, "id": e.id,
                         "pattern": e.pattern if isinstance(e.pattern, str) else list(e.pattern)}
                        for e in pipeline.framing_entries()])
    return nlp


def _rate(nlp, texts: list[str], words: int) -> float:
    best = float("inf")
    for _ in range(_PASSES):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=4):
            pass
        best = min(best, time.perf_counter() - t0)
    return words / best


def figures() -> list[Figure]:
    """Words per second of the kit's pipeline beside the plain spaCy pipeline."""
    from inquadra import pipeline

    texts = _corpus()
    words = sum(len(t.split()) for t in texts)
    base = _rate(_baseline(), texts, words)
    value = _rate(pipeline.build(), texts, words)
    return [Figure(f"pipeline throughput ({words:,} words) vs sentencizer + entity_ruler + "
                   "span_ruler", value, base, "words/s", "ratio >= 0.5", value / base >= 0.5)]


if __name__ == "__main__":
    for f in figures():
        print(f"{f.name}: {f.value:,.0f} {f.unit} vs {f.baseline:,.0f} ({f.ratio:.2f}x)")
