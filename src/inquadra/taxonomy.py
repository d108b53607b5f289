"""The label taxonomy: the kit's own labels, SemEval-2023 techniques and frames.

Everything is data in ``data/taxonomy.json``; this module only loads and
checks it. Label ids keep SemEval's exact spelling so exports stay compatible.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .errors import InquadraError
from .i18n import localise, texts

__all__ = ["Label", "Group", "Taxonomy", "TaxonomyError", "load", "display"]


class TaxonomyError(InquadraError):
    """A label or label set is unknown or the taxonomy file is inconsistent."""


@dataclass(frozen=True)
class Group:
    id: str
    scheme: str
    name: dict[str, str]


@dataclass(frozen=True)
class Label:
    """One label: id, scheme (kit | technique | frame), group, texts, colour, key."""

    id: str
    scheme: str
    group: str | None
    short: str
    name: dict[str, str]
    definition: dict[str, str]
    colour: str
    key: str

    def text(self, field: str, language: str = "en") -> str:
        return localise(getattr(self, field), language)


@dataclass(frozen=True)
class Taxonomy:
    schemes: dict[str, dict[str, str]]
    groups: tuple[Group, ...]
    labels: tuple[Label, ...]
    sets: dict[str, tuple[str, ...]]

    def label(self, label_id: str) -> Label:
        """The label with this id; a clear error lists close alternatives."""
        for lab in self.labels:
            if lab.id == label_id:
                return lab
        close = [lab.id for lab in self.labels if label_id.lower()[:4] in lab.id.lower()]
        low = label_id.lower()
        close.sort(key=lambda i: (low not in i.lower(),
                                  -difflib.SequenceMatcher(None, low, i.lower()).ratio()))
        close = close or difflib.get_close_matches(label_id, self.ids(), n=3, cutoff=0.6)
        hint = f" Did you mean {', '.join(close[:3])}?" if close else ""
        raise TaxonomyError(f"Unknown label {label_id!r}.{hint} See inquadra/data/taxonomy.json.")

    def ids(self, scheme: str | None = None) -> tuple[str, ...]:
        return tuple(lab.id for lab in self.labels if scheme is None or lab.scheme == scheme)

    def in_scheme(self, scheme: str) -> tuple[Label, ...]:
        if scheme not in self.schemes:
            raise TaxonomyError(f"Unknown scheme {scheme!r}; known: {', '.join(self.schemes)}.")
        return tuple(lab for lab in self.labels if lab.scheme == scheme)

    def select(self, labels: str | list[str] | tuple[str, ...]) -> tuple[Label, ...]:
        """Labels for a widget: a named set (``"lesson06"``), a scheme, or a list of ids."""
        if isinstance(labels, str):
            if labels in self.sets:
                return tuple(self.label(i) for i in self.sets[labels])
            if labels in self.schemes:
                return self.in_scheme(labels)
            raise TaxonomyError(
                f"Unknown label set {labels!r}. Use one of {', '.join(self.sets)}, "
                f"a scheme ({', '.join(self.schemes)}) or a list of label ids."
            )
        return tuple(self.label(i) for i in labels)


def _check(tax: Taxonomy) -> None:
    seen: set[str] = set()
    group_ids = {g.id for g in tax.groups}
    for lab in tax.labels:
        if lab.id in seen:
            raise TaxonomyError(f"taxonomy.json: label {lab.id!r} is defined twice.")
        seen.add(lab.id)
        if lab.scheme not in tax.schemes:
            raise TaxonomyError(f"taxonomy.json: label {lab.id!r} has unknown scheme {lab.scheme!r}.")
        if lab.group is not None and lab.group not in group_ids:
            raise TaxonomyError(f"taxonomy.json: label {lab.id!r} has unknown group {lab.group!r}.")
        for field in ("name", "definition"):
            texts(getattr(lab, field), f"taxonomy.json: label {lab.id!r} {field}", TaxonomyError)
    for scheme in tax.schemes:
        keys = [lab.key for lab in tax.labels if lab.scheme == scheme]
        if len(keys) != len(set(keys)):
            raise TaxonomyError(f"taxonomy.json: two labels of scheme {scheme!r} share a key.")
    for name, ids in tax.sets.items():
        for i in ids:
            if i not in seen:
                raise TaxonomyError(f"taxonomy.json: set {name!r} names unknown label {i!r}.")


@lru_cache(maxsize=1)
def load() -> Taxonomy:
    """Load and check ``data/taxonomy.json`` (cached)."""
    raw = json.loads(
        (resources.files("inquadra") / "data" / "taxonomy.json").read_text(encoding="utf-8")
    )
    tax = Taxonomy(
        schemes=raw["schemes"],
        groups=tuple(Group(g["id"], g["scheme"], g["name"]) for g in raw["groups"]),
        labels=tuple(
            Label(
                id=lab["id"],
                scheme=lab["scheme"],
                group=lab.get("group"),
                short=lab["short"],
                name=lab["name"],
                definition=lab["definition"],
                colour=lab["colour"],
                key=lab["key"],
            )
            for lab in raw["labels"]
        ),
        sets={k: tuple(v) for k, v in raw.get("sets", {}).items()},
    )
    _check(tax)
    return tax


def display(label_id: str, language: str | None = None) -> str:
    """How tables and charts show a label: its short name and its name in the current (or given)
    language, e.g. ``"SEC · Security and defence"``; the internal id stays in files and exports.

    An id that is not in the taxonomy (an artifact kind such as ``fused_link_text``) is shown as it is.
    """
    from .i18n import get_language

    for lab in load().labels:
        if lab.id == label_id:
            name = lab.text("name", language or get_language())
            return f"{lab.short} · {name}" if lab.short and lab.short != name else name
    return label_id
