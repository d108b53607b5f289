"""``Choice``: a multiple-choice question that explains every option at once.

Feedback names why an answer is right or wrong (the option's explanation), in
the current language. With an ``activity`` name the answer is saved in the
student's work folder and restored when the widget is made again.
"""

from __future__ import annotations

import html

import ipywidgets

from .. import i18n
from ..i18n import localise, t

__all__ = ["Choice", "field", "localise"]


def field(item, name: str, default=None):
    """``item[name]`` for a dict, ``item.name`` for any other object, else ``default``."""
    if isinstance(item, dict):
        return item.get(name, default)
    return getattr(item, name, default)


def _save_answer(activity: str, payload: dict) -> bool:
    """Save for the current student; False when no name is set or saving fails."""
    from ..annotations import work
    from .. import bundles

    name = work.current_student()
    if not name:
        return False
    try:
        work.save_activity(name, bundles.current_id(), activity, payload)
    except (ValueError, OSError):
        return False
    return True


def _load_answer(activity: str) -> dict | None:
    from ..annotations import work
    from .. import bundles

    name = work.current_student()
    try:
        return work.load_activity(name, bundles.current_id(), activity) if name else None
    except (ValueError, OSError):
        return None


class Choice(ipywidgets.VBox):
    """A question with options; picking one shows whether it is right and why.

    Args:
        question (str | dict): the question, or ``{"en": ..., "it": ...}``.
        options (list): dicts (or objects) with ``text`` (str or en/it dict),
            ``correct`` (bool) and ``explanation`` (str or en/it dict).
        activity (str | None): save the answer under this name (needs a student name).
    """

    def __init__(self, question, options, activity: str | None = None, **kwargs):
        options = list(options)
        if len(options) < 2:
            raise ValueError(f"A choice needs at least two options, got {len(options)}.")
        if not any(bool(field(o, "correct", False)) for o in options):
            raise ValueError("A choice needs at least one option marked correct: true.")
        self.question = question
        self.options = options
        self.activity = activity
        self._question = ipywidgets.HTML()
        self._buttons = ipywidgets.RadioButtons(options=[], value=None,
                                                layout=ipywidgets.Layout(width="auto"))
        self._feedback = ipywidgets.HTML()
        super().__init__([self._question, self._buttons, self._feedback], **kwargs)
        self.add_class("iq-choice")
        self._draw_texts()
        saved = _load_answer(activity) if activity else None
        index = field(saved or {}, "choice")
        if isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(options):
            self._buttons.index = index
            self._show_feedback(index)
        self._buttons.observe(self._picked, names="index")
        i18n.follow(self, "_draw_texts")

    def __repr__(self) -> str:
        name = f", activity={self.activity!r}" if self.activity else ""
        return f"Choice({localise(self.question, 'en')[:60]!r}, options={len(self.options)}{name})"

    @property
    def answer(self) -> int | None:
        """Index of the picked option, or None."""
        return self._buttons.index

    def pick(self, index: int) -> str:
        """Pick option ``index`` (as a click would); returns the feedback text."""
        self._buttons.index = index
        return self.feedback_text(index)

    def feedback_text(self, index: int) -> str:
        """Plain-text feedback for option ``index``: verdict, then the option's reason."""
        option = self.options[index]
        verdict = t("choice.right") if field(option, "correct", False) else t("choice.wrong")
        reason = localise(field(option, "explanation"))
        return f"{verdict} {reason}".strip()

    # -- private ----------------------------------------------------------------
    def _draw_texts(self) -> None:
        self._question.value = f"<b>{html.escape(localise(self.question))}</b>"
        index = self._buttons.index
        labels = [localise(field(o, "text")) for o in self.options]
        # RadioButtons needs unique labels; number them so duplicates stay apart.
        self._buttons.options = [(f"{n}. {text}", n - 1) for n, text in enumerate(labels, 1)]
        self._buttons.value = index
        if index is None:
            self._feedback.value = f"<i>{html.escape(t('choice.pick'))}</i>"
        else:
            self._show_feedback(index)

    def _show_feedback(self, index: int) -> None:
        right = bool(field(self.options[index], "correct", False))
        colour = "#2f7d32" if right else "#b45309"
        mark = "✔" if right else "✘"
        verdict = t("choice.right") if right else t("choice.wrong")
        reason = localise(field(self.options[index], "explanation")) or verdict
        # Explanations open with their own verdict; the mark (and a hidden word) carry ours.
        self._feedback.value = (
            f'<div style="border-left:4px solid {colour};padding:0.2em 0.5em" role="status">'
            f'<span style="position:absolute;left:-9999px">{html.escape(verdict)}</span>'
            f"{mark} {html.escape(reason)}</div>"
        )

    def _picked(self, change) -> None:
        index = change["new"]
        if index is None:
            return
        self._show_feedback(index)
        if self.activity:
            right = bool(field(self.options[index], "correct", False))
            if not _save_answer(self.activity, {"choice": index, "correct": right}):
                self._feedback.value += f"<small><i>{html.escape(t('choice.not_saved'))}</i></small>"

