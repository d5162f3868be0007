"""Folded parts of the page drawn when a reader first opens them, not in the layout the renderer builds before the
map can be drawn."""

from __future__ import annotations

from functools import lru_cache

from dash import Dash, Input, Output, no_update

from dashboard import i18n, published
from dashboard.data import Dataset


def register(app: Dash, ds: Dataset) -> dict:
    """``published_figures``; returns its cache by name (for ``SC_VIEW_CACHES``)."""

    @app.callback(
        Output("published-figures-body", "children"),
        Input("published-figures", "open"),
        prevent_initial_call=True,
    )
    def published_figures(is_open):
        """The published figures' tables (ICE, GAO and the press; ``published.published_section``), one per measure,
        in the page's language, the first time the reader opens them (later toggles change nothing)."""
        return tables(i18n.current()) if is_open is True else no_update

    @lru_cache(maxsize=4)  # one per language
    def tables(lang: str) -> list:
        with i18n.language(lang):
            return published.published_section(ds)

    return {"published_figures": tables}
