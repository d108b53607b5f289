"""Print the analysis figures on a labelled folder (default: tests/data/devset).

Usage: python scripts/evaluate.py [FOLDER] [--misses]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from inquadra import evaluation  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT / "tests" / "data" / "devset"))
    parser.add_argument("--misses", action="store_true", help="list what each text missed")
    args = parser.parse_args(argv)
    try:
        figures = evaluation.evaluate(args.folder)
    except evaluation.EvaluationError as exc:
        print(f"evaluate: {exc}", file=sys.stderr)
        return 2
    failing = figures.failing()
    for name, value in figures.as_dict().items():
        op, target = evaluation.TARGETS[name]
        mark = "MISSED" if name in failing else "ok"
        print(f"{name:<28} {value:7.3f}   target {op} {target:.3f}   {mark}")
    if args.misses:
        for t in figures.texts:
            for m in t.missed:
                print(f"  {t.id:<10} {m}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
