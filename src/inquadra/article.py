"""The article as data: blocks, sentences with stable ids, tokens, offsets.

Every offset is a character offset (Python ``str`` index) into the verbatim
text, which is never altered. Blocks are separated by blank lines; a sentence
never crosses a blank line. Ids are stable: the headline is ``hl``, subheads are
``sh1``, ``sh2`` …, body paragraphs ``p01`` … and sentences ``p07.s2``.

The structure is built by :mod:`inquadra.structure`; articles are stored as
bundles (:mod:`inquadra.bundles`). This module joins the two:
``article.load()`` is the current article, ``article.load("example_own")``
any bundle's.
"""

from __future__ import annotations

from . import bundles
from .bundles import SEED_ID
from .structure import (
    Article,
    ArticleError,
    Block,
    Sentence,
    from_text,
    split_sentences,
    text_sha256,
    tokenize,
)

__all__ = [
    "Article",
    "Block",
    "Sentence",
    "ArticleError",
    "load",
    "from_text",
    "split_sentences",
    "tokenize",
    "text_sha256",
    "SEED_ID",
]


def load(article: bundles.Bundle | str | None = None) -> Article:
    """The Article of a bundle (an id or a Bundle); by default the current article.

    Raises:
        BundleError: no bundle has this id, or its files are wrong.
    """
    return bundles.get(article).article
