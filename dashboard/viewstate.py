"""The one owner of the view in the URL: parse, validate and serialize it.

A view is everything a shared link must restore: the date, the selected county, the comparison set, the state
filter and the colour mode (``/?date=2011-02-01&county=48201&compare=06037,04013&state=TX&mode=status``). The
page and the downloads read it through :func:`parse`; the page writes it through :func:`serialize`.

Bad values never raise: each falls back to its default and adds a friendly notice (the page shows them; the
download routes turn them into a 400). Links in published articles must keep working, so these parameter names
are a public contract.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import parse_qs, urlencode

MODES = ("cohort", "status")
DEFAULT_MODE = "cohort"
MAX_COMPARE = 6
MAX_VALUE_LENGTH = 200
PARAMS = ("date", "county", "compare", "state", "mode")
MAX_FIELDS = 50

_FIPS = re.compile(r"\d{5}")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_STATE = re.compile(r"[A-Za-z]{2}")


@dataclass(frozen=True)
class View:
    """A validated view. ``date`` is always one of the activation dates (the map only changes on those)."""

    date: date
    county: str | None = None
    compare: tuple[str, ...] = ()
    state: str | None = None
    mode: str = DEFAULT_MODE


@dataclass(frozen=True)
class Bounds:
    """What a view may refer to: the activation dates, county FIPS → state, and state codes."""

    dates: Sequence[date]
    county_state: Mapping[str, str]
    states: frozenset[str]

    def default(self) -> View:
        return View(date=self.dates[-1])

    def snap(self, day: date) -> date:
        """The last activation date on or before ``day`` (the map is identical in between)."""
        best = self.dates[0]
        for d in self.dates:
            if d > day:
                break
            best = d
        return best


@dataclass
class Parsed:
    """A view plus what the reader should be told: ``notices`` for values that fell back to a default (a
    download refuses those with a 400), ``info`` for values that were understood but adjusted."""

    view: View
    notices: list[str] = field(default_factory=list)
    info: list[str] = field(default_factory=list)


def _shown(value: str) -> str:
    """A user-supplied value made safe and short for a notice (the page escapes it again when rendering)."""
    printable = "".join(ch if ch.isprintable() else "?" for ch in value)
    return printable[:40] + ("…" if len(printable) > 40 else "")


def _strings(values: object) -> list[str]:
    """The text values of one mapping entry (a callback or a caller may hand anything over)."""
    if isinstance(values, (list, tuple)):
        return [v for v in values if isinstance(v, str)]
    return []


def parse(query: str | Mapping[str, Sequence[str]], bounds: Bounds) -> Parsed:
    """Turn a query string (with or without ``?``) or parsed mapping into a valid view plus notices."""
    out = Parsed(view=bounds.default())
    if isinstance(query, str):
        try:
            raw = parse_qs(query.lstrip("?"), keep_blank_values=True, max_num_fields=MAX_FIELDS)
        except ValueError:  # more than MAX_FIELDS parameters: refuse them all rather than raise
            raw = {}
            out.notices.append("The link has too many parameters; showing the default view.")
    elif isinstance(query, Mapping):
        raw = {k: [v] if isinstance(v, str) else _strings(v) for k, v in query.items()}
    else:  # a callback payload can carry anything; it is simply not a view
        raw = {}
    values: dict[str, str] = {}
    for key in PARAMS:
        given = raw.get(key, [])
        if len(given) > 1:
            out.notices.append(f"The link repeats “{key}”; the first value was used.")
        if given:
            values[key] = given[0]
    for key, value in values.items():
        if len(value) > MAX_VALUE_LENGTH:
            out.notices.append(f"The value of “{key}” in the link is too long and was ignored.")
            values[key] = ""
    view = out.view
    if values.get("date"):
        view = _parse_date(values["date"], view, bounds, out)
    if values.get("state"):
        view = _parse_state(values["state"], view, bounds, out.notices)
    if values.get("county"):
        view = _parse_county(values["county"], view, bounds, out.notices)
    if values.get("compare"):
        view = _parse_compare(values["compare"], view, bounds, out.notices)
    if values.get("mode"):
        mode = values["mode"].strip().lower()
        if mode in MODES:
            view = replace(view, mode=mode)
        else:
            out.notices.append(f"Unknown colour mode “{_shown(values['mode'])}”; showing activation dates.")
    out.view = view
    return out


def _parse_date(value: str, view: View, bounds: Bounds, out: Parsed) -> View:
    text = value.strip()
    try:
        if not _ISO.fullmatch(text):
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        out.notices.append(f"“{_shown(value)}” is not a date (use YYYY-MM-DD); showing {bounds.dates[-1]:%-d %b %Y}.")
        return view
    first, last = bounds.dates[0], bounds.dates[-1]
    if not first <= day <= last:
        out.notices.append(
            f"{day:%-d %b %Y} is outside the rollout ({first:%-d %b %Y} to {last:%-d %b %Y}); showing {last:%-d %b %Y}."
        )
        return view
    snapped = bounds.snap(day)
    if snapped != day:
        out.info.append(
            f"No county was activated on {day:%-d %b %Y}; showing {snapped:%-d %b %Y}, "
            "the last activation date before it (the map is the same)."
        )
    return replace(view, date=snapped)


def _parse_state(value: str, view: View, bounds: Bounds, notices: list[str]) -> View:
    code = value.strip().upper()
    if _STATE.fullmatch(code) and code in bounds.states:
        return replace(view, state=code)
    notices.append(f"Unknown state “{_shown(value)}”; showing the whole country.")
    return view


def _parse_county(value: str, view: View, bounds: Bounds, notices: list[str]) -> View:
    code = value.strip()
    if _FIPS.fullmatch(code) and code in bounds.county_state:
        return replace(view, county=code)
    notices.append(f"No county has the code “{_shown(value)}” (a 5-digit FIPS code such as 48201).")
    return view


def _parse_compare(value: str, view: View, bounds: Bounds, notices: list[str]) -> View:
    chosen: list[str] = []
    unknown: list[str] = []
    for part in value.split(","):
        code = part.strip()
        if not code:
            continue
        if _FIPS.fullmatch(code) and code in bounds.county_state:
            if code not in chosen:
                chosen.append(code)
        else:
            unknown.append(_shown(code))
    if unknown:
        notices.append(f"Left out of the comparison, not county codes: {', '.join(unknown[:5])}.")
    if len(chosen) > MAX_COMPARE:
        notices.append(f"At most {MAX_COMPARE} counties can be compared; the first {MAX_COMPARE} are shown.")
        chosen = chosen[:MAX_COMPARE]
    return replace(view, compare=tuple(chosen))


def serialize(view: View) -> str:
    """The canonical query string of a view, ``?``-prefixed; parameters at their default are left out."""
    params: list[tuple[str, str]] = [("date", view.date.isoformat())]
    if view.county:
        params.append(("county", view.county))
    if view.compare:
        params.append(("compare", ",".join(view.compare)))
    if view.state:
        params.append(("state", view.state))
    if view.mode != DEFAULT_MODE:
        params.append(("mode", view.mode))
    return "?" + urlencode(params, safe=",")


def from_controls(
    bounds: Bounds,
    date_index: int | None,
    county: str | None,
    compare: Sequence[str] | None,
    state: str | None,
    mode: str | None,
) -> View:
    """Build a view from the page's controls, re-validating them (callback payloads are user input too)."""
    query: dict[str, list[str]] = {}
    if isinstance(date_index, int) and 0 <= date_index < len(bounds.dates):
        query["date"] = [bounds.dates[date_index].isoformat()]
    if isinstance(county, str):
        query["county"] = [county]
    if isinstance(compare, (list, tuple)):
        query["compare"] = [",".join(c for c in compare if isinstance(c, str))]
    if isinstance(state, str):
        query["state"] = [state]
    if isinstance(mode, str):
        query["mode"] = [mode]
    return parse(query, bounds).view


def date_index(view: View, bounds: Bounds) -> int:
    return list(bounds.dates).index(view.date)
