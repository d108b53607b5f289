"""The tables and short notes the lesson notebooks show, in the kit's current language.

A lesson's code cell is the same in every edition, so its headings and
messages cannot be written in the cell: each table here takes its headings
from ``data/strings/lessons.json`` (keys ``lessons.col.*``) and shows labels,
voices and kinds by their names in the current language, never by their ids.
Every function returns an escaped :class:`inquadra.render.Table` (or
:class:`inquadra.render.Html`); none prints.
"""

from __future__ import annotations

from . import render, taxonomy
from .escape import html as _e
from .i18n import get_language, localise, t

__all__ = [
    "actors_compared",
    "article_facts",
    "checklist",
    "concordance",
    "framing_terms",
    "frames",
    "key_fixes",
    "key_plain",
    "key_spans",
    "labels",
    "name_variants",
    "note",
    "personal_details",
    "quotations",
    "texts",
]


def _headings(*names: str) -> tuple[str, ...]:
    return tuple(t(f"lessons.col.{name}") for name in names)


def _other(language: str) -> str:
    """The language of the second name column: the article's Italian, or English in the Italian edition."""
    return "en" if language == "it" else "it"


def _voice(side: str | None) -> str:
    """A voice or side by its name (``kremlin`` → "Kremlin side"); an unknown one as it is."""
    if not side:
        side = "unattributed"
    try:
        return t(f"charts.side.{side}")
    except ValueError:
        return side


def article_facts(art=None, fields=("outlet", "original_title", "original_published", "translation_note")):
    """Where an article comes from: one row per field of its ``meta.json`` (lesson 01).

    Args:
        art (Article | None): the article (default: the current one).
        fields (tuple[str, ...]): meta fields, each named by ``lessons.field.<name>``.
    """
    from . import article as _article

    art = art or _article.load()
    rows = [(t(f"lessons.field.{name}"), localise(art.meta.get(name)) or "–") for name in fields]
    return render.table(rows, _headings("field", "value"))


def name_variants(article=None):
    """Lesson 02: each damaged spelling of a name, where it is and the corrected name."""
    from . import corrections

    rows = [(c.sentence_id, c.text, c.italian) for c in corrections.by_kind("name_variant", article)]
    return render.table(rows, _headings("sentence", "in_article", "corrected"))


def concordance(art, label: str, width: int = 30):
    """Lesson 03: every phrase with ``label`` in its context, with whose voice it is in."""
    from . import analysis

    rows = [(r.sentence_id, r.left, r.match, r.right, _voice(r.side))
            for r in analysis.concordance(art, label, width=width)]
    return render.table(rows, _headings("sentence", "before", "phrase", "after", "voice"))


def personal_details(result):
    """Lesson 04: the sentences the analysis marks as personalisation."""
    rows = [(h.sentence_id, h.text) for h in result.framing if h.label == "Personalisation"]
    return render.table(rows, _headings("sentence", "personal_detail"))


def frames():
    """Lesson 05: the frames, named in this language and the other, with what each looks at."""

    language = get_language()
    other = _other(language)
    rows = [(localise(label.name, language), localise(label.name, other), localise(label.definition, language))
            for label in taxonomy.load().select("frame")]
    return render.table(rows, _headings("frame", f"in_{other}", "looks_at"))


def labels(label_set: str = "lesson06"):
    """Lesson 06: the labels of a set with their key, tag, names and definition."""

    language = get_language()
    other = _other(language)
    rows = [(label.key, label.short, localise(label.name, language), localise(label.name, other),
             localise(label.definition, language)) for label in taxonomy.load().select(label_set)]
    return render.table(rows, _headings("key", "tag", "label", f"in_{other}", "meaning"))


def framing_terms(result):
    """Lesson 07: the framing terms the analysis found, with their label and English gloss."""
    return render.framing_table(result, note=False)


def quotations(result):
    """Lesson 07: the quotations the analysis found, with their source and side."""
    rows = [(q.sentence_id, q.text, _voice(q.source) if q.source in ("", "unattributed") else q.source,
             _voice(q.side)) for q in result.quotations]
    return render.table(rows, _headings("sentence", "quotation", "source", "side"))


def checklist(result):
    """Lesson 07: what to check in the text, from what this report found, with the places concerned.

    The items are :func:`inquadra.checklist.checklist`'s, in the current language; each
    shows its excerpts under it, except one its own sentence already quotes (the term of
    a war name). An empty report still shows its items (no actors, no quotations, no
    name for the war).
    """
    from .checklist import checklist as _items

    html, text = [], []
    for number, item in enumerate(_items(result, get_language()), start=1):
        excerpts = [x for x in item.examples if not _quoted_in(x, item.text)]
        listed = "".join(f"<li>{_e(x)}</li>" for x in excerpts)
        html.append(f"<li><p>{_e(item.text)}</p>" + (f"<ul>{listed}</ul>" if listed else "") + "</li>")
        text.append(f"{number}. {item.text}")
        text.extend(f"   - {x}" for x in excerpts)
    return render.Html(f'<ol class="inquadra-checklist">{"".join(html)}</ol>', "\n".join(text))


def _quoted_in(excerpt: str, text: str) -> bool:
    """True when ``text`` already quotes ``excerpt`` (“…” in English, «…» in Italian)."""
    return f"“{excerpt}”" in text or f"«{excerpt}»" in text


def actors_compared(before, after):
    """Lesson 07: the actors two analyses of one text found, with their mentions in each.

    One row per actor of either analysis (those of ``after`` first, in its order): its
    name, its kind in the current language, the words the text calls it by, and how
    many times each analysis found it (0 where it found none).
    """
    was = {a.id: a.count for a in before.actors}
    now = {a.id: a.count for a in after.actors}
    shown = list(after.actors) + [a for a in before.actors if a.id not in now]
    rows = [(a.name, _kind(a.kind), ", ".join(a.variants), was.get(a.id, 0), now.get(a.id, 0))
            for a in shown]
    return render.table(rows, _headings("actor", "kind", "words", "mentions_before",
                                        "mentions_after"))


def _kind(kind: str | None) -> str:
    """An actor's kind by its name (``group`` → "group of people"); an unknown one as it is."""
    try:
        return t(f"lessons.actor_kind.{kind}")
    except ValueError:
        return kind or ""


def texts(ids):
    """Lesson 08: the articles ``ids`` with their headline and whether they were written for the kit."""
    from . import bundles

    rows = []
    for bundle in map(bundles.load, ids):
        made = t("lessons.yes") if bundle.meta.get("written_for_kit") else t("lessons.no")
        rows.append((bundle.id, localise(bundle.meta.get("title")), made))
    return render.table(rows, _headings("text", "headline", "written_for_kit"))


def key_spans(key, text: str = "a"):
    """An answer key's spans (label, words, why) for text ``"a"`` or ``"b"`` of the final task."""
    rows = [(taxonomy.display(r.label), r.text, localise(r.rationale)) for r in key.spans]
    return render.table(rows, _headings("label", f"text_{text}", "why"))


def key_plain(key, text: str = "a"):
    """An answer key's plain sentences: the ones left untagged, and why."""
    rows = [(sid, localise(why)) for sid, why in key.plain]
    return render.table(rows, _headings(f"plain_{text}", "why_plain"))


def key_fixes(fixes):
    """The corrections of a damaged text: sentence, kind of damage, damaged and corrected words."""
    from .corrections import KINDS

    rows = [(f.sentence_id, localise(KINDS.get(f.kind)) or f.kind, f.text, f.italian) for f in fixes]
    return render.table(rows, _headings("sentence", "kind", "damaged", "corrected"))


def note(key: str, **values: object):
    """A one-line note from ``data/strings`` (e.g. ``lessons.tag_first``), escaped."""
    text = t(key, **values)
    return render.Html(f"<p>{_e(text)}</p>", text)
