"""Shared fixtures: the bundled article and a private work folder for every test."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def article():
    from inquadra import article

    return article.load()


@pytest.fixture(autouse=True)
def _private_work_dir(tmp_path, monkeypatch):
    """No test ever writes into a real student's work folder."""
    monkeypatch.setenv("INQUADRA_WORK", str(tmp_path / "inquadra-work"))
    yield
