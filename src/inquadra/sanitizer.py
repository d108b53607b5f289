"""An allow-list HTML sanitiser for the reading edition (standard library only).

Notebook markdown may hold raw HTML, and stored ``text/html`` outputs are
HTML: the reading edition shows neither as it is. ``clean(markup)`` parses
with ``html.parser`` and writes back only:

- the elements of ``TAGS`` (text formatting, headings, lists, tables, links,
  images, ``details``); the *content* of ``script``, ``style``, ``iframe``,
  ``object``, ``embed``, ``template``, ``svg``, ``math``, ``noscript``,
  ``textarea``, ``select`` and ``form`` is dropped with the element; any other
  element is dropped and its text kept;
- the attributes of ``ATTRIBUTES``; never an event handler (``on…``);
- links (``href``) to ``http``, ``https``, ``mailto``, a ``#fragment`` or a
  relative path; images (``src``) only from ``data:image/png|jpeg|gif|webp``
  or a relative path, so that opening a page never contacts a third party;
- ``style`` only when it holds no ``url(``, ``expression``, ``@import``,
  ``javascript:`` or backslash escape.

All text and attribute values are re-escaped (``escape.html``); comments,
processing instructions and doctypes are dropped. The result is well formed:
every element opened is closed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .escape import html as _escape

__all__ = ["TAGS", "ATTRIBUTES", "clean"]

TAGS = frozenset("""
a abbr b bdi blockquote br caption cite code col colgroup dd del details dfn div dl dt em
figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small span
strong sub summary sup table tbody td tfoot th thead time tr u ul var wbr
""".split())
_VOID = frozenset({"br", "hr", "img", "col", "wbr"})
_DROP_CONTENT = frozenset({
    "script", "style", "iframe", "object", "embed", "template", "svg", "math", "noscript",
    "textarea", "select", "form", "frameset", "frame", "applet", "audio", "video", "canvas",
    "head", "title", "base", "link", "meta",
})
ATTRIBUTES = frozenset({
    "class", "id", "title", "lang", "dir", "style", "href", "src", "alt", "width", "height",
    "colspan", "rowspan", "align", "valign", "scope", "open", "start", "type", "datetime",
    "data-mime-type", "role", "aria-label", "aria-hidden",
})
_LINK = re.compile(r"^(?:https?:|mailto:|#|(?![a-z][a-z0-9+.\-]*:))", re.IGNORECASE)
_IMAGE = re.compile(r"^(?:data:image/(?:png|jpe?g|gif|webp);base64,[A-Za-z0-9+/=\s]*$|"
                    r"(?![a-z][a-z0-9+.\-]*:)(?!//))", re.IGNORECASE)
_BAD_STYLE = re.compile(r"url\s*\(|expression|@import|javascript:|\\|behavior|-moz-binding",
                        re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def _safe_url(value: str, pattern: re.Pattern) -> bool:
    # Browsers ignore control characters and spaces inside a scheme ("java\tscript:").
    return bool(pattern.match(_CONTROL.sub("", value)))


class _Cleaner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.skipping: list[str] = []

    def _attrs(self, tag: str, attrs) -> str:
        kept = []
        for name, value in attrs:
            name = name.lower()
            value = "" if value is None else value
            if name not in ATTRIBUTES or name.startswith("on"):
                continue
            if name == "href" and (tag != "a" or not _safe_url(value, _LINK)):
                continue
            if name == "src" and (tag != "img" or not _safe_url(value, _IMAGE)):
                continue
            if name == "style" and _BAD_STYLE.search(value):
                continue
            kept.append(f' {name}="{_escape(value)}"')
        if tag == "a" and any(k.startswith(" href=") for k in kept):
            kept.append(' rel="noopener noreferrer"')
        return "".join(kept)

    def handle_starttag(self, tag, attrs):
        tag = tag.lower()
        if self.skipping:
            if tag in _DROP_CONTENT and tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag in _DROP_CONTENT:
            if tag not in ("link", "meta", "base"):
                self.skipping.append(tag)
            return
        if tag not in TAGS:
            return
        self.out.append(f"<{tag}{self._attrs(tag, attrs)}>")
        if tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        tag = tag.lower()
        if tag in _VOID and not self.skipping:
            self.handle_starttag(tag, attrs)
        elif tag not in _VOID and not self.skipping and tag in TAGS:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        tag = tag.lower()
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in _VOID or tag not in self.open:
            return
        while self.open:
            top = self.open.pop()
            self.out.append(f"</{top}>")
            if top == tag:
                break

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(_escape(data))

    def close_all(self) -> str:
        self.close()
        while self.open:
            self.out.append(f"</{self.open.pop()}>")
        return "".join(self.out)


def clean(markup) -> str:
    """``markup`` reduced to the allow-list (see the module docstring); bytes are read as UTF-8."""
    if isinstance(markup, bytes):
        markup = markup.decode("utf-8", "replace")
    parser = _Cleaner()
    parser.feed("" if markup is None else str(markup))
    return parser.close_all()
