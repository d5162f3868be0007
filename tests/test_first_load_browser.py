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


#: Every running line a reader could see (the page not in its "opening" state), and whether the map was visible then.
SEEN_JS = """
window.__seen = [];
function look() {
  var root = document.documentElement, line = document.getElementById("running-line");
  if (line && !root.classList.contains("sc-opening")) {
    var text = line.textContent, last = window.__seen[window.__seen.length - 1];
    if (text !== last) { window.__seen.push(text); }
  }
}
new MutationObserver(look).observe(document, {childList: true, subtree: true, characterData: true, attributes: true,
                                              attributeFilter: ["class"]});
"""


@pytest.mark.parametrize("query", ["?county=48201&date=2010-05-04", "?state=NM&date=2009-06-01&measure=detainers"])
def test_a_shared_link_never_shows_the_default_view_before_its_own(chromium_driver, browser_server, query):
    """The layout is the default view (the whole country, last date). A reviewer saw a link to Harris in May 2010
    open on "By 22 Jan 2013: 3,143 of 3,143 counties" for two seconds: until the link's view is applied, the map,
    running line and card are hidden, so the only running line a reader can see is the link's."""
    d = chromium_driver
    script = d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": SEEN_JS})
    try:
        open_page(d, browser_server, query, min_paths=30)
        seen = d.execute_script("return window.__seen;")
        final = d.find_element("id", "running-line").text
        assert seen == [final], seen
        assert "2013" not in final and d.find_element("id", "map").is_displayed()
    finally:
        d.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})


def test_the_default_view_is_shown_at_once_not_hidden(chromium_driver, browser_server):
    """Only a link to another view waits: the front page's layout is its view."""
    d = chromium_driver
    d.get(f"{browser_server.url}/")
    assert not d.execute_script("return document.documentElement.classList.contains('sc-opening');")
