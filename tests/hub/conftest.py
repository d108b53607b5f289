"""Fixtures for the hub tests: a running JupyterHub (see hubkit.py) and Debian's Chromium.

Without jupyterhub, nbgitpuller, configurable-http-proxy or Chromium the tests
here are skipped, except under ``CI=true``, where they fail instead.
"""

from __future__ import annotations

import pytest

from hubkit import CHROMIUM, CHROMIUM_ARGS, in_ci, missing_tools, start_hub, stop_hub


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
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield instance
        finally:
            instance.close()
