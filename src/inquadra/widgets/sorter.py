"""``StatementSorter``: sort statements into the groups a lesson defines.

Works by click and by keyboard. "Check" reveals, for every statement, the right
group with its explanation and source, and a score that counts right, wrong and
unsorted answers. The answers reach the browser only after "Check". Choices are
saved in the student's work folder and restored.
"""

from __future__ import annotations

import pathlib
from dataclasses import dataclass

import anywidget
import traitlets

from .. import i18n
from ..i18n import t
from ..i18n import localise
from .choice import field

__all__ = ["StatementSorter", "SortScore", "score_sorting"]

_HERE = pathlib.Path(__file__).parent


@dataclass(frozen=True)
class SortScore:
    """How a sorting went: counts and, per statement id, ``"right"|"wrong"|"unsorted"``."""

    right: int
    wrong: int
    unsorted: int
    results: dict

    @property
    def total(self) -> int:
        return self.right + self.wrong + self.unsorted


def score_sorting(answers: dict, placement: dict) -> SortScore:
    """Compare ``placement`` (statement id -> bucket id) with ``answers`` (same shape).

    Args:
        answers (dict[str, str]): the right bucket of every statement.
        placement (dict[str, str | None]): the student's choices; missing = unsorted.
    """
    results = {}
    for sid, right in answers.items():
        chosen = placement.get(sid)
        results[sid] = "unsorted" if chosen is None else ("right" if chosen == right else "wrong")
    values = list(results.values())
    return SortScore(values.count("right"), values.count("wrong"), values.count("unsorted"), results)


def _bucket_id(bucket) -> str:
    return bucket if isinstance(bucket, str) else str(field(bucket, "id"))


class StatementSorter(anywidget.AnyWidget):
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

    _esm = _HERE / "sorter.js"
    _css = _HERE / "tagger.css"

    statements = traitlets.List().tag(sync=True)
    buckets = traitlets.List().tag(sync=True)
    placement = traitlets.Dict().tag(sync=True)
    checked = traitlets.Bool(False).tag(sync=True)
    results = traitlets.List().tag(sync=True)
    score = traitlets.Unicode("").tag(sync=True)
    strings = traitlets.Dict().tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    save_note = traitlets.Unicode("").tag(sync=True)

    def __init__(self, statements, buckets, activity: str = "sorter",
                 article_id: str | None = None, **kwargs):
        from .. import bundles

        super().__init__(**kwargs)
        self._statements = list(statements)
        self._buckets = list(buckets)
        if not self._statements or len(self._buckets) < 2:
            raise ValueError("A sorter needs at least one statement and two buckets.")
        self.activity = activity
        self.article_id = article_id or bundles.current_id()
        bucket_ids = [_bucket_id(b) for b in self._buckets]
        self._answers = {str(field(s, "id")): str(field(s, "bucket")) for s in self._statements}
        if len(self._answers) != len(self._statements):
            raise ValueError("Two statements share an id; every statement needs its own id.")
        unknown = sorted({b for b in self._answers.values() if b not in bucket_ids})
        if unknown:
            raise ValueError(f"Statements name buckets that do not exist: {', '.join(unknown)}. "
                             f"Known buckets: {', '.join(bucket_ids)}.")
        self.on_msg(lambda _w, content, _b: self._handle_message(content))
        i18n.follow(self, "_refresh_language")
        with self.hold_sync():
            self._restore()
            self._send_language()

    def __repr__(self) -> str:
        return (f"StatementSorter(statements={len(self._statements)}, "
                f"buckets={len(self._buckets)}, activity={self.activity!r})")

    def check(self) -> SortScore:
        """Reveal the answers (as the Check button does) and return the score."""
        self._handle_message({"type": "check"})
        return score_sorting(self._answers, self.placement)

    # -- messages ----------------------------------------------------------------
    def _handle_message(self, content) -> None:
        """Apply ``place`` / ``check`` / ``reset`` from the browser; errors go to ``status``."""
        kind = content.get("type") if isinstance(content, dict) else None
        with self.hold_sync():
            if kind == "place":
                sid, bucket = content.get("id"), content.get("bucket")
                bucket_ids = [b["id"] for b in self.buckets]
                if sid not in self._answers or (bucket is not None and bucket not in bucket_ids):
                    self.status = t("sorter.bad", detail=f"{sid!r} → {bucket!r}")
                    return
                placement = {k: v for k, v in self.placement.items() if k != sid}
                if bucket is not None:
                    placement[sid] = bucket
                self.placement = placement
                self.status = t("sorter.placed", text=self._short_text(sid),
                                bucket=self._bucket_name(bucket) if bucket else t("sorter.unsorted"))
            elif kind == "check":
                self.checked = True
            elif kind == "reset":
                self.placement = {}
                self.checked = False
                self.status = t("sorter.cleared")
            else:
                self.status = t("sorter.bad", detail=repr(kind))
                return
            self._update_results()
            self._save()

    # -- private ----------------------------------------------------------------------
    def _refresh_language(self) -> None:
        with self.hold_sync():
            self.status = ""  # the last message was in the old language
            self._send_language()

    def _send_language(self) -> None:
        keys = [str(field(b, "key", "") or "") for b in self._buckets]
        self.buckets = [
            {
                "id": _bucket_id(b),
                "name": _bucket_id(b) if isinstance(b, str) else localise(field(b, "name") or field(b, "id")),
                "key": key if key and keys.count(key) == 1 and not key.isdigit() else "",
                "number": n,
            }
            for n, (b, key) in enumerate(zip(self._buckets, keys), start=1)
        ]
        self.statements = [
            {"id": str(field(s, "id")), "text": localise(field(s, "text"))} for s in self._statements
        ]
        self.strings = {k.split(".", 1)[1]: t(k) for k in _UI_KEYS}
        self.strings = {**self.strings, "help": t("sorter.help", n=len(self._buckets))}
        self._update_results()
        self.save_note = self._save_note(self._student() is not None)

    def _update_results(self) -> None:
        score = score_sorting(self._answers, self.placement)
        if not self.checked:
            self.results, self.score = [], ""
            return
        self.results = [
            {
                "id": str(field(s, "id")),
                "result": score.results[str(field(s, "id"))],
                "bucket": self._answers[str(field(s, "id"))],
                "verdict": self._verdict(score.results[str(field(s, "id"))],
                                         self._bucket_name(self._answers[str(field(s, "id"))])),
                "explanation": localise(field(s, "explanation")),
                "source": str(field(s, "source", "") or ""),
            }
            for s in self._statements
        ]
        self.score = t("sorter.score", right=score.right, wrong=score.wrong,
                       unsorted=score.unsorted, total=score.total)

    @staticmethod
    def _verdict(result: str, bucket_name: str) -> str:
        if result == "right":
            return t("sorter.right")
        return t("sorter.wrong" if result == "wrong" else "sorter.missing", bucket=bucket_name)

    def _bucket_name(self, bucket_id: str) -> str:
        for b in self.buckets:
            if b["id"] == bucket_id:
                return b["name"]
        return str(bucket_id)

    def _short_text(self, sid: str) -> str:
        for s in self.statements:
            if s["id"] == sid:
                return s["text"] if len(s["text"]) <= 50 else s["text"][:47] + "…"
        return sid

    def _student(self) -> str | None:
        from ..annotations import work

        return work.current_student()

    def _save_note(self, saved: bool) -> str:
        name = self._student()
        return t("tagger.saved", name=name) if saved and name else t("tagger.not_saved")

    def _save(self) -> None:
        from ..annotations import work

        name = self._student()
        if not name:
            self.save_note = self._save_note(False)
            return
        payload = {"placement": dict(sorted(self.placement.items())), "checked": self.checked}
        try:
            work.save_activity(name, self.article_id, self.activity, payload)
        except (ValueError, OSError) as err:
            self.status = t("tagger.save_failed", error=str(err))
            return
        self.save_note = self._save_note(True)

    def _restore(self) -> None:
        from ..annotations import work

        name = self._student()
        if not name:
            return
        try:
            saved = work.load_activity(name, self.article_id, self.activity)
        except (ValueError, OSError) as err:
            self.status = t("tagger.restore_failed", error=str(err))
            return
        if not saved:
            return
        raw = saved.get("placement")
        valid = {_bucket_id(b) for b in self._buckets}
        if isinstance(raw, dict):
            self.placement = {k: v for k, v in raw.items() if k in self._answers and v in valid}
        self.checked = saved.get("checked") is True


_UI_KEYS = ("sorter.title", "sorter.region", "sorter.check", "sorter.reset", "sorter.unsorted",
            "sorter.your_choice", "sorter.source")
