"""How long a lesson is: its prose words and an estimate of its minutes.

A lesson must fit a 30-minute slot for 15-17-year-olds and hold at most 1,000
words of prose. Prose means the words of the markdown cells, **not** counting
quotations (text in “…”, «…», "…", block quotes), tables, code and markup. The
minutes add up the reading, each code cell, each activity by its kind (the
figures are data, in ``data/lesson_timing.json``) and the think-pair-share.
The manifest records both figures, measured on the English edition
(``notebooks/en/``); a test keeps them true and within limits. The cell that
sets an edition's language (tagged ``edition-language``) is the kit's, not the
lesson's, and is not counted.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import InquadraError

__all__ = ["BudgetError", "Budget", "timing", "prose", "prose_words", "activities_used", "budget"]

_ACTIVITY = re.compile(r"""lesson\.activity\(\s*["'](\d\d\.[\w.-]+)["']""")
_QUOTED = re.compile(r"“[^”]*”|«[^»]*»|\"[^\"\n]*\"")
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)*")


class BudgetError(InquadraError):
    """A notebook cannot be measured; the message names it and says why."""


@dataclass(frozen=True)
class Budget:
    """A lesson's measures.

    Attributes:
        words (int): prose words (quotations and tables not counted).
        minutes (int): the estimate, rounded up.
        reading (float), code (float), activities (float), think_pair_share (float):
            the parts of the estimate, in minutes.
        activity_ids (tuple[str, ...]): the activities the notebook builds.
        has_think_pair_share (bool), has_exit_ticket (bool), has_hook (bool), has_objective (bool).
    """

    words: int
    minutes: int
    reading: float
    code: float
    activities: float
    think_pair_share: float
    activity_ids: tuple[str, ...]
    has_think_pair_share: bool
    has_exit_ticket: bool
    has_hook: bool
    has_objective: bool


@lru_cache(maxsize=1)
def timing() -> dict:
    """The timing figures (``data/lesson_timing.json``)."""
    return json.loads((resources.files("inquadra") / "data" / "lesson_timing.json").read_text(encoding="utf-8"))


_EDITION_TAG = "edition-language"  # the kit's first cell in each edition, not part of the lesson


def _cells(nb: dict, kind: str) -> list[str]:
    return ["".join(c.get("source", "")) if isinstance(c.get("source"), list) else str(c.get("source", ""))
            for c in nb.get("cells", []) if c.get("cell_type") == kind
            and _EDITION_TAG not in c.get("metadata", {}).get("tags", [])]


def prose(markdown: str) -> str:
    """The prose of one markdown cell: no tables, block quotes, quotations, code or markup."""
    lines = [line for line in markdown.splitlines() if not line.lstrip().startswith(("|", ">"))]
    text = "\n".join(lines)
    text = _CODE.sub(" ", text)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub(" ", text)
    return _QUOTED.sub(" ", text)


def prose_words(nb: dict) -> int:
    """Prose words in a notebook's markdown cells."""
    return sum(len(_WORD.findall(prose(cell))) for cell in _cells(nb, "markdown"))


def activities_used(nb: dict) -> tuple[str, ...]:
    """The activity ids the notebook's code cells build, in order."""
    return tuple(m for cell in _cells(nb, "code") for m in _ACTIVITY.findall(cell))


def _activity_minutes(activity_id: str) -> float:
    from . import lesson

    k = timing()["kind_minutes"]
    entry = lesson.activity_data(activity_id)
    if "minutes" in entry:
        return float(entry["minutes"])
    kind = entry.get("kind")
    if kind == "quiz":
        return len(entry["items"]) * (k["exit_item"] if entry.get("exit_ticket") else k["quiz_item"])
    if kind == "sorter":
        statements = entry["statements"]
        if statements == "readouts":
            from . import readouts

            statements = readouts.load()
        return len(statements) * k["sorter_statement"]
    if kind == "correction":
        return sum(k["plain_item"] if item.get("plain") else k["correction_item"] for item in entry["items"])
    if kind in k:
        return float(k[kind])
    raise BudgetError(f"Activity {activity_id!r} has kind {kind!r}, which has no time in lesson_timing.json; "
                      "give the entry a \"minutes\" figure.")


def budget(path: Path) -> Budget:
    """Measure a lesson notebook."""
    path = Path(path)
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise BudgetError(f"Cannot read the notebook {path}: {err}.") from None
    t = timing()
    words = prose_words(nb)
    markdown = "\n".join(_cells(nb, "markdown"))
    codes = _cells(nb, "code")
    used = activities_used(nb)
    reading = words / t["prose_words_per_minute"]
    code_minutes = len(codes) * t["code_cell_minutes"]
    activity_minutes = sum(_activity_minutes(a) for a in used)
    has_tps = "## Think – pair – share" in markdown
    tps = t["think_pair_share_minutes"] if has_tps else 0
    from . import lesson

    exit_ticket = any(lesson.activity_data(a).get("exit_ticket") for a in used)
    total = math.ceil(reading + code_minutes + activity_minutes + tps)
    return Budget(words, total, round(reading, 1), code_minutes, activity_minutes, tps, used,
                  has_tps, exit_ticket, "## Hook" in markdown, "**Objective:**" in markdown)
