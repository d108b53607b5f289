"""Machine-translation artifacts, found by general rules, in ``doc.spans["artifacts"]``.

Labels (each span also gets ``span._.explanation``):

- ``foreign_script``: a word in a non-Latin script inside Latin text.
- ``name_variant``: a person named by a spelling that is not part of the
  usual name (the actors lexicon maps spellings to one id), or a lone capital
  letter used as a name.
- ``fused_link_text``: a capitalised function word or auxiliary in mid-sentence
  after a lower-case word ("… trasversale Sul fiume …", "… faccia Ha detto"),
  taken back to the start of the capitalised run; or a short fragment without
  final punctuation closing a paragraph after complete sentences.
- ``doubled_word``: "X e/ed X" after a degree word ("più equa ed equa") or with
  "ed"; the idiomatic reduplication "ore e ore" is not flagged.
- ``broken_word``: "ea" between two lower-case words (a fused "e a").
- ``name_variant`` also: one surname spelt two ways in one text, by edit
  distance ("Witkoff" and "Vitkoff").
- ``calque``: a phrase of English news translated word for word
  (``data/lexicons/calques.jsonl``: "diplomatico speciale" for special envoy,
  "sintesi dell'appello" for the readout of a call, "chiamata" for a phone call).
- ``spacing``: a space inside quotation marks ("“ pace”", '" Non possiamo').
- ``punctuation``: a comma inside the closing quotation mark, as English puts it.
- ``word_order``: '…," Erdoğan ha detto', the English order after a quotation.
- ``fused_link_text`` also: two words run together at a capital ("rareI").

Precision first: the rules above the new ones, a calque marked ``certain`` and a
spelling pair are certain signals. Any other signal is kept only when its
sentence holds a second signal.
"""

from __future__ import annotations

import bisect
import re

import numpy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from .. import i18n
from . import code_points as _codes
from . import (doc_text, entity_rows, lexicon_path, read_lexicon, register_extensions,
               set_span_extensions, token_table)
from .actors import ACTORS_KEY

__all__ = ["Artifacts", "make_artifacts", "LABELS"]

LABELS = ("foreign_script", "name_variant", "fused_link_text", "doubled_word", "broken_word",
          "calque", "spacing", "punctuation", "word_order", "title_case")

# the Latin blocks of code points: with white space, what _FOREIGN leaves alone
_LATIN_RANGES = ((0x0000, 0x024F), (0x0300, 0x036F), (0x1E00, 0x1EFF), (0x2000, 0x206F),
                 (0x20A0, 0x214F))
_LATIN = "\\s" + "".join(f"\\u{first:04X}-\\u{last:04X}" for first, last in _LATIN_RANGES)
_FOREIGN = re.compile(f"[^{_LATIN}]+")
_LOWER_ACCENTED = "àáèéìíòóùú"
_LOWER = f"a-z{_LOWER_ACCENTED}’'"
_FUNCTION = (
    "Il|Lo|La|Gli|Le|Un|Una|Uno|Di|Del|Dello|Della|Dei|Degli|Delle|Da|Dal|Dalla|Dai|Dalle|"
    "In|Nel|Nella|Nei|Nelle|Su|Sul|Sulla|Sui|Sulle|Con|Per|Tra|Fra|Al|Alla|Ai|Alle|Ed|Ma|Che|"
    "Ha|Hanno|È|Sono|Era|Erano|Aveva|Avevano"
)
_AUXILIARIES = {"Ha", "Hanno", "È", "Sono", "Era", "Erano", "Aveva", "Avevano"}
# A capitalised function word after a lower-case word and a space. The regular
# expression finds the word and what follows it; the two characters before it are
# checked by _mid_capitals, which tries it only after a space.
_MID_CAPITAL = re.compile(f"(?:{_FUNCTION})(?= [{_LOWER[:-2]}])")
_FUNCTION_WORDS = frozenset(_FUNCTION.split("|"))
_FUNCTION_LONGEST = max(len(word) for word in _FUNCTION_WORDS)
_DOUBLED = re.compile(
    r"(?i)(?<!\w)(?:(più|meno|molto|sempre|così|tanto|assai)\s+)?(\w+)\s+(e|ed)\s+(\2)(?!\w)"
)
# "e"/"ed" between spaces, with the word after it: where a doubled word could be
# (tried at the places _conjunction_starts finds).
_CONJUNCTION = re.compile(r"(?i)e(?<=\se)d?(?=\s+(\w+))")
_BROKEN = re.compile(f"ea(?<=[{_LOWER}] ea)(?= [{_LOWER}])")
_BLOCK_GAP = re.compile(r"\n[ \t\r\f\v]*\n")
_FINAL = set(".!?…”»\"’):;,")
_SPACING = re.compile(r"“ +\w+|(?<!\w)\w+ +”|(?:(?<=\s)|^)\" +\w+")
# English punctuation: a comma inside the closing quotation mark ("pace,"): the comma
# and the mark here, the word character before the comma checked in Python
_COMMA_INSIDE = re.compile(r",[\"”](?=\s)")
# English word order after a quotation: "…," Erdoğan ha detto (Italian: ha detto Erdoğan)
_SAID_AFTER = re.compile(r"[\"”»],?\s+[A-ZÀ-Ý]\w+(?:\s+[A-ZÀ-Ý]\w+)?\s+(?:ha|hanno)\s+detto")
# Two words run together at a capital: "terre rareI funzionari", "DanubioIl"
_GLUED = re.compile(r"(?<![\w])\w*[a-zà-ù]{3}(?:[A-ZÀ-Ý][a-zà-ù]?)(?=\s)")
# where a _GLUED match can end: a capital after three lower-case letters, before a space
_GLUED_CAPITAL = re.compile(r"[A-ZÀ-Ý](?<=[a-zà-ù]{3}[A-ZÀ-Ý])(?=[a-zà-ù]?\s)")
# its classes [A-ZÀ-Ý] and [a-zà-ù] as ranges of code points
_CAPITAL_RANGES = ((ord("A"), ord("Z")), (ord("À"), ord("Ý")))
_LOWER_RANGES = ((ord("a"), ord("z")), (ord("à"), ord("ù")))
_GLUED_OK = {"YouTube", "LinkedIn", "iPhone", "iPad", "McDonald", "DeSantis", "TikTok",
             "WhatsApp", "PlayStation", "JPMorgan", "BlackRock", "OpenAI", "ChatGPT", "eBay"}
_SURNAME_MIN = 5


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of two words, or ``limit + 1`` once it exceeds ``limit``.

    Only the cells within ``limit`` of the diagonal are computed (a path through any
    other cell already costs more than ``limit``).
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if limit == 1:  # at most one edit: one substitution, or one letter more in one word
        if len(a) == len(b):
            mismatches = sum(1 for ca, cb in zip(a, b) if ca != cb)
            return mismatches if mismatches <= 1 else 2
        long, short = (a, b) if len(a) > len(b) else (b, a)
        i = next((k for k, (cl, cs) in enumerate(zip(long, short)) if cl != cs), len(short))
        return 1 if long[i + 1:] == short[i:] else 2
    over = limit + 1
    width = len(b)
    row = [j if j <= limit else over for j in range(width + 1)]
    for i, ca in enumerate(a, 1):
        lo, hi = max(1, i - limit), min(width, i + limit)
        new = [over] * (width + 1)
        new[0] = i if i <= limit else over
        best = new[0]
        for j in range(lo, hi + 1):
            cost = min(row[j] + 1, new[j - 1] + 1, row[j - 1] + (ca != b[j - 1]))
            new[j] = cost if cost <= limit else over
            if new[j] < best:
                best = new[j]
        if best > limit:
            return over
        row = new
    return row[-1]


def _in_ranges(codes: numpy.ndarray, ranges) -> numpy.ndarray:
    """Whether each code point lies in one of ``ranges`` ((first, last) pairs)."""
    found = numpy.zeros(len(codes), dtype=bool)
    for first, last in ranges:
        found |= (codes >= first) & (codes <= last)
    return found


def _one_of(codes: numpy.ndarray, chars: str) -> numpy.ndarray:
    """Whether each code point is one of the few ``chars`` (``numpy.isin`` sorts; this is
    a pass a character, far faster for two or three)."""
    found = numpy.zeros(len(codes), dtype=bool)
    for char in chars:
        found |= codes == ord(char)
    return found


class _CodeSet:
    """A set of characters that tests an array of code points at once, by a table of
    flags up to the highest of them (its last flag, False, stands for every code point
    above)."""

    def __init__(self, chars):
        codes = [ord(char) for char in chars]
        self.flags = numpy.zeros(max(codes) + 2, dtype=bool)
        self.flags[codes] = True

    def __call__(self, codes: numpy.ndarray) -> numpy.ndarray:
        return self.flags[numpy.minimum(codes, len(self.flags) - 1)]


# the characters of the class _LOWER, the letters among them, the first letters of the
# function words and the final punctuation
_LOWER_SET = _CodeSet([*map(chr, range(ord("a"), ord("z") + 1)), *_LOWER_ACCENTED, "’", "'"])
_LOWER_LETTERS = _CodeSet([*map(chr, range(ord("a"), ord("z") + 1)), *_LOWER_ACCENTED])
_INITIALS = _CodeSet({word[0] for word in _FUNCTION_WORDS})
_FINALS = _CodeSet(_FINAL)


def _maybe_space(codes: numpy.ndarray) -> numpy.ndarray:
    """Whether each code point can be white space (``\\s``): every such character is at or
    below U+0020 or from U+0085 on."""
    return (codes <= 0x20) | (codes >= 0x85)


def _explain(kind: str, **values) -> dict[str, str]:
    """The explanation ``artifacts.<kind>`` (data/strings/artifacts.json) in every language.

    Made once a found artifact, never a token; a ``{language: text}`` value (a calque's
    note) is read in each language. Tables localise the result where they show it.
    """
    return {lang: i18n.t(f"artifacts.{kind}", lang, **{k: i18n.localise(v, lang) if isinstance(v, dict)
                                                       else v for k, v in values.items()})
            for lang in i18n.LANGUAGES}


def _is_word_char(ch: str) -> bool:
    """Whether ``ch`` is a character of ``\\w`` in a regular expression."""
    return ch.isalnum() or ch == "_"


def _run_start(text: str, end: int) -> int:
    """The start of the run of word characters that ends at ``end``."""
    while end > 0 and _is_word_char(text[end - 1]):
        end -= 1
    return end


def _conjunction_starts(codes: numpy.ndarray) -> list[int]:
    """Where ``_CONJUNCTION`` can match: at an "e" or "E" with a character before it that
    can be white space, and after it one that can be or a "d" ("D"). A match is one or
    two letters, so no match hides another: trying the expression at each of these
    finds every match a full search finds, in order."""
    at = numpy.flatnonzero(_maybe_space(codes[:-2])) + 1  # after what can be a space,
    letter = codes[at]  # with a character after it
    at = at[(letter == ord("e")) | (letter == ord("E"))]
    after = codes[at + 1]
    return at[_maybe_space(after) | (after == ord("d")) | (after == ord("D"))].tolist()


def _double_windows(text: str, codes: numpy.ndarray | None = None) -> list[tuple[int, int]]:
    """Stretches of ``text`` outside which ``_DOUBLED`` cannot match: around each "e"/"ed"
    with the same word on both sides, from the word before that one to the end of the
    word after.

    Much cheaper than ``_DOUBLED``, which tries every word of the text. Words are
    compared ignoring case when both are ASCII; any other pair of the same length
    counts as a possible match. ``codes``: :func:`_codes` of ``text``, if already made.
    """
    out = []
    for at in _conjunction_starts(_codes(text) if codes is None else codes):
        m = _CONJUNCTION.match(text, at)
        if not m:
            continue
        after = m.group(1)
        end = m.start()
        while end > 0 and text[end - 1].isspace():
            end -= 1
        if end < len(after):
            continue
        before = text[end - len(after) : end]
        if before.isascii() and after.isascii() and before.lower() != after.lower():
            continue  # (the cheap test first: most words differ)
        if all(_is_word_char(ch) for ch in before):
            start = _run_start(text, end)
            k = start
            while k > 0 and text[k - 1].isspace():
                k -= 1
            if k < start:  # a degree word ("più") may open the match
                start = _run_start(text, k)
            out.append((start, min(len(text), m.start(1) + len(after) + 1)))
    return out


def _windowed(pattern: re.Pattern, text: str, windows) -> list[re.Match]:
    """``pattern.finditer(text)``, searched only inside ``windows`` ((start, end) pairs).

    Exact when every match of ``pattern`` lies inside one window, and a window cut at
    its end changes no match inside it: the windows are merged, and each stretch is
    searched on its own.
    """
    out: list[re.Match] = []
    start = end = None
    for lo, hi in sorted(windows):
        if start is not None and lo <= end:
            end = max(end, hi)
            continue
        if start is not None:
            out.extend(pattern.finditer(text, start, end))
        start, end = lo, hi
    if start is not None:
        out.extend(pattern.finditer(text, start, end))
    return out


def _spacing_windows(text: str, codes: numpy.ndarray | None = None) -> list[tuple[int, int]]:
    """Stretches outside which ``_SPACING`` cannot match: an opening mark (“, ") with
    the spaces and the word after it; a closing ” with the spaces and the word before.
    ``codes``: :func:`_codes` of ``text``, if already made."""
    codes = _codes(text) if codes is None else codes
    n = len(text)
    marks = numpy.flatnonzero(_one_of(codes, "“”\""))
    before = codes[numpy.maximum(marks - 1, 0)]
    after = codes[numpy.minimum(marks + 1, n - 1)]
    closing = codes[marks] == ord("”")
    out = []
    for at in marks[closing & (marks > 0) & (before == ord(" "))].tolist():
        start = at
        while start > 0 and text[start - 1] == " ":
            start -= 1
        out.append((_run_start(text, start), at + 1))
    for at in marks[~closing & (marks + 1 < n) & (after == ord(" "))].tolist():
        end = at + 1
        while end < n and text[end] == " ":
            end += 1
        while end < n and _is_word_char(text[end]):
            end += 1
        out.append((at, end))
    return out


def _glued_windows(text: str, codes: numpy.ndarray | None = None) -> list[tuple[int, int]]:
    """Stretches outside which ``_GLUED`` cannot match: the word before each capital
    that follows three lower-case letters and comes before a space, with that space.

    ``_GLUED_CAPITAL`` is tried only at a capital after a lower-case letter (its match
    is one character, so no match hides another). ``codes``: :func:`_codes` of ``text``.
    """
    codes = _codes(text) if codes is None else codes
    at = numpy.flatnonzero(_in_ranges(codes, _CAPITAL_RANGES))
    at = at[at >= 3]
    out = []
    for start in at[_in_ranges(codes[at - 1], _LOWER_RANGES)].tolist():
        m = _GLUED_CAPITAL.match(text, start)
        if m:
            out.append((_run_start(text, m.start() - 3), min(len(text), m.end() + 2)))
    return out


def _foreign_windows(codes: numpy.ndarray) -> list[tuple[int, int]]:
    """Stretches outside which ``_FOREIGN`` cannot match: each run of characters outside
    its Latin ranges (white space among them is left to the regular expression)."""
    high = numpy.flatnonzero(codes > _LATIN_RANGES[0][1])  # most text is in the first range
    outside = high[~_in_ranges(codes[high], _LATIN_RANGES[1:])]
    if not len(outside):
        return []
    cuts = numpy.flatnonzero(numpy.diff(outside) > 1) + 1  # where a run of positions breaks
    firsts = outside[numpy.concatenate(([0], cuts))]
    lasts = outside[numpy.concatenate((cuts - 1, [len(outside) - 1]))]
    return list(zip(firsts.tolist(), (lasts + 1).tolist()))


def _broken_words(text: str):
    """The matches of ``_BROKEN`` in order: each is an "ea" with a space on either side,
    so it is tried only there (``str.find`` skips to those much faster than the regular
    expression tries each "ea"), and no match hides another."""
    at = text.find(" ea ")
    while at >= 0:
        m = _BROKEN.match(text, at + 1)
        if m:
            yield m
        at = text.find(" ea ", at + 1)


def _said_after(text: str, codes: numpy.ndarray):
    """The matches of ``_SAID_AFTER`` in order, tried at each quotation mark it can start
    with that has a comma or what can be white space after it: a match holds no other
    mark, so no match hides another."""
    marks = numpy.flatnonzero(_one_of(codes[:-1], "\"”»"))
    after = codes[marks + 1]
    for start in marks[_maybe_space(after) | (after == ord(","))].tolist():
        m = _SAID_AFTER.match(text, start)
        if m:
            yield m


def _mid_capitals(text: str, codes: numpy.ndarray):
    """The matches of ``_MID_CAPITAL`` after a space and a character of ``_LOWER``, in order.

    A function word holds no space, so the space its match looks ahead to is the first
    one after it. numpy keeps each word after a space that has a character of
    ``_LOWER`` before that space, begins with a function word's first letter, is no
    longer than the longest and has a lower-case letter after the next space; the
    regular expression is tried only where that word is a function word (a match is a
    capital then lower-case letters, so no match hides another).
    """
    spaces = numpy.flatnonzero(codes == ord(" "))
    starts, stops = spaces[:-1] + 1, spaces[1:]  # each word after a space, to the next one
    keep = _INITIALS(codes[starts])  # (the test that keeps fewest first)
    starts, stops = starts[keep], stops[keep]
    keep = (starts >= 2) & (stops - starts <= _FUNCTION_LONGEST) & (stops + 1 < len(codes))
    starts, stops = starts[keep], stops[keep]
    keep = _LOWER_SET(codes[starts - 2]) & _LOWER_LETTERS(codes[stops + 1])
    for start, stop in zip(starts[keep].tolist(), stops[keep].tolist()):
        if text[start:stop] in _FUNCTION_WORDS:
            m = _MID_CAPITAL.match(text, start)
            if m:
                yield m


# Certain signals in this many sentences show a text machine-translated: its uncertain
# signals are then flagged one by one.
_MACHINE_SENTENCES = 2
# Italian writes a title in sentence case; English capitalises its words ("Xi Tiene Una
# Chiamata Con Putin"). A line with this many function words capitalised after its first
# word was capitalised word by word.
_TITLE_CASE_WORDS = 3
_TITLE_FUNCTION_WORDS = _FUNCTION_WORDS | {"E", "O", "A", "Ad", "Dell’", "Dell'", "All’", "All'",
                                           "Nell’", "Nell'", "Sull’", "Sull'", "L’", "L'"}
_TITLE_LINE_WORDS = 25  # a longer line is a paragraph, not a title
_TITLE_WORD = re.compile(r"[^\W\d_]+[’']?")


def _title_case_lines(text: str):
    """The lines (titles, subtitles: at most 25 words) whose words are capitalised one by
    one, function words too: every word capitalised, at least three of them function
    words after the first."""
    for line in re.finditer(r"[^\n]+", text):
        written = line.group()
        words = _TITLE_WORD.findall(written)
        if not 4 <= len(words) <= _TITLE_LINE_WORDS or written.isupper():
            continue  # (a title in capitals, "XI E PUTIN A MOSCA", is Italian usage)
        rest = words[1:]
        function = [w for w in rest if w in _TITLE_FUNCTION_WORDS]
        if len(function) >= _TITLE_CASE_WORDS and all(w[:1].isupper() for w in rest):
            start = line.start() + len(written) - len(written.lstrip())
            shown = ", ".join(f"'{w}'" for w in dict.fromkeys(function))
            yield (start, line.start() + len(written.rstrip()), "title_case",
                   _note("title_case", words=shown))


def _note(kind: str, **values) -> tuple:
    """What :func:`_explain` needs to explain an artifact, kept until the artifact is kept."""
    return kind, tuple(values.items())


class _Notes:
    """The explanations of one Doc's artifacts, each distinct one made once.

    A Doc repeats explanations (a spelling pair flags every token of its rare form, a
    calque recurs), and one made in every language costs more than finding the artifact.
    It lives for one call of :meth:`Artifacts.match`, so it never outlives what it read;
    each artifact gets its own copy of the dict, as when each was made on its own.
    """

    def __init__(self):
        self._made: dict[tuple, dict[str, str]] = {}

    def explain(self, note: tuple) -> dict[str, str]:
        kind, values = note
        key = (kind, tuple((name, tuple(value.items()) if isinstance(value, dict) else value)
                           for name, value in values))
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = _explain(kind, **dict(values))
        return dict(made)


class _Taken:
    """Character ranges, added in order of their start, tested for overlap by bisection.

    ``reach[k]`` is the furthest end among the first ``k + 1`` ranges, so a range
    ``(start, end)`` meets one of them exactly when some range starting before ``end``
    reaches beyond ``start``.
    """

    def __init__(self, ranges=()):
        self.starts: list[int] = []
        self.reach: list[int] = []
        for start, end in sorted(ranges):
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        """Add a range that starts at or after every range added so far."""
        self.starts.append(start)
        self.reach.append(max(end, self.reach[-1]) if self.reach else end)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some range ``(s, e)`` has ``s < end`` and ``start < e``."""
        k = bisect.bisect_left(self.starts, end)
        return k > 0 and self.reach[k - 1] > start


class _Reading:
    """What the rules read of one Doc, each read once: its text (and :func:`_codes`),
    token table, calque matches, sentence starts (as ``doc.sents`` gives them) and
    entities (:func:`entities`, which another component may have read already), with
    ``person_ends``, the end token of each entity labelled PER."""

    def __init__(self, doc: Doc, calques: PhraseMatcher):
        self.text = doc_text(doc)
        self.table = token_table(doc)
        self.codes = self.table.codes()
        self.calque_hits = list(calques(doc))
        self.sents: list[int] = self.table.sentence_starts(doc)
        self.ents = entity_rows(doc)  # (start, end, label, id)
        self.person_ends = [end for _, end, label, _ in self.ents if label == "PER"]


class Artifacts:
    """Find translation artifacts, then write them onto the Doc as a span group."""

    def __init__(self, nlp: Language, name: str = "inquadra_artifacts",
                 spans_key: str = "artifacts", fragment_max_tokens: int = 8,
                 spellings: list | None = None, calques_path: str | None = None):
        self.name, self.spans_key = name, spans_key
        self.fragment_max_tokens = fragment_max_tokens
        #: the lexicon's spellings of people: only these can be a damaged spelling
        self.spellings = set(spellings or ())
        register_extensions()
        self.calques = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._calque_entries: dict[int, dict] = {}
        where = lexicon_path("calques", calques_path)
        for number, entry in enumerate(read_lexicon(where), start=1):
            entry = {**entry, "note": i18n.texts(entry.get("note"), f'{where}, line {number}: "note"')}
            key = f"calque:{entry['pattern']}"
            self.calques.add(key, [nlp.make_doc(entry["pattern"])])
            self._calque_entries[nlp.vocab.strings.add(key)] = entry

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[tuple[int, int, str, str]]:
        """Artifacts as (start_char, end_char, label, explanation ``{language: text}``)."""
        notes = _Notes()  # explanations made only now, for the artifacts kept
        return [(start, end, label, notes.explain(note))
                for start, end, label, note in self._find(doc)]

    def _find(self, doc: Doc) -> list[tuple[int, int, str, tuple]]:
        """Artifacts as (start_char, end_char, label, note), in order."""
        r = _Reading(doc, self.calques)
        found = self._certain(doc, r)
        maybe = []
        taken, kept = _Taken((h[0], h[1]) for h in found), _Taken()
        for hit in sorted(self._uncertain(r), key=lambda h: (h[0], -h[1])):
            if not (taken.overlaps(hit[0], hit[1]) or kept.overlaps(hit[0], hit[1])):
                maybe.append(hit)  # overlapping signals count once
                kept.add(hit[0], hit[1])
        if maybe:
            found.extend(self._corroborated(doc, r, found, maybe))
        # in order of place and label, each place and label once: a name spelt three ways
        # pairs each spelling twice, and the first pair's explanation stands for both
        found.sort(key=lambda h: h[:3])
        return [h for k, h in enumerate(found) if k == 0 or h[:3] != found[k - 1][:3]]

    def _corroborated(self, doc: Doc, r: _Reading, certain, maybe):
        """The uncertain signals whose sentence holds another signal; all of them in a
        text whose certain signals stand in ``_MACHINE_SENTENCES`` sentences or more (a
        text shown to be machine-translated)."""
        if not doc.has_annotation("SENT_START"):
            return [m for m in maybe if len(maybe) + len(certain) > 1]
        idx = r.table.idx
        starts = [idx[i] for i in r.sents]

        def sentence(char: int) -> int:
            return bisect.bisect_right(starts, char) - 1
        if len({sentence(hit[0]) for hit in certain}) >= _MACHINE_SENTENCES:
            return list(maybe)
        counts: dict[int, int] = {}
        keyed = []
        for hit in list(certain) + maybe:
            key = sentence(hit[0])
            counts[key] = counts.get(key, 0) + 1
            keyed.append(key)
        return [m for m, key in zip(maybe, keyed[len(certain):]) if counts[key] > 1]

    def _uncertain(self, r: _Reading):
        for match_id, start, end in r.calque_hits:
            entry = self._calque_entries[match_id]
            if not entry.get("certain"):
                yield self._calque(r, start, end, entry)
        text = r.text
        for m in _windowed(_SPACING, text, _spacing_windows(text, r.codes)):
            yield (m.start(), m.end(), "spacing", _note("spacing"))
        for m in _COMMA_INSIDE.finditer(text):
            if not m.start() or not _is_word_char(text[m.start() - 1]):
                continue
            yield (m.start() - 1, m.end(), "punctuation", _note("punctuation"))
        for m in _said_after(text, r.codes):
            yield (m.start(), m.end(), "word_order", _note("word_order"))

    @staticmethod
    def _calque(r: _Reading, start: int, end: int, entry: dict):
        t = r.table
        return (t.idx[start], t.end[end - 1], "calque",
                _note("calque", text=t.words(start, end), gloss=entry["gloss"], note=entry["note"]))

    def _certain(self, doc: Doc, r: _Reading) -> list[tuple[int, int, str, tuple]]:
        text = r.text
        found: list[tuple[int, int, str, tuple]] = []
        for match_id, start, end in r.calque_hits:
            entry = self._calque_entries[match_id]
            if entry.get("certain"):
                found.append(self._calque(r, start, end, entry))
        found.extend(self._spelling_pairs(r))
        for m in _windowed(_GLUED, text, _glued_windows(text, r.codes)):
            if m.group() not in _GLUED_OK and not m.group().isupper():
                found.append((m.start(), m.end(), "fused_link_text",
                              _note("glued", word=m.group())))
        for m in _windowed(_FOREIGN, text, _foreign_windows(r.codes)):
            if any(ch.isalpha() for ch in m.group()):
                found.append((m.start(), m.end(), "foreign_script",
                              _note("foreign_script", word=m.group())))
        found.extend(self._name_variants(doc, r))
        found.extend(self._fused(doc, r))
        for m in _windowed(_DOUBLED, text, _double_windows(text, r.codes)):
            if m.group(1) or m.group(3).lower() == "ed":
                found.append((m.start(2), m.end(4), "doubled_word",
                              _note("doubled_word", word=m.group(2), conjunction=m.group(3))))
        for m in _broken_words(text):
            found.append((m.start(), m.end(), "broken_word", _note("broken_word")))
        found.extend(_title_case_lines(text))
        return found

    @staticmethod
    def _spelling_pairs(r: _Reading):
        """The rarer of two spellings of one surname ("Vitkoff" beside "Witkoff")."""
        t = r.table
        words, is_title, idx, ends = t.text, t.is_title, t.idx, t.end
        forms: dict[str, list[int]] = {}  # a surname -> the tokens that spell it so
        for end in r.person_ends:
            if is_title[end - 1]:
                forms.setdefault(words[end - 1], []).append(end - 1)
        forms = {word: tokens for word, tokens in forms.items()
                 if len(word) >= _SURNAME_MIN and word.isalpha()}
        names = sorted(forms, key=lambda f: (-len(forms[f]), forms[f][0]))
        lows = [name.lower() for name in names]
        sizes = [len(name) for name in names]
        # only names that share their first two or last three letters are compared: each
        # group lists its names by rank (commonest first)
        heads: dict[str, list[int]] = {}
        tails: dict[str, list[int]] = {}
        for rank, low in enumerate(lows):
            heads.setdefault(low[:2], []).append(rank)
            tails.setdefault(low[-3:], []).append(rank)
        # each edit adds or removes at most one letter of a word's set of letters, or
        # swaps one for another: names whose lengths, or sets of letters, are further
        # apart than the limit allows are never within the distance
        groups = [group for group in [*heads.values(), *tails.values()] if len(group) > 1]
        letters = {rank: set(lows[rank]) for group in groups for rank in group}
        pairs = set()
        for group in groups:
            for k, common in enumerate(group):
                for rare in group[k + 1:]:
                    limit = 2 if min(sizes[common], sizes[rare]) >= 8 else 1
                    if abs(sizes[common] - sizes[rare]) <= limit and \
                            len(letters[common] ^ letters[rare]) <= 2 * limit:
                        pairs.add((common, rare))
        for a, b in sorted(pairs):
            limit = 2 if min(sizes[a], sizes[b]) >= 8 else 1
            if lows[a] == lows[b] or _distance(lows[b], lows[a], limit) > limit:
                continue
            common, rare = names[a], names[b]
            note = _note("spelling_pair", rare=rare, common=common)
            for i in forms[rare] + forms[common][:1]:
                yield (idx[i], ends[i], "name_variant", note)

    def _name_variants(self, doc: Doc, r: _Reading):
        registry = doc.user_data.get(ACTORS_KEY, {})
        t = r.table
        text, words, idx, ends, spellings = r.text, t.text, t.idx, t.end, self.spellings
        people: dict[str, dict] = {}  # an entity id -> its actor, if a person
        for ent_id in {ent[3] for ent in r.ents}:
            actor = registry.get(ent_id)
            if actor is not None and actor["kind"] == "person":
                people[ent_id] = actor
        verdicts: dict[tuple, tuple | None] = {}  # (form, entity id) -> the note, if flagged
        for start, end, _, ent_id in r.ents:
            if ent_id not in people:
                continue
            # the entity's text, as t.words(start, end)
            form = words[start] if end - start == 1 else text[idx[start]:ends[end - 1]]
            key = (form, ent_id)
            if key not in verdicts:
                verdicts[key] = self._name_note(form, people[ent_id]["name"]) \
                    if form in spellings else None
            if verdicts[key] is not None:
                yield (idx[start], ends[end - 1], "name_variant", verdicts[key])

    @staticmethod
    def _name_note(form: str, name: str) -> tuple | None:
        """Why ``form``, a spelling of the person ``name``, is flagged, or None if it is not."""
        if not form[:1].isupper() or _FOREIGN.search(form):
            return None
        if len(form) == 1:
            return _note("lone_initial", form=form, name=name)
        if not set(form.split()) <= set(name.split()):
            return _note("name_variant", form=form, name=name)
        return None

    def _fused(self, doc: Doc, r: _Reading):
        text, t = r.text, r.table
        idx, ends, is_title, is_lower = t.idx, t.end, t.is_title, t.is_lower
        is_punct, is_space = t.is_punct, t.is_space
        n = t.size
        has_sents = doc.has_annotation("SENT_START")
        sentences = r.sents if has_sents else [0]
        for m in _mid_capitals(text, r.codes):
            at = m.start()
            # the word must be whole tokens, as doc.char_span(m.start(), m.end()) asks
            i, last = t.token_at(at), t.token_at(m.end() - 1)
            if i < 0 or idx[i] != at or last < 0 or ends[last] != m.end():
                continue
            sent_start = sentences[bisect.bisect_right(sentences, i) - 1]
            start = i
            for j in range(i - 1, max(sent_start, i - 6) - 1, -1):
                if is_title[j] and not doc[j].ent_type and (j == sent_start or is_lower[j - 1]):
                    start = j
                    break
            end = i + 1
            if m.group() in _AUXILIARIES:
                end = min(i + 2, n)
            else:
                for k in range(i + 1, min(i + 5, n)):
                    if is_punct[k] or is_space[k]:
                        end = k
                        break
            yield (idx[start], ends[end - 1], "fused_link_text",
                   _note("mid_capital", word=m.group()))
        if not has_sents:
            return
        yield from self._fragments(r)

    def _fragments(self, r: _Reading):
        """A short last sentence without final punctuation, after others in its block."""
        text, t = r.text, r.table
        if not text:
            return
        starts, idx = r.sents, t.idx
        count = len(starts)
        firsts = [idx[s] for s in starts]  # where each sentence's characters start
        bounds = firsts[1:] + [len(text)]  # and end

        def last(k: int) -> int:
            """The end of sentence ``k``'s characters, without the white space after them."""
            end_char = bounds[k]
            while end_char > firsts[k] and text[end_char - 1].isspace():
                end_char -= 1
            return end_char
        # most sentences end in final punctuation, then a space or two line breaks:
        # numpy steps back over up to two spaces or line breaks and sets such sentences
        # aside (the loop reads every other sentence, with any other white space)
        begins, last_chars = numpy.array(firsts), numpy.array(bounds) - 1
        codes = r.codes
        for _ in range(2):
            at = codes[numpy.maximum(last_chars, 0)]
            last_chars -= (last_chars >= begins) & ((at == ord(" ")) | (at == ord("\n")))
        punctuated = (last_chars >= begins) & _FINALS(codes[numpy.maximum(last_chars, 0)])
        first_line = text.find("\n")
        for k in numpy.flatnonzero(~punctuated).tolist():
            end_char = last(k)
            if end_char == firsts[k] or text[end_char - 1] in _FINAL:
                continue  # no words, or the last word ends with final punctuation
            last_in_block = k + 1 == count or _BLOCK_GAP.search(
                text, end_char, firsts[k + 1]) is not None
            first_in_block = k == 0 or _BLOCK_GAP.search(
                text, last(k - 1), firsts[k]) is not None
            in_headline = not 0 <= first_line < firsts[k]  # no line break before it
            if not last_in_block or first_in_block or in_headline:
                continue  # a headline's second half ("X: nessun soldato") ends unpunctuated
            end = starts[k + 1] if k + 1 < count else t.size
            is_space = t.is_space
            words = [i for i in range(starts[k], end) if not is_space[i]]
            if "\n" in text[last(k - 1):firsts[k]]:
                continue  # on a line of its own: a subhead or a related link, pasted as such
            if len(words) <= self.fragment_max_tokens:
                yield (t.idx[words[0]], t.end[words[-1]], "fused_link_text", _note("fragment"))

    def set_annotations(self, doc: Doc, matches) -> None:
        """Write the artifacts to ``doc.spans[spans_key]`` with their explanations."""
        expand = token_table(doc).expand
        spans = []
        for start, end, label, explanation in matches:
            # the tokens of doc.char_span(start, end, alignment_mode="expand")
            bounds = expand(start, end)
            if bounds is None:
                continue
            span = Span(doc, bounds[0], bounds[1], label=label)
            if not len(span):
                continue
            set_span_extensions(span, {"explanation": explanation})
            spans.append(span)
        doc.spans[self.spans_key] = spans


@Language.factory(
    "inquadra_artifacts",
    default_config={"spans_key": "artifacts", "fragment_max_tokens": 8, "spellings": [],
                    "calques_path": None},
)
def make_artifacts(nlp: Language, name: str, spans_key: str, fragment_max_tokens: int,
                   spellings: list, calques_path) -> Artifacts:
    """Factory of the translation-artifact finder; ``spellings`` are the lexicon's
    spellings of people (only these can be flagged as a damaged spelling)."""
    return Artifacts(nlp, name, spans_key, fragment_max_tokens, spellings, calques_path)
