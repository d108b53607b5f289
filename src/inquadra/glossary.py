"""The kit's glossary: every term the lessons use, in English and Italian.

Terms live in ``data/glossary.jsonl``, one ``{"id", "term": {en, it},
"definition": {en, it}}`` a line. ``markdown()`` renders the page kept in
``docs/glossary.md`` (``write_markdown(path)`` rewrites it; a test keeps the two
equal), and ``table(ids)`` shows some terms in a notebook.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from . import i18n, render
from .errors import InquadraError

__all__ = ["GlossaryError", "Term", "load", "parse", "term", "markdown", "write_markdown", "table"]



class GlossaryError(InquadraError):
    """The glossary file is wrong, or a term is unknown; the message says which and how to fix it."""


@dataclass(frozen=True)
class Term:
    """One glossary entry: a stable id, the term and its definition in each language."""

    id: str
    term: dict
    definition: dict


def parse(content: str, name: str = "glossary.jsonl") -> tuple[Term, ...]:
    """Read and check glossary lines (JSON objects, one a line; blank lines ignored)."""
    out: list[Term] = []
    seen: set[str] = set()
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name} line {number}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GlossaryError(f"{where}: not valid JSON ({exc.msg}).") from None
        if not isinstance(rec, dict) or not isinstance(rec.get("id"), str) or not rec["id"]:
            raise GlossaryError(f'{where}: expected an object with an "id".')
        for key in ("term", "definition"):
            i18n.texts(rec.get(key), f'{where} ({rec["id"]}): "{key}"', GlossaryError)
        if rec["id"] in seen:
            raise GlossaryError(f'{where}: id {rec["id"]!r} is used twice.')
        seen.add(rec["id"])
        out.append(Term(rec["id"], i18n.texts(rec["term"], where, GlossaryError),
                        i18n.texts(rec["definition"], where, GlossaryError)))
    return tuple(out)


@lru_cache(maxsize=1)
def load() -> tuple[Term, ...]:
    """The bundled glossary, in file order."""
    return parse((resources.files("inquadra") / "data" / "glossary.jsonl").read_text(encoding="utf-8"))


def term(term_id: str) -> Term:
    """One term by id; the error lists the known ids."""
    for entry in load():
        if entry.id == term_id:
            return entry
    raise GlossaryError(f"No glossary term {term_id!r}. Known terms: {', '.join(t.id for t in load())}.")


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(terms: tuple[Term, ...] | None = None) -> str:
    """The glossary page: a bilingual table sorted by the English term, with anchors."""
    terms = load() if terms is None else terms
    lines = [
        "# Glossary — Glossario",
        "",
        "The terms the lessons use, in English and Italian. Generated from",
        "`src/inquadra/data/glossary.jsonl`; edit that file, not this page.",
        "",
        "*I termini usati nelle lezioni, in inglese e in italiano.*",
        "",
        "| English | Italiano | Definition | Definizione |",
        "|---|---|---|---|",
    ]
    for entry in sorted(terms, key=lambda e: e.term["en"].casefold()):
        lines.append(
            f'| <a id="{entry.id}"></a>**{_md(entry.term["en"])}** | **{_md(entry.term["it"])}** '
            f'| {_md(entry.definition["en"])} | {_md(entry.definition["it"])} |'
        )
    return "\n".join(lines) + "\n"


def write_markdown(path: Path) -> Path:
    """Write the glossary page to ``path`` (through a temporary file, so it is never half-written)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(markdown(), encoding="utf-8")
    tmp.replace(path)
    return path


def table(ids, lang: str = "en") -> render.Table:
    """Some terms as an escaped table (term, the other language's term, definition)."""
    if lang not in i18n.LANGUAGES:
        raise GlossaryError(f"Unknown language {lang!r}: use one of {', '.join(i18n.LANGUAGES)}.")
    other = i18n.other_language(lang)
    rows = [(term(i).term[lang], term(i).term[other], term(i).definition[lang]) for i in ids]
    heads = tuple(i18n.t(f"glossary.head.{h}", lang) for h in ("term", "other", "meaning"))
    return render.table(rows, heads)
