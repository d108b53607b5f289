"""Text for a terminal: control and bidirectional characters shown as escapes.

A title, a file name or a student's name read from a file could hold an
escape sequence that recolours or clears the terminal, or a right-to-left
override that makes the line read differently from what it holds. Such
characters are printed as ``\\u202e``-style escapes instead.
"""

from __future__ import annotations

import unicodedata

__all__ = ["safe"]

_UNSAFE = ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")


def safe(text: object) -> str:
    """``str(text)`` with every control, format (bidirectional, zero-width), surrogate,
    private-use and line/paragraph separator character escaped as ``\\xNN`` or ``\\uNNNN``."""
    out = []
    for ch in str(text):
        if unicodedata.category(ch) in _UNSAFE:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    return "".join(out)
