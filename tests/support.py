"""Helpers shared by test modules (import as ``from support import ...``)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_SEED = ROOT.parent / "shared" / "seed" / "000_a3bf1baf7ef32c25.txt"


def in_ci() -> bool:
    """True under CI (the CI variable set to 1/true/yes): tests that could skip must run."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}
