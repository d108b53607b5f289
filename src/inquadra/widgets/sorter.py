"""``StatementSorter``: sort statements into the groups a lesson defines.

A view over :class:`~inquadra.activities.sorting.SortingState`. Works by click
and by keyboard. The first "Check" marks every placement right or wrong, with
a score, but does not say where a wrong one belongs; the student moves those
and checks again. Only after the second Check does "Show answers" appear; it
reveals each statement's right group with its explanation and source. The
right groups reach the browser only then. Choices are saved by
:mod:`inquadra.saved` (with every placement and Check in the history) and
restored.
"""

from __future__ import annotations

import pathlib

import anywidget
import traitlets

from .. import i18n, saved
from ..activities.base import ActivityError, field
from ..activities.sorting import SortingState, SortScore, bucket_id, score_sorting
from ..i18n import localise, t
from .view import ActivityView, esm

__all__ = ["StatementSorter", "SortScore", "score_sorting"]

_HERE = pathlib.Path(__file__).parent


class StatementSorter(ActivityView, anywidget.AnyWidget):
    """Sort statements into buckets, then check.

    Args:
        statements (list): dicts or objects with ``id``, ``text`` (str or en/it
            dict), ``bucket`` (the right bucket id), ``explanation`` (str or en/it
            dict) and ``source`` (where it comes from, e.g. ``"p07"``).
        buckets (list): bucket ids, or dicts/objects with ``id``, ``name`` (str or
            en/it dict) and optionally ``key`` (one letter).
        activity (str): name under which the choices are saved.
        article_id (str | None): the article the statements come from (default: the kit's).
    """

    _esm = esm("sorter.js")
    _css = _HERE / "tagger.css"

    HANDLERS = {"place": "_on_place", "check": "_on_check", "reset": "_on_reset",
                "reveal": "_on_reveal", "sync": "_on_sync"}

    statements = traitlets.List().tag(sync=True)
    buckets = traitlets.List().tag(sync=True)
    placement = traitlets.Dict().tag(sync=True)
    checked = traitlets.Bool(False).tag(sync=True)
    can_reveal = traitlets.Bool(False).tag(sync=True)
    revealed = traitlets.Bool(False).tag(sync=True)
    results = traitlets.List().tag(sync=True)
    score = traitlets.Unicode("").tag(sync=True)
    strings = traitlets.Dict().tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    save_note = traitlets.Unicode("").tag(sync=True)

    def __init__(self, statements, buckets, activity: str = "sorter",
                 article_id: str | None = None, **kwargs):
        from .. import bundles

        fresh = SortingState(statements, buckets)
        super().__init__(**kwargs)
        self.activity = activity
        self.article_id = article_id or bundles.current_id()
        self._saved = saved.open_activity(fresh, self.article_id, activity,
                                          signature=fresh.signature)
        self._state = self._saved.state
        self._state.on_change(self._state_changed)
        self._saved.on_note(self._note_changed)
        self.on_msg(self._on_custom_msg)
        i18n.follow(self, "_refresh_language")
        with self.hold_sync():
            if self._saved.restore_error:
                self.status = t("saved.unreadable", error=self._saved.restore_error)
            self._send_language()
            self._draw_state()

    def __repr__(self) -> str:
        return (f"StatementSorter(statements={len(self._state.statements)}, "
                f"buckets={len(self._state.buckets)}, activity={self.activity!r})")

    @property
    def state(self) -> SortingState:
        return self._state

    @property
    def session(self) -> saved.SavedActivity:
        return self._saved

    def check(self) -> SortScore:
        """Mark each placement right or wrong (as the Check button does); return the score."""
        self.handle({"type": "check"})
        return self._state.score()

    def reveal(self) -> None:
        """Show the right groups (as the Show answers button does, after two Checks)."""
        self.handle({"type": "reveal"})

    # -- messages ----------------------------------------------------------------
    def handle(self, message) -> None:
        """Apply ``place`` / ``check`` / ``reset`` / ``sync``; errors go to ``status``."""
        with self.hold_sync():
            try:
                super().handle(message)
            except ActivityError as err:
                self.status = t("sorter.bad", detail=str(err))
            if self._saved.note.kind == "failed":
                self.status = self._saved.note.text()

    _handle_message = handle

    def _refuse(self, kind) -> None:
        self.status = t("sorter.bad", detail=repr(kind))

    def _on_place(self, m: dict) -> None:
        sid, bucket = m.get("id"), m.get("bucket")
        self._state.place(sid, bucket)
        self.status = t("sorter.placed", text=self._short_text(sid),
                        bucket=self._state.bucket_name(bucket) if bucket else t("sorter.unsorted"))

    def _on_check(self, _m: dict) -> None:
        score = self._state.check()
        if score.right == score.total:
            self.status = t("sorter.all_right")
        elif self._state.checks == 1:
            self.status = t("sorter.try_again")
        else:
            self.status = t("sorter.can_reveal")

    def _on_reveal(self, _m: dict) -> None:
        self._state.reveal()
        self.status = ""

    def _on_reset(self, _m: dict) -> None:
        self._state.reset()
        self.status = t("sorter.cleared")

    def _on_sync(self, _m: dict) -> None:
        self._saved.sync()

    @traitlets.observe("placement")
    def _placement_set(self, change) -> None:
        """A placement assigned in Python (``sorter.placement = {...}``) goes through the
        state, so it is saved and survives a redraw, like placements made by clicking."""
        wanted, current = dict(change["new"] or {}), dict(self._state.placement)
        if wanted == current:
            return
        with self.hold_sync():
            try:
                bad = [f"{sid!r} → {b!r}" for sid, b in wanted.items()
                       if sid not in self._state.answers or b not in self._state.bucket_ids]
                if bad:  # nothing is applied unless every placement is valid
                    raise ActivityError(", ".join(bad))
                for sid in [s for s in current if s not in wanted]:
                    self._state.place(sid, None)
                for sid, bucket in wanted.items():
                    if current.get(sid) != bucket:
                        self._state.place(sid, bucket)
            except ActivityError as err:
                self.status = t("sorter.bad", detail=str(err))
            self._draw_state()

    # -- state -> view -------------------------------------------------------------
    def _state_changed(self, _state) -> None:
        self._draw_state()

    def _note_changed(self, note) -> None:
        self.save_note = note.text()

    def _draw_state(self) -> None:
        with self.hold_sync():
            self.placement = dict(self._state.placement)
            self.checked = self._state.checked
            self.can_reveal = self._state.can_reveal
            self.revealed = self._state.revealed
            self._update_results()
            self.save_note = self._saved.note.text()

    def _refresh_language(self) -> None:
        with self.hold_sync():
            self.status = ""  # the last message was in the old language
            self._send_language()
            self._draw_state()

    def _send_language(self) -> None:
        state = self._state
        keys = [str(field(b, "key", "") or "") for b in state.buckets]
        self.buckets = [
            {
                "id": bucket_id(b),
                "name": state.bucket_name(bucket_id(b)),
                "key": key if key and keys.count(key) == 1 and not key.isdigit() else "",
                "number": n,
            }
            for n, (b, key) in enumerate(zip(state.buckets, keys), start=1)
        ]
        self.statements = [
            {"id": str(field(s, "id")), "text": localise(field(s, "text"))} for s in state.statements
        ]
        self.strings = {**{k.split(".", 1)[1]: t(k) for k in _UI_KEYS},
                        "help": t("sorter.help", n=len(state.buckets))}

    def _update_results(self) -> None:
        state = self._state
        if not state.checked:
            self.results, self.score = [], ""
            return
        score = state.score()
        rows = []
        for s in state.statements:
            sid = str(field(s, "id"))
            right = state.answers[sid]
            result = score.results[sid]
            if state.revealed or result == "right":
                rows.append({
                    "id": sid,
                    "result": result,
                    "bucket": right,
                    "verdict": self._verdict(result, state.bucket_name(right)),
                    "explanation": localise(field(s, "explanation")),
                    "source": localise(field(s, "source", "") or ""),
                })
            else:  # marked, not told: the right group stays in Python until "Show answers"
                rows.append({"id": sid, "result": result, "bucket": "",
                             "verdict": t("sorter.not_yet" if result == "wrong" else "sorter.unsorted_yet"),
                             "explanation": "", "source": ""})
        self.results = rows
        self.score = t("sorter.score", right=score.right, wrong=score.wrong,
                       unsorted=score.unsorted, total=score.total)

    @staticmethod
    def _verdict(result: str, bucket_name: str) -> str:
        if result == "right":
            return t("sorter.right")
        return t("sorter.wrong" if result == "wrong" else "sorter.missing", bucket=bucket_name)

    def _short_text(self, sid: str) -> str:
        text = self._state.statement_text(sid)
        return text if len(text) <= 50 else text[:47] + "…"


_UI_KEYS = ("sorter.title", "sorter.region", "sorter.check", "sorter.reset", "sorter.unsorted",
            "sorter.your_choice", "sorter.source", "sorter.show")
