"""``TaggingState``: a ``SpanStore`` as a saved activity, in student or reference mode.

The store (``annotations.spans.SpanStore``) holds the spans; this state adds
what the saved-activity service needs (payload, validation, merge) and the
teacher's *reference* mode, where every span needs a rationale (its note) and
a span without one is not counted as done.
"""

from __future__ import annotations

from ..annotations.spans import Span, SpanError, SpanStore
from .base import ActivityError

__all__ = ["MODES", "TaggingState"]

MODES = ("student", "reference")


class TaggingState:
    """Spans of one article for one annotator, saved as an annotation record.

    Args:
        store (SpanStore): the spans.
        mode (str): ``"student"`` or ``"reference"`` (a rationale per span).
    """

    kind = "tagging"
    merge_kind = "spans"

    def __init__(self, store: SpanStore, mode: str = "student"):
        if mode not in MODES:
            raise ActivityError(f"Unknown tagger mode {mode!r}: use 'student' or 'reference'.")
        self.store = store
        self.mode = mode
        self._loading = False
        self._answers: list = []
        self._last = {s.key: s for s in store.spans}
        store.on_change(self._diff)

    def __repr__(self) -> str:
        return f"<TaggingState {self.mode} {len(self.store)} spans>"

    @property
    def signature(self) -> tuple:
        return (self.store.labels, self.mode)

    # -- listeners (the store's) ---------------------------------------------------
    def on_change(self, callback):
        """Call ``callback(store)`` after every change of the spans."""
        return self.store.on_change(callback)

    def off_change(self, callback) -> None:
        self.store.off_change(callback)

    def take_answers(self) -> list:
        out, self._answers = self._answers, []
        return out

    # -- reference mode ----------------------------------------------------------------
    def needs_rationale(self, span: Span) -> bool:
        """In reference mode, a span without a note is not done yet."""
        return self.mode == "reference" and not span.note.strip()

    def missing_rationales(self) -> tuple[Span, ...]:
        return tuple(s for s in self.store.spans if self.needs_rationale(s))

    def progress(self) -> dict[str, int]:
        """Done spans per label: every span, or in reference mode only spans with a rationale."""
        counts = dict.fromkeys(self.store.labels, 0)
        for s in self.store.spans:
            if not self.needs_rationale(s):
                counts[s.label] = counts.get(s.label, 0) + 1
        return counts

    # -- saving ----------------------------------------------------------------------
    def to_payload(self) -> dict:
        return {"text_sha256": self.store.article.sha256, "spans": self.store.to_records()}

    def parse(self, payload: dict) -> dict:
        article = self.store.article
        if payload.get("text_sha256") != article.sha256:
            raise ActivityError.keyed("work.payload.other_text")
        raw = payload.get("spans")
        if not isinstance(raw, list):
            raise ActivityError.keyed("work.payload.spans")
        spans: dict = {}
        for n, d in enumerate(raw, start=1):
            try:
                span = self.store.check_span(Span.from_dict(d))
            except SpanError as err:
                raise ActivityError(f"span {n}: {err}") from None
            if span.key in spans:
                raise ActivityError(f"span {n} is tagged {span.label} twice at {span.start}–{span.end}.")
            spans[span.key] = span
        return {"text_sha256": article.sha256,
                "spans": [s.to_dict() for s in sorted(spans.values(), key=lambda s: s.key)]}

    def load(self, payload: dict) -> None:
        self._loading = True
        try:
            self.store.replace_all(Span.from_dict(d) for d in payload["spans"])
        finally:
            self._loading = False

    def merge(self, base: dict | None, mine: dict, theirs: dict) -> dict:
        """A union of both sides' spans: a span kept on either side stays.

        Where both sides have the same span with different notes, the side that
        changed the note since ``base`` wins (ours when both did).
        """
        def keyed(payload):
            return {(d["start"], d["end"], d["label"]): d for d in (payload or {}).get("spans", [])}

        b, m, th = keyed(base), keyed(mine), keyed(theirs)
        out = dict(th)
        for key, span in m.items():
            if key not in out or span.get("note") != (b.get(key) or {}).get("note"):
                out[key] = span
        return {"text_sha256": self.store.article.sha256,
                "spans": [out[k] for k in sorted(out)]}

    # -- private ---------------------------------------------------------------------
    def _diff(self, store) -> None:
        now = {s.key: s for s in store.spans}
        if not self._loading:
            for key in sorted(self._last.keys() - now.keys()):
                self._answers.append(("spans", {"remove": self._last[key].to_dict()}, None))
            for key in sorted(now.keys() - self._last.keys()):
                self._answers.append(("spans", {"add": now[key].to_dict()}, None))
            for key in sorted(now.keys() & self._last.keys()):
                if now[key].note != self._last[key].note:
                    self._answers.append(("spans", {"note": now[key].to_dict()}, None))
        self._last = now
