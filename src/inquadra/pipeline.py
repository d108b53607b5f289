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

from . import components as _components
from . import i18n as _i18n
from . import states as _states
from . import structure as _article
from . import verb_forms as _verb_forms
from .components import actors, artifacts, attribution, exclusions, quotes, rulers  # noqa: F401  (registers the factories)
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
    "for_article",
    "framing_path_of",
    "actor_records",
    "bundle_lexicon",
]

_RULER_KEYS = ("label", "pattern", "id")


@dataclass(frozen=True)
class FramingEntry:
    """One line of the framing lexicon."""

    id: str
    label: str
    pattern: str | tuple
    gloss: str  # the term's meaning in English (data, shown labelled as English)
    note: dict  # why the term frames, ``{language: text}``
    used_by: dict | None = None  # who typically uses the term, ``{language: text}``


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
        where = f"framing lexicon {_name(path)}, line {number}"
        note = _i18n.texts(r["note"], f"{where}: \"note\"")
        used_by = _i18n.texts(r["used_by"], f"{where}: \"used_by\"") if r.get("used_by") else None
        out.append(FramingEntry(r["id"], r["label"], pattern, r["gloss"], note, used_by))
    return tuple(out)


def _name(path) -> str:
    return "inquadra/data/lexicons/framing.jsonl" if path is None else str(path)


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
    table = _components.token_table(doc)
    # the token of each sentence's first character, as doc.char_span(s, s + 1,
    # alignment_mode="expand") finds it; none where that character is a token's trailing space
    chars = numpy.array(_sentence_offsets(table.doc_text), dtype="int64")
    chars = chars[(chars >= 0) & (chars < len(table.doc_text))]
    tokens = numpy.searchsorted(table.array("idx"), chars, side="right") - 1
    keep = tokens >= 0
    chars, tokens = chars[keep], tokens[keep]
    tokens = tokens[chars != table.array("end")[tokens]]
    starts = [0] + tokens.tolist()
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
    for m in _article.block_break(text).finditer(text):
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
        verbs = [r for r in read_lexicon(lexicon_path("reporting_verbs", cues_path))
                 if r["kind"] == "verb" and isinstance(r["pattern"], str)]
        self.reporting = {f.form for f in _verb_forms.verb_forms(verbs) if f.kind != "infinitive"}
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


def actor_records(actors_path=None, extra_actors=()) -> list[dict]:
    """The entity ruler's actor records: the article's own lexicons first, then the
    hand list (bundled, or ``actors_path``), then the states from Babel.

    A pattern listed in an earlier source hides the same pattern in later ones, so an
    article's lexicon can give "Xinhua" another meaning for that article only.
    """
    sources = [read_lexicon(lexicon_path("actors", p)) for p in extra_actors]
    sources.append(read_lexicon(lexicon_path("actors", actors_path)))
    sources.append(list(_states.state_records()))
    seen: set[str] = set()
    out = []
    for records in sources:
        fresh = [r for r in records if not isinstance(r["pattern"], str) or r["pattern"] not in seen]
        seen.update(r["pattern"] for r in fresh if isinstance(r["pattern"], str))
        out.extend(fresh)
    return out


def bundle_lexicon(article_id: str, name: str = "actors"):
    """The path of an article bundle's own lexicon ``lexicons/<name>.jsonl``, or None."""
    from . import bundles

    try:
        folder = bundles.load(article_id).path("lexicons")
    except bundles.BundleError:
        return None
    if folder is None:
        return None
    path = folder / f"{name}.jsonl"
    return path if path.is_file() else None


def build(base: str | None = None, *, framing_path=None, actors_path=None,
          cues_path=None, extra_actors=()) -> Language:
    """Build a new pipeline (not cached).

    Args:
        base (str | None): None for ``spacy.blank("it")``; ``"auto"`` for an installed
            it_core_news_* pipeline if any; or the name of a spaCy pipeline.
        framing_path, actors_path, cues_path (str | Path | None): lexicon files to use
            instead of the bundled ones (e.g. a student's copy).
        extra_actors (sequence of paths): actor lexicons of one article (its damaged
            spellings, its metonyms), used before the hand list.
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
    records = actor_records(actors_path, extra_actors)
    ruler.add_patterns([{k: r[k] for k in _RULER_KEYS} for r in records if not r.get("initial")])
    initials = [str(p) for p in extra_actors] or [strs(actors_path)]
    nlp.add_pipe("inquadra_initials", config={"actors_path": initials[0],
                                              "cues_path": strs(cues_path)})
    known = {}
    for r in records:
        known.setdefault(r["id"], {"name": r.get("name", r["id"]), "kind": r.get("kind", "other"),
                                   "side": r.get("side", "other")})
    nlp.add_pipe("inquadra_actors", config={"known": known})
    framing = nlp.add_pipe("inquadra_span_ruler", name="framing",
                           config={"spans_key": "framing", "phrase_matcher_attr": "LOWER"})
    framing.add_patterns([{"label": e.label, "pattern": e.pattern if isinstance(e.pattern, str)
                           else list(e.pattern), "id": e.id}
                          for e in framing_entries(framing_path)])
    nlp.add_pipe("inquadra_framing_exclusions", config={"framing_path": strs(framing_path)})
    nlp.add_pipe("inquadra_quotes")
    nlp.add_pipe("inquadra_attribution", config={"cues_path": strs(cues_path)})
    spellings = sorted({r["pattern"] for r in records
                        if r.get("kind") == "person" and isinstance(r["pattern"], str)})
    nlp.add_pipe("inquadra_artifacts", config={"spellings": spellings})
    return nlp


@lru_cache(maxsize=4)
def for_article(article_id: str | None = None) -> Language:
    """The kit's pipeline with an article's own lexicons, cached; the plain one without."""
    extra = bundle_lexicon(article_id) if article_id else None
    return build(None, extra_actors=(extra,)) if extra else load()


@lru_cache(maxsize=4)
def load(base: str | None = None) -> Language:
    """The kit's pipeline, built once and cached (see :func:`build` for ``base``)."""
    return build(base)


def framing_path_of(nlp: Language):
    """The framing lexicon file a pipeline of :func:`build` was given, or None for the
    bundled one (and for a pipeline built otherwise)."""
    if "inquadra_framing_exclusions" not in nlp.pipe_names:
        return None
    return nlp.get_pipe_config("inquadra_framing_exclusions").get("framing_path")


def nlp_for_lexicon(framing_path) -> Language:
    """A fresh pipeline that uses a copy of the framing lexicon (e.g. with a student's term)."""
    return build(None, framing_path=framing_path)
