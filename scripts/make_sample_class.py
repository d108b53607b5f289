"""Generate the bundled sample class: SYNTHETIC annotators derived from the reference.

Usage::

    python scripts/make_sample_class.py            # rewrites src/inquadra/data/sample_class/
    python scripts/make_sample_class.py --out DIR  # writes elsewhere (used by the tests)

Nothing here is real student work. Each synthetic annotator starts from the
kit's reference annotation of the article (activity ``lesson06``, its six
labels) and follows one profile that imitates a common way of tagging:

- ``careful``: keeps almost every reference span, rare slips;
- ``over-tagger``: keeps most spans and also tags plain reporting;
- ``misser``: finds the obvious labels, misses many spans (above all
  translation damage);
- ``boundary``: finds most spans but starts or stops a word or two off;
- ``unfinished``: tags well, then stops part-way through the article;
- ``confuser``: finds the spans but often picks a neighbouring label.

The output is deterministic: a fixed seed, one random generator per
annotator, files written in a fixed order with sorted spans. Every record
carries the ``"synthetic": true`` marker, which is how the dashboard knows
the class is made up (a name prefix would mislabel a real class).
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import replace
from pathlib import Path

from inquadra import article as article_module
from inquadra import sample_answers
from inquadra.annotations import reference as reference_module
from inquadra.annotations.records import AnnotationRecord, write_records
from inquadra.annotations.spans import SpanError, SpanStore

SEED = 20220615
ACTIVITY = "lesson06"
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src" / "inquadra" / "data" / "sample_class"
PROFILES = (
    ["careful"] * 6 + ["over-tagger"] * 5 + ["misser"] * 5 + ["boundary"] * 5
    + ["unfinished"] * 5 + ["confuser"] * 2
)
NEIGHBOURS = {
    "Naming_Choice": "Loaded_Language",
    "Loaded_Language": "Naming_Choice",
    "Attribution_Marker": "Obfuscation-Vagueness-Confusion",
    "Obfuscation-Vagueness-Confusion": "Loaded_Language",
    "Translation_Damage": "Obfuscation-Vagueness-Confusion",
    "Personalisation": "Loaded_Language",
}
NOTES = (
    "parola scelta per orientare il lettore",
    "chi lo dice? fonte non chiara",
    "traduzione automatica: strano",
    "synthetic note: checked against the English original",
)


def _block_tokens(art) -> list[tuple[int, int]]:
    """(first, stop) token range of every block."""
    out = []
    for b in art.blocks:
        idx = [i for i, (s, e) in enumerate(art.tokens) if b.start <= s and e <= b.end]
        out.append((idx[0], idx[-1] + 1))
    return out


def _block_index(ranges, token: int) -> int:
    return next(i for i, (a, b) in enumerate(ranges) if a <= token < b)


def _plain_sentences(art, ref) -> list:
    tagged = [(r.span.start, r.span.end) for r in ref.spans]
    return [s for s in art.sentences
            if not any(a < s.end and s.start < b for a, b in tagged)]


def _shift(rng, ts, te, lo, hi):
    for _ in range(5):
        a = ts + rng.choice((-2, -1, 0, 1, 2))
        b = te + rng.choice((-2, -1, 0, 1, 2))
        a, b = max(lo, a), min(hi, b)
        if a < b and (a, b) != (ts, te):
            return a, b
    return ts, te


def annotate(number: int, profile: str, art, ref, labels) -> AnnotationRecord:
    """The synthetic annotator ``synthetic-NN`` following ``profile``."""
    rng = random.Random(SEED * 100 + number)
    name = f"synthetic-{number:02d}"
    store = SpanStore(art, name, labels)
    ranges = _block_tokens(art)
    keep = {"careful": 0.92, "over-tagger": 0.8, "misser": 0.45, "boundary": 0.85,
            "unfinished": 0.85, "confuser": 0.8}[profile]
    stop_block = rng.randint(6, 13) if profile == "unfinished" else len(ranges)
    for r in ref.spans:
        s = r.span
        p = keep * (0.5 if profile == "misser" and s.label == "Translation_Damage" else 1.0)
        if rng.random() >= p:
            continue
        block = _block_index(ranges, s.token_start)
        if block >= stop_block:
            continue
        ts, te, label = s.token_start, s.token_end, s.label
        if profile == "boundary" and rng.random() < 0.6 or rng.random() < 0.05:
            ts, te = _shift(rng, ts, te, *ranges[block])
        if profile == "confuser" and rng.random() < 0.4 or rng.random() < 0.03:
            label = NEIGHBOURS[label]
        note = rng.choice(NOTES) if rng.random() < 0.08 else ""
        try:
            store.add_tokens(ts, te, label, note)
        except SpanError:
            pass
    extra = {"over-tagger": rng.randint(5, 9), "careful": rng.randint(0, 1)}.get(profile, rng.randint(0, 2))
    plain = [s for s in _plain_sentences(art, ref) if _block_index(ranges, art.tokens.index(
        next(t for t in art.tokens if t[0] >= s.start))) < stop_block]
    plain_ids = [sid for sid, _ in ref.plain]
    for _ in range(extra):
        if plain_ids and rng.random() < 0.4:
            sentence = art.sentence(rng.choice(plain_ids))
        elif plain:
            sentence = rng.choice(plain)
        else:
            break
        toks = [i for i, (s, e) in enumerate(art.tokens) if sentence.start <= s and e <= sentence.end]
        a = rng.randrange(len(toks))
        b = min(len(toks), a + rng.randint(1, 5))
        try:
            store.add_tokens(toks[a], toks[b - 1] + 1, rng.choice(labels))
        except SpanError:
            pass
    return replace(AnnotationRecord.from_store(store, ACTIVITY), synthetic=True)


def build(out: Path) -> list[Path]:
    """Write every synthetic annotator's file into ``out``; returns the paths."""
    art = article_module.load()
    ref = reference_module.load()
    labels = tuple(ref.labels)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for number, profile in enumerate(PROFILES, start=1):
        record = annotate(number, profile, art, ref, labels)
        written.append(write_records(out / f"{record.annotator}.jsonl", [record]))
    written += sample_answers.write(out, [(f"synthetic-{n:02d}", p) for n, p in enumerate(PROFILES, 1)], SEED, art.id)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write")
    args = parser.parse_args(argv)
    paths = build(args.out)
    print(f"Wrote {len(paths)} synthetic annotation files to {args.out}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
