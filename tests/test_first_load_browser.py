"""The first visit in a fresh Chromium fetches the layout, plotly.js and the county geometry in parallel (the page's
preload links), each once; what the browser's Resource Timing records, not how long it took."""

from __future__ import annotations

import pytest

from dashboard import press
from tests.test_browser import open_page
from tests.visits import GEOMETRY

pytestmark = pytest.mark.browser

ENTRIES_JS = """
return performance.getEntriesByType('resource').map(function (e) {
  return {path: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd, initiator: e.initiatorType};
});
"""


def test_first_visit_fetches_layout_plotly_and_geometry_in_parallel_and_once(chromium_driver, browser_server):
    chromium_driver.execute_cdp_cmd("Network.enable", {})
    chromium_driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    try:
        open_page(chromium_driver, browser_server)
    finally:
        chromium_driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
    entries = chromium_driver.execute_script(ENTRIES_JS)
    by_path: dict[str, list[dict]] = {}
    for e in entries:
        by_path.setdefault(e["path"], []).append(e)
    # the preload is the fetch that is used (assets/firstload.js hands geometry and base map to plotly.js)
    for path in (press.PLOTLY_URL, "/_dash-layout", GEOMETRY, "/assets/topojson/usa_110m.json"):
        assert len(by_path.get(path, [])) == 1, (path, by_path.get(path))
    plotly = by_path[press.PLOTLY_URL][0]
    for path in ("/_dash-layout", GEOMETRY):
        started = by_path[path][0]["start"]
        # Without the preload, the layout is asked for only once every script has run (after plotly.js arrived),
        # and the geometry only once the layout's figure names it.
        assert started < plotly["end"], (path, started, plotly)
