"""A guard that keeps spaCy's tokenizer linear on long runs of punctuation.

spaCy's rule-based tokenizer strips prefixes and suffixes from a
whitespace-free chunk one at a time, re-searching the rest of the chunk each
time: on a run of n quotation marks (``““““…``) that is about n² work, so
16,000 of them took seconds and 100,000 minutes. A text pasted from the web or
typed to stall the kit can hold such a run.

``guard(tokenizer)`` wraps a tokenizer: a text without a run of at least
``RUN`` punctuation characters (neither letters, digits, ``_`` nor spaces) is
tokenised exactly as before; in a text with runs, each run becomes one token
per character and the text between runs goes through the tokenizer as
usual. The Doc's text is always the input text, character for character, so
offsets never move. The work is linear in the length of the text.
"""

from __future__ import annotations

import re

__all__ = ["RUN", "GuardedTokenizer", "guard", "runs"]

#: The shortest run of punctuation split by the guard (shorter runs cost little).
RUN = 32
_RUN = re.compile(r"[^\w\s]{%d,}" % RUN)


def runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every run of ``RUN`` or more punctuation characters in ``text``."""
    # a run has no space in it: a text whose chunks between spaces are all shorter has none
    # (splitting is much quicker than searching every character)
    if max(map(len, text.split()), default=0) < RUN:
        return []
    return [m.span() for m in _RUN.finditer(text)]


class GuardedTokenizer:
    """A tokenizer that splits long punctuation runs before the wrapped one sees them.

    Attributes other than ``__call__`` and ``pipe`` (``vocab``, ``rules``,
    ``to_disk`` …) are the wrapped tokenizer's.
    """

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __getattr__(self, name):
        return getattr(self.__dict__["tokenizer"], name)

    def __call__(self, text: str):
        found = runs(text) if len(text) >= RUN else []
        if not found:
            return self.tokenizer(text)
        from spacy.tokens import Doc

        words: list[str] = []
        spaces: list[bool] = []
        cursor = 0
        for start, end in found:
            self._tokenise(text[cursor:start], words, spaces)
            words.extend(text[start:end])
            spaces.extend([False] * (end - start))
            cursor = end
            if text.startswith(" ", end):  # one space after the run belongs to its last token
                spaces[-1] = True
                cursor = end + 1
        self._tokenise(text[cursor:], words, spaces)
        return Doc(self.tokenizer.vocab, words=words, spaces=spaces)

    def _tokenise(self, piece: str, words: list[str], spaces: list[bool]) -> None:
        if not piece:
            return
        for token in self.tokenizer(piece):
            words.append(token.text)
            spaces.append(bool(token.whitespace_))

    def pipe(self, texts, batch_size: int = 1000):
        """Tokenise a stream of texts, one Doc each (as spaCy's ``Tokenizer.pipe``)."""
        for text in texts:
            yield self(text)

    def __repr__(self) -> str:
        return f"GuardedTokenizer({self.tokenizer!r})"


def guard(tokenizer) -> GuardedTokenizer:
    """``tokenizer`` wrapped by a :class:`GuardedTokenizer` (never wrapped twice)."""
    if isinstance(tokenizer, GuardedTokenizer):
        return tokenizer
    return GuardedTokenizer(tokenizer)
