"""What every benchmark shares: the ``Figure`` a benchmark reports, the machine line, the table.

A benchmark file ``benchmarks/<topic>.py`` imports these from here (never from
``run.py``, which imports the benchmark files) and exposes
``def figures() -> list[Figure]``.
"""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass

__all__ = ["Figure", "_machine", "_table"]


@dataclass(frozen=True)
class Figure:
    """One measured figure beside its baseline measured in the same run."""

    name: str
    value: float
    baseline: float
    unit: str
    target: str
    met: bool | None

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else float("nan")


def _machine() -> str:
    """The machine the figures were measured on, in one line."""
    import psutil
    import spacy

    mem = psutil.virtual_memory().total / 2**30
    return (f"{platform.platform()}; {os.cpu_count()} cores; {mem:.0f} GiB; "
            f"Python {platform.python_version()}; spaCy {spacy.__version__}")


def _table(figures: list[Figure]) -> str:
    """The figures as a Markdown table: value, baseline, ratio, target, whether it is met."""
    rows = ["| figure | value | baseline (same run) | ratio | target | met |",
            "|---|---|---|---|---|---|"]
    for f in figures:
        met = "n/a" if f.met is None else ("yes" if f.met else "no")
        rows.append(f"| {f.name} | {f.value:,.2f} {f.unit} | {f.baseline:,.2f} {f.unit} | "
                    f"{f.ratio:.2f} | {f.target} | {met} |")
    return "\n".join(rows)
