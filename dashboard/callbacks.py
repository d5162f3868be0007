"""Callbacks: thin glue from controls to the pure modules (viewstate, figures, cards).

Date steps and playback run in the browser (``assets/dashboard.js``): no server round trip per step or tick.
The server is asked only when the view changes in a way that needs data (county, comparison, state, mode) or
to write the settled view into the URL.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

import pandas as pd
from dash import Dash, Input, Output, Patch, State, ctx, no_update

from dashboard import cards, coverage, figures, payloads, press, timeline, viewstate
from dashboard import text as text_
from dashboard.compare import compare_table
from dashboard.data import Dataset
from dashboard.layout import coverage_store
from dashboard.viewstate import Bounds, View

if TYPE_CHECKING:
    from etl.names import CountyNames

MORE = "__more__"  # the value of the disabled "N more match" line in the finder
#: Views whose server outputs are kept per process (least recently used first out). Keys are canonical views
#: (dashboard.viewstate.View), never raw browser input. An entry shares the per-state rows; what is its own is mostly
#: the map's colour values (up to ~110 KB for the whole country), so 128 entries stay under ~15 MB a worker.
VIEW_CACHE = 128


def _options(names: CountyNames, codes: list[str]) -> list[dict]:
    return [{"label": names.label(c) or c, "value": c, "search": _search_text(names, c)} for c in codes]


def _search_text(names: CountyNames, code: str, typed: str = "") -> str:
    """What the dropdown's own in-browser filter matches against: every spelling the server accepts for the
    county (folded, spaced and joined) plus what the reader typed, so it never hides a server match."""
    from etl.names import fold, normalise

    label = names.label(code) or code
    folded = normalise(label)
    return " ".join([label, code, folded, folded.replace(" ", ""), " ".join(fold(label)), typed])


def _controls(v: View, shown: View, names: CountyNames, bounds: Bounds) -> tuple:
    """Control values for view ``v``; a control that already shows its part of ``v`` is left alone (re-sending
    it would re-run render_view and redraw the map for nothing)."""

    def changed(new, old):
        return no_update if new == old else new

    step = bounds.step_of(v)
    return (
        changed(step, bounds.step_of(shown)) if v.date != shown.date else no_update,
        step,
        changed(v.county, shown.county),
        _options(names, [v.county] if v.county else []) if v.county != shown.county else no_update,
        changed(list(v.compare), list(shown.compare)),
        _options(names, list(v.compare)) if v.compare != shown.compare else no_update,
        changed(v.state, shown.state),
        changed(v.mode, shown.mode),
    )


def register(app: Dash, ds: Dataset, bounds: Bounds) -> None:
    """Attach every callback of the main page to ``app``."""
    names = bounds.names
    assert names is not None, "Bounds.from_dataset builds the county matcher"

    @app.callback(
        Output("url", "search"),
        Output("url-replace", "data"),
        Output("date-slider", "value"),
        Output("committed-date", "data"),
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
        State("date-slider", "value"),
    )
    def sync_view(search, step, county, compare, state, mode, slider):
        """The URL is the one source of truth for the view.

        URL (load, back/forward) -> controls; a control -> the URL, changing only what that control says. A link
        that is not in canonical form is rewritten in place (history.replaceState), never pushed, so Back works.
        """
        trigger = ctx.triggered_id
        search = search if isinstance(search, str) else ""
        # The URL wins when it changed in the same batch as a control (on load, Location and the stores report
        # together): the link is what the reader asked for.
        if trigger is None or "url.search" in ctx.triggered_prop_ids:
            shown = viewstate.from_page(bounds, "", slider, county, compare, state, mode).view  # what is on screen
            parsed = viewstate.parse(search, bounds)
            v = parsed.view
            canonical = viewstate.serialize(v)
            same = bounds.step_of(v) == bounds.step_of(shown) and replace(v, date=shown.date) == shown
            if same and (search == canonical or not search):
                return (no_update,) * 12  # nothing to do (or Location echoing our own rewrite)
            notices = parsed.notices + parsed.info
            return (
                no_update,
                canonical if search and search != canonical else no_update,
                *_controls(v, shown, names, bounds),
                [f"{n} " for n in notices] or None,
                not notices,
            )
        compare = [c for c in compare if c != MORE] if isinstance(compare, list) else compare
        county = None if county == MORE else county
        parsed = viewstate.from_page(bounds, search, step, county, compare, state, mode)
        v = parsed.view
        if trigger == "county" and v.county and v.state != bounds.county_state[v.county]:
            # Finding a county shows its state (from the whole country or from another state); clearing the state
            # filter brings the country back.
            v = replace(v, state=bounds.county_state[v.county])
            parsed.info = [i for i in parsed.info if " is not in " not in i]
        query = viewstate.serialize(v)
        notices = parsed.notices + parsed.info
        return (
            query if query != search else no_update,
            no_update,
            no_update,
            no_update,
            v.county if v.county != county else no_update,
            no_update,
            list(v.compare) if list(v.compare) != compare else no_update,
            _options(names, list(v.compare)) if list(v.compare) != compare else no_update,
            v.state if v.state != state else no_update,
            v.mode if v.mode != mode else no_update,
            [f"{n} " for n in notices] or None,
            not notices,
        )

    @app.callback(
        Output("map", "figure"),
        Output("map-outlines", "data"),
        Output("timeline", "figure"),
        Output("coverage-store", "data"),
        Output("compare-table", "children"),
        Input("state", "value"),
        Input("county", "value"),
        Input("compare", "value"),
        Input("mode", "value"),
        State("url", "search"),
        State("committed-date", "data"),
        prevent_initial_call=True,
    )
    def render_view(state, county, compare, mode, search, step):
        """Rebuild the figures for a new scope, selection or mode (never for a date step). Only what a change alters
        is sent: a new state gets everything; a change of colour mode alone a Patch of the map's colours; a new
        selection or comparison the outlines (drawn over the map in the browser, so the map is not redrawn), the
        timeline and the comparison table — the page keeps its map and the scope's date-step store."""
        v = viewstate.from_page(bounds, search, step, county, compare, state, mode).view
        full = view_outputs(v)
        changed = set(ctx.triggered_prop_ids)
        if not changed or "state.value" in changed:
            return full
        if changed == {"mode.value"}:
            return recoloured(v), no_update, no_update, no_update, no_update
        return no_update, full[1], full[2], no_update, full[4]

    @lru_cache(maxsize=VIEW_CACHE)
    def recoloured(v: View) -> Patch:
        """The map's main trace in a new colour mode: its colour values, scale and bar (figures.colour_settings) and
        the mode it carries for the browser's date steps; locations, hover data and outlines stay as they are."""
        main = view_outputs(v)[0]["data"][0]
        patch = Patch()
        for key in ("z", "meta", *figures.colour_settings(ds, v.mode)):
            patch["data"][0][key] = main[key]
        return patch

    @lru_cache(maxsize=64)  # one entry per scope: the US and 51 states
    def scope(state: str | None) -> tuple[str, pd.DataFrame, dict]:
        """What depends on the state filter alone: its name, its coverage table and the browser's date-step store."""
        c = ds.counties if state is None else ds.counties[ds.counties["state"] == state]
        name = "the US" if state is None else str(c["state_name"].iloc[0])
        return name, coverage.coverage_table(c, ds.dates), coverage_store(ds, bounds, state)

    @lru_cache(maxsize=VIEW_CACHE)
    def view_outputs(v: View) -> tuple:
        name, table, store = scope(v.state)
        codes = list(dict.fromkeys([c for c in (v.county, *v.compare) if c]))
        main, outlines = figures.page_map(ds, v)
        return main, outlines, timeline.timeline_figure(ds, table, v, name), store, compare_table(ds, codes)

    @app.callback(
        Output("county-card", "children"),
        Output("map-alt", "children"),
        Output("timeline-alt", "children"),
        Output("map-table-data", "data"),
        Input("url", "search"),
        Input("map-table-details", "open"),
    )
    def from_url(search, is_open):
        """Everything drawn from the settled URL, in one round trip: the card of the county in the URL on the URL's
        date (it says "active on <date>", so it follows every settled date step; a state's card when only a state is
        chosen), the text alternatives of the map
        and the timeline (dashboard/press.py), and the map as a table, built only while the table is open."""
        v = viewstate.parse(search if isinstance(search, str) else "", bounds).view  # payloads are user input
        table = table_of(v) if is_open is True else no_update
        if ctx.triggered_id == "map-table-details":
            return no_update, no_update, no_update, table
        return (card(v), *press.alternatives(ds, v), table)

    @lru_cache(maxsize=VIEW_CACHE)
    def card(v: View):
        """The county's card; with a state and no county, the state's card (its detainers)."""
        if v.county:
            return cards.county_card(ds, v.county, v)
        return cards.state_card(ds, v.state) if v.state else None

    @lru_cache(maxsize=32)  # a whole table of counties each (built only while a reader has the table open)
    def table_of(v: View):
        return cards.map_table(ds, v)

    def search_options(text: object, selected: object) -> list[dict] | object:
        """Type-ahead options: the counties already chosen (so they stay shown), then the matches, then a line
        saying how many more matched than are shown."""
        if not isinstance(text, str) or not text:
            return no_update
        chosen = selected if isinstance(selected, list) else [selected]
        keep = [c for c in chosen if isinstance(c, str) and c in bounds.county_state]
        found = names.search(text)
        options = [{**o, "search": _search_text(names, o["value"], text)} for o in _options(names, keep)] + [
            {"label": lab, "value": f, "search": _search_text(names, f, text)} for f, lab in found.hits if f not in keep
        ]
        if found.total > len(found.hits):
            more = found.total - len(found.hits)
            options.append(
                {
                    "label": f"{text_.count_noun(more, 'more county', 'more counties')} match: type more of the "
                    "name, or add the state",
                    "value": MORE,
                    "disabled": True,
                    "search": text,
                }
            )
        return options

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
        code = payloads.clicked_location(click)
        if code not in bounds.county_state:
            return no_update, no_update
        return code, _options(names, [code])

    app.server.config.setdefault("SC_VIEW_CACHES", {}).update(
        scope=scope,
        render_view=view_outputs,
        county_card=card,
        map_table=table_of,
        text_alternatives=press.alternatives,
    )

    # --- in the browser: date steps, playback, timeline clicks, share links (assets/dashboard.js) ---------
    app.clientside_callback(
        # One callback per slider step (sc.step): recolours the map and moves the timeline marker in place (no figure
        # output, so no Plotly.react per step), writes the running line, commits the step once Play has stopped and
        # keeps the share link, downloads and embed snippet on the date shown.
        "function(i, cov, playing, search, chart, committed){"
        "return window.dash_clientside.sc.step(i, cov, playing, search, chart, committed);}",
        Output("running-line", "children"),
        Output("committed-date", "data", allow_duplicate=True),
        Output("share-link", "value"),
        Output("download-csv", "href"),
        Output("download-xlsx", "href"),
        Output("download-geojson", "href"),
        Output("embed-snippet", "value"),
        Input("date-slider", "value"),
        Input("coverage-store", "data"),
        Input("playing", "data"),
        Input("url", "search"),
        Input("embed-chart", "value"),
        State("committed-date", "data"),
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
