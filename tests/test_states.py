"""States from Babel's Italian names and capitals used for their governments."""

from __future__ import annotations

import pytest

from inquadra.states import state_records


@pytest.fixture(scope="module")
def by_pattern():
    return {r["pattern"]: r for r in state_records()}


@pytest.mark.parametrize("pattern,state_id,side", [
    ("Russia", "russia", "kremlin"), ("Mosca", "russia", "kremlin"), ("Cina", "china", "china"),
    ("Pechino", "china", "china"), ("Kyiv", "ukraine", "other"), ("Kiev", "ukraine", "other"),
    ("Francia", "france", "other"), ("Stati Uniti", "united_states", "other"),
    ("Washington", "united_states", "other"),
])
def test_states(by_pattern, pattern, state_id, side):
    assert (by_pattern[pattern]["id"], by_pattern[pattern]["side"]) == (state_id, side)


@pytest.mark.parametrize("word", ["Riunione", "Monaco"])
def test_ambiguous_names_left_out(by_pattern, word):
    assert word not in by_pattern
