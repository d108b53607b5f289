"""``Quiz``: several multiple-choice questions, one under another.

Each question is a :class:`~inquadra.widgets.choice.Choice` saved under
``<activity>.<n>``; the quiz itself only lays them out, and shows the same
readable placeholder as every widget where it cannot be drawn.
"""

from __future__ import annotations

import ipywidgets

from .choice import Choice
from .view import ActivityView

__all__ = ["Quiz"]


class Quiz(ActivityView, ipywidgets.VBox):
    """Questions from activity entries (``question``, ``options``), numbered from 1.

    Args:
        items (list[dict]): one choice entry per question.
        activity (str | None): each answer is saved as ``<activity>.<n>``.
        article_id (str | None): the article the questions are about (default: the current one).
    """

    def __init__(self, items, activity: str | None = None, article_id: str | None = None, **kwargs):
        self.activity = activity
        choices = [
            Choice(item["question"], item["options"],
                   activity=f"{activity}.{n}" if activity else None, article_id=article_id)
            for n, item in enumerate(items, start=1)
        ]
        super().__init__(choices, **kwargs)
        self.add_class("iq-quiz")

    def __repr__(self) -> str:
        name = f", activity={self.activity!r}" if self.activity else ""
        return f"Quiz(questions={len(self.children)}{name})"

    @property
    def choices(self) -> tuple[Choice, ...]:
        return tuple(self.children)

    def _refuse(self, kind) -> None:
        """A quiz takes no messages of its own; its choices take theirs."""
