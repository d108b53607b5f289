"""``Choice``: a multiple-choice question that explains every option at once.

A view over :class:`~inquadra.activities.choice.ChoiceState`. Feedback names
why an answer is right or wrong (the option's explanation), in the current
language. The options are a radio group: a click or the arrow keys choose.
With an ``activity`` name the answer is saved (every pick is an attempt in the
history) and restored when the widget is made again.
"""

from __future__ import annotations

import pathlib

import anywidget
import traitlets

from .. import i18n, saved
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

    def pick(self, index: int) -> str:
        """Pick option ``index`` (as a click would); returns the feedback text."""
        self.handle({"type": "pick", "index": index})
        return self.feedback_text(index)

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
        try:
            self._state.pick(m.get("index"))
        except ActivityError as err:
            self.prompt = str(err)

    def _on_sync(self, _m: dict) -> None:
        if self._saved is not None:
            self._saved.sync()

    # -- drawing -----------------------------------------------------------------
    def _draw_texts(self) -> None:
        with self.hold_sync():
            self.question_text = self._state.question_text()
            self.options_text = self._state.option_texts()
            self.strings = {"region": t("choice.region")}
            self._draw_answer()

    def _draw_answer(self) -> None:
        index = self._state.index
        with self.hold_sync():
            self.index = -1 if index is None else index
            if index is None:
                self.feedback = {}
            else:
                self.feedback = {"right": self._state.is_correct(index),
                                 "verdict": self._state.verdict(index),
                                 "reason": self._state.reason(index)}
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
