"""What the attribution rules read of one Doc, and the rules that need nothing else.

:class:`Context` holds what the decisions of one Doc look up: its text, the actors
outside quotations, sentences, paragraphs (blocks) and cues. The functions below find
a speaker from that context alone:

- a frame before the quotation: "X: «…»", a headline's "Gaza, X: «…»"
  (:func:`colon_speaker`), "Per il ministro X «…»" (:func:`per_frame`);
- a next sentence that opens with its subject: "X lo ha ribadito", "X ha aperto così"
  (:func:`subject_says_so`);
- an interview's answer, right after a question (:func:`interview_answer`);
- the person or body a role or body noun stands for: "la portavoce", "il dicastero"
  (:func:`recent_person`, :func:`recent_body`, :func:`recent_actor`);
- quotations that take another one's speaker: a headline that a later quotation
  repeats (:func:`headline_repeats`), a quotation that goes on over paragraphs
  (:func:`continued_quotations`).

The rules that need the reporting verbs are :mod:`.attribution`'s own.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

import numpy
from spacy.tokens import Doc

from .. import structure as _article
from .. import verb_forms as _verb_forms

__all__ = [
    "UNATTRIBUTED",
    "UNRECOGNISED",
    "Context",
    "Cue",
    "colon_speaker",
    "continued_quotations",
    "cue_text",
    "headline_repeats",
    "interview_answer",
    "per_frame",
    "recent_actor",
    "recent_body",
    "recent_person",
    "phrase_start",
    "subject_says_so",
]

UNATTRIBUTED = "unattributed"
UNRECOGNISED = "unrecognised"
DASHES = {"–", "—", "-"}


FRAME_KINDS = {"readout", "according_to", "via"}
LEAD_INS = {"lo", "la", "l’", "l'", "le", "li", "ne", "gli", "ci"}
NO_ENTRY: dict = {}
OBLIQUE = {"a", "ad", "al", "alla", "allo", "ai", "agli", "alle", "all’", "all'", "con", "col",
            "contro", "verso", "di", "del", "della", "dello", "dei", "degli", "delle", "dell’",
            "dell'", "d’", "d'", "da", "dal", "dalla", "dai", "dall’", "dall'", "per", "tra", "fra",
            "su", "sul", "sulla", "in", "nel", "nella", "presso", "incontrato", "rivolgendosi",
            "secondo", "dopo", "oltre", "insieme", "senza", "sugli", "dagli", "negli", "nello",
            "nei", "nelle", "nell’", "nell'", "sullo", "sui", "sulle", "sull’", "sull'", "dallo",
            "dalle", "coi"}
_TO_WORDS = {"a", "al", "alla", "allo", "ai", "agli", "alle", "all’", "all'", "in", "nel", "nella"}
# participles after which "da" names who leads a body ("la Regione, guidata da X")
_LED = {"guidato", "guidata", "guidati", "guidate", "presieduto", "presieduta", "diretto",
        "diretta", "capitanato", "capitanata"}
#: nouns for the people who speak for a body: "fonti di Palazzo Chigi" is the body speaking
SOURCE_NOUNS = {"fonti", "fonte", "ambienti"}
OF_WORDS = {"di", "del", "della", "dello", "dei", "degli", "delle", "dell’", "dell'"}
PHRASE_ENDS = {"–", "—", "-", "»", "”", ".", ";"}
SPEECH_NOUNS = {"discorso", "intervento", "messaggio", "parole", "dichiarazione", "lettera",
                 "post", "tweet", "video", "nota", "comunicato", "appello", "intervista",
                 "videomessaggio", "relazione", "comizio", "replica", "risposta"}


class Cue(NamedTuple):
    """A reporting verb or frame: its tokens, kind and id."""

    start: int
    end: int
    kind: str
    id: str


def is_dash(word) -> bool:
    return word.text in DASHES


class Context:
    """What the decisions of one Doc look up: text, actors, sentences, blocks, cues.

    Actors are three parallel lists (``starts``, ``ends``, ``ids``) and an actor is its
    index in them; ``entities``: every entity of the Doc as :func:`entity_rows` gives
    them, those inside quotations too; sentences are two lists (``sent_starts``,
    ``sent_ends``). The cues are sorted by start and never overlap, so their ends are
    sorted too: the cues of a run of tokens, or the last before a token, are a bisect
    away.
    """

    def __init__(self, doc: Doc, t, actors: tuple[list, list, list], entities: list[tuple],
                 sentences: tuple[list, list], sent_flags: bytes, cues: list[Cue],
                 registry: dict, skippable: frozenset = frozenset(),
                 roles: frozenset = frozenset()):
        self.doc = doc
        self.t = t
        self.text = t.doc_text
        self._idx, self._end = t.idx, t.end
        self.skippable, self.roles = skippable, roles
        self.starts, self.ends, self.ids = actors
        self._oblique: list[bool | None] = [None] * len(self.starts)
        self._blocks: list[int | None] = [None] * len(self.starts)
        self.registry = registry
        found = list(_article.block_break(self.text).finditer(self.text))
        self.breaks = [m.start() for m in found]
        self.break_ends = [m.end() for m in found]
        self.sent_starts, self.sent_ends = sentences
        self.sent_flags = sent_flags  # one byte a token, 1 where a sentence starts
        self.cues = cues
        self.cue_starts = [c.start for c in cues]
        # the cues that are not frames ("verbs", though "naming" is one too)
        self.verbs = [c for c in cues if c.kind not in FRAME_KINDS]
        self.verb_starts = [c.start for c in self.verbs]
        self.verb_ends = [c.end for c in self.verbs]
        self.last: tuple[int, str] | None = None  # (block, source) of the last named speaker
        self.interviewee: str | None = None  # "" once looked for and not found
        self._dashes: list[int] | None = None
        self.entities = entities

    def dashes(self) -> list[int]:
        """The tokens that are dashes, worked out once."""
        if self._dashes is None:
            self._dashes = numpy.flatnonzero(self.t.per_word(is_dash)).tolist()
        return self._dashes

    def inner_entities(self, start: int, end: int) -> list[tuple]:
        """The entities (start, end, label, id) within tokens ``start:end``, those inside
        quotations too (which ``starts`` leaves out)."""
        rows = self.entities
        k = bisect.bisect_left(rows, (start,))
        out = []
        while k < len(rows) and rows[k][0] < end:
            if rows[k][1] <= end:
                out.append(rows[k])
            k += 1
        return out

    def block_of(self, char: int) -> int:
        return bisect.bisect_right(self.breaks, char)

    def block_start(self, block: int) -> int:
        """The first token of a block that is not white space."""
        t = self.t
        char = 0 if block == 0 else self.break_ends[block - 1]
        k = max(0, t.token_at(char))
        while k < len(t.text) and t.is_space[k]:
            k += 1
        return k

    def actor_block(self, actor: int) -> int:
        """The block (paragraph) of an actor, worked out once an actor."""
        found = self._blocks[actor]
        if found is None:
            found = self._blocks[actor] = self.block_of(self.t.idx[self.starts[actor]])
        return found

    def sent_index(self, token: int) -> int:
        return bisect.bisect_right(self.sent_starts, token) - 1

    def cues_in(self, start: int, end: int) -> list[Cue]:
        """The cues that start in tokens ``start:end``."""
        starts = self.cue_starts
        return self.cues[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]

    def verb_range(self, start: int, end: int) -> tuple[int, int]:
        """The indices in ``verbs`` of the verbs that start in tokens ``start:end``."""
        starts = self.verb_starts
        return bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)

    def words(self, start: int, end: int) -> str:
        """The text of tokens ``start:end`` (as ``doc[start:end].text``)."""
        return self.text[self._idx[start]:self._end[end - 1]]

    def kind(self, actor_id: str) -> str:
        return self.registry.get(actor_id, NO_ENTRY).get("kind", "other")

    def oblique(self, actor: int) -> bool:
        """Whether the actor follows a preposition ("a Putin", "con il ministro Lavrov",
        "dall'agenzia Ria Novosti"), over at most three articles or lower-case words
        (worked out once an actor)."""
        found = self._oblique[actor]
        if found is None:
            found = self._oblique[actor] = self._is_oblique(actor)
        return found

    def _is_oblique(self, actor: int) -> bool:
        t = self.t
        start = self.starts[actor]
        lower = t.lower
        if start >= 2 and lower[start - 1] in OF_WORDS and lower[start - 2] in SOURCE_NOUNS:
            # "Fonti di Palazzo Chigi fanno sapere": the body speaks, unless the sources
            # themselves follow a preposition
            return self._after_preposition(start - 2)
        if self._after_preposition(start):
            return True
        # a role phrase right before the name ("del ministro della Difesa italiano Guido
        # Crosetto") is oblique or not by what stands before its role noun
        is_punct, text = t.is_punct, t.text
        for k in range(start - 1, max(-1, start - 8), -1):
            if is_punct[k] and text[k] not in {"’", "'"}:
                break
            if lower[k] in self.roles:
                return self._after_preposition(k)
        return False  # (the first test found no preposition before the name itself)

    def _after_preposition(self, i: int) -> bool:
        lower, skippable = self.t.lower, self.skippable
        for k in range(i - 1, max(-1, i - 5), -1):
            low = lower[k]
            if low in OBLIQUE:
                # "la Regione, guidata da Michele de Pascale": who leads it, no oblique name
                return not (low in {"da", "dal", "dalla"} and k and lower[k - 1] in _LED)
            if low not in skippable:
                return False
        return False


def interview_answer(ctx: Context, q_start: int, sent_start: int):
    """An interview's answer: a quotation right after a question ("…è credibile?
    «…»") is the interviewee's, the person named after "intervista" ("Intervista a
    Paola Ferri") or addressed at the start of the question ("Professoressa Ferri,
    che cosa…?"); marked inferred."""
    t = ctx.t
    k = q_start - 1
    while k >= 0 and t.is_space[k]:
        k -= 1
    # the answer's mark: "R. «…»", "R: «…»"
    if k >= 0 and t.text[k] == "R.":
        k -= 1
    elif k >= 1 and t.text[k] == ":" and t.text[k - 1] == "R":
        k -= 2
    while k >= 0 and t.is_space[k]:
        k -= 1
    if k < 0 or not t.text[k].endswith("?"):
        return None
    if ctx.interviewee is None:
        ctx.interviewee = ""
        low, starts = t.lower, ctx.starts
        for a, start in enumerate(starts):
            if any(low[i].startswith("intervist") for i in range(max(0, start - 8), start)) \
                    and ctx.kind(ctx.ids[a]) == "person":
                ctx.interviewee = ctx.ids[a]
                break
    if ctx.interviewee:
        return ctx.interviewee, None, True
    question = ctx.sent_starts[ctx.sent_index(k)]
    if t.text[question] == "D.":  # the question's mark: "D. Presidente Neri, …?", "D: …?"
        question += 1
    elif t.text[question] == "D" and question + 1 < len(t.text) and t.text[question + 1] == ":":
        question += 2
    a = bisect.bisect_left(ctx.starts, question)
    if a < len(ctx.starts) and ctx.starts[a] <= question + 1 and \
            ctx.kind(ctx.ids[a]) == "person" and t.text[ctx.ends[a]] == ",":
        ctx.interviewee = ctx.ids[a]  # the later answers are theirs too
        return ctx.ids[a], None, True  # "Professoressa Ferri, …?"
    return None


def continued_quotations(decisions: list, continued: list[bool]) -> None:
    """An unclosed quotation that goes on in the next paragraph takes the speaker found
    for the rest of it («… ¶ «…», ha concluso il ministro)."""
    quotes = [k for k, d in enumerate(decisions) if d.kind == "quote"]
    for n in range(len(quotes) - 2, -1, -1):
        k, after = quotes[n], decisions[quotes[n + 1]]
        d = decisions[k]
        if continued[n + 1] and d.source in (UNATTRIBUTED, UNRECOGNISED) and \
                after.source not in (UNATTRIBUTED, UNRECOGNISED):
            decisions[k] = d._replace(source=after.source, side=after.side, cue=after.cue,
                                      inferred=after.inferred)


def headline_repeats(t, decisions: list) -> None:
    """A headline quotation that repeats a later one takes that one's speaker."""
    first_line = t.doc_text.find("\n")
    if first_line < 0:
        return
    inners: dict[int, str] = {}  # the words of a later quotation, by its index

    def inner(j: int) -> str:
        if j not in inners:
            d = decisions[j]
            inners[j] = " ".join(
                t.words(d.start, d.end).strip("«»“”\"' ").split()).casefold()
        return inners[j]
    for k, d in enumerate(decisions):
        if d.kind != "quote" or t.idx[d.start] >= first_line or d.source not in (
                UNATTRIBUTED, UNRECOGNISED):
            continue
        words = inner(k)
        for j in range(k + 1, len(decisions)):
            later = decisions[j]
            if later.kind == "quote" and later.source not in (UNATTRIBUTED, UNRECOGNISED) \
                    and words and words in inner(j):
                decisions[k] = d._replace(source=later.source, side=later.side,
                                          cue=later.cue, inferred=True)
                break


def recent_actor(ctx: Context, before: int, block: int, accept, reach: int | None = 1):
    """The id of the last actor named before token ``before`` that ``accept(k)`` takes
    (``k``: the actor's index in ``ctx``), in paragraph ``block`` or the ``reach`` before it
    (any paragraph when ``reach`` is None or ``block`` is negative); else None."""
    k = bisect.bisect_right(ctx.ends, before) - 1
    while k >= 0:
        if reach is not None and block >= 0 and block - ctx.actor_block(k) > reach:
            return None
        if accept(k):
            return ctx.ids[k]
        k -= 1
    return None


def recent_person(ctx: Context, before: int, block: int) -> str | None:
    """The last person named before token ``before``, in this paragraph or the one before."""
    return recent_actor(ctx, before, block,
                        lambda k: ctx.kind(ctx.ids[k]) == "person" and not ctx.oblique(k))


def recent_body(ctx: Context, before: int, block: int, words) -> str | None:
    """The last body named before token ``before`` (this paragraph or the one before)
    whose name holds one of ``words`` ("il dicastero": "il ministero della Difesa")."""
    def holds(k: int) -> bool:
        name = ctx.words(ctx.starts[k], ctx.ends[k]).lower()
        return ctx.kind(ctx.ids[k]) != "person" and any(w in name for w in words)
    return recent_actor(ctx, before, block, holds)


def phrase_start(t, sent_start: int, last: int, marks) -> int:
    """The first token of the phrase that holds token ``last``: after the last of
    ``marks`` (":", ";") between ``sent_start`` and it, else ``sent_start`` (``t``: the
    Doc's token table)."""
    for k in range(last, sent_start, -1):
        if t.text[k] in marks:
            return k + 1
    return sent_start


def subject_says_so(ctx: Context, start: int, end: int):
    """"«…». Il presidente Zelensky lo ha ribadito ieri": a sentence that opens with
    its subject (after a role phrase, if any) and goes on with a reporting verb whose
    pronoun takes up the quotation ("lo ha", "l'ha"), or with a verb and "così" ("ha
    aperto così la riunione")."""
    t = ctx.t
    low = t.lower
    starts, ends = ctx.starts, ctx.ends
    for a in range(bisect.bisect_left(starts, start), len(starts)):
        a_start = starts[a]
        if a_start >= end or a_start - start > 10:
            return None
        if ctx.oblique(a):
            continue
        if not all(low[k] in ctx.skippable or low[k] in OF_WORDS or t.is_title[k]
                   for k in range(start, a_start)):
            return None
        k = bisect.bisect_left(ctx.cue_starts, ends[a])
        if k < len(ctx.cues):
            cue = ctx.cues[k]
            if cue.start == ends[a] and cue.kind == "verb" and low[cue.start] in LEAD_INS:
                return ctx.ids[a], ctx.words(a_start, cue.end), False
        # "Mark Rutte ha aperto così la riunione", "Peskov si è espresso così"
        after = ends[a]
        if after < end and (low[after] in _verb_forms.AUXILIARIES or low[after] == "si"):
            for k in range(after + 1, min(end, after + 4)):
                if low[k] == "così":
                    return ctx.ids[a], ctx.words(a_start, k + 1), False
        return None
    return None


def per_frame(ctx: Context, sent_start: int, q_start: int):
    """"Per Davide Ronchi, …: «…»", "Per la ministra degli Esteri tedesca Annalena
    Baerbock «…»", "Per il leader del M5s Giuseppe Conte «…»": a sentence opening "Per"
    + an actor (after a role phrase and the bodies it names, if any) + a comma or the
    quotation itself; or such a phrase after a colon ("Di diverso avviso Forza Italia: per
    il capogruppo Paolo Barelli «…»")."""
    t = ctx.t
    low = t.lower
    phrase = phrase_start(t, sent_start, q_start - 2, (":", ";"))
    if low[phrase] == "per":
        sent_start = phrase
    if low[sent_start] != "per":
        return None
    k = bisect.bisect_left(ctx.starts, sent_start + 1)
    seen = sent_start + 1  # the words up to here are a role phrase or actors it names
    while k < len(ctx.starts) and ctx.starts[k] <= sent_start + 12:
        start, end = ctx.starts[k], ctx.ends[k]
        if not all(low[i] in ctx.skippable or low[i] in OF_WORDS or low[i] in _TO_WORDS
                   or t.is_title[i] for i in range(seen, start)):
            return None  # (a role phrase: "il capogruppo alla Camera Paolo Barelli")
        if (end < q_start and t.text[end] == ",") or end == q_start or (
                t.text[q_start - 1] == ":" and q_start - end <= 12
                and bisect.bisect_left(ctx.starts, end) == bisect.bisect_left(ctx.starts, q_start)):
            # "Per il governatore X i margini ci sono: «…»": X's view, then X's words
            return ctx.ids[k], ctx.words(sent_start, end), False
        seen = max(seen, end)  # "Per il leader del M5s Giuseppe Conte «…»"
        k += 1
    return None


def after_colon(t, q_start: int, sent_start: int) -> bool:
    """Whether the quotation opens its sentence right after a colon in the one before
    (``t``: the Doc's token table)."""
    return q_start == sent_start and q_start > 0 and any(
        t.text[k] == ":" for k in range(max(0, q_start - 2), q_start))


def colon_speaker(ctx: Context, q_start: int, sent_start: int):
    """"X: «…»", "Rutte ai cronisti: «…»": the first actor not after a preposition
    between the start of the phrase (a sentence, or a live blog's "ore 9.30 –") and a
    colon right before the quotation."""
    t = ctx.t
    txt = t.text
    if q_start < 2 or txt[q_start - 1] != ":":
        return None
    sent = ctx.sent_flags
    start = sent_start
    for k in range(q_start - 2, sent_start - 1, -1):
        if txt[k] in PHRASE_ENDS or sent[k]:
            start = k + 1 if txt[k] in PHRASE_ENDS else k
            break
    # "Gaza, Tajani: «…»", "Sorvento, il sindaco: «…»": a headline names its topic
    # first, then who speaks; the actors of a short phrase after the last comma go first
    comma = next((k for k in range(q_start - 2, max(start, q_start - 8) - 1, -1)
                  if txt[k] == ","), None)
    for lo in ((comma + 1, start) if comma is not None else (start,)):
        found = colon_actor(ctx, lo, q_start)
        if found is not None:
            return found
    return None


def colon_actor(ctx: Context, start: int, q_start: int):
    """The first actor from token ``start`` to the colon before ``q_start`` that is not
    after a preposition (unless it is the speaker of a speech noun: "il discorso di
    Putin:")."""
    low = ctx.t.lower
    starts = ctx.starts
    for a in range(bisect.bisect_left(starts, start), len(starts)):
        a_start = starts[a]
        if a_start >= q_start - 1:
            break
        if not ctx.oblique(a) or (a_start >= 2 and low[a_start - 1] in
                                  {"di", "del", "della", "dell’", "dell'"}
                                  and low[a_start - 2] in SPEECH_NOUNS):
            return ctx.ids[a], ctx.words(a_start, q_start), False
    return None


def cue_text(ctx: Context, cue: Cue, actor: int) -> str:
    start, end = ctx.starts[actor], ctx.ends[actor]
    if start - cue.end <= 4 and start >= cue.end:
        return ctx.words(cue.start, end)
    return f"{ctx.words(cue.start, cue.end)} … {ctx.words(start, end)}"
