"""A blank Dash page that loads the same plotly.js bundle as the dashboard, for ``bench/map_step.py``.

The floor for "first coloured map": Dash's renderer, the component bundles and the vendored geo partial build of
plotly.js (``assets/vendor/``), and a layout with one line of text — no figure, no data, no geometry. The page is
"ready" when that line is in the DOM and ``window.Plotly`` is defined.

Serve with: ``HOST=127.0.0.1 PORT=8052 gunicorn --pythonpath bench blank_app:server`` (from the repository root).
"""

from __future__ import annotations

from pathlib import Path

from dash import Dash, dcc, html

ASSETS = Path(__file__).resolve().parent.parent / "assets"

app = Dash(
    __name__,
    assets_folder=str(ASSETS),
    assets_ignore=r"^(?!plotly-geo-).*\.(js|css)$",  # only assets/vendor/plotly-geo-*.js
    title="Blank page (benchmark)",
    update_title=None,
    compress=True,
    serve_locally=True,
)
dcc._js_dist[:] = [r for r in dcc._js_dist if r.get("namespace") != "plotly"]  # as dashboard.app does
app.layout = html.Div([html.P("Blank page: Dash and plotly.js only.", id="blank-ready"), dcc.Store(id="unused")])
server = app.server
