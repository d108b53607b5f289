"""spaCy's entity ruler and span ruler, with a quick path for phrase patterns.

The kit's actor and framing lexicons are phrase patterns only. For them the
built-in rulers spend most of each call on work that phrase patterns do not
need (catching warnings of the empty token matcher, and writing ``doc.ents``
one token at a time). :class:`QuickEntityRuler` and :class:`QuickSpanRuler`
find the same matches, write the same annotation, and keep the whole API of
their parents (``add_patterns``, ``to_disk``, ``labels`` ...). Token patterns,
or a Doc that already has entities, take the parents' own path.
"""

from __future__ import annotations

import numpy
from spacy.language import Language
from spacy.pipeline import EntityRuler, SpanRuler
from spacy.pipeline.entityruler import DEFAULT_ENT_ID_SEP
from spacy.pipeline.span_ruler import DEFAULT_SPANS_KEY
from spacy.tokens import Doc, Span

from . import mark_entities, write_entities

__all__ = ["QuickEntityRuler", "QuickSpanRuler", "make_entity_ruler", "make_span_ruler"]

_IOB_OUTSIDE = 2  # the ENT_IOB of a token outside every entity


def _longest_first(match: tuple[int, int, int]) -> tuple[int, int]:
    return match[2] - match[1], -match[1]


class QuickEntityRuler(EntityRuler):
    """An ``EntityRuler`` whose phrase-only matching and fresh-Doc writing are quick."""

    def match(self, doc: Doc):
        """(match_id, start, end) of the matches, longest first (as ``EntityRuler.match``)."""
        if len(self.matcher) or not len(self.phrase_matcher):
            return super().match(doc)
        found = set([(m_id, start, end) for m_id, start, end in self.phrase_matcher(doc)
                     if start != end])
        return sorted(found, key=_longest_first, reverse=True)

    def set_annotations(self, doc: Doc, matches) -> None:
        """Write the matches as ``doc.ents`` (every other token outside an entity)."""
        if not len(doc) or doc.has_annotation("ENT_IOB"):
            super().set_annotations(doc, matches)
            return
        strings = doc.vocab.strings
        columns = numpy.zeros((len(doc), 4), dtype="uint64")  # ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID
        columns[:, 0] = _IOB_OUTSIDE
        seen: set[int] = set()
        found, written = [], []  # (start, end, label, id) of the entities; the same as hashes
        for match_id, start, end in matches:
            if start in seen or end - 1 in seen:
                continue  # (matches come longest first, so written ones never overlap)
            label, ent_id = self._ent_ids[match_id] if match_id in self._ent_ids else (match_id, "")
            label_id = strings.add(label) if isinstance(label, str) else label
            written.append((start, end, label_id, strings.add(ent_id) if ent_id else 0))
            seen.update(range(start, end))
            if label_id:
                found.append((start, end, strings[label_id], ent_id or ""))
        if written:
            mark_entities(columns, *zip(*written))
        found.sort()
        write_entities(doc, found, columns)


class QuickSpanRuler(SpanRuler):
    """A ``SpanRuler`` whose phrase-only matching is quick."""

    def match(self, doc: Doc):
        """The matched spans, deduplicated and sorted (as ``SpanRuler.match``)."""
        if len(self.matcher) or not len(self.phrase_matcher):
            return super().match(doc)
        labels = self._match_label_id_map
        found = set(
            Span(doc, start, end, label=labels[m_id]["label"], span_id=labels[m_id]["id"])
            for m_id, start, end in self.phrase_matcher(doc)
            if start != end
        )
        return sorted(found)


@Language.factory(
    "inquadra_entity_ruler",
    assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
    default_config={
        "phrase_matcher_attr": None,
        "matcher_fuzzy_compare": {"@misc": "spacy.levenshtein_compare.v1"},
        "validate": False,
        "overwrite_ents": False,
        "ent_id_sep": DEFAULT_ENT_ID_SEP,
        "scorer": {"@scorers": "spacy.entity_ruler_scorer.v1"},
    },
)
def make_entity_ruler(nlp: Language, name: str, phrase_matcher_attr, matcher_fuzzy_compare,
                      validate: bool, overwrite_ents: bool, ent_id_sep: str,
                      scorer) -> QuickEntityRuler:
    """Factory of the quick entity ruler; the config of spaCy's ``entity_ruler``."""
    return QuickEntityRuler(nlp, name, phrase_matcher_attr=phrase_matcher_attr,
                            matcher_fuzzy_compare=matcher_fuzzy_compare, validate=validate,
                            overwrite_ents=overwrite_ents, ent_id_sep=ent_id_sep, scorer=scorer)


@Language.factory(
    "inquadra_span_ruler",
    assigns=["doc.spans"],
    default_config={
        "spans_key": DEFAULT_SPANS_KEY,
        "spans_filter": None,
        "annotate_ents": False,
        "ents_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
        "phrase_matcher_attr": None,
        "matcher_fuzzy_compare": {"@misc": "spacy.levenshtein_compare.v1"},
        "validate": False,
        "overwrite": True,
        "scorer": {"@scorers": "spacy.overlapping_labeled_spans_scorer.v1",
                   "spans_key": DEFAULT_SPANS_KEY},
    },
)
def make_span_ruler(nlp: Language, name: str, spans_key, spans_filter, annotate_ents: bool,
                    ents_filter, phrase_matcher_attr, matcher_fuzzy_compare, validate: bool,
                    overwrite: bool, scorer) -> QuickSpanRuler:
    """Factory of the quick span ruler; the config of spaCy's ``span_ruler``."""
    return QuickSpanRuler(nlp, name, spans_key=spans_key, spans_filter=spans_filter,
                          annotate_ents=annotate_ents, ents_filter=ents_filter,
                          phrase_matcher_attr=phrase_matcher_attr,
                          matcher_fuzzy_compare=matcher_fuzzy_compare, validate=validate,
                          overwrite=overwrite, scorer=scorer)
