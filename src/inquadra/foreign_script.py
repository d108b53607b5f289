"""Words in a script the reader's machine may not have a font for.

The article holds a surname in Tamil script. Where no Tamil font is installed,
the browser shows empty boxes, so the kit shows the word three ways: as text,
as a transliteration in Latin letters, and as a picture drawn once at build
time (``scripts/render_foreign_word.py``) and shipped in ``data/images``. The
picture is embedded in the page as data, so nothing is fetched and no font is
needed at run time.
"""

from __future__ import annotations

import base64
import html
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from . import i18n
from .errors import InquadraError
from .render import Html

__all__ = ["ForeignScriptError", "ForeignWord", "load", "word", "show"]



class ForeignScriptError(InquadraError):
    """The word list is wrong or a word is unknown; the message says which and how to fix it."""


@dataclass(frozen=True)
class ForeignWord:
    """A word in another script: its text, a transliteration, its meaning and its picture."""

    id: str
    text: str
    script: dict
    transliteration: str
    meaning: dict
    alt: dict
    image: str

    def png(self) -> bytes:
        """The picture of the word (PNG bytes)."""
        return (resources.files("inquadra") / "data" / "images" / self.image).read_bytes()


def _images():
    return resources.files("inquadra") / "data" / "images"


@lru_cache(maxsize=1)
def load() -> tuple[ForeignWord, ...]:
    """Every bundled foreign word, checked (each picture must exist)."""
    name = "images/foreign_words.json"
    try:
        raw = json.loads((_images() / "foreign_words.json").read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ForeignScriptError(f"{name} line {exc.lineno}: not valid JSON ({exc.msg}).") from None
    out = []
    for number, rec in enumerate(raw if isinstance(raw, list) else [None], start=1):
        where = f"{name} entry {number}"
        if not isinstance(rec, dict):
            raise ForeignScriptError(f"{where}: expected an object; the file is a JSON list of objects.")
        for key in ("script", "meaning", "alt"):
            i18n.texts(rec.get(key), f"{where}: {key!r}", ForeignScriptError)
        for key in ("id", "text", "transliteration", "image"):
            if not isinstance(rec.get(key), str) or not rec[key]:
                raise ForeignScriptError(f"{where}: {key!r} must be a non-empty text.")
        if not (_images() / rec["image"]).is_file():
            raise ForeignScriptError(f"{where}: no picture {rec['image']!r} in data/images; "
                                     "draw it with scripts/render_foreign_word.py.")
        out.append(ForeignWord(**{k: rec[k] for k in ForeignWord.__dataclass_fields__}))
    return tuple(out)


def word(word_id: str) -> ForeignWord:
    """One foreign word by id; the error lists the known ids."""
    for w in load():
        if w.id == word_id:
            return w
    raise ForeignScriptError(f"No foreign word {word_id!r}. Known: {', '.join(w.id for w in load())}.")


def show(word_id: str, lang: str | None = None) -> Html:
    """The word as text, transliteration and picture, with its meaning (escaped, offline).

    ``lang`` is one of the kit's languages; by default, the current one.
    """
    lang = lang or i18n.get_language()
    if lang not in i18n.LANGUAGES:
        raise ForeignScriptError(f"Unknown language {lang!r}: use one of {', '.join(i18n.LANGUAGES)}.")
    w = word(word_id)
    data = base64.b64encode(w.png()).decode("ascii")
    e = lambda v: html.escape(v, quote=True)  # noqa: E731
    page = (
        '<div class="inquadra-foreign-word" style="display:flex;gap:1em;align-items:center">'
        f'<img src="data:image/png;base64,{data}" alt="{e(w.alt[lang])}" style="height:3em">'
        f'<div><span lang="ta" style="font-size:1.4em">{e(w.text)}</span> '
        f"(<em>{e(w.transliteration)}</em>, {e(w.script[lang])})<br>{e(w.meaning[lang])}</div></div>"
    )
    text = f"{w.text} ({w.transliteration}, {w.script[lang]}): {w.meaning[lang]}"
    return Html(page, text)
