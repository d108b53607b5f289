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
"""

from __future__ import annotations

import html
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

__all__ = ["Feedback", "check", "exercises", "spec", "expected_spans", "register"]

_MISSING = object()


@dataclass(frozen=True)
class Feedback:
    """The result of one check.

    Attributes:
        exercise (str): the exercise id, e.g. ``"2.1"``.
        passed (bool): True when the answer is right.
        message (str): what is right, what is missing, and a hint or what comes next.
    """

    exercise: str
    passed: bool
    message: str

    @property
    def title(self) -> str:
        return f"{'✓ Well done' if self.passed else '✗ Not yet'} — exercise {self.exercise}"

    def __repr__(self) -> str:
        return f"{self.title}\n{self.message}"

    def _repr_html_(self) -> str:
        colour, background = ("#2a9d8f", "#eef8f6") if self.passed else ("#c8553d", "#fdf1ee")
        return (
            f'<div class="inquadra-feedback" role="status" style="border-left:4px solid {colour};'
            f'background:{background};padding:0.4em 0.8em;margin:0.3em 0">'
            f"<strong>{html.escape(self.title)}</strong><br>{html.escape(self.message)}</div>"
        )


@lru_cache(maxsize=1)
def _specs() -> dict:
    path = resources.files("inquadra") / "data" / "checks.json"
    return json.loads(path.read_text(encoding="utf-8"))


def exercises() -> list[str]:
    """Every exercise id that has a check, in lesson order."""
    return sorted(_specs(), key=lambda i: tuple(int(p) for p in i.split(".")))


def spec(exercise_id: str) -> dict:
    """The check data of one exercise (a copy of its entry in ``checks.json``)."""
    return dict(_specs()[exercise_id])


def _unanswered(answer: Any) -> bool:
    if answer is _MISSING or answer is None or answer is Ellipsis or answer is NotImplemented:
        return True
    return answer is NotImplementedError or isinstance(answer, NotImplementedError)


def _describe(value: Any) -> str:
    """A short, address-free description of a value for a message."""
    kind = type(value).__name__
    try:
        text = repr(value)
    except Exception:
        return f"a {kind}"
    if " at 0x" in text or len(text) > 70:
        return f"a {kind}" if " at 0x" in text else f"a {kind} ({text[:60]}…)"
    return f"{text} (a {kind})"


def _article(article=None):
    """The article an exercise is checked on: a bundle or an id, by default the current one."""
    from . import bundles

    return bundles.get(article).article


def _where(start: int) -> str:
    s = _article().sentence_at(start)
    return s.block_id if s else "the article"


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
        return False, f"I expected {sp['expects']}, but your answer is {_describe(answer)}."
    given = _norm(answer, sp.get("normalise", ""))
    if given == _norm(want, sp.get("normalise", "")):
        return True, sp.get("right", "That is right.")
    hints = {str(_norm(k, sp.get("normalise", ""))).lower(): v for k, v in sp.get("wrong", {}).items()}
    said = f"{answer!r} is not the answer."
    return False, f"{said} {hints.get(str(given).lower(), sp['hint'])}"


def _ids(answer: Any, sp: dict) -> tuple[bool, str]:
    if isinstance(answer, str):
        return False, (f"I expected {sp['expects']}, but your answer is one string, {answer!r}. "
                       "Put the ids in a list, even when there is only one.")
    if isinstance(answer, bytes) or not isinstance(answer, (list, tuple, set, frozenset)):
        return False, f"I expected {sp['expects']}, but your answer is {_describe(answer)}."
    how = sp.get("normalise", "")
    bad = [x for x in answer if not isinstance(x, str)]
    if bad:
        return False, f"Every item should be text, such as {sp['example']!r}; {_describe(bad[0])} is not."
    given = {_norm(x, how) for x in answer}
    want = {_norm(x, how) for x in sp["answer"]}
    missing, extra = sorted(want - given), sorted(given - want)
    if not missing and not extra:
        return True, sp.get("right", f"All {len(want)} are right.")
    parts = [f"You have {len(want & given)} of {len(want)} right."]
    for item in extra:
        parts.append(f"{item!r} does not belong: {sp.get('extra', {}).get(item, sp['hint_extra'])}")
    if missing:
        hint = sp.get("missing", {}).get(missing[0], sp["hint"])
        parts.append(f"{len(missing)} still missing. Hint: {hint}")
    return False, " ".join(parts)


def _offsets(answer: Any, sp: dict) -> tuple[bool, str]:
    if isinstance(answer, (str, bytes)) or not isinstance(answer, (list, tuple)) or len(answer) != 2 \
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in answer):
        return False, f"I expected {sp['expects']}, but your answer is {_describe(answer)}."
    (start, end, _), = expected_spans(sp["id"])
    if tuple(answer) == (start, end):
        return True, sp.get("right", "Those are the offsets.")
    text = _article().text
    s, e = answer
    if not 0 <= s < e <= len(text):
        return False, f"({s}, {e}) is not a range inside the article (0 to {len(text)}, start before end). {sp['hint']}"
    covered = text[s:e]
    if s <= start and end <= e:
        return False, f"Your offsets cover {covered!r}: the phrase and a little more. {sp['hint_wide']}"
    return False, f"Your offsets cover {covered!r}. {sp['hint']}"


def _article_doc(vocab):
    import spacy

    return spacy.blank("it", vocab=vocab).make_doc(_article().text)


def _matcher(answer: Any, sp: dict) -> tuple[bool, str]:
    from spacy.matcher import Matcher, PhraseMatcher

    if not isinstance(answer, (Matcher, PhraseMatcher)):
        return False, f"I expected {sp['expects']}, but your answer is {_describe(answer)}."
    if len(answer) == 0:
        return False, "Your matcher has no patterns yet. Did you call matcher.add(...) with your pattern?"
    doc = _article_doc(answer.vocab)
    try:
        matches = answer(doc)
    except ValueError as err:
        return False, _unset_attribute(err) or (
            f"Your matcher could not run on the article ({err}). I expected {sp['expects']}.")
    found = {(doc[s:e].start_char, doc[s:e].end_char) for _, s, e in matches}
    want = {(s, e) for s, e, _ in expected_spans(sp["id"])}
    if found == want:
        return True, sp.get("right", f"Your matcher finds all {len(want)} and nothing else.")
    text = _article().text
    parts = [f"Your matcher finds {len(found & want)} of the {len(want)} we are after."]
    extra = sorted(found - want)
    if extra:
        shown = ", ".join(f"{text[s:e]!r} ({_where(s)})" for s, e in extra[:3])
        parts.append(f"It also finds {shown}{' …' if len(extra) > 3 else ''}: {sp['hint_extra']}")
    missing = sorted(want - found)
    if missing:
        places = ", ".join(sorted({_where(s) for s, _ in missing}))
        parts.append(f"Still missing: {len(missing)} (look in {places}). Hint: {sp['hint']}")
    return False, " ".join(parts)


def _unset_attribute(err: Exception) -> str:
    """A tutor's message for spaCy's E155 (a pattern on LEMMA, POS ... of a bare tokenizer), else ""."""
    found = re.search(r"\[E155\].*attribute (\w+)", str(err))
    if not found:
        return ""
    return (f"Your pattern uses {found.group(1)}, which the check's plain Italian tokenizer "
            "(spacy.blank('it')) does not fill in. Use LOWER, ORTH or a REGEX on LOWER instead.")


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
        return False, f"I expected {sp['expects']}, but your answer is {_describe(answer)}."
    if not given:
        return False, "No spans yet. Add them with store.add(start, end, label) — article.find gives the offsets."
    text = _article().text
    want = set(expected_spans(sp["id"]))
    right = given & want
    parts = [f"{len(right)} of {len(want)} spans are right."]
    for s, e, label in sorted(want - given):
        near = [g for g in given if g[0] < e and s < g[1]]
        if any((g[0], g[1]) == (s, e) for g in near):
            other = next(g[2] for g in near if (g[0], g[1]) == (s, e))
            parts.append(f"You tagged {text[s:e]!r} as {other}; which label fits it better? {sp['hint_label']}")
        elif near:
            g = near[0]
            parts.append(f"Close: your span {text[g[0]:g[1]]!r} overlaps a span we expect but does not cover the same words. {sp['hint_edges']}")
        else:
            parts.append(f"Something in {_where(s)} is still untagged. Hint: {sp['hint']}")
    extra = sorted(given - want)
    # a wrong span beside a missing one was named above; any other extra span is one too many
    named = {g for s, e, _ in want - given for g in given if g[0] < e and s < g[1]}
    for s, e, label in [g for g in extra if g not in named][:2]:
        parts.append(f"{text[s:e]!r} ({label}) is a false alarm: {sp['hint_extra']}")
    if not (want - given) and not extra:
        return True, sp.get("right", f"All {len(want)} spans are right, and no false alarms.")
    return False, " ".join(parts)


def _entry(answer: Any, sp: dict) -> tuple[bool, str]:
    import spacy

    from . import taxonomy

    if not isinstance(answer, dict) or not {"label", "pattern"} <= set(answer):
        return False, f"I expected {sp['expects']}, but your answer is {_describe(answer)}."
    if answer["label"] not in taxonomy.load().ids():
        return False, f"{answer['label']!r} is not a label of the kit. {sp['hint_label']}"
    if sp.get("label") and answer["label"] != sp["label"]:
        return False, f"The label {answer['label']!r} is a real one, but not the best here. {sp['hint_label']}"
    nlp = spacy.blank("it")
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": "check"})
    try:
        ruler.add_patterns([{k: answer[k] for k in ("label", "pattern", "id") if k in answer}])
    except Exception:
        return False, ("spaCy could not read your pattern. A pattern is a phrase (text) or a list of "
                       'token dicts such as [{"LOWER": "guerra"}].')
    try:
        nlp(sp["must_match"][0][0])
    except ValueError as err:
        if _unset_attribute(err):
            return False, _unset_attribute(err)
        raise
    parts, ok = [], True
    for sentence, needle in sp["must_match"]:
        doc = nlp(sentence)
        found = [s.text for s in doc.spans["check"]]
        if needle not in found:
            ok = False
            parts.append(f"It does not find {needle!r} in {sentence!r}.")
    for sentence in sp["must_not_match"]:
        doc = nlp(sentence)
        found = [s.text for s in doc.spans["check"]]
        if found:
            ok = False
            parts.append(f"It wrongly finds {found[0]!r} in {sentence!r}. {sp['hint_extra']}")
    if ok:
        return True, sp.get("right", "Your entry finds what it should and nothing else.")
    return False, " ".join(parts + [f"Hint: {sp['hint']}"])


def _article_built(answer: Any, sp: dict) -> tuple[bool, str]:
    from . import bundles, structure

    if not isinstance(answer, structure.Article):
        return False, f"I expected {sp['expects']}, but your answer is {_describe(answer)}."
    if answer.id == bundles.SEED_ID:
        return False, "That is the kit's own article. Build one from your text with article.from_text(text, 'my_article')."
    needs = []
    if answer.headline is None:
        needs.append("a headline (a first line of its own, without a full stop)")
    if len(answer.paragraphs) < sp["min_paragraphs"]:
        needs.append(f"at least {sp['min_paragraphs']} paragraphs (separate them by an empty line)")
    if needs:
        return False, f"Your article has {len(answer.paragraphs)} paragraph(s); it still needs " + " and ".join(needs) + "."
    return True, f"Your article has a headline and {len(answer.paragraphs)} paragraphs."


def _sorter(answer: Any, sp: dict) -> tuple[bool, str]:
    placement = getattr(answer, "placement", None)
    if not isinstance(placement, dict):
        return False, f"I expected {sp['expects']}, but your answer is {_describe(answer)}."
    texts = {s.get("id"): s.get("text", "") for s in getattr(answer, "statements", []) if isinstance(s, dict)}
    given = {k for k, v in placement.items() if v == sp["bucket"]}
    want = set(sp["answer"])
    if given == want:
        return True, sp["right"]
    if not placement:
        return False, f"Nothing is sorted yet. Set sorter.placement to a dict: statement id -> bucket id, e.g. {{'legitimacy': '{sp['bucket']}'}}."
    parts = [f"{len(given & want)} of the {len(want)} statements are in {sp['bucket']!r}."]
    for sid in sorted(given - want)[:3]:
        parts.append(f"“{texts.get(sid, sid)}”: {sp['hint_extra']}")
    if want - given:
        parts.append(f"{len(want - given)} still missing. Hint: {sp['hint']}")
    return False, " ".join(parts)


_KINDS: dict[str, Callable[[Any, dict], tuple[bool, str]]] = {
    "value": _value,
    "ids": _ids,
    "offsets": _offsets,
    "matcher": _matcher,
    "spans": _spans,
    "entry": _entry,
    "article": _article_built,
    "sorter": _sorter,
}


def register(kind: str, function: Callable[[Any, dict], tuple[bool, str]]) -> None:
    """Add a kind of check (used for exercises on widgets and analyses)."""
    _KINDS[kind] = function


def _feedback(exercise_id: str, answer: Any) -> Feedback:
    specs = _specs()
    if exercise_id not in specs:
        return Feedback(str(exercise_id), False,
                        f"There is no exercise {exercise_id!r}. Ids look like '2.1': lesson 2, exercise 1.")
    if _unanswered(answer):
        return Feedback(exercise_id, False,
                        "Not answered yet. Write your answer in place of the line that raises "
                        "NotImplementedError, run that cell, then run this check again.")
    sp = dict(specs[exercise_id], id=exercise_id)
    try:
        passed, said = _KINDS[sp["kind"]](answer, sp)
    except Exception as exc:
        return Feedback(exercise_id, False,
                        f"I could not read your answer ({type(exc).__name__}). I expected {sp['expects']}.")
    if passed:
        return Feedback(exercise_id, True, f"{said} {sp['praise']} Next: {sp['next']}")
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
