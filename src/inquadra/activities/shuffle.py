"""The order in which a student sees a multiple-choice item's options.

Pure and deterministic: the order depends only on the student's name, the
item's id and the options themselves, so a student sees the same order every
time (after a restart, on another machine) and two classmates usually see
different ones.

Where the right option lands is balanced rather than left to chance: for an
item with ``k`` options it goes to position ``(s + q + n) mod k``, where ``s``
comes from the student's name, ``q`` from the quiz's id and ``n`` is the item's
number within its quiz (``"02.terms.3"`` is item 3 of quiz ``"02.terms"``; a
single question has ``n = 0`` and ``q`` from its own id). Consecutive items of
a quiz therefore put the right answer in consecutive positions, so "always
pick the first option" (or the last) scores close to chance for every
student, not only on average. The other options follow in an order drawn from
the name and the item. An item without exactly one right option (an opinion
question) gets a plain drawn order.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence

__all__ = ["correct_position", "order", "shuffled", "student_key"]


def student_key(name: str) -> str:
    """The name as the shuffle sees it: case, spacing and accent encoding do not count."""
    if not isinstance(name, str):
        raise TypeError(f"A student's name must be text, got {type(name).__name__}.")
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _number(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def _quiz_and_number(item_id: str) -> tuple[str, int]:
    head, _, tail = item_id.rpartition(".")
    if head and tail.isdigit() and "." in head:
        return head, int(tail)
    return item_id, 0


def _is_correct(option) -> bool:
    return bool(option.get("correct")) if isinstance(option, dict) else False


def correct_position(student: str, item_id: str, k: int) -> int:
    """Where the right option goes (0-based) among ``k`` options, for this student and item."""
    if not isinstance(k, int) or k < 1:
        raise ValueError(f"An item needs at least one option, got {k!r}.")
    quiz, n = _quiz_and_number(str(item_id))
    return (_number("student:" + student_key(student)) + _number("quiz:" + quiz) + n) % k


def order(student: str, item_id: str, options: Sequence) -> tuple[int, ...]:
    """The display order: indices into ``options``, first shown first.

    Args:
        student (str): the student's name (or hub user).
        item_id (str): the item's activity id, e.g. ``"02.terms.3"`` or ``"02.predict"``.
        options (Sequence): the item's options as in the data (dicts with ``"correct"``).

    Returns:
        tuple[int, ...]: a permutation of ``range(len(options))``.
    """
    k = len(options)
    if k == 0:
        return ()
    key = student_key(student)
    drawn = sorted(range(k), key=lambda i: _number(f"order:{key}\x1f{item_id}\x1f{i}"))
    right = [i for i, option in enumerate(options) if _is_correct(option)]
    if len(right) != 1:
        return tuple(drawn)
    rest = [i for i in drawn if i != right[0]]
    rest.insert(correct_position(student, item_id, k), right[0])
    return tuple(rest)


def shuffled(student: str, item_id: str, options: Sequence) -> list:
    """The options themselves in the order :func:`order` gives."""
    return [options[i] for i in order(student, item_id, options)]
