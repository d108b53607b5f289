"""Escaping for the two places outside text goes: HTML pages and the terminal.

Every renderer and every command uses these two helpers, so that a name read
from a student's file (a file name, an annotator, an activity) is shown the
same safe way everywhere:

- ``html(value)``: text for an HTML page or attribute (``&``, ``<``, ``>`` and
  both quotes escaped);
- ``terminal(value)``: text for a terminal or a plain-text report, with every
  character that is not printable escaped as Python would write it
  (``\\n``, ``\\x1b``, ``\\u202e``): control codes, bidirectional overrides,
  zero-width and other format characters, line and paragraph separators,
  unassigned code points. A newline in a file name can then never start a
  forged line of a report, nor an escape sequence recolour the screen.
"""

from __future__ import annotations

import html as _html

__all__ = ["html", "terminal", "is_unsafe"]

_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def html(value) -> str:
    """``value`` as text safe inside HTML elements and quoted attributes (None gives "")."""
    return _html.escape("" if value is None else str(value), quote=True)


def is_unsafe(ch: str) -> bool:
    """True for a character a terminal would not show as itself (see the module docstring)."""
    return ch != " " and not ch.isprintable()


def _escaped(ch: str) -> str:
    if ch in _SHORT:
        return _SHORT[ch]
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def terminal(value) -> str:
    """``value`` as text safe to print: non-printable characters escaped (space is kept)."""
    text = "" if value is None else str(value)
    if text.isprintable():
        return text
    return "".join(_escaped(ch) if is_unsafe(ch) else ch for ch in text)
