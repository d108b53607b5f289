"""Attribution: who says each quotation and each reported claim.

Cues come from ``data/lexicons/reporting_verbs.jsonl``: about a hundred reporting
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
3. a next sentence that opens "Lo ha ⟨verb⟩ X", "Così X", "È quanto ⟨verb⟩ X",
   "Fanno sapere fonti di X", or with its subject and a pronoun or "così"
   ("X lo ha ribadito", "X ha aperto così"), unless the quotation's own sentence
   names its speaker before it ("X ha dichiarato che «…». Lo riferisce l'agenzia Y");
4. a frame before the quotation ("X ha detto:", "X: «…»", "Gaza, X: «…»",
   "secondo X,", "Per il ministro X «…»", "X, che ha parlato di «…»"), taking its
   subject: never a name after "a", "con", "contro", "di" …, never a name inside a
   quotation; a subject after a verb set off by commas ("…, ha aggiunto X, …") first;
5. an interview's answer (right after a question) is the interviewee's;
6. for a verb with no subject, the body its subject stands for ("L'azienda ha
   spiegato"), the previous speaker of the paragraph (or the one before), else the
   nearest actor in subject position: ``inferred``; a quotation with no cue after
   another, or opening the next paragraph, goes on with its speaker, ``inferred``;
   an unnamed subject ("dice un residente") is ``"unrecognised"``.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from dataclasses import dataclass
from typing import NamedTuple

import numpy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, SpanGroup

from .. import verb_forms as _verb_forms
from . import (entity_rows, extensions_in_user_data, lexicon_path, read_lexicon,
               register_extensions, set_span_extensions, speakers, token_table)
from .phrases import PhraseIndex, phrase_docs
from .speakers import (DASHES, LEAD_INS, NO_ENTRY, OBLIQUE, OF_WORDS, SOURCE_NOUNS,
                       UNATTRIBUTED, UNRECOGNISED, Context, Cue)
from .actors import ACTORS_KEY

__all__ = ["UNATTRIBUTED", "UNRECOGNISED", "Attributed", "Attribution", "make_attribution"]

_OPENERS = {"che", "di"}
_NOT_AFTER_SUBJECT = OBLIQUE | {"e", "ed", "o", "come", "che", "il", "lo", "la", "i", "gli",
                                 "le", "un", "una", "durante", "nei", "negli"}
_WINDOW_STOP = {"che", "di", ":", ";", ".", "!", "?", "«", "“", "\"", "»", "”", "e", "ma"}
_NOUN_BEFORE = {"il", "la", "l’", "l'", "le", "un", "una", "un’", "un'", "sua", "suo",
                "della", "dalla", "nella", "alla", "sulla", "questa", "quella", "nuova", "dell’", "dall’", "nell’", "all’", "sull’", "dell'", "nell'", "prima", "ogni"}
_BETWEEN_AUX = {"poi", "anche", "inoltre", "già", "più", "lo", "la", "l’", "l'", "gli", "le",
                "ci", "mi", "ne", "non", "pure", "infatti", "invece", "quindi", "ancora",
                "sempre", "oggi", "ieri", "così", "subito", "nuovamente", "detto", "spesso"}
# the verbs after which an infinitive reports speech: "ha voluto precisare", "tiene a
# sottolineare", "si è limitato a dire", "è tornato a chiedere" (not "vuole spiegare",
# which says what someone means to do)
_MODALS = {"voluto", "voluta", "volle"}
_MODALS_WITH_A = {"tenuto", "tenuta", "tiene", "tengono", "teneva", "limitato", "limitata",
                  "limita", "tornato", "tornata", "torna"}
_MODAL_PARTICIPLES = {"voluto", "voluta", "tenuto", "tenuta", "limitato", "limitata",
                      "tornato", "tornata"}
_MODAL_AUXILIARIES = _verb_forms.AUXILIARIES | {"è", "era", "sarebbe", "sono"}
_SPEAKER_WINDOW = 12
_COORDINATORS = {"e", "ed", "ma", "poi", "però", "quindi"}
_ARTICLES = {"il", "lo", "la", "l’", "l'", "i", "gli", "le"}
_ARTICLES_ELIDED = _ARTICLES | {"l’", "l'"}
_CLOSERS = {"»", "”", '"', "''"}  # the marks that close a quotation
_QUOTE_OPENERS = {"«", "“", '"', "''"}
_INDEFINITE = {"un", "una", "uno", "un’", "un'"}
_FROM = {"da", "dal", "dalla", "dallo", "dai", "dagli", "dalle", "dall’", "dall'"}
_SUBJECT_PRONOUNS = {"lei", "lui", "egli", "ella", "essa", "esso"}
# the pronouns that take up a quotation in the next sentence ("Lo ha dichiarato X",
# "Ne ha parlato X"); "Gli ha risposto X" answers the speaker instead
_TAKE_UP = {"lo", "la", "l’", "l'", "ne"}
# people a report leaves unnamed ("dice un residente", "racconta una madre"), besides roles
_PEOPLE = {"vicino", "vicina", "passante", "donna", "uomo", "ragazzo", "ragazza", "signora",
           "signore", "anziano", "anziana", "madre", "padre", "mamma", "papà", "figlio", "figlia",
           "genitore", "insegnante", "maestra", "maestro", "infermiere", "infermiera",
           "soldato", "militare", "cliente", "utente", "lettore", "lettrice", "manifestante",
           "pensionato", "pensionata", "turista", "fonte", "collega", "dipendente", "agente",
           "poliziotto", "poliziotta", "vigile", "paziente", "sopravvissuto", "sopravvissuta",
           "profugo", "profuga", "rifugiato", "rifugiata", "negoziante", "tassista", "autista"}
# nouns that stand for a body just named ("Secondo il dicastero, …"), and the words one of
# the body's names holds
_BODY_NOUNS = {"dicastero": ("ministero", "dicastero"), "ministero": ("ministero",),
               "governo": ("governo", "esecutivo"), "esecutivo": ("governo", "esecutivo"),
               "esercito": ("esercito", "forze armate"), "comando": ("comando",),
               "partito": ("partito",), "procura": ("procura",), "ambasciata": ("ambasciata",),
               "comune": ("comune",), "regione": ("regione",)}
# nouns that stand for the company a report is about ("L'azienda ha spiegato")
_COMPANY_NOUNS = {"azienda", "società", "ditta", "impresa", "multinazionale", "proprietà"}
# the first words of the next sentence that _next_sentence looks further at
_NEXT_OPENERS = {"con", "queste", "parole", "parola", "sono", "così", "è", "questo", "ha",
                 "hanno"} | LEAD_INS
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


class _Decision(NamedTuple):
    """An :class:`Attributed` while the component works: a tuple costs a fraction of a
    frozen dataclass to build, and ``__call__`` never hands it out."""

    start: int
    end: int
    kind: str
    source: str
    side: str
    cue: str | None
    inferred: bool


_EXTENSIONS = ("source", "side", "cue", "inferred")  # in the order they are written


def _in_quote(i: int, q_starts: list[int], q_ends: list[int]) -> bool:
    """Whether token ``i`` lies in the last quotation (by start) that starts at or before
    it (``q_starts``, ``q_ends``: the quotations sorted by start)."""
    k = bisect.bisect_right(q_starts, i) - 1
    return k >= 0 and i < q_ends[k]


def _actors(ents: list[tuple], registry: dict, q_starts: list[int],
            q_ends: list[int]) -> tuple[list[int], list[int], list[str]]:
    """The entities of the registry (``ents``: :func:`entity_rows`) outside quotations (as
    :func:`_in_quote` says), as three lists: starts, ends and ids, in order.

    :func:`entities` keeps what it reads for the components after this one; the actors
    are plain lists here, as a tuple per actor, alive until the Doc is done, would cost
    more in garbage collector passes than in building it."""
    if not ents:
        return [], [], []
    starts, ends, _, ids = (list(column) for column in zip(*ents))
    keep = None
    if q_starts:  # _in_quote of every entity at once
        at = numpy.array(starts)
        k = numpy.searchsorted(q_starts, at, side="right") - 1
        keep = ~((k >= 0) & (at < numpy.array(q_ends)[numpy.maximum(k, 0)]))
    if not registry.keys() >= set(ids):  # else every entity is an actor, as it is in practice
        known = numpy.array([i in registry for i in ids])
        keep = known if keep is None else keep & known
    if keep is None or keep.all():
        return starts, ends, ids
    keep = keep.tolist()
    return (list(itertools.compress(starts, keep)), list(itertools.compress(ends, keep)),
            list(itertools.compress(ids, keep)))


def _sentences(doc: Doc, t, flags: numpy.ndarray) -> tuple[list[int], list[int]]:
    """The first and end tokens of the sentences of ``doc``, as ``doc.sents`` gives them
    (``flags``: ``t.sentence_flags(doc)``); the whole Doc without sentence annotation."""
    n = len(doc)
    if not doc.has_annotation("SENT_START"):
        return [0], [n]
    starts = t.sentence_starts(doc, flags)
    return starts, starts[1:] + [n]


def _auxiliary(low: list[str], head: int, auxiliaries) -> int | None:
    """The token of the auxiliary of the participle at ``head`` ("ha poi aggiunto", "si è
    limitato"), at most four words before it over adverbs and pronouns; else None."""
    k = head - 1
    while k >= 0 and head - k <= 4 and low[k] in _BETWEEN_AUX:
        k -= 1
    return k if k >= 0 and low[k] in auxiliaries else None


def _body_named(ctx: Context, noun: str, before: int, block: int) -> str | None:
    """The body a noun stands for, named before token ``before``: for "l'azienda", "la
    società", the last company named; for "il dicastero", "la procura", the last body of
    this paragraph or the one before whose name holds such a word; else None."""
    if noun in _COMPANY_NOUNS:
        return speakers.recent_actor(ctx, before, block, lambda k: ctx.kind(ctx.ids[k]) == "org",
                                     reach=None)
    if noun in _BODY_NOUNS:
        return speakers.recent_body(ctx, before, block, _BODY_NOUNS[noun])
    return None


def _kind_of(kind: str, cue_id: str) -> tuple[str, str, str | None]:
    """A match key's kind, cue id, and the form kind of a reporting verb's key
    ("verb_participle" -> "participle"; None for other keys)."""
    return kind, cue_id, kind[5:] if kind.startswith("verb_") else None


class Attribution:
    """Find attributions, then write them onto the quotation and claim spans."""

    def __init__(self, nlp: Language, name: str = "inquadra_attribution",
                 cues_path: str | None = None, quotes_key: str = "quotes",
                 claims_key: str = "claims", cues_key: str = "cues"):
        self.name = name
        self.quotes_key, self.claims_key, self.cues_key = quotes_key, claims_key, cues_key
        register_extensions()
        self.matcher = Matcher(nlp.vocab)
        phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        patterns: list[tuple[str, list[Doc]]] = []  # as added to ``phrases``
        self._kinds: dict[int, tuple[str, str, str | None]] = {}
        verbs = []
        for entry in read_lexicon(lexicon_path("reporting_verbs", cues_path)):
            if entry["kind"] == "verb" and isinstance(entry["pattern"], str):
                verbs.append(entry)
                continue
            key = f"{entry['kind']}:{entry['id']}"
            docs = phrase_docs(nlp, entry["pattern"])
            if docs is None:
                self.matcher.add(key, [entry["pattern"]])
            else:
                patterns.append((key, docs))
                phrases.add(key, docs)
            self._kinds[nlp.vocab.strings[key]] = _kind_of(entry["kind"], entry["id"])
        self.forms = {f.form: f for f in _verb_forms.verb_forms(verbs)}
        self.roles = frozenset(r["pattern"].split()[0]
                               for r in read_lexicon(lexicon_path("roles")))
        # words between a preposition and a name that keep the name oblique
        # ("con il presidente francese Macron", "dall'agenzia Ria Novosti")
        self.nationalities = frozenset(r["pattern"]
                                       for r in read_lexicon(lexicon_path("nationalities")))
        self.skippable = frozenset(
            self.roles | self.nationalities
            | _ARTICLES | {"agenzia", "quotidiano", "giornale", "tv", "emittente", "sito",
                           "testata", "collega", "omologo", "omologa", "suo", "sua", "loro",
                           "nuovo", "nuova", "ex", "stesso", "stessa"})
        by_kind: dict[str, list[str]] = {}
        for f in self.forms.values():
            by_kind.setdefault(f.kind, []).append(f.form)
        for kind, forms in by_kind.items():
            key = f"verb_{kind}"
            patterns.append((key, [nlp.make_doc(f) for f in forms]))
            phrases.add(key, patterns[-1][1])
            self._kinds[nlp.vocab.strings[key]] = _kind_of(key, "")
        #: the phrase patterns, matched as ``phrases`` matches them
        self.phrases = PhraseIndex(phrases, patterns)

    def __call__(self, doc: Doc) -> Doc:
        # the quotation spans are read once: each Span a SpanGroup hands out builds
        # three Token objects
        quotes = self._quotes(doc)
        cues, decisions = self._find(doc, quotes)
        self._write(doc, cues, decisions, quotes)
        return doc

    # -- finding ---------------------------------------------------------
    def match(self, doc: Doc) -> tuple[list[Cue], list[Attributed]]:
        """Cues and attribution decisions for the quotations and claims of the Doc."""
        cues, decisions = self._find(doc, self._quotes(doc))
        return cues, [Attributed(*d) for d in decisions]

    def _quotes(self, doc: Doc) -> list[Span]:
        """The quotation spans, sorted by start."""
        if self.quotes_key not in doc.spans:
            return []
        return sorted(doc.spans[self.quotes_key], key=operator.attrgetter("start"))

    def _find(self, doc: Doc, quotes: list[Span]) -> tuple[list[Cue], list[_Decision]]:
        """:meth:`match` (``quotes``: :meth:`_quotes`), with the decisions as
        :class:`_Decision` tuples."""
        q_starts = [q.start for q in quotes]
        q_ends = [q.end for q in quotes]
        t = token_table(doc)
        low, n = t.lower, len(doc)
        cues = self._cues(doc, q_starts, q_ends, low)
        if not quotes and not any(self._may_open(low, c) for c in cues):
            return cues, []
        registry = doc.user_data.get(ACTORS_KEY, {})
        sent_flags = t.sentence_flags(doc)
        sents = _sentences(doc, t, sent_flags)
        ents = entity_rows(doc)
        ctx = Context(doc, t, _actors(ents, registry, q_starts, q_ends), ents,
                       sents, sent_flags.tobytes(), cues, registry, self.skippable, self.roles)
        sent_starts, sent_ends = sents
        verbs_all = ctx.verbs
        # the sentence of each quotation (sorted by start); the sentences whose cues may
        # frame them ("secondo", "si legge"), and the verbs that open a claim in each
        # ("ha detto che", in cue order); a sentence with none of these is left as it is
        q_sents = [ctx.sent_index(q) for q in q_starts]
        frame_sents = set()
        openers: dict[int, list[Cue]] = {}
        for c in cues:
            if c.kind in ("readout", "according_to"):
                frame_sents.add(ctx.sent_index(c.start))
            elif c.kind == "verb" and c.end < n and low[c.end] in _OPENERS:
                si = ctx.sent_index(c.start)
                if c.end < sent_ends[si]:
                    openers.setdefault(si, []).append(c)
        visited = sorted(frame_sents | set(openers) | set(q_sents))

        resolved: dict[Cue, tuple[str, str | None, bool]] = {}
        frames: dict[int, tuple[str, str] | None] = {}

        def frame_of(si: int):
            if si not in frame_sents:
                return None
            if si not in frames:
                frames[si] = None
                for c in ctx.cues_in(sent_starts[si], sent_ends[si]):
                    after = c.end + 2  # past "la portavoce" (and "russo", "della diplomazia
                    # russa": lower-case words, no name)
                    while after < min(n, c.end + 7) and t.is_lower[after] and t.is_alpha[after]:
                        after += 1
                    noun = low[c.end + 1] if c.end + 1 < n else ""
                    if c.kind == "according_to" and noun and low[c.end] in _ARTICLES_ELIDED and (
                            noun in self.roles or noun in _BODY_NOUNS
                            or noun in _COMPANY_NOUNS) and (after >= n or t.text[after] == ","):
                        # "Secondo la portavoce, …", "Secondo il leader russo, …": the person
                        # just named; "Secondo il dicastero, …": the body just named
                        block = ctx.block_of(t.idx[c.start])
                        person = speakers.recent_person(ctx, c.start, block) \
                            if noun in self.roles else _body_named(ctx, noun, c.start, block)
                        if person:
                            frames[si] = (person, ctx.words(c.start, after), c.kind)
                            break
                    if c.kind in {"readout", "according_to"}:
                        found = self._actor_after(ctx, c, sent_ends[si],
                                                  4 if c.kind == "according_to" else n,
                                                  c.kind == "according_to")
                        if found is not None:
                            frames[si] = (ctx.ids[found], speakers.cue_text(ctx, c, found), c.kind)
                            break
                        if c.id == "si_legge":
                            # "«…», si legge in un comunicato": the body just named
                            body = speakers.recent_actor(
                                ctx, c.start, ctx.block_of(t.idx[c.start]),
                                lambda k: ctx.kind(ctx.ids[k]) in {"org", "institution"}
                                and not ctx.oblique(k))
                            if body is not None:
                                frames[si] = (body, ctx.words(c.start, c.end), c.kind)
                                break
                        if c.kind == "according_to" and c.end < n and low[c.end] in self.roles:
                            # "è l'appello del primo cittadino": the person just named
                            person = speakers.recent_person(ctx, c.start,
                                                            ctx.block_of(t.idx[c.start]))
                            if person:
                                k = c.end + 1  # the role's words ("primo cittadino")
                                while k < min(n, c.end + 3) and t.is_alpha[k] and t.is_lower[k]:
                                    k += 1
                                frames[si] = (person, ctx.words(c.start, k), c.kind)
                                break
            return frames[si]

        def decide(cue: Cue | None, post: bool, span: tuple[int, int], block: int,
                   verbs: tuple[int, int], frame):
            """``span``: the sentence (or run of sentences) as (start, end) tokens;
            ``verbs``: its non-frame cues, as a range of ``ctx.verbs``."""
            if frame:
                return frame[0], frame[1], False
            if cue is None:
                return None
            if cue not in resolved:
                earlier = None
                if cue.start and low[cue.start - 1] in _COORDINATORS:
                    # the last verb (kind "verb") of the span that ends before this one
                    lo, hi = verbs
                    k = bisect.bisect_right(ctx.verb_ends, cue.start, lo, hi) - 1
                    while k >= lo and verbs_all[k].kind != "verb":
                        k -= 1
                    earlier = verbs_all[k] if k >= lo else None
                if earlier:
                    # "… ha detto … e ha invitato", "… ha chiarito …, ma ha aggiunto"
                    resolved[cue] = decide(earlier, False, span, block, verbs, frame)
                else:
                    resolved[cue] = self._resolve(ctx, cue, post, span[0], span[1], block)
            return resolved[cue]

        out: list[_Decision] = []
        q_blocks: list[int | None] = [None] * len(quotes)
        continued = [False] * len(quotes)  # goes on from the unclosed quotation before
        qi = 0  # the next quotation to decide
        for si in visited:
            sent_start, sent_end = sent_starts[si], sent_ends[si]
            block = ctx.block_of(t.idx[sent_start])
            # the quotations that start here; a quotation with full stops inside may end
            # sentences later, and its cues are those of all the sentences it spans
            while qi < len(q_sents) and q_sents[qi] == si:
                q_start, q_end = q_starts[qi], q_ends[qi]
                # a quotation that goes on from an unclosed one ending the paragraph before
                # («… ¶ «…», ha concluso) belongs to that one's paragraph
                q_block = q_blocks[qi] = block
                if qi and q_blocks[qi - 1] is not None and \
                        ctx.block_of(t.idx[q_ends[qi - 1] - 1]) == block - 1 and \
                        q_start == ctx.block_start(block) and quotes[qi - 1]._.unbalanced:
                    q_block = q_blocks[qi] = q_blocks[qi - 1]
                    continued[qi] = True
                qi += 1
                sj = si if q_end <= sent_end else max(si, ctx.sent_index(q_end - 1))
                span = (sent_start, sent_ends[sj])
                lo, hi = ctx.verb_range(sent_start, span[1])
                frame = None
                if frame_sents:
                    for k in range(si, sj + 1):
                        frame = frame_of(k)
                        if frame:
                            break
                # the first verb at most two tokens after the quotation, past punctuation
                post = None
                for k in range(bisect.bisect_left(ctx.verb_starts, q_end, lo, hi), hi):
                    c = verbs_all[k]
                    if c.start - q_end > 2:
                        break
                    if all(t.is_punct[q_end:c.start]):
                        post = c
                        break
                # the last verb that ends before the quotation, the first that starts after
                k = bisect.bisect_right(ctx.verb_ends, q_start, lo, hi) - 1
                before = verbs_all[k] if k >= lo else None
                k = bisect.bisect_left(ctx.verb_starts, q_end, lo, hi)
                after = verbs_all[k] if k < hi else None
                readout = frame is not None and frame[2] == "readout"
                if readout:
                    result = frame[:2] + (False,)
                else:
                    result = self._interjected(ctx, q_start, q_end)
                if result is None and post is not None:
                    result = self._speaker_after(ctx, post, span[1], q_block)
                if result is None and not readout and before is not None and \
                        before.start >= sent_start:
                    # "Zakharova ha dichiarato che … «…». Lo riferisce l'agenzia RIA
                    # Novosti": the quotation's own sentence names who said it, the next
                    # one who relays it
                    own = decide(before, False, span, q_block, (lo, hi), None)
                    if own is not None and own[0] != UNRECOGNISED and not own[2] and \
                            self._next_sentence(ctx, sj, q_end, q_block) is not None:
                        result = own
                if result is None and not readout:
                    result = self._next_sentence(ctx, sj, q_end, q_block)
                if result is None and not readout:
                    result = speakers.colon_speaker(ctx, q_start, sent_start)
                if result is None and not readout:
                    result = speakers.per_frame(ctx, sent_start, q_start)
                if result is None:
                    cue = before or post or after
                    if cue is None and si > 0 and speakers.after_colon(t, q_start, sent_start):
                        # the last verb of the sentence before
                        plo, phi = ctx.verb_range(sent_starts[si - 1], sent_ends[si - 1])
                        cue = verbs_all[phi - 1] if phi > plo else None
                    result = decide(cue, cue is post and post is not None, span, q_block,
                                    (lo, hi), None)
                    # "Secondo l'agenzia X, Y ha detto «…»": the verb's subject speaks; the
                    # frame names the speaker only when the verb has none of its own
                    if frame and (result is None or result[0] == UNRECOGNISED or result[2]):
                        result = frame[:2] + (False,)
                if result is None:
                    result = speakers.interview_answer(ctx, q_start, sent_start)
                if result is None and ctx.last and (ctx.last[0] == q_block or (
                        ctx.last[0] == q_block - 1 and q_start == ctx.block_start(q_block))):
                    # a quotation that follows another, or opens the next paragraph
                    result = (ctx.last[1], None, True)
                if result is None:
                    result = (UNATTRIBUTED, None, False)
                source, cue_text, inferred = result
                if source not in (UNATTRIBUTED, UNRECOGNISED):
                    ctx.last = (q_block, source)  # the next quotation may go on with them
                out.append(_Decision(q_start, q_end, "quote", source, self.side(ctx, source),
                                     cue_text, inferred))
            frame = frame_of(si)
            s_openers = openers.get(si, ())
            if s_openers:
                lo, hi = ctx.verb_range(sent_start, sent_end)
            for k, c in enumerate(s_openers):
                end = s_openers[k + 1].start if k + 1 < len(s_openers) else sent_end
                while end > c.end + 1 and (t.is_punct[end - 1] or t.is_space[end - 1]):
                    end -= 1
                if end <= c.end + 1:
                    continue
                readout = frame is not None and frame[2] == "readout"
                result = decide(c, False, (sent_start, sent_end), block, (lo, hi),
                                frame if readout else None)
                if frame and (result is None or result[0] == UNRECOGNISED or result[2]):
                    result = frame[:2] + (False,)  # the verb's own subject first, as for quotes
                source, cue_text, inferred = result or (UNATTRIBUTED, None, False)
                if source not in (UNATTRIBUTED, UNRECOGNISED) and not inferred:
                    ctx.last = (block, source)  # "X ha spiegato che …. «…», ha precisato."
                out.append(_Decision(c.end + 1, end, "claim", source, self.side(ctx, source),
                                     cue_text, inferred))
            if frame:
                ctx.last = (block, frame[0])
        # decide() calls itself, so the closures hold one another, and the context with its
        # Doc, in a cycle: let go of them here, so that the Doc is freed as soon as its
        # caller lets go of it, not at the garbage collector's next full pass
        decide = frame_of = None  # noqa: F841
        speakers.continued_quotations(out, continued)
        speakers.headline_repeats(t, out)
        return cues, out

    def _interjected(self, ctx: Context, q_start: int, q_end: int):
        """"«Siamo pronti – ha detto il ministro Guido Crosetto – a trattare»": a reporting
        verb and its speaker between two dashes inside the quotation."""
        t = ctx.t
        low, txt = t.lower, t.text
        dashes = ctx.dashes()
        for n in range(bisect.bisect_left(dashes, q_start + 1), len(dashes)):
            i = dashes[n]
            if i >= q_end - 2:
                break
            if not t.is_space[i - 1] and t.end[i - 1] == t.idx[i]:
                continue  # a dash with a space before it, not a hyphen
            cue = None
            for k in range(i + 1, min(q_end, i + 5)):
                form = self.forms.get(low[k])
                if form is not None:
                    cue = self._verb_cue(low, k, form.kind if form.kind != "after_quote"
                                         else "finite")
                    break
            if cue is None:
                continue
            close = next((k for k in range(cue.end, min(q_end, cue.end + 12))
                          if txt[k] in DASHES), None)
            if close is None:
                continue
            for start, end, _, actor_id in ctx.inner_entities(q_start, q_end):
                if cue.end <= start and end <= close and \
                        low[start - 1] not in OBLIQUE and actor_id in ctx.registry:
                    return actor_id, ctx.words(cue.start, end), False
        return None

    @staticmethod
    def side(ctx: Context, source: str) -> str:
        """The side of a source id (``unattributed`` for no source)."""
        if source in (UNATTRIBUTED, UNRECOGNISED):
            return UNATTRIBUTED
        return ctx.registry.get(source, NO_ENTRY).get("side", "other")

    def _cues(self, doc: Doc, q_starts: list[int], q_ends: list[int],
              low: list[str]) -> list[Cue]:
        """The cues outside quotations (as :func:`_in_quote` says), sorted by start, the
        longest kept where two overlap."""
        found = []
        matches = self.phrases(doc)
        if len(self.matcher):
            matches = list(matches) + list(self.matcher(doc))
        kinds = self._kinds
        for match_id, start, end in matches:
            if q_starts and _in_quote(start, q_starts, q_ends):
                continue
            kind, cue_id, verb_kind = kinds[match_id]
            if verb_kind is not None:
                cue = self._verb_cue(low, start, verb_kind)
                if cue is not None:
                    found.append(cue)
                continue
            found.append(Cue(start, end, kind, cue_id))
        # by start, the longest first (two stable sorts: by end, descending, then by start)
        found.sort(key=operator.itemgetter(1), reverse=True)
        found.sort(key=operator.itemgetter(0))
        kept: list[Cue] = []
        last_end = -1
        for c in found:
            if c.start >= last_end:
                kept.append(c)
                last_end = c.end
        return kept

    def _verb_cue(self, low: list[str], i: int, kind: str) -> Cue | None:
        """A reporting-verb cue at token ``i`` (``low``: the Doc's lower-case words): a
        participle needs its auxiliary ("ha poi aggiunto"); a finite form after an
        article is a noun ("l'accusa")."""
        form = self.forms[low[i]]
        prev = low[i - 1] if i else ""
        if kind == "participle":
            k = _auxiliary(low, i, _verb_forms.AUXILIARIES)
            if k is None:
                return None
            start = k - 1 if k and low[k - 1] in LEAD_INS else k
            return Cue(start, i + 1, "verb", form.verb)
        if kind == "infinitive":  # "ha voluto sottolineare", "ha tenuto a precisare"
            k = i - 2 if prev == "a" and i >= 2 and low[i - 2] in _MODALS_WITH_A else i - 1
            if k < 0 or (low[k] not in _MODALS and k == i - 1):
                return None
            if low[k] in _MODAL_PARTICIPLES:  # its auxiliary: "ha poi voluto", "si è limitato"
                k = _auxiliary(low, k, _MODAL_AUXILIARIES)
                if k is None:
                    return None
            start = k - 1 if k and low[k - 1] in LEAD_INS else k
            return Cue(start, i + 1, "verb", form.verb)
        if kind == "after_quote":  # "«…», attacca la capogruppo"; "parla di «…»"
            k = i - 2 if prev == "," else i - 1
            quoted = i + 2 < len(low) and low[i + 1] == "di" and low[i + 2] in _QUOTE_OPENERS \
                and prev != "si"  # (not the impersonal "si parla di «…»")
            return Cue(i, i + 1, "verb", form.verb) if quoted or (
                k >= 0 and low[k] in _CLOSERS) else None
        if prev in _NOUN_BEFORE:
            return None
        start = i - 1 if i and prev in LEAD_INS else i
        return Cue(start, i + 1, "verb", form.verb)

    @staticmethod
    def _may_open(low: list[str], cue: Cue) -> bool:
        """Whether a cue could open a reported claim ("ha detto che ..."); ``low``: the
        Doc's lower-case words."""
        return cue.kind == "verb" and cue.end < len(low) and low[cue.end] in _OPENERS

    def _actor_after(self, ctx: Context, cue: Cue, limit_end: int, limit: int,
                     to_comma: bool = False) -> int | None:
        """The first actor (not a group) after a frame cue, within ``limit`` tokens (and
        before the first comma, with ``to_comma``)."""
        starts = ctx.starts
        low = ctx.t.lower
        # "l'avvertimento del segretario della Nato Mark Rutte", "secondo il capogruppo
        # della Lega, Massimiliano Romeo,": after a role noun, the person who holds it,
        # past the body it names (and a comma before the name)
        first = cue.end + 1 if cue.end < len(low) and (
            low[cue.end] in _ARTICLES_ELIDED or low[cue.end] in OF_WORDS) else cue.end
        person = first < len(low) and low[first] in self.roles
        if person:
            limit += 6
        if to_comma:
            for i in range(cue.end, min(limit_end, cue.end + limit + 1)):
                if ctx.t.text[i] == ",":
                    a = bisect.bisect_left(starts, i + 1)
                    if not (person and a < len(starts) and starts[a] == i + 1
                            and ctx.kind(ctx.ids[a]) == "person"):
                        limit_end = i
                    break
        for a in range(bisect.bisect_left(starts, cue.end), len(starts)):
            if starts[a] >= limit_end or starts[a] - cue.end > limit:
                return None
            kind = ctx.kind(ctx.ids[a])
            if kind != "group" and (not person or kind == "person"):
                return a
        return None

    def _speaker_after(self, ctx: Context, cue: Cue, limit_end: int, block: int = -1):
        """The speaker in the window after a verb: the first actor not after a preposition,
        skipping adverbs, time words, articles and role phrases; None if the verb has no
        subject there."""
        lower = ctx.t.lower
        starts = ctx.starts
        cue_end = cue.end
        stop = min(limit_end, cue_end + _SPEAKER_WINDOW)
        for i in range(cue_end, stop):
            low = lower[i]
            if low in _WINDOW_STOP and (low not in _OPENERS or i == cue_end) and not (
                    low in OF_WORDS and i > cue_end and lower[i - 1] in SOURCE_NOUNS):
                stop = i
                break
        for a in range(bisect.bisect_left(starts, cue_end), len(starts)):
            if starts[a] >= stop:
                break
            if not ctx.oblique(a) or (starts[a] - cue_end <= 1 and lower[starts[a] - 1] in _FROM
                                      and ctx.kind(ctx.ids[a]) in {"org", "institution"}):
                # "spiegano dal comando provinciale", "fanno sapere dalla Farnesina": the
                # body the words come from
                return ctx.ids[a], speakers.cue_text(ctx, cue, a), False
        # "…», ha detto la presidente del Consiglio": a role phrase with no name, after a
        # person just named in the paragraph, is that person
        roles = self.roles
        for i in range(cue_end, stop - 1):
            if lower[i] in _ARTICLES and lower[i + 1] in roles:
                person = speakers.recent_person(ctx, cue.start, block)
                if person is not None:
                    return person, ctx.words(cue.start, i + 2), False
                break
            if lower[i] in _INDEFINITE and (lower[i + 1] in roles or lower[i + 1] in _PEOPLE):
                # "«…», gli fa eco una vicina di negozio": someone the text does not name
                return UNRECOGNISED, ctx.words(cue.start, i + 2), False
        return None

    def _next_sentence(self, ctx: Context, si: int, q_end: int, block: int):
        """"«…». Lo ha dichiarato X", "Così X", "È quanto ha detto X" in the next sentence."""
        t = ctx.t
        punct, space = t.is_punct, t.is_space
        for i in range(q_end, ctx.sent_ends[si]):
            if not (punct[i] or space[i]):
                return None
        if si + 1 >= len(ctx.sent_starts):
            return None
        nxt_start, nxt_end = ctx.sent_starts[si + 1], ctx.sent_ends[si + 1]
        if ctx.block_of(t.idx[nxt_start]) - block > 1:
            return None
        k = bisect.bisect_left(ctx.cue_starts, nxt_start)
        if k < len(ctx.cues) and ctx.cues[k].start == nxt_start and ctx.cues[k].kind == "verb" \
                and t.lower[nxt_start] not in _NEXT_OPENERS:
            # "«…». Fanno sapere fonti di Palazzo Chigi", "«…». Aggiunge il ministro"; not
            # "«…». Replica il ministro: «…»", which brings a quotation of its own
            if any(t.text[i] == ":" for i in range(nxt_start, nxt_end)):
                return None
            return self._speaker_after(ctx, ctx.cues[k], nxt_end, block)
        if t.lower[nxt_start] not in _NEXT_OPENERS:
            return speakers.subject_says_so(ctx, nxt_start, nxt_end)
        words = t.lower[nxt_start:min(nxt_end, nxt_start + 4)]
        if not words:
            return None
        starts = ctx.starts
        if words[:3] in (("con", "queste", "parole"), ("queste", "le", "parole"),
                         ("sono", "le", "parole")) or \
                words[0] in {"parole", "parola"} and words[1:2] in (("di",), ("del",), ("della",)):
            for a in range(bisect.bisect_left(starts, nxt_start), len(starts)):
                if starts[a] >= nxt_end:
                    break
                if not ctx.oblique(a) or words[0] in {"queste", "parole", "parola", "sono"}:
                    return ctx.ids[a], ctx.words(nxt_start, ctx.ends[a]), False
        if words[0] == "così" or words[:2] in (("è", "quanto"), ("questo", "quanto")) or \
                words[0] in _TAKE_UP or (words[0] in {"ha", "hanno"}):
            limit = nxt_start + (5 if words[0] == "così" else 4)
            # the first verb that starts within ``limit``
            cue = None
            for k in range(bisect.bisect_left(ctx.cue_starts, nxt_start), len(ctx.cues)):
                c = ctx.cues[k]
                if c.start > limit:
                    break
                if c.kind == "verb":
                    cue = c
                    break
            if cue is not None and words[0] in _TAKE_UP and cue.start != nxt_start:
                cue = None  # "La Cina, ha aggiunto Xi, …" opens with an article, not "La ha"
            if cue is not None:
                return self._speaker_after(ctx, cue, nxt_end, block)
            if words[0] == "così":
                a = self._actor_after(ctx, Cue(nxt_start, nxt_start + 1, "frame", ""), nxt_end, 5)
                if a is not None:
                    return ctx.ids[a], ctx.words(nxt_start, ctx.ends[a]), False
        return None

    def _resolve(self, ctx: Context, cue: Cue, post: bool, sent_start: int, sent_end: int,
                 block: int):
        t, ids = ctx.t, ctx.ids
        cue_text = ctx.words(cue.start, cue.end)
        found = self._speaker_after(ctx, cue, sent_end, block)
        if found and (post or self._aside(ctx, cue)):
            return found
        # the verb's subject before it in the sentence: the nearest actor not after a
        # preposition, outside quotations
        hi = bisect.bisect_right(ctx.ends, cue.start)
        lo = bisect.bisect_left(ctx.starts, sent_start)
        relative = self._relative_subject(ctx, cue, hi, lo)
        if relative is not None:
            return ids[relative], cue_text, False
        body = self._represented(ctx, cue, sent_start)
        if body is not None:
            return body, cue_text, False
        for k in range(hi - 1, lo - 1, -1):
            if not ctx.oblique(k) and ctx.kind(ids[k]) != "other":
                return ids[k], cue_text, False
        if found and not post:
            return found
        body = self._body_subject(ctx, cue, sent_start, block)
        if body is not None:
            return body, cue_text, True
        if ctx.last and (ctx.last[0] == block or (
                block - ctx.last[0] <= 2 and cue.end < len(t.lower)
                and t.lower[cue.end] in _SUBJECT_PRONOUNS)):
            return ctx.last[1], cue_text, True  # "«…», dice lei.": the one speaking before
        # the person or body the paragraph has just named ("… l'ambasciatore, X. «…», ha
        # detto"), if named after the last speaker
        for k in range(hi - 1, -1, -1):
            if ctx.actor_block(k) != block:
                break
            if not ctx.oblique(k) and ctx.kind(ids[k]) in {"person", "org", "institution"}:
                return ids[k], cue_text, True
        if ctx.last and block - ctx.last[0] == 1:
            return ctx.last[1], cue_text, True
        for k in range(hi - 1, -1, -1):
            if block - ctx.actor_block(k) > 1:
                break
            end = ctx.ends[k]
            nxt = end if end < len(t.lower) else None
            if nxt is not None and t.is_alpha[nxt] and t.is_lower[nxt] and \
                    t.lower[nxt] not in _NOT_AFTER_SUBJECT and not ctx.oblique(k):
                return ids[k], cue_text, True
        return UNRECOGNISED, cue_text, False

    def _represented(self, ctx: Context, cue: Cue, sent_start: int) -> str | None:
        """The state or body whose unnamed representative is the subject: "La rappresentante
        degli Stati Uniti ha chiesto …", "Washington segue: un portavoce del Dipartimento
        di Stato ha chiesto …" (a role, its qualifier, then the body, right before the
        verb, opening the sentence or the phrase after a colon)."""
        t, low = ctx.t, ctx.t.lower
        sent_start = speakers.phrase_start(t, sent_start, cue.start - 1, (":",))
        i = sent_start + (1 if low[sent_start] in _ARTICLES_ELIDED or
                          low[sent_start] in _INDEFINITE else 0)
        if i >= cue.start or low[i] not in self.roles:
            return None
        j = i + 1
        while j < cue.start and j - i <= 4 and low[j] not in OF_WORDS and \
                t.is_lower[j] and t.is_alpha[j]:
            j += 1  # "il vice portavoce", "la rappresentante permanente"
        if j + 1 >= cue.start or low[j] not in OF_WORDS:
            return None
        a = bisect.bisect_left(ctx.starts, j + 1)
        if a < len(ctx.starts) and ctx.starts[a] == j + 1 and cue.start - ctx.ends[a] <= 3 and \
                ctx.kind(ctx.ids[a]) in {"state", "institution", "org"} and (
                    a + 1 == len(ctx.starts) or ctx.starts[a + 1] >= cue.start):
            return ctx.ids[a]  # (no name after the body: "il consigliere del Cremlino X")
        return None

    @staticmethod
    def _body_subject(ctx: Context, cue: Cue, sent_start: int, block: int) -> str | None:
        """The body a sentence's subject stands for: "L'azienda, in una nota, ha spiegato"
        (the last company named), "Il ministero ha precisato" (the last ministry named in
        this paragraph or the one before)."""
        low = ctx.t.lower
        if cue.start - sent_start > 8 or sent_start + 1 >= cue.start or \
                low[sent_start] not in _ARTICLES_ELIDED:
            return None
        return _body_named(ctx, low[sent_start + 1], sent_start, block)

    @staticmethod
    def _aside(ctx: Context, cue: Cue) -> bool:
        """Whether a verb and its subject stand between commas: "La Cina, ha aggiunto Xi,
        è disposta …" (the subject after the verb speaks, not the name before)."""
        txt, punct = ctx.t.text, ctx.t.is_punct
        if cue.start == 0 or txt[cue.start - 1] != ",":
            return False
        for k in range(cue.end, min(len(txt), cue.end + _SPEAKER_WINDOW)):
            if punct[k]:
                return txt[k] == ","
        return False

    @staticmethod
    def _relative_subject(ctx: Context, cue: Cue, hi: int, lo: int) -> int | None:
        """The actor a relative clause hangs on: "dall'assessore Andrea Giorgio, che ha
        parlato di …", "il Dipartimento di Stato, che in una nota parla di …" (``hi``:
        the actors ending before the cue; ``lo``: the sentence's first actor)."""
        low, punct = ctx.t.lower, ctx.t.is_punct
        for k in range(cue.start - 1, max(-1, cue.start - 6), -1):
            if low[k] == "che":
                break
            if punct[k]:
                return None
        else:
            return None
        if k < 2 or low[k - 1] != "," or hi <= lo or ctx.ends[hi - 1] != k - 1:
            return None
        return hi - 1 if ctx.kind(ctx.ids[hi - 1]) in {"person", "org", "institution"} else None

    # -- writing ---------------------------------------------------------
    def set_annotations(self, doc: Doc, matches: tuple[list[Cue], list[Attributed]]) -> None:
        """Write sources onto quotation spans, and the claim and cue span groups."""
        cues, decisions = matches
        self._write(doc, cues, decisions, self._quotes(doc) if decisions else [])

    def _write(self, doc: Doc, cues: list[Cue], decisions: list, quotes: list[Span]) -> None:
        """:meth:`set_annotations` of the cues and of decisions with the fields of
        :class:`Attributed`; ``quotes``: the quotation spans.

        Labels and ids go to ``Span`` as their hashes, each string hashed once a Doc;
        the cue group grows a span at a time, so that no list of thousands of spans
        waits for it (every object alive at once counts towards a pass of the garbage
        collector)."""
        strings = doc.vocab.strings
        marker = strings.add("Attribution_Marker")
        ids: dict[str, int] = {}
        group = SpanGroup(doc, name=self.cues_key)
        for c in cues:
            cue_id = ids.get(c.id)
            if cue_id is None:
                cue_id = ids[c.id] = strings.add(c.id)
            group.append(Span(doc, c.start, c.end, label=marker, span_id=cue_id))
        doc.spans[self.cues_key] = group
        quotes = {(q.start, q.end): q for q in quotes} if decisions else {}
        claims = []
        claim = strings.add("CLAIM") if decisions else 0
        data = doc.user_data if decisions and extensions_in_user_data(_EXTENSIONS) else None
        for d in decisions:
            span = quotes.get((d.start, d.end)) if d.kind == "quote" else None
            if span is None:
                span = Span(doc, d.start, d.end, label=claim)
                claims.append(span)
            if data is None:
                set_span_extensions(span, {"source": d.source, "side": d.side, "cue": d.cue,
                                           "inferred": d.inferred})
                continue
            start, end = span.start_char, span.end_char  # as set_span_extensions writes them
            data[("._.", "source", start, end)] = d.source
            data[("._.", "side", start, end)] = d.side
            data[("._.", "cue", start, end)] = d.cue
            data[("._.", "inferred", start, end)] = d.inferred
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
