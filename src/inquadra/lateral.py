"""Lateral reading, offline: mock search results and source cards.

Fact-checkers judge a text by leaving it: they search for who is behind the
site, the outlet and the sources it names. School machines are often offline,
so the kit bundles a small, invented search index (``data/lateral/search.json``)
and one card per source (``data/lateral/sources.json``). Every result is an
invented imitation and is shown as such; the facts on the cards are only those
of the kit's background notes, and the copycat site is invented outright.

``search("Notizie dal Mondo 24")`` returns the results whose keywords share
words with the query, best first; ``card("cnn")`` returns a source card;
``results_html`` and ``card_html`` render them, escaped.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from . import i18n
from .i18n import get_language, t
from .render import Html

__all__ = [
    "LateralError",
    "SourceCard",
    "SearchResult",
    "cards",
    "card",
    "results",
    "search",
    "card_html",
    "results_html",
    "parse_cards",
    "parse_results",
]

_CARD_TEXT = ("name", "kind", "behind", "publishes", "check")
_RESULT_TEXT = ("title", "snippet")


class LateralError(ValueError):
    """A lateral-reading data file is wrong; the message names the record and the fix."""


@dataclass(frozen=True)
class SourceCard:
    """Who is behind a source, what it publishes and how to check it (en and it)."""

    id: str
    name: dict
    kind: dict
    behind: dict
    publishes: dict
    check: dict
    invented: bool


@dataclass(frozen=True)
class SearchResult:
    """One invented search result: title, address, snippet and the card it leads to."""

    id: str
    keywords: tuple[str, ...]
    card: str
    title: dict
    address: str
    snippet: dict


def _bilingual(rec: dict, key: str, where: str) -> dict:
    return i18n.texts(rec.get(key), f"{where}: {key!r}", LateralError)


def _records(content: str, name: str) -> list:
    try:
        raw = json.loads(content)
    except json.JSONDecodeError as exc:
        raise LateralError(f"{name} line {exc.lineno}: not valid JSON ({exc.msg}).") from None
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
        raise LateralError(f"{name}: expected a JSON list of objects.")
    ids = [r.get("id") for r in raw]
    twice = sorted({i for i in ids if ids.count(i) > 1 and isinstance(i, str)})
    if twice:
        raise LateralError(f"{name}: id(s) {', '.join(twice)} used more than once.")
    return raw


def parse_cards(content: str, name: str = "sources.json") -> tuple[SourceCard, ...]:
    """Read and check source cards from JSON text."""
    out = []
    for number, rec in enumerate(_records(content, name), start=1):
        where = f"{name} card {number}"
        if not isinstance(rec.get("id"), str) or not rec["id"]:
            raise LateralError(f"{where}: 'id' must be a non-empty text.")
        if not isinstance(rec.get("invented"), bool):
            raise LateralError(f"{where} ({rec['id']}): 'invented' must be true or false.")
        texts = {k: _bilingual(rec, k, f"{where} ({rec['id']})") for k in _CARD_TEXT}
        out.append(SourceCard(rec["id"], invented=rec["invented"], **texts))
    return tuple(out)


def parse_results(content: str, known_cards, name: str = "search.json") -> tuple[SearchResult, ...]:
    """Read and check search results from JSON text; each must lead to a known card."""
    known = set(known_cards)
    out = []
    for number, rec in enumerate(_records(content, name), start=1):
        where = f"{name} result {number}"
        rid = rec.get("id")
        if not isinstance(rid, str) or not rid:
            raise LateralError(f"{where}: 'id' must be a non-empty text.")
        words = rec.get("keywords")
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
            raise LateralError(f"{where} ({rid}): 'keywords' must be a non-empty list of words.")
        if rec.get("card") not in known:
            raise LateralError(f"{where} ({rid}): unknown card {rec.get('card')!r}; "
                               f"known cards: {', '.join(sorted(known))}.")
        address = rec.get("address")
        if not isinstance(address, str) or not address.split("/")[0].endswith(".example"):
            raise LateralError(f"{where} ({rid}): 'address' must be an invented '.example' address, "
                               "so that no result imitates a real one.")
        texts = {k: _bilingual(rec, k, f"{where} ({rid})") for k in _RESULT_TEXT}
        out.append(SearchResult(rid, tuple(_words(" ".join(words))), rec["card"],
                                address=rec["address"], **texts))
    return tuple(out)


def _read(name: str) -> str:
    return (resources.files("inquadra") / "data" / "lateral" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def cards() -> tuple[SourceCard, ...]:
    """The bundled source cards, in file order."""
    return parse_cards(_read("sources.json"))


@lru_cache(maxsize=1)
def results() -> tuple[SearchResult, ...]:
    """Every bundled search result, in file order."""
    return parse_results(_read("search.json"), [c.id for c in cards()])


def card(card_id: str) -> SourceCard:
    """One source card by id; the error lists the known ids."""
    for c in cards():
        if c.id == card_id:
            return c
    raise LateralError(f"No source card {card_id!r}. Known cards: {', '.join(c.id for c in cards())}.")


def _words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return re.findall(r"\w+", plain)


def search(query: str) -> tuple[SearchResult, ...]:
    """The results that share words with ``query``, most shared words first (then file order)."""
    if not isinstance(query, str):
        raise LateralError(f"Expected the search as text, got {type(query).__name__}.")
    asked = set(_words(query))
    scored = [(len(asked & set(r.keywords)), i, r) for i, r in enumerate(results())]
    return tuple(r for n, _, r in sorted(scored, key=lambda x: (-x[0], x[1])) if n > 0)


def _e(value) -> str:
    return html.escape(str(value), quote=True)


_BANNER = ('<div style="font-size:0.85em;color:#6b4500;background:#fff4dc;padding:0.2em 0.5em;'
           'border-radius:3px">{}</div>')


def results_html(found, query: str = "", lang: str | None = None) -> Html:
    """The results as an escaped list, under a banner saying they are invented."""
    lang = lang or get_language()
    banner = _BANNER.format(_e(t("lateral.invented_results", lang)))
    if not found:
        body = f"<p>{_e(t('lateral.no_results', lang, query=query))}</p>"
        text = t("lateral.no_results", lang, query=query)
    else:
        body = "".join(
            f'<li><strong>{_e(r.title[lang])}</strong><br>'
            f'<span style="color:#1a6b3c;font-family:monospace">{_e(r.address)}</span><br>'
            f"{_e(r.snippet[lang])}</li>" for r in found)
        body = f'<ol class="inquadra-results">{body}</ol>'
        text = "\n".join(f"{n}. {r.title[lang]} — {r.address}" for n, r in enumerate(found, 1))
    return Html(f'<div class="inquadra-lateral">{banner}{body}</div>', text)


def card_html(source: SourceCard, lang: str | None = None) -> Html:
    """A source card as escaped HTML, marked as invented where it is."""
    lang = lang or get_language()
    rows = [(t("lateral.card.kind", lang), source.kind[lang]), (t("lateral.card.behind", lang), source.behind[lang]),
            (t("lateral.card.publishes", lang), source.publishes[lang]), (t("lateral.card.check", lang), source.check[lang])]
    note = t("lateral.card.invented", lang) if source.invented else t("lateral.card.facts", lang)
    body = "".join(f"<dt><strong>{_e(k)}</strong></dt><dd>{_e(v)}</dd>" for k, v in rows)
    html_ = (f'<div class="inquadra-card" style="border:1px solid #ccc;padding:0.5em 1em;margin:0.3em 0">'
             f"<h4>{_e(source.name[lang])}</h4>{_BANNER.format(_e(note))}<dl>{body}</dl></div>")
    text = "\n".join([source.name[lang], note] + [f"{k}: {v}" for k, v in rows])
    return Html(html_, text)
