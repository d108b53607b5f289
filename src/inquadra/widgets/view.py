"""What every widget view shares: a readable placeholder, ``handle(message)``, its ES module.

- Until its cell has run, and after the page is reloaded (when the kernel's
  widget is gone), a notebook shows a widget's ``text/plain`` output: here
  that is a readable line ("Run this cell to show the activity"), in the
  kit's language, instead of a cut-off repr.
- Browser messages go to the public :meth:`ActivityView.handle`, which looks
  the message's ``type`` up in the class's ``HANDLERS`` table.
- :func:`esm` builds one ES module from the shared DOM helpers (``dom.js``)
  and a widget's own file, because anywidget loads a single module per widget.
"""

from __future__ import annotations

import pathlib
from functools import lru_cache

from ..i18n import t

__all__ = ["ActivityView", "esm", "placeholder"]

_HERE = pathlib.Path(__file__).parent


def placeholder(language: str | None = None) -> str:
    """The line a notebook shows where the widget cannot be drawn."""
    return t("widget.placeholder", language)


@lru_cache(maxsize=None)
def esm(name: str) -> str:
    """The ES module for ``name`` (e.g. ``"tagger.js"``): ``dom.js`` followed by the widget's file."""
    parts = [(_HERE / "dom.js").read_text(encoding="utf-8"), (_HERE / name).read_text(encoding="utf-8")]
    return "\n".join(parts)


class ActivityView:
    """Mixin for widget classes: put it before the widget base class."""

    HANDLERS: dict[str, str] = {}

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs)
        if isinstance(data, tuple):
            data, meta = data
            return {**data, "text/plain": placeholder()}, meta
        if isinstance(data, dict):
            return {**data, "text/plain": placeholder()}
        return data

    def handle(self, message) -> None:
        """Apply one message from the browser (``{"type": ..., ...}``); never raises.

        The message's ``type`` picks the method in ``HANDLERS``; an unknown type
        or a bad message is reported on the widget (see ``_refuse``).
        """
        kind = message.get("type") if isinstance(message, dict) else None
        method = self.HANDLERS.get(kind) if isinstance(kind, str) else None
        if method is None:
            self._refuse(kind)
            return
        getattr(self, method)(message)

    def _refuse(self, kind) -> None:  # pragma: no cover - every view overrides it
        raise NotImplementedError

    def _on_custom_msg(self, _widget, content, _buffers) -> None:
        self.handle(content)
