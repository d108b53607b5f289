"""The kit's reference annotation of an article, with a rationale for every span.

A bundle's ``reference.jsonl`` holds one record a line:

* ``{"kind": "span", "label": …, "text": exact text, "occurrence": 1, "rationale": …}``
  — a tagged span, located by its exact text and which occurrence (1-based)
  in the article; the loader finds the offsets and snaps them to tokens.
* ``{"kind": "plain", "sentence": "p08.s1", "rationale": …}`` — a sentence
  deliberately left untagged because it is plain reporting; tags there count
  as false alarms in feedback.

Teachers can edit the file; the loader says exactly which line is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from .. import bundles
from .. import structure as article_module
from ..errors import InquadraError
from ..i18n import texts
from .spans import Span, SpanError, SpanStore

__all__ = [
    "REFERENCE_ANNOTATOR",
    "Reference",
    "ReferenceDataError",
    "ReferenceSpan",
    "find",
    "from_lines",
    "load",
    "publish",
    "to_lines",
]

REFERENCE_ANNOTATOR = "inquadra-reference"


class ReferenceDataError(InquadraError):
    """The reference file is missing or a line of it is wrong."""


@dataclass(frozen=True)
class ReferenceSpan:
    """A reference span with the reason it is tagged.

    Attributes:
        span (Span): offsets, tokens and label.
        rationale (str | dict): one sentence saying why: ``{language: text}`` in the kit's
            references, a plain string in a teacher's own (written in one language).
        text (str): the article text the span covers.
    """

    span: Span
    rationale: str | dict
    text: str

    @property
    def label(self) -> str:
        return self.span.label


@dataclass(frozen=True)
class Reference:
    """The reference annotation of one article.

    Attributes:
        article_id (str): the article's id.
        spans (tuple[ReferenceSpan, ...]): sorted by (start, end, label).
        plain (tuple[tuple[str, str], ...]): (sentence id, rationale) of
            sentences left untagged on purpose.
        article: the ``Article`` (not compared, not shown in the repr).
    """

    article_id: str
    spans: tuple[ReferenceSpan, ...]
    plain: tuple[tuple[str, str], ...]
    article: object = field(repr=False, compare=False, default=None)

    def __repr__(self) -> str:
        return f"<Reference {self.article_id}: {len(self.spans)} spans, {len(self.plain)} plain sentences>"

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels used, in order of first appearance in the text."""
        return tuple(dict.fromkeys(r.label for r in self.spans))

    def for_labels(self, labels: Iterable[str]) -> Reference:
        """The same reference keeping only spans with these labels (plain sentences kept)."""
        wanted = set(labels)
        return Reference(
            self.article_id,
            tuple(r for r in self.spans if r.label in wanted),
            self.plain,
            self.article,
        )

    def rationale(self, span: Span) -> str | None:
        """The rationale of the reference span with this key, or None."""
        for r in self.spans:
            if r.span.key == span.key:
                return r.rationale
        return None

    def plain_at(self, span: Span) -> tuple[str, str] | None:
        """(sentence id, rationale) of a plain sentence the span overlaps, or None."""
        if self.article is None:
            return None
        for sentence_id, why in self.plain:
            s = self.article.sentence(sentence_id)
            if span.start < s.end and s.start < span.end:
                return sentence_id, why
        return None

    def to_store(self, labels: Iterable[str] | None = None) -> SpanStore:
        """The reference spans in a ``SpanStore`` (annotator ``inquadra-reference``)."""
        store = SpanStore(
            self.article, REFERENCE_ANNOTATOR, labels if labels is not None else self.labels
        )
        store.replace_all(r.span for r in self.spans)
        return store


def from_lines(lines: Iterable[str], art, source: str = "reference") -> Reference:
    """Build a ``Reference`` for article ``art`` from JSON lines (see the module docstring)."""
    from .. import taxonomy

    known = set(taxonomy.load().ids())
    store = SpanStore(art, REFERENCE_ANNOTATOR, sorted(known))
    spans: list[ReferenceSpan] = []
    plain: list[tuple[str, str]] = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue

        def fail(message: str, number=number):
            raise ReferenceDataError(f"{source}, line {number}: {message}")

        try:
            rec = json.loads(raw)
        except (ValueError, RecursionError) as err:
            fail(f"not valid JSON ({err}).")
        if not isinstance(rec, dict) or rec.get("kind") not in ("span", "plain"):
            fail('each line must be an object with "kind": "span" or "plain".')
        why = rec.get("rationale")
        if isinstance(why, dict):  # the kit's references: {language: text}
            why = texts(why, f"{source}, line {number}: \"rationale\"", ReferenceDataError)
        elif not isinstance(why, str) or not why.strip():
            fail('"rationale" must be a non-empty sentence, or {language: sentence}.')
        if rec["kind"] == "plain":
            try:
                art.sentence(rec.get("sentence"))
            except KeyError as err:
                fail(str(err.args[0]))
            plain.append((rec["sentence"], why))
            continue
        text, occ, label = rec.get("text"), rec.get("occurrence", 1), rec.get("label")
        if not isinstance(text, str) or not text.strip():
            fail('"text" must be the exact text of the span.')
        if not isinstance(occ, int) or isinstance(occ, bool) or occ < 1:
            fail('"occurrence" must be a whole number from 1.')
        try:
            start, end = art.find(text, occ)
            span = store.add(start, end, label)
        except (article_module.ArticleError, SpanError) as err:
            fail(str(err))
        spans.append(ReferenceSpan(span, why, art.text[span.start : span.end]))
    spans.sort(key=lambda r: r.span.key)
    return Reference(art.id, tuple(spans), tuple(plain), art)


@lru_cache(maxsize=8)
def _parsed(text: str, art, source: str) -> Reference:
    return from_lines(text.split("\n"), art, source=source)


def load(article: bundles.Bundle | str | None = None) -> Reference:
    """The reference annotation of an article (default: the current one), from its bundle.

    Raises:
        ReferenceDataError: the article has no reference.jsonl, or a line of it is wrong.
    """
    bundle = bundles.get(article)
    where = bundle.path("reference")
    if where is None:
        raise ReferenceDataError(
            f"No reference annotation for article {bundle.id!r} "
            f"(expected {bundle.folder / bundles.PARTS['reference']}). A teacher can make one: "
            f"tag the article in reference mode, then `inquadra reference publish FILE --article {bundle.id}`."
        )
    return _parsed(bundle.read_text("reference"), bundle.article, f"{bundle.id}/{where.name}")


def find(article: bundles.Bundle | str | None = None) -> Reference | None:
    """The article's reference (default: the current article's), or None when it has none."""
    bundle = bundles.get(article)
    return load(bundle) if bundle.has("reference") else None


def _occurrence(art, start: int, text: str) -> int:
    """Which occurrence of ``text`` (as ``Article.find`` counts them) starts at ``start``."""
    occurrence, pos = 0, -1
    while True:
        pos = art.text.find(text, pos + 1)
        occurrence += 1
        if pos < 0 or pos >= start:
            return occurrence


def _where(art, span: Span) -> str:
    sentence = art.sentence_at(span.start)
    return sentence.id if sentence else f"character {span.start}"


def to_lines(spans: Iterable[Span], art) -> list[str]:
    """Reference lines (see the module docstring) for spans whose notes are their rationales.

    Raises:
        ReferenceDataError: a span has no note; the message names every such span.
    """
    spans = sorted(spans, key=lambda s: s.key)
    bare = [s for s in spans if not s.note.strip()]
    if bare:
        named = "; ".join(f"{art.text[s.start:s.end]!r} ({s.label}, {_where(art, s)})" for s in bare[:10])
        more = f" and {len(bare) - 10} more" if len(bare) > 10 else ""
        raise ReferenceDataError(
            f"{len(bare)} span(s) have no rationale: {named}{more}. A reference needs one "
            "sentence on why each span is tagged: add it as the span's note (the tagger's "
            "reference mode asks for it), save, and publish again."
        )
    lines = []
    for s in spans:
        text = art.text[s.start : s.end]
        lines.append(json.dumps({
            "kind": "span", "label": s.label, "text": text,
            "occurrence": _occurrence(art, s.start, text), "rationale": s.note.strip(),
        }, ensure_ascii=False))
    return lines


def publish(path, article: bundles.Bundle | str, *, force: bool = False) -> Reference:
    """Turn a teacher's saved tagging file into the article's ``reference.jsonl``.

    The file is one annotation record (as the tagger saves it) for this
    article; every span's note is its rationale. An existing reference is
    replaced only with ``force``, and then kept beside it as
    ``reference.jsonl.previous-N``.

    Returns:
        Reference: the published reference, read back from the bundle.

    Raises:
        ReferenceDataError: the bundle is one of the kit's own, the file holds
            more or less than one record, a span has no rationale, or a
            reference exists and ``force`` is not given.
            The file cannot be read as an annotation file for this article.
    """
    from ..files import keep_aside, write_atomic
    from .records import AnnotationFileError, read_records

    bundle = bundles.get(article)
    if bundle.origin == "kit":
        raise ReferenceDataError(
            f"Article {bundle.id!r} is one of the kit's own articles, which are read-only. "
            "Publish references for articles made with `inquadra new-article`."
        )
    try:
        records = read_records(path, article=bundle.article)
    except AnnotationFileError as err:
        raise ReferenceDataError(f"{err} Publish a tagging file saved for article {bundle.id!r}.") from None
    if len(records) != 1:
        raise ReferenceDataError(
            f"{path}: expected one teacher's record (a saved tagging file), found {len(records)}. "
            "Publish the teacher's own file, not a merged class file."
        )
    lines = to_lines(records[0].spans, bundle.article)
    if not lines:
        raise ReferenceDataError(f"{path}: the file has no spans; tag the article first.")
    checked = from_lines(lines, bundle.article, source=f"{path}")
    if [r.span.key for r in checked.spans] != sorted(s.key for s in records[0].spans):
        raise ReferenceDataError(f"{path}: the spans could not be stored exactly; nothing was written.")
    target = bundle.folder / bundles.PARTS["reference"]
    if target.exists():
        if not force:
            raise ReferenceDataError(
                f"{target} already exists. Add --force (force=True) to replace it; "
                "the old file is then kept beside it."
            )
        keep_aside(target, "previous")
    write_atomic(target, "\n".join(lines) + "\n")
    return load(bundle.id)
