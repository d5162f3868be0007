"""Callbacks: thin glue from controls to the pure modules (viewstate, figures, cards).

Date steps and playback run in the browser (``assets/dashboard.js``): no server round trip per step or tick.
The server is asked only when the view changes in a way that needs data (county, comparison, state, mode) or
to write the settled view into the URL.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, no_update

from dashboard import cards, coverage, figures, viewstate
from dashboard.data import Dataset
from dashboard.jurisdiction import CountyIndex
from dashboard.layout import coverage_store
from dashboard.viewstate import Bounds, View


def _options(index: CountyIndex, codes: list[str]) -> list[dict]:
    return [{"label": index.label(c) or c, "value": c} for c in codes]


def register(app: Dash, ds: Dataset, bounds: Bounds, index: CountyIndex) -> None:
    """Attach every callback of the main page to ``app``."""

    @app.callback(
        Output("url", "search"),
        Output("date-slider", "value"),
        Output("county", "value"),
        Output("county", "options"),
        Output("compare", "value"),
        Output("compare", "options"),
        Output("state", "value"),
        Output("mode", "value"),
        Output("notice", "children"),
        Output("notice", "hidden"),
        Input("url", "search"),
        Input("committed-date", "data"),
        Input("county", "value"),
        Input("compare", "value"),
        Input("state", "value"),
        Input("mode", "value"),
    )
    def sync_url(search, date_index, county, compare, state, mode):
        """URL -> controls on load and history moves; controls -> URL when the user changes the view."""
        trigger = ctx.triggered_id
        search = search if isinstance(search, str) else ""
        if trigger in (None, "url"):
            parsed = viewstate.parse(search, bounds)
            v = parsed.view
            rewrite = viewstate.serialize(v) if parsed.notices else no_update
            notices = parsed.notices + parsed.info

            def changed(new, old):
                # Re-sending an unchanged control would re-run render_view and redraw the map for nothing.
                return no_update if new == old else new

            return (
                rewrite,
                changed(viewstate.date_index(v, bounds), date_index),
                changed(v.county, county),
                _options(index, [v.county] if v.county else []) if v.county != county else no_update,
                changed(list(v.compare), compare if isinstance(compare, list) else None),
                _options(index, list(v.compare)) if list(v.compare) != compare else no_update,
                changed(v.state, state),
                changed(v.mode, mode),
                [f"{n} " for n in notices] or None,
                not notices,
            )
        v = viewstate.from_controls(bounds, date_index, county, compare, state, mode)
        state_out = no_update
        if trigger == "county" and v.county and v.state is None:
            # Finding a county zooms to its state; clearing the state filter brings the country back.
            v = View(v.date, v.county, v.compare, bounds.county_state[v.county], v.mode)
            state_out = v.state
        query = viewstate.serialize(v)
        return (
            query if query != search else no_update,
            no_update,
            no_update,
            no_update,
            no_update,
            no_update,
            state_out,
            no_update,
            no_update,
            True,
        )

    @app.callback(
        Output("map", "figure"),
        Output("timeline", "figure"),
        Output("coverage-store", "data"),
        Output("county-card", "children"),
        Output("compare-table", "children"),
        Input("state", "value"),
        Input("county", "value"),
        Input("compare", "value"),
        Input("mode", "value"),
        State("date-slider", "value"),
        prevent_initial_call=True,
    )
    def render_view(state, county, compare, mode, date_index):
        """Rebuild the figures for a new scope, selection or mode (never for a date step)."""
        v = viewstate.from_controls(bounds, date_index, county, compare, state, mode)
        c = ds.counties if v.state is None else ds.counties[ds.counties["state"] == v.state]
        scope = "the US" if v.state is None else str(c["state_name"].iloc[0])
        table = coverage.coverage_table(c, ds.dates)
        card = cards.county_card(ds, v.county, v) if v.county else None
        codes = list(dict.fromkeys([c for c in (v.county, *v.compare) if c]))
        return (
            figures.map_figure(ds, v),
            figures.timeline_figure(ds, table, v, scope),
            coverage_store(ds, v.state),
            card,
            cards.compare_table(ds, codes),
        )

    def search_options(text: object, selected: object) -> list[dict] | object:
        """Type-ahead options: the counties already chosen (so they stay shown), then the matches."""
        if not isinstance(text, str) or not text:
            return no_update
        chosen = selected if isinstance(selected, list) else [selected]
        keep = [c for c in chosen if isinstance(c, str) and c in bounds.county_state]
        return _options(index, keep) + [{"label": lab, "value": f} for f, lab in index.search(text) if f not in keep]

    for dropdown in ("county", "compare"):
        app.callback(
            Output(dropdown, "options", allow_duplicate=True),
            Input(dropdown, "search_value"),
            State(dropdown, "value"),
            prevent_initial_call=True,
        )(search_options)

    @app.callback(
        Output("county", "value", allow_duplicate=True),
        Output("county", "options", allow_duplicate=True),
        Input("map", "clickData"),
        prevent_initial_call=True,
    )
    def click_county(click):
        """Clicking a county on the map selects it, as if it had been searched for."""
        try:
            code = click["points"][0]["location"]
        except (TypeError, KeyError, IndexError):
            return no_update, no_update
        if code not in bounds.county_state:
            return no_update, no_update
        return code, _options(index, [code])

    @app.callback(
        Output("map-table", "children"),
        Input("table-date", "data"),
        Input("state", "value"),
        State("map-table-details", "open"),
        prevent_initial_call=True,
    )
    def map_table(date_index, state, is_open):
        """The map as a table; only asked for while the table is open (see sc.tableDate in dashboard.js)."""
        if not is_open:
            return no_update
        return cards.map_table(ds, viewstate.from_controls(bounds, date_index, None, None, state, None))

    # --- in the browser: date steps, playback, timeline clicks, share links (assets/dashboard.js) ---------
    app.clientside_callback(
        "function(i, cov, m, t){return window.dash_clientside.sc.render(i, cov, m, t);}",
        Output("map", "figure", allow_duplicate=True),
        Output("timeline", "figure", allow_duplicate=True),
        Output("running-line", "children"),
        Input("date-slider", "value"),
        Input("coverage-store", "data"),
        State("map", "figure"),
        State("timeline", "figure"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        "function(a, b, c, d, i, off, max){return window.dash_clientside.sc.transport(a, b, c, d, i, off, max);}",
        Output("date-slider", "value", allow_duplicate=True),
        Output("ticker", "disabled"),
        Output("play", "children"),
        Output("play", "aria-label"),
        Output("play", "aria-pressed"),
        Input("play", "n_clicks"),
        Input("ticker", "n_intervals"),
        Input("prev", "n_clicks"),
        Input("next", "n_clicks"),
        State("date-slider", "value"),
        State("ticker", "disabled"),
        State("date-slider", "max"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        "function(i, off){return window.dash_clientside.sc.commit(i, off);}",
        Output("committed-date", "data"),
        Input("date-slider", "value"),
        Input("ticker", "disabled"),
    )
    app.clientside_callback(
        "function(i, open){return window.dash_clientside.sc.tableDate(i, open);}",
        Output("table-date", "data"),
        Input("committed-date", "data"),
        Input("map-table-details", "open"),
    )
    app.clientside_callback(
        "function(click, cov){return window.dash_clientside.sc.timelineClick(click, cov);}",
        Output("date-slider", "value", allow_duplicate=True),
        Input("timeline", "clickData"),
        State("coverage-store", "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        "function(search, chart){return window.dash_clientside.sc.links(search, chart);}",
        Output("share-link", "value"),
        Output("download-csv", "href"),
        Output("download-geojson", "href"),
        Output("embed-snippet", "value"),
        Input("url", "search"),
        Input("embed-chart", "value"),
    )
