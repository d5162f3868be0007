"""Figures as plain dicts, built by pure functions of the dataset and a view (testable without a browser).

The map never carries geometry: its trace points ``geojson`` at :data:`GEOJSON_URL`, which the browser fetches
once per page load (cacheable, gzip) and plotly.js keeps in memory. A date step only changes the trace's ``z``
— done in the browser by ``assets/dashboard.js`` from the per-county days carried in ``customdata``.
"""

from __future__ import annotations

import html
from functools import lru_cache

import numpy as np
import pandas as pd
from plotly.colors import sequential

from dashboard import coverage, i18n, measures, plotlylocale
from dashboard.data import Dataset
from dashboard.i18n import _, fmt_int
from dashboard.placenames import capital, place
from dashboard.text import count_noun, fmt_day
from dashboard.viewstate import View

GEOJSON_URL = "/geodata/counties.geojson"
TOPOJSON_URL = "/assets/topojson/"

# Colour-blind-safe palettes: blue/orange/grey for status; for dates, viridis (perceptually uniform, CVD-safe)
# without its palest yellow, so no activation colour is a grey like "not yet active" (cividis's middle was: issue
# #12) and each stays at least 15 CIELAB units from it under simulated colour blindness (tests/test_measures.py);
# the detainer measures' classes are in dashboard/measures.py.
DATE_RAMP = sequential.Viridis[:9]
NOT_YET, ACTIVE, NEW_TODAY = measures.NOT_YET, measures.ACTIVE, measures.NEW_TODAY
STATUS_LABELS = measures.STATUS_LABELS
SELECTED = "#111111"
#: Drawn under the selection and comparison outlines, so they show on every colour (the darkest detainer class too).
HALO, HALO_EXTRA = "#ffffff", 2.5
COMPARED = "#7b3294"
#: The state view's graph before any state is shown (hidden: layout.map_box): nothing for plotly to draw.
EMPTY_MAP = {"data": [], "layout": {"xaxis": {"visible": False}, "yaxis": {"visible": False}}}


def scope_rows(ds: Dataset, state: str | None) -> tuple[list[str], list[list], np.ndarray]:
    """Locations, hover customdata and days for one scope (dates written in the current language)."""
    return _scope_rows(ds, state, i18n.current())


@lru_cache(maxsize=128)  # depends only on the scope and the language
def _scope_rows(ds: Dataset, state: str | None, lang: str) -> tuple[list[str], list[list], np.ndarray]:
    c = ds.counties if state is None else ds.counties[ds.counties["state"] == state]
    custom = [  # [3] stays the number of days: assets/dashboard.js recolours from it
        [html.escape(capital(place(n, s))), "", fmt_day(d), int(days), fmt_int(p), count_noun(int(days), "day", "days")]
        for n, s, d, days, p in zip(
            c["name"], c["state_name"], c["activation_date"], c["days_after_first"], c["pop_2010_census"], strict=True
        )
    ]
    return c["fips"].tolist(), custom, c["days_after_first"].to_numpy(dtype=np.int64)


def _cohort_scale(max_z: int) -> list[list]:
    edge = 0.5 / max_z
    scale: list[list] = [[0.0, NOT_YET], [edge, NOT_YET]]
    for i, colour in enumerate(DATE_RAMP):
        scale.append([edge + (1 - edge) * i / (len(DATE_RAMP) - 1), colour])
    return scale


def _status_scale() -> list[list]:
    return [
        [0.0, NOT_YET], [1 / 3, NOT_YET], [1 / 3, ACTIVE], [2 / 3, ACTIVE], [2 / 3, NEW_TODAY], [1.0, NEW_TODAY]
    ]  # fmt: skip


def colour_settings(ds: Dataset, mode: str, measure: str = "activation") -> dict:
    """zmin/zmax, colorscale, colour bar and whether it is shown, for a measure and (activation) colour mode (shared
    by the map and the image export). Status and the detainer measures are classes with legend entries
    (:func:`dashboard.measures.legend_traces`), not a colour bar."""
    if measure != "activation":
        return measures.colour_settings(measure)
    if mode == "status":
        return {"zmin": 0, "zmax": 2, "colorscale": _status_scale(), "showscale": False, "colorbar": {}}
    max_z = int(ds.days.max()) + 1
    first = ds.first_date
    # 1 Jan 2009 sits too close to the first day (Oct 2008) to label both.
    years = [pd.Timestamp(f"{y}-01-01") for y in range(2010, ds.last_date.year + 1)]
    tickvals = [1] + [(y - first).days + 1 for y in years]
    ticktext = [i18n.fmt_month(first)] + [str(y.year) for y in years]
    return {
        "zmin": 0,
        "zmax": max_z,
        "colorscale": _cohort_scale(max_z),
        "showscale": True,
        # across the top of the map, not down its side: on a 390 px phone a side bar took a quarter of the width
        "colorbar": {
            "title": {"text": _("Activated"), "side": "top"},
            "tickvals": tickvals,
            "ticktext": ticktext,
            "orientation": "h",
            "x": 0.06,  # from the left (room for "Oct 2008"), clear of the chart tools at the top right
            "xanchor": "left",
            "y": 1,
            "yanchor": "bottom",
            "len": 0.66,
            "ticklabeloverflow": "allow",
            "thickness": 10,
        },
    }


@lru_cache(maxsize=64)
def state_extent(ds: Dataset, state: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """``((lon_min, lon_max), (lat_min, lat_max))`` in degrees that frame a state's counties' main parts (see
    :func:`dashboard.data._bounds`) with a 4% margin: Hawaii's main islands, Alaska without wrapping at 180°."""
    codes = ds.counties.loc[ds.counties["state"] == state, "fips"]
    box = np.array([ds.bounds[c] for c in codes])
    lon = (box[:, 0].min(), box[:, 2].max())
    lat = (box[:, 1].min(), box[:, 3].max())
    pad_lon, pad_lat = 0.04 * (lon[1] - lon[0]), 0.04 * (lat[1] - lat[0])
    return (
        (round(lon[0] - pad_lon, 3), round(lon[1] + pad_lon, 3)),
        (round(lat[0] - pad_lat, 3), round(lat[1] + pad_lat, 3)),
    )


def _geo(ds: Dataset, state: str | None) -> dict:
    """The US map readers know (Albers USA, Alaska and Hawaii inset) nationally; for one state, a conformal
    projection framed on its counties' main parts (Albers USA cannot zoom to a single state in plotly.js, and
    plotly's ``fitbounds`` would frame every islet: the Northwestern Hawaiian Islands, the far Aleutians)."""
    base = {
        "showland": True,
        "landcolor": "#fafafa",
        "showlakes": False,
        "subunitcolor": "#bbbbbb",
        "countrycolor": "#bbbbbb",
        "bgcolor": "rgba(0,0,0,0)",
    }
    if state is None:
        return {**base, "scope": "usa", "projection": {"type": "albers usa"}}
    lon, lat = state_extent(ds, state)
    return {
        **base,
        "scope": "world",
        "projection": {"type": "mercator", "rotation": {"lon": round((lon[0] + lon[1]) / 2, 3)}},
        "lonaxis": {"range": list(lon)},
        "lataxis": {"range": list(lat)},
        "showsubunits": True,
        "showcountries": True,
        "showocean": False,
        "showframe": False,
    }


def map_figure(ds: Dataset, view: View, geojson: str | dict = GEOJSON_URL) -> dict:
    """The county choropleth for a view: its measure (activation status or date on ``view.date``, or a detainer
    measure's classes), the legend (:data:`dashboard.measures.SLOTS` legend-only traces after the counties), the
    selection and comparison outlines, zoom. Every word in the view's language."""
    with i18n.language(view.lang):
        return _map_figure(ds, view, geojson)


def _map_figure(ds: Dataset, view: View, geojson: str | dict) -> dict:
    locations, custom, days = scope_rows(ds, view.state)
    main = {
        "type": "choropleth",
        "geojson": geojson,
        "featureidkey": "id",
        "locations": locations,
        "customdata": custom,
        "marker": {"line": {"width": 0.25, "color": "#ffffff"}},
        "name": _("Counties"),
        **measure_settings(ds, view, days),
    }
    traces = [main, *measures.legend_traces(view.measure, view.mode)]
    in_scope = set(locations)
    for codes, colour, width, name in (
        ([c for c in view.compare if c != view.county], COMPARED, 2.0, _("Compared")),
        ([view.county] if view.county else [], SELECTED, 3.0, _("Selected")),
    ):
        shown = [c for c in codes if c in in_scope]
        # a white halo under the outline: a dark line alone vanished on the darkest classes (10,000+ detainers)
        for line, label in (
            ({"width": width + HALO_EXTRA, "color": HALO}, ""),
            ({"width": width, "color": colour}, name),
        ):
            if shown:
                traces.append(
                    {
                        "type": "choropleth",
                        "geojson": geojson,
                        "featureidkey": "id",
                        "locations": shown,
                        "z": [1] * len(shown),
                        "colorscale": [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                        "showscale": False,
                        "hoverinfo": "skip",
                        "marker": {"line": line},
                        "name": label,
                        "showlegend": False,
                    }
                )
    return {
        "data": traces,
        "layout": {
            "separators": plotlylocale.SEPARATORS,
            "geo": _geo(ds, view.state),
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "uirevision": view.state or "US",
            "paper_bgcolor": "rgba(0,0,0,0)",
            "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"},
            "dragmode": "pan",
            "showlegend": True,
            "legend": measures.legend_layout(view.measure, view.mode),
        },
    }


def colours_key(view: View) -> dict:
    """What a map's colours depend on besides the date and scope (the ``map-colours`` store of the national map)."""
    return {"measure": view.measure, "mode": view.mode}


#: The main trace's keys that depend on the measure and colour mode (what a measure or mode change patches).
MEASURE_KEYS = ("z", "text", "hovertemplate", "meta", "zmin", "zmax", "colorscale", "showscale", "colorbar")
_HOVER_HEAD = "<b>%{customdata[0]}</b><br>"


def _activation_hover() -> list[str]:
    """The activation lines of a county's hover (plotly template syntax), in the current language."""
    return [
        _("Activated {day}", day="%{customdata[2]}"),
        _("{days} after the first activation", days="%{customdata[5]}"),
        _("Population (2010 Census): {n}", n="%{customdata[4]}"),
    ]


def measure_settings(ds: Dataset, view: View, days: np.ndarray) -> dict:
    """The main trace's :data:`MEASURE_KEYS` for a view: colour codes (activation: on ``view.date`` from ``days``;
    a detainer measure: its classes, the same on every date — ``meta.fixed`` tells the browser's date steps to leave
    them), hover text and colour scale."""
    if view.measure == "activation":
        z = coverage.status_codes(days, (pd.Timestamp(view.date) - ds.first_date).days, view.mode)
        text, hover = None, _HOVER_HEAD + "<br>".join(_activation_hover()) + "<extra></extra>"
    else:
        z = measures.scope_table(ds, view.measure, view.state)["code"].tolist()
        text = measures.hover_texts(ds, view.measure, view.state)
        what = measures.words(view.measure, "hover")
        hover = f"{_HOVER_HEAD}{what}: %{{text}}<br>{_activation_hover()[0]}<extra></extra>"
    meta = {"mode": view.mode, "measure": view.measure, "fixed": view.measure != "activation"}
    return {"z": z, "text": text, "hovertemplate": hover, "meta": meta, **colour_settings(ds, view.mode, view.measure)}


def page_map(ds: Dataset, view: View) -> tuple[dict, list[dict]]:
    """The main page's map as two parts: the county choropleth alone (a date step recolours it in place) and the
    selection and comparison outline traces, which assets/dashboard.js draws over it and adds back to an exported
    image — so choosing or comparing a county does not make plotly redraw 3,143 county paths."""
    fig = map_figure(ds, view)
    n = 1 + measures.SLOTS  # the county choropleth and its legend slots
    return {**fig, "data": fig["data"][:n]}, fig["data"][n:]
