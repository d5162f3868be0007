"""Where a detainer was lodged: facility type from its name, and facility city + state -> 2010 county.

Two hand-made tables drive this, both under ``etl/rules/``: ``facility_types.csv`` (ordered name patterns ->
``county_jail`` / ``state_prison`` / ``federal_prison`` / ``other``, and whether the facility is local law
enforcement) and ``pa_facilities.csv`` (every Pennsylvania facility, its county and type, reviewed by reading the
names). The gazetteer is the offline ZIP table of the PyPI package ``zipcodes`` (USPS city name -> the county of
each ZIP code); its county names reach 2010 FIPS through the county-name matcher.

Nothing is guessed: a city whose ZIP codes lie in several counties, a city the gazetteer does not know, a facility
whose name names another county than its city, and any facility that is not a county jail stay at state level,
with the reason.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache, cached_property
from typing import NamedTuple

import pandas as pd

from etl.crosswalk import rule_table
from etl.names import CountyNames, state_code

#: ``resolution`` values, and whether each counts as resolved, ambiguous or unresolved in the report.
RESOLUTIONS = {
    "county": "resolved",
    "not_county_jail": "state level",
    "city_in_several_counties": "ambiguous",
    "name_and_city_disagree": "ambiguous",
    "city_not_found": "unresolved",
    "no_place": "unresolved",
    "outside_the_50_states": "unresolved",
}
_NAMED_COUNTY = re.compile(r"^(.*?)\s+(?:COUNTY|COUNTYY|CNTY|CO\.?|CTY|PARISH)\b", re.IGNORECASE)


class NamesByState:
    """The shared matcher (:class:`etl.names.CountyNames`), one index per state, with answers remembered.

    Same answers as ``CountyNames.from_counties(counties).resolve(name, state)``; the per-state index keeps the
    thousands of look-ups of a build fast. ``counties``: ``fips, name, state, state_name``.
    """

    def __init__(self, counties: pd.DataFrame) -> None:
        self._counties = counties[["fips", "name", "state", "state_name"]]
        self._by_state: dict[str, CountyNames] = {}
        self._states = set(counties["state"])
        self._seen: dict[tuple[str, str], list[str]] = {}

    def resolve(self, name: str, state: str) -> list[str]:
        """Sorted 2010 FIPS of the counties named ``name`` in ``state`` (code or name): [] none, >1 ambiguous."""
        code = state_code(state) if state else None
        if code not in self._states:
            return []
        key = (name, code)
        if key not in self._seen:
            if code not in self._by_state:
                self._by_state[code] = CountyNames.from_counties(self._counties[self._counties["state"] == code])
            self._seen[key] = self._by_state[code].resolve(name, code)
        return self._seen[key]

    def resolve_code(self, code: str) -> str | None:
        """A 5-digit code -> the 2010 FIPS it stands for (itself, or through a crosswalk rename), else ``None``."""
        return self._all.resolve_code(code)

    @cached_property
    def _all(self) -> CountyNames:
        return CountyNames.from_counties(self._counties)


@cache
def facility_types() -> pd.DataFrame:
    """The ordered pattern table: ``order, pattern, facility_type, local, note``."""
    return rule_table("facility_types.csv").sort_values("order", key=lambda s: s.astype(int)).reset_index(drop=True)


class Reviewed(NamedTuple):
    """One reviewed row of ``etl/rules/facility_names.csv``."""

    facility_type: str
    local: bool
    fips: str  # the county the facility belongs to where TRAC filed it under another; else ""
    note: str  # what the facility is, and the basis


@cache
def facility_names() -> dict[tuple[str, str], Reviewed]:
    """``etl/rules/facility_names.csv``, reviewed facility by facility: ``(state, NAME)`` -> :class:`Reviewed`.

    For facilities whose name does not show what they are (a private prison under federal contract named after its
    county, a state prison called "Correctional Center", a county jail TRAC filed under a neighbour); it takes
    precedence over every pattern.
    """
    table = rule_table("facility_names.csv")
    return {
        (r.state, _name_key(r.facility)): Reviewed(r.facility_type, r.local == "yes", r.fips, r.note)
        for r in table.itertuples()
    }


def reviewed(state: str, name: str) -> Reviewed | None:
    """The reviewed row for a facility as its source printed it, if there is one."""
    return facility_names().get((state, _name_key(name)))


def _name_key(name: str) -> str:
    return " ".join(name.upper().split())


def classify(names: pd.Series, states: pd.Series | None = None) -> pd.DataFrame:
    """Type each facility name: a reviewed name in :func:`facility_names` first (when ``states`` is given), else
    the first matching pattern of :func:`facility_types` (case-insensitive).

    Returns a frame aligned with ``names``: ``facility_type``, ``local`` (bool: local law enforcement, so
    attributable to a county), ``type_rule`` (the pattern's ``order``, for tracing a decision to its row; 0 = a
    reviewed row of ``etl/rules/facility_names.csv``).
    """
    rules = [(re.compile(r.pattern, re.IGNORECASE), r) for r in facility_types().itertuples()]
    reviewed_names = facility_names()
    states = states if states is not None else pd.Series("", index=names.index)
    out = {}
    for key in set(zip(states, names, strict=True)):
        state, name = key
        if row := reviewed_names.get((state, _name_key(name))):
            out[key] = (row.facility_type, row.local, "0")
            continue
        rule = next(r for rx, r in rules if rx.search(name.strip()))
        out[key] = (rule.facility_type, rule.local == "yes", rule.order)
    rows = [out[key] for key in zip(states, names, strict=True)]
    return pd.DataFrame(rows, columns=["facility_type", "local", "type_rule"], index=names.index)


class Gazetteer:
    """USPS city + state -> the 2010 counties its ZIP codes lie in (offline, PyPI ``zipcodes``)."""

    def __init__(self, names: NamesByState) -> None:
        import zipcodes  # 43k ZIP rows, loaded only when a build needs them

        self._names = names
        fixed = rule_table("gazetteer_county_names.csv")
        self._fixed = {(r.state, r.name): r.fips for r in fixed.itertuples()}
        self._counties: dict[tuple[str, str], set[str]] = defaultdict(set)
        keys: dict[str, str] = {}
        for z in zipcodes.list_all():
            city = z["city"]
            key = keys.get(city) or keys.setdefault(city, _city_key(city))
            self._counties[(z["state"], key)].add(z["county"])

    def counties(self, city: str, state: str) -> tuple[list[str], list[str]]:
        """``(fips, unmatched)``: the 2010 FIPS of the city's ZIP counties, and county names the matcher missed."""
        fips: set[str] = set()
        unmatched = []
        for county in sorted(self._counties.get((state, _city_key(city)), set())):
            fixed = self._fixed.get((state, county))
            found = [fixed] if fixed else self._names.resolve(county, state)
            fips.update(found) if len(found) == 1 else unmatched.append(county)
        return sorted(fips), unmatched


_NOT_ALNUM = re.compile(r"[^A-Z0-9 ]+")
_ABBREVIATED = {"ST": "SAINT", "STE": "SAINTE", "FT": "FORT", "MT": "MOUNT"}


def _city_key(city: str) -> str:
    """Upper case, punctuation dropped, St./Ft./Mt. written out, spaces removed: ``"St. Paul"`` -> ``SAINTPAUL``."""
    words = _NOT_ALNUM.sub("", city.upper().replace("-", " ")).split()
    return "".join(_ABBREVIATED.get(w, w) for w in words)


def county_in_name(facility: str, state: str, names: NamesByState) -> list[str]:
    """The county a facility's own name gives ("SACRAMENTO COUNTY JAIL" -> 06067); [] if none or unclear."""
    m = _NAMED_COUNTY.match(facility.strip())
    if not m or not m.group(1).strip():
        return []
    suffix = "Parish" if state == "LA" else "County"
    return names.resolve(f"{m.group(1)} {suffix}", state)


def locate(places: pd.DataFrame, names: NamesByState, gazetteer: Gazetteer, in_scope: set[str]) -> pd.DataFrame:
    """Attribute each distinct facility (``det_facility, city, state``) to a 2010 county, or say why not.

    ``in_scope``: USPS codes of the 50 states and DC. Adds ``facility_type``, ``type_rule``, ``fips`` (empty
    unless resolved), ``resolution`` (a key of :data:`RESOLUTIONS`) and ``candidates`` (``;``-separated FIPS).
    """
    out = places.reset_index(drop=True).copy()
    out = pd.concat([out, classify(out["det_facility"], out["state"]).drop(columns="local")], axis=1)
    fips, resolution, candidates = [], [], []
    for r in out.itertuples():
        found: list[str] = []
        if not r.state or not r.city:
            status = "no_place"
        elif r.state not in in_scope:
            status = "outside_the_50_states"
        elif r.facility_type != "county_jail":
            status = "not_county_jail"
        else:
            found, _ = gazetteer.counties(r.city, r.state)
            named = county_in_name(r.det_facility, r.state, names)
            if not found:
                status = "city_not_found"
            elif len(found) > 1:
                status = "city_in_several_counties"
            elif len(named) == 1 and named != found:
                status, found = "name_and_city_disagree", sorted({*found, *named})
            else:
                status = "county"
        resolution.append(status)
        fips.append(found[0] if status == "county" else "")
        candidates.append(";".join(found) if status != "county" else "")
    return out.assign(fips=fips, resolution=resolution, candidates=candidates)


@cache
def pa_facilities() -> pd.DataFrame:
    """``etl/rules/pa_facilities.csv``: ``det_facility, city, fips, county, facility_type, note`` (one row each)."""
    return rule_table("pa_facilities.csv")
