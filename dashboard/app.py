"""App factory and routes. ``server = app.server`` is what gunicorn serves (``Procfile``).

Processed data is loaded and validated once, when the app is created; a broken or missing ``geodata/`` stops the
process with a one-line reason instead of serving a blank page.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import flask
from dash import Dash, dash_table, dcc
from dash._utils import to_json  # Dash's own serializer, so the cached layout is byte-identical

from dashboard import (
    callbacks,
    captions,
    data,
    downloads,
    embeds,
    figures,
    firstpaint,
    i18n,
    layout,
    measures,
    methodology,
    oembed,
    pagelang,
    press,
    responses,
    security,
    static,
    viewstate,
)
from dashboard.i18n import N_

ASSETS = Path(__file__).resolve().parent.parent / "assets"
DESCRIPTION = (
    "Where and when ICE's Secure Communities fingerprint-sharing program switched on, county by county, "
    "from October 2008 to January 2013."
)


def bounds_for(ds: data.Dataset) -> viewstate.Bounds:
    return viewstate.Bounds.from_dataset(ds)


XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _register_routes(server: flask.Flask, ds: data.Dataset, bounds: viewstate.Bounds) -> None:
    method_html = {lang: methodology.render(ds, lang) for lang in i18n.LANGS}  # ?lang=es: the Spanish page
    geometry_body = static.Body(ds.geometry, "application/geo+json")

    @server.get("/favicon.ico")
    def favicon() -> flask.Response:
        """Where a browser looks for the icon of a page that names none (methodology, embeds, error pages): Dash's
        own icon, instead of a 404 in every such page's console."""
        return flask.redirect("/_favicon.ico", 301)

    @server.get(figures.GEOJSON_URL)
    def geometry() -> flask.Response:
        """County polygons: fetched once per page load by plotly.js (and preloaded by the page), compressed once,
        cached for a day and then revalidated (the URL is inside published figures, so it carries no fingerprint)."""
        return static.public(geometry_body.response("public, max-age=86400"))  # embeds in sandboxed iframes too

    def _download(kind: str) -> flask.Response:
        parsed = viewstate.parse(flask.request.args.to_dict(flat=False), bounds)
        if parsed.notices:  # a notice says what the page shows instead; a download shows nothing instead
            return security.plain(N_("Bad request: {problem}"), 400, problem=viewstate.refusal(parsed.notices[0]))
        if parsed.unknown:  # never ignore a parameter silently: a misspelt "stat=RI" would serve every county
            return security.plain(
                N_("Bad request: “{param}” is not a parameter of this download."), 400, param=parsed.unknown[0][:40]
            )
        view = parsed.view
        measure = "" if view.measure == "activation" else f"{view.measure}-"  # files of two measures never collide
        name = f"secure-communities-{measure}{view.state or 'us'}-{view.date.isoformat()}.{kind}"
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
        """The methodology page; ``release=`` is read as the main page reads it (a retired, unknown or malformed
        release gets the same notice, naming the release shown); other parameters are ignored, as before."""
        pinned = flask.request.args.getlist(viewstate.RELEASE)
        notices = viewstate.parse({viewstate.RELEASE: pinned}, bounds).notices if pinned else []
        return flask.Response(methodology.with_notices(method_html[i18n.current()], notices), mimetype="text/html")

    @server.get("/healthz")
    def healthz() -> flask.Response:
        return flask.jsonify(status="ok", release=ds.release_id, counties=len(ds.counties))


class StaticLayoutDash(Dash):
    """The page layout never changes after start-up (the view comes from the URL), so it is serialized and
    compressed once instead of on every page load (it carries the initial figures: ~300 KB of JSON), and a repeat
    visit revalidates it (304) instead of downloading it again."""

    #: One layout per language (dashboard/pagelang.py routes the Spanish page's request here with its language).
    layouts: dict[str, object] = {}
    #: The languages whose front page has its map as a picture (dashboard/firstpaint.py) until plotly.js draws it.
    first_paint: set[str] = set()
    _layout_bodies: dict[str, static.Body] = {}

    def serve_layout(self):  # noqa: D102 - Dash's own hook
        lang = i18n.current()
        if lang not in self._layout_bodies:
            tree = self.layouts.get(lang) or self.get_layout()
            self._layout_bodies[lang] = static.Body(to_json(tree).encode(), "application/json")
        return self._layout_bodies[lang].response(static.REVALIDATE)


#: dcc.Graph's code, loaded on first use (assets/firstload.js starts that at once; the preload fetches it sooner).
GRAPH_CHUNK_URL = "/_dash-component-suites/dash/dcc/async-graph.js"


def _preload(app: Dash, bounds: viewstate.Bounds) -> None:
    """Let the first visit fetch plotly.js, the layout, the callback map, the base map and the county geometry in
    parallel with Dash's own scripts (without these hints each waits for the one before it: scripts, then the
    layout, then the figure that names the geometry)."""
    original = app.interpolate_index

    def interpolate_index(**kwargs):
        try:
            args = flask.request.args.to_dict(flat=False)
            view = viewstate.page_view(viewstate.parse(args, bounds).view, bounds)
            state, measure = view.state, view.measure
        except RuntimeError:  # outside a request
            args, state, measure = {"outside": []}, None, viewstate.DEFAULT_MEASURE
        # plotly.js's base maps: the national map's (always drawn: layout.map_box) and a state view's
        base_maps = [f"{figures.TOPOJSON_URL}{scope}_110m.json" for scope in ("usa", "world")[: 2 if state else 1]]
        lang = i18n.current()
        front = set(args) <= {"lang"} and args.get("lang", [lang]) == [lang] and lang in app.first_paint
        # Chromium has six connections to a host: on the front page the picture stands in for the map, so what the
        # live map alone needs waits for the scripts, the layout and the picture
        later = ' fetchpriority="low"' if front else ""
        links = [f'<link rel="preload" href="{url}" as="script">' for url in (press.PLOTLY_URL, GRAPH_CHUNK_URL)] + [
            f'<link rel="preload" href="{url}" as="fetch" crossorigin="anonymous"{later if url in data else ""}>'
            for data in [(figures.GEOJSON_URL, *base_maps)]
            for url in ("/_dash-layout", "/_dash-dependencies", *data)
        ]
        if front:
            # the front page (no view in its address; a language it has, as written): its map as a picture, first.
            # assets/firstload.js shows the picture only on a page with this preload.
            links += firstpaint.preload_links(lang)
        kwargs["css"] = "\n".join(links) + "\n" + kwargs.get("css", "")
        # the link's measure from the first render: a detainer measure's map is taller on a phone (style.css,
        # --map-height), so the map is drawn at its height at once, not squeezed until a resize (assets/dashboard.js
        # keeps it when the reader picks another)
        return original(**kwargs).replace("<html", f'<html data-measure="{measure}"', 1)

    app.interpolate_index = interpolate_index


def _trim_bundles() -> None:
    """Serve plotly.js's geo partial bundle (choropleth, scattergeo, scatter: all this app draws) from
    ``assets/vendor/`` at :data:`press.PLOTLY_URL` (the embeds' URL, fingerprinted by content) instead of the full
    build that Dash registers by default, and no DataTable bundle."""
    dcc._js_dist[:] = [r for r in dcc._js_dist if r.get("namespace") != "plotly"]
    dash_table._js_dist[:] = []  # no DataTable anywhere (tables are html.Table): its bundle is not sent either


def _warm_up(app: Dash) -> None:
    """Serve the index and layout once before any real request: Dash registers its component libraries on
    the first index render, which is not thread-safe (a cold gthread worker could 500 a bundle request)."""
    client = app.server.test_client()
    for path in ("/", "/_dash-layout", "/_dash-dependencies", "/?lang=es", "/es/_dash-layout"):
        client.get(path)


def _precompute(app: Dash, ds: data.Dataset, bounds: viewstate.Bounds) -> None:
    """What depends on the state filter alone, for every scope (the US and 51 states): computed once at
    start-up, in gunicorn's master (``preload_app``), so the workers share it and no reader waits for it."""
    scope = app.server.config["SC_VIEW_CACHES"]["scope"]
    for state in [None, *sorted(bounds.states)]:
        for lang in i18n.LANGS:
            with i18n.language(lang):
                scope(state, lang)
        captions.precompute(ds, state)
    for measure in measures.MEASURES:  # every county's class in each map measure (~1 s in all, once)
        measures.county_table(ds, measure)


def create_app(geodata: Path | None = None) -> Dash:
    """Build the Dash app on a validated geodata layer (the committed one unless ``geodata`` says otherwise)."""
    ds = data.load(geodata)
    bounds = bounds_for(ds)
    app = StaticLayoutDash(
        __name__,
        assets_folder=str(ASSETS),
        # embed.*: loaded only by the embed pages (dashboard/embeds.py); plotly.js: at press.PLOTLY_URL
        assets_ignore=r"embed(\.|-size\.|-host\.)(js|css)$|^plotly-.*\.js$",
        external_scripts=[press.PLOTLY_URL],
        title=layout.TITLE,
        update_title=None,
        compress=True,
        serve_locally=True,
        meta_tags=[
            {"name": "description", "content": DESCRIPTION},
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
        ],
    )
    _trim_bundles()
    app.layouts, app.first_paint = {}, set()
    for lang in i18n.LANGS:
        with i18n.language(lang):
            picture = firstpaint.picture(ds, bounds, lang)
            app.layouts[lang] = layout.build(ds, bounds, replace(bounds.default(), lang=lang), picture)
            if picture is not None:
                app.first_paint.add(lang)
    app._layout_bodies = {}
    app.layout = app.layouts[i18n.DEFAULT_LANG]  # what Dash checks the callbacks against (the same ids)
    callbacks.register(app, ds, bounds)
    _register_routes(app.server, ds, bounds)
    embeds.register(app, ds, bounds)  # embeds, plotly.js, captions, text alternatives (issue #6)
    oembed.register(app, ds, bounds, layout.TITLE)  # /oembed and the page's discovery tag (issue #13)
    static.install(app.server, str(ASSETS))
    _preload(app, bounds)
    pagelang.install(app, lambda: i18n._(layout.TITLE))  # after _preload: it moves the hints under /es/
    security.install(app.server, app.csp_hashes(), app.callback_map)
    app.server.config["SC_CALLBACK_ANSWERS"] = responses.install(app.server)  # the same body: the same answer
    _warm_up(app)
    _precompute(app, ds, bounds)
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
