"""States as actors: Italian country names from Babel, and capitals used for their states.

Babel (installed with JupyterLab) holds the Italian names of every territory
(``babel.Locale("it").territories``). Together with the small table of
capitals in ``data/lexicons/capitals.jsonl`` ("Mosca" for Russia, "Pechino" for
China) they become entity-ruler records with the same keys as the actors
lexicon. The states the kit's lessons speak of keep their historical ids
(``china``, ``russia``, ``ukraine``, ``united_states``); every other id is
the English name in lower case ("france", "south_korea"). The continents and
regions Babel names ("Europa", "America Latina") are places, not actors:
:func:`region_names` lists them for the rules that must not read them as people.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from .components import read_lexicon

__all__ = ["state_records", "region_names", "STATE_IDS"]

#: Country code -> id, where the kit's lexicons already had one.
STATE_IDS = {"CN": "china", "RU": "russia", "UA": "ukraine", "US": "united_states",
             "EU": "european_union"}
_SIDES = {"CN": "china", "RU": "kremlin"}
# Territory names that are also ordinary words or other places in Italian news.
_AMBIGUOUS = {"Riunione", "Monaco", "Diego Garcia", "Isola Ascensione", "Georgia del Sud e Sandwich australi",
              "Ceuta e Melilla", "Tristan da Cunha", "Isole Canarie", "Sahara Occidentale",
              "Territori australi francesi", "Isola Clipperton", "Unione europea"}
_NOT_CODES = {"XA", "XB", "ZZ", "EZ", "UN", "QO", "XK"}


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


@lru_cache(maxsize=1)
def state_records() -> tuple[dict, ...]:
    """Entity-ruler records ({"label", "pattern", "id", "name", "kind", "side"}) for states."""
    from babel import Locale

    italian, english = Locale("it").territories, Locale("en").territories
    out, ids = [], {}
    for code, name in italian.items():
        if len(code) != 2 or not code.isalpha() or code in _NOT_CODES or name in _AMBIGUOUS:
            continue
        if re.search(r"[()\-,]", name):
            continue
        state_id = STATE_IDS.get(code) or _slug(english.get(code, name))
        ids[code] = state_id
        out.append({"label": "LOC", "pattern": name, "id": state_id,
                    "name": english.get(code, name), "kind": "state",
                    "side": _SIDES.get(code, "other")})
    path = resources.files("inquadra") / "data" / "lexicons" / "capitals.jsonl"
    for rec in read_lexicon(path):
        code = rec["country"]
        state_id = ids.get(code) or STATE_IDS.get(code) or _slug(english.get(code, code))
        out.append({"label": "LOC", "pattern": rec["pattern"], "id": state_id,
                    "name": english.get(code, code), "kind": "state",
                    "side": _SIDES.get(code, "other")})
    return tuple(out)


@lru_cache(maxsize=1)
def region_names() -> frozenset[str]:
    """The Italian names of the continents and world regions ("Europa", "Asia centrale",
    "America Latina"), Babel's territories with a numeric code."""
    from babel import Locale

    return frozenset(name for code, name in Locale("it").territories.items() if code.isdigit())
