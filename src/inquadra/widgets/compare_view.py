"""``CompareView``: a student's spans beside the reference, paragraph by paragraph.

Read-only and static (plain escaped HTML, so it survives export and needs no
kernel): every match, false alarm and miss is marked in words, with the
reference's reason, followed by the per-label precision / recall / F1 table.
"""

from __future__ import annotations

import html

from .. import i18n, taxonomy
from ..annotations import compare
from ..i18n import localise, t

__all__ = ["CompareView"]

_MARKS = {"match": "✔", "partial": "◐", "overlong": "✘", "false_alarm": "✘", "miss": "○"}
_COLOURS = {"match": "#2f7d32", "partial": "#6a7d2f", "overlong": "#9b1c1c",
            "false_alarm": "#9b1c1c", "miss": "#b45309"}
_MATCH_KINDS = {"exact": "match", "partial": "partial", "overlong": "overlong"}


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


class CompareView:
    """Show a student's tagging against the reference.

    Args:
        store_or_spans: a ``SpanStore``, a ``SpanTagger`` or an iterable of ``Span``.
        reference: a ``Reference`` (``annotations.reference.load()``); None loads the kit's.
        labels: a label set name, a scheme, a list of label ids, or None (the store's labels).
    """

    def __init__(self, store_or_spans, reference=None, labels=None):
        from ..annotations import reference as reference_module

        store = getattr(store_or_spans, "store", store_or_spans)
        self.spans = tuple(getattr(store, "spans", store))
        self.reference = reference if reference is not None else reference_module.load()
        if labels is None:
            labels = getattr(store, "labels", None) or self.reference.labels
        self.labels = taxonomy.load().select(labels if isinstance(labels, str) else list(labels))
        ids = [lab.id for lab in self.labels]
        self.comparison = compare.compare(self.spans, self.reference.for_labels(ids), ids)
        self._article = self.reference.article

    def __repr__(self) -> str:
        c = self.comparison
        return (f"CompareView(labels={','.join(lab.short for lab in self.labels)}, "
                f"matches={len(c.matches)}, false_alarms={len(c.false_alarms)}, misses={len(c.misses)})")

    def items(self) -> list[tuple[str, str, object]]:
        """(block id, kind, item) for every match, false alarm and miss, in text order."""
        c = self.comparison
        out = [(_MATCH_KINDS[m.kind], m.student, m) for m in c.matches]
        out += [("false_alarm", f.span, f) for f in c.false_alarms]
        out += [("miss", m.span, m) for m in c.misses]
        out.sort(key=lambda x: (x[1].start, x[1].end, x[1].label, x[0]))
        return [(self._block_of(span.start), kind, item) for kind, span, item in out]

    def _repr_html_(self) -> str:
        return self.html()

    def _ipython_display_(self) -> None:
        """Show the view, and redraw it in place whenever the kit's language changes."""
        from IPython.display import display

        self._handle = display(self._bundle(), raw=True, display_id=True)
        i18n.follow(self, "_redraw")

    def _bundle(self) -> dict:
        return {"text/html": self.html(), "text/plain": repr(self)}

    def _redraw(self) -> None:
        handle = getattr(self, "_handle", None)
        if handle is not None:
            handle.update(self._bundle(), raw=True)

    def html(self) -> str:
        """The view as escaped HTML."""
        parts = ['<div class="iq-compare" style="max-width:60em">']
        c = self.comparison
        summary = t("compare_view.summary", matches=len(c.matches),
                    false_alarms=len(c.false_alarms), misses=len(c.misses))
        parts.append(f"<p><b>{_esc(summary)}</b></p>")
        current = None
        for block, kind, item in self.items():
            if block != current:
                if current is not None:
                    parts.append("</ul>")
                parts.append(f'<h4 style="margin:0.6em 0 0.2em">{_esc(block)}</h4>'
                             '<ul style="margin:0;padding-left:1.2em">')
                current = block
            parts.append(self._item_html(kind, item))
        if current is not None:
            parts.append("</ul>")
        parts.append(self._table_html())
        parts.append("</div>")
        return "".join(parts)

    # -- private ---------------------------------------------------------------
    def _block_of(self, offset: int) -> str:
        if self._article is None:
            return ""
        for block in self._article.blocks:
            if block.start <= offset < block.end:
                return block.id
        return ""

    def _label(self, label_id: str) -> tuple[str, str]:
        lang = i18n.get_language()
        for lab in self.labels:
            if lab.id == label_id:
                return lab.short, lab.text("name", lang)
        return label_id, label_id

    def _text(self, span) -> str:
        text = self._article.text[span.start : span.end] if self._article is not None else ""
        return text

    def _item_html(self, kind: str, item) -> str:
        is_match = kind in _MATCH_KINDS.values()
        span = item.student if is_match else item.span
        short, name = self._label(span.label)
        word = compare.describe(item) if is_match else t(f"compare_view.{kind}")
        head = (f'<span style="color:{_COLOURS[kind]};font-weight:700">{_MARKS[kind]} {_esc(word)}</span>'
                f' — <b title="{_esc(name)}">{_esc(short)}</b> “{_esc(self._text(span))}”')
        extra = []
        if is_match:
            if not item.exact:
                extra.append(f"{_esc(t('compare_view.reference'))}: “{_esc(self._text(item.reference))}”")
            if item.rationale:
                extra.append(f"{_esc(t('compare_view.why'))}: {_esc(localise(item.rationale))}")
        elif kind == "miss" and item.rationale:
            extra.append(f"{_esc(t('compare_view.why'))}: {_esc(localise(item.rationale))}")
        elif kind == "false_alarm" and item.on_plain:
            extra.append(f"{_esc(t('compare_view.plain', sentence=item.plain_sentence))} "
                         f"{_esc(localise(item.plain_rationale))}")
        tail = "".join(f'<br><span style="color:#444">{e}</span>' for e in extra)
        return f'<li data-kind="{kind}">{head}{tail}</li>'

    def _table_html(self) -> str:
        head = [t("compare_view.label"), "P", "R", "F1", t("compare_view.overlap_f1"), "tp", "fp", "fn"]
        rows = [f"<h4>{_esc(t('compare_view.scores'))}</h4>",
                '<table class="iq-scores"><thead><tr>'
                + "".join(f"<th>{_esc(h)}</th>" for h in head) + "</tr></thead><tbody>"]
        for row in self.comparison.rows(digits=2):
            label = row["label"]
            shown = t("compare_view.overall") if label == "overall" else " · ".join(self._label(label))
            cells = [shown, f"{row['precision']:.2f}", f"{row['recall']:.2f}", f"{row['f1']:.2f}",
                     f"{row['overlap_f1']:.2f}", row["tp"], row["fp"], row["fn"]]
            rows.append("<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in cells) + "</tr>")
        rows.append("</tbody></table>")
        return "".join(rows)
