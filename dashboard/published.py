"""Published figures a reader can read: one small table per measure, every value with its date and source.

Pure functions from :class:`dashboard.data.Dataset` (``geodata/published_figures.csv``: national, state and county
figures published by ICE, GAO and the press, each row with its ``source_url``) to Dash components. Nothing is
hover-only: each row prints the value as its source worded it, the period and who reported it, with the link. The
tables are reference points cited as published; they are not part of the county data.
"""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard.data import Dataset
from dashboard.text import qualified

LEVEL_WORDS = {"national": "Nationwide", "state": "By state", "county": "By county"}


def _period(start: str, end: str, note: str) -> str:
    span = f"{start} to {end}" if start else f"to {end}"
    return f"{span} ({note})" if note else span


def measure_rows(figs: pd.DataFrame) -> list[dict[str, str]]:
    """One dict per published figure of one measure, ordered by place then period end: ``place, value, period,
    reported_by, source_url`` (text as shown)."""
    ordered = figs.sort_values(["place", "period_end", "figure_id"])
    return [
        {
            "place": f.place,
            "value": qualified(f.value, f.qualifier, f.unit),
            "period": _period(f.period_start, f.period_end, f.period_note),
            "reported_by": f.reported_by,
            "source_url": f.source_url,
        }
        for f in ordered.itertuples()
    ]


def measure_table(label: str, figs: pd.DataFrame) -> html.Table:
    """A captioned table of one measure's published figures."""
    head = html.Tr([html.Th(t, scope="col") for t in ("Place", "Figure", "Period", "Source")])
    body = [
        html.Tr(
            [
                html.Td(r["place"]),
                html.Td(r["value"], className="num"),
                html.Td(r["period"]),
                html.Td(
                    [
                        r["reported_by"],
                        " — ",
                        html.A("source", href=r["source_url"], rel="noopener noreferrer nofollow", target="_blank"),
                    ]
                ),
            ]
        )
        for r in measure_rows(figs)
    ]
    return html.Table(className="published", children=[html.Caption(label), html.Thead(head), html.Tbody(body)])


def published_section(ds: Dataset) -> list:
    """Headings and one table per measure, national first, then state and county figures."""
    out: list = []
    for level in ("national", "state", "county"):
        figs = ds.figures[ds.figures["level"] == level]
        if figs.empty:
            continue
        out.append(html.H3(LEVEL_WORDS[level]))
        for _metric, group in figs.groupby("metric", sort=False):
            out.append(html.Div(measure_table(group["metric_label"].iloc[0], group), className="table-scroll"))
    return out
