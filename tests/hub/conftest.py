"""Fixtures for the hub tests: a running JupyterHub (see hubkit.py) and Debian's Chromium.

Without jupyterhub, nbgitpuller, configurable-http-proxy or Chromium the tests
here are skipped, except under ``CI=true``, where they fail instead.
"""

from __future__ import annotations

import pytest

from hubkit import missing_tools, start_hub, stop_hub
from servers import chromium, in_ci


def pytest_collection_modifyitems(config, items):
    missing = missing_tools()
    if not missing or in_ci():
        return  # under CI a missing tool fails the test instead of skipping it
    skip = pytest.mark.skip(reason="the hub test needs " + ", ".join(missing))
    for item in items:
        if "hub" in item.nodeid.split("/"):
            item.add_marker(skip)


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    h = start_hub(tmp_path_factory.mktemp("hub"), ["student-a", "student-b"])
    try:
        yield h
    finally:
        stop_hub(h)


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance
