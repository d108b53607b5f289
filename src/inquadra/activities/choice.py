"""``ChoiceState``: a multiple-choice question whose options each explain themselves."""

from __future__ import annotations

from ..i18n import localise, t
from .base import ActivityError, Observable, field, merge_value

__all__ = ["ChoiceState"]


class ChoiceState(Observable):
    """One question, its options and the picked answer.

    Args:
        question (str | dict): the question, or ``{"en": ..., "it": ...}``.
        options (list): dicts (or objects) with ``text`` (str or en/it dict),
            ``correct`` (bool) and ``explanation`` (str or en/it dict).
    """

    kind = "choice"
    merge_kind = "answers"

    def __init__(self, question, options):
        super().__init__()
        options = list(options)
        if len(options) < 2:
            raise ActivityError(f"A choice needs at least two options, got {len(options)}.")
        if not any(bool(field(o, "correct", False)) for o in options):
            raise ActivityError("A choice needs at least one option marked correct: true.")
        self.question = question
        self.options = options
        self.index: int | None = None
        self.first: tuple[int, bool] | None = None  # the first pick in this session: (index, right)
        self.tries = 0                              # picks in this session

    def __repr__(self) -> str:
        return f"<ChoiceState {localise(self.question, 'en')[:40]!r}: {self.index}>"

    @property
    def signature(self) -> tuple:
        return (len(self.options),)

    # -- reading ---------------------------------------------------------------
    def is_correct(self, index: int) -> bool:
        return bool(field(self.options[self._check(index)], "correct", False))

    def option_texts(self, language: str | None = None) -> list[str]:
        return [localise(field(o, "text"), language) for o in self.options]

    def question_text(self, language: str | None = None) -> str:
        return localise(self.question, language)

    def verdict(self, index: int, language: str | None = None) -> str:
        return t("choice.right" if self.is_correct(index) else "choice.wrong", language)

    def reason(self, index: int, language: str | None = None) -> str:
        """The option's own explanation (or the verdict, when it has none)."""
        return localise(field(self.options[self._check(index)], "explanation"), language) \
            or self.verdict(index, language)

    def feedback(self, index: int, language: str | None = None) -> str:
        """Plain-text feedback: verdict, then the option's reason."""
        reason = localise(field(self.options[self._check(index)], "explanation"), language)
        return f"{self.verdict(index, language)} {reason}".strip()

    # -- changing ----------------------------------------------------------------
    def pick(self, index: int) -> bool:
        """Pick option ``index``; returns whether it is right. Every pick is an attempt."""
        index = self._check(index)
        right = self.is_correct(index)
        self.index = index
        self.tries += 1
        if self.first is None:
            self.first = (index, right)
        self._answered("choice", index, right)
        self._notify()
        return right

    # -- saving ------------------------------------------------------------------
    def to_payload(self) -> dict:
        if self.index is None:
            return {"choice": None}
        return {"choice": self.index, "correct": self.is_correct(self.index)}

    def parse(self, payload: dict) -> dict:
        index = payload.get("choice")
        if index is None:
            return {"choice": None}
        try:
            self._check(index)
        except ActivityError as err:
            raise ActivityError(f'"choice": {err}') from None
        return {"choice": index, "correct": self.is_correct(index)}

    def load(self, payload: dict) -> None:
        self.index = payload.get("choice")
        self._notify()

    def merge(self, base: dict | None, mine: dict, theirs: dict) -> dict:
        index = merge_value((base or {}).get("choice"), mine.get("choice"), theirs.get("choice"))
        return self.parse({"choice": index})

    def _check(self, index) -> int:
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(self.options):
            raise ActivityError(f"There is no option {index!r}: pick 0 to {len(self.options) - 1}.")
        return index
