"""``StudentNameState``: the name a student's work is saved under (lesson 00)."""

from __future__ import annotations

from ..annotations import work
from ..i18n import t
from .base import Observable

__all__ = ["StudentNameState"]


class StudentNameState(Observable):
    """Set and show the student's name; a refused name keeps its reason in ``error``."""

    kind = "student"

    def __init__(self) -> None:
        super().__init__()
        self.error = ""

    def __repr__(self) -> str:
        return f"<StudentNameState {self.name!r}>"

    @property
    def name(self) -> str | None:
        """The saved name, or None."""
        return work.current_student()

    def save(self, name) -> bool:
        """Save ``name``; False (with the reason in ``error``) if it is refused or cannot be saved."""
        try:
            work.set_student(name)
        except (ValueError, OSError) as err:
            self.error = str(err)
            self._notify()
            return False
        self.error = ""
        self._notify()
        return True

    def message(self, language: str | None = None) -> str:
        """The line shown under the box, as plain text."""
        if self.error:
            return self.error
        name = self.name
        if not name:
            return t("student.none", language)
        try:
            folder = str(work.work_dir())
        except (ValueError, OSError) as err:
            folder = str(err)
        return t("student.current", language, name=name, folder=folder)

    @property
    def tone(self) -> str:
        """``"error"``, ``"ok"`` or ``"none"`` (no name yet), for the view's colour."""
        return "error" if self.error else ("ok" if self.name else "none")
