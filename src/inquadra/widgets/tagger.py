"""``SpanTagger``: tag spans of the article with the mouse or the keyboard.

One anywidget over a :class:`~inquadra.annotations.spans.SpanStore`. Python
owns the truth: the browser keeps only hover, cursor, selection anchor and drag,
and sends commit messages (``add``, ``delete``, ``note``, ``undo``, ``redo``)
that :meth:`SpanTagger._handle_message` applies to the store. Every change is
saved at once to the student's work folder and the spans are synced back.
"""

from __future__ import annotations

import pathlib

import anywidget
import traitlets

from .. import i18n, taxonomy
from ..i18n import t

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


def serialise_spans(spans, text: str) -> list[dict]:
    """Spans as dicts for the browser, each with its text and a display ``layer``.

    Layers stack overlapping spans: a span gets the lowest layer that no earlier
    overlapping span uses, longer spans first at the same start.
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
        }
        for s in spans
    ]



class SpanTagger(anywidget.AnyWidget):
    """Tag spans of an article; saves every change for the current student.

    Args:
        article: an ``Article``; None means the kit's article (``article.load()``).
        labels (str | list[str]): a label set name (``"lesson06"``), a scheme
            (``"kit"``) or a list of label ids.
        activity (str): name of the saved activity (one file per activity).
        annotator (str | None): whose work this is; None takes the name set
            with ``StudentName`` (lesson 00). Without a name, work stays in memory.
    """

    _esm = _HERE / "tagger.js"
    _css = _HERE / "tagger.css"

    tokens = traitlets.List().tag(sync=True)
    labels = traitlets.List().tag(sync=True)
    spans = traitlets.List().tag(sync=True)
    strings = traitlets.Dict().tag(sync=True)
    progress = traitlets.Dict().tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    status_kind = traitlets.Unicode("info").tag(sync=True)
    status_seq = traitlets.Int(0).tag(sync=True)  # bumped by every message, so a repeat is shown
    save_note = traitlets.Unicode("").tag(sync=True)
    saved = traitlets.Bool(False).tag(sync=True)
    can_undo = traitlets.Bool(False).tag(sync=True)
    can_redo = traitlets.Bool(False).tag(sync=True)

    def __init__(self, article=None, labels="lesson06", activity: str = "tagging",
                 annotator: str | None = None, **kwargs):
        from .. import article as article_module
        from ..annotations.spans import SpanStore

        super().__init__(**kwargs)
        self.article = article if article is not None else article_module.load()
        self.activity = activity
        self._explicit_annotator = annotator
        self._unrestored = False  # a saved file exists that could not be read back: keep it
        self._save_error = ""
        self._label_objects = taxonomy.load().select(labels)
        self._label_ids = tuple(lab.id for lab in self._label_objects)
        name = self._annotator_name()
        self._store = SpanStore(self.article, name, self._label_ids)
        restored = self._restore(name) if name else None
        self._store.on_change(self._store_changed)
        self.on_msg(self._on_custom_msg)
        i18n.follow(self, "_refresh_language")
        with self.hold_sync():
            self.tokens = serialise_tokens(self.article)
            self._send_language()
            self._sync_spans()
            self._update_save_note(saved=bool(name))
            if restored:
                self._set_status(t("tagger.restored", n=restored))
            elif not self.status:
                self._set_status(t("tagger.ready"))

    # -- public ----------------------------------------------------------------
    @property
    def store(self):
        """The ``SpanStore`` this widget shows (read it, or change it: the view follows)."""
        return self._store

    def __repr__(self) -> str:
        shorts = ",".join(lab.short for lab in self._label_objects)
        return f"SpanTagger(article={self.article.id!r}, activity={self.activity!r}, labels={shorts})"

    # -- messages from the browser -----------------------------------------------
    def _on_custom_msg(self, _widget, content, _buffers) -> None:
        self._handle_message(content)

    def _handle_message(self, content) -> None:
        """Apply one commit message from the browser; errors go to ``status``, never raise."""
        from ..annotations.spans import SpanError

        kind = content.get("type") if isinstance(content, dict) else None
        store = self._store
        self._save_error = ""
        try:
            if kind == "add":
                label = content.get("label")
                if label not in self._label_ids:
                    self._error(t("tagger.bad_label", label=repr(label),
                                  labels=", ".join(lab.short for lab in self._label_objects)))
                    return
                span = store.add_tokens(content.get("token_start"), content.get("token_end"), label)
                self._set_status(t("tagger.added", text=self._quote(span), label=self._short(label)))
            elif kind == "delete":
                span = store.remove(content.get("start"), content.get("end"), content.get("label"))
                self._set_status(t("tagger.removed", text=self._quote(span), label=self._short(span.label)))
            elif kind == "note":
                span = store.set_note(content.get("start"), content.get("end"),
                                      content.get("label"), content.get("note", ""))
                self._set_status(t("tagger.noted", text=self._quote(span), label=self._short(span.label)))
            elif kind == "undo":
                self._set_status(t("tagger.undone" if store.undo() else "tagger.nothing_to_undo"))
            elif kind == "redo":
                self._set_status(t("tagger.redone" if store.redo() else "tagger.nothing_to_redo"))
            else:
                self._error(t("tagger.bad_message", kind=repr(kind)))
        except (SpanError, TypeError) as err:
            self._error(str(err))
        if self._save_error:  # the change was made but not saved: say so, not "Tagged …"
            self._error(self._save_error)

    # -- store -> view -------------------------------------------------------------
    def _store_changed(self, _store) -> None:
        with self.hold_sync():
            self._sync_spans()
            self._save()

    def _sync_spans(self) -> None:
        store = self._store
        self.spans = serialise_spans(store.spans, self.article.text)
        self.progress = store.progress()
        self.can_undo = store.can_undo
        self.can_redo = store.can_redo

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
        self.strings = {
            key.split(".", 1)[1]: t(key)
            for key in _UI_KEYS
        }

    def _refresh_language(self) -> None:
        with self.hold_sync():
            self._send_language()
            self._update_save_note(saved=self.saved)
            self._set_status(t("tagger.ready"))

    # -- saving ----------------------------------------------------------------------
    def _annotator_name(self) -> str:
        if self._explicit_annotator:
            return self._explicit_annotator
        from ..annotations import work

        return work.current_student() or ""

    def _restore(self, name: str) -> int:
        from ..annotations import work

        try:
            saved = work.load_store(self.article, name, self.activity, labels=self._label_ids)
        except (ValueError, OSError) as err:
            self._unrestored = True
            self._error(t("tagger.restore_failed", error=str(err)))
            return 0
        if saved is None or not saved.spans:
            return 0
        self._store.replace_all(saved.spans)
        return len(saved.spans)

    def _save(self) -> None:
        from ..annotations import work

        name = self._annotator_name()
        if not name:
            self._update_save_note(saved=False)
            return
        if name != self._store.annotator:
            self._adopt_name(name)
        try:
            if self._unrestored:
                self._keep_unrestored(name)
            work.save_store(self._store, self.activity)
        except (ValueError, OSError) as err:
            self._save_error = t("tagger.save_failed", error=str(err))
            self._error(self._save_error)
            self._update_save_note(saved=False)
            return
        self._update_save_note(saved=True)

    def _adopt_name(self, name: str) -> None:
        """A name was set after the widget was made: keep its saved spans too."""
        from ..annotations import work

        store = self._store
        store.annotator = name
        try:
            saved = work.load_store(self.article, name, self.activity, labels=self._label_ids)
        except (ValueError, OSError):
            self._unrestored = True
            return
        mine = {s.key for s in store.spans}
        extra = [s for s in (saved.spans if saved else ()) if s.key not in mine]
        if extra:
            store.off_change(self._store_changed)
            try:
                store.replace_all([*store.spans, *extra])
            finally:
                store.on_change(self._store_changed)
            self._sync_spans()

    def _keep_unrestored(self, name: str) -> None:
        """Move our saved file that could not be restored to ``<file>.unread-N`` before saving anew.

        A file holding someone else's work (two names, one file name) stays: saving refuses it.
        """
        from ..annotations import work

        path = work.activity_path(name, self.article.id, self.activity)
        try:
            raw = work.load_activity(name, self.article.id, self.activity) or {}
        except ValueError:
            raw = {}  # unreadable: saving keeps it as .corrupt-N
        mine = {"annotator": name, "article": self.article.id, "activity": self.activity}
        if raw and any(raw.get(key) != value for key, value in mine.items()):
            return
        n = 1
        while path.with_name(f"{path.name}.unread-{n}").exists():
            n += 1
        if path.exists():
            path.replace(path.with_name(f"{path.name}.unread-{n}"))
        self._unrestored = False

    def _update_save_note(self, saved: bool) -> None:
        self.saved = saved
        name = self._store.annotator
        self.save_note = t("tagger.saved", name=name) if saved and name else t("tagger.not_saved")

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


_UI_KEYS = (
    "tagger.title", "tagger.region", "tagger.labels", "tagger.undo", "tagger.redo",
    "tagger.progress", "tagger.keys", "tagger.key.select", "tagger.key.arrows",
    "tagger.key.shift", "tagger.key.label", "tagger.key.enter", "tagger.key.delete",
    "tagger.key.note", "tagger.key.undo", "tagger.note", "tagger.note.save",
    "tagger.note.cancel", "tagger.note.remove", "tagger.selected", "tagger.no_selection",
    "tagger.no_span_here", "tagger.no_last_label",
)
