"""What the map colours counties by (``measure=`` in the URL): definitions, classes (bins), colours and legend.

Measures (names are part of the public URL contract, :data:`dashboard.viewstate.MEASURES`):

- ``activation`` (default): the rollout on the view's date, coloured by ``mode`` (cohort: activation date on a
  continuous scale; status: not yet / active / switched on that day). The only measure that changes with the date.
- ``detainers``: detainers lodged at the county's local jails, TRAC's cumulative count (about Oct 2007 to mid 2015).
- ``rate``: the same per 1,000 non-citizen residents (ACS 2006-2010), binned for ranked counties only.
- ``custody``: the share of those detainers where ICE took the person into custody (TRAC's "Yes" / "All").
- ``citizen``: detainers lifted because the person was a U.S. citizen, placed in the county (ICE FOIA via NPR).

Every figure comes from :func:`dashboard.detainers.all_county_detainers` (the definitions the card and comparison
use). Detainer measures are period totals: they do not change with the date, so a date step leaves the map as it is
(the date still drives the running line, the timeline, the card and the download's activation columns).

Classes are fixed round-number bins (the same in every state, so a legend reads the same everywhere), lower bound
included, plus distinct classes for what has no bin: "no data" (TRAC lists no jail of the county, or its scrape has no
row for the state), "not ranked" (the layer's ``rank_note`` says "not ranked: ..." -- regional jail, unified state jail
system, partial scrape, a jail TRAC files under another county) and, for the rate, "too small or uncertain to rank"
(the layer's other rank notes). Their reason is in the hover text, the map as a table and the download.
Colours: inferno (colour-blind safe, light = few to dark = many) and neutral white/greys for the special classes;
tests/test_measures.py checks that every pair in a legend stays apart under simulated colour blindness.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from dashboard.data import Dataset
from dashboard.detainers import LIFTED_PERIOD, CountyDetainers, all_county_detainers, not_listed_text, rate_text

NOT_YET = "#e4e4e4"
ACTIVE = "#2166ac"
NEW_TODAY = "#e66101"
STATUS_LABELS = ["Not yet active", "Active", "Switched on this day"]
#: inferno (perceptually uniform) from 0 to 0.85, reversed: light = few, dark = many. Chosen with the greys below so
#: that every pair in a legend stays at least 19 CIELAB units apart under simulated protan-, deutan- and tritanopia
#: (viridis put its teal on the same lightness as a mid grey: 1.7 units apart for protanopes).
RAMP = ("#f8be2a", "#e55f2e", "#9d2962", "#460c67", "#000004")
NO_DATA = "#ffffff"
TOO_SMALL = "#c6c6c6"
NOT_RANKED = "#909090"
#: Legend slots in every map figure (the most classes any measure has): a measure change is then a Patch of fixed
#: positions, never a new list of traces.
SLOTS = 8
TRAC_WORDS = "TRAC, about Oct 2007 to mid 2015<br>(period not stated by TRAC)"
NOT_BY_DATE = "Totals: the map does not<br>change with the date"


@dataclass(frozen=True)
class Measure:
    """One detainer measure: words, bins (lower bounds, included) and how a county's figures give its value."""

    name: str
    label: str  # the selector's label
    title: str  # what the map shows, as a title ("ICE detainers per 1,000 non-citizens")
    legend: str  # legend title (<br> breaks keep it narrow enough for a 360 px embed)
    source: str  # source and period in words, for captions, alt text and downloads
    edges: tuple[float, ...]
    labels: tuple[str, ...]


MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        Measure(
            "detainers", "Detainers", "ICE detainers at county jails",
            f"Detainers at the county's jails<br>{TRAC_WORDS}",
            "TRAC (Syracuse University) detainer tool, scraped 2017, jails summed to counties; about Oct 2007 to mid "
            "2015 (period not stated by TRAC)",
            (0, 10, 100, 1000, 10000), ("under 10", "10 to 99", "100 to 999", "1,000 to 9,999", "10,000 or more"),
        ),
        Measure(
            "rate", "Detainers per 1,000 non-citizens", "ICE detainers per 1,000 non-citizen residents",
            f"Detainers per 1,000 non-citizens<br>{TRAC_WORDS};<br>non-citizens: ACS 2006-2010",
            "TRAC (Syracuse University) detainer tool, scraped 2017, about Oct 2007 to mid 2015 (period not stated by "
            "TRAC), per 1,000 non-citizen residents (ACS 2006-2010 estimate)",
            (0, 25, 50, 100, 200), ("under 25", "25 to under 50", "50 to under 100", "100 to under 200", "200 or more"),
        ),
        Measure(
            "custody", "Share taken into ICE custody", "Share of detainers where ICE took custody",
            f"Share of detainers where ICE<br>took the person into custody<br>{TRAC_WORDS}",
            "TRAC (Syracuse University) detainer tool, scraped 2017 (ICE took custody: TRAC's \"Yes\"), about Oct "
            "2007 to mid 2015 (period not stated by TRAC)",
            (0, 0.2, 0.4, 0.6, 0.8),
            ("under 20%", "20% to under 40%", "40% to under 60%", "60% to under 80%", "80% to 100%"),
        ),
        Measure(
            "citizen", "U.S.-citizen detainers", "Detainers lifted because the person was a U.S. citizen",
            f"Detainers lifted: person was<br>a U.S. citizen, {LIFTED_PERIOD}<br>(ICE FOIA records via NPR)",
            f"ICE detainer records released under FOIA, published by NPR (2016), {LIFTED_PERIOD}; placed in a county "
            "only where the jail is certain",
            (1, 2, 4, 10), ("1", "2 or 3", "4 to 9", "10 or more"),
        ),
    )
}  # fmt: skip
LABELS = {"activation": "Activation", **{k: m.label for k, m in MEASURES.items()}}
_NO_DATA = ("no_data", "No data: not listed by TRAC", NO_DATA)
#: What the legend adds to "Not ranked" (images and embeds have no hover: the reason is in the table and download).
HINT = " (why: in hover and table)"
_NOT_RANKED = ("not_ranked", "Not ranked" + HINT, NOT_RANKED)
#: The classes without a bin, per measure: ``(key, legend label, colour)``.
SPECIALS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "detainers": (_NO_DATA, _NOT_RANKED),
    "custody": (_NO_DATA, _NOT_RANKED),
    "rate": (_NO_DATA, _NOT_RANKED, ("too_small", "Too small or uncertain to rank", TOO_SMALL)),
    "citizen": (("none_placed", "None placed in this county", NO_DATA),),
}
#: What a hover line names before the value.
HOVER = {
    "detainers": "Detainers (TRAC, about Oct 2007 to mid 2015)",
    "rate": "Rate (TRAC, about Oct 2007 to mid 2015)",
    "custody": "ICE took custody (TRAC, about Oct 2007 to mid 2015)",
    "citizen": f"Lifted: U.S. citizen ({LIFTED_PERIOD})",
}
#: Source and period, short, for the running line.
SHORT_SOURCE = {
    "detainers": "TRAC, about Oct 2007 to mid 2015",
    "rate": "TRAC, about Oct 2007 to mid 2015; ACS 2006-2010",
    "custody": "TRAC, about Oct 2007 to mid 2015",
    "citizen": f"ICE FOIA records via NPR, {LIFTED_PERIOD}",
}


def classes(measure: str, mode: str = "cohort") -> list[tuple[str, str]]:
    """``[(legend label, colour)]`` in colour-code order (code = position): the bins, then the special classes.
    For ``activation``: the status classes, or for cohort only "Not yet active" (the colour bar shows the dates)."""
    if measure == "activation":
        if mode == "status":
            return list(zip(STATUS_LABELS, (NOT_YET, ACTIVE, NEW_TODAY), strict=True))
        return [("Not yet active", NOT_YET)]
    m = MEASURES[measure]
    return [*zip(m.labels, RAMP[: len(m.labels)], strict=True), *((label, c) for _, label, c in SPECIALS[measure])]


def plain(label: str) -> str:
    """A legend label without its pointer to the reason (for tables, downloads and the alt text)."""
    return label.removesuffix(HINT)


def _figure(measure: str, d: CountyDetainers) -> tuple[float | None, int, str, str]:
    """``(value, class code, value in words, why it has no bin or "")`` for one county."""
    m = MEASURES[measure]
    special = {key: len(m.labels) + i for i, (key, _, _) in enumerate(SPECIALS[measure])}
    if measure == "citizen":
        value, words = d.us_citizen, f"{d.us_citizen:,} placed in this county"
        unplaced = d.us_citizen_in_state_unplaced
        why = f"{unplaced:,} in the state could not be placed in a county" if unplaced else ""
        return value, (special["none_placed"] if value == 0 else _bin(m, value)), words, why
    if d.detainers is None:
        return None, special["no_data"], "no figure", not_listed_text(d)
    if measure == "detainers":
        value, words = float(d.detainers), f"{d.detainers:,}"
    elif measure == "custody":
        value = d.took_custody_share
        words = f"{d.took_custody:,} of {d.detainers:,}" + (f" ({value:.0%})" if value is not None else "")
    else:
        value, words = d.per_1k_noncitizens, rate_text(d)
    if d.rank_note.startswith("not ranked"):
        return value, special["not_ranked"], words, d.rank_note
    if measure == "rate" and d.rank is None:  # the layer's own rank decides (no ACS estimate included)
        return value, special["too_small"], words, d.rank_note or "not ranked"
    if value is None:
        return None, special["no_data"], words, "no detainers to take a share of"
    return value, _bin(m, value), words, ""


def _bin(m: Measure, value: float) -> int:
    return int(np.searchsorted(np.asarray(m.edges, dtype=float), value, side="right")) - 1


@lru_cache(maxsize=8)  # one table per measure, every county of the dataset (FIPS order)
def county_table(ds: Dataset, measure: str) -> pd.DataFrame:
    """Per county (``ds.counties`` order): ``fips``, ``value`` (float, NaN = none), ``code`` (colour class),
    ``label`` (the class's legend label), ``words`` (the value in words), ``why`` (why it has no bin, or "")."""
    figures = all_county_detainers(ds)
    rows = [_figure(measure, figures[f]) for f in ds.counties["fips"]]
    out = pd.DataFrame(rows, columns=["value", "code", "words", "why"])
    out.insert(0, "fips", ds.counties["fips"].to_numpy())
    out["value"] = pd.to_numeric(out["value"], errors="coerce")
    names = [label for label, _ in classes(measure)]
    out["label"] = [names[c] for c in out["code"]]
    return out


@lru_cache(maxsize=512)  # per measure and scope (the US, 51 states)
def scope_table(ds: Dataset, measure: str, state: str | None) -> pd.DataFrame:
    t = county_table(ds, measure)
    return t if state is None else t[(ds.counties["state"] == state).to_numpy()]


def hover_texts(ds: Dataset, measure: str, state: str | None) -> list[str]:
    """Hover text per county of the scope: "<value><br><why>" (escaped: ``why`` is the layer's text); the map's
    hover template names the measure (:data:`HOVER`) once."""
    t = scope_table(ds, measure, state)
    return [html.escape(w) + (f"<br>{html.escape(y)}" if y else "") for w, y in zip(t["words"], t["why"], strict=True)]


def colour_settings(measure: str) -> dict:
    """zmin/zmax and a stepped colour scale for the class codes (code i -> colour i), no colour bar."""
    colours = [c for _, c in classes(measure)]
    n = len(colours)
    scale: list[list] = []
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return {"zmin": -0.5, "zmax": n - 0.5, "colorscale": scale, "showscale": False, "colorbar": {}}


def legend_title(measure: str, mode: str) -> str:
    if measure == "activation":
        return "Status on the date" if mode == "status" else ""
    return f"<b>{MEASURES[measure].legend}</b><br><i>{NOT_BY_DATE}</i>"


def legend_traces(measure: str, mode: str) -> list[dict]:
    """:data:`SLOTS` legend-only traces (a square per class, in code order; unused slots invisible): plotly draws
    them into every image and embed, which a colour bar's unlabelled greys were not."""
    out = []
    for label, colour in classes(measure, mode):
        out.append(
            {
                "type": "scattergeo",
                "lon": [None],
                "lat": [None],
                "mode": "markers",
                "name": label,
                "showlegend": True,
                "hoverinfo": "skip",
                "marker": {"symbol": "square", "size": 13, "color": colour, "line": {"width": 1, "color": "#777777"}},
            }
        )
    blank = {"type": "scattergeo", "lon": [None], "lat": [None], "visible": False, "showlegend": False, "name": ""}
    return out + [dict(blank) for _ in range(SLOTS - len(out))]


def legend_layout(measure: str, mode: str) -> dict:
    """The legend under the map, in rows (fits a 360 px embed and a 390 px phone); clicks do not hide classes."""
    return {
        "orientation": "h",
        "x": 0,
        "xanchor": "left",
        "y": 0,
        "yanchor": "top",
        "title": {"text": legend_title(measure, mode), "side": "top"},
        "itemclick": False,
        "itemdoubleclick": False,
        "font": {"size": 12},
        "bgcolor": "rgba(255,255,255,0.85)",
    }


def running_note(measure: str) -> str:
    """Appended to the running line (the live region) under a detainer measure, which the date does not change."""
    if measure == "activation":
        return ""
    return f" · Map: {MEASURES[measure].label} ({SHORT_SOURCE[measure]}), totals that do not change with the date."


def class_counts(ds: Dataset, measure: str, state: str | None) -> list[tuple[str, int]]:
    """``[(legend label, counties)]`` in legend order, for the alt text."""
    t = scope_table(ds, measure, state)
    counts = t["code"].value_counts()
    return [(label, int(counts.get(i, 0))) for i, (label, _) in enumerate(classes(measure))]
