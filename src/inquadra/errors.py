"""The one base class of the kit's errors.

Every error raised on bad input (a file, a name, an id, an answer) derives from
:class:`InquadraError`, so the ``inquadra`` command catches it once and prints
its message; code that already catches ``ValueError`` keeps working.

An error a learner reads is made with :meth:`InquadraError.keyed` from a
message key of ``data/strings/`` and its values: ``str(err)`` is the message
in the language current when it was raised, and ``err.text(language)`` gives
it again in any language (a widget shown before a language switch follows it).

In a notebook such an error shows its message alone, not a traceback: IPython
asks an exception for ``_render_traceback_()`` before it formats the stack, so a
learner who typed a wrong value in a cell reads one message saying what to change.
"""

from __future__ import annotations

__all__ = ["InquadraError", "use_messages"]

_messages: list = []


def use_messages(t) -> None:
    """Read message keys with ``t(key, language, **values)``; :mod:`inquadra.i18n` calls this on import
    (the package imports it first), so this module needs no import of its own and makes no circle."""
    _messages[:] = [t]


class InquadraError(ValueError):
    """Bad input the kit can explain: the message says what was wrong, where, and how to fix it."""

    key: str | None = None
    values: dict = {}

    @classmethod
    def keyed(cls, key: str, **values: object) -> InquadraError:
        """The error whose message is the string ``key`` formatted with ``values``."""
        shown = {k: v.text() if callable(getattr(v, "text", None)) else v for k, v in values.items()}
        err = cls(_messages[0](key, None, **shown))
        err.key, err.values = key, dict(values)
        return err

    def text(self, language: str | None = None) -> str:
        """The message in ``language`` (default: the current one)."""
        if self.key is None:
            return str(self)
        values = {k: v.text(language) if callable(getattr(v, "text", None)) else v
                  for k, v in self.values.items()}
        return _messages[0](self.key, language, **values)

    def _render_traceback_(self) -> list[str]:
        """What IPython shows when this error ends a notebook cell: the message, no stack."""
        return [f"{type(self).__name__}: {self}"]
