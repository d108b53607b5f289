"""``CorrectionPad``: correct machine-translated sentences, then compare with the kit.

A view over :class:`~inquadra.activities.correction.CorrectionState`. Each item
shows one sentence of the article with its id and a text box that starts with
the sentence as it stands. The student rewrites it (or, for a sentence that is
already correct, leaves it alone) and presses *Compare*: the pad then shows a
short verdict, the kit's corrected sentence and, for every damaged passage,
the corrected Italian, the likely English original and how certain the kit is.
Drafts and comparisons are saved by :mod:`inquadra.saved` (every comparison is
an attempt in the history).

The checking is plain Python (``inquadra.activities.correction``); this
module only displays it. The pad takes its data as parameters: it does not
read lesson files.
"""

from __future__ import annotations

import html

import ipywidgets

from .. import corrections as _corrections
from .. import i18n, saved
from ..activities.base import ActivityError
from ..activities.correction import (
    VERDICTS,
    CorrectionState,
    Feedback,
    PadError,
    PadItem,
    build_items,
    corrected_sentence,
    feedback,
)
from ..i18n import localise, t
from .view import ActivityView

__all__ = [
    "VERDICTS",
    "CorrectionPad",
    "Feedback",
    "PadError",
    "PadItem",
    "build_items",
    "corrected_sentence",
    "feedback",
]


class CorrectionPad(ActivityView, ipywidgets.VBox):
    """Sentences to correct, each with a text box and a *Compare* button.

    Args:
        items (list[dict] | tuple[PadItem, ...]): activity entries or built items.
        activity (str): the name answers are saved under (needs a student name).
        article (Article | None): the article (default: the kit's article).
    """

    HANDLERS = {"edit": "_on_edit", "compare": "_on_compare", "sync": "_on_sync"}

    def __init__(self, items, activity: str = "05.correct", article=None, **kwargs):
        items = list(items)
        if items and all(isinstance(i, PadItem) for i in items):
            built = tuple(items)
        else:
            built = build_items(items, article)
        fresh = CorrectionState(built)
        self.activity = activity
        self._article_id = article.id if article is not None else _default_article_id()
        self._saved = saved.open_activity(fresh, self._article_id, activity,
                                          signature=fresh.signature)
        self._state = self._saved.state
        self.items = self._state.items
        self._title = ipywidgets.HTML()
        self._status = ipywidgets.HTML()
        self._rows = {i.sentence_id: self._make_row(i) for i in self.items}
        super().__init__([self._title] + [r["box"] for r in self._rows.values()] + [self._status], **kwargs)
        self.add_class("iq-correction")
        self._state.on_change(lambda _s: self._draw_answers())
        self._saved.on_note(lambda _n: self._draw_status())
        self._draw()
        i18n.follow(self, "_draw")

    @classmethod
    def from_entry(cls, entry: dict, activity_id: str, article=None) -> CorrectionPad:
        """The pad for a lesson activity entry of kind ``"correction"`` (its data as given)."""
        if not isinstance(entry, dict) or entry.get("kind") != "correction":
            kind = entry.get("kind") if isinstance(entry, dict) else type(entry).__name__
            raise PadError(f"Activity {activity_id!r} is of kind {kind!r}, not 'correction'.")
        return cls(entry["items"], activity=activity_id, article=article)

    def __repr__(self) -> str:
        return (f"CorrectionPad(activity={self.activity!r}, items={len(self.items)}, "
                f"compared={len(self._state.compared)})")

    @property
    def state(self) -> CorrectionState:
        return self._state

    @property
    def session(self) -> saved.SavedActivity:
        return self._saved

    # -- public, also used by tests and by the buttons ----------------------------
    def answer(self, sentence_id: str) -> str:
        """The student's current text for a sentence."""
        self._state.item(sentence_id)
        return self._state.answers[sentence_id]

    def set_answer(self, sentence_id: str, text: str) -> None:
        """Type ``text`` into a sentence's box (as the student would)."""
        self._state.item(sentence_id)
        self._rows[sentence_id]["area"].value = text

    def compare(self, sentence_id: str) -> Feedback:
        """Compare one answer with the kit's correction (as the button does), save, and return the verdict."""
        self._state.item(sentence_id)
        self.handle({"type": "compare", "sentence": sentence_id})
        return self._state.verdict(sentence_id)

    @property
    def compared(self) -> tuple[str, ...]:
        """Ids of the sentences compared so far, in the order they were compared."""
        return tuple(self._state.compared)

    # -- messages ------------------------------------------------------------------
    def handle(self, message) -> None:
        """Apply ``edit`` / ``compare`` / ``sync``; a bad message is shown, never raised."""
        try:
            super().handle(message)
        except ActivityError as err:
            self._status.value = f"<i>{html.escape(str(err))}</i>"

    def _refuse(self, kind) -> None:
        self._status.value = f"<i>{html.escape(t('tagger.bad_message', kind=repr(kind)))}</i>"

    def _on_edit(self, m: dict) -> None:
        self._state.set_answer(m.get("sentence"), m.get("text"))

    def _on_compare(self, m: dict) -> None:
        sid = m.get("sentence")
        text = self._rows[sid]["area"].value if sid in self._rows else None
        self._state.compare(sid, text)

    def _on_sync(self, _m: dict) -> None:
        self._saved.sync()

    # -- private --------------------------------------------------------------------
    def _make_row(self, item: PadItem) -> dict:
        sid = item.sentence_id
        head = ipywidgets.HTML()
        area = ipywidgets.Textarea(value=self._state.answers[sid], continuous_update=False,
                                   layout=ipywidgets.Layout(width="100%", height="5em"))
        area.observe(lambda change, sid=sid: self.handle(
            {"type": "edit", "sentence": sid, "text": change["new"]}), names="value")
        button = ipywidgets.Button(button_style="", icon="")
        button.on_click(lambda _b, sid=sid: self.handle({"type": "compare", "sentence": sid}))
        result = ipywidgets.HTML()
        box = ipywidgets.VBox([head, area, button, result],
                              layout=ipywidgets.Layout(margin="0 0 1em 0"))
        return {"head": head, "area": area, "button": button, "result": result, "box": box}

    def _draw(self) -> None:
        self._title.value = (f"<b>{html.escape(t('correction.title'))}</b><br>"
                             f"<i>{html.escape(t('correction.help'))}</i>")
        for number, item in enumerate(self.items, start=1):
            row = self._rows[item.sentence_id]
            row["head"].value = (
                f"<div><b>{number}. <code>{html.escape(item.sentence_id)}</code></b> "
                f"<span>{html.escape(item.text)}</span></div>"
            )
            row["area"].description = ""
            row["area"].placeholder = t("correction.placeholder")
            row["button"].description = t("correction.compare")
            row["button"].tooltip = t("correction.compare_tip")
        self._draw_answers()
        self._status.value = ""

    def _draw_answers(self) -> None:
        for item in self.items:
            row = self._rows[item.sentence_id]
            if row["area"].value != self._state.answers[item.sentence_id]:
                row["area"].value = self._state.answers[item.sentence_id]
            if item.sentence_id in self._state.compared:
                row["result"].value = _reveal_html(item, self._state.verdict(item.sentence_id))
        self._draw_status()

    def _draw_status(self) -> None:
        note = self._saved.note
        if not self._state.compared and note.kind != "failed":
            return
        if note.kind == "no_name":
            text = t("correction.not_saved")
        elif note.kind == "failed":
            text = note.text()
        else:
            text = t("correction.saved", name=note.name)
            if note.merged:
                text += " " + t(f"saved.merged.{note.merged}")
        self._status.value = f"<i>{html.escape(text)}</i>"


def _default_article_id() -> str:
    from .. import bundles

    return bundles.current_id()


def _reveal_html(item: PadItem, verdict: Feedback) -> str:
    """The comparison shown under an item: verdict, the kit's sentence, one row per passage."""
    good = verdict.verdict in ("kept", "fixed")
    colour = "#2f7d32" if good else "#b45309"
    remaining = ", ".join(f"“{p}”" for p in verdict.remaining)
    message = t(f"correction.verdict.{verdict.verdict}", passages=remaining)
    hints = "".join(f"<li>{html.escape(localise(h))}</li>" for h in verdict.hints)
    parts = [(f'<div role="status" style="border-left:4px solid {colour};padding:0.2em 0.5em">'
             f"{html.escape(message)}{f'<ul>{hints}</ul>' if hints else ''}</div>")]
    if item.plain:
        parts.append(f"<p><b>{html.escape(t('correction.kit_version'))}</b> "
                     f"{html.escape(t('correction.kit_unchanged'))}</p>")
    else:
        parts.append(f"<p><b>{html.escape(t('correction.kit_version'))}</b> {html.escape(item.corrected)}</p>")
        head = "".join(f"<th style='text-align:left'>{html.escape(t(k))}</th>" for k in (
            "correction.col.damaged", "correction.col.italian", "correction.col.english",
            "correction.col.kind", "correction.col.certainty"))
        rows = []
        for fix in item.corrections:
            kind = localise(_corrections.KINDS.get(fix.kind, {"en": fix.kind}))
            cells = (fix.text, fix.italian, fix.english, kind, t(f"correction.certainty.{fix.certainty}"))
            rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>"
                        f"<tr><td colspan='5' style='text-align:left'><i>{html.escape(localise(fix.explanation))}</i></td></tr>")
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
    note = localise(item.note) if item.note else ""
    if note:
        parts.append(f"<p>{html.escape(note)}</p>")
    return "".join(parts)

