"""Actors found by rule: people, organisations and outlets that no list names.

Runs after the entity ruler (which knows states, capitals and the hand list of
metonyms and sides) and adds to ``doc.ents``:

- **runs of capitalised words** ("Maria Zakharova", "Ursula von der Leyen"),
  with Italian and foreign particles inside, never a month or a weekday; a
  sentence-initial word alone counts only when the text confirms it (the same
  word capitalised elsewhere, a name it belongs to, a reporting verb or a colon
  right after it);
- **organisations**: a run holding an organisation or outlet head ("Ministero",
  "Commissione", "Zeitung", "Times"), an all-capital acronym, or a run after
  "agenzia", "quotidiano" …; a run that holds a state but also such a head
  ("Washington Post") is the outlet, not the state;
- **people**: every other run, unless it is a place ("a Kharkiv", "Mar Nero", the
  places of ``actor_rules.json`` and Babel's continents: "Kherson è sotto attacco");
  a state or capital after a place noun ("via Roma", "corso Italia") is a place too;
- **variants grouped**: a surname alone or a first name alone ("Xi") takes the id
  of the full name it belongs to;
- **role phrases**: a role noun before or after a name ("il portavoce del
  Cremlino Dmitry Peskov", "Peskov, portavoce del Cremlino") is remembered; a
  later "il portavoce" without a name refers back to the last person named
  with that role.

Every actor of the Doc is listed in ``doc.user_data["inquadra.actors"]``:
id -> {"name", "kind", "side"}. Sides: ``china`` and ``kremlin`` for Chinese
and Russian state voices (from a nationality adjective or a qualifier such as
"del Cremlino"), else ``other``.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

import numpy
from spacy.attrs import ENT_ID, ENT_KB_ID
from spacy.language import Language
from spacy.tokens import Doc

from . import (entity_rows, mark_entities, read_lexicon, register_extensions, token_table,
               write_entities)

__all__ = ["Actors", "make_actors", "ACTORS_KEY", "slug", "rules"]

ACTORS_KEY = "inquadra.actors"
_IOB_OUTSIDE = 2  # the ENT_IOB of a token outside every entity
_SIDES = {"CN": "china", "RU": "kremlin"}
_ARTICLES = {"il", "lo", "la", "l’", "l'", "i", "gli", "le", "un", "una", "uno", "un’", "un'"}
_LINKS = {"di", "del", "della", "dello", "dei", "degli", "delle", "dell’", "dell'", "d’", "d'",
          "per", "agli", "alla", "al", "ai", "alle", "e", "ad", "interim", "uscente", "designato",
          "designata", "generale", "federale", "regionale", "nazionale", "locale", "esteri",
          "difesa", "interni", "militare", "militari", "speciale", "permanente", "delegato",
          "delegata", "democratico", "democratica", "repubblicano", "repubblicana", "filorusso",
          "filorussa", "russo-ucraino", "dello", "sull’", "su", "in", "nella", "nel", "capo",
          "all’", "all'", "alle", "agli", "sull'", "nell’", "nell'", "della", "ai"}
_GENDER = {"il": "m", "lo": "m", "i": "m", "gli": "m", "un": "m", "la": "f", "le": "f",
           "una": "f"}
# endings of the adjectives that follow a role noun ("dirigente scolastica", "consigliere
# regionale", "segretaria provinciale")
_ADJECTIVE_ENDINGS = ("ale", "ali", "ico", "ica", "ici", "iche", "ese", "esi", "ano", "ana",
                      "ani", "ane", "ivo", "iva", "ario", "aria", "ista", "isti", "ente")
_OF = {"di", "del", "della", "dello", "dei", "degli", "delle", "dell’", "dell'", "d’", "d'"}
_PLACE_NOUNS = {"pressi", "porte", "regione", "città", "provincia", "zona", "area", "periferia",
                "dintorni", "direzione", "oblast", "distretto", "villaggio", "centro", "comune",
                "sindaco", "sindaca", "prefetto", "prefettura", "porto", "fronte", "abitanti",
                "cittadini", "frazione", "paese", "quartiere", "sobborgo", "aeroporto",
                "compagnia", "stazione", "questura", "procura", "tribunale", "diocesi",
                "ospedale", "carcere", "parrocchia", "tenenza", "commissariato", "ateneo"}
_ARTICULATED = {"del", "della", "dello", "dei", "degli", "delle", "dell’", "dell'", "al", "alla",
                "dal", "dalla", "nel", "nella", "sul", "sulla", "all’", "all'", "allo", "ai",
                "agli", "alle"}
# Capitalised function words and auxiliaries: in mid-sentence they mark fused link text.
_FUSED = {"Il", "Lo", "La", "Gli", "Le", "Di", "Del", "Della", "Da", "Dal", "In", "Nel", "Nella",
          "Su", "Sul", "Sulla", "Con", "Per", "Tra", "Al", "Alla", "Ha", "Hanno", "È", "Sono"}
# Walking back from a capitalised word over punctuation, spaces and numbers: these end the
# walk with "mid-sentence" and "opens a phrase" (a quotation, a colon, a dash, a bullet)
_SEATED = {"ambasciata", "ambasciate", "consolato", "consolati", "rappresentanza"}  # "… a Roma"
_WITHIN = {",", ";", "’", "'"}
_OPENERS = {"«", "“", '"', "''", ":", "–", "—", "-", "(", "•"}
_AFTER_NAME_VERBS = {"ha", "hanno", "è", "aveva", "avrebbe", "dice", "afferma", "dichiara",
                     "spiega", "aggiunge", "sottolinea", "scrive", "sostiene", "commenta",
                     "conferma", "replica", "annuncia", "ribadisce", "avverte", "precisa",
                     "risponde", "chiede", "denuncia", "accusa", "ammette", "insiste"}


_ARTICULATED_DI = _ARTICULATED | {"di"}
_INTERVIEW_MARKS = {"d.", "r."}  # "D." (domanda) and "R." (risposta) open an interview's lines
# heads whose name follows them in capitals, in lower case themselves
_NAMED_BY_CAPITALS = {"commissione", "commissioni"}
_LOWER_INITIALS = numpy.array([ord(c) for c in "abcdefghijklmnopqrstuvwxyzàèéìòù"], "uint32")
_APOSTROPHES = numpy.array([ord("'"), ord("’")], "uint32")


@lru_cache(maxsize=1)
def _word_characters() -> numpy.ndarray:
    """Whether each character of the Basic Multilingual Plane is a word character (as the
    regex ``\\w``: a letter, a digit or ``_``)."""
    table = numpy.array([chr(c).isalnum() for c in range(0x10000)], dtype=bool)
    table[ord("_")] = True
    return table


def _lowered_words(t) -> set[str]:
    """The words of a Doc's text (``t``: its :class:`TokenTable`) that start with a
    lower-case letter, not after an apostrophe: every run of two or more word characters
    that opens with one of a-z, à, è, é, ì, ò, ù (``(?<![\\w’'])[a-zàèéìòù]\\w+``).

    The runs are found in the text's code points at once; a run that is a whole token
    takes the token's text, the rest (such as "dell" in "dell’esercito") are cut out."""
    text, points = t.doc_text, t.codes()
    first, last = t.array("idx"), t.array("end")
    if not len(points) or not len(first):
        return set()
    word = _word_characters()[numpy.minimum(points, 0xFFFF)]
    for i in numpy.flatnonzero(points > 0xFFFF).tolist():
        word[i] = text[i].isalnum()
    padded = numpy.zeros(len(word) + 2, dtype="int8")  # numpy.diff's prepend= is slow
    padded[1:-1] = word
    edges = padded[1:] - padded[:-1]
    starts, ends = numpy.flatnonzero(edges == 1), numpy.flatnonzero(edges == -1)
    keep = (ends - starts >= 2) & numpy.isin(points[starts], _LOWER_INITIALS)
    keep &= ~((starts > 0) & numpy.isin(points[numpy.maximum(starts - 1, 0)], _APOSTROPHES))
    starts, ends = starts[keep], ends[keep]
    at = numpy.minimum(numpy.searchsorted(first, starts), len(first) - 1)
    whole = (first[at] == starts) & (last[at] == ends)
    found = set(t.array("text")[at[whole]].tolist())
    found.update(text[a:b] for a, b in zip(starts[~whole].tolist(), ends[~whole].tolist()))
    return found


_WORD, _WITHIN_CODE, _OPENER, _LINE, _SKIPPED = range(5)


def _walk_code(word) -> int:
    """What a word tells the walk back from a capitalised word (:meth:`Actors._opening`):
    a word ends it (the sentence starts decide); a comma says mid-sentence; a quotation
    mark, colon or dash, or a line break, says it opens a phrase; other punctuation, spaces
    and numbers are walked over."""
    if not (word.is_punct or word.is_space or word.like_num):
        return _WORD
    if word.text in _WITHIN:
        return _WITHIN_CODE
    if word.text in _OPENERS:
        return _OPENER
    return _LINE if "\n" in word.text else _SKIPPED


def _name_prefix(word) -> bool:
    return word.text in _NAME_PREFIXES


def _is_quote_mark(word) -> bool:
    return word.text in {"«", "»", "“", "”", '"', "''", "„"}


def _covered(mentions, n: int) -> list[bool]:
    """Whether each of ``n`` tokens lies in one of ``mentions`` ((start, end, …) tuples)."""
    if not mentions:
        return [False] * n
    starts, ends = (numpy.array(column, dtype="int64") for column in list(zip(*mentions))[:2])
    depth = numpy.bincount(starts, minlength=n + 1) - numpy.bincount(ends, minlength=n + 1)
    return (numpy.cumsum(depth[:n]) > 0).tolist()


def _before_verb_or_comma(word) -> bool:
    """A word after a name that makes the name a subject: "Peskov ha detto", "Peskov,"."""
    return word.lower in _AFTER_NAME_VERBS or word.text in {",", ":"}


_ARTICLE_PREFIXES = {"al-", "el-", "ad-", "an-", "ar-", "as-", "at-", "az-"}
_NAME_PREFIXES = {"D'", "D’", "O'", "O’"}  # "D'Alema", "O'Brien"


def _capital_word(word: str, is_title: bool, is_upper: bool) -> bool:
    """Whether a word is written with a capital: "Putin", "NATO", "McDonald"; not "All’"."""
    if word[:3] in _ARTICLE_PREFIXES and word[3:4].isupper():
        return True  # "al-Sisi", "el-Sisi"
    if not word[:1].isupper() or not any(ch.isalpha() for ch in word) or word[-1] in "’'":
        return False  # "All’", "Dall’": an elided article or preposition
    if len(word) <= 4 and any(ch.isdigit() for ch in word):
        return True  # "M5s", "G7"
    return is_title or (is_upper and len(word) > 1) or (word[1:2].islower() and
                                                        any(c.isupper() for c in word[1:]))


@lru_cache(maxsize=4096)
def slug(name: str) -> str:
    """An id for a name: lower case ASCII words joined by underscores."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_") or "actor"


@lru_cache(maxsize=1)
def rules() -> dict:
    """The word lists of ``data/lexicons/actor_rules.json`` as sets (lower case)."""
    path = resources.files("inquadra") / "data" / "lexicons" / "actor_rules.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: set(v) for k, v in data.items() if isinstance(v, list)}


def _lexicon(name: str):
    return read_lexicon(resources.files("inquadra") / "data" / "lexicons" / f"{name}.jsonl")


class Actors:
    """Find actors by rule, then write them onto the Doc's entities."""

    def __init__(self, nlp: Language, name: str = "inquadra_actors", known: dict | None = None):
        self.name = name
        register_extensions()
        r = rules()
        self.calendar = r["months"] | r["weekdays"]
        self.skip = self.calendar | r["not_names"] | r["departments"]
        self.particles = r["particles"]
        # common first names: a sentence opening with one opens with a name ("Anna Maria …")
        self.first_names = r["first_names"]
        from ..states import region_names

        # places the text may name as a subject ("Kherson è sotto attacco"), never actors
        self.places = frozenset(r["places"] | {name.lower() for name in region_names()})
        self.org_heads, self.outlet_heads = r["org_heads"], r["outlet_heads"]
        self.org_intro, self.place_heads = r["org_intro"], r["place_heads"]
        self.place_preps, self.not_acronyms = r["place_preps"], r["acronym_not_org"]
        self.phrase_heads, self.strong_heads = r["org_phrase_heads"], r["strong_heads"]
        self.org_adjectives = r["org_adjectives"]
        from spacy.lang.it.stop_words import STOP_WORDS

        self.stop_words = set(STOP_WORDS)
        self.common = self.stop_words | self.skip
        self.roles: dict[str, str] = {}
        self.multi_roles: dict[tuple[str, ...], str] = {}
        capitals: dict[tuple[str, ...], tuple[int, ...]] = {}  # the words written with one
        for rec in _lexicon("roles"):
            written = rec["pattern"].split()
            words = tuple(w.lower() for w in written)
            if len(words) == 1:
                self.roles[words[0]] = rec["id"]
            else:
                self.multi_roles[words] = rec["id"]
                capitals[words] = tuple(j for j, w in enumerate(written) if w[:1].isupper())
        self.nationality = {rec["pattern"]: rec["country"] for rec in _lexicon("nationalities")}
        # the rules asked of every distinct word once (TokenTable.per_word), not of every token
        heads = frozenset(self.phrase_heads)
        firsts = frozenset(set(self.roles) | {w[0] for w in self.multi_roles}
                           | {"quest’", "quest'"})
        self._is_head = lambda word: word.lower in heads
        self._opens_role = lambda word: word.lower in firsts
        self._is_capital = lambda word: _capital_word(word.text, word.is_title, word.is_upper)
        self._multi_firsts = {w[0] for w in self.multi_roles}
        # first word -> (words, role, the positions of the words with a capital), file order
        self._multi_by_first: dict[str, list] = {}
        for words, role in self.multi_roles.items():
            self._multi_by_first.setdefault(words[0], []).append((words, role, capitals[words]))
        opens_capital = frozenset(w[0] for w, c in capitals.items() if c)
        self._opens_capital_role = lambda word: word.lower in opens_capital
        # the words _trim drops at the start of a run (after a sentence start, or not),
        # and at its end
        self._leading = frozenset(self.skip | set(self.roles) | self.particles)
        self._leading_initial = self._leading | frozenset(self.common)
        # (a department's name ends a company's: "Linea Padana Trasporti", "Alfa Energia")
        self.departments = frozenset(r["departments"])
        self._trailing = frozenset(self.particles | (self.skip - self.departments))
        self._heads = frozenset(self.org_heads | self.outlet_heads)
        # heads that also name a ministry's department ("Ministero dell'Università"): the
        # head of a name when a name follows ("Università Fudan")
        self._department_heads = frozenset(self._heads & r["departments"])
        self._t = self._ents = self._subjects = self._cap = None
        place_preps = frozenset(self.place_preps)
        self._place_prep = lambda word: word.lower in place_preps
        side_of = {form: _SIDES.get(code, "other") for form, code in self.nationality.items()}
        side_of.update({"cremlino": "kremlin", "mosca": "kremlin", "pechino": "china"})
        self._side_names = ("",) + tuple(sorted(set(side_of.values())))
        codes = {form: self._side_names.index(side) for form, side in side_of.items()}
        self._side_code = lambda word: codes.get(word.lower, 0)
        self._side_at: list[int] = []  # the tokens that name a side, and their codes
        self._side_codes: list[int] = []
        #: id -> {"name", "kind", "side"} of the lexicon actors (set by the pipeline)
        self.known = dict(known or {})
        self._full_names = {v["name"]: i for i, v in self.known.items() if v["kind"] == "person"}
        self._known_surnames = {name.split()[-1]: i for name, i in self._full_names.items()}

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    # -- finding ---------------------------------------------------------
    def _read(self, doc: Doc, t) -> None:
        """Read what the rules look up in ``doc``, once a Doc."""
        self._t = t
        cap = t.per_word(self._is_capital)
        for i in numpy.flatnonzero(t.per_word(_name_prefix)).tolist():
            if i + 1 < len(cap) and cap[i + 1] and t.array("end")[i] == t.array("idx")[i + 1]:
                cap[i] = True  # "D'Alema", "O'Brien": the prefix is part of the name
        self._cap = cap.tolist()
        capitals = numpy.flatnonzero(cap)  # "Putin", "NATO", and "McDonald", "M5s" too
        self._capitals = capitals.tolist()
        codes = t.per_word(self._side_code, "int64")
        self._side_at = numpy.flatnonzero(codes).tolist()
        self._side_codes = codes[self._side_at].tolist()
        # the quotation marks before each token (and after the last), for _side_word
        marks = t.per_word(_is_quote_mark)
        self._quote_marks = numpy.concatenate([[0], numpy.cumsum(marks)]).tolist()
        sent = t.sentence_flags(doc)
        self._initials = self._opening(t, sent, capitals).tolist()
        self._sentence_of = numpy.cumsum(sent).tolist()  # the sentence of each token
        self._ents = entity_rows(doc)  # (start, end, label, id)
        self._subjects = None
        self._cap_array, self._capital_array = cap, capitals

    def _opening(self, t, sent, at) -> "numpy.ndarray":
        """Whether each token of ``at`` opens a sentence or a line (after quotes, dashes,
        bullets), from the nearest token before it that decides it (:func:`_walk_code`)."""
        if not len(at):
            return numpy.zeros(0, dtype=bool)
        walk = t.per_word(_walk_code, "int8")
        deciding = numpy.flatnonzero((walk != _SKIPPED) | sent)
        if not len(deciding):
            return numpy.ones(len(at), dtype=bool)
        k = numpy.searchsorted(deciding, at) - 1  # the last deciding token before each
        m = deciding[numpy.maximum(k, 0)]
        code = walk[m]
        after = sent[numpy.minimum(m + 1, len(sent) - 1)]
        return (k < 0) | (code == _OPENER) | (code == _LINE) | \
            ((code == _SKIPPED) & sent[m]) | ((code == _WORD) & (after | sent[at]))

    def match(self, doc: Doc) -> tuple[list[tuple[int, int, str]], dict]:
        """(start, end, id) of every actor mention, and the Doc's actors by id."""
        t = token_table(doc)
        self._read(doc, t)
        low, txt = t.lower, t.text
        registry: dict[str, dict] = {}
        kept: list[tuple[int, int, str]] = []
        taken = [False] * len(doc)
        place_heads = self.place_heads
        for start, end, _, actor_id in self._ents:
            if actor_id not in self.known:
                continue
            for i in range(start, end):
                taken[i] = True
            if start and low[start - 1] in place_heads:
                continue  # "via Roma", "corso Italia", "nel nord Italia": a place
            kept.append((start, end, actor_id))
            registry[actor_id] = self.known[actor_id]
        text = t.doc_text
        datelines = self._datelines(doc, text)
        if datelines:  # "MOSCA, 12 MAR –" says where the report was filed, not who acts
            kept = [m for m in kept if m[0] not in datelines]
            for i in datelines:
                taken[i] = True
        for start, end in self._capital_role_phrases():
            taken[start:end] = [True] * (end - start)
        lowered_words = _lowered_words(t)
        phrases = self._org_phrases(doc, taken)
        if phrases:  # the mentions an organisation's phrase overlaps give way to it
            inside = [False] * len(doc)
            for start, end in phrases:
                inside[start:end] = [True] * (end - start)
            kept = [m for m in kept if not any(inside[m[0]:m[1]])]
        for start, end in phrases:
            self._keep_org(doc, start, end, registry, kept)
            for i in range(start, end):
                taken[i] = True
        runs = self._runs(doc, taken)
        capital_elsewhere = {txt[k] for s, e, initial in runs
                             for k in range(s + (1 if initial else 0), e)}
        people: list[tuple[int, int, str]] = []  # (start, end, full text)
        particles, first_names = self.particles, self.first_names
        # the ends of the places found so far (states and capitals first), True where the
        # evidence is strong (a list, a place noun); and the words a place noun has shown to
        # be places ("il sindaco di Sorvento")
        self._place_ends = {e: True for _, e, label, _ in self._ents if label == "LOC"}
        place_words: set[str] = set()
        for start, end, initial in runs:
            start, end = self._trim(doc, start, end, initial)
            if start >= end:
                continue
            if initial and end - start >= 3 and txt[start] not in capital_elsewhere and \
                    particles.isdisjoint(low[start:end]) and low[start] not in first_names:
                start += 1  # "Arriva Giorgia Meloni" (not "Anna Maria Bernini")
                initial = False
            prev = low[start - 1] if start else ""
            place = 2 if end - start >= 4 and " ".join(low[start:start + 2]) in self.places \
                else 1 if end - start >= 3 and low[start] in self.places else 0
            named = next((k for k in range(start + 1, end - 1) if low[k] in first_names
                          and self._cap[k + 1]), None) if low[start] in self._heads else None
            if named is not None:
                # "della Fondazione Cariplo Giovanni Azzone", "della Cgil Maurizio Landini":
                # a body's name, then a person's from a first name on
                self._keep_org(doc, start, named, registry, kept)
                start = named
            elif place and low[start + place] not in particles:
                # "il presidente della Campania Vincenzo De Luca", "il quotidiano di Hong Kong
                # South China Morning Post": a place, then a name
                start += place
                self._place_ends[start] = True
            elif end - start >= 3 and prev in _ARTICULATED_DI and low[start + 1] not in particles \
                    and t.is_alpha[start + 1] and low[start] not in self._department_heads \
                    and low[end - 1] not in self.departments \
                    and self._heads.isdisjoint(low[start + 1:end]) \
                    and (low[start] in self._heads or particles.isdisjoint(low[start:end])):
                # "della Cgil Maurizio Landini", "di Azione Carlo Calenda", "della Commissione
                # Ursula von der Leyen": a body, then a name
                org = txt[start]
                org_id = slug(org)
                registry.setdefault(org_id, {"name": org, "kind": "org", "side": "other"})
                kept.append((start, start + 1, org_id))
                start += 1
            words = low[start:end]
            if " ".join(words) in self.places:
                self._place_ends[end] = True  # "Kherson", "Medio Oriente", "Europa": a place
                continue
            kind = self._kind(doc, start, end, words)
            if kind is None:
                continue
            if initial and end - start == 1 and not self._confirmed(doc, start, capital_elsewhere,
                                                                   lowered_words):
                continue
            if kind == "person" and self._is_place(doc, start, end, words):
                strong = self._place_noun_before(start, words)
                self._place_ends[end] = strong
                if end - start == 1 and strong:
                    place_words.add(txt[start])
                continue
            if kind == "person" and end - start == 1 and len(txt[start]) < 2:
                continue
            if kind == "org":
                self._keep_org(doc, start, end, registry, kept)
            else:
                people.append((start, end, t.words(start, end)))
        if place_words:
            people = self._without_places(doc, people, place_words, registry, kept)
        people = self._opening_first_names(people, taken)
        kept.extend(self._group_people(doc, people, registry, lowered_words))
        kept.extend(self._role_references(doc, kept, registry))
        kept.sort()
        if self._subjects is not None:
            doc.user_data["inquadra.subjects"] = self._subjects
        self._t = self._ents = self._subjects = self._cap = self._place_ends = None
        self._cap_array = self._capital_array = self._initials = self._sentence_of = None
        self._quote_marks = None
        self._side_at, self._side_codes = [], []
        return kept, registry

    # "MOSCA, 12 MAR –", and a live blog's "11:40 KHERSON –"
    _DATELINE = re.compile(r"(?m)^[ \t]*(?:(?:ore\s+)?\d{1,2}[.:,]\d{2}\s+)?"
                           r"([A-ZÀ-Ý][A-ZÀ-Ý’' .\-]+?)(?=\s*(?:,|–|—|-|\())")

    def _datelines(self, doc: Doc, text: str) -> set[int]:
        """Token indices of the all-capital place names that open a paragraph."""
        out = set()
        for m in self._DATELINE.finditer(text):
            span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
            if span is not None and len(m.group(1).strip()) > 2:
                out.update(range(span.start, span.end))
        return out

    _DI = {"di", "del", "della", "dello", "dei", "degli", "delle", "dell’", "dell'", "d’", "d'",
           "per", "sugli", "sulla", "sul", "per gli"}
    _THE = {"il", "la", "i", "gli", "le", "l’", "l'"}

    def _org_phrases(self, doc: Doc, taken: list[bool]) -> list[tuple[int, int]]:
        """Organisations named by a head noun and its specifiers: "il ministero degli Esteri
        russo", "le forze armate ucraine", "la Commissione europea", "il consiglio comunale
        di Empoli". A head needs at least one specifier (an institutional or nationality
        adjective, or "di" + a name); only strong heads take "di" + a common noun."""
        t = self._t
        low, cap = t.lower, self._cap
        out = []
        n, last = len(low), -1
        for i in numpy.flatnonzero(t.per_word(self._is_head)).tolist():
            if i < last or (i and low[i - 1] in self.roles) or (low[i] == "stato" and not cap[i]):
                continue  # ("lo stato di emergenza" is no State)
            k, specified, strong = i + 1, False, low[i] in self.strong_heads
            if low[i] in _NAMED_BY_CAPITALS and not cap[i]:  # "la commissione Bilancio"
                while k < n and cap[k] and not taken[k]:
                    k, specified = k + 1, True
            for _ in range(2):  # up to two "di …" groups, each with adjectives after it
                while k < n and (low[k] in self.org_adjectives or low[k] in self.nationality):
                    k, specified = k + 1, True
                if k + 1 < n and low[k] in self._DI:
                    j = k + 1
                    if j < n and low[j] in self._THE:
                        j += 1
                    m = j
                    while m < n and (cap[m] or (m > j and low[m] in self.particles
                                                and m + 1 < n and cap[m + 1])):
                        if m > j and low[m] in self.first_names and m + 1 < n and cap[m + 1]:
                            break  # "la Banca d'Italia Fabio Panetta": a person's name
                        m += 1
                    if m > j:
                        k, specified = m, True
                        continue
                    if strong and j < n and t.is_alpha[j] and t.is_lower[j] and \
                            low[j] not in self.stop_words:
                        k, specified = j + 1, True
                        continue
                break
            if specified and low[i] in _SEATED and k + 1 < n and low[k] in {"a", "in"} and \
                    cap[k + 1]:
                k += 2  # "l'ambasciata russa a Roma": where the mission sits
                while k < n and cap[k]:
                    k += 1
            if specified and not any(taken[i:k]) or specified and self._only_known(i, k, taken):
                out.append((i, k))
                last = k
        return out

    def _only_known(self, start: int, end: int, taken: list[bool]) -> bool:
        """Whether the taken tokens of a phrase are whole entities inside it ("di Kiev")."""
        return not taken[start] and all(
            first >= start and last <= end for first, last, _, _ in self._ents
            if first < end and last > start)

    def _runs(self, doc: Doc, taken: list[bool]) -> list[tuple[int, int, bool]]:
        """Runs of capitalised tokens (particles inside), with 'starts a sentence'; a
        sentence's first word alone is left out when :meth:`_trim` would drop it (such a run
        adds nothing to the words seen capitalised elsewhere either)."""
        t = self._t
        low, is_title, cap, txt = t.lower, t.is_title, self._cap, t.text
        particles = self.particles
        runs = []
        n, last = len(low), -1
        for i, initial in zip(self._capitals, self._initials):
            if i < last or taken[i] or not cap[i]:
                continue
            j = i + 1
            while j < n and not taken[j]:
                if cap[j]:
                    j += 1
                    continue
                if txt[j] == "-" and j + 1 < n and not taken[j + 1] and t.is_lower[j + 1] \
                        and t.end[j - 1] == t.idx[j] and t.end[j] == t.idx[j + 1]:
                    j += 2  # "Kim Jong-un": a lower-case part after a hyphen
                    continue
                if len(txt[j]) <= 2 and txt[j].isdigit() and j + 1 < n and not taken[j + 1] \
                        and cap[j + 1] and is_title[j + 1] and low[j + 1] not in self.calendar \
                        and low[j - 1] not in self.common:
                    j += 2  # "Movimento 5 Stelle": a small number inside a name
                    continue
                k = j
                while k < n and k - j < 3 and low[k] in particles and not taken[k]:
                    k += 1
                if k > j and k < n and not taken[k] and cap[k] and is_title[k]:
                    j = k + 1
                    continue
                if low[j] == "da" and j - i >= 2 and j + 1 < n and not taken[j + 1] and \
                        is_title[j + 1] and low[j + 1] not in self.places:
                    j += 2  # "Luiz Inácio Lula da Silva" (not "Arrivano da Milano")
                    continue
                break
            last = j
            if initial and j == i + 1 and low[i] in self._leading_initial:
                continue  # "Il", "Secondo" opening a sentence: _trim would drop the run whole
            runs.append((i, j, initial))
        return runs

    def _opens_surname(self, i: int, end: int) -> bool:
        """Whether a capitalised particle opens a surname: "Di Maio", "De Luca", "Von der
        Leyen" (the particles, then a name that is no common word)."""
        low, particles = self._t.lower, self.particles
        if low[i] not in particles or not self._t.text[i][:1].isupper():
            return False
        k = i + 1
        while k < end and low[k] in particles:
            k += 1
        return k < end and low[k] not in self._leading_initial

    def _trim(self, doc: Doc, start: int, end: int, initial: bool) -> tuple[int, int]:
        """Drop leading common words, months, weekdays and role nouns; trailing particles."""
        low = self._t.lower
        if low[start] in self._multi_firsts and self._multi_role_at(start):
            return start, start  # "l'Alta rappresentante": a role, not a name
        leading = self._leading_initial if initial else self._leading
        if initial and low[start] in _INTERVIEW_MARKS and end - start > 1:
            start += 1  # an interview's "D. Presidente Neri, …?"
        while start < end and low[start] in leading and not self._opens_surname(start, end):
            if low[start] in self._department_heads and start + 1 < end and \
                    low[start + 1] not in leading:
                break  # "Università Fudan di Shanghai"
            start += 1
        trailing = self._trailing
        while end > start and low[end - 1] in trailing:
            end -= 1
        # a month or weekday inside a run ends it ("Putin Lunedì" is rare; "Marzo" never a name)
        calendar = self.calendar
        for k in range(start, end):
            if low[k] in calendar:
                end = k
                break
        return start, end

    def _kind(self, doc: Doc, start: int, end: int, words: list[str]) -> str | None:
        t = self._t
        prev = t.lower[start - 1] if start else ""
        if not self._heads.isdisjoint(words) and not (words[0] in self.first_names and (
                words[0] not in self._heads or (len(words) == 2 and words[1] not in self._heads
                                                and words[1] not in self.org_adjectives))):
            # an organisation's or an outlet's head (not "Roberto Chiesa", "Marina Sereni";
            # "Marina Militare" is one)
            return "org"
        if end - start >= 2 and words[-1] in self.departments:
            return "org"  # "Linea Padana Trasporti"
        if end - start == 1 and t.is_upper[start] and len(t.text[start]) >= 2:
            if words[0] in self.not_acronyms or t.text[start].isdigit():
                return None
            return "org"
        if prev in self.org_intro:
            return "org"
        return "person"

    def _is_place(self, doc: Doc, start: int, end: int, words: list[str]) -> bool:
        low = self._t.lower
        if self._place_noun_before(start, words):
            return True  # "nei pressi di Pokrovsk", "la sindaca di Tortolì"
        prev = low[start - 1] if start else ""
        joined = self._place_ends.get(start - 1) if prev in {"e", "ed", "o"} else None
        if joined or (joined is not None and end - start == 1 and
                      low[start] not in self._subject_words(doc)):
            return True  # "tra Mosca e Kazan", "su Kharkiv e Odessa"
        if prev in self.place_preps and end - start == 1:
            # "ha detto a Putin": a name also seen elsewhere as a subject stays a person, and
            # so does one joined to such a name ("tra Macron e Orbán")
            subjects = self._subject_words(doc)
            if end + 1 < len(low) and low[end] in {"e", "ed"} and low[end + 1] in subjects:
                return False
            return not any(w in subjects for w in low[start:end])
        return False

    def _place_noun_before(self, start: int, words) -> bool:
        """A place noun before a run, or as its head: "la città di X", "il sindaco di X",
        "nei pressi di X", "la zona industriale di X", "Mar Nero"."""
        low = self._t.lower
        end = start + len(words)
        named = len(words) == 2 and words[0] in self.first_names  # "Marina Sereni"
        if (words[0] in self.place_heads and not named and (len(words) > 1 or (
                end < len(low) and low[end] in _OF))) or (
                start and low[start - 1] in self.place_heads):
            return True  # "Mar Nero", "Costa Azzurra", "lo Stretto di Taiwan"; "Costa" alone
            # is a surname
        if start < 2 or low[start - 1] not in _OF:
            return False
        # "il sindaco di X", "la zona industriale di X"
        return low[start - 2] in _PLACE_NOUNS or (
            start >= 3 and low[start - 3] in _PLACE_NOUNS and
            low[start - 2].endswith(_ADJECTIVE_ENDINGS))

    def _without_places(self, doc: Doc, people, place_words: set[str], registry,
                        kept) -> list:
        """The person runs that are not places the text has shown elsewhere ("Sorvento,
        il sindaco: …" once "il sindaco di Sorvento" is read); a longer name that opens with
        such a place is a body ("Sorvento Futura", a town's party list) and joins ``kept``."""
        out = []
        for start, end, name in people:
            first = self._t.text[start]
            if first not in place_words:
                out.append((start, end, name))
            elif end - start > 1:
                self._keep_org(doc, start, end, registry, kept)
        return out

    def _keep_org(self, doc: Doc, start: int, end: int, registry: dict, kept: list) -> None:
        """Keep tokens ``start:end`` as a mention of the organisation their text names."""
        name = self._t.words(start, end)
        actor_id = self._full_names.get(name) or slug(name)
        registry.setdefault(actor_id, {"name": name, "kind": "org",
                                       "side": self._side(doc, start, end)})
        kept.append((start, end, actor_id))

    def _subject_words(self, doc: Doc) -> set[str]:
        """Words of capitalised runs that appear elsewhere right before a verb or a comma."""
        cached = self._subjects
        if cached is None:
            cached = doc.user_data.get("inquadra.subjects")
        if cached is None:
            t, at = self._t, self._capital_array
            at = at[at + 1 < len(t.lower)]
            prev = t.per_word(self._place_prep)[numpy.maximum(at - 1, 0)] & (at > 0)
            chosen = at[self._cap_array[at] & t.per_word(_before_verb_or_comma)[at + 1] & ~prev]
            low = t.lower
            cached = {low[i] for i in chosen.tolist()}
        self._subjects = cached
        return cached

    def _confirmed(self, doc: Doc, i: int, capital_elsewhere: set[str], lowered: set[str]) -> bool:
        """A sentence-initial word alone is a name only when the text confirms it."""
        t = self._t
        low, txt = t.lower, t.text
        n = len(low)
        if low[i] in lowered:
            return False
        if txt[i] in capital_elsewhere:
            return True
        if i + 1 >= n:
            return False
        if txt[i + 1] == ":" or low[i + 1] in _AFTER_NAME_VERBS:
            return True
        live_item = i and txt[i - 1] in {"–", "—", "-"}
        for k in range(i + 1, min(n, i + 5) if live_item else i):
            if txt[k] == ":":  # a live blog's "ore 9.48 – Rutte ai cronisti: «…»"
                return True
            if not (t.is_lower[k] and t.is_alpha[k]):
                break
        if txt[i + 1] in {"’", "'"}:
            return False  # an elided article or preposition ("All’inizio")
        if txt[i][-1].lower() not in "aeiouàèéìòù" and low[i] not in self.common and \
                len(txt[i]) > 3:
            return True  # Italian words end in a vowel; "Zelensky", "Peskov" do not
        if txt[i + 1] == "," and i + 2 < n:
            after = low[i + 2]
            return after in self.roles or after in _ARTICLES and i + 3 < n and \
                low[i + 3] in self.roles
        return False

    def _side(self, doc: Doc, start: int, end: int) -> str:
        """china or kremlin from a nationality adjective or a capital near the mention."""
        return self._side_word(start, end) or "other"

    def _side_word(self, start: int, end: int) -> str | None:
        """The side a nationality adjective or a capital near a mention gives it ("il
        presidente russo Vladimir Putin", "Peskov, portavoce del Cremlino", "il ministro
        ucraino"): one inside the mention first, else the nearest within six words before
        or four after, in the same sentence and not across a quotation mark ("«…
        l'economia russa …», ha detto Zelensky"); None where there is none."""
        at, quotes, sentence = self._side_at, self._quote_marks, self._sentence_of
        lo = bisect.bisect_left(at, max(0, start - 6))
        hi = bisect.bisect_left(at, end + 4)
        best, distance = None, None
        for k in range(lo, hi):
            p = at[k]
            if start <= p < end:
                return self._side_names[self._side_codes[k]]
            if p < start:
                gap, crossed = start - p, quotes[start] - quotes[p + 1]
            else:
                gap, crossed = p - end + 1, quotes[p] - quotes[end]
            if not crossed and sentence[p] == sentence[start] and (
                    distance is None or gap < distance):
                best, distance = k, gap
        return None if best is None else self._side_names[self._side_codes[best]]

    def _group_people(self, doc: Doc, people, registry, lowered) -> list[tuple[int, int, str]]:
        """Ids for the person runs: a lone first name or surname joins its full name."""
        full: dict[str, str] = {}  # a name's first or last word -> id of the full name
        sided: set[str] = set()  # the ids whose side a side word has told
        ids: dict[str, str] = {}
        for _, _, name in people:
            parts = name.split()
            if len(parts) > 1 and name not in ids:
                actor_id = self._full_names.get(name) or slug(name)
                ids[name] = actor_id
                for part in (parts[0], parts[-1]):
                    full[part] = actor_id
        for surname, i in self._known_surnames.items():  # "Putin" joins "Vladimir Putin"
            full.setdefault(surname, i)
        out = []
        for start, end, name in people:
            parts = name.split()
            actor_id = ids.get(name) or full.get(parts[-1]) or full.get(parts[0])
            if actor_id is None:
                if len(parts) == 1 and (name.lower() in lowered or name.lower() in self.common
                                        or self._fused_after(end)):
                    continue  # a common word capitalised in mid-sentence, not a name
                actor_id = slug(name)
            if actor_id not in registry:
                known = self.known.get(actor_id)
                side = None if known else self._side_word(start, end)
                registry[actor_id] = known or {"name": name, "kind": "person",
                                               "side": side or "other"}
                if side:
                    sided.add(actor_id)
            elif actor_id not in sided and actor_id not in self.known:
                # a later mention may tell the side the first did not; once told, it stays
                # ("il presidente ucraino Zelensky" is not made Russian by a later "russa")
                side = self._side_word(start, end)
                if side:
                    registry[actor_id] = {**registry[actor_id], "side": side}
                    sided.add(actor_id)
            out.append((start, end, actor_id))
        return out

    def _opening_first_names(self, people: list, taken: list[bool]) -> list:
        """``people`` with the sentence-initial words that repeat the first word of a full
        name found in the text, before a verb: "Li ha aggiunto" after "Li Qiang" (a
        sentence's first word alone is otherwise no name when it is also a common word, as
        the pronoun "li"); ``taken``: the tokens other mentions hold."""
        firsts = {name.split()[0] for _, _, name in people if " " in name}
        if not firsts:
            return people
        txt, low = self._t.text, self._t.lower
        n = len(txt)
        found = {start for start, _, _ in people}
        extra = [(i, i + 1, txt[i]) for i, initial in zip(self._capitals, self._initials)
                 if initial and txt[i] in firsts and i not in found and not taken[i] and i + 1 < n
                 and low[i + 1] in _AFTER_NAME_VERBS]
        return sorted(people + extra) if extra else people

    def _fused_after(self, end: int) -> bool:
        """A capitalised function word after a lower-case word soon after: link text."""
        txt, is_lower = self._t.text, self._t.is_lower
        for k in range(end + 1, min(len(txt), end + 4)):
            if txt[k] in _FUSED and is_lower[k - 1]:
                return True
        return False

    def _multi_role_at(self, i: int) -> tuple[str, int] | None:
        """(role id, end) of a role of several words at token ``i`` ("primo ministro",
        "presidente del Consiglio": the words the lexicon writes with a capital need one)."""
        t = self._t
        low, txt = t.lower, t.text
        for words, role, capitals in self._multi_by_first.get(low[i], ()):
            end = i + len(words)
            if tuple(low[i:end]) == words and all(txt[i + j][:1].isupper() for j in capitals) \
                    and not (capitals and self._name_goes_on(end)):
                return role, end
        return None

    def _name_goes_on(self, i: int) -> bool:
        """Whether the name of a body goes on at token ``i``: "(presidente del) Consiglio
        europeo", "Consiglio di Sicurezza"; after "Stato" a nationality is the role's own
        ("il capo di Stato cinese", "il segretario di Stato americano")."""
        low, cap = self._t.lower, self._cap
        if i >= len(low):
            return False
        word = low[i]
        return cap[i] or word in self.org_adjectives or (
            word in self.nationality and low[i - 1] != "stato") or (
            word in _OF and i + 1 < len(low) and cap[i + 1])

    def _role_at(self, i: int) -> tuple[str, int] | None:
        """(role id, end) of a role noun starting at token ``i``."""
        found = self._multi_role_at(i)
        if found is not None:
            return found
        role = self.roles.get(self._t.lower[i])
        return (role, i + 1) if role else None

    def _capital_role_phrases(self) -> list[tuple[int, int]]:
        """The role phrases with a capital in them ("presidente del Consiglio", "capo dello
        Stato"): their capitalised words name no actor of their own."""
        out = []
        for i in numpy.flatnonzero(self._t.per_word(self._opens_capital_role)).tolist():
            found = self._multi_role_at(i)
            if found is not None:
                out.append((i, found[1]))
        return out

    def _role_references(self, doc: Doc, mentions, registry) -> list[tuple[int, int, str]]:
        """Role phrases that name a person, and later ones that refer back to them."""
        persons = {i for i, actor in registry.items() if actor.get("kind") == "person"}
        people = sorted([m for m in mentions if m[2] in persons])
        if not people:
            return []
        t = self._t
        low, txt = t.lower, t.text
        n = len(low)
        starts = {s: (e, i) for s, e, i in people}
        ends = {e: (s, i) for s, e, i in people}
        occupied = _covered(mentions, n)  # occupied[k]: token k is part of a mention
        first_line = t.doc_text.find("\n")
        # role -> (position, role, person id, gender, country of the role's nationality)
        holders: dict[str, list[tuple]] = {}
        out: list[tuple[int, int, str]] = []
        positions = numpy.flatnonzero(t.per_word(self._opens_role)).tolist()
        for number, i in enumerate(positions):
            if occupied[i]:
                continue
            if low[i] in {"quest’", "quest'"} and i + 1 < n and low[i + 1] in {"ultimo", "ultima"}:
                before = [p for p in people if p[1] <= i]
                if before:  # "Quest'ultimo": the person named last
                    out.append((i, i + 2, before[-1][2]))
                    occupied[i:i + 2] = [True, True]
                continue
            found = self._role_at(i)
            if found is None:
                continue
            role, role_end = found
            named = self._named_after(role_end, starts, occupied)
            before = ends.get(i) or (ends.get(i - 1) if i and txt[i - 1] == "," else None)
            if before is None and i >= 2 and low[i - 1] in _ARTICLES and txt[i - 2] == ",":
                before = ends.get(i - 2)
            gender = _GENDER.get(low[i - 1]) if i else None
            # "il presidente cinese": the nationality after the role tells whose
            country = self.nationality.get(low[role_end]) if role_end < n else None
            if named is not None:
                holders.setdefault(role, []).append((i, role, named, gender, country))
                continue
            if before is not None:
                holders.setdefault(role, []).append((i, role, before[1], gender, country))
                continue
            if i == 0 or low[i - 1] not in _ARTICLES:
                continue
            earlier = [h for h in holders.get(role, ()) if h[0] < i
                       and (gender is None or h[3] is None or h[3] == gender)
                       and self._of_country(h, country, registry)]
            if not earlier and 0 <= t.idx[i] < first_line:
                # a headline's "Il sindaco:" names the person only later (a text of one
                # line has no headline)
                later = self._later_holder(role, positions[number + 1:], starts, ends, occupied)
                if later is None:
                    continue
                earlier = [(i, role, later, gender, country)]
            if not earlier:
                continue
            end = role_end
            while end < n and low[end] in self.nationality:
                end += 1
            out.append((i, end, earlier[-1][2]))
            occupied[i:end] = [True] * (end - i)
        return out

    @staticmethod
    def _of_country(holder: tuple, country: str | None, registry: dict) -> bool:
        """Whether a role's holder may be the one "il presidente russo" means: the same
        nationality after the role, or none there and the holder on that country's side
        (Putin for "russo", not Trump)."""
        if country is None or holder[4] == country:
            return True
        if holder[4] is not None:
            return False
        side = registry.get(holder[2], {}).get("side", "other")
        return side == _SIDES.get(country, "other")

    def _later_holder(self, role: str, positions, starts, ends, occupied) -> str | None:
        """The person a later role phrase of the same role names (``positions``: the
        later tokens that may open a role noun)."""
        txt = self._t.text
        for k in positions:
            if occupied[k]:
                continue
            found = self._role_at(k)
            if found is None or found[0] != role:
                continue
            named = self._named_after(found[1], starts, occupied)
            if named is None and k and txt[k - 1] == ",":
                named = ends.get(k - 1, (None, None))[1]
            if named is not None:
                return named
        return None

    def _named_after(self, i: int, starts, occupied) -> str | None:
        """The person id of a name within a short qualifier window after a role noun."""
        t = self._t
        low, txt = t.lower, t.text
        for k in range(i, min(len(low), i + 7)):
            if k in starts and not (k and low[k - 1] in _OF):
                return starts[k][1]  # a name after "di" qualifies the role ("di Tortolì")
            if txt[k] == "," and k + 1 in starts:
                return starts[k + 1][1]  # "la portavoce del ministero, Maria Zakharova"
            if t.is_punct[k] and txt[k] not in {"’", "'"}:
                return None
            word = low[k]
            after_link = k > i and low[k - 1] in _OF or (
                k < i + 2 and word.endswith(_ADJECTIVE_ENDINGS))
            if not (occupied[k] or word in _LINKS or word in self.nationality
                    or self._cap[k] or word in _ARTICLES
                    or (after_link and t.is_alpha[k] and t.is_lower[k])):
                return None
        return None

    # -- writing ---------------------------------------------------------
    def set_annotations(self, doc: Doc, matches) -> None:
        """Write the mentions as ``doc.ents`` and the actors to ``doc.user_data``."""
        mentions, registry = matches
        labels = {"person": "PER", "org": "ORG", "state": "LOC", "institution": "ORG",
                  "group": "PER"}
        # as ``doc.ents = spans`` writes them, in one array: entity tokens B/I with their
        # label and id, every other token outside (its old ids kept)
        n = len(doc)
        if n:
            strings = doc.vocab.strings
            written, last = [], -1
            for mention in mentions:  # the first of two that overlap
                if mention[0] >= last:
                    last = mention[1]
                    if mention[1] > mention[0]:
                        written.append(mention)
            starts, ends, ids = (list(column) for column in zip(*written)) if written \
                else ([], [], [])
            label_of = {i: labels.get(registry[i]["kind"], "MISC") for i in set(ids)}
            hashes = {name: strings.add(name) for name in set(ids) | set(label_of.values())}
            found = list(zip(starts, ends, map(label_of.__getitem__, ids), ids))
            columns = numpy.empty((n, 4), dtype="uint64")
            columns[:, 0], columns[:, 1] = _IOB_OUTSIDE, 0
            columns[:, 2:] = doc.to_array([ENT_KB_ID, ENT_ID])
            hash_of = hashes.__getitem__
            mark_entities(columns, starts, ends,
                          list(map(hash_of, map(label_of.__getitem__, ids))),
                          list(map(hash_of, ids)))
            write_entities(doc, found, columns)
        doc.user_data[ACTORS_KEY] = registry


@Language.factory("inquadra_actors", default_config={"known": {}})
def make_actors(nlp: Language, name: str, known: dict) -> Actors:
    """Factory of the rule-based actor finder; ``known`` lists the lexicon's actors."""
    return Actors(nlp, name, known)
