"""``StudentName``: the box where a student sets the name their work is saved under.

A view over :class:`~inquadra.activities.student.StudentNameState`; the text
box and the button send ``{"type": "save", "name": ...}`` to :meth:`handle`.
"""

from __future__ import annotations

import html

import ipywidgets

from .. import i18n
from ..activities.student import StudentNameState
from ..i18n import t
from .view import ActivityView

__all__ = ["StudentName"]

_COLOURS = {"error": "#9b1c1c", "ok": "#2f7d32", "none": "#8a4b00"}


class StudentName(ActivityView, ipywidgets.VBox):
    """Ask once for a name or pseudonym (a text box and a Save button).

    Shows the saved name and the work folder when a name is set; refuses a bad
    name with the reason given by ``work.set_student``.
    """

    HANDLERS = {"save": "_on_save"}

    def __init__(self, **kwargs):
        self._state = StudentNameState()
        self._prompt = ipywidgets.HTML()
        self._text = ipywidgets.Text(continuous_update=False)
        self._button = ipywidgets.Button(icon="check")
        self._message = ipywidgets.HTML()
        super().__init__(
            [self._prompt, ipywidgets.HBox([self._text, self._button]), self._message], **kwargs
        )
        self.add_class("iq-student")
        self._button.on_click(lambda _b: self.handle({"type": "save", "name": self._text.value}))
        self._text.observe(self._submitted, names="value")
        self._state.on_change(lambda _s: self._draw())
        i18n.follow(self, "_draw")
        self._draw()

    def __repr__(self) -> str:
        return "StudentName()"

    @property
    def state(self) -> StudentNameState:
        return self._state

    @property
    def name(self) -> str | None:
        """The saved name, or None."""
        return self._state.name

    def save(self, name: str) -> bool:
        """Save ``name`` as the student's name; False (with the reason shown) if refused."""
        return self._state.save(name)

    @property
    def message(self) -> str:
        """The line shown under the box, as plain text."""
        return self._state.message()

    def _refuse(self, kind) -> None:
        self._state.error = t("tagger.bad_message", kind=repr(kind))
        self._draw()

    def _on_save(self, m: dict) -> None:
        # The box keeps the name: a click on Save often arrives just after the box's own
        # change (leaving the box sends its value first), and must find the name still there.
        self._state.save(m.get("name"))

    def _submitted(self, change) -> None:
        if change["new"].strip():
            self.handle({"type": "save", "name": change["new"]})

    def _draw(self) -> None:
        self._prompt.value = html.escape(t("student.prompt"))
        self._text.placeholder = t("student.placeholder")
        self._button.description = t("student.save")
        self._message.value = (
            f'<div role="status" style="color:{_COLOURS[self._state.tone]}">'
            f"{html.escape(self.message)}</div>"
        )
