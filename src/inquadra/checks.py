"""Exercise checks: feedback in a tutor's voice on what the learner produced.

``check("2.1", answer)`` looks at the *value* the learner built (an id, a
list, a pair of offsets, a spaCy matcher run on the article, a ``SpanStore``,
a lexicon entry, an ``Article``), never at the code that built it. What each
exercise expects, and the hints for typical wrong answers, are data in
``data/checks.json``; expected offsets are found in the article text by
``article.find`` so they never drift from it.

Every outcome is a :class:`Feedback`: what is right, what is missing, a hint
towards the next step, and, when passed, praise plus what comes next. An
unanswered exercise (``None``, ``...``, ``NotImplementedError``) is "not
answered yet", never an error; an answer that cannot even be inspected gets a
message saying what kind of thing was expected, never a traceback. Under
nbgrader's autograder (``NBGRADER_EXECUTION`` set) a check that does not pass
raises ``AssertionError`` with the same message, so no points are given.

Feedback speaks the kit's current language (:func:`inquadra.i18n.get_language`):
the tutor's sentences are keys of ``data/strings/checks.json``, the exercises'
texts ``{"en": ..., "it": ...}`` dicts in ``data/checks.json`` (validated on
load by :mod:`inquadra.check_specs`). :func:`claims` shows a judgement
exercise's claims as a table in that language.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from . import check_specs, i18n
from .check_kinds import article_built, describe, entry, expected, sorter, unset_attribute
from .errors import InquadraError
from .i18n import t

__all__ = ["Feedback", "check", "exercises", "spec", "claims", "expected_spans", "register"]

_MISSING = object()


@dataclass(frozen=True)
class Feedback:
    """The result of one check.

    Attributes:
        exercise (str): the exercise id, e.g. ``"2.1"``.
        passed (bool): True when the answer is right.
        message (str): what is right, what is missing, and a hint or what comes next.
        language (str): the language of the message (default: the current one).
    """

    exercise: str
    passed: bool
    message: str
    language: str = field(default_factory=i18n.get_language)

    @property
    def title(self) -> str:
        return t("checks.title.passed" if self.passed else "checks.title.failed", self.language,
                 exercise=self.exercise)

    def __repr__(self) -> str:
        return f"{self.title}\n{self.message}"

    def _repr_html_(self) -> str:
        colour, background = ("#2a9d8f", "#eef8f6") if self.passed else ("#c8553d", "#fdf1ee")
        return (
            f'<div class="inquadra-feedback" role="status" style="border-left:4px solid {colour};'
            f'background:{background};padding:0.4em 0.8em;margin:0.3em 0">'
            f"<strong>{html.escape(self.title)}</strong><br>{html.escape(self.message)}</div>"
        )


def _specs() -> dict:
    data = check_specs.load()
    for exercise, item in data.items():
        if item["kind"] not in _KINDS:
            raise check_specs.CheckDataError.keyed(
                "checks.data.unknown_kind", source=check_specs.SOURCE, exercise=repr(exercise),
                kind=repr(item["kind"]), kinds=", ".join(sorted(_KINDS)))
    return data


def exercises() -> list[str]:
    """Every exercise id that has a check, in lesson order."""
    return sorted(_specs(), key=lambda i: tuple(int(p) for p in i.split(".")))


def spec(exercise_id: str, language: str | None = None) -> dict:
    """The check data of one exercise: a copy of its entry in ``checks.json``, every text
    in ``language`` (default: the kit's current language)."""
    return check_specs.localised(_specs()[exercise_id], language)


def claims(exercise_id: str, language: str | None = None):
    """The claims a judgement exercise offers, as an escaped table (claim id, what it says).

    Headers and claim texts are in ``language`` (default: the current one); the ids
    are what the learner writes under ``"claim"``.

    Returns:
        render.Table: shown by Jupyter as an HTML table in which every text is escaped.
    Raises:
        InquadraError: for an unknown exercise or one without claims.
    """
    specs = _specs()
    if exercise_id not in specs:
        raise InquadraError.keyed("checks.no_exercise", exercise=repr(exercise_id))
    if not specs[exercise_id].get("claims"):
        with_claims = ", ".join(e for e in exercises() if specs[e].get("claims"))
        raise InquadraError.keyed("checks.claims.none", exercise=repr(exercise_id), exercises=with_claims)
    from . import render

    texts = spec(exercise_id, language)["claims"]
    return render.table(texts.items(), (t("checks.claims.claim", language), t("checks.claims.says", language)))


def _unanswered(answer: Any) -> bool:
    if answer is _MISSING or answer is None or answer is Ellipsis or answer is NotImplemented:
        return True
    return answer is NotImplementedError or isinstance(answer, NotImplementedError)


def _article(article=None):
    """The article an exercise is checked on: a bundle or an id, by default the current one."""
    from . import bundles

    return bundles.get(article).article


def _where(start: int) -> str:
    s = _article().sentence_at(start)
    return s.block_id if s else t("checks.where.article")


def expected_spans(exercise_id: str, article=None) -> list[tuple[int, int, str]]:
    """(start, end, label) of every span an exercise expects; label "" when none is needed.

    ``article`` is a bundle or an id (default: the current article).
    """
    art = _article(article)
    out = []
    for item in spec(exercise_id).get("expected", []):
        if "within" in item:  # a short word located inside a longer, unique context
            ctx_start, _ = art.find(item["within"], item.get("occurrence", 1))
            start = art.text.index(item["find"], ctx_start)
            end = start + len(item["find"])
        else:
            start, end = art.find(item["find"], item.get("occurrence", 1))
        out.append((start, end, item.get("label", "")))
    return out


def _norm(value: Any, how: str) -> Any:
    if isinstance(value, str):
        value = value.strip().strip("'\"“”").strip()
        return value.lower() if how == "lower" else value
    return value


# -- kinds of check -------------------------------------------------------------
# Each takes (answer, spec) and returns (passed, message-for-a-fail or summary-for-a-pass).

def _value(answer: Any, sp: dict) -> tuple[bool, str]:
    want = sp["answer"]
    kind = {"str": str, "int": int, "bool": bool}[sp["type"]]
    if kind is int and isinstance(answer, bool) or not isinstance(answer, kind):
        return False, expected(sp, answer)
    given = _norm(answer, sp.get("normalise", ""))
    if given == _norm(want, sp.get("normalise", "")):
        return True, sp.get("right") or t("checks.value.right")
    hints = {str(_norm(k, sp.get("normalise", ""))).lower(): v for k, v in sp.get("wrong", {}).items()}
    return False, t("checks.value.not_answer", given=repr(answer), hint=hints.get(str(given).lower(), sp["hint"]))


def _ids(answer: Any, sp: dict) -> tuple[bool, str]:
    if isinstance(answer, str):
        return False, t("checks.ids.one_string", expects=sp["expects"], given=repr(answer))
    if isinstance(answer, bytes) or not isinstance(answer, (list, tuple, set, frozenset)):
        return False, expected(sp, answer)
    how = sp.get("normalise", "")
    bad = [x for x in answer if not isinstance(x, str)]
    if bad:
        return False, t("checks.ids.not_text", example=repr(sp["example"]), given=describe(bad[0]))
    given = {_norm(x, how) for x in answer}
    want = {_norm(x, how) for x in sp["answer"]}
    missing, extra = sorted(want - given), sorted(given - want)
    if not missing and not extra:
        return True, sp.get("right") or t("checks.ids.right", count=len(want))
    parts = [t("checks.ids.score", right=len(want & given), total=len(want))]
    for item in extra:
        parts.append(t("checks.ids.extra", item=repr(item), why=sp.get("extra", {}).get(item, sp["hint_extra"])))
    if missing:
        hint = sp.get("missing", {}).get(missing[0], sp["hint"])
        parts.append(t("checks.still_missing", count=len(missing), hint=hint))
    return False, " ".join(parts)


def _offsets(answer: Any, sp: dict) -> tuple[bool, str]:
    if isinstance(answer, (str, bytes)) or not isinstance(answer, (list, tuple)) or len(answer) != 2 \
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in answer):
        return False, expected(sp, answer)
    (start, end, _), = expected_spans(sp["id"])
    if tuple(answer) == (start, end):
        return True, sp.get("right") or t("checks.offsets.right")
    text = _article().text
    s, e = answer
    if not 0 <= s < e <= len(text):
        return False, t("checks.offsets.outside", start=s, end=e, length=len(text), hint=sp["hint"])
    covered = repr(text[s:e])
    if s <= start and end <= e:
        return False, t("checks.offsets.wide", covered=covered, hint=sp["hint_wide"])
    return False, t("checks.offsets.cover", covered=covered, hint=sp["hint"])


def _article_doc(vocab):
    import spacy

    return spacy.blank("it", vocab=vocab).make_doc(_article().text)


def _matcher(answer: Any, sp: dict) -> tuple[bool, str]:
    from spacy.matcher import Matcher, PhraseMatcher

    if not isinstance(answer, (Matcher, PhraseMatcher)):
        return False, expected(sp, answer)
    if len(answer) == 0:
        return False, t("checks.matcher.empty")
    doc = _article_doc(answer.vocab)
    try:
        matches = answer(doc)
    except ValueError as err:
        return False, unset_attribute(err) or t("checks.matcher.cannot_run", error=err, expects=sp["expects"])
    found = {(doc[s:e].start_char, doc[s:e].end_char) for _, s, e in matches}
    want = {(s, e) for s, e, _ in expected_spans(sp["id"])}
    if found == want:
        return True, sp.get("right") or t("checks.matcher.right", count=len(want))
    text = _article().text
    parts = [t("checks.matcher.score", right=len(found & want), total=len(want))]
    extra = sorted(found - want)
    if extra:
        shown = ", ".join(f"{text[s:e]!r} ({_where(s)})" for s, e in extra[:3])
        parts.append(t("checks.matcher.extra", shown=shown, more=" …" if len(extra) > 3 else "",
                       hint=sp["hint_extra"]))
    missing = sorted(want - found)
    if missing:
        places = ", ".join(sorted({_where(s) for s, _ in missing}))
        parts.append(t("checks.matcher.missing", count=len(missing), places=places, hint=sp["hint"]))
    return False, " ".join(parts)


def _span_key(item: Any) -> tuple[int, int, str]:
    if isinstance(item, dict):
        return int(item["start"]), int(item["end"]), str(item["label"])
    if isinstance(item, tuple) and len(item) == 3:
        return int(item[0]), int(item[1]), str(item[2])
    if hasattr(item, "start_char") and hasattr(item, "label_"):  # a spaCy Span
        return int(item.start_char), int(item.end_char), str(item.label_)
    return int(item.start), int(item.end), str(item.label)


def _span_keys(answer: Any) -> set[tuple[int, int, str]]:
    items = answer.spans if hasattr(answer, "spans") else answer
    if isinstance(items, (str, bytes, dict)):
        raise TypeError
    return {_span_key(item) for item in items}


def _spans(answer: Any, sp: dict) -> tuple[bool, str]:
    try:
        given = _span_keys(answer)
    except Exception:
        return False, expected(sp, answer)
    if not given:
        return False, t("checks.spans.none")
    text = _article().text
    want = set(expected_spans(sp["id"]))
    right = given & want
    parts = [t("checks.spans.score", right=len(right), total=len(want))]
    for s, e, label in sorted(want - given):
        near = [g for g in given if g[0] < e and s < g[1]]
        if any((g[0], g[1]) == (s, e) for g in near):
            other = next(g[2] for g in near if (g[0], g[1]) == (s, e))
            parts.append(t("checks.spans.label", text=repr(text[s:e]), label=other, hint=sp["hint_label"]))
        elif near:
            g = near[0]
            parts.append(t("checks.spans.edges", text=repr(text[g[0]:g[1]]), hint=sp["hint_edges"]))
        else:
            parts.append(t("checks.spans.untagged", where=_where(s), hint=sp["hint"]))
    extra = sorted(given - want)
    # a wrong span beside a missing one was named above; any other extra span is one too many
    named = {g for s, e, _ in want - given for g in given if g[0] < e and s < g[1]}
    for s, e, label in [g for g in extra if g not in named][:2]:
        parts.append(t("checks.spans.false_alarm", text=repr(text[s:e]), label=label, hint=sp["hint_extra"]))
    if not (want - given) and not extra:
        return True, sp.get("right") or t("checks.spans.right", count=len(want))
    return False, " ".join(parts)


_KINDS: dict[str, Callable[[Any, dict], tuple[bool, str]]] = {
    "value": _value,
    "ids": _ids,
    "offsets": _offsets,
    "matcher": _matcher,
    "spans": _spans,
    "entry": entry,
    "article": article_built,
    "sorter": sorter,
    "argument": lambda answer, sp: _judgement().argument(answer, sp),
}


def _judgement():
    from . import judgement

    return judgement


def register(kind: str, function: Callable[[Any, dict], tuple[bool, str]]) -> None:
    """Add a kind of check (used for exercises on widgets and analyses)."""
    _KINDS[kind] = function


def _feedback(exercise_id: str, answer: Any) -> Feedback:
    specs = _specs()
    if exercise_id not in specs:
        return Feedback(str(exercise_id), False, t("checks.no_exercise", exercise=repr(exercise_id)))
    if _unanswered(answer):
        return Feedback(exercise_id, False, t("checks.unanswered"))
    sp = dict(spec(exercise_id), id=exercise_id)
    try:
        passed, said = _KINDS[sp["kind"]](answer, sp)
    except Exception as exc:
        return Feedback(exercise_id, False,
                        t("checks.unreadable", error=type(exc).__name__, expects=sp["expects"]))
    if passed:
        return Feedback(exercise_id, True, t("checks.passed", said=said, praise=sp["praise"], next=sp["next"]))
    return Feedback(exercise_id, False, said)


def check(exercise_id: str, answer: Any = _MISSING) -> Feedback:
    """Check the learner's answer to an exercise and return friendly feedback.

    Args:
        exercise_id (str): e.g. ``"2.1"``.
        answer: what the learner produced; ``None`` when not answered yet.

    Returns:
        Feedback: shown by Jupyter as a coloured box with a text alternative.

    Raises:
        AssertionError: only under nbgrader (``NBGRADER_EXECUTION`` set) when not passed.
    """
    result = _feedback(exercise_id, answer)
    if not result.passed and os.environ.get("NBGRADER_EXECUTION"):
        raise AssertionError(result.message)
    return result
