"""A minimal, private county-name matcher: county name + state -> 2010 county FIPS, never guessing.

TODO(names): switch every caller to the shared matcher ``etl.names.CountyNames`` once it is merged from main
(same API: ``CountyNames.from_counties(df)``, ``.resolve(name, state) -> list[str]``, ``normalise``,
``state_code``); then delete this module and ``etl/rules/county_name_aliases.csv``.

Rules: accents dropped, punctuation folded, "St."/"Ste."/"Ft."/"Mt." written out, spaces ignored ("De Kalb" =
"DeKalb"); a legal suffix (County, Parish, Borough, Census Area, City and Borough, Municipality, city) only
chooses between a same-name county and independent city ("Baltimore County" / "Baltimore City"). Former names come
from ``etl/rules/county_name_aliases.csv``. A name that fits several counties returns all of them; none, none.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import cache
from importlib import resources

import pandas as pd

from etl.crosswalk import states

_EXPAND = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
_SUFFIXES = (("city", "and", "borough"), ("census", "area"), ("county",), ("parish",), ("borough",), ("municipality",))


def normalise(text: str) -> str:
    """Lower case, accents dropped, apostrophes removed, punctuation as spaces, St./Ft./Mt. written out."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    plain = re.sub(r"['’`]", "", plain).replace("&", " and ")
    return " ".join(_EXPAND.get(w, w) for w in re.sub(r"[^a-z0-9]+", " ", plain).split())


def _key(name: str) -> tuple[str, str]:
    """(compact core, suffix kind): ``"Baltimore city"`` -> ``("baltimore", "city")``."""
    words = normalise(name).split()
    for suffix in _SUFFIXES:
        n = len(suffix)
        if len(words) > n and tuple(words[-n:]) == suffix:
            return "".join(words[:-n]), "county"
    if len(words) > 1 and words[-1] == "city":
        return "".join(words[:-1]), "city"
    return "".join(words), ""


@cache
def _state_lookup() -> dict[str, str]:
    st = states()
    table = {normalise(n): c for n, c in zip(st["state_name"], st["state"], strict=True)}
    table.update({c.lower(): c for c in st["state"]})
    return table


def state_code(text: str) -> str | None:
    """``"New Mexico"``, ``"NM"`` or ``"new mexico"`` -> ``"NM"``; anything else -> ``None``."""
    return _state_lookup().get(normalise(text))


class CountyNames:
    """Index of the 2010 counties by folded name within each state."""

    def __init__(self, entries: list[tuple[str, str, str]]) -> None:
        self._index: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
        for fips, name, state in entries:
            core, kind = _key(name)
            self._index[(state, core)].add((fips, kind))

    @classmethod
    def from_counties(cls, counties: pd.DataFrame) -> CountyNames:
        """``counties``: columns ``fips`` (2010), ``name`` (with suffix), ``state`` (USPS)."""
        entries = list(zip(counties["fips"], counties["name"], counties["state"], strict=True))
        with resources.files("etl").joinpath("rules", "county_name_aliases.csv").open(encoding="utf-8") as fh:
            aliases = pd.read_csv(fh, dtype=str, keep_default_na=False)
        entries += list(zip(aliases["fips"], aliases["name"], aliases["state"], strict=True))
        return cls(entries)

    def resolve(self, name: str, state: str) -> list[str]:
        """Sorted 2010 FIPS whose name fits ``name`` in ``state`` (USPS or full name): [] none, >1 ambiguous."""
        code = state_code(state) or state
        core, kind = _key(name)
        found = self._index.get((code, core), set())
        if kind and len({k for _, k in found}) > 1:
            found = {(f, k) for f, k in found if k == kind}
        return sorted({f for f, _ in found})
