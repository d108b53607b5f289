"""The article's structure: blocks, sentences with stable ids, tokens, offsets.

Every offset is a character offset (Python ``str`` index) into the verbatim
text, which is never altered. Blocks are separated by blank lines; a sentence
never crosses a blank line. Ids are stable: the headline is ``hl``, subheads are
``sh1``, ``sh2`` …, body paragraphs ``p01`` … and sentences ``p07.s2``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Iterator

from .errors import InquadraError

__all__ = [
    "Article",
    "Block",
    "Sentence",
    "ArticleError",
    "from_text",
    "split_sentences",
    "tokenize",
    "text_sha256",
    "block_break",
    "splits_at_lines",
]

_BLOCK_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LINE_BREAK = re.compile(r"[ \t\r\f\v]*\n\s*")
_LINE_END = re.compile(r"[.!?…:;”»\"'’)\]]\s*$")
# A sentence ends at . ! ? or … (plus closing quotes/brackets) before white
# space and then, after any opening quote, a letter that is not lower case (a
# capital, or a letter of a script without case, such as Tamil or Chinese).
_SENT_END = re.compile(r"[.!?…]+[”»\"’)\]]*(?=\s+[“«\"(\[]?(\w))")
_SUBHEAD_MAX = 60
_HEADLINE_MAX = 200


class ArticleError(InquadraError):
    """The text cannot be read as an article; the message says how to fix it."""


@dataclass(frozen=True)
class Sentence:
    """One sentence: a stable id and its character span in the article text."""

    id: str
    block_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Block:
    """A headline, a subhead or a body paragraph."""

    id: str
    kind: str  # "headline" | "subhead" | "paragraph"
    number: int  # 1-based within its kind
    start: int
    end: int
    text: str
    sentences: tuple[Sentence, ...] = field(repr=False)


@dataclass(frozen=True, eq=False)
class Article:
    """An article: its verbatim text, metadata and structure."""

    id: str
    text: str
    meta: dict = field(repr=False, compare=False)
    blocks: tuple[Block, ...] = field(repr=False)

    def __repr__(self) -> str:
        return f"<Article {self.id}: {len(self.paragraphs)} paragraphs, {len(self.text)} characters>"

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)

    @property
    def headline(self) -> Block | None:
        return next((b for b in self.blocks if b.kind == "headline"), None)

    @property
    def subheads(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.kind == "subhead")

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.kind == "paragraph")

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for b in self.blocks for s in b.sentences)

    def block(self, block_id: str) -> Block:
        """The block with this id (``hl``, ``sh1``, ``p07``)."""
        for b in self.blocks:
            if b.id == block_id:
                return b
        known = ", ".join(b.id for b in self.blocks)
        raise KeyError(f"No block {block_id!r} in article {self.id}. Known ids: {known}.")

    def sentence(self, sentence_id: str) -> Sentence:
        """The sentence with this id (``p07.s2``)."""
        for s in self.sentences:
            if s.id == sentence_id:
                return s
        raise KeyError(
            f"No sentence {sentence_id!r} in article {self.id}. "
            "Sentence ids look like 'p07.s2' (paragraph 7, sentence 2)."
        )

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing a character offset, or None (between blocks)."""
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None

    def find(self, needle: str, occurrence: int = 1) -> tuple[int, int]:
        """Offsets of the n-th occurrence (1-based) of ``needle`` in the text."""
        pos = -1
        for _ in range(occurrence):
            pos = self.text.find(needle, pos + 1)
            if pos < 0:
                raise ArticleError(
                    f"{needle!r} occurs fewer than {occurrence} time(s) in article {self.id}."
                )
        return pos, pos + len(needle)

    @cached_property
    def tokens(self) -> tuple[tuple[int, int], ...]:
        """(start, end) of every non-space token, from spaCy's Italian tokenizer."""
        return tokenize(self.text)

    def iter_units(self) -> Iterator[tuple[Block, Sentence]]:
        for b in self.blocks:
            for s in b.sentences:
                yield b, s


def text_sha256(text: str) -> str:
    """SHA-256 of the UTF-8 encoded text, as hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans (start, end) within ``text[start:end]``, stripped of spaces."""
    end = len(text) if end is None else end
    bounds: list[tuple[int, int]] = []
    cursor = start
    for m in _SENT_END.finditer(text, start, end):
        nxt = m.group(1)
        if not nxt.isalpha() or nxt.islower():
            continue
        before = text[max(start, m.start() - 2) : m.start()]
        # "G. Rossi": a lone capital before the full stop is an initial, not an end.
        if len(before) == 2 and before[1].isupper() and not before[0].isalnum():
            continue
        bounds.append((cursor, m.end()))
        cursor = m.end()
    bounds.append((cursor, end))
    return _stripped(text, bounds)


def _stripped(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans without leading and trailing white space; empty ones dropped."""
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def splits_at_lines(text: str) -> bool:
    """Whether ``text`` has its paragraphs on single lines, as pasted from a web page.

    True when no blank line separates anything, there are at least two lines, and
    fewer than half of the line breaks fall inside a sentence: after a line that does
    not end like one, before a line that opens in lower case. A hard-wrapped text, whose
    lines end mid-sentence, stays one paragraph; a page's short lines without final
    punctuation (a byline, "Leggi anche", a caption) break before a capital, so they do
    not make it one.
    """
    stripped = text.strip()
    if "\n" not in stripped or _BLOCK_BREAK.search(stripped):
        return False
    lines = [ln.strip() for ln in stripped.splitlines() if ln.strip()]
    if len(lines) < 2:
        return False
    inside = sum(1 for ln, after in zip(lines, lines[1:])
                 if not _LINE_END.search(ln) and after[:1].islower())
    return 2 * inside < len(lines) - 1


def block_break(text: str) -> re.Pattern:
    """The pattern that separates the blocks of ``text``: a blank line, or a line break
    when :func:`splits_at_lines` says the text has one paragraph a line."""
    return _LINE_BREAK if splits_at_lines(text) else _BLOCK_BREAK


def _block_spans(text: str) -> list[tuple[int, int]]:
    spans, cursor = [], 0
    for m in block_break(text).finditer(text):
        spans.append((cursor, m.start()))
        cursor = m.end()
    spans.append((cursor, len(text)))
    return _stripped(text, spans)


def _is_heading(chunk: str, limit: int) -> bool:
    return "\n" not in chunk and len(chunk) <= limit and chunk[-1] not in ".!?…:;,”»\""


def from_text(text: str, article_id: str = "article", meta: dict | None = None) -> Article:
    """Build an Article from any text: blocks split at blank lines.

    A text without blank lines whose lines end like sentences is split at its line
    breaks instead, and ``meta["paragraph_breaks"]`` is ``"line"`` (else ``"blank"``)
    so that a report can say so.

    The first block is the headline when it is one line without final
    punctuation; later short one-line blocks without final punctuation are
    subheads; everything else is a body paragraph.
    """
    if not isinstance(text, str):
        raise ArticleError(f"Expected the article as text (str), got {type(text).__name__}.")
    if not text.strip():
        raise ArticleError("The article is empty. Paste or load a text with at least one sentence.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise ArticleError(
            f"The text holds a broken character (a lone surrogate, U+{ord(text[err.start]):04X}) at "
            f"position {err.start}; it is not valid Unicode. Copy the text again from its source."
        ) from None
    blocks: list[Block] = []
    counts = {"headline": 0, "subhead": 0, "paragraph": 0}
    spans = _block_spans(text)
    for i, (s, e) in enumerate(spans):
        chunk = text[s:e]
        if i == 0 and _is_heading(chunk, _HEADLINE_MAX) and len(spans) > 1:
            kind, prefix = "headline", "hl"
        elif i > 0 and _is_heading(chunk, _SUBHEAD_MAX):
            kind, prefix = "subhead", "sh"
        else:
            kind, prefix = "paragraph", "p"
        counts[kind] += 1
        n = counts[kind]
        block_id = "hl" if kind == "headline" else f"{prefix}{n:02d}" if kind == "paragraph" else f"{prefix}{n}"
        sentences = tuple(
            Sentence(f"{block_id}.s{k}", block_id, ss, se, text[ss:se])
            for k, (ss, se) in enumerate(split_sentences(text, s, e), start=1)
        )
        blocks.append(Block(block_id, kind, n, s, e, chunk, sentences))
    meta = dict(meta or {})
    meta["paragraph_breaks"] = "line" if splits_at_lines(text) else "blank"
    return Article(article_id, text, meta, tuple(blocks))


@lru_cache(maxsize=1)
def _tokenizer():
    import spacy

    from .punctuation_guard import guard  # long punctuation runs stay linear

    return guard(spacy.blank("it").tokenizer)


def tokenize(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each non-whitespace token of spaCy's blank Italian tokenizer."""
    doc = _tokenizer()(text)
    return tuple((t.idx, t.idx + len(t.text)) for t in doc if not t.is_space)
