"""Kinds of exercise check on what the learner built, and the phrases every kind shares.

:func:`entry` checks a lexicon entry (a dict with ``label`` and ``pattern``) by
running it through a span ruler on the exercise's sentences; :func:`article_built`
an ``Article`` made from the learner's own text; :func:`sorter` a
``StatementSorter``'s placement. :func:`describe`, :func:`expected` and
:func:`unset_attribute` word what every kind says about an answer it cannot use.
Each kind takes ``(answer, spec)``, the spec's texts already in the current
language, and returns ``(passed, message)``; :mod:`inquadra.checks` registers them.
"""

from __future__ import annotations

import re
from typing import Any

from . import i18n
from .i18n import t

__all__ = ["describe", "expected", "unset_attribute", "entry", "article_built", "sorter"]


def describe(value: Any) -> str:
    """A short, address-free description of a value for a message."""
    kind = type(value).__name__
    try:
        text = repr(value)
    except Exception:
        return t("checks.describe.kind", kind=kind)
    if " at 0x" in text:
        return t("checks.describe.kind", kind=kind)
    if len(text) > 70:
        return t("checks.describe.long", kind=kind, text=text[:60])
    return t("checks.describe.value", kind=kind, text=text)


def expected(sp: dict, answer: Any) -> str:
    return t("checks.expected", expects=sp["expects"], given=describe(answer))


def unset_attribute(err: Exception) -> str:
    """A tutor's message for spaCy's E155 (a pattern on LEMMA, POS ... of a bare tokenizer), else ""."""
    found = re.search(r"\[E155\].*attribute (\w+)", str(err))
    if not found:
        return ""
    return t("checks.unset_attribute", attribute=found.group(1))


def entry(answer: Any, sp: dict) -> tuple[bool, str]:
    import spacy

    from . import taxonomy

    if not isinstance(answer, dict) or not {"label", "pattern"} <= set(answer):
        return False, expected(sp, answer)
    if answer["label"] not in taxonomy.load().ids():
        return False, t("checks.entry.not_label", label=repr(answer["label"]), hint=sp["hint_label"])
    if sp.get("label") and answer["label"] != sp["label"]:
        return False, t("checks.entry.not_best", label=repr(answer["label"]), hint=sp["hint_label"])
    nlp = spacy.blank("it")
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": "check"})
    try:
        ruler.add_patterns([{k: answer[k] for k in ("label", "pattern", "id") if k in answer}])
    except Exception:
        return False, t("checks.entry.unreadable", example='[{"LOWER": "guerra"}]')
    try:
        nlp(sp["must_match"][0][0])
    except ValueError as err:
        if unset_attribute(err):
            return False, unset_attribute(err)
        raise
    parts, ok = [], True
    for sentence, needle in sp["must_match"]:
        doc = nlp(sentence)
        found = [s.text for s in doc.spans["check"]]
        if needle not in found:
            ok = False
            parts.append(t("checks.entry.misses", needle=repr(needle), sentence=repr(sentence)))
    for sentence in sp["must_not_match"]:
        doc = nlp(sentence)
        found = [s.text for s in doc.spans["check"]]
        if found:
            ok = False
            parts.append(t("checks.entry.wrongly", found=repr(found[0]), sentence=repr(sentence),
                           hint=sp["hint_extra"]))
    if ok:
        return True, sp.get("right") or t("checks.entry.right")
    return False, " ".join(parts + [t("checks.hint", hint=sp["hint"])])


def article_built(answer: Any, sp: dict) -> tuple[bool, str]:
    from . import bundles, structure

    if not isinstance(answer, structure.Article):
        return False, expected(sp, answer)
    if answer.id == bundles.SEED_ID:
        return False, t("checks.article.seed")
    needs = []
    if answer.headline is None:
        needs.append(t("checks.article.needs_headline"))
    if len(answer.paragraphs) < sp["min_paragraphs"]:
        needs.append(t("checks.article.needs_paragraphs", count=sp["min_paragraphs"]))
    if needs:
        joined = needs[0] if len(needs) == 1 else t("checks.and", first=needs[0], second=needs[1])
        return False, t("checks.article.needs", count=len(answer.paragraphs), needs=joined)
    return True, t("checks.article.right", count=len(answer.paragraphs))


def sorter(answer: Any, sp: dict) -> tuple[bool, str]:
    placement = getattr(answer, "placement", None)
    if not isinstance(placement, dict):
        return False, expected(sp, answer)
    texts = {s.get("id"): i18n.localise(s.get("text", "")) for s in getattr(answer, "statements", [])
             if isinstance(s, dict)}
    given = {k for k, v in placement.items() if v == sp["bucket"]}
    want = set(sp["answer"])
    if given == want:
        return True, sp["right"]
    if not placement:
        return False, t("checks.sorter.empty", example=repr({"legitimacy": sp["bucket"]}))
    parts = [t("checks.sorter.score", right=len(given & want), total=len(want), bucket=_bucket(answer, sp["bucket"]))]
    for sid in sorted(given - want)[:3]:
        parts.append(t("checks.sorter.extra", text=texts.get(sid, sid), hint=sp["hint_extra"]))
    if want - given:
        parts.append(t("checks.still_missing", count=len(want - given), hint=sp["hint"]))
    return False, " ".join(parts)


def _bucket(answer: Any, bucket_id: str) -> str:
    """The bucket's name as the sorter shows it, else its id."""
    for b in getattr(answer, "buckets", None) or []:
        if isinstance(b, dict) and b.get("id") == bucket_id and b.get("name"):
            return f"“{i18n.localise(b['name'])}”"
    return repr(bucket_id)
