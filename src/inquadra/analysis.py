"""Analysis of an article with the framing pipeline, as frozen dataclasses.

``analyze(text_or_article)`` runs :mod:`inquadra.pipeline` block group by block
group (``nlp.pipe``), so memory stays bounded on large texts, and returns an
:class:`Analysis`. Helpers for lessons: :func:`concordance`,
:func:`voice_by_paragraph`, :func:`quoted_sources`. All offsets are character
offsets into the article text; sentence ids are those of :mod:`inquadra.article`.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Callable, Iterable, Iterator

from . import article as _article
from . import i18n

__all__ = [
    "Analysis", "ActorCount", "FramingHit", "Quotation", "Claim", "ArtifactHit",
    "ParagraphVoice", "ConcordanceRow", "SourceCount",
    "analyze", "concordance", "voice_by_paragraph", "quoted_sources", "VOICES",
]

VOICES = ("journalist", "china", "kremlin", "mixed")
_CHUNK_CHARS = 50_000
_DOMINANT = 0.6


@dataclass(frozen=True)
class ActorCount:
    id: str
    name: str
    side: str
    count: int
    variants: tuple[str, ...]
    kind: str = "other"  # person | org | institution | state | group


@dataclass(frozen=True)
class FramingHit:
    start: int
    end: int
    text: str
    label: str
    id: str
    gloss: str  # the term's meaning in English
    note: dict  # why it frames, ``{language: text}``: localise it where it is shown
    sentence_id: str


@dataclass(frozen=True)
class Quotation:
    start: int
    end: int
    text: str
    source: str
    side: str
    cue: str | None
    inferred: bool
    unbalanced: bool
    sentence_id: str


@dataclass(frozen=True)
class Claim:
    start: int
    end: int
    text: str
    source: str
    side: str
    cue: str | None
    inferred: bool
    sentence_id: str


@dataclass(frozen=True)
class ArtifactHit:
    start: int
    end: int
    text: str
    label: str
    explanation: dict  # ``{language: text}``: localise it where it is shown
    sentence_id: str


@dataclass(frozen=True)
class ParagraphVoice:
    block_id: str
    voice: str  # journalist | china | kremlin | mixed
    why: str
    shares: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class ConcordanceRow:
    sentence_id: str
    left: str
    match: str
    right: str
    side: str


@dataclass(frozen=True)
class SourceCount:
    source: str
    side: str
    quotations: int
    claims: int


@dataclass(frozen=True)
class Analysis:
    """Everything the pipeline found in one article."""

    article_id: str
    text_sha256: str
    actors: tuple[ActorCount, ...]
    framing: tuple[FramingHit, ...]
    quotations: tuple[Quotation, ...]
    claims: tuple[Claim, ...]
    artifacts: tuple[ArtifactHit, ...]
    voices: tuple[ParagraphVoice, ...]
    #: "line" when the text had no blank lines and was split at its line breaks
    paragraph_breaks: str = "blank"

    def __repr__(self) -> str:
        return i18n.t("analysis.summary", id=self.article_id, actors=len(self.actors),
                      framing=len(self.framing), quotations=len(self.quotations),
                      claims=len(self.claims), artifacts=len(self.artifacts))

    def to_dict(self) -> dict:
        """A JSON-ready dict (lists, strings, numbers)."""
        return asdict(self)


def _as_article(text_or_article) -> _article.Article:
    if isinstance(text_or_article, _article.Article):
        return text_or_article
    if isinstance(text_or_article, _article.bundles.Bundle):
        return text_or_article.article
    return _article.from_text(text_or_article)


def _pieces(art: _article.Article, limit: int) -> Iterator[tuple[int, int]]:
    """Blocks; a block longer than ``limit`` is cut at its sentences, a longer sentence at spaces.

    spaCy refuses a text longer than ``nlp.max_length``, and many files have no
    blank line at all, so one block can hold the whole article.
    """
    for b in art.blocks:
        if b.end - b.start <= limit:
            yield b.start, b.end
            continue
        for s in b.sentences:
            start = s.start
            while s.end - start > limit:
                cut = art.text.rfind(" ", start + 1, start + limit)
                cut = cut if cut > start else start + limit
                yield start, cut
                start = cut
            yield start, s.end


def _chunks(art: _article.Article, limit: int) -> Iterator[tuple[int, int]]:
    start = end = None
    for p_start, p_end in _pieces(art, limit):
        if start is None:
            start, end = p_start, p_end
        elif p_end - start > limit:
            yield start, end
            start, end = p_start, p_end
        else:
            end = p_end
    if start is not None:
        yield start, end


def analyze(text_or_article, *, nlp=None, progress: Callable[[int, int], None] | None = None,
            chunk_chars: int = _CHUNK_CHARS) -> Analysis:
    """Analyse an article (an Article or its text).

    Args:
        text_or_article (str | Article): the text, or an Article.
        nlp (Language | None): a pipeline; default :func:`inquadra.pipeline.load`.
        progress (callable | None): called as ``progress(done_chars, total_chars)``.
        chunk_chars (int): blocks are grouped into documents of about this size.
    Returns:
        Analysis: frozen results.
    """
    art = _as_article(text_or_article)
    if nlp is None and progress is None and chunk_chars == _CHUNK_CHARS:
        return _cached(art.text, art.id)
    return _analyze(art, nlp, progress, chunk_chars)


@lru_cache(maxsize=8)
def _cached(text: str, article_id: str) -> Analysis:
    art = _bundled(article_id)
    if art is None or art.text != text:
        art = _article.from_text(text, article_id)
    return _analyze(art, None, None, _CHUNK_CHARS)


def _analyze(art, nlp, progress, chunk_chars) -> Analysis:
    from . import normalisation, pipeline

    if nlp is None:  # an article's own lexicons only for that article's own text
        bundled = _bundled(art.id)
        nlp = pipeline.for_article(art.id if bundled is not None and bundled.text == art.text
                                   else None)
    norm = normalisation.normalise(art.text)
    work = _article.from_text(norm.text, art.id, art.meta) if norm.changed else art
    from .components.actors import ACTORS_KEY

    registry: dict[str, dict] = {}
    terms = _framing_terms(pipeline.framing_entries(pipeline.framing_path_of(nlp)))
    starts = [s.start for s in art.sentences]
    sids = [s.id for s in art.sentences]

    def sid(offset: int) -> str:
        k = bisect.bisect_right(starts, offset) - 1
        return sids[k] if k >= 0 else ""

    counts: Counter = Counter()
    variants: dict[str, dict[str, None]] = {}
    framing, quotes, claims, artifacts = [], [], [], []
    bounds = list(_chunks(work, chunk_chars))
    texts = (work.text[s:e] for s, e in bounds)

    def place(offset: int, span) -> tuple[int, int, str]:
        start, end = norm.span(offset + span.start_char, offset + span.end_char)
        return start, end, art.text[start:end]

    for (offset, chunk_end), doc in zip(bounds, nlp.pipe(texts, batch_size=4)):
        found = doc.user_data.get(ACTORS_KEY, {})
        for actor_id, actor in found.items():
            registry.setdefault(actor_id, actor)
        for ent in doc.ents:
            if ent.ent_id_ in found:
                counts[ent.ent_id_] += 1
                variants.setdefault(ent.ent_id_, {})[ent.text] = None
        for s in doc.spans.get("framing", []):
            e = terms.get((s.id_, _term(s.text))) or terms.get(s.id_)
            start, end, text = place(offset, s)
            framing.append(FramingHit(start, end, text, s.label_, s.id_, e.gloss if e else "",
                                      e.note if e else {}, sid(start)))
        for s in doc.spans.get("quotes", []):
            start, end, text = place(offset, s)
            quotes.append(Quotation(start, end, text, s._.source or "unattributed",
                                    s._.side or "unattributed", s._.cue, bool(s._.inferred),
                                    bool(s._.unbalanced), sid(start)))
        for s in doc.spans.get("claims", []):
            start, end, text = place(offset, s)
            claims.append(Claim(start, end, text, s._.source, s._.side, s._.cue,
                                bool(s._.inferred), sid(start)))
        for s in doc.spans.get("artifacts", []):
            start, end, text = place(offset, s)
            artifacts.append(ArtifactHit(start, end, text, s.label_, s._.explanation or {},
                                         sid(start)))
        if progress is not None:
            progress(len(art.text) if chunk_end == bounds[-1][1] else norm.end(chunk_end), len(art.text))
    actor_rows = tuple(
        ActorCount(i, registry[i]["name"], registry[i]["side"], n, tuple(variants[i]),
                   registry[i]["kind"])
        for i, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    quotes_t, claims_t = tuple(quotes), tuple(claims)
    return Analysis(art.id, art.sha256, actor_rows, tuple(framing), quotes_t, claims_t,
                    tuple(artifacts), _voices(art, quotes_t, claims_t),
                    art.meta.get("paragraph_breaks", "blank"))


def _term(text: str) -> str:
    return " ".join(text.lower().split())


def _framing_terms(entries) -> dict:
    """The framing lexicon's lines by (id, words) and by id (its first line).

    Several lines share an id ("guerra" and "guerre"): a hit shows the gloss and note of
    the line it matched, found by its words; a hit whose words no line spells out (a
    pattern of token rules) shows the first line with its id.
    """
    out: dict = {}
    for e in entries:
        out.setdefault(e.id, e)
        if isinstance(e.pattern, str):
            out.setdefault((e.id, _term(e.pattern)), e)
    return out


def _non_space(text: str) -> int:
    return len(text) - sum(1 for ch in text if ch.isspace())


def _voices(art, quotes, claims) -> tuple[ParagraphVoice, ...]:
    spans = sorted(list(quotes) + list(claims), key=lambda s: (s.start, -s.end))
    span_starts = [s.start for s in spans]
    longest = max((s.end - s.start for s in spans), default=0)
    rows = []
    for b in art.blocks:
        size = _non_space(b.text) or 1
        lo = bisect.bisect_left(span_starts, b.start - longest)
        hi = bisect.bisect_left(span_starts, b.end)
        share: Counter = Counter()
        cues: dict[str, str] = {}
        covered = b.start
        for s in spans[lo:hi]:
            start, end = max(s.start, b.start, covered), min(s.end, b.end)
            if end <= start:
                continue
            share[s.side] += _non_space(art.text[start:end])
            covered = end
            cues.setdefault(s.side, f"{s.source} via {s.cue!r}" if s.cue else s.source)
        share["journalist"] = size - sum(share.values())
        fractions = tuple(sorted(((k, round(v / size, 3)) for k, v in share.items() if v > 0),
                                 key=lambda kv: (-kv[1], kv[0])))
        top, top_share = fractions[0] if fractions else ("journalist", 1.0)
        voice = top if top in VOICES and top_share >= _DOMINANT else "mixed"
        why = "; ".join(
            f"{k} {round(v * 100)}%" + (f" ({cues[k]})" if k in cues else "")
            for k, v in fractions
        )
        rows.append(ParagraphVoice(b.id, voice, why, fractions))
    return tuple(rows)


def voice_by_paragraph(text_or_article=None) -> tuple[ParagraphVoice, ...]:
    """Whose voice each block speaks in: journalist, china, kremlin or mixed, and why."""
    return analyze(_default(text_or_article)).voices


def quoted_sources(text_or_article=None) -> tuple[SourceCount, ...]:
    """How many quotations and reported claims each source has, with its side."""
    result = analyze(_default(text_or_article))
    q = Counter((x.source, x.side) for x in result.quotations)
    c = Counter((x.source, x.side) for x in result.claims)
    keys = sorted(set(q) | set(c), key=lambda k: (-(q[k] + c[k]), k))
    return tuple(SourceCount(s, side, q[(s, side)], c[(s, side)]) for s, side in keys)


def concordance(text_or_article, term_or_label: str, width: int = 40) -> tuple[ConcordanceRow, ...]:
    """Keyword-in-context rows for a framing/artifact label, a lexicon id, or a literal term.

    Args:
        text_or_article (str | Article): the article.
        term_or_label (str): e.g. ``"Loaded_Language"``, ``"fused_link_text"`` or ``"crisi"``.
        width (int): characters of context on each side.
    Returns:
        tuple[ConcordanceRow, ...]: one row a match, in text order.
    """
    art = _as_article(_default(text_or_article))
    result = analyze(art)
    hits: Iterable[tuple[int, int]] = [
        (h.start, h.end) for h in result.framing + result.artifacts
        if h.label == term_or_label or getattr(h, "id", None) == term_or_label
    ]
    if not hits and term_or_label.strip():
        pattern = re.compile(re.escape(term_or_label), re.IGNORECASE)
        hits = [(m.start(), m.end()) for m in pattern.finditer(art.text)]
    starts = [s.start for s in art.sentences]
    voiced = sorted(result.quotations + result.claims, key=lambda s: s.start)
    rows = []
    for start, end in sorted(set(hits)):
        k = bisect.bisect_right(starts, start) - 1
        sentence_id = art.sentences[k].id if k >= 0 else ""
        side = next((s.side for s in voiced if s.start <= start < s.end), "journalist")
        left = art.text[max(0, start - width):start].replace("\n", " ")
        right = art.text[end:end + width].replace("\n", " ")
        rows.append(ConcordanceRow(sentence_id, left, art.text[start:end], right, side))
    return tuple(rows)


def _bundled(article_id: str):
    """The Article of the bundle with this id, or None when there is no such bundle."""
    from . import bundles

    try:
        return bundles.load(article_id).article
    except bundles.BundleError:
        return None


def _default(text_or_article):
    """The given text or Article, or the current article's (a bundle or an id is looked up)."""
    from . import bundles

    if text_or_article is None or isinstance(text_or_article, bundles.Bundle):
        return bundles.get(text_or_article).article
    return text_or_article
