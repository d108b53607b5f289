"""Attribution: who says each quotation and each reported claim.

Cues come from ``data/lexicons/reporting_verbs.jsonl`` (kinds: ``verb``,
``naming``, ``according_to``, ``readout``). For every quotation in
``doc.spans["quotes"]`` and every reported claim ("ha detto che …", written to
``doc.spans["claims"]``) the component sets ``span._.source`` (a canonical
actor id from the actors lexicon, or ``"unattributed"``), ``span._.side``
(``china``, ``kremlin``, ``other`` or ``unattributed``), ``span._.cue`` (the
words that attribute it) and ``span._.inferred`` (True when the speaker is not
named in the sentence and was taken from the paragraph or the one before).
The cues themselves go to ``doc.spans["cues"]`` with the label
``Attribution_Marker``.

Precedence within a sentence: a readout or "secondo" frame naming its source
("si legge nella lettura del Cremlino") wins; else the reporting verb: a
speaker right after it ("”, ha affermato Xi"), else the nearest actor before
it; else (inferred) the previous speaker, else the nearest actor in subject
position, in this or the preceding block.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from typing import NamedTuple

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from . import doc_text, lexicon_path, read_lexicon, register_extensions

__all__ = ["Attribution", "Attributed", "make_attribution", "UNATTRIBUTED"]

UNATTRIBUTED = "unattributed"
_FRAME_KINDS = {"readout", "according_to"}
_OPENERS = {"che", "di"}
_NOT_AFTER_SUBJECT = {
    "e", "ed", "o", "per", "come", "che", "di", "a", "da", "in", "con", "su", "tra", "fra",
    "durante", "il", "lo", "la", "i", "gli", "le", "un", "una", "del", "della", "dei", "delle",
    "nel", "nella", "al", "alla", "dal", "dalla", "sul", "sulla", "nei", "negli",
}
_BLOCK_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


@dataclass(frozen=True)
class Attributed:
    """One attribution decision: a span (token offsets) and who it is attributed to."""

    start: int
    end: int
    kind: str  # "quote" | "claim"
    source: str
    side: str
    cue: str | None
    inferred: bool


class _Cue(NamedTuple):
    start: int
    end: int
    kind: str
    id: str


class _Actor(NamedTuple):
    start: int
    end: int
    id: str


class _Sentence(NamedTuple):
    start: int
    end: int
    block: int


def _as_phrases(pattern) -> list[str] | None:
    """Lower-case phrases for a pattern of plain LOWER tokens, or None for other patterns."""
    if isinstance(pattern, str):
        return [pattern.lower()]
    options = []
    for token in pattern:
        value = token.get("LOWER") if set(token) == {"LOWER"} else None
        if isinstance(value, str):
            options.append([value])
        elif isinstance(value, dict) and set(value) == {"IN"}:
            options.append(list(value["IN"]))
        else:
            return None
    return [" ".join(words) for words in itertools.product(*options)]


class _Context:
    """What the decisions of one Doc look up: text, actors, sentences and blocks."""

    def __init__(self, doc: Doc, actors: list[_Actor], sentences: list[Span]):
        self.doc, self.text = doc, doc_text(doc)
        self.actors = actors
        self.starts = [a.start for a in actors]
        self.ends = [a.end for a in actors]
        self.breaks = [m.start() for m in _BLOCK_BREAK.finditer(self.text)]
        self.sentences = sentences
        self.last: tuple[int, str] | None = None  # (block, source) of the last named speaker

    def block_of(self, char: int) -> int:
        return bisect.bisect_right(self.breaks, char)

    def sentence(self, index: int) -> _Sentence:
        sent = self.sentences[index]
        return _Sentence(sent.start, sent.end, self.block_of(sent.start_char))

    def words(self, start: int, end: int) -> str:
        """The text of tokens ``start:end`` (as ``doc[start:end].text``)."""
        doc = self.doc
        last = doc[end - 1]
        return self.text[doc[start].idx : last.idx + len(last)]


class Attribution:
    """Find attributions, then write them onto the quotation and claim spans."""

    def __init__(
        self,
        nlp: Language,
        name: str = "inquadra_attribution",
        cues_path: str | None = None,
        actors_path: str | None = None,
        quotes_key: str = "quotes",
        claims_key: str = "claims",
        cues_key: str = "cues",
    ):
        self.name = name
        self.quotes_key, self.claims_key, self.cues_key = quotes_key, claims_key, cues_key
        register_extensions()
        self.matcher = Matcher(nlp.vocab)
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._kinds: dict[int, tuple[str, str]] = {}
        for entry in read_lexicon(lexicon_path("reporting_verbs", cues_path)):
            key = f"{entry['kind']}:{entry['id']}"
            phrases = _as_phrases(entry["pattern"])
            if phrases is None:
                self.matcher.add(key, [entry["pattern"]])
            else:
                self.phrases.add(key, [nlp.make_doc(p) for p in phrases])
            self._kinds[nlp.vocab.strings[key]] = (entry["kind"], entry["id"])
        self.actors: dict[str, tuple[str, str]] = {}
        for entry in read_lexicon(lexicon_path("actors", actors_path)):
            self.actors[entry["id"]] = (entry.get("kind", "other"), entry.get("side", "other"))
        self._actor_hashes = {nlp.vocab.strings.add(i): i for i in self.actors}

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    # -- finding ---------------------------------------------------------
    def match(self, doc: Doc) -> tuple[list[_Cue], list[Attributed]]:
        """Cues and attribution decisions for the quotations and claims of the Doc."""
        quotes = sorted(doc.spans[self.quotes_key], key=lambda s: s.start) if self.quotes_key in doc.spans else []
        q_starts = [q.start for q in quotes]
        q_ends = [q.end for q in quotes]

        def in_quote(i: int) -> bool:
            k = bisect.bisect_right(q_starts, i) - 1
            return k >= 0 and q_starts[k] <= i < q_ends[k]

        cues = self._cues(doc, in_quote)
        if not quotes and not any(self._may_open(doc, c) for c in cues):
            return cues, []  # nothing to attribute
        actors = []
        for e in doc.ents:
            actor_id = self._actor_hashes.get(e.ent_id)
            if actor_id is not None and not in_quote(e.start):
                actors.append(_Actor(e.start, e.end, actor_id))
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        ctx = _Context(doc, actors, sents)
        sent_starts = [s.start for s in sents]
        cues_by_sent: dict[int, list[_Cue]] = {}
        for c in cues:
            cues_by_sent.setdefault(bisect.bisect_right(sent_starts, c.start) - 1, []).append(c)
        quotes_by_sent: dict[int, list[tuple[int, int]]] = {}
        for q_start, q_end in zip(q_starts, q_ends):
            quotes_by_sent.setdefault(bisect.bisect_right(sent_starts, q_start) - 1, []).append(
                (q_start, q_end))

        resolved: dict[_Cue, tuple[str, str | None, bool]] = {}
        out: list[Attributed] = []
        for si in sorted(set(cues_by_sent) | set(quotes_by_sent)):
            sent = ctx.sentence(si)
            s_cues = cues_by_sent.get(si, [])
            frame = None
            for c in s_cues:
                if c.kind in _FRAME_KINDS:
                    found = self._actor_after(ctx, c, sent, 4 if c.kind == "according_to" else None)
                    if found:
                        frame = (found.id, self._cue_text(ctx, c, found))
                        break
            verbs = [c for c in s_cues if c.kind not in _FRAME_KINDS]

            def decide(cue: _Cue | None, post: bool) -> tuple[str, str | None, bool]:
                if frame:
                    return frame[0], frame[1], False
                if cue is None:
                    return UNATTRIBUTED, None, False
                if cue not in resolved:
                    resolved[cue] = self._resolve(ctx, cue, post, sent)
                return resolved[cue]

            for q_start, q_end in quotes_by_sent.get(si, []):
                post = next((c for c in verbs if 0 <= c.start - q_end <= 2
                             and all(doc[i].is_punct for i in range(q_end, c.start))), None)
                before = next((c for c in verbs if c.end <= q_start), None)
                after = next((c for c in verbs if c.start >= q_end), None)
                cue = post or before or after
                source, cue_text, inferred = decide(cue, cue is post and post is not None)
                out.append(Attributed(q_start, q_end, "quote", source, self.side(source), cue_text,
                                      inferred))
            openers = [c for c in verbs if c.kind == "verb" and c.end < sent.end
                       and doc[c.end].lower_ in _OPENERS]
            for k, c in enumerate(openers):
                end = openers[k + 1].start if k + 1 < len(openers) else sent.end
                while end > c.end + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
                    end -= 1
                if end <= c.end + 1:
                    continue
                source, cue_text, inferred = decide(c, False)
                out.append(Attributed(c.end + 1, end, "claim", source, self.side(source), cue_text,
                                      inferred))
            if frame:
                ctx.last = (sent.block, frame[0])
        return cues, out

    def side(self, source: str) -> str:
        """The side of a source id (``unattributed`` for no source)."""
        if source == UNATTRIBUTED:
            return UNATTRIBUTED
        return self.actors.get(source, ("other", "other"))[1]

    def _cues(self, doc: Doc, in_quote) -> list[_Cue]:
        found = []
        matches = list(self.phrases(doc)) + (list(self.matcher(doc)) if len(self.matcher) else [])
        for match_id, start, end in matches:
            if in_quote(start):
                continue
            kind, cue_id = self._kinds[match_id]
            found.append(_Cue(start, end, kind, cue_id))
        found.sort(key=lambda c: (c.start, -(c.end - c.start)))
        kept: list[_Cue] = []
        for c in found:
            if not kept or c.start >= kept[-1].end:
                kept.append(c)
        return kept

    @staticmethod
    def _may_open(doc: Doc, cue: _Cue) -> bool:
        """Whether a cue could open a reported claim ("ha detto che ...")."""
        return cue.kind == "verb" and cue.end < len(doc) and doc[cue.end].lower_ in _OPENERS

    @staticmethod
    def _cue_text(ctx: _Context, cue: _Cue, actor: _Actor) -> str:
        if actor.start - cue.end <= 4:
            return ctx.words(cue.start, actor.end)
        return f"{ctx.words(cue.start, cue.end)} … {ctx.words(actor.start, actor.end)}"

    def _actor_after(self, ctx: _Context, cue: _Cue, sent: _Sentence, limit: int | None):
        """The first actor (not a group) after the cue in its sentence, if within ``limit``."""
        for a in itertools.islice(ctx.actors, bisect.bisect_left(ctx.starts, cue.end), None):
            if a.start >= sent.end:
                return None
            if self.actors[a.id][0] != "group":
                if limit is None or a.start - cue.end <= limit:
                    return a
                return None
        return None

    def _resolve(self, ctx: _Context, cue: _Cue, post: bool, sent: _Sentence):
        doc, actors = ctx.doc, ctx.actors
        cue_text = ctx.words(cue.start, cue.end)
        if post:
            k = bisect.bisect_left(ctx.starts, cue.end)
            if k < len(actors) and actors[k].start <= cue.end + 1 and actors[k].start < sent.end:
                ctx.last = (sent.block, actors[k].id)
                return actors[k].id, ctx.words(cue.start, actors[k].end), False
        # actors ending before the cue: actors[:hi]; those also in the sentence: actors[lo:hi]
        hi = bisect.bisect_right(ctx.ends, cue.start)
        lo = bisect.bisect_left(ctx.starts, sent.start)
        if lo < hi:
            ctx.last = (sent.block, actors[hi - 1].id)
            return actors[hi - 1].id, cue_text, False
        if ctx.last and sent.block - ctx.last[0] in (0, 1):
            return ctx.last[1], cue_text, True
        for k in range(hi - 1, -1, -1):
            a = actors[k]
            if sent.block - ctx.block_of(doc[a.start].idx) > 1:
                break
            nxt = doc[a.end] if a.end < len(doc) else None
            if nxt is not None and nxt.is_alpha and nxt.is_lower and nxt.lower_ not in _NOT_AFTER_SUBJECT:
                return a.id, cue_text, True
        return UNATTRIBUTED, cue_text, False

    # -- writing ---------------------------------------------------------
    def set_annotations(self, doc: Doc, matches: tuple[list[_Cue], list[Attributed]]) -> None:
        """Write sources onto quotation spans, and the claim and cue span groups."""
        cues, decisions = matches
        doc.spans[self.cues_key] = [
            Span(doc, c.start, c.end, label="Attribution_Marker", span_id=c.id) for c in cues
        ]
        quotes = {(q.start, q.end): q for q in doc.spans[self.quotes_key]} if (
            decisions and self.quotes_key in doc.spans) else {}
        claims = []
        for d in decisions:
            span = quotes.get((d.start, d.end)) if d.kind == "quote" else None
            if span is None:
                span = Span(doc, d.start, d.end, label="CLAIM")
                claims.append(span)
            ext = span._
            ext.source, ext.side, ext.cue, ext.inferred = d.source, d.side, d.cue, d.inferred
        doc.spans[self.claims_key] = claims


@Language.factory(
    "inquadra_attribution",
    default_config={"cues_path": None, "actors_path": None, "quotes_key": "quotes",
                    "claims_key": "claims", "cues_key": "cues"},
)
def make_attribution(nlp: Language, name: str, cues_path, actors_path, quotes_key: str,
                     claims_key: str, cues_key: str) -> Attribution:
    """Factory of the attribution component."""
    return Attribution(nlp, name, cues_path, actors_path, quotes_key, claims_key, cues_key)
