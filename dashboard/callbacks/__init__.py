"""Callbacks: thin glue from controls to the pure modules, split by what they draw.

- :mod:`.url` — the URL is the one source of truth (``sync_view``);
- :mod:`.scope` — map, timeline and comparison for a new scope, selection or mode (``render_view``);
- :mod:`.county` — the card, text alternatives and map table drawn from the settled URL (``from_url``);
- :mod:`.finder` — county type-ahead and map clicks;
- :mod:`.panels` — folded parts drawn when first opened (the published figures);
- :mod:`.browser` — date steps and playback in the browser (``assets/dashboard.js``): no server round trip per step.
"""

from __future__ import annotations

from dash import Dash

from dashboard.callbacks import browser, county, finder, panels, scope, url
from dashboard.callbacks.finder import MORE
from dashboard.callbacks.scope import VIEW_CACHE
from dashboard.data import Dataset
from dashboard.viewstate import Bounds

__all__ = ["MORE", "VIEW_CACHE", "register"]


def register(app: Dash, ds: Dataset, bounds: Bounds) -> None:
    """Attach every callback of the main page to ``app``; its view caches go in ``SC_VIEW_CACHES`` (for tests)."""
    url.register(app, bounds)
    caches = scope.register(app, ds, bounds) | county.register(app, ds, bounds) | panels.register(app, ds)
    finder.register(app, bounds)
    browser.register(app)
    app.server.config.setdefault("SC_VIEW_CACHES", {}).update(caches)
