"""HTML for notebooks and reports; every piece of text is escaped.

``passages`` shows blocks or sentences by id; ``highlight`` shows a span group
with displaCy's span renderer (token texts are escaped by displaCy, labels
are escaped here); ``table`` is a small escaped table; ``html_report`` a
self-contained page (no external assets). Displayed objects have a
deterministic ``__repr__``.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import article as _article
from .escape import html as _e
from .i18n import localise, t

__all__ = ["Html", "Passages", "Table", "passages", "highlight", "table", "framing_table",
           "damage_table", "html_report"]

_STYLE = ("body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.5}"
          "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;"
          "padding:.2em .5em;text-align:left;vertical-align:top}.id{color:#555;"
          "font-family:monospace;margin-right:.5em}")


@dataclass(frozen=True)
class Html:
    """A piece of HTML with a plain-text fallback for ``repr``."""

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


# Inline, because notebook front ends drop <style> blocks from outputs.
_ID_STYLE = (' style="font-family:monospace;font-size:0.85em;color:#555;'
             'background:#eee;padding:0 0.3em;margin-right:0.5em;border-radius:3px"')


@dataclass(frozen=True)
class Passages:
    """Blocks or sentences of an article, by id."""

    rows: tuple[tuple[str, str], ...]

    def _repr_html_(self) -> str:
        body = "".join(f'<p><span class="id"{_ID_STYLE}>{_e(i)}</span>{_e(t)}</p>' for i, t in self.rows)
        return f'<div class="inquadra-passages">{body}</div>'

    def __repr__(self) -> str:
        return "\n".join(f"[{i}] {t}" for i, t in self.rows)


@dataclass(frozen=True)
class Table:
    """A small table of rows under headers."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def _repr_html_(self) -> str:
        # Notebook front ends right-align every cell; text reads better on the left.
        sides = [_side(col) for col in zip(*self.rows)] if self.rows else []
        sides += ["left"] * (len(self.headers) - len(sides))
        head = "".join(f'<th style="text-align:{a}">{_e(h)}</th>'
                       for h, a in zip(self.headers, sides))
        body = "".join(
            "<tr>" + "".join(f'<td style="text-align:{a}">{_e(c)}</td>' for c, a in zip(r, sides))
            + "</tr>"
            for r in self.rows
        )
        return f'<table class="inquadra-table"><tr>{head}</tr>{body}</table>'

    def __repr__(self) -> str:
        cols = list(zip(self.headers, *self.rows)) if self.rows else [(h,) for h in self.headers]
        widths = [min(40, max(len(str(c)) for c in col)) for col in cols]
        fmt = lambda r: "  ".join(str(c)[:40].ljust(w) for c, w in zip(r, widths))  # noqa: E731
        return "\n".join([fmt(self.headers)] + [fmt(r) for r in self.rows]).rstrip()


def _side(column) -> str:
    """``right`` for a column of numbers (blanks allowed), else ``left``."""
    values = [c for c in column if c not in ("", "–", "-")]
    try:
        for c in values:
            float(c)
    except ValueError:
        return "left"
    return "right" if values else "left"


def passages(art: _article.Article | None, ids) -> Passages:
    """The blocks (``"p07"``) or sentences (``"p07.s2"``) with these ids, in the order given."""
    art = art or _article.load()
    ids = [ids] if isinstance(ids, str) else list(ids)
    rows = []
    for i in ids:
        unit = art.sentence(i) if "." in i else art.block(i)
        rows.append((i, unit.text))
    return Passages(tuple(rows))


def table(rows, headers) -> Table:
    """An escaped table; dataclass rows are turned into their field values.

    A cell that is a ``{language: text}`` object from the data shows its text in
    the current language.
    """
    out = []
    for r in rows:
        if hasattr(r, "__dataclass_fields__"):
            r = tuple(getattr(r, f) for f in r.__dataclass_fields__)
        out.append(tuple("" if c is None else localise(c) if isinstance(c, dict) else str(c) for c in r))
    return Table(tuple(str(h) for h in headers), tuple(out))


def highlight(doc_or_text, span_key: str = "framing", *, colours: dict | None = None) -> Html:
    """A span group shown with displaCy; accepts a Doc, an Article, a text or an Analysis.

    Args:
        doc_or_text (Doc | Article | str | Analysis): what to show (an Analysis of the
            kit's article is shown on that article).
        span_key (str): ``framing``, ``quotes``, ``claims``, ``cues`` or ``artifacts``.
    Returns:
        Html: the rendered spans, then a list of the spans with labels and notes.
    """
    from spacy import displacy

    from . import pipeline

    doc = doc_or_text
    if hasattr(doc, "article_id") and hasattr(doc, "framing"):
        doc = _article.load(doc.article_id).text
    if isinstance(doc, _article.Article):
        doc = doc.text
    if isinstance(doc, str):
        doc = pipeline.load()(doc)
    spans = list(doc.spans.get(span_key, []))
    colours = colours or _colours()
    opts = {"colors": {_e(k): v for k, v in colours.items()}}
    # Spans that never overlap are drawn inline in the running text (displaCy's
    # "ent" style keeps the text's own spacing); overlapping ones need the
    # "span" style, which stacks them under the tokens.
    style = "span" if _overlapping(spans) else "ent"
    parts = []
    for first, last in _paragraph_token_ranges(doc):
        inside = [s for s in spans if s.start < last and s.end > first]
        if style == "ent":
            offset = doc[first].idx
            data = {
                "text": doc[first:last].text,
                "ents": [{"start": s.start_char - offset, "end": s.end_char - offset,
                          "label": _e(s.label_)} for s in inside],
            }
        else:
            data = {
                "text": doc[first:last].text,
                "tokens": [t.text for t in doc[first:last]],
                "spans": [{"start_token": max(s.start, first) - first,
                           "end_token": min(s.end, last) - first, "label": _e(s.label_)}
                          for s in inside],
            }
        rendered = displacy.render(data, style=style, manual=True, options=opts, jupyter=False)
        parts.append(f'<div style="margin-bottom:0.8em">{rendered}</div>')
    shown = "".join(parts)
    from .taxonomy import display

    notes = table([(display(s.label_), s.text, _note(s)) for s in spans],
                  _columns("label", "text", "why"))
    text = f"{len(spans)} span(s) in {span_key!r}\n" + repr(notes)
    return Html(f'<div class="inquadra-highlight">{shown}{notes._repr_html_()}</div>', text)


def _columns(*names: str) -> tuple[str, ...]:
    return tuple(t(f"analysis.column.{name}") for name in names)


def framing_table(result, *, note: bool = True, used_by: bool = False) -> Table:
    """The framing terms an :class:`~inquadra.analysis.Analysis` found, in the current language.

    Columns: sentence, term, label, the term's meaning in English (headed as English:
    it is the kit's English gloss in every edition), then why it frames (``note``)
    and who typically uses it (``used_by``, from the framing lexicon).
    """
    names = ["sentence", "term", "label", "gloss"] + ["note"] * note + ["used_by"] * used_by
    users = {}
    if used_by:
        from . import pipeline

        users = {e.id: e.used_by for e in pipeline.framing_entries()}
    from . import taxonomy

    rows = [(f.sentence_id, f.text, taxonomy.display(f.label), f.gloss) + ((f.note,) if note else ())
            + ((users.get(f.id),) if used_by else ()) for f in result.framing]
    return table(rows, _columns(*names))


def damage_table(result) -> Table:
    """The suspected translation damage of an Analysis, explained in the current language."""
    return table([(a.sentence_id, a.text, a.label, a.explanation) for a in result.artifacts],
                 _columns("sentence", "text", "kind", "explanation"))


def _overlapping(spans) -> bool:
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    return any(b.start < a.end for a, b in zip(ordered, ordered[1:]))


def _paragraph_token_ranges(doc) -> list[tuple[int, int]]:
    """Token ranges between line breaks, so each paragraph is drawn as its own block."""
    ranges, first = [], 0
    for token in doc:
        if token.is_space and "\n" in token.text:
            if token.i > first:
                ranges.append((first, token.i))
            first = token.i + 1
    if len(doc) > first:
        ranges.append((first, len(doc)))
    return ranges


def _note(span) -> str:
    for name in ("explanation", "source"):
        value = getattr(span._, name, None) if span.has_extension(name) else None
        if value:
            return localise(value) if name == "explanation" else f"{value} ({span._.side})"
    return ""


def _colours() -> dict:
    try:
        from . import taxonomy

        return {lab.id: lab.colour for lab in taxonomy.load().labels}
    except Exception:  # a missing or broken taxonomy only loses the colours
        return {}


def html_report(result, title: str | None = None) -> str:
    """A self-contained HTML page for an :class:`inquadra.analysis.Analysis`."""
    title = title or f"inquadra analysis: {result.article_id}"
    parts = [f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
             f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>",
             f"<h1>{_e(title)}</h1>", f"<p>Text SHA-256: <code>{_e(result.text_sha256)}</code></p>"]
    sections = [
        ("Actors", ("actor", "side", "mentions", "spellings"),
         [(a.name, a.side, a.count, ", ".join(a.variants)) for a in result.actors]),
        ("Framing terms", ("sentence", "term", "label", "English", "why it frames"),
         [(f.sentence_id, f.text, f.label, f.gloss, localise(f.note, "en")) for f in result.framing]),
        ("Quotations", ("sentence", "quotation", "source", "side", "cue", "inferred"),
         [(q.sentence_id, q.text, q.source, q.side, q.cue, "yes" if q.inferred else "")
          for q in result.quotations]),
        ("Reported claims", ("sentence", "claim", "source", "side", "cue"),
         [(c.sentence_id, c.text, c.source, c.side, c.cue) for c in result.claims]),
        ("Suspected translation damage", ("sentence", "text", "kind", "explanation"),
         [(a.sentence_id, a.text, a.label, localise(a.explanation, "en")) for a in result.artifacts]),
        ("Voice by paragraph", ("block", "voice", "why"),
         [(v.block_id, v.voice, v.why) for v in result.voices]),
    ]
    for heading, headers, rows in sections:
        parts.append(f"<h2>{_e(heading)}</h2>")
        parts.append(table(rows, headers)._repr_html_() if rows else "<p>None found.</p>")
    parts.append("</body></html>")
    return "\n".join(parts)
