"""The one base class of the kit's errors.

Every error raised on bad input (a file, a name, an id, an answer) derives from
:class:`InquadraError`, so the ``inquadra`` command catches it once and prints
its message; code that already catches ``ValueError`` keeps working.
"""

from __future__ import annotations

__all__ = ["InquadraError"]


class InquadraError(ValueError):
    """Bad input the kit can explain: the message says what was wrong, where, and how to fix it."""
