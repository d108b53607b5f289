"""``CorrectionPad``: correct machine-translated sentences, then compare with the kit.

Each item shows one sentence of the article with its id and a text box that
starts with the sentence as it stands. The student rewrites it (or, for a
sentence that is already correct, leaves it alone) and presses *Compare*: the
pad then shows a short verdict, the kit's corrected sentence and, for every
damaged passage, the corrected Italian, the likely English original and how
certain the kit is. Answers are saved in the student's work folder.

The checking is plain Python (:func:`build_items`, :func:`feedback`,
:func:`corrected_sentence`); the widget only displays it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

import ipywidgets

from .. import corrections as _corrections
from .. import i18n
from ..i18n import t
from ..i18n import localise

__all__ = [
    "VERDICTS",
    "CorrectionPad",
    "Feedback",
    "PadError",
    "PadItem",
    "build_items",
    "corrected_sentence",
    "feedback",
]

VERDICTS = ("kept", "changed_plain", "unchanged", "partly", "fixed")
"""Possible verdicts of :func:`feedback`, from a kept correct sentence to a full fix."""

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"'})


class PadError(ValueError):
    """An item names a sentence that does not exist or contradicts the corrections list."""


@dataclass(frozen=True)
class PadItem:
    """One sentence to correct.

    Attributes:
        sentence_id (str): the sentence's id, e.g. ``"p04.s1"``.
        text (str): the sentence as it stands in the article (from its start to
            the end of the last damaged passage that begins in it).
        start (int): the article offset where ``text`` starts.
        corrections (tuple[Correction, ...]): damaged passages starting in it, in text order.
        note (dict): ``{"en": ..., "it": ...}`` shown on comparing (may be empty).
        rewrite (str): the kit's whole corrected sentence, when replacing the
            passages one by one would not read well (empty: replace them).
    """

    sentence_id: str
    text: str
    start: int = 0
    corrections: tuple = ()
    note: dict = field(default_factory=dict)
    rewrite: str = ""

    @property
    def plain(self) -> bool:
        """True when nothing in the sentence needs correcting (cosmetic marks aside)."""
        return not any(c.kind != "cosmetic" for c in self.corrections)

    @property
    def corrected(self) -> str:
        """The kit's corrected sentence (the text itself when it is plain)."""
        if self.rewrite:
            return self.rewrite
        return corrected_sentence(self.text, self.start, self.corrections)


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer.

    Attributes:
        verdict (str): one of :data:`VERDICTS`.
        remaining (tuple[str, ...]): damaged passages still present in the answer.
    """

    verdict: str
    remaining: tuple[str, ...] = ()


def corrected_sentence(text: str, offset: int, fixes) -> str:
    """``text`` with every correction's passage replaced by its corrected Italian.

    Args:
        text (str): a stretch of the article.
        offset (int): the article offset where ``text`` starts.
        fixes: corrections whose ``start``/``end`` fall inside the stretch.

    Returns:
        str: the corrected stretch; passages are replaced from the end backwards.
    """
    out = text
    for fix in sorted(fixes, key=lambda c: c.start, reverse=True):
        a, b = fix.start - offset, fix.end - offset
        if a < 0 or b > len(text) or text[a:b] != fix.text:
            raise PadError(f"Correction {fix.text!r} does not lie inside the sentence {text[:40]!r}….")
        out = out[:a] + fix.italian + out[b:]
    return out


def build_items(entries, art=None, fixes=None) -> tuple[PadItem, ...]:
    """Pad items from activity entries ``{"sentence": id, "plain": bool, "note": {...}, "rewrite": str}``.

    ``plain`` (optional) states that the sentence needs no correction and is
    checked against the corrections list; ``rewrite`` (optional) is the kit's
    whole corrected sentence.

    Args:
        entries (list[dict]): one entry per sentence, in the order to show them.
        art (Article | None): the article (default: the kit's article).
        fixes (tuple[Correction, ...] | None): corrections (default: the kit's list).

    Raises:
        PadError: an unknown sentence id, a sentence listed twice, or ``"plain"``
            that contradicts the corrections list.
    """
    from .. import article as _article

    art = art or _article.load()
    fixes = _corrections.load(art.id) if fixes is None else tuple(fixes)
    items: list[PadItem] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("sentence"), str):
            raise PadError(f"Item {number}: expected {{\"sentence\": \"p04.s1\", …}}, got {entry!r}.")
        sid = entry["sentence"]
        if sid in seen:
            raise PadError(f"Item {number}: sentence {sid!r} is listed twice.")
        seen.add(sid)
        try:
            sentence = art.sentence(sid)
        except KeyError:
            raise PadError(f"Item {number}: the article has no sentence {sid!r} (ids look like 'p04.s1').") from None
        mine = tuple(sorted((c for c in fixes if c.sentence_id == sid), key=lambda c: c.start))
        end = max([sentence.end] + [c.end for c in mine])
        rewrite = entry.get("rewrite", "")
        if not isinstance(rewrite, str):
            raise PadError(f"Item {number}: 'rewrite' must be text, got {rewrite!r}.")
        item = PadItem(sid, art.text[sentence.start:end], sentence.start, mine,
                       dict(entry.get("note") or {}), rewrite)
        if "plain" in entry and bool(entry["plain"]) != item.plain:
            state = "has damage in the corrections list" if entry["plain"] else "has no damage listed"
            raise PadError(f"Item {number}: sentence {sid} is marked plain={entry['plain']} but {state}.")
        items.append(item)
    return tuple(items)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return " ".join(text.split())


def _contains(answer: str, passage: str) -> bool:
    passage = _normalise(passage)
    before = r"(?<!\w)" if re.match(r"\w", passage) else ""
    after = r"(?!\w)" if re.search(r"\w$", passage) else ""
    return re.search(before + re.escape(passage) + after, answer) is not None


def feedback(item: PadItem, answer: str) -> Feedback:
    """Judge an answer: was a correct sentence kept, were the damaged passages changed?

    Only the damaged passages are checked, not the student's wording: many
    corrections are good, and the comparison with the kit's version is the lesson.
    """
    answer = _normalise(answer or "")
    unchanged = answer == _normalise(item.text) or not answer
    if item.plain:
        return Feedback("kept" if unchanged else "changed_plain")
    if unchanged:
        return Feedback("unchanged", tuple(c.text for c in item.corrections if c.kind != "cosmetic"))
    remaining = tuple(c.text for c in item.corrections if c.kind != "cosmetic" and _contains(answer, c.text))
    return Feedback("partly", remaining) if remaining else Feedback("fixed")


class CorrectionPad(ipywidgets.VBox):
    """Sentences to correct, each with a text box and a *Compare* button.

    Args:
        items (list[dict] | tuple[PadItem, ...]): activity entries or built items.
        activity (str): the name answers are saved under (needs a student name).
        article (Article | None): the article (default: the kit's article).
    """

    def __init__(self, items, activity: str = "05.correct", article=None, **kwargs):
        items = list(items)
        if items and all(isinstance(i, PadItem) for i in items):
            self.items = tuple(items)
        else:
            self.items = build_items(items, article)
        if not self.items:
            raise PadError("A correction pad needs at least one sentence.")
        self.activity = activity
        self._article_id = article.id if article is not None else _default_article_id()
        saved = self._load()
        self._answers = {i.sentence_id: str((saved.get("answers") or {}).get(i.sentence_id, i.text))
                         for i in self.items}
        self._compared = [s for s in (saved.get("compared") or []) if s in self._answers]
        self._title = ipywidgets.HTML()
        self._status = ipywidgets.HTML()
        self._rows = {i.sentence_id: self._make_row(i) for i in self.items}
        super().__init__([self._title] + [r["box"] for r in self._rows.values()] + [self._status], **kwargs)
        self.add_class("iq-correction")
        self._draw()
        i18n.follow(self, "_draw")

    @classmethod
    def from_activity(cls, activity_id: str) -> CorrectionPad:
        """The pad for a lesson activity of kind ``"correction"``, e.g. ``"05.correct"``."""
        from .. import lesson

        entry = lesson.activity_data(activity_id)
        if entry.get("kind") != "correction":
            raise PadError(f"Activity {activity_id!r} is of kind {entry.get('kind')!r}, not 'correction'.")
        return cls(entry["items"], activity=activity_id)

    def __repr__(self) -> str:
        return (f"CorrectionPad(activity={self.activity!r}, items={len(self.items)}, "
                f"compared={len(self._compared)})")

    # -- public, also used by tests and by the buttons ----------------------------
    def answer(self, sentence_id: str) -> str:
        """The student's current text for a sentence."""
        return self._row(sentence_id)["area"].value

    def set_answer(self, sentence_id: str, text: str) -> None:
        """Type ``text`` into a sentence's box (as the student would)."""
        self._row(sentence_id)["area"].value = text

    def compare(self, sentence_id: str) -> Feedback:
        """Compare one answer with the kit's correction (as the button does), save, and return the verdict."""
        item = self._item(sentence_id)
        self._answers[sentence_id] = self.answer(sentence_id)
        if sentence_id not in self._compared:
            self._compared.append(sentence_id)
        self._reveal(item)
        self._save()
        return feedback(item, self._answers[sentence_id])

    @property
    def compared(self) -> tuple[str, ...]:
        """Ids of the sentences compared so far, in the order they were compared."""
        return tuple(self._compared)

    # -- private --------------------------------------------------------------------
    def _item(self, sentence_id: str) -> PadItem:
        for item in self.items:
            if item.sentence_id == sentence_id:
                return item
        known = ", ".join(i.sentence_id for i in self.items)
        raise PadError(f"This pad has no sentence {sentence_id!r}; it has {known}.")

    def _row(self, sentence_id: str) -> dict:
        self._item(sentence_id)
        return self._rows[sentence_id]

    def _make_row(self, item: PadItem) -> dict:
        head = ipywidgets.HTML()
        area = ipywidgets.Textarea(value=self._answers[item.sentence_id],
                                   layout=ipywidgets.Layout(width="100%", height="5em"))
        button = ipywidgets.Button(button_style="", icon="")
        button.on_click(lambda _b, sid=item.sentence_id: self.compare(sid))
        result = ipywidgets.HTML()
        box = ipywidgets.VBox([head, area, button, result],
                              layout=ipywidgets.Layout(margin="0 0 1em 0"))
        return {"head": head, "area": area, "button": button, "result": result, "box": box}

    def _draw(self) -> None:
        self._title.value = (f"<b>{html.escape(t('correction.title'))}</b><br>"
                             f"<i>{html.escape(t('correction.help'))}</i>")
        for number, item in enumerate(self.items, start=1):
            row = self._rows[item.sentence_id]
            row["head"].value = (
                f"<div><b>{number}. <code>{html.escape(item.sentence_id)}</code></b> "
                f"<span>{html.escape(item.text)}</span></div>"
            )
            row["area"].description = ""
            row["area"].placeholder = t("correction.placeholder")
            row["button"].description = t("correction.compare")
            row["button"].tooltip = t("correction.compare_tip")
            if item.sentence_id in self._compared:
                self._reveal(item)
        self._status.value = ""

    def _reveal(self, item: PadItem) -> None:
        verdict = feedback(item, self._answers[item.sentence_id])
        self._rows[item.sentence_id]["result"].value = _reveal_html(item, verdict)

    def _load(self) -> dict:
        from ..annotations import work

        name = work.current_student()
        try:
            saved = work.load_activity(name, self._article_id, self.activity) if name else None
        except (ValueError, OSError):
            saved = None
        return saved if isinstance(saved, dict) else {}

    def _save(self) -> None:
        from ..annotations import work

        payload = {"answers": dict(self._answers), "compared": list(self._compared)}
        name = work.current_student()
        if not name:
            self._status.value = f"<i>{html.escape(t('correction.not_saved'))}</i>"
            return
        try:
            work.save_activity(name, self._article_id, self.activity, payload)
        except (ValueError, OSError) as err:
            self._status.value = f"<i>{html.escape(t('correction.save_failed', error=err))}</i>"
            return
        self._status.value = f"<i>{html.escape(t('correction.saved', name=name))}</i>"


def _default_article_id() -> str:
    from .. import bundles

    return bundles.current_id()


def _reveal_html(item: PadItem, verdict: Feedback) -> str:
    """The comparison shown under an item: verdict, the kit's sentence, one row per passage."""
    good = verdict.verdict in ("kept", "fixed")
    colour = "#2f7d32" if good else "#b45309"
    remaining = ", ".join(f"“{p}”" for p in verdict.remaining)
    message = t(f"correction.verdict.{verdict.verdict}", passages=remaining)
    parts = [(f'<div role="status" style="border-left:4px solid {colour};padding:0.2em 0.5em">'
             f"{html.escape(message)}</div>")]
    if item.plain:
        parts.append(f"<p><b>{html.escape(t('correction.kit_version'))}</b> "
                     f"{html.escape(t('correction.kit_unchanged'))}</p>")
    else:
        parts.append(f"<p><b>{html.escape(t('correction.kit_version'))}</b> {html.escape(item.corrected)}</p>")
        head = "".join(f"<th style='text-align:left'>{html.escape(t(k))}</th>" for k in (
            "correction.col.damaged", "correction.col.italian", "correction.col.english",
            "correction.col.kind", "correction.col.certainty"))
        rows = []
        for fix in item.corrections:
            kind = localise(_corrections.KINDS.get(fix.kind, {"en": fix.kind}))
            cells = (fix.text, fix.italian, fix.english, kind, t(f"correction.certainty.{fix.certainty}"))
            rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>"
                        f"<tr><td colspan='5' style='text-align:left'><i>{html.escape(fix.explanation)}</i></td></tr>")
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
    note = localise(item.note) if item.note else ""
    if note:
        parts.append(f"<p>{html.escape(note)}</p>")
    return "".join(parts)

