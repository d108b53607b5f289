"""The Italian framing pipeline: a spaCy ``Language`` built from the kit's lexicons.

Components, in order: ``inquadra_sentences`` (sentences that never cross a blank
line, the same bounds as :mod:`inquadra.article`), ``entity_ruler`` (actors:
every spelling mapped to one canonical id, ``ent.ent_id_``),
``inquadra_initials`` (a lone capital such as "G" as a name, only in a
plausible context), ``framing`` (a span ruler writing ``doc.spans["framing"]``),
``inquadra_quotes``, ``inquadra_attribution`` and ``inquadra_artifacts``.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from . import article as _article
from . import components as _components
from .components import artifacts, attribution, quotes, rulers  # noqa: F401  (registers the factories)
from .components import doc_text, lexicon_path, read_lexicon  # noqa: F401  (re-exported)

__all__ = [
    "FramingEntry",
    "Actor",
    "load",
    "build",
    "nlp_for_lexicon",
    "framing_entries",
    "actors",
    "installed_base",
]

_BLOCK_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_RULER_KEYS = ("label", "pattern", "id")


@dataclass(frozen=True)
class FramingEntry:
    """One line of the framing lexicon."""

    id: str
    label: str
    pattern: str | tuple
    gloss: str
    note: str


@dataclass(frozen=True)
class Actor:
    """One actor of the actors lexicon, with every spelling that names it."""

    id: str
    name: str
    label: str
    kind: str  # person | state | institution | group
    side: str  # china | kremlin | other
    variants: tuple[str, ...]


def framing_entries(path=None) -> tuple[FramingEntry, ...]:
    """The framing lexicon (bundled, or the JSONL file at ``path``) as dataclasses."""
    out = []
    for number, r in enumerate(read_lexicon(lexicon_path("framing", path)), start=1):
        missing = [k for k in ("label", "pattern", "id", "gloss", "note") if k not in r]
        if missing:
            raise ValueError(f"framing lexicon, line {number}: missing {', '.join(missing)}. "
                             'Each line needs "label", "pattern", "id", "gloss" and "note".')
        pattern = r["pattern"] if isinstance(r["pattern"], str) else tuple(r["pattern"])
        out.append(FramingEntry(r["id"], r["label"], pattern, r["gloss"], r["note"]))
    return tuple(out)


@lru_cache(maxsize=4)
def actors(path=None) -> tuple[Actor, ...]:
    """The actors lexicon grouped by canonical id, in file order."""
    grouped: dict[str, dict] = {}
    for r in read_lexicon(lexicon_path("actors", path)):
        a = grouped.setdefault(r["id"], {"id": r["id"], "name": r.get("name", r["id"]),
                                         "label": r["label"], "kind": r.get("kind", "other"),
                                         "side": r.get("side", "other"), "variants": []})
        if isinstance(r["pattern"], str):
            a["variants"].append(r["pattern"])
    return tuple(Actor(**{**a, "variants": tuple(a["variants"])}) for a in grouped.values())


@Language.component("inquadra_sentences")
def sentences(doc: Doc) -> Doc:
    """Sentence starts from :func:`inquadra.article.split_sentences`, block by block."""
    if not len(doc):
        return doc
    starts = [0]
    for s in _sentence_offsets(doc_text(doc)):
        span = doc.char_span(s, s + 1, alignment_mode="expand")
        if span is not None and len(span):
            starts.append(span.start)
    if doc.has_annotation("SENT_START"):
        for i in starts:
            doc[i].is_sent_start = True
    else:  # a fresh Doc: write every token at once, -1 marking "not a start"
        flags = numpy.full((len(doc), 1), -1, dtype="int64")
        flags[starts, 0] = 1
        doc.from_array([SENT_START], flags.view("uint64"))
    return doc


def _sentence_offsets(text: str) -> list[int]:
    """Character offsets of the sentence starts in ``text``, block by block."""
    out, cursor = [], 0
    for m in _BLOCK_BREAK.finditer(text):
        out.extend(s for s, _ in _article.split_sentences(text, cursor, m.start()))
        cursor = m.end()
    out.extend(s for s, _ in _article.split_sentences(text, cursor, len(text)))
    return out


class _Initials:
    """A lone capital letter listed as a name is an entity only in a plausible context."""

    def __init__(self, nlp: Language, actors_path=None, cues_path=None):
        self.entries = {r["pattern"]: r for r in read_lexicon(lexicon_path("actors", actors_path))
                        if r.get("initial") and isinstance(r["pattern"], str)}
        self.regex = re.compile("(?<![\\w.’'])(" + "|".join(map(re.escape, self.entries)) +
                                ")(?![\\w.’'])") if self.entries else None
        self.reporting = set()
        for r in read_lexicon(lexicon_path("reporting_verbs", cues_path)):
            last = r["pattern"][-1].get("LOWER") if isinstance(r["pattern"], list) else None
            if isinstance(last, str):
                self.reporting.add(last)
        self.verbs = {"ha", "hanno", "è", "aveva", "avrebbe", "sarà", "dice", "afferma"}

    def __call__(self, doc: Doc) -> Doc:
        if self.regex is None:
            return doc
        new = []
        for m in self.regex.finditer(doc_text(doc)):
            span = doc.char_span(m.start(), m.end())
            if span is None or span[0].ent_type:
                continue
            i = span.start
            prev = doc[i - 1] if i > 0 else None
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            if prev is not None and (prev.is_title or prev.like_num):
                continue
            if nxt is None or nxt.like_num:
                continue
            pair = nxt.lower_ in {"e", "ed"} and i + 2 < len(doc) and doc[i + 2].ent_type_ == "PER"
            said = prev is not None and prev.lower_ in self.reporting
            acts = nxt.lower_ in self.verbs
            if pair or said or acts:
                entry = self.entries[m.group(1)]
                new.append(Span(doc, i, i + 1, label=entry["label"], span_id=entry["id"]))
        if new:
            doc.ents = sorted(list(doc.ents) + new, key=lambda s: s.start)
        return doc


@Language.factory("inquadra_initials", default_config={"actors_path": None, "cues_path": None})
def _make_initials(nlp: Language, name: str, actors_path, cues_path) -> _Initials:
    return _Initials(nlp, actors_path, cues_path)


def installed_base() -> str | None:
    """The name of an installed trained Italian pipeline (it_core_news_lg/md/sm), or None."""
    for name in ("it_core_news_lg", "it_core_news_md", "it_core_news_sm"):
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def build(base: str | None = None, *, framing_path=None, actors_path=None,
          cues_path=None) -> Language:
    """Build a new pipeline (not cached).

    Args:
        base (str | None): None for ``spacy.blank("it")``; ``"auto"`` for an installed
            it_core_news_* pipeline if any; or the name of a spaCy pipeline.
        framing_path, actors_path, cues_path (str | Path | None): lexicon files to use
            instead of the bundled ones (e.g. a student's copy).
    Returns:
        Language: the pipeline.
    """
    if base == "auto":
        base = installed_base()
    nlp = spacy.load(base, exclude=["lemmatizer"]) if base else spacy.blank("it")
    nlp.tokenizer = _components.keep_text(nlp.tokenizer)
    from .punctuation_guard import guard  # long punctuation runs stay linear
    nlp.tokenizer = guard(nlp.tokenizer)
    _components.register_extensions()
    nlp.add_pipe("inquadra_sentences", first=True)
    strs = lambda p: None if p is None else str(p)  # noqa: E731
    ruler_cfg = {"overwrite_ents": True, "phrase_matcher_attr": "ORTH"}
    after = {"after": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("inquadra_entity_ruler", name="entity_ruler", config=ruler_cfg, **after)
    ruler.add_patterns([{k: r[k] for k in _RULER_KEYS}
                        for r in read_lexicon(lexicon_path("actors", actors_path))
                        if not r.get("initial")])
    nlp.add_pipe("inquadra_initials", config={"actors_path": strs(actors_path),
                                              "cues_path": strs(cues_path)})
    framing = nlp.add_pipe("inquadra_span_ruler", name="framing",
                           config={"spans_key": "framing", "phrase_matcher_attr": "LOWER"})
    framing.add_patterns([{"label": e.label, "pattern": e.pattern if isinstance(e.pattern, str)
                           else list(e.pattern), "id": e.id}
                          for e in framing_entries(framing_path)])
    nlp.add_pipe("inquadra_quotes")
    nlp.add_pipe("inquadra_attribution", config={"actors_path": strs(actors_path),
                                                 "cues_path": strs(cues_path)})
    nlp.add_pipe("inquadra_artifacts", config={"actors_path": strs(actors_path)})
    return nlp


@lru_cache(maxsize=4)
def load(base: str | None = None) -> Language:
    """The kit's pipeline, built once and cached (see :func:`build` for ``base``)."""
    return build(base)


def nlp_for_lexicon(framing_path) -> Language:
    """A fresh pipeline that uses a copy of the framing lexicon (e.g. with a student's term)."""
    return build(None, framing_path=framing_path)
