"""``StudentNameState``: the name a student's work is saved under (lesson 00).

On a JupyterHub the work is saved under the hub login (``identity``); the typed
name is shown beside it, and a typed name that is another user's login (from
the course roster) is refused.
"""

from __future__ import annotations

from .. import identity
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
            if identity.hub_user() is not None:
                identity.check_display_name(name, _roster())
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
        try:
            user = identity.hub_user()
        except identity.IdentityError as err:
            return str(err)
        if not name and user is None:
            return t("student.none", language)
        try:
            folder = str(work.work_dir())
        except (ValueError, OSError) as err:
            folder = str(err)
        if user is not None:
            return t("identity.on_hub", language, user=user, name=name or user, folder=folder)
        return t("student.current", language, name=name, folder=folder)

    @property
    def tone(self) -> str:
        """``"error"``, ``"ok"`` or ``"none"`` (no name yet), for the view's colour."""
        return "error" if self.error else ("ok" if identity.current_annotator() else "none")


def _roster() -> tuple[str, ...]:
    """The course roster's logins when a course is set (empty when none can be read)."""
    from .. import exchange

    try:
        return exchange.read_roster(exchange.course_name())
    except (ValueError, OSError):
        return ()
