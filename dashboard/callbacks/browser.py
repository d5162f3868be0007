"""Callbacks that run in the browser (``assets/dashboard.js``): date steps, playback, URL rewrites, timeline clicks,
selection outlines and tables drawn from specs. No server round trip per step or tick."""

from __future__ import annotations

from dash import Dash, Input, Output, State


def register(app: Dash) -> None:
    """Attach the clientside callbacks."""
    app.clientside_callback(
        # One callback per slider step (sc.step): recolours the map and moves the timeline marker in place (no figure
        # output, so no Plotly.react per step), writes the running line, commits the step once Play has stopped and
        # keeps the share link, downloads, embed snippet and citation on the date shown.
        "function(i, cov, playing, search, chart, measure, committed, press, notes){"
        "return window.dash_clientside.sc.step(i, cov, playing, search, chart, committed, press, measure, notes);}",
        Output("running-line", "children"),
        Output("committed-date", "data", allow_duplicate=True),
        Output("share-link", "value"),
        Output("download-csv", "href"),
        Output("download-xlsx", "href"),
        Output("download-geojson", "href"),
        Output("embed-snippet", "value"),
        Output("cite-text", "value"),
        Input("date-slider", "value"),
        Input("coverage-store", "data"),
        Input("playing", "data"),
        Input("url", "search"),
        Input("embed-chart", "value"),
        Input("measure", "value"),  # the running line names a detainer measure, which the date does not change
        State("committed-date", "data"),
        State("press-data", "data"),
        State("measure-notes", "data"),
        prevent_initial_call="initial_duplicate",  # runs on load (the links), although committed-date has two writers
    )
    app.clientside_callback(
        "function(a, b, c, i, max){return window.dash_clientside.sc.transport(a, b, c, i, max);}",
        Output("date-slider", "value", allow_duplicate=True),
        Output("play", "children"),
        Output("play", "aria-label"),
        Output("play", "aria-pressed"),
        Output("playing", "data"),
        Input("play", "n_clicks"),
        Input("prev", "n_clicks"),
        Input("next", "n_clicks"),
        State("date-slider", "value"),
        State("date-slider", "max"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        "function(q){return window.dash_clientside.sc.replaceUrl(q);}",
        Output("url-replaced", "data"),
        Input("url-replace", "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        "function(click, cov){return window.dash_clientside.sc.timelineClick(click, cov);}",
        Output("date-slider", "value", allow_duplicate=True),
        Input("timeline", "clickData"),
        State("coverage-store", "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        "function(traces){window.dash_clientside.sc.outline(traces);}",  # draws only: no output
        Input("map-outlines", "data"),
    )
    app.clientside_callback(
        "function(spec){return window.dash_clientside.sc.table('state-table-box', spec);}",
        Output("state-table-box", "children"),
        Input("state-table-data", "data"),
    )
    app.clientside_callback(
        "function(spec){return window.dash_clientside.sc.table('map-table', spec);}",
        Output("map-table", "children"),
        Input("map-table-data", "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        # the colour mode applies to the activation measure only: hidden under a detainer measure
        "function(measure){return measure !== 'activation';}",
        Output("mode-picker", "hidden"),
        Input("measure", "value"),
        prevent_initial_call=True,
    )
