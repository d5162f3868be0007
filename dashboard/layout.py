"""The page: components with stable ids, built once per process from the dataset and the default view."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from dashboard import cards, coverage, figures, published, timeline
from dashboard.data import Dataset
from dashboard.viewstate import MODES, Bounds, View

TITLE = "Secure Communities, county by county (2008-2013)"
PROJECT = "SC Rollout Map"
GRAPH_CONFIG = {
    "topojsonURL": figures.TOPOJSON_URL,
    "displaylogo": False,
    "responsive": True,
    "scrollZoom": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    "toImageButtonOptions": {"format": "png", "width": 1200, "height": 800, "filename": "secure-communities"},
}
#: Playback: the least time between two steps (assets/dashboard.js's player waits for each step to be drawn, so a
#: slower repaint slows Play down instead of queueing steps); 220 ms asks for 4.5 steps/s.
TICK_MS = 220
PREV_LABEL = "Previous activation date"
NEXT_LABEL = "Next activation date"
MODE_LABELS = {"cohort": "Activation date", "status": "Status on the date"}


def year_marks(bounds: Bounds) -> dict[int, str]:
    """Slider marks at the first activation date of each year from 2009 (Oct-Dec 2008 is too short to label; step 0,
    "before the first activation", is named by the running line, not by a mark that would crowd 2009)."""
    marks: dict[int, str] = {}
    seen: set[int] = {bounds.dates[0].year}
    for i, d in enumerate(bounds.steps):
        if i and d.year not in seen:
            seen.add(d.year)
            marks[i] = str(d.year)
    return marks


def coverage_store(ds: Dataset, bounds: Bounds, state: str | None) -> dict:
    """What the browser needs for a date step with no server round trip, one entry per slider step (step 0 is
    the day before the first activation): dates, days after the first activation, running lines."""
    c = ds.counties if state is None else ds.counties[ds.counties["state"] == state]
    scope = "the US" if state is None else c["state_name"].iloc[0]
    steps = tuple(pd.Timestamp(d) for d in bounds.steps)
    table = coverage.coverage_table(c, steps)
    return {
        "dates": [d.date().isoformat() for d in steps],
        "days": [(d - ds.first_date).days for d in steps],
        "text": [coverage.sentence(row, scope, ds.first_date) for row in table.to_dict("records")],
    }


def build(ds: Dataset, bounds: Bounds, view: View) -> html.Div:
    idx = bounds.step_of(view)
    cov_table = coverage.coverage_table(ds.counties, ds.dates)
    states = cards.state_table(coverage.state_progress(ds.counties))
    page_map, outlines = figures.page_map(ds, view)
    return html.Div(
        className="page",
        children=[
            dcc.Location(id="url", refresh=False),
            dcc.Store(id="coverage-store", data=coverage_store(ds, bounds, view.state)),
            # The slider step the reader last settled on (None until they move it): see callbacks.url.sync_view.
            dcc.Store(id="committed-date", data=None),
            dcc.Store(id="url-replace", data=None),
            dcc.Store(id="url-replaced", data=None),
            dcc.Store(id="playing", data=False),  # set by assets/dashboard.js's player
            dcc.Store(id="map-outlines", data=outlines),  # drawn over the map by assets/dashboard.js
            html.A("Skip to the map", href="#map-section", className="skip"),
            html.Header(
                className="masthead",
                children=[
                    html.H1(TITLE),
                    html.P(
                        "Secure Communities checked the fingerprints of everyone booked into a local jail against "
                        "federal immigration records. ICE switched it on county by county, from Harris County, "
                        "Texas on 27 October 2008 to every county on 22 January 2013.",
                        className="lede",
                    ),
                    html.Nav(
                        [
                            html.A("Map", href="/", **{"aria-current": "page"}),
                            html.A("Methodology and sources", href="/methodology"),
                        ]
                    ),
                ],
            ),
            html.Div(id="notice", role="status", className="notice", hidden=True),
            html.Main(
                id="map-section",
                children=[
                    html.Section(
                        className="controls",
                        **{"aria-label": "Date and map options"},
                        children=[
                            html.Div(
                                className="date-row",
                                children=[
                                    html.Button(
                                        "◀", id="prev", className="step", **{"aria-label": "Previous activation date"}
                                    ),
                                    html.Button(
                                        "▶ Play",
                                        id="play",
                                        className="play",
                                        **{
                                            "aria-label": "Play the rollout",
                                            "aria-pressed": "false",
                                            "data-tick-ms": str(TICK_MS),
                                        },
                                    ),
                                    html.Button(
                                        "▶|", id="next", className="step", **{"aria-label": "Next activation date"}
                                    ),
                                    html.Div(
                                        className="slider",
                                        children=[
                                            html.Label("Date", id="slider-label", className="sr-only"),
                                            dcc.Slider(
                                                id="date-slider",
                                                min=0,
                                                max=len(bounds.steps) - 1,
                                                step=1,
                                                value=idx,
                                                marks=year_marks(bounds),
                                                included=True,
                                                updatemode="drag",
                                                allow_direct_input=False,
                                            ),
                                        ],
                                    ),
                                ],
                            ),
                            html.P(
                                coverage_store(ds, bounds, view.state)["text"][idx],
                                id="running-line",
                                className="running-line",
                                **{"aria-live": "polite", "aria-atomic": "true"},
                            ),
                            html.Div(
                                className="options",
                                children=[
                                    html.Div(
                                        [
                                            html.Label("Colour counties by", htmlFor="mode"),
                                            dcc.RadioItems(
                                                id="mode",
                                                options=[{"label": MODE_LABELS[m], "value": m} for m in MODES],
                                                value=view.mode,
                                                inline=True,
                                            ),
                                        ]
                                    ),
                                    html.Div(
                                        [
                                            html.Label("State", htmlFor="state"),
                                            dcc.Dropdown(
                                                id="state",
                                                options=[
                                                    {"label": r.state_name, "value": r.state}
                                                    for r in ds.states.itertuples()
                                                ],
                                                value=view.state,
                                                placeholder="Whole country",
                                                clearable=True,
                                            ),
                                        ],
                                        className="state-filter",
                                    ),
                                ],
                            ),
                        ],
                    ),
                    html.Div(
                        className="grid",
                        children=[
                            html.Section(
                                className="map-panel",
                                **{"aria-label": "County map"},
                                children=[
                                    dcc.Graph(
                                        id="map",
                                        figure=page_map,
                                        config=GRAPH_CONFIG,
                                        className="map",
                                        style={"height": "560px"},
                                    ),
                                    html.Details(
                                        id="map-table-details",
                                        children=[
                                            html.Summary("Show the map as a table"),
                                            dcc.Store(id="map-table-data"),  # drawn into #map-table by sc.table
                                            html.Div(id="map-table"),
                                        ],
                                    ),
                                ],
                            ),
                            html.Aside(
                                className="side",
                                children=[
                                    html.H2("Find a county"),
                                    html.Label("County name", htmlFor="county", className="sr-only"),
                                    dcc.Dropdown(
                                        id="county",
                                        options=[],
                                        value=None,
                                        placeholder="Type a county name, e.g. Harris TX",
                                        searchable=True,
                                        search_order="original",  # the server ranks the matches
                                        clearable=True,
                                    ),
                                    html.Div(id="county-card", **{"aria-live": "polite"}),
                                    html.H2("Compare counties"),
                                    html.Label("Counties to compare", htmlFor="compare", className="sr-only"),
                                    dcc.Dropdown(
                                        id="compare",
                                        options=[],
                                        value=[],
                                        multi=True,
                                        placeholder="Add counties to compare",
                                        search_order="original",
                                        # no "Select All" over a page of matches: at most 6 are compared
                                        labels={"select_all": ""},
                                    ),
                                    html.Div(id="compare-table"),
                                ],
                            ),
                        ],
                    ),
                    html.Section(
                        className="timeline-panel",
                        **{"aria-label": "Coverage over time"},
                        children=[
                            html.H2("Coverage over time, and what it caught"),
                            html.P(
                                "Upper panel: cumulative share of counties, of the 2010 population and of non-citizen "
                                "residents under the program. Lower panel: ICE detainers lodged nationwide each month "
                                "(ICE's FOIA records, published by NPR; July 2015 is a partial month). Dashed lines: "
                                "policy milestones, sourced on the Methodology page. Click the chart to move the map "
                                "to that date.",
                                className="hint",
                            ),
                            dcc.Graph(
                                id="timeline",
                                figure=timeline.timeline_figure(ds, cov_table, view, "the US"),
                                config={
                                    **GRAPH_CONFIG,
                                    "toImageButtonOptions": {"format": "png", "width": 1200, "height": 600},
                                },
                                className="timeline",
                                style={"height": "520px"},
                            ),
                            html.Ol(
                                [html.Li(k.split(" ", 1)[1]) for k in timeline.milestone_key()],
                                className="milestone-key",
                                **{"aria-label": "Numbered milestones on the timeline"},
                            ),
                            html.Details(
                                className="published-figures",
                                children=[
                                    html.Summary("Published figures: cited reference points, one table per measure"),
                                    html.P(
                                        "Totals published by ICE, GAO and the press, as each source worded them. They "
                                        "are not part of the county data and their periods differ.",
                                        className="hint",
                                    ),
                                    *published.published_section(ds),
                                ],
                            ),
                        ],
                    ),
                    html.Section(
                        className="states-panel",
                        **{"aria-label": "State progress"},
                        children=[
                            html.H2("State by state"),
                            html.P(
                                "When each state's first county was switched on and when it reached 100%. "
                                "Click a column heading to sort.",
                                className="hint",
                            ),
                            # drawn by assets/dashboard.js (sc.table) from the store: see cards.state_table
                            dcc.Store(id="state-table-data", data=states),
                            html.Div(id="state-table-box", className="table-box"),
                        ],
                    ),
                ],
            ),
            html.Footer(
                children=[
                    html.Div(
                        className="share",
                        children=[
                            html.A("Download this view (CSV)", id="download-csv", href="/download/counties.csv"),
                            " · ",
                            html.A("Excel", id="download-xlsx", href="/download/counties.xlsx"),
                            " · ",
                            html.A("GeoJSON", id="download-geojson", href="/download/counties.geojson"),
                            " · ",
                            html.Label("Link to this view ", htmlFor="share-link"),
                            dcc.Input(id="share-link", type="text", value="", readOnly=True, className="share-link"),
                        ],
                    ),
                    html.Section(
                        className="press",
                        **{"aria-labelledby": "press-title"},
                        children=[
                            html.H2("For the press: embed, export, caption", id="press-title"),
                            html.Div(
                                className="press-embed",
                                children=[
                                    html.Label("Embed", htmlFor="embed-snippet"),
                                    dcc.RadioItems(
                                        id="embed-chart",
                                        options=[
                                            {"label": "Map", "value": "map"},
                                            {"label": "Coverage over time", "value": "timeline"},
                                            {"label": "County card", "value": "county"},
                                        ],
                                        value="map",
                                        inline=True,
                                    ),
                                    dcc.Textarea(
                                        id="embed-snippet", value="", readOnly=True, rows=3, className="embed-snippet"
                                    ),
                                ],
                            ),
                            html.Div(
                                className="press-export",
                                children=[
                                    html.Label("Image size ", htmlFor="press-size"),
                                    html.Select(
                                        id="press-size",
                                        children=[
                                            html.Option("1200 × 800", value="landscape"),
                                            html.Option("1080 × 1080", value="square"),
                                            html.Option("2400 × 1600 (print)", value="print"),
                                        ],
                                    ),
                                    *[
                                        html.Button(
                                            f"{name} {fmt.upper()}",
                                            id=f"export-{chart}-{fmt}",
                                            className="step",
                                            **{"data-sc-export": fmt, "data-sc-chart": chart},
                                        )
                                        for chart, name in (("map", "Map"), ("timeline", "Timeline"))
                                        for fmt in ("png", "svg")
                                    ],
                                    html.Span(id="press-status", role="status"),
                                ],
                            ),
                            html.P(["Map, as text: ", html.Span(id="map-alt")]),
                            html.P(["Timeline, as text: ", html.Span(id="timeline-alt")]),
                        ],
                    ),
                    html.P(
                        [
                            "Data: ICE activation list as transcribed by Vargas-Núñez et al. (PNAS 2026); U.S. Census "
                            "Bureau. Release ",
                            html.Code(ds.release_id),
                            ". ",
                            html.A("Methodology and sources", href="/methodology"),
                            ".",
                        ]
                    ),
                ]
            ),
        ],
    )
