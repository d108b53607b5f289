"""``HandInButton``: the button at the end of a lesson that hands in the student's saved work."""

from __future__ import annotations

import html

import ipywidgets

from .. import i18n
from ..errors import InquadraError
from ..i18n import t

__all__ = ["HandInButton"]


class HandInButton(ipywidgets.VBox):
    """A button and a receipt line, a view over ``exchange.hand_in``.

    Args:
        activity: what the hand-in is for (the exchange's ``<activity>``), e.g. ``"lesson06"``.
        course: the course (default ``$INQUADRA_COURSE``).
        exchange: the exchange folder (default ``$INQUADRA_EXCHANGE``).
    """

    def __init__(self, activity: str = "inquadra", course: str | None = None,
                 exchange: str | None = None, **kwargs):
        self.activity = activity
        self._course = course
        self._exchange = exchange
        self.receipt = None
        self._error = None
        self._button = ipywidgets.Button(icon="paper-plane")
        self._message = ipywidgets.HTML()
        super().__init__([self._button, self._message], **kwargs)
        self.add_class("iq-hand-in")
        self._button.on_click(lambda _b: self.hand_in())
        i18n.follow(self, "_draw")
        self._draw()

    def __repr__(self) -> str:
        return f"HandInButton({self.activity!r})"

    def _course_name(self) -> str | None:
        from .. import exchange

        try:
            return exchange.course_name(self._course)
        except exchange.ExchangeError:
            return None

    def hand_in(self):
        """Hand in now; returns the receipt, or None (the reason is shown)."""
        from .. import exchange

        try:
            self.receipt = exchange.hand_in(self._course, self._exchange, self.activity)
            self._error = None
        except (ValueError, OSError) as err:
            self.receipt = None
            self._error = err
        self._draw()
        return self.receipt

    @property
    def message(self) -> str:
        """The line under the button, as plain text."""
        if self._error is not None:
            err = self._error
            reason = err.text() if isinstance(err, InquadraError) else str(err)
            return t("hand_in.failed", reason=reason)
        r = self.receipt
        if r is not None:
            text = t("hand_in.done", n=len(r.files), user=r.user, course=r.course,
                     time=f"{r.timestamp[9:11]}:{r.timestamp[11:13]}", receipt=r.digest)
            if r.skipped:
                text += " " + t("hand_in.left_out", names=", ".join(n for n, _ in r.skipped))
            for warning in r.warnings:
                text += " " + warning
            return text
        course = self._course_name()
        return t("hand_in.ready", course=course) if course else t("hand_in.no_course")

    def _draw(self) -> None:
        self._button.description = t("hand_in.button")
        self._button.disabled = self._course_name() is None
        colour = "#9b1c1c" if self._error is not None else ("#2f7d32" if self.receipt else "#333")
        self._message.value = (
            f'<div role="status" style="color:{colour}">{html.escape(self.message)}</div>'
        )
