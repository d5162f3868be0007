"""App factory and routes. ``server = app.server`` is what gunicorn serves (``Procfile``).

Processed data is loaded and validated once, when the app is created; a broken or missing ``geodata/`` stops the
process with a one-line reason instead of serving a blank page.
"""

from __future__ import annotations

import sys
from pathlib import Path

import flask
from dash import Dash, dcc
from dash._utils import to_json  # Dash's own serializer, so the cached layout is byte-identical

from dashboard import callbacks, data, downloads, layout, methodology, press, security, viewstate

ASSETS = Path(__file__).resolve().parent.parent / "assets"
DESCRIPTION = (
    "Where and when ICE's Secure Communities fingerprint-sharing program switched on, county by county, "
    "from October 2008 to January 2013."
)


def bounds_for(ds: data.Dataset) -> viewstate.Bounds:
    return viewstate.Bounds.from_dataset(ds)


XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plain(message: str, status: int) -> flask.Response:
    return flask.Response(message + "\n", status=status, mimetype="text/plain")


def _register_routes(server: flask.Flask, ds: data.Dataset, bounds: viewstate.Bounds) -> None:
    method_html = methodology.render(ds)

    @server.get("/geodata/counties.geojson")
    def geometry() -> flask.Response:
        """County polygons: fetched once per page load by plotly.js, cacheable, pre-compressed."""
        if flask.request.if_none_match.contains(ds.geometry_etag):
            resp = flask.Response(status=304)
        elif flask.request.accept_encodings.quality("gzip") > 0:
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
        if parsed.notices:  # a notice says what the page shows instead; a download shows nothing instead
            return _plain(f"Bad request: {viewstate.refusal(parsed.notices[0])}", 400)
        if parsed.unknown:  # never ignore a parameter silently: a misspelt "stat=RI" would serve every county
            return _plain(f"Bad request: “{parsed.unknown[0][:40]}” is not a parameter of this download.", 400)
        view = parsed.view
        name = f"secure-communities-{view.state or 'us'}-{view.date.isoformat()}.{kind}"
        if kind == "csv":
            resp = flask.Response(downloads.to_csv(ds, view), mimetype="text/csv")
        elif kind == "xlsx":
            resp = flask.Response(downloads.to_xlsx(ds, view), mimetype=XLSX_MIMETYPE)
        else:
            resp = flask.Response(downloads.to_geojson(ds, view), mimetype="application/geo+json")
        resp.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return resp

    server.add_url_rule("/download/counties.csv", "download_csv", lambda: _download("csv"))
    server.add_url_rule("/download/counties.geojson", "download_geojson", lambda: _download("geojson"))
    server.add_url_rule("/download/counties.xlsx", "download_xlsx", lambda: _download("xlsx"))

    @server.get("/methodology")
    def method() -> flask.Response:
        return flask.Response(method_html, mimetype="text/html")

    @server.get("/healthz")
    def healthz() -> flask.Response:
        return flask.jsonify(status="ok", release=ds.release_id, counties=len(ds.counties))


class StaticLayoutDash(Dash):
    """The page layout never changes after start-up (the view comes from the URL), so it is serialized once
    instead of on every page load (it carries the initial figures: ~300 KB of JSON)."""

    _layout_json: str | None = None

    def serve_layout(self):  # noqa: D102 - Dash's own hook
        if self._layout_json is None:
            self._layout_json = to_json(self.get_layout())
        return self.backend.make_response(self._layout_json, mimetype="application/json")


def _use_partial_plotly() -> None:
    """Serve plotly.js's geo partial bundle (choropleth, scattergeo, scatter: all this app draws; 464 KB gzip)
    from ``assets/vendor/`` instead of the full 4.6 MB build (1.4 MB gzip) that Dash registers by default."""
    dcc._js_dist[:] = [r for r in dcc._js_dist if r.get("namespace") != "plotly"]


def _warm_up(app: Dash) -> None:
    """Serve the index and layout once before any real request: Dash registers its component libraries on
    the first index render, which is not thread-safe (a cold gthread worker could 500 a bundle request)."""
    client = app.server.test_client()
    for path in ("/", "/_dash-layout", "/_dash-dependencies"):
        client.get(path)


def create_app(geodata: Path | None = None) -> Dash:
    """Build the Dash app on a validated geodata layer (the committed one unless ``geodata`` says otherwise)."""
    ds = data.load(geodata)
    bounds = bounds_for(ds)
    app = StaticLayoutDash(
        __name__,
        assets_folder=str(ASSETS),
        assets_ignore=r"embed\.(js|css)$",  # loaded only by the embed pages (dashboard/press.py)
        title=layout.TITLE,
        update_title=None,
        compress=True,
        serve_locally=True,
        meta_tags=[
            {"name": "description", "content": DESCRIPTION},
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
        ],
    )
    _use_partial_plotly()
    app.layout = layout.build(ds, bounds, bounds.default())
    callbacks.register(app, ds, bounds)
    _register_routes(app.server, ds, bounds)
    press.register(app, ds, bounds)  # embeds, plotly.js, captions, text alternatives (issue #6)
    security.install(app.server, app.csp_hashes(), app.callback_map)
    _warm_up(app)
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
