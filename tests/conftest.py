"""Shared fixtures: the bundled article, the shared seed, a private work folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_SEED = ROOT.parent / "shared" / "seed" / "000_a3bf1baf7ef32c25.txt"


@pytest.fixture(scope="session")
def article():
    from inquadra import article

    return article.load()


@pytest.fixture(autouse=True)
def _private_work_dir(tmp_path, monkeypatch):
    """No test ever writes into a real student's work folder."""
    monkeypatch.setenv("INQUADRA_WORK", str(tmp_path / "inquadra-work"))
    yield


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}
