"""Which frames each paragraph of the article activates: the kit's reading, as data.

The reading lives in a bundle's ``frames.json``: for every paragraph id
(``p01`` … ``p18``) one or two frame ids from a taxonomy label set (by default
``lesson03_frames``) and a short reason in English and Italian. It is a reading
to argue with, not a reference answer; lesson 03 charts it with
:func:`inquadra.charts.frame_grid`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import bundles
from .errors import InquadraError
from .i18n import localise, texts

__all__ = ["FrameReading", "FramesError", "ParagraphFrames", "load", "read_frames"]


class FramesError(InquadraError):
    """The frames file is malformed: the message names the record and how to fix it."""


@dataclass(frozen=True)
class ParagraphFrames:
    """One paragraph's frames.

    Attributes:
        paragraph (str): the paragraph id, e.g. ``"p07"``.
        frames (tuple[str, ...]): frame label ids, the most salient first.
        reason (dict[str, str]): why, in ``"en"`` and ``"it"``.
    """

    paragraph: str
    frames: tuple[str, ...]
    reason: dict[str, str]

    def reason_in(self, language: str = "en") -> str:
        """The reason in ``language`` (English when that language is missing)."""
        return localise(self.reason, language)


@dataclass(frozen=True)
class FrameReading:
    """The whole reading: the label set it draws from and one record a paragraph.

    Attributes:
        article (str): the article id the paragraph ids refer to.
        label_set (str): the taxonomy label set the frames come from.
        paragraphs (tuple[ParagraphFrames, ...]): in article order.
    """

    article: str
    label_set: str
    paragraphs: tuple[ParagraphFrames, ...]

    def frames_of(self, paragraph: str) -> tuple[str, ...]:
        """The frames of one paragraph id; FramesError when the id is not in the reading."""
        for record in self.paragraphs:
            if record.paragraph == paragraph:
                return record.frames
        known = ", ".join(r.paragraph for r in self.paragraphs)
        raise FramesError(f"No paragraph {paragraph!r} in the frame reading; it has: {known}.")

    def counts(self, frames: tuple[str, ...] | list[str]) -> dict[str, int]:
        """How many paragraphs activate each frame, in the order of ``frames``."""
        return {f: sum(f in r.frames for r in self.paragraphs) for f in frames}

    def assignments(self) -> dict[str, tuple[str, ...]]:
        """``{paragraph id: frames}`` in article order."""
        return {r.paragraph: r.frames for r in self.paragraphs}

    def __repr__(self) -> str:
        return f"FrameReading(article={self.article!r}, paragraphs={len(self.paragraphs)})"


def _record(raw: object, where: str, allowed: frozenset[str]) -> ParagraphFrames:
    if not isinstance(raw, dict):
        raise FramesError(f"{where}: expected an object with paragraph, frames, reason.")
    paragraph = raw.get("paragraph")
    frames = raw.get("frames")
    reason = raw.get("reason")
    if not isinstance(paragraph, str) or not paragraph:
        raise FramesError(f"{where}: 'paragraph' must be a paragraph id such as \"p07\".")
    if not isinstance(frames, list) or not frames or not all(isinstance(f, str) for f in frames):
        raise FramesError(f"{where} ({paragraph}): 'frames' must be a non-empty list of frame ids.")
    unknown = [f for f in frames if f not in allowed]
    if unknown:
        raise FramesError(
            f"{where} ({paragraph}): unknown frame {unknown[0]!r}; use one of {', '.join(sorted(allowed))}."
        )
    if len(set(frames)) != len(frames):
        raise FramesError(f"{where} ({paragraph}): a frame is listed twice.")
    reason = texts(reason, f"{where} ({paragraph}): 'reason'", FramesError)
    return ParagraphFrames(paragraph, tuple(frames), reason)


def read_frames(text: str, source: str = "frames file", article=None) -> FrameReading:
    """Parse and check a frames file's JSON text.

    Args:
        text (str): the JSON text.
        source (str): a name for messages (usually the file name).
        article (Bundle | str | None): the article the paragraph ids refer to;
            default: the file's ``"article"``, else the current article.

    Returns:
        FrameReading: checked against the taxonomy and the article's paragraph ids.
    """
    return _read_cached(text, source, None if article is None else bundles.get(article).id)


@lru_cache(maxsize=8)
def _read_cached(text: str, source: str, article_id: str | None) -> FrameReading:
    from . import taxonomy

    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FramesError(f"{source}: not valid JSON (line {exc.lineno}): {exc.msg}.") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("paragraphs"), list):
        raise FramesError(f"{source}: expected an object with a 'paragraphs' list.")
    label_set = raw.get("label_set", "lesson03_frames")
    try:
        allowed = frozenset(lab.id for lab in taxonomy.load().select(label_set))
    except taxonomy.TaxonomyError as exc:
        raise FramesError(f"{source}: {exc}") from None
    art_id = raw.get("article") or article_id or bundles.current_id()
    if article_id is not None and art_id != article_id:
        raise FramesError(
            f"{source}: the file is for article {art_id!r}, not {article_id!r}; "
            "put it in that article's folder or correct its \"article\"."
        )
    records = tuple(
        _record(item, f"{source}, record {n}", allowed) for n, item in enumerate(raw["paragraphs"], 1)
    )
    ids = [r.paragraph for r in records]
    if len(set(ids)) != len(ids):
        twice = sorted({i for i in ids if ids.count(i) > 1})
        raise FramesError(f"{source}: paragraph {twice[0]!r} appears twice; keep one record a paragraph.")
    try:
        bundle = bundles.load(art_id)
    except bundles.BundleError:
        bundle = None  # a teacher's reading of an article that is not installed: not checked
    if bundle is not None:
        order = [p.id for p in bundle.article.paragraphs]
        stray = [i for i in ids if i not in order]
        if stray:
            raise FramesError(f"{source}: {stray[0]!r} is not a paragraph of the article (p01 … p{len(order):02d}).")
        records = tuple(sorted(records, key=lambda r: order.index(r.paragraph)))
    return FrameReading(art_id, label_set, records)


def load(path: str | Path | None = None, article: bundles.Bundle | str | None = None) -> FrameReading:
    """An article's frame reading (default: the current article's ``frames.json``),
    or one from ``path`` (a teacher's own file).

    Raises:
        BundleError: the article has no frames.json.
        FramesError: the file is wrong.
    """
    if path is None:
        bundle = bundles.get(article)
        where = bundle.require("frames")
        return read_frames(bundle.read_text("frames"), where.name, bundle)
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise FramesError(f"{file}: cannot read it ({exc.strerror}); check the path.") from None
    except UnicodeDecodeError as exc:
        raise FramesError(f"{file}: not UTF-8 text (bad byte at position {exc.start}); re-save it as UTF-8.") from None
    return read_frames(text, file.name, article)
