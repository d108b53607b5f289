"""A matching copy of a text: NFC, plain spaces, no zero-width characters.

Text pasted from the web carries no-break spaces (U+00A0), thin spaces,
zero-width spaces and accents in decomposed form (NFD: "e" + U+0301). The rules
of the kit are written for plain text, so the pipeline matches on a normalised
copy, and :class:`Normalised` maps every offset of the copy back into the
original text, which is never altered.

- every Unicode space separator (no-break, thin, figure, ideographic …) and the
  tab become " "; line breaks are kept;
- zero-width spaces and joiners, the word joiner, the byte-order mark and the
  soft hyphen are dropped;
- the rest is composed to NFC.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Normalised", "normalise"]

_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"
_DROPPED = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_SPECIAL = re.compile(f"[{_SPACES}{_DROPPED}]")
_SPACE_TABLE = str.maketrans({ch: " " for ch in _SPACES})


@dataclass(frozen=True)
class Normalised:
    """A normalised copy of ``original`` and the way back to it.

    ``starts[k]`` / ``ends[k]`` are the original offsets of the copy's character
    ``k``; both are None when the copy is the original itself.
    """

    original: str
    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    @property
    def changed(self) -> bool:
        """Whether the copy differs from the original."""
        return self.starts is not None

    def start(self, offset: int) -> int:
        """The original offset where the copy's character ``offset`` starts."""
        if self.starts is None:
            return offset
        if offset >= len(self.starts):
            return len(self.original)
        return self.starts[offset]

    def end(self, offset: int) -> int:
        """The original offset where a span of the copy ending at ``offset`` ends."""
        if self.ends is None:
            return offset
        if offset <= 0:
            return self.starts[0] if self.starts else 0
        return self.ends[min(offset, len(self.ends)) - 1]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A span of the copy as a span of the original."""
        return self.start(start), self.end(end) if end > start else self.start(start)


def normalise(text: str) -> Normalised:
    """The matching copy of ``text`` (the text itself when nothing needs changing).

    Args:
        text (str): any text.
    Returns:
        Normalised: the copy, with offset maps when it differs from ``text``.
    """
    special = _SPECIAL.search(text) is not None
    if not special and (text.isascii() or unicodedata.is_normalized("NFC", text)):
        return Normalised(text, text)
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _DROPPED:
            i += 1
            continue
        j = i + 1  # a base character and the combining marks after it
        while j < n and unicodedata.combining(text[j]):
            j += 1
        piece = text[i:j].translate(_SPACE_TABLE)
        if j - i > 1:
            piece = unicodedata.normalize("NFC", piece)
        for k, out in enumerate(piece):
            chars.append(out)
            starts.append(i if k == 0 else min(i + k, j - 1))
            ends.append(j if k == len(piece) - 1 else min(i + k + 1, j))
        i = j
    copy = "".join(chars)
    if copy == text:
        return Normalised(text, text)
    return Normalised(text, copy, tuple(starts), tuple(ends))
