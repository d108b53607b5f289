"""Attribution: who says each quotation and each reported claim.

Cues come from ``data/lexicons/reporting_verbs.jsonl``: about sixty reporting
verbs, matched in every form (:mod:`inquadra.verb_forms`), and frames
(``according_to``: "secondo", "citato da"; ``readout``: "si legge",
"lettura"). For every quotation in ``doc.spans["quotes"]`` and every reported
claim ("ha detto che …", written to ``doc.spans["claims"]``) the component sets
``span._.source`` (an actor id from ``doc.user_data["inquadra.actors"]``,
``"unrecognised"`` when a cue is present but no speaker is found, or
``"unattributed"`` when nothing attributes it), ``span._.side``, ``span._.cue``
and ``span._.inferred``. The cues go to ``doc.spans["cues"]``.

A quotation's speaker is tried in this order:

1. a readout or "secondo" frame naming its source in the same sentence;
2. a reporting verb right after the quotation, with a speaker window that skips
   adverbs, time words, articles and role phrases ("», ha dichiarato mercoledì
   il presidente cinese Xi Jinping");
3. a next sentence that opens "Lo ha ⟨verb⟩ X", "Così X", "È quanto ⟨verb⟩ X";
4. a frame before the quotation ("X ha detto:", "X: «…»", "secondo X,"), taking
   its subject: never a name after "a", "con", "contro", "di" …, never a name
   inside a quotation;
5. for a verb with no subject, the previous speaker of the paragraph (or the
   one before), else the nearest actor in subject position: ``inferred``.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass
from typing import NamedTuple

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from .. import structure as _article
from .. import verb_forms as _verb_forms
from . import (entities, lexicon_path, read_lexicon, register_extensions, set_span_extensions,
               token_table)
from .actors import ACTORS_KEY

__all__ = ["Attribution", "Attributed", "make_attribution", "UNATTRIBUTED", "UNRECOGNISED"]

UNATTRIBUTED = "unattributed"
UNRECOGNISED = "unrecognised"
_FRAME_KINDS = {"readout", "according_to", "via"}
_OPENERS = {"che", "di"}
_OBLIQUE = {"a", "ad", "al", "alla", "allo", "ai", "agli", "alle", "all’", "all'", "con", "col",
            "contro", "verso", "di", "del", "della", "dello", "dei", "degli", "delle", "dell’",
            "dell'", "d’", "d'", "da", "dal", "dalla", "dai", "dall’", "dall'", "per", "tra", "fra",
            "su", "sul", "sulla", "in", "nel", "nella", "presso", "incontrato", "rivolgendosi",
            "secondo", "dopo", "oltre", "insieme", "senza", "verso", "sugli", "dagli", "negli"}
_NOT_AFTER_SUBJECT = _OBLIQUE | {"e", "ed", "o", "come", "che", "il", "lo", "la", "i", "gli",
                                 "le", "un", "una", "durante", "nei", "negli"}
_WINDOW_STOP = {"che", "di", ":", ";", ".", "!", "?", "«", "“", "\"", "»", "”", "e", "ma"}
_NOUN_BEFORE = {"il", "la", "l’", "l'", "le", "un", "una", "un’", "un'", "sua", "suo",
                "della", "dalla", "nella", "alla", "sulla", "questa", "quella", "nuova", "una",
                "dell’", "dall’", "nell’", "all’", "sull’", "dell'", "nell'", "prima", "ogni"}
_LEAD_INS = {"lo", "la", "l’", "l'", "le", "li", "ne", "gli", "ci"}
_BETWEEN_AUX = {"poi", "anche", "inoltre", "già", "più", "lo", "la", "l’", "l'", "gli", "le",
                "ci", "mi", "ne", "non", "pure", "infatti", "invece", "quindi", "ancora",
                "sempre", "oggi", "ieri", "così", "subito", "nuovamente", "detto", "spesso"}
_SPEAKER_WINDOW = 12
_SPEECH_NOUNS = {"discorso", "intervento", "messaggio", "parole", "dichiarazione", "lettera",
                 "post", "tweet", "video", "nota", "comunicato", "appello", "intervista",
                 "videomessaggio", "relazione", "comizio", "replica", "risposta"}
_COORDINATORS = {"e", "ed", "ma", "poi", "però", "quindi"}
_ARTICLES = {"il", "lo", "la", "l’", "l'", "i", "gli", "le"}
_ARTICLES_ELIDED = _ARTICLES | {"l’", "l'"}
_PHRASE_ENDS = {"–", "—", "-", "»", "”", ".", ";"}


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
    """A sentence (or a run of sentences) by token offsets, and its first character."""

    start: int
    end: int
    start_char: int


def _sentences(doc: Doc, t) -> list[_Sentence]:
    """The sentences of ``doc`` as ``doc.sents`` gives them; the whole Doc without
    sentence annotation."""
    n = len(doc)
    if not doc.has_annotation("SENT_START"):
        return [_Sentence(0, n, 0)]
    starts = t.sentence_starts(doc)
    ends = starts[1:] + [n]
    return [_Sentence(s, e, t.idx[s]) for s, e in zip(starts, ends)]


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
    """What the decisions of one Doc look up: text, actors, sentences, blocks, quotes."""

    def __init__(self, doc: Doc, actors: list[_Actor], sentences: list[_Sentence],
                 registry: dict, skippable: frozenset = frozenset(),
                 roles: frozenset = frozenset()):
        self.doc = doc
        self.t = token_table(doc)
        self.text = self.t.doc_text
        self.skippable, self.roles = skippable, roles
        self.actors, self.registry = actors, registry
        self.starts = [a.start for a in actors]
        self.ends = [a.end for a in actors]
        self.breaks = [m.start() for m in _article.block_break(self.text).finditer(self.text)]
        self.sentences = sentences
        self.sent_starts = [s.start for s in sentences]
        self.last: tuple[int, str] | None = None  # (block, source) of the last named speaker
        self._sent_flags: list[bool] | None = None

    def after(self, k: int):
        """The actors from the ``k``-th on, in order (without copying the list)."""
        actors = self.actors
        for j in range(k, len(actors)):
            yield actors[j]

    def sent_flags(self) -> list[bool]:
        """``token.is_sent_start`` of every token, read once."""
        if self._sent_flags is None:
            self._sent_flags = self.t.sent_starts(self.doc)
        return self._sent_flags

    def block_of(self, char: int) -> int:
        return bisect.bisect_right(self.breaks, char)

    def sent_index(self, token: int) -> int:
        return bisect.bisect_right(self.sent_starts, token) - 1

    def words(self, start: int, end: int) -> str:
        """The text of tokens ``start:end`` (as ``doc[start:end].text``)."""
        return self.text[self.t.idx[start]:self.t.end[end - 1]]

    def kind(self, actor_id: str) -> str:
        return self.registry.get(actor_id, {}).get("kind", "other")

    def oblique(self, actor: _Actor) -> bool:
        """Whether the actor follows a preposition ("a Putin", "con il ministro Lavrov",
        "dall'agenzia Ria Novosti"), over at most three articles or lower-case words."""
        t = self.t
        if self._after_preposition(actor.start):
            return True
        # a role phrase right before the name ("del ministro della Difesa italiano Guido
        # Crosetto") is oblique or not by what stands before its role noun
        for k in range(actor.start - 1, max(-1, actor.start - 8), -1):
            if t.is_punct[k] and t.text[k] not in {"’", "'"}:
                break
            if t.lower[k] in self.roles:
                return self._after_preposition(k)
        return self._after_preposition(actor.start)

    def _after_preposition(self, i: int) -> bool:
        lower = self.t.lower
        for k in range(i - 1, max(-1, i - 5), -1):
            low = lower[k]
            if low in _OBLIQUE:
                return True
            if low not in self.skippable:
                return False
        return False


class Attribution:
    """Find attributions, then write them onto the quotation and claim spans."""

    def __init__(self, nlp: Language, name: str = "inquadra_attribution",
                 cues_path: str | None = None, quotes_key: str = "quotes",
                 claims_key: str = "claims", cues_key: str = "cues"):
        self.name = name
        self.quotes_key, self.claims_key, self.cues_key = quotes_key, claims_key, cues_key
        register_extensions()
        self.matcher = Matcher(nlp.vocab)
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._kinds: dict[int, tuple[str, str]] = {}
        verbs = []
        for entry in read_lexicon(lexicon_path("reporting_verbs", cues_path)):
            if entry["kind"] == "verb" and isinstance(entry["pattern"], str):
                verbs.append(entry)
                continue
            key = f"{entry['kind']}:{entry['id']}"
            phrases = _as_phrases(entry["pattern"])
            if phrases is None:
                self.matcher.add(key, [entry["pattern"]])
            else:
                self.phrases.add(key, [nlp.make_doc(p) for p in phrases])
            self._kinds[nlp.vocab.strings[key]] = (entry["kind"], entry["id"])
        self.forms = {f.form: f for f in _verb_forms.verb_forms(verbs)}
        self.roles = frozenset(r["pattern"].split()[0]
                               for r in read_lexicon(lexicon_path("roles")))
        # words between a preposition and a name that keep the name oblique
        # ("con il presidente francese Macron", "dall'agenzia Ria Novosti")
        self.skippable = frozenset(
            self.roles | {r["pattern"] for r in read_lexicon(lexicon_path("nationalities"))}
            | _ARTICLES | {"agenzia", "quotidiano", "giornale", "tv", "emittente", "sito",
                           "testata", "collega", "omologo", "omologa", "suo", "sua", "loro",
                           "nuovo", "nuova", "ex", "stesso", "stessa"})
        by_kind: dict[str, list[str]] = {}
        for f in self.forms.values():
            by_kind.setdefault(f.kind, []).append(f.form)
        for kind, forms in by_kind.items():
            key = f"verb_{kind}"
            self.phrases.add(key, [nlp.make_doc(f) for f in forms])
            self._kinds[nlp.vocab.strings[key]] = (key, "")

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    # -- finding ---------------------------------------------------------
    def match(self, doc: Doc) -> tuple[list[_Cue], list[Attributed]]:
        """Cues and attribution decisions for the quotations and claims of the Doc."""
        quotes = sorted(doc.spans[self.quotes_key], key=lambda s: s.start) \
            if self.quotes_key in doc.spans else []
        q_starts = [q.start for q in quotes]
        q_ends = [q.end for q in quotes]

        def in_quote(i: int) -> bool:
            k = bisect.bisect_right(q_starts, i) - 1
            return k >= 0 and q_starts[k] <= i < q_ends[k]

        t = token_table(doc)
        low, n = t.lower, len(doc)
        cues = self._cues(doc, in_quote)
        if not quotes and not any(self._may_open(low, c) for c in cues):
            return cues, []
        registry = doc.user_data.get(ACTORS_KEY, {})
        actors = [_Actor(e.start, e.end, e.id) for e in entities(doc)
                  if e.id in registry and not in_quote(e.start)]
        sents = _sentences(doc, t)
        ctx = _Context(doc, actors, sents, registry, self.skippable, self.roles)
        ctx.all_cues = cues
        cues_by_sent: dict[int, list[_Cue]] = {}
        for c in cues:
            cues_by_sent.setdefault(ctx.sent_index(c.start), []).append(c)
        quotes_by_sent: dict[int, list[tuple[int, int]]] = {}
        for q_start, q_end in zip(q_starts, q_ends):
            quotes_by_sent.setdefault(ctx.sent_index(q_start), []).append((q_start, q_end))

        resolved: dict[_Cue, tuple[str, str | None, bool]] = {}
        frames: dict[int, tuple[str, str] | None] = {}

        def frame_of(si: int):
            if si not in frames:
                frames[si] = None
                for c in cues_by_sent.get(si, []):
                    if c.kind == "according_to" and c.end + 1 < n and \
                            low[c.end] in _ARTICLES_ELIDED and low[c.end + 1] in self.roles and (
                                c.end + 2 >= n or t.text[c.end + 2] == ","):
                        person = self._recent_person(ctx, c.start, ctx.block_of(t.idx[c.start]))
                        if person:  # "Secondo la portavoce, …"
                            frames[si] = (person, ctx.words(c.start, c.end + 2), c.kind)
                            break
                    if c.kind in {"readout", "according_to"}:
                        found = self._actor_after(ctx, c, sents[si].end,
                                                  4 if c.kind == "according_to" else n,
                                                  c.kind == "according_to")
                        if found:
                            frames[si] = (found.id, self._cue_text(ctx, c, found), c.kind)
                            break
            return frames[si]

        def decide(cue: _Cue | None, post: bool, span: Span, block: int, verbs, frame):
            if frame:
                return frame[0], frame[1], False
            if cue is None:
                return None
            if cue not in resolved:
                earlier = [c for c in verbs if c.end <= cue.start and c.kind == "verb"]
                if earlier and cue.start and low[cue.start - 1] in _COORDINATORS:
                    # "… ha detto … e ha invitato", "… ha chiarito …, ma ha aggiunto"
                    resolved[cue] = decide(earlier[-1], False, span, block, verbs, frame)
                else:
                    resolved[cue] = self._resolve(ctx, cue, post, span, block)
            return resolved[cue]

        out: list[Attributed] = []
        for si in sorted(set(cues_by_sent) | set(quotes_by_sent)):
            sent = sents[si]
            block = ctx.block_of(sent.start_char)
            # the quotations that start here; a quotation with full stops inside may end
            # sentences later, and its cues are those of all the sentences it spans
            for q_start, q_end in quotes_by_sent.get(si, []):
                sj = max(si, ctx.sent_index(q_end - 1))
                span = _Sentence(sent.start, sents[sj].end, sent.start_char)
                s_cues = [c for k in range(si, sj + 1) for c in cues_by_sent.get(k, [])]
                verbs = [c for c in s_cues if c.kind not in _FRAME_KINDS]
                frame = next((f for f in (frame_of(k) for k in range(si, sj + 1)) if f), None)
                post = next((c for c in verbs if 0 <= c.start - q_end <= 2
                             and all(t.is_punct[q_end:c.start])), None)
                before = next((c for c in reversed(verbs) if c.end <= q_start), None)
                after = next((c for c in verbs if c.start >= q_end), None)
                result = None
                readout = frame is not None and frame[2] == "readout"
                if readout:
                    result = frame[:2] + (False,)
                elif post is not None:
                    result = self._speaker_after(ctx, post, span.end, block)
                if result is None and not readout:
                    result = self._next_sentence(ctx, sj, q_end, block)
                if result is None and not readout:
                    result = self._colon_speaker(ctx, q_start, sent.start)
                if result is None and not readout:
                    result = self._per_frame(ctx, sent.start, q_start)
                if result is None:
                    cue = before or post or after
                    if cue is None and self._after_colon(t, q_start, sent.start):
                        cue = next((c for c in reversed(cues_by_sent.get(si - 1, []))
                                    if c.kind not in _FRAME_KINDS), None)
                    result = decide(cue, cue is post and post is not None, span, block, verbs,
                                    None)
                    # "Secondo l'agenzia X, Y ha detto «…»": the verb's subject speaks; the
                    # frame names the speaker only when the verb has none of its own
                    if frame and (result is None or result[0] == UNRECOGNISED or result[2]):
                        result = frame[:2] + (False,)
                if result is None and ctx.last and ctx.last[0] == block:
                    result = (ctx.last[1], None, True)  # a quotation that follows another
                if result is None:
                    result = (UNATTRIBUTED, None, False)
                source, cue_text, inferred = result
                if source not in (UNATTRIBUTED, UNRECOGNISED) and not inferred:
                    ctx.last = (block, source)
                out.append(Attributed(q_start, q_end, "quote", source, self.side(ctx, source),
                                      cue_text, inferred))
            s_cues = cues_by_sent.get(si, [])
            verbs = [c for c in s_cues if c.kind not in _FRAME_KINDS]
            frame = frame_of(si)
            openers = [c for c in verbs if c.kind == "verb" and c.end < sent.end
                       and low[c.end] in _OPENERS]
            for k, c in enumerate(openers):
                end = openers[k + 1].start if k + 1 < len(openers) else sent.end
                while end > c.end + 1 and (t.is_punct[end - 1] or t.is_space[end - 1]):
                    end -= 1
                if end <= c.end + 1:
                    continue
                readout = frame is not None and frame[2] == "readout"
                result = decide(c, False, sent, block, verbs, frame if readout else None)
                if frame and (result is None or result[0] == UNRECOGNISED or result[2]):
                    result = frame[:2] + (False,)  # the verb's own subject first, as for quotes
                source, cue_text, inferred = result or (UNATTRIBUTED, None, False)
                out.append(Attributed(c.end + 1, end, "claim", source, self.side(ctx, source),
                                      cue_text, inferred))
            if frame:
                ctx.last = (block, frame[0])
        self._headline_repeats(t, out)
        return cues, out

    @staticmethod
    def _headline_repeats(t, decisions: list) -> None:
        """A headline quotation that repeats a later one takes that one's speaker."""
        first_line = t.doc_text.find("\n")
        if first_line < 0:
            return
        def inner(d):
            return " ".join(t.words(d.start, d.end).strip("«»“”\"' ").split()).casefold()
        for k, d in enumerate(decisions):
            if d.kind != "quote" or t.idx[d.start] >= first_line or d.source not in (
                    UNATTRIBUTED, UNRECOGNISED):
                continue
            words = inner(d)
            for later in decisions[k + 1:]:
                if later.kind == "quote" and later.source not in (UNATTRIBUTED, UNRECOGNISED) \
                        and words and words in inner(later):
                    decisions[k] = Attributed(d.start, d.end, d.kind, later.source, later.side,
                                              later.cue, True)
                    break

    @staticmethod
    def side(ctx: _Context, source: str) -> str:
        """The side of a source id (``unattributed`` for no source)."""
        if source in (UNATTRIBUTED, UNRECOGNISED):
            return UNATTRIBUTED
        return ctx.registry.get(source, {}).get("side", "other")

    def _cues(self, doc: Doc, in_quote) -> list[_Cue]:
        found = []
        matches = list(self.phrases(doc)) + (list(self.matcher(doc)) if len(self.matcher) else [])
        low = token_table(doc).lower
        for match_id, start, end in matches:
            if in_quote(start):
                continue
            kind, cue_id = self._kinds[match_id]
            if kind.startswith("verb_"):
                cue = self._verb_cue(low, start, kind[5:])
                if cue is not None:
                    found.append(cue)
                continue
            found.append(_Cue(start, end, kind, cue_id))
        found.sort(key=lambda c: (c.start, -(c.end - c.start)))
        kept: list[_Cue] = []
        for c in found:
            if not kept or c.start >= kept[-1].end:
                kept.append(c)
        return kept

    def _verb_cue(self, low: list[str], i: int, kind: str) -> _Cue | None:
        """A reporting-verb cue at token ``i`` (``low``: the Doc's lower-case words): a
        participle needs its auxiliary ("ha poi aggiunto"); a finite form after an
        article is a noun ("l'accusa")."""
        form = self.forms[low[i]]
        prev = low[i - 1] if i else ""
        if kind == "participle":
            k = i - 1
            while k >= 0 and i - k <= 4 and low[k] in _BETWEEN_AUX:
                k -= 1
            if k < 0 or low[k] not in _verb_forms.AUXILIARIES:
                return None
            start = k - 1 if k and low[k - 1] in _LEAD_INS else k
            return _Cue(start, i + 1, "verb", form.verb)
        if prev in _NOUN_BEFORE:
            return None
        start = i - 1 if i and prev in _LEAD_INS else i
        return _Cue(start, i + 1, "verb", form.verb)

    @staticmethod
    def _may_open(low: list[str], cue: _Cue) -> bool:
        """Whether a cue could open a reported claim ("ha detto che ..."); ``low``: the
        Doc's lower-case words."""
        return cue.kind == "verb" and cue.end < len(low) and low[cue.end] in _OPENERS

    @staticmethod
    def _cue_text(ctx: _Context, cue: _Cue, actor: _Actor) -> str:
        if actor.start - cue.end <= 4 and actor.start >= cue.end:
            return ctx.words(cue.start, actor.end)
        return f"{ctx.words(cue.start, cue.end)} … {ctx.words(actor.start, actor.end)}"

    def _actor_after(self, ctx: _Context, cue: _Cue, limit_end: int, limit: int,
                     to_comma: bool = False):
        """The first actor (not a group) after a frame cue, within ``limit`` tokens (and
        before the first comma, with ``to_comma``)."""
        if to_comma:
            for i in range(cue.end, min(limit_end, cue.end + limit + 1)):
                if ctx.t.text[i] == ",":
                    limit_end = i
                    break
        for a in ctx.after(bisect.bisect_left(ctx.starts, cue.end)):
            if a.start >= limit_end or a.start - cue.end > limit:
                return None
            if ctx.kind(a.id) != "group":
                return a
        return None

    def _speaker_after(self, ctx: _Context, cue: _Cue, limit_end: int, block: int = -1):
        """The speaker in the window after a verb: the first actor not after a preposition,
        skipping adverbs, time words, articles and role phrases; None if the verb has no
        subject there."""
        lower = ctx.t.lower
        k = bisect.bisect_left(ctx.starts, cue.end)
        stop = min(limit_end, cue.end + _SPEAKER_WINDOW)
        for i in range(cue.end, stop):
            low = lower[i]
            if low in _WINDOW_STOP and (low not in _OPENERS or i == cue.end):
                stop = i
                break
        for a in ctx.after(k):
            if a.start >= stop:
                break
            if not ctx.oblique(a):
                return a.id, self._cue_text(ctx, cue, a), False
        # "…», ha detto la presidente del Consiglio": a role phrase with no name, after a
        # person just named in the paragraph, is that person
        for i in range(cue.end, stop - 1):
            if lower[i] in _ARTICLES and lower[i + 1] in self.roles:
                person = self._recent_person(ctx, cue.start, block)
                if person is not None:
                    return person, ctx.words(cue.start, i + 2), False
                break
        return None

    @staticmethod
    def _recent_person(ctx: _Context, before: int, block: int) -> str | None:
        """The last person named before token ``before``, in this paragraph or the one before."""
        k = bisect.bisect_right(ctx.ends, before) - 1
        while k >= 0:
            a = ctx.actors[k]
            if block >= 0 and block - ctx.block_of(ctx.t.idx[a.start]) > 1:
                return None
            if ctx.kind(a.id) == "person" and not ctx.oblique(a):
                return a.id
            k -= 1
        return None

    def _next_sentence(self, ctx: _Context, si: int, q_end: int, block: int):
        """"«…». Lo ha dichiarato X", "Così X", "È quanto ha detto X" in the next sentence."""
        t = ctx.t
        punct, space = t.is_punct, t.is_space
        if not all(punct[i] or space[i] for i in range(q_end, ctx.sentences[si].end)) or \
                si + 1 >= len(ctx.sentences):
            return None
        nxt = ctx.sentences[si + 1]
        if ctx.block_of(nxt.start_char) - block > 1:
            return None
        words = t.lower[nxt.start:min(nxt.end, nxt.start + 4)]
        if not words:
            return None
        if words[:3] in (["con", "queste", "parole"], ["queste", "le", "parole"]) or \
                words[:2] in (["parole", "di"], ["parole", "del"], ["parole", "della"]):
            for a in ctx.after(bisect.bisect_left(ctx.starts, nxt.start)):
                if a.start >= nxt.end:
                    break
                if not ctx.oblique(a) or words[0] in {"queste", "parole"}:
                    return a.id, ctx.words(nxt.start, a.end), False
        if words[0] == "così" or words[:2] in (["è", "quanto"], ["questo", "quanto"]) or \
                words[0] in _LEAD_INS or (words[0] in {"ha", "hanno"}):
            limit = nxt.start + (5 if words[0] == "così" else 4)
            cue = next((c for c in ctx.all_cues
                        if nxt.start <= c.start <= limit and c.kind == "verb"), None)
            if cue is not None:
                return self._speaker_after(ctx, cue, nxt.end, block)
            if words[0] == "così":
                a = self._actor_after(ctx, _Cue(nxt.start, nxt.start + 1, "frame", ""), nxt.end, 5)
                if a is not None:
                    return a.id, ctx.words(nxt.start, a.end), False
        return None

    @staticmethod
    def _per_frame(ctx: _Context, sent_start: int, q_start: int):
        """"Per Davide Ronchi, …: «…»": a sentence opening "Per" + an actor + a comma."""
        t = ctx.t
        if t.lower[sent_start] != "per":
            return None
        k = bisect.bisect_left(ctx.starts, sent_start + 1)
        if k < len(ctx.actors):
            a = ctx.actors[k]
            if a.start <= sent_start + 3 and a.end < q_start and t.text[a.end] == ",":
                return a.id, ctx.words(sent_start, a.end), False
        return None

    @staticmethod
    def _after_colon(t, q_start: int, sent_start: int) -> bool:
        """Whether the quotation opens its sentence right after a colon in the one before
        (``t``: the Doc's token table)."""
        return q_start == sent_start and q_start > 0 and any(
            t.text[k] == ":" for k in range(max(0, q_start - 2), q_start))

    @staticmethod
    def _colon_speaker(ctx: _Context, q_start: int, sent_start: int):
        """"X: «…»", "Rutte ai cronisti: «…»": the first actor not after a preposition
        between the start of the phrase (a sentence, or a live blog's "ore 9.30 –") and a
        colon right before the quotation."""
        t = ctx.t
        txt, low = t.text, t.lower
        if q_start < 2 or txt[q_start - 1] != ":":
            return None
        sent = ctx.sent_flags()
        start = sent_start
        for k in range(q_start - 2, sent_start - 1, -1):
            if txt[k] in _PHRASE_ENDS or sent[k]:
                start = k + 1 if txt[k] in _PHRASE_ENDS else k
                break
        lo = bisect.bisect_left(ctx.starts, start)
        for a in ctx.after(lo):
            if a.start >= q_start - 1:
                break
            if not ctx.oblique(a) or (a.start >= 2 and low[a.start - 1] in
                                      {"di", "del", "della", "dell’", "dell'"}
                                      and low[a.start - 2] in _SPEECH_NOUNS):
                return a.id, ctx.words(a.start, q_start), False  # "il discorso di Putin:"
        return None

    def _resolve(self, ctx: _Context, cue: _Cue, post: bool, sent: _Sentence, block: int):
        t, actors = ctx.t, ctx.actors
        cue_text = ctx.words(cue.start, cue.end)
        found = self._speaker_after(ctx, cue, sent.end, block)
        if post and found:
            return found
        # the verb's subject before it in the sentence: the nearest actor not after a
        # preposition, outside quotations
        hi = bisect.bisect_right(ctx.ends, cue.start)
        lo = bisect.bisect_left(ctx.starts, sent.start)
        for k in range(hi - 1, lo - 1, -1):
            if not ctx.oblique(actors[k]) and ctx.kind(actors[k].id) != "other":
                return actors[k].id, cue_text, False
        if found and not post:
            return found
        if ctx.last and ctx.last[0] == block:
            return ctx.last[1], cue_text, True
        # the person or body the paragraph has just named ("… l'ambasciatore, X. «…», ha
        # detto"), if named after the last speaker
        for k in range(hi - 1, -1, -1):
            a = actors[k]
            if ctx.block_of(t.idx[a.start]) != block:
                break
            if not ctx.oblique(a) and ctx.kind(a.id) in {"person", "org", "institution"}:
                return a.id, cue_text, True
        if ctx.last and block - ctx.last[0] == 1:
            return ctx.last[1], cue_text, True
        for k in range(hi - 1, -1, -1):
            a = actors[k]
            if block - ctx.block_of(t.idx[a.start]) > 1:
                break
            nxt = a.end if a.end < len(t.lower) else None
            if nxt is not None and t.is_alpha[nxt] and t.is_lower[nxt] and \
                    t.lower[nxt] not in _NOT_AFTER_SUBJECT and not ctx.oblique(a):
                return a.id, cue_text, True
        return UNRECOGNISED, cue_text, False

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
            set_span_extensions(span, {"source": d.source, "side": d.side, "cue": d.cue,
                                       "inferred": d.inferred})
        doc.spans[self.claims_key] = claims


@Language.factory(
    "inquadra_attribution",
    default_config={"cues_path": None, "quotes_key": "quotes", "claims_key": "claims",
                    "cues_key": "cues"},
)
def make_attribution(nlp: Language, name: str, cues_path, quotes_key: str, claims_key: str,
                     cues_key: str) -> Attribution:
    """Factory of the attribution component."""
    return Attribution(nlp, name, cues_path, quotes_key, claims_key, cues_key)
