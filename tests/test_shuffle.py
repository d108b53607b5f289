"""The per-student option order: a deterministic, balanced permutation."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inquadra.activities.shuffle import correct_position, order, shuffled, student_key


def _options(k, right=0):
    return [{"text": f"option {i}", "correct": i == right} for i in range(k)]


@given(st.text(max_size=30), st.text(min_size=1, max_size=20), st.integers(1, 6), st.data())
def test_order_is_a_permutation_that_puts_the_right_option_where_it_says(name, item, k, data):
    right = data.draw(st.integers(0, k - 1))
    shown = order(name, item, _options(k, right))
    assert sorted(shown) == list(range(k))
    assert shown.index(right) == correct_position(name, item, k)


def test_the_same_student_always_sees_the_same_order():
    opts = _options(4, 2)
    assert order("Giulia", "02.terms.3", opts) == order("Giulia", "02.terms.3", opts)
    assert order("Giulia", "02.terms.3", opts) == order("  giulia ", "02.terms.3", opts)


def test_classmates_see_different_orders():
    opts = _options(4, 1)
    orders = {order(f"student-{i}", "04.check.1", opts) for i in range(40)}
    assert len(orders) > 6


def test_consecutive_items_of_a_quiz_move_the_right_option_along():
    positions = [correct_position("Ada", f"06.check.{n}", 3) for n in range(1, 7)]
    assert positions[1:] == [(p + 1) % 3 for p in positions[:-1]]


def test_each_position_is_used_equally_often_across_students():
    counts = Counter(correct_position(f"s{i}", "02.predict", 3) for i in range(3000))
    assert set(counts) == {0, 1, 2}
    assert max(counts.values()) - min(counts.values()) < 200


def test_an_item_without_one_right_option_is_still_permuted():
    opts = [{"text": "a"}, {"text": "b"}, {"text": "c"}]
    shown = order("Bea", "00.poll", opts)
    assert sorted(shown) == [0, 1, 2]
    assert shuffled("Bea", "00.poll", opts) == [opts[i] for i in shown]
    assert order("Bea", "x", []) == ()


@pytest.mark.parametrize("bad", [None, 3])
def test_a_name_must_be_text(bad):
    with pytest.raises(TypeError, match="text"):
        student_key(bad)


def test_an_item_needs_options():
    with pytest.raises(ValueError, match="at least one"):
        correct_position("Ada", "02.predict", 0)
