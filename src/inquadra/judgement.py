"""Exercises that need judgement: a claim, backed by words quoted from the text.

A judgement exercise asks the learner to decide (``"claim"``: one of a few
named claims) and to argue from evidence (``"evidence"``: one or more short
quotations copied from the article). The check, registered in
:mod:`inquadra.checks` as the kind ``"argument"``, accepts the answer only when
the claim is right *and* at least one quotation is real (found in the
article), short (one sentence, at most :data:`MAX_WORDS` words) and bears on
the claim (it holds one of the cues the exercise data lists for it). So a right
guess without evidence does not pass, good evidence for the wrong claim does
not pass, and pasting a whole paragraph does not pass.

The spec in ``data/checks.json`` (every text a ``{"en": ..., "it": ...}`` dict;
the check receives them in the current language)::

    {"kind": "argument", "article": "<bundle id, optional>",
     "claims": {"id": <what the claim says>, ...}, "answer": "id",
     "cues": ["words that bear on it", ...], "wrong": {"id": <why not>},
     "expects", "hint", "right", "praise", "next"}

The messages come from ``data/strings/judgement.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .i18n import t

__all__ = ["MAX_WORDS", "Quote", "read_quotes", "argument"]

MAX_WORDS = 15
"""The longest quotation that counts as evidence (a phrase, not a paragraph)."""

_APOSTROPHES = str.maketrans({"'": "’", "`": "’", '"': "“"})


def _norm(text: str) -> str:
    text = text.translate(_APOSTROPHES).replace("”", "“").replace("«", "“").replace("»", "“")
    return re.sub(r"\s+", " ", text).strip().casefold()


@dataclass(frozen=True)
class Quote:
    """One quotation given as evidence, and what the check found out about it."""

    text: str
    found: bool
    sentence_id: str
    words: int
    bears: bool


def read_quotes(evidence: Any, art, cues) -> tuple[Quote, ...]:
    """Look each quotation up in the article (apostrophes and quote marks normalised)."""
    quotes = [evidence] if isinstance(evidence, str) else list(evidence or ())
    text = _norm(art.text)
    wanted = [_norm(c) for c in cues]
    out = []
    for q in quotes:
        if not isinstance(q, str):
            raise TypeError("evidence must be text")
        nq = _norm(q)
        at = text.find(nq) if nq else -1
        sentence_id = ""
        if at >= 0:
            # Map the normalised offset back: normalisation keeps length except for runs of spaces,
            # so look the sentence up by searching each sentence's own normalised text.
            for s in art.sentences:
                if nq in _norm(s.text):
                    sentence_id = s.id
                    break
        n_words = len(re.findall(r"\w+", nq))
        bears = bool(sentence_id) and any(c in nq for c in wanted)
        out.append(Quote(q, at >= 0, sentence_id, n_words, bears))
    return tuple(out)


def argument(answer: Any, sp: dict) -> tuple[bool, str]:
    """The check of a judgement exercise (see the module docstring)."""
    from . import bundles

    claims = sp["claims"]
    if not isinstance(answer, dict) or "claim" not in answer:
        example = {"claim": next(iter(claims)), "evidence": [t("judgement.example_words")]}
        return False, t("judgement.shape", expects=sp["expects"], example=repr(example))
    claim = answer.get("claim")
    if claim not in claims:
        return False, t("judgement.unknown_claim", claim=repr(claim), claims=", ".join(claims))
    art = bundles.load(sp["article"]).article if sp.get("article") else bundles.current().article
    quotes = read_quotes(answer.get("evidence"), art, sp["cues"])
    if claim != sp["answer"]:
        why = sp.get("wrong", {}).get(claim, sp["hint"])
        return False, t("judgement.wrong_claim", text=claims[claim], why=why)
    if not quotes:
        return False, t("judgement.no_evidence")
    missing = [q.text for q in quotes if not q.found]
    if missing:
        return False, t("judgement.not_found", quote=missing[0])
    long = [q for q in quotes if q.words > MAX_WORDS or not q.sentence_id]
    if long:
        return False, t("judgement.too_long", start=long[0].text[:40], max_words=MAX_WORDS)
    if not any(q.bears for q in quotes):
        where = ", ".join(q.sentence_id for q in quotes)
        return False, t("judgement.off_point", where=where, hint=sp["hint"])
    used = ", ".join(sorted({q.sentence_id for q in quotes if q.bears}))
    return True, t("judgement.right", right=sp["right"], used=used)
