"""``StudentName``: the box where a student sets the name their work is saved under."""

from __future__ import annotations

import html

import ipywidgets

from .. import i18n
from ..i18n import t

__all__ = ["StudentName"]


class StudentName(ipywidgets.VBox):
    """Ask once for a name or pseudonym (a text box and a Save button).

    Shows the saved name and the work folder when a name is set; refuses a bad
    name with the reason given by ``work.set_student``.
    """

    def __init__(self, **kwargs):
        self._prompt = ipywidgets.HTML()
        self._text = ipywidgets.Text(continuous_update=False)
        self._button = ipywidgets.Button(icon="check")
        self._message = ipywidgets.HTML()
        super().__init__(
            [self._prompt, ipywidgets.HBox([self._text, self._button]), self._message], **kwargs
        )
        self.add_class("iq-student")
        self._button.on_click(lambda _b: self.save(self._text.value))
        self._text.observe(self._submitted, names="value")
        i18n.follow(self, "_draw")
        self._error = ""
        self._draw()

    def __repr__(self) -> str:
        return "StudentName()"

    @property
    def name(self) -> str | None:
        """The saved name, or None."""
        from ..annotations import work

        return work.current_student()

    def save(self, name: str) -> bool:
        """Save ``name`` as the student's name; False (with the reason shown) if refused."""
        from ..annotations import work

        try:
            work.set_student(name)
        except (ValueError, OSError) as err:
            self._error = str(err)
            self._draw()
            return False
        self._error = ""
        # The box keeps the name: a click on Save often arrives just after the box's own
        # change (leaving the box sends its value first), and must find the name still there.
        self._draw()
        return True

    def _submitted(self, change) -> None:
        if change["new"].strip():
            self.save(change["new"])

    @property
    def message(self) -> str:
        """The line shown under the box, as plain text."""
        from ..annotations import work

        if self._error:
            return self._error
        name = self.name
        if not name:
            return t("student.none")
        try:
            folder = str(work.work_dir())
        except (ValueError, OSError) as err:
            folder = str(err)
        return t("student.current", name=name, folder=folder)

    def _draw(self) -> None:
        self._prompt.value = html.escape(t("student.prompt"))
        self._text.placeholder = t("student.placeholder")
        self._button.description = t("student.save")
        colour = "#9b1c1c" if self._error else ("#2f7d32" if self.name else "#8a4b00")
        self._message.value = (
            f'<div role="status" style="color:{colour}">{html.escape(self.message)}</div>'
        )
