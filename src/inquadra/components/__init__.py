"""spaCy components of inquadra, one a module: quotes, attribution, artifacts, rulers.

Importing a component's module registers its factory (``inquadra_quotes``,
``inquadra_attribution``, ``inquadra_artifacts``, ``inquadra_entity_ruler``,
``inquadra_span_ruler``; :mod:`inquadra.pipeline` imports them all); importing
this package registers the ``Span._`` extensions they write: ``source``,
``side``, ``cue``, ``inferred``, ``unbalanced`` and ``explanation``. The
components import their shared helpers from here, so this package does not
import them back.
"""

from __future__ import annotations

import bisect
import functools
import weakref

import numpy
from typing import NamedTuple

from spacy.attrs import ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE, IDX, ORTH, SENT_START
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span

__all__ = [
    "SPAN_EXTENSIONS",
    "register_extensions",
    "read_lexicon",
    "lexicon_path",
    "doc_text",
    "code_points",
    "TokenTable",
    "Word",
    "token_table",
    "Entity",
    "entities",
    "entity_rows",
    "mark_entities",
    "write_entities",
    "set_span_extensions",
    "extensions_in_user_data",
    "TextKeepingTokenizer",
    "keep_text",
]

#: Extension name -> default value.
SPAN_EXTENSIONS = {
    "source": None,
    "side": None,
    "cue": None,
    "inferred": False,
    "unbalanced": False,
    "explanation": None,
}


def register_extensions() -> None:
    """Register the ``Span._`` extensions once; safe to call any number of times."""
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
        elif Span.get_extension(name)[0] != default:
            Span.set_extension(name, default=default, force=True)


register_extensions()


def set_span_extensions(span: Span, values: dict) -> None:
    """``span._.<name> = value`` for each item of ``values``, in order.

    spaCy keeps the value of a plain extension (one with a default, no getter or
    setter) in ``doc.user_data`` under ``("._.", name, start_char, end_char)``;
    building ``span._`` and going through it costs several times more than writing
    that entry, which is what this does once a check on a small Doc has shown that
    the installed spaCy keys values so. Any other extension goes through ``span._``.
    """
    if extensions_in_user_data(tuple(values)):
        data, start, end = span.doc.user_data, span.start_char, span.end_char
        for name, value in values.items():
            data[("._.", name, start, end)] = value
        return
    ext = span._
    for name, value in values.items():
        setattr(ext, name, value)


def extensions_in_user_data(names: tuple[str, ...]) -> bool:
    """Whether :func:`set_span_extensions` writes the extensions ``names`` straight into
    ``doc.user_data`` under ``("._.", name, start_char, end_char)``: a component that
    writes thousands of values may then write those entries itself."""
    plain = _PLAIN_SETS.get(names)
    if plain is None:
        plain = _PLAIN_SETS[names] = all(_plain_extension(name) for name in names)
    return plain


_PLAIN: dict[str, bool] = {}
_PLAIN_SETS: dict[tuple, bool] = {}


def _plain_extension(name: str) -> bool:
    """Whether ``span._.<name>`` is stored under the key :func:`set_span_extensions` writes."""
    found = _PLAIN.get(name)
    if found is None:
        found = False
        if Span.has_extension(name):
            default, method, getter, setter = Span.get_extension(name)
            if method is None and getter is None and setter is None:
                from spacy.vocab import Vocab

                probe = Doc(Vocab(), words=["a", "b"])[1:2]
                setattr(probe._, name, "probe")
                found = probe.doc.user_data.get(("._.", name, probe.start_char,
                                                 probe.end_char)) == "probe"
        _PLAIN[name] = found
    return found


_TEXT_KEY = "inquadra.text"


def doc_text(doc) -> str:
    """``doc.text``, kept by :class:`TextKeepingTokenizer` or else computed once a Doc.

    Building ``doc.text`` token by token costs about as much as tokenising the text,
    so every component asks here instead.
    """
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


def code_points(text: str) -> numpy.ndarray:
    """The code point of each character of ``text``, for rules that test every character.

    numpy tests every character of the array in a few passes, where a regular expression
    that starts with a character class tests one character at a time: such a rule finds
    where a match can be here and runs its regular expression only there.
    (``surrogatepass``: a lone surrogate counts as one character, as in ``text``.)
    """
    return numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


class TokenTable:
    """The tokens of one Doc as plain Python tuples, for rules that look at many tokens.

    ``doc[i]`` builds a new ``Token`` object on every call, and its attributes are
    looked up through the string store each time: a rule that walks the tokens
    spends most of its time there. The table reads each distinct word's lexeme once
    and lays its attributes out token by token, each tuple when first asked for (or as a
    numpy array, :meth:`array`):
    ``text``, ``lower``, ``idx`` (start character), ``end`` (end character) and the
    flags ``is_title``, ``is_upper``, ``is_lower``, ``is_alpha``, ``is_punct``,
    ``is_space``, ``like_num``. They depend on the words only, which no component
    changes; :meth:`sent_starts` reads the sentence starts afresh.

    Tuples, not lists: a tuple of strings, numbers and booleans is walked by the garbage
    collector once and then left alone, where a list as long as the Doc would be walked
    again on every pass of the collector while the Doc lives.
    """

    def __init__(self, doc: Doc):
        self.doc_text = doc_text(doc)
        self.size = len(doc)
        self._lexemes = _lexemes(doc.vocab)
        self._arr = doc.to_array([ORTH, IDX]) if len(doc) else numpy.zeros((0, 2), "uint64")
        self._rows = self._lexemes.rows_of(self._arr[:, 0])
        #: (entity arrays, Entity tuples) of the last :func:`entities` read
        self.entities_read: tuple | None = None
        self._codes = None

    def __getattr__(self, name: str):
        if name in ("idx", "end") or name in _Lexemes.ATTRS:
            value = tuple(self.array(name).tolist())
        else:
            raise AttributeError(name)
        setattr(self, name, value)
        return value

    def array(self, name: str) -> "numpy.ndarray":
        """One attribute of every token as a numpy array: ``idx`` and ``end`` (character
        offsets), or a lexeme attribute (``lower_id``: the hash of the lower-case form, as
        ``token.lower``)."""
        if name == "idx":
            return self._arr[:, 1].astype("int64")
        if name == "end":
            return self._arr[:, 1].astype("int64") + self._lexemes.column("length").take(self._rows)
        return self._lexemes.column(name).take(self._rows)

    def codes(self) -> numpy.ndarray:
        """:func:`code_points` of the Doc's text, worked out once."""
        if self._codes is None:
            self._codes = code_points(self.doc_text)
        return self._codes

    def per_word(self, rule, dtype=bool) -> "numpy.ndarray":
        """``rule(word)`` for every token, as a numpy array of ``dtype``, where ``word`` is
        the token's :class:`Word` (its text, lower case and flags).

        The rule runs once for each distinct word of the vocabulary, not once a token: its
        answers are kept with the vocabulary's words, under the rule object itself, so
        ``rule`` must always give the same answer for the same word (a component makes
        one such function when it is built, and passes that same one every time).
        """
        return self._lexemes.derived(rule, dtype).take(self._rows)

    def words(self, start: int, end: int) -> str:
        """The text of tokens ``start:end``, as ``doc[start:end].text``."""
        return self.doc_text[self.idx[start]:self.end[end - 1]] if end > start else ""

    def token_at(self, char: int) -> int:
        """The token whose text or trailing space holds character ``char``, or -1."""
        if char < 0 or char >= len(self.doc_text):
            return -1
        return bisect.bisect_right(self.idx, char) - 1

    def expand(self, start_char: int, end_char: int) -> tuple[int, int] | None:
        """The token bounds of ``doc.char_span(start_char, end_char,
        alignment_mode="expand")``, or None where it gives None."""
        start, end = self.token_at(start_char), self.token_at(end_char - 1)
        if start < 0 or end < 0:
            return None
        if start_char == self.end[start]:  # the space after a token is not part of it
            start += 1
        return start, end + 1

    @staticmethod
    def sentence_flags(doc: Doc) -> "numpy.ndarray":
        """``token.is_sent_start`` of every token as a numpy array of bools (None counts
        as False), read in one ``to_array``."""
        if not len(doc):
            return numpy.zeros(0, dtype=bool)
        return doc.to_array([SENT_START]).reshape(-1).astype("int64") == 1

    @staticmethod
    def sent_starts(doc: Doc) -> list[bool]:
        """``token.is_sent_start`` of every token, True or False (None counts as False)."""
        return TokenTable.sentence_flags(doc).tolist()

    @staticmethod
    def sentence_starts(doc: Doc, flags: "numpy.ndarray | None" = None) -> list[int]:
        """The first token of each sentence, as ``doc.sents`` gives them (the first token
        always opens one); ``flags``: :meth:`sentence_flags`, if already read."""
        if not len(doc):
            return []
        opens = TokenTable.sentence_flags(doc) if flags is None else flags.copy()
        opens[0] = True
        return numpy.flatnonzero(opens).tolist()


class Word(NamedTuple):
    """One distinct word of a vocabulary, as :meth:`TokenTable.per_word` hands it to a rule."""

    text: str
    lower: str
    length: int
    is_title: bool
    is_upper: bool
    is_lower: bool
    is_alpha: bool
    is_punct: bool
    is_space: bool
    like_num: bool
    lower_id: int  # the hash of ``lower``, as ``token.lower``


class _Lexemes:
    """The table's attributes of every word of one vocabulary seen so far, as columns."""

    ATTRS = ("text", "lower", "length", "is_title", "is_upper", "is_lower", "is_alpha",
             "is_punct", "is_space", "like_num", "lower_id")

    def __init__(self, vocab):
        self.vocab = vocab
        self.rows: list[Word] = []
        self._orths = numpy.zeros(0, dtype="uint64")  # sorted
        self._row_of = numpy.zeros(0, dtype="int64")  # the row of each of _orths
        self._columns: dict = {}
        self._derived: dict = {}  # rule -> its answer for each row so far

    def rows_of(self, orths) -> "numpy.ndarray":
        """The row of each orth id (a numpy array), reading the lexemes of new words."""
        pos = numpy.searchsorted(self._orths, orths)
        known = pos < len(self._orths)
        if known.all() and (self._orths[pos] == orths).all():
            return self._row_of[pos]
        fresh = numpy.setdiff1d(orths, self._orths)
        for orth in fresh.tolist():
            lex = self.vocab[orth]
            self.rows.append(Word(lex.orth_, lex.lower_, len(lex.orth_), lex.is_title,
                                  lex.is_upper, lex.is_lower, lex.is_alpha, lex.is_punct,
                                  lex.is_space, lex.like_num, lex.lower))
        orths_all = numpy.concatenate([self._orths, fresh])
        rows_all = numpy.concatenate([self._row_of, numpy.arange(len(self.rows) - len(fresh),
                                                                 len(self.rows))])
        order = numpy.argsort(orths_all, kind="stable")
        self._orths, self._row_of = orths_all[order], rows_all[order]
        self._columns = {}
        return self._row_of[numpy.searchsorted(self._orths, orths)]

    def column(self, name: str) -> "numpy.ndarray":
        """One attribute of every row, as a numpy array."""
        if name not in self._columns:
            k = self.ATTRS.index(name)
            kind = object if k < 2 else "int64" if k == 2 else "uint64" if k == 10 else bool
            self._columns[name] = numpy.array([r[k] for r in self.rows], dtype=kind)
        return self._columns[name]

    def derived(self, rule, dtype) -> "numpy.ndarray":
        """``rule(word)`` of every row, computed for the rows added since the last call."""
        done = self._derived.get(rule)
        if done is None or len(done) < len(self.rows):
            have = 0 if done is None else len(done)
            fresh = numpy.array([rule(w) for w in self.rows[have:]], dtype=dtype)
            done = self._derived[rule] = fresh if done is None else numpy.concatenate([done, fresh])
        return done


#: id(vocab) -> its _Lexemes, for the last few vocabularies (each keeps its vocabulary
#: alive while it is here, so an id is never reused for another one)
_LEXEMES: dict[int, _Lexemes] = {}
_LEXEME_VOCABS = 4
_TABLES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _lexemes(vocab) -> _Lexemes:
    entry = _LEXEMES.pop(id(vocab), None)
    if entry is None:
        entry = _Lexemes(vocab)
        while len(_LEXEMES) >= _LEXEME_VOCABS:
            del _LEXEMES[next(iter(_LEXEMES))]
    _LEXEMES[id(vocab)] = entry  # the most recently used last
    return entry


def token_table(doc: Doc) -> TokenTable:
    """The :class:`TokenTable` of ``doc``, built once a Doc and shared by the components."""
    table = _TABLES.get(doc)
    if table is None or table.size != len(doc):  # built afresh if the tokens changed
        table = _TABLES[doc] = TokenTable(doc)
    return table


class Entity(NamedTuple):
    """One of ``doc.ents`` as plain values: token offsets, label and id (``ent_id_``)."""

    start: int
    end: int
    label: str
    id: str


def entities(doc: Doc) -> list[Entity]:
    """``doc.ents`` as :class:`Entity` tuples, read from the token arrays in one pass
    (``doc.ents`` builds a ``Span`` for each, with two ``Token`` objects)."""
    return list(map(_entity, entity_rows(doc)))


def entity_rows(doc: Doc) -> list[tuple[int, int, str, str]]:
    """:func:`entities` as plain (start, end, label, id) tuples, for the components.

    What was read is kept with the Doc's :class:`TokenTable` beside the arrays it was
    read from, and given again while those arrays are unchanged (several components ask
    after the entities are written). It is kept as plain tuples, which the garbage
    collector stops tracking, and not as :class:`Entity` tuples, which it would walk on
    every full pass while the Doc lives.
    """
    n = len(doc)
    if not n:
        return []
    arr = doc.to_array([ENT_IOB, ENT_TYPE, ENT_ID])
    table = token_table(doc)
    kept = table.entities_read
    if kept is not None and numpy.array_equal(kept[0], arr):
        return list(kept[1])
    iob, types = arr[:, 0], arr[:, 1]
    begins = numpy.flatnonzero((iob == 3) & (types != 0))
    found: list[tuple] = []
    if len(begins):
        bounds = numpy.append(numpy.flatnonzero(iob != 1), n)  # a token that is not I ends one
        ends = bounds[numpy.searchsorted(bounds, begins, side="right")]
        strings = doc.vocab.strings
        labels, ids = types[begins].tolist(), arr[begins, 2].tolist()
        names = {h: strings[h] if h else "" for h in set(labels) | set(ids)}
        name = names.__getitem__
        found = list(zip(begins.tolist(), ends.tolist(), map(name, labels), map(name, ids)))
    table.entities_read = (arr, found)
    return list(found)


_entity = functools.partial(tuple.__new__, Entity)  # an Entity of a plain tuple


_IOB_BEGIN, _IOB_INSIDE = 3, 1  # the ENT_IOB of an entity's first token, and of the others


def mark_entities(columns: "numpy.ndarray", starts, ends, labels, ids) -> None:
    """Fill ``columns`` (ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID of every token) for entities
    that do not overlap: ``starts``, ``ends`` (token offsets), ``labels`` and ``ids``
    (string hashes), all at once; the other tokens are left as they are."""
    if not len(starts):
        return
    first = numpy.asarray(starts, dtype="int64")
    lengths = numpy.asarray(ends, dtype="int64") - first
    # every token of every entity, and the entity it belongs to
    owner = numpy.repeat(numpy.arange(len(first)), lengths)
    tokens = first[owner] + numpy.arange(len(owner)) - (numpy.cumsum(lengths) - lengths)[owner]
    columns[tokens, 0] = _IOB_INSIDE
    columns[first, 0] = _IOB_BEGIN
    columns[tokens, 1] = numpy.asarray(labels, dtype="uint64")[owner]
    columns[tokens, 2] = 0
    columns[tokens, 3] = numpy.asarray(ids, dtype="uint64")[owner]


def write_entities(doc: Doc, found, columns: "numpy.ndarray") -> None:
    """Write entities with ``doc.from_array`` and keep them for :func:`entities`.

    ``columns``: ENT_IOB, ENT_TYPE, ENT_KB_ID and ENT_ID of every token, as ``found``
    (the entities in order, as (start, end, label, id) tuples) sets them; the next
    :func:`entities` then gives them without reading the Doc again."""
    doc.from_array([ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID], columns)
    token_table(doc).entities_read = (columns[:, [0, 1, 3]], list(found))


class TextKeepingTokenizer(Tokenizer):
    """spaCy's rule-based tokenizer that also keeps each Doc's text for :func:`doc_text`."""

    def __call__(self, text: str):
        doc = Tokenizer.__call__(self, text)
        doc.user_data[_TEXT_KEY] = text
        return doc


def keep_text(tokenizer):
    """A :class:`TextKeepingTokenizer` with the rules of ``tokenizer`` (a spaCy ``Tokenizer``).

    Any other kind of tokenizer is returned unchanged: :func:`doc_text` then builds
    the text from the tokens.
    """
    if type(tokenizer) is not Tokenizer:
        return tokenizer
    return TextKeepingTokenizer(
        tokenizer.vocab,
        rules=tokenizer.rules,
        prefix_search=tokenizer.prefix_search,
        suffix_search=tokenizer.suffix_search,
        infix_finditer=tokenizer.infix_finditer,
        token_match=tokenizer.token_match,
        url_match=tokenizer.url_match,
        faster_heuristics=tokenizer.faster_heuristics,
    )


def read_lexicon(path) -> list[dict]:
    """Records of a JSONL lexicon (one JSON object a line); a clear error names the line.

    Args:
        path (str | os.PathLike | Traversable): the lexicon file.
    Returns:
        list[dict]: one dict a non-blank line.
    """
    import json

    records = []
    text = path.read_text(encoding="utf-8") if hasattr(path, "read_text") else open(
        path, encoding="utf-8"
    ).read()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}, line {number}: not valid JSON ({exc.msg}). "
                             "Each line must be one JSON object.") from None
        if not isinstance(record, dict) or "pattern" not in record:
            raise ValueError(f"{path}, line {number}: expected an object with a 'pattern' key.")
        records.append(record)
    return records


def lexicon_path(name: str, path=None):
    """The given path, or the bundled lexicon ``data/lexicons/<name>.jsonl``."""
    if path:
        from pathlib import Path

        return Path(path)
    from importlib import resources

    return resources.files("inquadra") / "data" / "lexicons" / f"{name}.jsonl"

