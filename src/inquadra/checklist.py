"""A checklist for reading an analysis critically, driven by what the report found.

Each item points at something in *this* report a learner should check by reading the
text: quotations whose speaker the kit did not recognise, speakers it inferred, no
name for the war, terms typical of one side, suspected translation damage, a text
split at its line breaks. The wording is data (``data/strings/checklist.json``), in
English and Italian.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from . import i18n

__all__ = ["CheckItem", "checklist"]


@dataclass(frozen=True)
class CheckItem:
    """One thing to check, with the places in the text it concerns."""

    id: str
    text: str
    count: int
    examples: tuple[str, ...]  # short excerpts of the places concerned


def _excerpt(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def checklist(result, language: str | None = None, *, framing_entries=None,
              examples: int = 3) -> tuple[CheckItem, ...]:
    """The checks an Analysis calls for, most important first.

    Args:
        result (Analysis): what :func:`inquadra.analysis.analyze` returned.
        language (str | None): "en" or "it"; default the kit's language.
        framing_entries: the framing lexicon's entries (for who uses each term);
            default the bundled lexicon.
        examples (int): how many excerpts each item shows.
    Returns:
        tuple[CheckItem, ...]: the items; an empty report still gets the items that
        say so (no actors, no quotations, no name for the war).
    """
    from . import pipeline

    def item(key: str, found, **values) -> CheckItem:
        found = list(found)
        return CheckItem(key, i18n.t(f"checklist.{key}", language, count=len(found), **values),
                         len(found), tuple(_excerpt(x) for x in found[:examples]))

    out: list[CheckItem] = []
    if result.paragraph_breaks == "line":
        out.append(item("line_breaks", []))
    unrecognised = [q.text for q in result.quotations if q.source == "unrecognised"]
    if unrecognised:
        out.append(item("unrecognised", unrecognised))
    unattributed = [q.text for q in result.quotations if q.source == "unattributed"]
    if unattributed:
        out.append(item("unattributed", unattributed))
    inferred = [q.text for q in result.quotations if q.inferred]
    if inferred:
        out.append(item("inferred", inferred))
    if not result.quotations:
        out.append(item("no_quotations", []))
    if not result.actors:
        out.append(item("no_actors", []))
    else:
        once = [a.name for a in result.actors if a.count == 1 and a.kind == "person"]
        if once:
            out.append(item("named_once", once))
    entries = {e.id: e for e in (framing_entries or pipeline.framing_entries())}
    war = [f for f in result.framing if f.label == "Naming_Choice"]
    if not war:
        out.append(item("no_war_name", []))
    else:
        users = Counter((f.text.lower(), i18n.localise(entries[f.id].used_by, language))
                        for f in war if f.id in entries and entries[f.id].used_by)
        for (term, used_by), n in users.most_common(examples):
            out.append(CheckItem("war_name_user", i18n.t("checklist.war_name_user", language,
                                                          term=term, used_by=used_by, count=n),
                                 n, (term,)))
    if result.artifacts:
        out.append(item("damage", [a.text for a in result.artifacts]))
    voices = Counter(v.voice for v in result.voices)
    if voices.get("journalist", 0) == len(result.voices) and result.quotations:
        out.append(item("all_journalist", []))
    return tuple(out)
