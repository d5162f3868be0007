"""What the page draws from the settled URL in one round trip: the county's (or state's) card, the text alternatives
of the map and the timeline, and the map as a table while it is open."""

from __future__ import annotations

from functools import lru_cache

from dash import Dash, Input, Output, ctx, no_update

from dashboard import captions, cards, i18n, viewstate
from dashboard.callbacks.scope import VIEW_CACHE
from dashboard.data import Dataset
from dashboard.viewstate import Bounds, View


def register(app: Dash, ds: Dataset, bounds: Bounds) -> dict:
    """``from_url``; returns its caches by name (for ``SC_VIEW_CACHES``)."""

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
        and the timeline (dashboard/captions.py), and the map as a table, built only while the table is open."""
        v = viewstate.parse(search if isinstance(search, str) else "", bounds).view  # payloads are user input
        table = table_of(v) if is_open is True else no_update
        if ctx.triggered_id == "map-table-details":
            return no_update, no_update, no_update, table
        with i18n.language(v.lang):  # the view's language, whatever the request's
            return (card(v), *captions.alternatives(ds, v), table)

    @lru_cache(maxsize=VIEW_CACHE)
    def card(v: View):
        """The county's card; with a state and no county, the state's card (its detainers); in the view's language
        (the cache key, ``v``, carries it)."""
        with i18n.language(v.lang):
            if v.county:
                return cards.county_card(ds, v.county, v)
            return cards.state_card(ds, v.state) if v.state else None

    @lru_cache(maxsize=32)  # a whole table of counties each (built only while a reader has the table open)
    def table_of(v: View):
        with i18n.language(v.lang):  # the measure's classes and words (dashboard/measures.py) in the view's language
            return cards.map_table(ds, v)

    return {"county_card": card, "map_table": table_of, "text_alternatives": captions.alternatives}
