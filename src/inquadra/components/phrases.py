"""Phrases of words found by their lower-case forms, as spaCy's ``PhraseMatcher`` finds
them but walked only from the tokens that may open one.

:class:`PhraseIndex` is a trie of words. Which tokens may open a phrase is worked out for
all tokens at once, from what each distinct word can be (a phrase of one word, or the
first or second word of a longer one), so that a Doc of thousands of tokens is walked
from a few hundred of them. :func:`phrase_docs` turns a lexicon pattern (a phrase, or plain
``LOWER`` tokens) into the Docs it spells.
"""

from __future__ import annotations

import itertools
import math

import numpy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from . import token_table

__all__ = ["PhraseIndex", "as_phrases", "phrase_docs"]


#: the most word sequences a pattern may spell to be matched as phrases; a pattern of
#: several long "IN" lists spells their product, and is left to the token matcher
MAX_PHRASES = 10_000


def as_phrases(pattern) -> list[tuple[str, ...]] | None:
    """The word sequences a pattern of plain LOWER tokens spells, or None for other
    patterns (a phrase given as a string too) and for a pattern that would spell more
    than :data:`MAX_PHRASES`."""
    if isinstance(pattern, str):
        return None
    options = []
    for token in pattern:
        value = token.get("LOWER") if set(token) == {"LOWER"} else None
        if isinstance(value, str):
            options.append([value])
        elif isinstance(value, dict) and set(value) == {"IN"}:
            options.append(list(value["IN"]))
        else:
            return None
    if math.prod(len(o) for o in options) > MAX_PHRASES:
        return None
    return list(itertools.product(*options))


def phrase_docs(nlp, pattern) -> list[Doc] | None:
    """The Docs a lexicon pattern spells, to match as ``PhraseMatcher(attr="LOWER")``
    matches: a phrase given as a string is tokenised as a text is; a pattern of plain
    LOWER tokens gives one token a pattern token, as the token matcher reads it (so "l’"
    stays one token, as in the "l’avvertimento" it is to match, where "l’ avvertimento"
    tokenised as text would split it); None for other patterns."""
    if isinstance(pattern, str):
        return [nlp.make_doc(pattern.lower())]
    sequences = as_phrases(pattern)
    if sequences is None:
        return None
    return [Doc(nlp.vocab, words=list(words)) for words in sequences]


class PhraseIndex:
    """Phrases (token sequences, compared by lower-case form) and their match keys, found
    in a Doc as spaCy's ``PhraseMatcher(attr="LOWER")`` finds them, in the same order.

    Like the matcher, a trie of words, walked from every token that may open a phrase;
    but which tokens may is worked out for all tokens at once, from what each distinct
    word can be (:meth:`TokenTable.per_word`): a phrase of one word, or the first or
    second word of a longer one. Matches come as the matcher gives them: by start, then
    by end; the keys of a phrase added under several keys come in the matcher's own
    order, read from it when the index is built.
    """

    _KEYS = None  # a trie node's entry for the keys of the phrase that ends there

    def __init__(self, matcher: PhraseMatcher, patterns: list[tuple[str, list[Doc]]]):
        self.trie: dict = {}
        for key, docs in patterns:
            key_id = matcher.vocab.strings[key]
            for d in docs:
                if not len(d):
                    continue
                node = self.trie
                for token in d:
                    node = node.setdefault(token.lower_, {})
                keys = node.setdefault(self._KEYS, [])
                if key_id not in keys:
                    keys.append(key_id)
                    if len(keys) > 1:  # the order the matcher gives them in
                        keys[:] = [k for k, start, end in matcher(d)
                                   if start == 0 and end == len(d)]

        self._alone = frozenset(w for w, node in self.trie.items() if self._KEYS in node)
        self._first = frozenset(w for w, node in self.trie.items() if len(node) > (
            self._KEYS in node))
        self._second = frozenset(w for node in self.trie.values() for w in node
                                 if w is not self._KEYS)

    # the rules asked of every distinct word (a TokenTable word)
    def _is_alone(self, word) -> bool:
        return word.lower in self._alone

    def _is_first(self, word) -> bool:
        return word.lower in self._first

    def _is_second(self, word) -> bool:
        return word.lower in self._second

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """``(match key, start, end)`` of every phrase in ``doc``."""
        t = token_table(doc)
        low, n = t.lower, len(doc)
        found = []
        if not n:
            return found
        may_open = t.per_word(self._is_alone)
        may_open[:-1] |= t.per_word(self._is_first)[:-1] & t.per_word(self._is_second)[1:]
        for i in numpy.flatnonzero(may_open).tolist():
            node, j = self.trie[low[i]], i + 1
            while True:
                for key in node.get(self._KEYS, ()):
                    found.append((key, i, j))
                if j >= n:
                    break
                node = node.get(low[j])
                if node is None:
                    break
                j += 1
        return found
