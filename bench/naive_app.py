"""The naive pattern, for comparison only (``bench/perf.py`` serves it next to the real app).

Same data and the same map figure as the dashboard (``dashboard.data.load()`` and
``dashboard.figures.map_figure``), but built the way most Dash maps are: a server callback on the date slider
rebuilds the whole figure — with the parsed county GeoJSON embedded in the trace — on every step, and the
browser receives all of it again each time.

Only the figure path is naive. Play / previous / next only move the slider, in the browser, exactly as in
``assets/dashboard.js``, with the same ticker (``dashboard.layout.TICK_MS``), so a step in either app costs
whatever the map's own update path costs. ``layout.meta.index`` carries the date index of the figure on
screen so the benchmark can tell how far the displayed map lags the slider during playback.

Serve with: ``HOST=127.0.0.1 PORT=8051 gunicorn --pythonpath bench naive_app:server`` (from the repository
root, which also picks up ``gunicorn.conf.py``).
"""

from __future__ import annotations

import json
from pathlib import Path

from dash import Dash, Input, Output, State, dcc, html

from dashboard import data, figures, viewstate
from dashboard.layout import TICK_MS, coverage_store  # the same ticker and running lines as the dashboard

ASSETS = Path(__file__).resolve().parent.parent / "assets"

ds = data.load()
GEOJSON = json.loads(ds.geometry)  # the parsed geometry, embedded in every figure
BOUNDS = viewstate.Bounds.from_dataset(ds)
DATES = list(BOUNDS.steps)  # the dashboard's slider steps (step 0: before the first activation)
LINES = coverage_store(ds, BOUNDS, None)["text"]
LAST = len(DATES) - 1

app = Dash(
    __name__,
    assets_folder=str(ASSETS),  # base-map TopoJSON and the same stylesheet; not dashboard.js
    assets_ignore=r".*\.js$",
    title="Naive map (benchmark)",
    update_title=None,
    compress=True,
    serve_locally=True,
)
app.layout = html.Div(
    className="page",
    children=[
        html.H1("Naive pattern: full figure per slider step"),
        dcc.Interval(id="ticker", interval=TICK_MS, disabled=True),
        html.Div(
            className="date-row",
            children=[
                html.Button("◀", id="prev", className="step"),
                html.Button("▶ Play", id="play", className="play"),
                html.Button("▶|", id="next", className="step"),
                html.Div(
                    className="slider",
                    children=[dcc.Slider(id="date-slider", min=0, max=LAST, step=1, value=LAST, updatemode="drag")],
                ),
            ],
        ),
        # The live region, sent with the figure (a naive app says what its map shows in the same callback).
        html.P(id="running-line", **{"aria-live": "polite", "aria-atomic": "true"}),
        dcc.Graph(
            id="map",
            config={"topojsonURL": figures.TOPOJSON_URL, "displaylogo": False, "responsive": True},
            style={"height": "560px"},
        ),
    ],
)


@app.callback(Output("map", "figure"), Output("running-line", "children"), Input("date-slider", "value"))
def map_for_step(index):
    """The naive step: the whole figure, geometry included, rebuilt and sent for every slider value."""
    i = max(0, min(LAST, int(index if index is not None else LAST)))
    fig = figures.map_figure(ds, viewstate.View(date=DATES[i]), geojson=GEOJSON)
    fig["layout"]["meta"] = {"index": i}
    return fig, LINES[i]


app.clientside_callback(
    """function(nPlay, nTick, nPrev, nNext, idx, disabled, maxIdx) {
        var nu = window.dash_clientside.no_update;
        var trig = window.dash_clientside.callback_context.triggered;
        var who = trig && trig.length ? trig[0].prop_id.split(".")[0] : "";
        var playing = !disabled, i = Number(idx), next = i;
        if (who === "play") { playing = !playing; if (playing && i >= maxIdx) { next = 0; } }
        else if (who === "ticker") {
            if (!playing) { return [nu, nu, nu]; }
            next = Math.min(maxIdx, i + 1); if (next >= maxIdx) { playing = false; }
        }
        else if (who === "prev") { next = Math.max(0, i - 1); playing = false; }
        else if (who === "next") { next = Math.min(maxIdx, i + 1); playing = false; }
        return [next === i ? nu : next, !playing, playing ? "❚❚ Pause" : "▶ Play"];
    }""",
    Output("date-slider", "value", allow_duplicate=True),
    Output("ticker", "disabled"),
    Output("play", "children"),
    Input("play", "n_clicks"),
    Input("ticker", "n_intervals"),
    Input("prev", "n_clicks"),
    Input("next", "n_clicks"),
    State("date-slider", "value"),
    State("ticker", "disabled"),
    State("date-slider", "max"),
    prevent_initial_call=True,
)

server = app.server


@server.get("/healthz")
def healthz():
    return {"status": "ok", "counties": len(ds.counties)}
