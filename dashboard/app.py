"""App factory and routes. ``server = app.server`` is what gunicorn serves (``Procfile``).

Processed data is loaded and validated once, when the app is created; a broken or missing ``geodata/`` stops the
process with a one-line reason instead of serving a blank page.
"""

from __future__ import annotations

import sys
from pathlib import Path

import flask
from dash import Dash

from dashboard import callbacks, data, downloads, layout, methodology, viewstate
from dashboard.jurisdiction import CountyIndex

ASSETS = Path(__file__).resolve().parent.parent / "assets"
DESCRIPTION = (
    "Where and when ICE's Secure Communities fingerprint-sharing program switched on, county by county, "
    "from October 2008 to January 2013."
)


def bounds_for(ds: data.Dataset) -> viewstate.Bounds:
    return viewstate.Bounds(
        dates=tuple(d.date() for d in ds.dates),
        county_state=dict(zip(ds.counties["fips"], ds.counties["state"], strict=True)),
        states=frozenset(ds.counties["state"]),
    )


def _plain(message: str, status: int) -> flask.Response:
    return flask.Response(message + "\n", status=status, mimetype="text/plain")


def _register_routes(server: flask.Flask, ds: data.Dataset, bounds: viewstate.Bounds) -> None:
    method_html = methodology.render(ds)

    @server.get("/geodata/counties.geojson")
    def geometry() -> flask.Response:
        """County polygons: fetched once per page load by plotly.js, cacheable, pre-compressed."""
        if flask.request.if_none_match.contains(ds.geometry_etag):
            resp = flask.Response(status=304)
        elif "gzip" in flask.request.headers.get("Accept-Encoding", ""):
            resp = flask.Response(ds.geometry_gzip, mimetype="application/geo+json")
            resp.headers["Content-Encoding"] = "gzip"
        else:
            resp = flask.Response(ds.geometry, mimetype="application/geo+json")
        resp.headers["Vary"] = "Accept-Encoding"
        resp.set_etag(ds.geometry_etag)
        resp.headers["Cache-Control"] = "public, max-age=86400"
        return resp

    def _download(kind: str) -> flask.Response:
        parsed = viewstate.parse(flask.request.args.to_dict(flat=False), bounds)
        if parsed.notices:
            return _plain(f"Bad request: {parsed.notices[0]}", 400)
        view = parsed.view
        name = f"secure-communities-{view.state or 'us'}-{view.date.isoformat()}.{kind}"
        if kind == "csv":
            resp = flask.Response(downloads.to_csv(ds, view), mimetype="text/csv")
        else:
            resp = flask.Response(downloads.to_geojson(ds, view), mimetype="application/geo+json")
        resp.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return resp

    server.add_url_rule("/download/counties.csv", "download_csv", lambda: _download("csv"))
    server.add_url_rule("/download/counties.geojson", "download_geojson", lambda: _download("geojson"))

    @server.get("/methodology")
    def method() -> flask.Response:
        return flask.Response(method_html, mimetype="text/html")

    @server.get("/healthz")
    def healthz() -> flask.Response:
        return flask.jsonify(status="ok", release=ds.release_id, counties=len(ds.counties))


def create_app(geodata: Path | None = None) -> Dash:
    """Build the Dash app on a validated geodata layer (the committed one unless ``geodata`` says otherwise)."""
    ds = data.load(geodata)
    bounds = bounds_for(ds)
    index = CountyIndex.build(ds.counties)
    app = Dash(
        __name__,
        assets_folder=str(ASSETS),
        title=layout.TITLE,
        update_title=None,
        compress=True,
        serve_locally=True,
        meta_tags=[
            {"name": "description", "content": DESCRIPTION},
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
        ],
    )
    app.layout = layout.build(ds, bounds.default())
    callbacks.register(app, ds, bounds, index)
    _register_routes(app.server, ds, bounds)
    app.server.config["SC_DATASET"] = ds
    return app


def _app_or_exit() -> Dash:
    try:
        return create_app()
    except data.StartupError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(3) from None


app = _app_or_exit()
server = app.server
