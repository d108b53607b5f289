"""The forms of the reporting verbs, generated from their infinitives.

Each verb of ``data/lexicons/reporting_verbs.jsonl`` (kind ``verb``) gives its
infinitive, an irregular past participle where there is one, and irregular
finite forms. :func:`verb_forms` conjugates the rest by the regular Italian
patterns of the third person (present, imperfect, simple past), the gerund and
the participle, which are the forms news reports use ("dichiara", "affermava",
"disse", "aggiungendo", "ha precisato"). The infinitive itself is a form of kind
``infinitive``: the attribution component takes it only after a verb such as
"volere" or "tenere a" ("ha voluto sottolineare", "ha tenuto a precisare").

A table of forms was chosen over a lemmatiser (such as simplemma): the kit
matches the forms with spaCy's PhraseMatcher in one pass, needs no new package,
and a form that is also a common noun ("accusa", "denuncia", "replica") is
handled by a rule in the attribution component instead of being lemmatised.

A verb that reports speech only in its participle ("ha attaccato", "ha notato";
"attacca" alone is as often a military attack) gives its present forms as
``after_quote``: the attribution component takes them only right after a
quotation ("«…», attacca la capogruppo").
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["VerbForm", "verb_forms", "AUXILIARIES"]

#: Auxiliaries of the compound tenses ("ha detto", "avrebbe dichiarato").
AUXILIARIES = frozenset({"ha", "hanno", "aveva", "avevano", "avrebbe", "avrebbero", "abbia",
                         "abbiano", "avesse", "avessero", "aver", "avere", "avendo", "avrà",
                         "ebbe", "l’ha", "l'ha"})


@dataclass(frozen=True)
class VerbForm:
    """One form of a reporting verb."""

    form: str
    verb: str  # the verb's id
    kind: str  # "finite" | "participle" | "gerund" | "after_quote" | "infinitive"


def _regular(infinitive: str, isc: bool) -> tuple[list[str], str, str]:
    """(finite forms, participle, gerund) of a regular verb."""
    stem, ending = infinitive[:-3], infinitive[-3:]
    if ending == "are":
        hard = stem + "h" if stem.endswith(("c", "g")) else stem
        return ([stem + "a", stem + "ano", stem + "ava", stem + "avano", stem + "ò",
                 stem + "arono", hard + "erà"], stem + "ato", stem + "ando")
    if ending == "ere":
        return ([stem + "e", stem + "ono", stem + "eva", stem + "evano", stem + "erà"],
                stem + "uto", stem + "endo")
    present = [stem + "isce", stem + "iscono"] if isc else [stem + "e", stem + "ono"]
    return (present + [stem + "iva", stem + "ivano", stem + "ì", stem + "irono", stem + "irà"],
            stem + "ito", stem + "endo")


def verb_forms(records) -> list[VerbForm]:
    """Every form of the verb records (dicts with ``pattern`` = infinitive, ``id``,
    optional ``participle``, ``forms``, ``isc``, ``participle_only``)."""
    out: dict[str, VerbForm] = {}
    for rec in records:
        infinitive, verb = rec["pattern"], rec["id"]
        finite, participle, gerund = _regular(infinitive, bool(rec.get("isc")))
        if infinitive == "dire":
            finite, gerund = [], "dicendo"
        participle = rec.get("participle", participle)
        forms = [] if rec.get("participle_only") else finite + list(rec.get("forms", ()))
        for form in forms:
            out.setdefault(form, VerbForm(form, verb, "finite"))
        if rec.get("participle_only"):
            for form in finite[:2] + list(rec.get("forms", ())):  # the present
                out.setdefault(form, VerbForm(form, verb, "after_quote"))
        out.setdefault(participle, VerbForm(participle, verb, "participle"))
        if participle.endswith("o"):  # agreeing with an object before it: "l'ha definita"
            for ending in "aie":
                out.setdefault(participle[:-1] + ending, VerbForm(participle[:-1] + ending, verb,
                                                                  "participle"))
        if not rec.get("participle_only"):
            out.setdefault(gerund, VerbForm(gerund, verb, "gerund"))
    for rec in records:  # last: a form that is another verb's finite form keeps that kind
        out.setdefault(rec["pattern"], VerbForm(rec["pattern"], rec["id"], "infinitive"))
    return list(out.values())
