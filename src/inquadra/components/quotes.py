"""Quotations in “…”, «…», "…" and '' … '', written to ``doc.spans["quotes"]``.

Two apostrophes ('' … '') are how Italian wires, typed on keyboards without
curly quotes, mark a quotation. An opening mark without its closing mark ends at
the end of its paragraph (a blank line, or a line break in a text that has one
paragraph a line: :func:`inquadra.article.block_break`); such a span has
``span._.unbalanced == True``. A quotation never crosses a paragraph break.
Spans include the quotation marks.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import structure as _article
from . import register_extensions, set_span_extensions, token_table

__all__ = ["Quotes", "make_quotes", "find_quotes"]

_MARKS = re.compile(r"''|[“”«»\"]|\n[ \t\r\f\v]*\n|\n")
_PAIRS = {"“": "”", "«": "»"}
_CLOSERS = {"”": "“", "»": "«"}


def find_quotes(text: str) -> list[tuple[int, int, bool]]:
    """Quotations in ``text`` as (start, end, unbalanced), character offsets.

    Args:
        text (str): any text.
    Returns:
        list[tuple[int, int, bool]]: spans including the marks, in text order.
    """
    found: list[tuple[int, int, bool]] = []
    by_line = _article.splits_at_lines(text)
    stack: list[tuple[str, int]] = []  # (opening mark, offset)

    def close_paragraph(end: int) -> None:
        if stack:
            found.append((stack[0][1], end, True))
        stack.clear()

    for m in _MARKS.finditer(text):
        mark = m.group()
        if mark[0] == "\n":
            if by_line or len(mark) > 1:
                close_paragraph(m.start())
            continue
        if mark in _PAIRS:
            stack.append((mark, m.start()))
        elif mark in _CLOSERS:
            opener = _CLOSERS[mark]
            idx = next((i for i in range(len(stack) - 1, -1, -1) if stack[i][0] == opener), None)
            if idx is None:
                continue  # a stray closing mark: nothing to pair it with
            start = stack[idx][1]
            del stack[idx:]
            if not stack:
                found.append((start, m.end(), False))
        else:  # straight double quote or two apostrophes: opens or closes
            if stack and stack[-1][0] == mark:
                start = stack.pop()[1]
                if not stack:
                    found.append((start, m.end(), False))
            else:
                stack.append((mark, m.start()))
    end = len(text.rstrip())
    close_paragraph(end)
    found.sort()
    return found


class Quotes:
    """Find quotations, then write them onto the Doc as a span group."""

    def __init__(self, nlp: Language, name: str = "inquadra_quotes", spans_key: str = "quotes"):
        self.name = name
        self.spans_key = spans_key
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[tuple[Span, bool]]:
        """Quotation spans of the Doc with their 'unbalanced' flag."""
        out = []
        table = token_table(doc)
        for start, end, unbalanced in find_quotes(table.doc_text):
            bounds = table.expand(start, end)  # as doc.char_span(…, alignment_mode="expand")
            if bounds is not None and bounds[1] > bounds[0]:
                out.append((Span(doc, bounds[0], bounds[1], label="QUOTE"), unbalanced))
        return out

    def set_annotations(self, doc: Doc, matches: list[tuple[Span, bool]]) -> None:
        """Write the quotations to ``doc.spans[spans_key]``."""
        spans = []
        for span, unbalanced in matches:
            set_span_extensions(span, {"unbalanced": unbalanced})
            spans.append(span)
        doc.spans[self.spans_key] = spans


@Language.factory("inquadra_quotes", default_config={"spans_key": "quotes"})
def make_quotes(nlp: Language, name: str, spans_key: str) -> Quotes:
    """Factory of the quotation finder."""
    return Quotes(nlp, name, spans_key)
