"""``SortingState``: statements sorted into the groups (buckets) a lesson defines.

Checking is in three steps, so that the first try is the student's own
judgement: the first Check marks each placement right or wrong without saying
where a wrong one belongs; the student moves statements and checks again;
only after that second Check can they show the answers (``reveal``). The
first try — the placement at the first Check — is what the teacher sees.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import localise
from .base import ActivityError, Observable, field, merge_dicts

__all__ = ["SortScore", "SortingState", "score_sorting", "bucket_id"]


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


def bucket_id(bucket) -> str:
    """A bucket's id, whether it is given as a plain id or as a dict/object with ``id``."""
    return bucket if isinstance(bucket, str) else str(field(bucket, "id"))


def _checks(payload: dict) -> int:
    """How many Checks a payload records (files saved before counting them: one if checked)."""
    return payload.get("checks", 1 if payload.get("checked") else 0)


class SortingState(Observable):
    """Statements, their groups, the student's placement and whether it was checked.

    Args:
        statements (list): dicts or objects with ``id``, ``text`` (str or en/it
            dict), ``bucket`` (the right bucket id), ``explanation`` and ``source``.
        buckets (list): bucket ids, or dicts/objects with ``id``, ``name`` and ``key``.
    """

    kind = "sorting"
    merge_kind = "answers"

    def __init__(self, statements, buckets):
        super().__init__()
        self.statements = list(statements)
        self.buckets = list(buckets)
        if not self.statements or len(self.buckets) < 2:
            raise ActivityError("A sorter needs at least one statement and two buckets.")
        self.bucket_ids = tuple(bucket_id(b) for b in self.buckets)
        self.answers = {str(field(s, "id")): str(field(s, "bucket")) for s in self.statements}
        if len(self.answers) != len(self.statements):
            raise ActivityError("Two statements share an id; every statement needs its own id.")
        unknown = sorted({b for b in self.answers.values() if b not in self.bucket_ids})
        if unknown:
            raise ActivityError(f"Statements name buckets that do not exist: {', '.join(unknown)}. "
                                f"Known buckets: {', '.join(self.bucket_ids)}.")
        self.placement: dict[str, str] = {}
        self.checked = False
        self.checks = 0
        self.revealed = False

    def __repr__(self) -> str:
        return f"<SortingState {len(self.placement)}/{len(self.answers)} placed>"

    @property
    def signature(self) -> tuple:
        return (tuple(self.answers), self.bucket_ids)

    # -- reading ---------------------------------------------------------------
    def score(self) -> SortScore:
        return score_sorting(self.answers, self.placement)

    def bucket_name(self, bid: str, language: str | None = None) -> str:
        for b in self.buckets:
            if bucket_id(b) == bid:
                return bid if isinstance(b, str) else localise(field(b, "name") or field(b, "id"), language)
        return str(bid)

    def statement_text(self, sid: str, language: str | None = None) -> str:
        for s in self.statements:
            if str(field(s, "id")) == sid:
                return localise(field(s, "text"), language)
        return sid

    # -- changing ----------------------------------------------------------------
    def place(self, sid, bucket) -> None:
        """Put statement ``sid`` into ``bucket`` (None takes it out again)."""
        if sid not in self.answers or (bucket is not None and bucket not in self.bucket_ids):
            raise ActivityError(f"{sid!r} → {bucket!r}")
        placement = {k: v for k, v in self.placement.items() if k != sid}
        if bucket is not None:
            placement[sid] = bucket
        self.placement = placement
        self._answered(sid, bucket, None if bucket is None else bucket == self.answers[sid])
        self._notify()

    @property
    def can_reveal(self) -> bool:
        """True once the student has checked twice (a first try and a second one)."""
        return self.checks >= 2 and not self.revealed

    def check(self) -> SortScore:
        """Mark each placement right or wrong (not where it belongs); recorded with its score."""
        self.checked = True
        self.checks += 1
        score = self.score()
        self._answered("check", {"right": score.right, "wrong": score.wrong,
                                 "unsorted": score.unsorted}, score.right == score.total)
        self._notify()
        return score

    def reveal(self) -> None:
        """Show the right group of every statement; only after two Checks."""
        if self.checks < 2:
            raise ActivityError.keyed("sorter.reveal_too_soon")
        self.revealed = True
        self._answered("show", None, None)
        self._notify()

    def reset(self) -> None:
        self.placement = {}
        self.checked = False
        self.checks = 0
        self.revealed = False
        self._answered("reset", None, None)
        self._notify()

    # -- saving ------------------------------------------------------------------
    def to_payload(self) -> dict:
        return {"placement": dict(sorted(self.placement.items())), "checked": self.checked,
                "checks": self.checks, "revealed": self.revealed}

    def parse(self, payload: dict) -> dict:
        raw = payload.get("placement", {})
        if not isinstance(raw, dict):
            raise ActivityError.keyed("work.payload.placement")
        for sid, bucket in raw.items():
            if sid not in self.answers or bucket not in self.bucket_ids:
                raise ActivityError(
                    f'"placement" puts {sid!r} into {bucket!r}; statements are '
                    f"{', '.join(self.answers)} and groups {', '.join(self.bucket_ids)}.")
        checked = payload.get("checked", False)
        if not isinstance(checked, bool):
            raise ActivityError.keyed("work.payload.true_false", field="checked")
        checks = payload.get("checks", 1 if checked else 0)
        if not isinstance(checks, int) or isinstance(checks, bool) or checks < 0:
            raise ActivityError.keyed("work.payload.checks")
        revealed = payload.get("revealed", False)
        if not isinstance(revealed, bool):
            raise ActivityError.keyed("work.payload.true_false", field="revealed")
        return {"placement": dict(sorted(raw.items())), "checked": checked or checks > 0,
                "checks": checks, "revealed": revealed and checks >= 2}

    def load(self, payload: dict) -> None:
        self.placement = dict(payload.get("placement") or {})
        self.checked = bool(payload.get("checked"))
        self.checks = int(payload.get("checks", 1 if self.checked else 0))
        self.revealed = bool(payload.get("revealed")) and self.checks >= 2
        self._notify()

    def merge(self, base: dict | None, mine: dict, theirs: dict) -> dict:
        base = base or {}
        placement = merge_dicts(base.get("placement"), mine["placement"], theirs["placement"])
        checks = max(_checks(mine), _checks(theirs))
        return {"placement": placement, "checked": bool(mine["checked"] or theirs["checked"]),
                "checks": checks,
                "revealed": bool(mine.get("revealed") or theirs.get("revealed")) and checks >= 2}
