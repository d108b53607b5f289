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

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .. import i18n
from . import doc_text, entities, lexicon_path, read_lexicon, register_extensions, token_table
from .actors import ACTORS_KEY

__all__ = ["Artifacts", "make_artifacts", "LABELS"]

LABELS = ("foreign_script", "name_variant", "fused_link_text", "doubled_word", "broken_word",
          "calque", "spacing", "punctuation", "word_order")

_LATIN = "\\s\\x00-\\u024F\\u0300-\\u036F\\u1E00-\\u1EFF\\u2000-\\u206F\\u20A0-\\u214F"
_FOREIGN = re.compile(f"[^{_LATIN}]+")
_LOWER = "a-zàáèéìíòóùú’'"
_FUNCTION = (
    "Il|Lo|La|Gli|Le|Un|Una|Uno|Di|Del|Dello|Della|Dei|Degli|Delle|Da|Dal|Dalla|Dai|Dalle|"
    "In|Nel|Nella|Nei|Nelle|Su|Sul|Sulla|Sui|Sulle|Con|Per|Tra|Fra|Al|Alla|Ai|Alle|Ed|Ma|Che|"
    "Ha|Hanno|È|Sono|Era|Erano|Aveva|Avevano"
)
_AUXILIARIES = {"Ha", "Hanno", "È", "Sono", "Era", "Erano", "Aveva", "Avevano"}
# A capitalised function word after a lower-case word and a space. The regular
# expression finds the word and what follows it; the two characters before it are
# checked in Python (a look-behind first would make the search try every position).
_MID_CAPITAL = re.compile(f"(?:{_FUNCTION})(?= [{_LOWER[:-2]}])")
_LOWER_CHARS = re.compile(f"[{_LOWER}]")
_DOUBLED = re.compile(
    r"(?i)(?<!\w)(?:(più|meno|molto|sempre|così|tanto|assai)\s+)?(\w+)\s+(e|ed)\s+(\2)(?!\w)"
)
# "e"/"ed" between spaces, with the word after it: where a doubled word could be.
# (The letter first, so that the search skips quickly to each "e".)
_CONJUNCTION = re.compile(r"(?i)e(?<=\se)d?(?=\s+(\w+))")
_BROKEN = re.compile(f"ea(?<=[{_LOWER}] ea)(?= [{_LOWER}])")
_BLOCK_GAP = re.compile(r"\n[ \t\r\f\v]*\n")
_FINAL = set(".!?…”»\"’):;,")
_SPACING = re.compile(r"“ +\w+|(?<!\w)\w+ +”|(?:(?<=\s)|^)\" +\w+")
# where a _SPACING match can be: a mark with spaces after (“, ") or before (”)
_QUOTE_MARKS = re.compile(r"[“”\"]")
# English punctuation: a comma inside the closing quotation mark ("pace,"): the comma
# and the mark here, the word character before the comma checked in Python
_COMMA_INSIDE = re.compile(r",[\"”](?=\s)")
# English word order after a quotation: "…," Erdoğan ha detto (Italian: ha detto Erdoğan)
_SAID_AFTER = re.compile(r"[\"”»],?\s+[A-ZÀ-Ý]\w+(?:\s+[A-ZÀ-Ý]\w+)?\s+(?:ha|hanno)\s+detto")
# Two words run together at a capital: "terre rareI funzionari", "DanubioIl"
_GLUED = re.compile(r"(?<![\w])\w*[a-zà-ù]{3}(?:[A-ZÀ-Ý][a-zà-ù]?)(?=\s)")
# where a _GLUED match can end: a capital after three lower-case letters, before a space
_GLUED_CAPITAL = re.compile(r"[A-ZÀ-Ý](?<=[a-zà-ù]{3}[A-ZÀ-Ý])(?=[a-zà-ù]?\s)")
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


def _double_windows(text: str) -> list[tuple[int, int]]:
    """Stretches of ``text`` outside which ``_DOUBLED`` cannot match: around each "e"/"ed"
    with the same word on both sides, from the word before that one to the end of the
    word after.

    Much cheaper than ``_DOUBLED``, which tries every word of the text. Words are
    compared ignoring case when both are ASCII; any other pair of the same length
    counts as a possible match.
    """
    out = []
    for m in _CONJUNCTION.finditer(text):
        after = m.group(1)
        end = m.start()
        while end > 0 and text[end - 1].isspace():
            end -= 1
        if end < len(after):
            continue
        before = text[end - len(after) : end]
        if not all(_is_word_char(ch) for ch in before):
            continue
        if not (before.isascii() and after.isascii()) or before.lower() == after.lower():
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


def _spacing_windows(text: str) -> list[tuple[int, int]]:
    """Stretches outside which ``_SPACING`` cannot match: an opening mark (“, ") with
    the spaces and the word after it; a closing ” with the spaces and the word before."""
    out = []
    n = len(text)
    for m in _QUOTE_MARKS.finditer(text):
        at = m.start()
        if m.group() == "”":
            if not at or text[at - 1] != " ":
                continue
            start = at
            while start > 0 and text[start - 1] == " ":
                start -= 1
            out.append((_run_start(text, start), at + 1))
        elif at + 1 < n and text[at + 1] == " ":
            end = at + 1
            while end < n and text[end] == " ":
                end += 1
            while end < n and _is_word_char(text[end]):
                end += 1
            out.append((at, end))
    return out


def _glued_windows(text: str) -> list[tuple[int, int]]:
    """Stretches outside which ``_GLUED`` cannot match: the word before each capital
    that follows three lower-case letters and comes before a space, with that space."""
    return [(_run_start(text, m.start() - 3), min(len(text), m.end() + 2))
            for m in _GLUED_CAPITAL.finditer(text)]


def _sentence_starts(doc: Doc) -> list[int]:
    """The first token of each sentence, as ``doc.sents`` gives them."""
    return token_table(doc).sentence_starts(doc)


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
        self._calque_hits = list(self.calques(doc))
        # what several rules read, read once: the entities and the sentence starts
        self._ents, self._sents = entities(doc), _sentence_starts(doc)
        found = self._certain(doc)
        maybe = []
        for hit in sorted(self._uncertain(doc), key=lambda h: (h[0], -h[1])):
            if not any(h[0] < hit[1] and hit[0] < h[1] for h in found + maybe):
                maybe.append(hit)  # overlapping signals count once
        if maybe:
            found.extend(self._corroborated(doc, found, maybe))
        found.sort()
        self._ents = self._sents = None
        return found

    def _corroborated(self, doc: Doc, certain, maybe):
        """The uncertain signals whose sentence holds another signal."""
        if not doc.has_annotation("SENT_START"):
            return [m for m in maybe if len(maybe) + len(certain) > 1]
        idx = token_table(doc).idx
        starts = [idx[i] for i in self._sents]

        def sentence(char: int) -> int:
            return bisect.bisect_right(starts, char) - 1
        counts: dict[int, int] = {}
        keyed = []
        for hit in list(certain) + maybe:
            key = sentence(hit[0])
            counts[key] = counts.get(key, 0) + 1
            keyed.append(key)
        return [m for m, key in zip(maybe, keyed[len(certain):]) if counts[key] > 1]

    def _uncertain(self, doc: Doc):
        for match_id, start, end in self._calque_hits:
            entry = self._calque_entries[match_id]
            if not entry.get("certain"):
                yield self._calque(doc, start, end, entry)
        text = doc_text(doc)
        for m in _windowed(_SPACING, text, _spacing_windows(text)):
            yield (m.start(), m.end(), "spacing", _explain("spacing"))
        for m in _COMMA_INSIDE.finditer(text):
            if not m.start() or not _is_word_char(text[m.start() - 1]):
                continue
            yield (m.start() - 1, m.end(), "punctuation", _explain("punctuation"))
        for m in _SAID_AFTER.finditer(text):
            yield (m.start(), m.end(), "word_order", _explain("word_order"))

    @staticmethod
    def _calque(doc: Doc, start: int, end: int, entry: dict):
        span = doc[start:end]
        return (span.start_char, span.end_char, "calque",
                _explain("calque", text=span.text, gloss=entry["gloss"], note=entry["note"]))

    def _certain(self, doc: Doc) -> list[tuple[int, int, str, str]]:
        text = doc_text(doc)
        found: list[tuple[int, int, str, str]] = []
        for match_id, start, end in self._calque_hits:
            entry = self._calque_entries[match_id]
            if entry.get("certain"):
                found.append(self._calque(doc, start, end, entry))
        found.extend(self._spelling_pairs(doc))
        for m in _windowed(_GLUED, text, _glued_windows(text)):
            if m.group() not in _GLUED_OK and not m.group().isupper():
                found.append((m.start(), m.end(), "fused_link_text",
                              _explain("glued", word=m.group())))
        for m in _FOREIGN.finditer(text):
            if any(ch.isalpha() for ch in m.group()):
                found.append((m.start(), m.end(), "foreign_script",
                              _explain("foreign_script", word=m.group())))
        found.extend(self._name_variants(doc))
        found.extend(self._fused(doc))
        for m in _windowed(_DOUBLED, text, _double_windows(text)):
            if m.group(1) or m.group(3).lower() == "ed":
                found.append((m.start(2), m.end(4), "doubled_word",
                              _explain("doubled_word", word=m.group(2), conjunction=m.group(3))))
        for m in _BROKEN.finditer(text):
            found.append((m.start(), m.end(), "broken_word", _explain("broken_word")))
        return found

    def _spelling_pairs(self, doc: Doc):
        """The rarer of two spellings of one surname ("Vitkoff" beside "Witkoff")."""
        t = token_table(doc)
        forms: dict[str, list[int]] = {}  # a surname -> the tokens that spell it so
        for ent in self._ents:
            if ent.label != "PER":
                continue
            last = ent.end - 1
            word = t.text[last]
            if t.is_title[last] and len(word) >= _SURNAME_MIN and word.isalpha():
                forms.setdefault(word, []).append(last)
        names = sorted(forms, key=lambda f: (-len(forms[f]), forms[f][0]))
        rank = {name: i for i, name in enumerate(names)}
        # only names that share their first two or last three letters are compared
        buckets: dict[str, list[str]] = {}
        for name in names:
            low = name.lower()
            buckets.setdefault("<" + low[:2], []).append(name)
            buckets.setdefault(">" + low[-3:], []).append(name)
        # (names whose lengths differ by more than two are never within the distance)
        pairs = set()
        for group in buckets.values():
            if len(group) < 2:
                continue
            by_length: dict[int, list[str]] = {}
            for name in group:
                by_length.setdefault(len(name), []).append(name)
            for a in group:
                for size in range(len(a) - 2, len(a) + 3):
                    pairs.update((a, b) for b in by_length.get(size, ()) if rank[a] < rank[b])
        for common, rare in sorted(pairs, key=lambda p: (rank[p[0]], rank[p[1]])):
            if True:
                limit = 2 if min(len(common), len(rare)) >= 8 else 1
                if rare.lower() == common.lower() or _distance(rare.lower(), common.lower(),
                                                               limit) > limit:
                    continue
                for i in forms[rare] + forms[common][:1]:
                    yield (t.idx[i], t.end[i], "name_variant",
                           _explain("spelling_pair", rare=rare, common=common))

    def _name_variants(self, doc: Doc):
        registry = doc.user_data.get(ACTORS_KEY, {})
        t = token_table(doc)
        for ent in self._ents:
            actor = registry.get(ent.id)
            if actor is None or actor["kind"] != "person":
                continue
            form = t.words(ent.start, ent.end)
            if form not in self.spellings:
                continue
            name = actor["name"]
            start_char, end_char = t.idx[ent.start], t.end[ent.end - 1]
            if not form[:1].isupper() or _FOREIGN.search(form):
                continue
            if len(form) == 1:
                yield (start_char, end_char, "name_variant",
                       _explain("lone_initial", form=form, name=name))
            elif not set(form.split()) <= set(name.split()):
                yield (start_char, end_char, "name_variant",
                       _explain("name_variant", form=form, name=name))

    def _fused(self, doc: Doc):
        text = doc_text(doc)
        sentences = self._sents if doc.has_annotation("SENT_START") else [0]
        for m in _MID_CAPITAL.finditer(text):
            if m.start() < 2 or text[m.start() - 1] != " " or \
                    not _LOWER_CHARS.match(text, m.start() - 2):
                continue
            hit = doc.char_span(m.start(), m.end())
            if hit is None:
                continue
            i = hit.start
            sent_start = sentences[bisect.bisect_right(sentences, i) - 1]
            start = i
            for j in range(i - 1, max(sent_start, i - 6) - 1, -1):
                tok = doc[j]
                if tok.is_title and not tok.ent_type and (j == sent_start or doc[j - 1].is_lower):
                    start = j
                    break
            end = i + 1
            if m.group() in _AUXILIARIES:
                end = min(i + 2, len(doc))
            else:
                for k in range(i + 1, min(i + 5, len(doc))):
                    if doc[k].is_punct or doc[k].is_space:
                        end = k
                        break
            yield (doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), "fused_link_text",
                   _explain("mid_capital", word=m.group()))
        if not doc.has_annotation("SENT_START"):
            return
        yield from self._fragments(doc, text)

    def _fragments(self, doc: Doc, text: str):
        """A short last sentence without final punctuation, after others in its block."""
        t = token_table(doc)
        starts = self._sents
        sents = [(s, e, t.idx[s]) for s, e in zip(starts, starts[1:] + [len(doc)])]
        first_line = text.find("\n")
        # each sentence's characters, from its start to its last non-space character
        chars = []
        for k, (_, _, start_char) in enumerate(sents):
            end_char = sents[k + 1][2] if k + 1 < len(sents) else len(text)
            while end_char > start_char and text[end_char - 1].isspace():
                end_char -= 1
            chars.append((start_char, end_char))
        for k, (start, end, _) in enumerate(sents):
            if chars[k][1] == chars[k][0] or text[chars[k][1] - 1] in _FINAL:
                continue  # no words, or the last word ends with final punctuation
            last_in_block = k + 1 == len(sents) or _BLOCK_GAP.search(
                text, chars[k][1], chars[k + 1][0]) is not None
            first_in_block = k == 0 or _BLOCK_GAP.search(
                text, chars[k - 1][1], chars[k][0]) is not None
            in_headline = not 0 <= first_line < chars[k][0]  # no line break before it
            if not last_in_block or first_in_block or in_headline:
                continue  # a headline's second half ("X: nessun soldato") ends unpunctuated
            words = [i for i in range(start, end) if not t.is_space[i]]
            if "\n" in text[chars[k - 1][1]:chars[k][0]]:
                continue  # on a line of its own: a subhead or a related link, pasted as such
            if len(words) <= self.fragment_max_tokens:
                yield (t.idx[words[0]], t.end[words[-1]], "fused_link_text",
                       _explain("fragment"))

    def set_annotations(self, doc: Doc, matches) -> None:
        """Write the artifacts to ``doc.spans[spans_key]`` with their explanations."""
        spans = []
        for start, end, label, explanation in matches:
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is None or not len(span):
                continue
            span._.explanation = explanation
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
