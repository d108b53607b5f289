"""``SpanTagger``: tag spans of an article with the mouse or the keyboard.

One anywidget over a :class:`~inquadra.activities.tagging.TaggingState` (a
``SpanStore``). Python owns the truth: the browser keeps only hover, cursor,
selection anchor and drag, and sends commit messages (``add``, ``delete``,
``note``, ``undo``, ``redo``, ``sync``) that :meth:`SpanTagger.handle` applies.
Every change is saved at once by :mod:`inquadra.saved`; a second tagger for
the same student, article and activity shares the same spans.

In reference mode (``mode="reference"``, for the teacher) every span asks for
a rationale (its note) and is not counted as done without one.
"""

from __future__ import annotations

import pathlib

import anywidget
import traitlets

from .. import i18n, saved, taxonomy
from ..activities.base import ActivityError
from ..activities.tagging import TaggingState
from ..annotations.spans import SpanError, SpanNeedsConfirmation, SpanStore, length_limits
from ..i18n import t
from .view import ActivityView, esm

__all__ = ["SpanTagger", "serialise_tokens", "serialise_spans"]

_HERE = pathlib.Path(__file__).parent


def serialise_tokens(article) -> list[list]:
    """The article's tokens for the browser: ``[start, end, text, block_id, whitespace_after]``.

    Args:
        article: an ``inquadra.article.Article``.

    Returns:
        list[list]: one entry per token, in text order.
    """
    text = article.text
    blocks = sorted(article.blocks, key=lambda b: b.start)
    tokens = article.tokens
    out: list[list] = []
    b = 0
    for i, (start, end) in enumerate(tokens):
        while b + 1 < len(blocks) and start >= blocks[b].end:
            b += 1
        block_id = blocks[b].id if blocks else "p01"
        after = tokens[i + 1][0] if i + 1 < len(tokens) else len(text)
        gap = text[end:after]
        out.append([start, end, text[start:end], block_id, gap])
    return out


def serialise_spans(spans, text: str, needs_note=None) -> list[dict]:
    """Spans as dicts for the browser, each with its text and a display ``layer``.

    Layers stack overlapping spans: a span gets the lowest layer that no earlier
    overlapping span uses, longer spans first at the same start. ``needs_note``
    (a function of a span) marks spans still waiting for a rationale.
    """
    order = sorted(spans, key=lambda s: (s.token_start, s.token_start - s.token_end, s.label))
    layer_ends: list[int] = []
    layers: dict[tuple[int, int, str], int] = {}
    for s in order:
        for k, stop in enumerate(layer_ends):
            if stop <= s.token_start:
                layer_ends[k] = s.token_end
                break
        else:
            k = len(layer_ends)
            layer_ends.append(s.token_end)
        layers[s.key] = k
    return [
        {
            "start": s.start,
            "end": s.end,
            "token_start": s.token_start,
            "token_end": s.token_end,
            "label": s.label,
            "note": s.note,
            "text": text[s.start : s.end],
            "layer": layers[s.key],
            "needs_note": bool(needs_note and needs_note(s)),
        }
        for s in spans
    ]


class SpanTagger(ActivityView, anywidget.AnyWidget):
    """Tag spans of an article; saves every change for the current student.

    Args:
        article: an ``Article``, a bundle, an article id, or None for the current article.
        labels (str | list[str]): a label set name (``"lesson06"``), a scheme
            (``"kit"``) or a list of label ids.
        activity (str): name of the saved activity (one file per activity).
        annotator (str | None): whose work this is; None takes the name set
            with ``StudentName`` (lesson 00). Without a name, work stays in memory.
        mode (str): ``"student"``, or ``"reference"`` for the teacher's
            reference: each span then asks for a rationale.
    """

    _esm = esm("tagger.js")
    _css = _HERE / "tagger.css"

    HANDLERS = {"add": "_on_add", "delete": "_on_delete", "note": "_on_note",
                "undo": "_on_undo", "redo": "_on_redo", "sync": "_on_sync"}

    tokens = traitlets.List().tag(sync=True)
    labels = traitlets.List().tag(sync=True)
    spans = traitlets.List().tag(sync=True)
    strings = traitlets.Dict().tag(sync=True)
    progress = traitlets.Dict().tag(sync=True)
    mode = traitlets.Unicode("student").tag(sync=True)
    ask_note = traitlets.Unicode("").tag(sync=True)  # "start:end:label" of a span needing a rationale
    status = traitlets.Unicode("").tag(sync=True)
    status_kind = traitlets.Unicode("info").tag(sync=True)
    status_seq = traitlets.Int(0).tag(sync=True)  # bumped by every message, so a repeat is shown
    save_note = traitlets.Unicode("").tag(sync=True)
    saved = traitlets.Bool(False).tag(sync=True)
    can_undo = traitlets.Bool(False).tag(sync=True)
    can_redo = traitlets.Bool(False).tag(sync=True)

    def __init__(self, article=None, labels="lesson06", activity: str = "tagging",
                 annotator: str | None = None, mode: str = "student", **kwargs):
        super().__init__(**kwargs)
        self.article = _resolve_article(article)
        self.activity = activity
        self._label_objects = taxonomy.load().select(labels)
        self._label_ids = tuple(lab.id for lab in self._label_objects)
        fresh = TaggingState(SpanStore(self.article, annotator or "", self._label_ids,
                                       max_tokens=_length_limits(self.article)), mode)
        self._pending_long: tuple | None = None  # an over-long span waiting for a second press
        self._saved = saved.open_activity(fresh, self.article.id, activity, annotator,
                                          signature=fresh.signature)
        self._state = self._saved.state
        self._store = self._state.store
        self._store.annotator = self._saved.annotator
        self._failed = False
        self._store.on_change(self._store_changed)
        self._saved.on_note(self._note_changed)
        self.on_msg(self._on_custom_msg)
        i18n.follow(self, "_refresh_language")
        with self.hold_sync():
            self.mode = mode
            self.tokens = serialise_tokens(self.article)
            self._send_language()
            self._sync_spans()
            self._show_note(self._saved.note)
            if self._saved.restore_error:
                self._error(t("saved.unreadable", error=self._saved.restore_error))
            elif self._store.spans:
                self._set_status(t("tagger.restored", n=len(self._store.spans)))
            else:
                self._set_status(t("tagger.ready"))

    # -- public ----------------------------------------------------------------
    @property
    def store(self) -> SpanStore:
        """The ``SpanStore`` this widget shows (read it, or change it: the view follows)."""
        return self._store

    @property
    def session(self) -> saved.SavedActivity:
        """The saved activity behind this view (shared with other views of it)."""
        return self._saved

    def __repr__(self) -> str:
        shorts = ",".join(lab.short for lab in self._label_objects)
        mode = ", mode='reference'" if self._state.mode == "reference" else ""
        return (f"SpanTagger(article={self.article.id!r}, activity={self.activity!r}, "
                f"labels={shorts}{mode})")

    # -- messages from the browser -------------------------------------------------
    def handle(self, message) -> None:
        """Apply one commit message; errors (and a failed save) go to ``status``, never raise."""
        self._failed = False
        with self._saved.deferred():  # the spans reach the browser before the file is written
            try:
                super().handle(message)
            except (SpanError, ActivityError, TypeError) as err:
                self._error(str(err))
        if self._failed:  # the change was made but not saved: say so, not "Tagged …"
            self._error(self._saved.note.text())

    _handle_message = handle  # the name used before ``handle`` was public

    def _refuse(self, kind) -> None:
        self._error(t("tagger.bad_message", kind=repr(kind)))

    def _on_add(self, m: dict) -> None:
        label = m.get("label")
        if label not in self._label_ids:
            self._error(t("tagger.bad_label", label=repr(label),
                          labels=", ".join(lab.short for lab in self._label_objects)))
            return
        key = (m.get("token_start"), m.get("token_end"), label)
        confirm = key == self._pending_long  # the same over-long span asked for twice: keep it
        self._pending_long = None
        try:
            span = self._store.add_tokens(*key, confirm=confirm)
        except SpanNeedsConfirmation as err:
            self._pending_long = key
            self._error(f"{err} {t('tagger.confirm_long', label=self._short(label))}")
            return
        if self._state.needs_rationale(span):
            self.ask_note = ""
            self.ask_note = f"{span.start}:{span.end}:{span.label}"
            self._set_status(t("tagger.rationale", text=self._quote(span), label=self._short(label)))
        else:
            self._set_status(t("tagger.added", text=self._quote(span), label=self._short(label)))

    def _on_delete(self, m: dict) -> None:
        span = self._store.remove(m.get("start"), m.get("end"), m.get("label"))
        self._set_status(t("tagger.removed", text=self._quote(span), label=self._short(span.label)))

    def _on_note(self, m: dict) -> None:
        span = self._store.set_note(m.get("start"), m.get("end"), m.get("label"), m.get("note", ""))
        if self._state.needs_rationale(span):
            self._error(t("tagger.rationale_missing", text=self._quote(span), label=self._short(span.label)))
        else:
            self._set_status(t("tagger.noted", text=self._quote(span), label=self._short(span.label)))

    def _on_undo(self, _m: dict) -> None:
        self._set_status(t("tagger.undone" if self._store.undo() else "tagger.nothing_to_undo"))

    def _on_redo(self, _m: dict) -> None:
        self._set_status(t("tagger.redone" if self._store.redo() else "tagger.nothing_to_redo"))

    def _on_sync(self, _m: dict) -> None:
        """The page came back into view: take in changes made elsewhere."""
        self._saved.sync()

    # -- state -> view ---------------------------------------------------------------
    def _store_changed(self, _store) -> None:
        self._store.annotator = self._saved.annotator
        self._sync_spans()

    def _note_changed(self, note) -> None:
        self._failed = note.kind == "failed"
        self._show_note(note)

    def _show_note(self, note) -> None:
        with self.hold_sync():
            self.saved = note.saved
            self.save_note = note.text()

    def _sync_spans(self) -> None:
        with self.hold_sync():
            self.spans = serialise_spans(self._store.spans, self.article.text,
                                         self._state.needs_rationale)
            self.progress = self._state.progress()
            self.can_undo = self._store.can_undo
            self.can_redo = self._store.can_redo

    def _send_language(self) -> None:
        lang = i18n.get_language()
        keys = [lab.key.lower() for lab in self._label_objects]
        self.labels = [
            {
                "id": lab.id,
                "short": lab.short,
                "name": lab.text("name", lang),
                "definition": lab.text("definition", lang),
                "colour": lab.colour,
                "key": lab.key if keys.count(lab.key.lower()) == 1 and not lab.key.isdigit() else "",
                "number": n,
            }
            for n, lab in enumerate(self._label_objects, start=1)
        ]
        self.strings = {key.split(".", 1)[1]: t(key) for key in _UI_KEYS}

    def _refresh_language(self) -> None:
        with self.hold_sync():
            self._send_language()
            self._show_note(self._saved.note)
            self._set_status(t("tagger.ready"))

    # -- helpers -------------------------------------------------------------------------
    def _set_status(self, message: str, kind: str = "info") -> None:
        self.status_kind = kind
        self.status = message
        self.status_seq += 1

    def _error(self, message: str) -> None:
        self._set_status(message, "error")

    def _short(self, label_id: str) -> str:
        for lab in self._label_objects:
            if lab.id == label_id:
                return lab.short
        return label_id

    def _quote(self, span) -> str:
        text = self.article.text[span.start : span.end]
        return text if len(text) <= 60 else text[:57] + "…"


def _resolve_article(article):
    """An ``Article`` from an Article, a bundle, an article id or None (the current article)."""
    from .. import article as article_module
    from .. import bundles

    if article is None or isinstance(article, (str, bundles.Bundle)):
        return article_module.load(article)
    return article


_UI_KEYS = (
    "tagger.title", "tagger.region", "tagger.labels", "tagger.undo", "tagger.redo",
    "tagger.progress", "tagger.keys", "tagger.key.select", "tagger.key.arrows",
    "tagger.key.shift", "tagger.key.label", "tagger.key.enter", "tagger.key.delete",
    "tagger.key.note", "tagger.key.undo", "tagger.note", "tagger.note.save",
    "tagger.note.cancel", "tagger.note.remove", "tagger.selected", "tagger.no_selection",
    "tagger.no_span_here", "tagger.no_last_label", "tagger.rationale.title",
    "tagger.rationale.needed",
)


def _length_limits(article) -> dict:
    """Per label, the longest span taken without asking: 3× the reference's longest, at most 25."""
    from ..annotations import reference

    try:
        return length_limits(reference.load(article.id).spans)
    except (ValueError, KeyError, OSError):  # no reference for this article: the 25-token rule alone
        return {}
