"""``LateralSearch``: the offline mock search and source cards, with a clock.

A view over :mod:`inquadra.lateral`: a search box, the (invented) results and
the card each result leads to. The clock is an ipywidgets ``Play`` linked to a
progress bar in the browser, so it ticks without the kernel and leaves nothing
time-dependent in the notebook's stored output. The questions of the timed
task are ordinary saved ``Choice`` widgets (see the lesson's activity data).
"""

from __future__ import annotations

import ipywidgets

from .. import lateral
from ..i18n import get_language, t

__all__ = ["LateralSearch"]


class LateralSearch(ipywidgets.VBox):
    """Search the bundled mock results, open source cards, watch the clock.

    Args:
        minutes (int): length of the timed task shown on the clock.
        query (str): a first search to show, or "" for none.
    """

    def __init__(self, minutes: int = 5, query: str = "", **kwargs):
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 30:
            raise lateral.LateralError(f"minutes must be a whole number from 1 to 30, got {minutes!r}.")
        self.minutes = minutes
        self.box = ipywidgets.Text(value=query, placeholder=t("lateral.placeholder"),
                                   description=t("lateral.search"), continuous_update=False)
        self.button = ipywidgets.Button(description=t("lateral.search"))
        self.out = ipywidgets.HTML()
        self.pick = ipywidgets.Dropdown(description=t("lateral.open_card"), options=[("—", "")], value="")
        self.card_out = ipywidgets.HTML()
        play = ipywidgets.Play(min=0, max=minutes * 60, step=1, interval=1000, value=0)
        bar = ipywidgets.IntProgress(min=0, max=minutes * 60, description=t("lateral.timer"))
        ipywidgets.jslink((play, "value"), (bar, "value"))
        clock = ipywidgets.HBox([ipywidgets.Label(t("lateral.start", minutes=minutes)), play, bar])
        self.button.on_click(lambda _b: self.run(self.box.value))
        self.box.observe(lambda change: self.run(change["new"]), names="value")
        self.pick.observe(lambda change: self.show_card(change["new"]), names="value")
        super().__init__([clock, ipywidgets.HBox([self.box, self.button]), self.out, self.pick,
                          self.card_out], **kwargs)
        self.found: tuple = ()
        if query:
            self.run(query)

    def __repr__(self) -> str:
        return f"LateralSearch(minutes={self.minutes}, results={len(self.found)})"

    def run(self, query: str) -> None:
        """Search and show the results; the card menu lists the cards they lead to."""
        self.found = lateral.search(query)
        self.out.value = lateral.results_html(self.found, query, get_language()).html
        ids = list(dict.fromkeys(r.card for r in self.found))
        self.pick.options = [("—", "")] + [(lateral.card(i).name[get_language()], i) for i in ids]
        self.pick.value = ""

    def show_card(self, card_id: str) -> None:
        """Show one source card (or clear the card area for "")."""
        self.card_out.value = lateral.card_html(lateral.card(card_id), get_language()).html if card_id else ""
