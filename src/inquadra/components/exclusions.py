"""Framing hits that their own lexicon entry rules out, and hits inside longer hits.

An entry of the framing lexicon may list ``unless_next``: words that, right after
the term, make it name something else ("guerra" names the war, "guerra fredda"
and "guerra mondiale" other wars). A hit inside a longer hit ("guerra" inside
"guerra di Putin", "egemonia" inside "egemonia globale") is dropped too, so
every place counts once, under its most specific entry.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from . import lexicon_path, read_lexicon

__all__ = ["FramingExclusions", "make_framing_exclusions"]


class FramingExclusions:
    """Drop the framing hits that an entry's ``unless_next`` or a longer hit rules out."""

    def __init__(self, nlp: Language, name: str = "framing_exclusions",
                 framing_path: str | None = None, spans_key: str = "framing"):
        self.name, self.spans_key = name, spans_key
        self.unless: dict[str, set[str]] = {}
        for entry in read_lexicon(lexicon_path("framing", framing_path)):
            words = entry.get("unless_next")
            if words:
                self.unless.setdefault(entry["id"], set()).update(w.lower() for w in words)

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans.get(self.spans_key, []))
        if not spans:
            return doc
        kept = [s for s in spans if not self._ruled_out(doc, s)]
        inner = _inside_longer([(s.start, s.end) for s in kept])
        kept = [s for s in kept if (s.start, s.end) not in inner]
        if len(kept) != len(spans):
            doc.spans[self.spans_key] = kept
        return doc

    def _ruled_out(self, doc: Doc, span) -> bool:
        words = self.unless.get(span.id_)
        return bool(words) and span.end < len(doc) and doc[span.end].lower_ in words


def _inside_longer(bounds: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The (start, end) pairs that lie inside a longer pair of ``bounds``.

    A pair holding another with other bounds is longer than it: the pairs are taken
    by start, and each is compared with the furthest end of the pairs that start
    before it and the furthest end of the others that start with it.
    """
    inner = set()
    furthest = -1  # the furthest end of the pairs that start before the current start
    by_start: dict[int, list[int]] = {}
    for start, end in bounds:
        by_start.setdefault(start, []).append(end)
    for start in sorted(by_start):
        ends = by_start[start]
        longest = max(ends)
        for end in ends:
            if furthest >= end or longest > end:
                inner.add((start, end))
        furthest = max(furthest, longest)
    return inner


@Language.factory("inquadra_framing_exclusions",
                  default_config={"framing_path": None, "spans_key": "framing"})
def make_framing_exclusions(nlp: Language, name: str, framing_path, spans_key: str):
    """Factory of the framing exclusions."""
    return FramingExclusions(nlp, name, framing_path, spans_key)
