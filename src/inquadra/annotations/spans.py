"""The span model and ``SpanStore``: the state behind every tagging widget.

A span is a character range of the verbatim article text plus the token range
it covers, a label id from the taxonomy and an optional note. Offsets always
fall on token boundaries: ``SpanStore.add`` snaps a selection outwards to whole
tokens. Spans may overlap and nest; the same range may carry several labels,
but never the same label twice.

The store is plain Python (no widget imports): a widget is a view that calls
``add`` / ``remove`` / ``undo`` / ``redo`` and listens with ``on_change``.

Sane spans. ``add`` refuses a span that runs across two blocks (paragraphs,
headline, subheads): framing sits in a phrase, never in a paragraph break.
A span longer than its label's limit — three times the longest reference
span of that label, and never more than ``SPAN_TOKENS_MAX`` tokens — is not
added until the caller confirms it (``confirm=True``); without it, ``add``
raises ``SpanNeedsConfirmation`` and the widget asks the student. Restoring
saved work (``replace_all``) checks neither, so nothing saved is ever lost.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ..errors import InquadraError
from ..i18n import t

__all__ = [
    "LENGTH_FACTOR",
    "NOTE_MAX",
    "SPAN_TOKENS_MAX",
    "Span",
    "SpanError",
    "SpanNeedsConfirmation",
    "SpanStore",
    "check_note",
    "length_limits",
]

NOTE_MAX = 1000
SPAN_TOKENS_MAX = 25
"""A span longer than this many tokens always needs confirmation."""
LENGTH_FACTOR = 3
"""A span longer than this many times its label's longest reference span needs confirmation."""
_SPAN_KEYS = ("start", "end", "token_start", "token_end", "label", "note")


class SpanError(InquadraError):
    """A span cannot be added, found or read; the message says how to fix it."""


class SpanNeedsConfirmation(SpanError):
    """A span is longer than its label's limit; add it again with ``confirm=True`` to keep it.

    Attributes:
        tokens (int): the span's length in tokens.
        limit (int): the most tokens its label takes without confirmation.
        label (str): the label.
        token_start, token_end (int): the span's token range.
    """

    def __init__(self, message: str, *, tokens: int, limit: int, label: str,
                 token_start: int, token_end: int):
        super().__init__(message)
        self.tokens, self.limit, self.label = tokens, limit, label
        self.token_start, self.token_end = token_start, token_end


def length_limits(reference_spans: Iterable, factor: int = LENGTH_FACTOR,
                  ceiling: int = SPAN_TOKENS_MAX) -> dict[str, int]:
    """Per label, the most tokens a span takes without confirmation.

    Args:
        reference_spans: the reference's spans (``Span`` or anything with a ``.span``).
        factor (int): how many times the label's longest reference span.
        ceiling (int): never more than this many tokens.

    Returns:
        dict[str, int]: ``{label: min(ceiling, factor × longest)}`` for each label
        the reference uses; other labels take ``ceiling``.
    """
    longest: dict[str, int] = {}
    for item in reference_spans:
        s = getattr(item, "span", item)
        longest[s.label] = max(longest.get(s.label, 0), s.token_end - s.token_start)
    return {label: min(ceiling, factor * n) for label, n in longest.items()}


@dataclass(frozen=True, order=True)
class Span:
    """One tagged span.

    Attributes:
        start (int): first character, an offset into the article text.
        end (int): character after the last one (exclusive).
        label (str): a label id from the taxonomy, e.g. ``"Loaded_Language"``.
        token_start (int): index of the first token in ``article.tokens``.
        token_end (int): index after the last token (exclusive).
        note (str): the annotator's optional comment.
    """

    start: int
    end: int
    label: str
    token_start: int
    token_end: int
    note: str = ""

    @property
    def key(self) -> tuple[int, int, str]:
        """(start, end, label): what identifies a span within one annotation."""
        return (self.start, self.end, self.label)

    def to_dict(self) -> dict:
        """The span as a JSON-ready dict (the annotation file's span format)."""
        return {
            "start": self.start,
            "end": self.end,
            "token_start": self.token_start,
            "token_end": self.token_end,
            "label": self.label,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Span:
        """Build a span from a dict; checks keys and types, not the article."""
        if not isinstance(d, dict):
            raise SpanError(f"A span must be a JSON object, got {type(d).__name__}.")
        for name in ("start", "end", "token_start", "token_end"):
            if name not in d:
                raise SpanError(
                    f"The span has no {name!r}; every span needs {', '.join(_SPAN_KEYS[:5])}."
                )
            if not _is_int(d[name]):
                raise SpanError(f"The span's {name!r} must be a whole number, got {d[name]!r}.")
        if "label" not in d:
            raise SpanError("The span has no 'label'; every span needs a label id.")
        if not isinstance(d["label"], str):
            raise SpanError(f"The span's 'label' must be text, got {d['label']!r}.")
        note = d.get("note", "")
        check_note(note)
        return cls(d["start"], d["end"], d["label"], d["token_start"], d["token_end"], note)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_note(note: object) -> str:
    """Return ``note`` if it is text of at most ``NOTE_MAX`` characters without control codes."""
    if not isinstance(note, str):
        raise SpanError(f"A note must be text, got {type(note).__name__}.")
    if len(note) > NOTE_MAX:
        raise SpanError(
            f"A note may have at most {NOTE_MAX} characters; this one has {len(note)}. Shorten it."
        )
    for ch in note:
        if ch not in "\n\t" and unicodedata.category(ch) in ("Cc", "Cs"):
            raise SpanError(
                f"A note may not contain control characters (found U+{ord(ch):04X}). Remove it."
            )
    return note


def _all_label_ids() -> tuple[str, ...]:
    from .. import taxonomy

    return taxonomy.load().ids()


class SpanStore:
    """The spans one annotator has tagged in one article, with undo and redo.

    Args:
        article: an ``inquadra.article.Article`` (anything with ``.id``, ``.text``
            and ``.tokens``).
        annotator (str): who is tagging (may be empty until a name is set).
        labels (Iterable[str] | None): the label ids this store accepts, in
            display order; None accepts every taxonomy label.
        max_tokens (Mapping[str, int] | None): per label, the most tokens a
            span takes without confirmation (see ``length_limits``); a label
            not listed takes ``SPAN_TOKENS_MAX``.
    """

    def __init__(self, article, annotator: str = "", labels: Iterable[str] | None = None,
                 max_tokens: Mapping[str, int] | None = None):
        self.article = article
        self.annotator = annotator
        self.labels: tuple[str, ...] = tuple(_all_label_ids() if labels is None else labels)
        if not self.labels:
            raise SpanError("A SpanStore needs at least one label.")
        self._allowed = frozenset(self.labels)
        tokens = article.tokens
        self._tok_starts = [s for s, _ in tokens]
        self._tok_ends = [e for _, e in tokens]
        self._by_key: dict[tuple[int, int, str], Span] = {}
        self._sorted: tuple[Span, ...] | None = ()
        self._undo: list[tuple[Span | None, Span | None]] = []
        self._redo: list[tuple[Span | None, Span | None]] = []
        self._listeners: list[Callable[[SpanStore], object]] = []
        self.max_tokens: dict[str, int] = dict(max_tokens or {})
        blocks = getattr(article, "blocks", None) or ()
        self._block_starts = [b.start for b in blocks]
        self._block_ends = [b.end for b in blocks]

    def __repr__(self) -> str:
        who = self.annotator or "(no name)"
        return f"<SpanStore {self.article.id} by {who}: {len(self._by_key)} spans>"

    def __len__(self) -> int:
        return len(self._by_key)

    # -- reading -----------------------------------------------------------
    @property
    def spans(self) -> tuple[Span, ...]:
        """All spans sorted by (start, end, label)."""
        if self._sorted is None:
            self._sorted = tuple(sorted(self._by_key.values(), key=lambda s: s.key))
        return self._sorted

    def spans_at_token(self, i: int) -> tuple[Span, ...]:
        """The spans covering token ``i``, sorted by (start, end, label)."""
        return tuple(s for s in self.spans if s.token_start <= i < s.token_end)

    def text(self, span: Span) -> str:
        """The article text a span covers."""
        return self.article.text[span.start : span.end]

    def progress(self) -> dict[str, int]:
        """Spans per label, for every accepted label (0 when none), in label order."""
        counts = dict.fromkeys(self.labels, 0)
        for s in self._by_key.values():
            counts[s.label] = counts.get(s.label, 0) + 1
        return counts

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def limit(self, label: str) -> int:
        """The most tokens a span with this label takes without confirmation."""
        return min(SPAN_TOKENS_MAX, self.max_tokens.get(label, SPAN_TOKENS_MAX))

    def needs_confirmation(self, token_start: int, token_end: int, label: str) -> bool:
        """True when tokens ``token_start:token_end`` are longer than ``limit(label)``."""
        return token_end - token_start > self.limit(label)

    # -- changing ----------------------------------------------------------
    def add(self, start: int, end: int, label: str, note: str = "", confirm: bool = False) -> Span:
        """Tag the characters ``start:end``, snapped outwards to whole tokens.

        Raises ``SpanNeedsConfirmation`` for an over-long span unless ``confirm``.
        """
        ts, te = self.snap(start, end)
        return self.add_tokens(ts, te, label, note, confirm=confirm)

    def add_tokens(self, token_start: int, token_end: int, label: str, note: str = "",
                   confirm: bool = False) -> Span:
        """Tag tokens ``token_start`` to ``token_end`` (exclusive).

        A range across two blocks is refused (``SpanError``); one longer than
        ``limit(label)`` raises ``SpanNeedsConfirmation`` unless ``confirm``.
        """
        n = len(self._tok_starts)
        if not (_is_int(token_start) and _is_int(token_end)):
            raise SpanError(
                f"Token indices must be whole numbers, got {token_start!r} and {token_end!r}."
            )
        if not 0 <= token_start < token_end <= n:
            raise SpanError(
                f"Tokens {token_start}–{token_end} are not a valid range: the article has "
                f"{n} tokens (0–{n - 1}) and the first index must be lower than the end."
            )
        self._check_label(label)
        self._check_one_block(token_start, token_end)
        if not confirm and self.needs_confirmation(token_start, token_end, label):
            n, most = token_end - token_start, self.limit(label)
            raise SpanNeedsConfirmation(
                t("annotations.too_long", tokens=n, limit=most, label=label),
                tokens=n, limit=most, label=label, token_start=token_start, token_end=token_end,
            )
        span = Span(
            self._tok_starts[token_start],
            self._tok_ends[token_end - 1],
            label,
            token_start,
            token_end,
            check_note(note),
        )
        if span.key in self._by_key:
            raise SpanError(t("annotations.duplicate", text=self.text(span), label=label))
        self._do((None, span))
        return span

    def remove(self, start: int, end: int, label: str) -> Span:
        """Delete the span with exactly these offsets and label."""
        span = self._get(start, end, label)
        self._do((span, None))
        return span

    def set_note(self, start: int, end: int, label: str, note: str) -> Span:
        """Replace the note of a span (undoable)."""
        old = self._get(start, end, label)
        new = Span(old.start, old.end, old.label, old.token_start, old.token_end, check_note(note))
        if new != old:
            self._do((old, new))
        return new

    def undo(self) -> bool:
        """Undo the last change; False when there is nothing to undo."""
        if not self._undo:
            return False
        before, after = self._undo.pop()
        self._apply(after, before)
        self._redo.append((before, after))
        self._notify()
        return True

    def redo(self) -> bool:
        """Redo the last undone change; False when there is nothing to redo."""
        if not self._redo:
            return False
        before, after = self._redo.pop()
        self._apply(before, after)
        self._undo.append((before, after))
        self._notify()
        return True

    def replace_all(self, spans: Iterable[Span]) -> None:
        """Set every span at once (restoring saved work); clears undo history."""
        by_key: dict[tuple[int, int, str], Span] = {}
        for span in spans:
            self._check_span(span)
            if span.key in by_key:
                raise SpanError(
                    f"The span {span.start}–{span.end} is tagged {span.label} twice; keep one."
                )
            by_key[span.key] = span
        self._by_key = by_key
        self._sorted = None
        self._undo.clear()
        self._redo.clear()
        self._notify()

    def on_change(self, callback: Callable[[SpanStore], object]) -> Callable:
        """Call ``callback(store)`` after every successful change; returns the callback."""
        self._listeners.append(callback)
        return callback

    def off_change(self, callback: Callable) -> None:
        """Stop calling a callback registered with ``on_change``."""
        if callback in self._listeners:
            self._listeners.remove(callback)

    # -- records -----------------------------------------------------------
    def to_records(self) -> list[dict]:
        """The spans as dicts (the annotation file's ``spans`` list), sorted."""
        return [s.to_dict() for s in self.spans]

    @classmethod
    def from_records(
        cls,
        article,
        records: Iterable[dict],
        annotator: str = "",
        labels: Iterable[str] | None = None,
    ) -> SpanStore:
        """A store holding the spans in ``records``; every span is checked."""
        store = cls(article, annotator, labels)
        spans = []
        for i, d in enumerate(records, start=1):
            try:
                spans.append(Span.from_dict(d))
            except SpanError as err:
                raise SpanError(f"Span {i}: {err}") from None
        store.replace_all(spans)
        return store

    # -- offsets -----------------------------------------------------------
    def snap(self, start: int, end: int) -> tuple[int, int]:
        """Token range (start, end exclusive) of the tokens touching characters start:end."""
        if not (_is_int(start) and _is_int(end)):
            raise SpanError(f"Offsets must be whole numbers, got {start!r} and {end!r}.")
        size = len(self.article.text)
        if not 0 <= start < end <= size:
            raise SpanError(t("annotations.outside", start=start, end=end, size=size))
        first = bisect_right(self._tok_ends, start)
        stop = bisect_left(self._tok_starts, end)
        if first >= stop:
            raise SpanError(t("annotations.only_spaces"))
        return first, stop

    def check_span(self, span: Span) -> Span:
        """Return ``span`` if it fits this article's tokens and labels; else SpanError."""
        self._check_span(span)
        return span

    # -- private -------------------------------------------------------------
    def _check_label(self, label: str) -> None:
        if not isinstance(label, str) or label not in self._allowed:
            raise SpanError(
                t("annotations.unknown_label", label=label, allowed=", ".join(self.labels))
            )

    def _check_one_block(self, token_start: int, token_end: int) -> None:
        if not self._block_starts:
            return
        first = self._tok_starts[token_start]
        last = self._tok_ends[token_end - 1]
        k = bisect_right(self._block_starts, first) - 1
        if k < 0 or last > self._block_ends[k]:
            raise SpanError(t("annotations.across_blocks"))

    def _check_span(self, span: Span) -> None:
        if not isinstance(span, Span):
            raise SpanError(f"Expected a Span, got {type(span).__name__}.")
        self._check_label(span.label)
        check_note(span.note)
        n = len(self._tok_starts)
        ts, te = span.token_start, span.token_end
        if not (0 <= ts < te <= n):
            raise SpanError(f"Span {span.start}–{span.end}: tokens {ts}–{te} are outside 0–{n}.")
        if (self._tok_starts[ts], self._tok_ends[te - 1]) != (span.start, span.end):
            raise SpanError(
                f"Span {span.start}–{span.end} does not match tokens {ts}–{te} "
                f"(characters {self._tok_starts[ts]}–{self._tok_ends[te - 1]})."
            )

    def _get(self, start: int, end: int, label: str) -> Span:
        try:
            return self._by_key[(start, end, label)]
        except (KeyError, TypeError):
            raise SpanError(f"No span {start}–{end} tagged {label!r} to change.") from None

    def _apply(self, old: Span | None, new: Span | None) -> None:
        if old is not None:
            del self._by_key[old.key]
        if new is not None:
            self._by_key[new.key] = new
        self._sorted = None

    def _do(self, change: tuple[Span | None, Span | None]) -> None:
        self._apply(*change)
        self._undo.append(change)
        self._redo.clear()
        self._notify()

    def _notify(self) -> None:
        for callback in list(self._listeners):
            callback(self)
