"""The timeline: coverage lines over national monthly detainers, with the policy milestones marked.

A pure function of the dataset and a view (testable without a browser). Upper panel: the share of counties, people
(2010 Census) and non-citizens (ACS 2006-2010) covered in the scope. Lower panel: ICE detainers lodged nationwide
per month, Oct 2007 - Jul 2015 (ICE's FOIA detainer records as published by NPR, 2016; July 2015 partial), never
interpolated. Milestones come from ``dashboard/milestones.csv`` (date, label, detail, label_es, detail_es, source,
url, confirmed, confirmed_es), each drawn as a labelled line; ``shapes[0]`` is always the view's date
(``assets/dashboard.js`` moves it).

Language: every word is in the view's language (:func:`timeline_figure` enters it). The milestones' Spanish label and
detail are columns of the CSV, not catalog messages: they are data rows edited with their sources, and a new row
would otherwise need a code change to be extracted (``tests/test_i18n.py`` checks every row has them). Their
``source`` and ``confirmed`` columns are citations and stay as written. Plotly writes the dates of the hover in English
(``%b``), so in Spanish the hover reads each point's date from ``text``, written by :func:`dashboard.i18n.fmt_day`.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

import pandas as pd

from dashboard import i18n, plotlylocale
from dashboard.data import Dataset
from dashboard.i18n import N_, _
from dashboard.periodwords import month_in
from dashboard.placenames import capital, place
from dashboard.text import fmt_day
from dashboard.viewstate import View
from etl import contract_detainers as cd

LINES = {"counties": "#0072B2", "pop_pct": "#E69F00", "noncit_pct": "#009E73"}
COMPARED = "#7b3294"
BARS = "#6b6b6b"
PARTIAL = "#c9c9c9"
MILESTONE = "#8c2d04"
#: The x axis spans the data: the first month of detainer records to the end of the last (partial) month.
X_RANGE = ("2007-10-01", "2015-08-01")
DETAINER_SOURCE = N_("ICE detainer records (FOIA), published by NPR, 2016")
MILESTONES_CSV = Path(__file__).with_name("milestones.csv")


@cache
def milestones() -> pd.DataFrame:
    """The policy milestones: ``date`` (Timestamp), ``label``, ``detail``, ``source``, ``url``, ``confirmed``."""
    df = pd.read_csv(MILESTONES_CSV, dtype=str, keep_default_na=False)
    return df.assign(date=pd.to_datetime(df["date"], format="%Y-%m-%d"))


def milestone_label(m: object) -> str:
    """A milestone's label (a row of :func:`milestones`) in the current language."""
    return m.label_es if i18n.current() == "es" and m.label_es else m.label


def _english() -> bool:
    return i18n.current() == i18n.DEFAULT_LANG


def _coverage_traces(cov: pd.DataFrame) -> tuple[list[dict], list[str], list[float]]:
    x = [d.date().isoformat() for d in cov["date"]]
    pct_counties = (100 * cov["counties"] / cov["counties_total"]).round(2).tolist()
    traces = []
    days = None if _english() else [fmt_day(d) for d in cov["date"]]
    for key, label, name, values in (
        ("counties", _("Counties"), _("% of counties"), pct_counties),
        (
            "pop_pct",
            _("Population (2010 Census)"),
            _("% of population (2010 Census)"),
            cov["pop_pct"].round(2).tolist(),
        ),
        (
            "noncit_pct",
            _("Non-citizens (ACS 2006-2010)"),
            _("% of non-citizens (ACS 2006-2010)"),
            cov["noncit_pct"].round(2).tolist(),
        ),
    ):
        trace = {
            "type": "scatter",
            "mode": "lines",
            "x": x,
            "y": values,
            "name": name,
            "line": {"shape": "hv", "color": LINES[key], "width": 2.5},
            "hovertemplate": ("%{x|%-d %b %Y}" if days is None else "%{text}") + f": %{{y:.1f}}%<extra>{label}</extra>",
        }
        if days is not None:
            trace["text"] = days
        traces.append(trace)
    return traces, x, pct_counties


#: One marker shape per marked county (the selected one first), so each is told apart in the legend without colour.
SYMBOLS = ("diamond", "square", "triangle-up", "circle", "star", "triangle-down", "cross")


def _marked_counties(ds: Dataset, view: View, x: list[str], pct_counties: list[float]) -> list[dict]:
    """One trace per selected or compared county: a marker on the counties line at its activation date, named in
    the legend with its date (legend entries never print over each other, as labels on the plot did)."""
    marked = [c for c in (view.county, *view.compare) if c]
    share = dict(zip(x, pct_counties, strict=True))
    traces = []
    for i, fips in enumerate(dict.fromkeys(marked)):
        r = ds.county(fips)
        day = r["activation_date"].date().isoformat()
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [day],
                "y": [share.get(day, 0)],
                "name": html.escape(f"{capital(place(r['name'], r['state']))}: {fmt_day(r['activation_date'])}"),
                "legendgroup": "marked",
                "legendgrouptitle": {"text": _("Selected and compared counties")} if i == 0 else None,
                "marker": {
                    "size": 11,
                    "color": COMPARED,
                    "symbol": SYMBOLS[i % len(SYMBOLS)],
                    "line": {"color": "#fff", "width": 1},
                },
                "hovertemplate": html.escape(capital(place(r["name"], r["state"])))
                + ": "
                + _("activated {day}", day="%{x|%-d %b %Y}" if _english() else fmt_day(r["activation_date"]))
                + "<extra></extra>",
            }
        )
    return traces


def detainer_bars(ds: Dataset) -> list[dict]:
    """National detainers per month on ``y2``, one filled column per month (a step area: the bundled plotly.js has
    no bar type), complete months and the partial last month apart. ``x`` is each month's first day; the last
    point repeats the final value at the next month's start so the final column has its width."""
    nat = ds.detainers[cd.NATIONAL]
    traces = []
    names = (_("Detainers per month (national)"), _("Partial month"))
    for partial, name, colour in ((False, names[0], BARS), (True, names[1], PARTIAL)):
        part = nat[nat["partial"] == partial]
        if part.empty:
            continue
        months = [f"{m}-01" for m in part["month"]]
        end = (pd.Timestamp(months[-1]) + pd.offsets.MonthBegin(1)).date().isoformat()
        values = [int(v) for v in part["detainers"]]
        text = {} if _english() else {"text": [  # the month and its count, the noun agreeing with the number
            i18n.fmt_month(pd.Timestamp(m)) + i18n.ngettext(": {n} detainer", ": {n} detainers", v)
            for m, v in zip([*months, months[-1]], [*values, values[-1]], strict=True)
        ]}  # fmt: skip
        traces.append(
            {
                **text,
                "type": "scatter",
                "mode": "lines",
                "x": [*months, end],
                "y": [*values, values[-1]],
                "yaxis": "y2",
                "fill": "tozeroy",
                "fillcolor": colour,
                "line": {"shape": "hv", "color": BARS, "width": 1},
                "name": name + (_(" ({month}, to the 19th)", month=month_in(part["month"].iloc[0])) if partial else ""),
                "hovertemplate": ("%{x|%b %Y}" + _(": {n} detainers", n="%{y:,}") if _english() else "%{text}")
                + "<extra>"
                + _(DETAINER_SOURCE)
                + "</extra>",
            }
        )
    return traces


def milestone_key() -> list[str]:
    """``["1 First activation (27 Oct 2008)", ...]``: what each numbered milestone line is."""
    return list(_milestone_key())


@i18n.cached_in_language(len(i18n.LANGS))
def _milestone_key() -> tuple[str, ...]:
    rows = enumerate(milestones().itertuples(), start=1)
    return tuple(f"{i} {milestone_label(m)} ({fmt_day(m.date)})" for i, m in rows)


def _milestone_marks() -> tuple[list[dict], list[dict]]:
    """Vertical dashed lines across both panels, each numbered at the top (the key is :func:`milestone_key`, printed
    under the chart and in image captions); numbers of close milestones are staggered so they never overlap."""
    shapes, notes = [], []
    level, previous = 0, None
    for i, m in enumerate(milestones().itertuples(), start=1):
        day = m.date.date().isoformat()
        level = (level + 1) % 3 if previous is not None and (m.date - previous).days < 120 else 0
        previous = m.date
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": day,
                "x1": day,
                "y0": 0,
                "y1": 1,
                "line": {"color": MILESTONE, "width": 1, "dash": "dash"},
                "name": f"milestone {m.label}",
            }
        )
        notes.append(
            {
                "text": f"<b>{i}</b>",
                "hovertext": html.escape(f"{milestone_label(m)}, {fmt_day(m.date)}"),
                "name": "milestone",
                "xref": "x",
                "yref": "paper",
                "x": day,
                "y": 1,
                "yanchor": "bottom",
                "yshift": 13 * level,
                "showarrow": False,
                "font": {"size": 11, "color": MILESTONE},
            }
        )
    return shapes, notes


def timeline_figure(ds: Dataset, cov: pd.DataFrame, view: View, scope: str) -> dict:
    """Coverage lines (upper panel), national monthly detainers (lower panel), the view's date and the milestones.

    ``cov``: :func:`dashboard.coverage.table` reset to a ``date`` column; ``scope``: "the US" or a state's name.
    Every word in the view's language.
    """
    with i18n.language(view.lang):
        return _timeline_figure(ds, cov, view)


class _Same:
    """A key that is its object itself (hashed by identity: a scope's coverage table is one object per process,
    ``callbacks.scope.scope``); the key keeps the object alive, so its id is never reused while cached."""

    __slots__ = ("obj",)

    def __init__(self, obj: object) -> None:
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.obj is self.obj


@i18n.cached_in_language(128)  # per scope and language (and the ones press.py builds afresh, each its own)
def _unmarked(ds: Dataset, cov: _Same) -> tuple:
    """What the timeline of a coverage table shows whatever the date and the marked counties (shared by every view
    of the scope: never mutated)."""
    lines, x, pct_counties = _coverage_traces(cov.obj)
    return lines, x, pct_counties, detainer_bars(ds), *_milestone_marks(), _panel_titles()


def _timeline_figure(ds: Dataset, cov: pd.DataFrame, view: View) -> dict:
    lines, x, pct_counties, bars, shapes, notes, titles = _unmarked(ds, _Same(cov))
    traces = lines + _marked_counties(ds, view, x, pct_counties) + bars
    date_line = {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": view.date.isoformat(),
        "x1": view.date.isoformat(),
        "y0": 0,
        "y1": 1,
        "line": {"color": "#333", "width": 1.5, "dash": "dot"},
    }
    return {
        "data": traces,
        "layout": {
            "xaxis": {"type": "date", "range": list(X_RANGE), "anchor": "y2", "showgrid": False},
            "yaxis": {
                "domain": [0.45, 1],
                "range": [0, 102],
                "ticksuffix": "%",
                "title": {"text": _("Share covered"), "standoff": 4},
            },
            # English "10k"; Spanish writes the whole number ("10,000"), never an English SI suffix
            "yaxis2": {"domain": [0, 0.28], "rangemode": "tozero", "tickformat": "~s" if _english() else ",d"},
            "separators": plotlylocale.SEPARATORS,
            "shapes": [date_line, *shapes],
            # Panel titles read across, in the gap between the panels: two upright axis titles ran into each other
            # on a phone, where each panel is shorter than its title.
            "annotations": [*notes, *titles],
            "bargap": 0.1,
            "margin": {"l": 60, "r": 10, "t": 46, "b": 30},
            "legend": {"orientation": "h", "x": 0, "y": -0.12, "yanchor": "top", "font": {"size": 11}},
            "hovermode": "closest",
            "uirevision": "timeline",
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"},
        },
    }


def _panel_titles() -> list[dict]:
    """What the lower panel counts, written across above it (the upper panel's upright title is short enough)."""
    title = {"name": "panel", "xref": "paper", "yref": "paper", "x": 0, "xanchor": "left", "yanchor": "bottom"}
    title["showarrow"] = False
    return [
        {**title, "y": 0.29, "text": _("ICE detainers per month, nationwide"), "font": {"size": 12, "color": "#444"}},
    ]


@i18n.cached_in_language(2 * len(i18n.LANGS))  # a sentence per dataset and language
def detainers_and_milestones_alt(ds: Dataset) -> str:
    """The lower panel and the milestones in words, for the text alternative, embeds and image alt text."""
    nat = ds.detainers[cd.NATIONAL]
    full = nat[~nat["partial"]]
    peak = full.loc[full["detainers"].idxmax()]
    last = full.iloc[-1]

    def month(m: str) -> str:
        return i18n.fmt_month(pd.Timestamp(m + "-01"))

    n = i18n.fmt_int
    text = _(
        "A lower panel shows ICE detainers lodged nationwide per month ({source}): {first} in {first_month}, a peak "
        "of {peak} in {peak_month}, {last} in {last_month}",
        source=_(DETAINER_SOURCE),
        first=n(nat["detainers"].iloc[0]),
        first_month=month(nat["month"].iloc[0]),
        peak=n(peak["detainers"]),
        peak_month=month(peak["month"]),
        last=n(last["detainers"]),
        last_month=month(last["month"]),
    )
    partial = nat[nat["partial"]]
    if not partial.empty:
        first_partial = partial.iloc[0]
        text += _(
            "; {month} is a partial month ({n})", month=month(first_partial["month"]), n=n(first_partial["detainers"])
        )
    return _("{text}. Numbered dashed lines mark: {key}.", text=text, key="; ".join(milestone_key()))
