"""The page: components with stable ids, built once per process from the dataset and the default view."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from dashboard import coverage, figures, i18n, measures, panels, plotlylocale
from dashboard.data import Dataset
from dashboard.i18n import N_, _
from dashboard.placenames import state_name, state_options
from dashboard.text import dropdown_labels
from dashboard.viewstate import MEASURES, MODES, Bounds, View

TITLE = N_("Secure Communities, county by county (2008-2013)")
PROJECT = "SC Rollout Map"
GRAPH_CONFIG = {
    "topojsonURL": figures.TOPOJSON_URL,
    "displaylogo": False,
    "responsive": True,
    "scrollZoom": False,
    # sendChartToCloud: plotly's "Share chart..." uploads the chart to a third party (and its locale has no Spanish)
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "sendChartToCloud"],
    "toImageButtonOptions": {"format": "png", "width": 1200, "height": 800, "filename": "secure-communities"},
}
#: Playback: the least time between two steps (assets/dashboard.js's player waits for each step to be drawn, so a
#: slower repaint slows Play down instead of queueing steps); 220 ms asks for 4.5 steps/s.
TICK_MS = 220
PREV_LABEL = N_("Previous activation date")
NEXT_LABEL = N_("Next activation date")
MODE_LABELS = {"cohort": N_("Activation date"), "status": N_("Status on the date")}


#: The least gap between two slider labels, as a share of the slider: on a 360 px phone the slider is ~300 px wide
#: and a year label ~30 px, so labels closer than this ran together ("20122013").
MIN_MARK_GAP = 0.12


def year_marks(bounds: Bounds) -> dict[int, str]:
    """Slider marks at the first activation date of each year from 2009 (Oct-Dec 2008 is too short to label; step 0,
    "before the first activation", is named by the running line, not by a mark that would crowd 2009). A year too
    close to the one before (2013: its only date, 22 Jan, is 16 steps after 2012's first) is left unlabelled; the
    running line names every date."""
    marks: dict[int, str] = {}
    seen: set[int] = {bounds.dates[0].year}
    last = -len(bounds.steps)
    for i, d in enumerate(bounds.steps):
        if i and d.year not in seen:
            seen.add(d.year)
            if i - last >= MIN_MARK_GAP * (len(bounds.steps) - 1):
                marks[i] = str(d.year)
                last = i
    return marks


def coverage_store(ds: Dataset, bounds: Bounds, state: str | None) -> dict:
    """What the browser needs for a date step with no server round trip, one entry per slider step (step 0 is
    the day before the first activation): dates, days after the first activation, running lines."""
    c = ds.counties if state is None else ds.counties[ds.counties["state"] == state]
    name = None if state is None else state_name(str(c["state_name"].iloc[0]))
    steps = tuple(pd.Timestamp(d) for d in bounds.steps)
    table = coverage.coverage_table(c, steps)
    return {
        "dates": [d.date().isoformat() for d in steps],
        "days": [(d - ds.first_date).days for d in steps],
        "text": [coverage.sentence(row, name, ds.first_date) for row in table.to_dict("records")],
        # what the running line adds for this scope under a measure (sc.step): the citizen lifts in no county
        "notes": {m: note for m in MEASURES if (note := measures.scope_note(ds, m, state))},
    }


def map_options(ds: Dataset, view: View) -> html.Div:
    """What the map shows: the colour mode and the state filter, under the map at every width, so a phone reader's
    first screen holds the running line, Play and the map (issue #13), and the reading order is the visual one."""
    return html.Div(
        className="options",
        children=[
            html.Div(
                [
                    html.Label(_("The map shows"), htmlFor="measure"),
                    dcc.Dropdown(
                        id="measure",
                        options=[{"label": _(measures.LABELS[m]), "value": m} for m in MEASURES],
                        value=view.measure,
                        clearable=False,
                        searchable=False,
                        labels=dropdown_labels(),
                    ),
                ],
                className="measure-picker",
            ),
            html.Div(
                [
                    html.Label(_("Colour counties by"), htmlFor="mode"),
                    dcc.RadioItems(
                        id="mode",
                        options=[{"label": _(MODE_LABELS[m]), "value": m} for m in MODES],
                        value=view.mode,
                        inline=True,
                    ),
                ],
                id="mode-picker",
                hidden=view.measure != "activation",  # a detainer measure has no colour mode (callbacks.browser)
            ),
            html.Div(
                [
                    html.Label(_("State"), htmlFor="state"),
                    dcc.Dropdown(
                        id="state",
                        options=state_options(list(zip(ds.states["state"], ds.states["state_name"], strict=True))),
                        value=view.state,
                        placeholder=_("Whole country"),
                        clearable=True,
                        labels=dropdown_labels(),
                    ),
                ],
                className="state-filter",
            ),
        ],
    )


def map_box(page_map: dict, view: View, first_paint: html.Picture | None = None) -> html.Div:
    """The national map, drawn once, and the state view's map in its place (shown by ``on-state``: style.css). A state
    zoom draws only the state's counties in ``state-map``; back to the US shows ``map`` again, never redrawn for it
    (callbacks.scope.render_view; assets/dashboard.js keeps the hidden national map on the displayed date); and the
    front page's map as a picture (``first_paint``: dashboard/firstpaint.py) until plotly.js has drawn it."""
    config = {**GRAPH_CONFIG, **plotlylocale.config()}
    style = {"height": "var(--map-height)"}  # style.css: per screen width
    return html.Div(
        id="map-box",
        className="map-box",
        children=[
            dcc.Graph(id="map", figure=page_map, config=config, className="map", style=style),
            dcc.Graph(id="state-map", figure=figures.EMPTY_MAP, config=config, className="map", style=style),
            # the front page's map as a picture until plotly.js has drawn it
            *([first_paint] if first_paint is not None else []),
            # what the national map is coloured by: a measure or mode chosen on a state view reaches it when shown
            dcc.Store(id="map-colours", data=figures.colours_key(view)),
        ],
    )


def language_switch(lang: str) -> html.A:
    """The other language, named in itself ("Español" / "English"). assets/links.js keeps its address on the view
    shown (the same view in the other language); without scripts it opens that language's front page."""
    other = "es" if lang == "en" else "en"
    return html.A(
        i18n.NAMES[other],
        id="lang-switch",
        href="/" if other == i18n.DEFAULT_LANG else f"/?lang={other}",
        lang=other,
        hrefLang=other,
        className="lang-switch",
        **{"data-lang": other},
    )


def build(ds: Dataset, bounds: Bounds, view: View, first_paint: html.Picture | None = None) -> html.Div:
    """The page in the current language (:func:`dashboard.i18n.language`, set to ``view.lang`` by the caller);
    ``first_paint``: the front page's map as a picture (:func:`dashboard.firstpaint.picture`), if any."""
    idx = bounds.step_of(view)
    page_map, outlines = figures.page_map(ds, view)
    home = "/" if view.lang == i18n.DEFAULT_LANG else f"/?lang={view.lang}"
    method = "/methodology"
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
            # the running line's note per map measure (a detainer measure does not change with the date)
            dcc.Store(id="measure-notes", data={m: measures.running_note(m) for m in MEASURES}),
            html.A(_("Skip to the map"), href="#map-section", className="skip"),
            html.Header(
                className="masthead",
                children=[
                    html.H1(_(TITLE)),
                    html.P(
                        _(
                            "Secure Communities checked the fingerprints of everyone booked into a local jail "
                            "against federal immigration records. ICE switched it on county by county, from Harris "
                            "County, Texas on 27 October 2008 to every county on 22 January 2013."
                        ),
                        className="lede",
                    ),
                    html.Nav(
                        [
                            html.A(_("Map"), href=home, **{"aria-current": "page"}),
                            html.A(_("Methodology and sources"), href=method),
                            language_switch(view.lang),
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
                        **{"aria-label": _("Date")},
                        children=[
                            html.Div(
                                className="date-row",
                                children=[
                                    html.Button("◀", id="prev", className="step", **{"aria-label": _(PREV_LABEL)}),
                                    html.Button(
                                        _("▶ Play"),
                                        id="play",
                                        className="play",
                                        **{
                                            "aria-label": _("Play the rollout"),
                                            # the player's labels in the page's language (assets/dashboard.js)
                                            "data-play": _("▶ Play"),
                                            "data-pause": _("❚❚ Pause"),
                                            "data-play-aria": _("Play the rollout"),
                                            "data-pause-aria": _("Pause the rollout"),
                                            "aria-pressed": "false",
                                            "data-tick-ms": str(TICK_MS),
                                        },
                                    ),
                                    html.Button("▶|", id="next", className="step", **{"aria-label": _(NEXT_LABEL)}),
                                    html.Div(
                                        className="slider",
                                        children=[
                                            html.Label(_("Date"), id="slider-label", className="sr-only"),
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
                                coverage_store(ds, bounds, view.state)["text"][idx]
                                + measures.running_note(view.measure)
                                + measures.scope_note(ds, view.measure, view.state),
                                id="running-line",
                                className="running-line",
                                **{"aria-live": "polite", "aria-atomic": "true"},
                            ),
                        ],
                    ),
                    html.Div(
                        className="grid",
                        children=[
                            html.Section(
                                className="map-panel",
                                **{"aria-label": _("County map")},
                                children=[
                                    map_box(page_map, view, first_paint),
                                    map_options(ds, view),
                                    html.Details(
                                        id="map-table-details",
                                        children=[
                                            html.Summary(_("Show the map as a table")),
                                            dcc.Store(id="map-table-data"),  # drawn into #map-table by sc.table
                                            html.Div(id="map-table"),
                                        ],
                                    ),
                                ],
                            ),
                            html.Aside(
                                className="side",
                                children=[
                                    html.H2(_("Find a county")),
                                    *panels.county_finder(
                                        "county",
                                        _("County name"),
                                        _("Type a county name, e.g. Harris TX"),
                                        value=None,
                                        searchable=True,
                                        clearable=True,
                                        labels=dropdown_labels(),
                                    ),
                                    html.Div(id="county-card", **{"aria-live": "polite"}),
                                ],
                            ),
                        ],
                    ),
                    panels.compare_panel(),
                    panels.timeline_panel(ds, view, {**GRAPH_CONFIG, **plotlylocale.config()}),
                    panels.states_panel(ds),
                ],
            ),
            panels.footer(ds),
        ],
    )
