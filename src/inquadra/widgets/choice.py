"""``Choice``: a multiple-choice question that explains every option at once.

A view over :class:`~inquadra.activities.choice.ChoiceState`. Feedback names
why an answer is right or wrong (the option's explanation), in the current
language. The options are a radio group: a click or the arrow keys choose.
With an ``activity`` name the answer is saved (every pick is an attempt in the
history) and restored when the widget is made again.

Each student sees the options in their own order
(:func:`inquadra.activities.shuffle.order`, from the name and the activity id);
the state and the saved file keep the data's indices. The first attempt is the
one that counts: later picks are allowed for practice and the feedback says
so, with the first answer's result.
"""

from __future__ import annotations

import pathlib

import anywidget
import traitlets

from .. import i18n, saved
from ..activities import shuffle
from ..activities.base import ActivityError, field
from ..activities.choice import ChoiceState
from ..i18n import localise, t
from .view import ActivityView, esm

__all__ = ["Choice", "field", "localise"]

_HERE = pathlib.Path(__file__).parent


class Choice(ActivityView, anywidget.AnyWidget):
    """A question with options; picking one shows whether it is right and why.

    Args:
        question (str | dict): the question, or ``{"en": ..., "it": ...}``.
        options (list): dicts (or objects) with ``text`` (str or en/it dict),
            ``correct`` (bool) and ``explanation`` (str or en/it dict).
        activity (str | None): save the answer under this name (needs a student name).
        article_id (str | None): the article the question is about (default: the kit's).
    """

    _esm = esm("choice.js")
    _css = _HERE / "tagger.css"

    HANDLERS = {"pick": "_on_pick", "sync": "_on_sync"}

    question_text = traitlets.Unicode("").tag(sync=True)
    options_text = traitlets.List().tag(sync=True)
    index = traitlets.Int(-1).tag(sync=True)
    feedback = traitlets.Dict().tag(sync=True)
    prompt = traitlets.Unicode("").tag(sync=True)
    strings = traitlets.Dict().tag(sync=True)
    save_note = traitlets.Unicode("").tag(sync=True)

    def __init__(self, question, options, activity: str | None = None,
                 article_id: str | None = None, **kwargs):
        from .. import bundles

        fresh = ChoiceState(question, options)
        super().__init__(**kwargs)
        self.activity = activity
        self.article_id = article_id or bundles.current_id()
        self._saved = None
        if activity:
            self._saved = saved.open_activity(fresh, self.article_id, activity,
                                              signature=fresh.signature)
            self._state = self._saved.state
            self._saved.on_note(lambda _note: self._draw_answer())
        else:
            self._state = fresh
        self._order = tuple(range(len(self._state.options)))
        self._state.on_change(lambda _s: self._draw_answer())
        self.on_msg(self._on_custom_msg)
        i18n.follow(self, "_draw_texts")
        self._draw_texts()

    def __repr__(self) -> str:
        name = f", activity={self.activity!r}" if self.activity else ""
        return (f"Choice({localise(self._state.question, 'en')[:60]!r}, "
                f"options={len(self._state.options)}{name})")

    @property
    def question(self):
        return self._state.question

    @property
    def options(self) -> list:
        return self._state.options

    @property
    def state(self) -> ChoiceState:
        return self._state

    @property
    def session(self):
        """The saved activity behind this view (None without an ``activity`` name)."""
        return self._saved

    @property
    def answer(self) -> int | None:
        """Index of the picked option, or None."""
        return self._state.index

    @property
    def order(self) -> tuple[int, ...]:
        """The options' data indices in the order this student sees them."""
        return self._order

    def pick(self, index: int) -> str:
        """Pick option ``index`` (a data index, as in the lesson file); returns the feedback text."""
        self._state.pick(index)
        return self.feedback_text(index)

    def pick_shown(self, position: int) -> str:
        """Pick the option shown at ``position`` (0 = top), as a click would."""
        self.handle({"type": "pick", "index": position})
        return self.feedback_text(self._order[position])

    @property
    def attempts(self) -> int:
        """How many times this student has answered (saved history, else this session)."""
        if self._saved is not None:
            return sum(1 for a in self._saved.history if a.item == "choice")
        return self._state.tries

    @property
    def first_attempt(self) -> tuple[int, bool] | None:
        """``(option index, right)`` of the first answer ever given, or None."""
        if self._saved is not None:
            first = self._saved.first_attempt("choice")
            if first is not None and isinstance(first.answer, int):
                return first.answer, bool(first.correct)
        return self._state.first

    def feedback_text(self, index: int) -> str:
        """Plain-text feedback for option ``index``: verdict, then the option's reason."""
        return self._state.feedback(index)

    @property
    def feedback_line(self) -> str:
        """The feedback as the student reads it (plain text), with a save warning if any."""
        fb = self.feedback
        line = f"{fb['verdict']} {fb['reason']}" if fb else self.prompt
        return f"{line} {self.save_note}".strip() if self.save_note else line

    # -- messages --------------------------------------------------------------
    def _refuse(self, kind) -> None:
        self.feedback = {}
        self.prompt = t("tagger.bad_message", kind=repr(kind))

    def _on_pick(self, m: dict) -> None:
        position = m.get("index")
        try:
            if not isinstance(position, int) or isinstance(position, bool) \
                    or not 0 <= position < len(self._order):
                raise ActivityError(f"There is no option {position!r}.")
            self._state.pick(self._order[position])
        except ActivityError as err:
            self.prompt = str(err)

    def _on_sync(self, _m: dict) -> None:
        if self._saved is not None:
            self._saved.sync()

    # -- drawing -----------------------------------------------------------------
    def _student(self) -> str:
        if self._saved is not None:
            return self._saved.annotator
        from ..annotations import work

        return work.current_student() or ""

    def _draw_texts(self) -> None:
        with self.hold_sync():
            self._order = shuffle.order(self._student(), self.activity or "",
                                        self._state.options)
            texts = self._state.option_texts()
            self.question_text = self._state.question_text()
            self.options_text = [texts[i] for i in self._order]
            self.strings = {"region": t("choice.region")}
            self._draw_answer()

    def _draw_answer(self) -> None:
        index = self._state.index
        with self.hold_sync():
            self.index = -1 if index is None else self._order.index(index)
            if index is None:
                self.feedback = {}
            else:
                reason = self._state.reason(index)
                tries, first = self.attempts, self.first_attempt
                if tries > 1 and first is not None:
                    reason = t("choice.later_attempt", n=tries,
                               first=t("choice.first_right" if first[1] else "choice.first_wrong")
                               ) + " " + reason
                self.feedback = {"right": self._state.is_correct(index),
                                 "verdict": self._state.verdict(index),
                                 "reason": reason, "attempt": tries,
                                 "first_right": None if first is None else first[1]}
            self.prompt = t("choice.pick")
            self.save_note = self._save_warning()

    def _save_warning(self) -> str:
        """Only a problem is shown under a choice: no name yet, or a failed save."""
        if self._saved is None or self._state.index is None:
            return ""
        note = self._saved.note
        if note.kind == "no_name":
            return t("choice.not_saved")
        return note.text() if note.kind == "failed" or note.merged else ""
