"""The map, the timeline and the comparison for a new scope, selection or colour mode (never for a date step), cached
by the canonical view; only what a change alters is sent."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
from dash import Dash, Input, Output, Patch, State, ctx, no_update

from dashboard import coverage, figures, i18n, measures, timeline, viewstate
from dashboard.compare import compare_table
from dashboard.data import Dataset
from dashboard.layout import coverage_store
from dashboard.placenames import state_name
from dashboard.viewstate import Bounds, View

#: Views whose server outputs are kept per process (least recently used first out). Keys are canonical views
#: (dashboard.viewstate.View), never raw browser input. An entry shares the per-state rows; what is its own is mostly
#: the map's colour values (up to ~110 KB for the whole country), so 128 entries stay under ~15 MB a worker.
VIEW_CACHE = 128
#: The controls that change only the map's colours (sent as a Patch).
COLOUR_INPUTS = frozenset({"mode.value", "measure.value"})


def register(app: Dash, ds: Dataset, bounds: Bounds) -> dict:
    """``render_view``; returns its caches by name (for ``SC_VIEW_CACHES``)."""

    @app.callback(
        Output("map", "figure"),
        Output("state-map", "figure"),
        Output("map-box", "className"),
        Output("map-colours", "data"),
        Output("map-outlines", "data"),
        Output("timeline", "figure"),
        Output("coverage-store", "data"),
        Output("compare-table", "children"),
        Input("state", "value"),
        Input("county", "value"),
        Input("compare", "value"),
        Input("mode", "value"),
        Input("measure", "value"),
        State("url", "search"),
        State("committed-date", "data"),
        State("map-colours", "data"),
        prevent_initial_call=True,
    )
    def render_view(state, county, compare, mode, measure, search, step, national):
        """Rebuild the figures for a new scope, selection or mode (never for a date step). Only what a change alters
        is sent: a new state gets everything; a change of colour mode or measure alone a Patch of the map's colours; a
        new selection or comparison the outlines (drawn over the map in the browser, so the map is not redrawn), the
        timeline and the comparison table — the page keeps its map and the scope's date-step store.

        The national map (``map``) is drawn once: a state's view is drawn in ``state-map``, shown in its place
        (``map-box``'s ``on-state``), and back to the US shows ``map`` again, patched only if its colours (measure or
        mode, the ``map-colours`` store) changed meanwhile."""
        v = viewstate.from_page(bounds, search, step, county, compare, state, mode, measure).view
        full = view_outputs(v)
        changed = set(ctx.triggered_prop_ids)
        key = figures.colours_key(v)
        stale = v.state is None and national != key  # the national map, shown again, needs the new colours
        maps = (recoloured(v) if stale else no_update, no_update, no_update, key if stale else no_update)
        if not changed or "state.value" in changed:
            if v.state is not None:
                maps = (no_update, full[0], "map-box on-state", no_update)
            else:
                maps = (maps[0], no_update, "map-box", maps[3])
            return (*maps, *full[1:])
        # Several controls can change in one call (a shared link sets them all on load): each part answers for its
        # own (a link with county= and measure= once kept the activation map under a "rate" selector).
        if changed & COLOUR_INPUTS and v.state is not None:
            maps = (no_update, recoloured(v), no_update, no_update)
        if changed <= COLOUR_INPUTS:
            return (*maps, no_update, no_update, no_update, no_update)
        return (*maps, full[1], full[2], no_update, full[4])

    @lru_cache(maxsize=VIEW_CACHE)
    def recoloured(v: View) -> Patch:
        """The map in a new colour mode or measure: the main trace's colour values, hover text, scale and bar
        (figures.MEASURE_KEYS) and the mode and measure it carries for the browser's date steps, the legend slots
        and the legend's title; locations, hover data and outlines stay as they are."""
        fig = view_outputs(v)[0]
        patch = Patch()
        for key in figures.MEASURE_KEYS:
            patch["data"][0][key] = fig["data"][0][key]
        for i in range(1, 1 + measures.SLOTS):
            patch["data"][i] = fig["data"][i]
        patch["layout"]["legend"] = fig["layout"]["legend"]
        return patch

    @lru_cache(maxsize=128)  # one entry per scope (the US and 51 states) and language
    def scope(state: str | None, lang: str = i18n.DEFAULT_LANG) -> tuple[str, pd.DataFrame, dict]:
        """What depends on the state filter (and the language) alone: its name, its coverage table and the browser's
        date-step store with its running lines."""
        c = ds.counties if state is None else ds.counties[ds.counties["state"] == state]
        with i18n.language(lang):
            name = i18n._("the US") if state is None else state_name(str(c["state_name"].iloc[0]))
            return name, coverage.coverage_table(c, ds.dates), coverage_store(ds, bounds, state)

    @lru_cache(maxsize=VIEW_CACHE)
    def view_outputs(v: View) -> tuple:
        """Every server output of a view, computed in the view's language (the cache key, ``v``, carries it)."""
        name, table, store = scope(v.state, v.lang)
        codes = list(dict.fromkeys([c for c in (v.county, *v.compare) if c]))
        with i18n.language(v.lang):
            main, outlines = figures.page_map(ds, v)
            return main, outlines, timeline.timeline_figure(ds, table, v, name), store, compare_table(ds, codes)

    return {"scope": scope, "render_view": view_outputs}
