"""Text for a terminal: control and bidirectional characters made visible."""

from __future__ import annotations

import unicodedata

__all__ = ["shown"]


def shown(text: object) -> str:
    """``text`` with control, format (bidi) and surrogate characters written as ``\\uXXXX``.

    Newlines and tabs inside a name would break a report's lines, so they are
    escaped too; everything else (accents, other scripts) is kept.
    """
    out = []
    for ch in str(text):
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    return "".join(out)
