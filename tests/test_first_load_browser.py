"""The first visit in a fresh Chromium fetches the layout, plotly.js and the county geometry in parallel (the page's
preload links), each once; what the browser's Resource Timing records, not how long it took."""

from __future__ import annotations

import pytest

from dashboard import press
from tests.test_browser import MAP, open_page, settled, wait
from tests.visits import GEOMETRY

pytestmark = pytest.mark.browser

ENTRIES_JS = """
return performance.getEntriesByType('resource').map(function (e) {
  return {path: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd, initiator: e.initiatorType};
});
"""


#: The page's preloads with one URL (the picture's names a source per pixel density), as paths.
PRELOADS_JS = """
return Array.prototype.filter.call(document.querySelectorAll('link[rel="preload"][href]'), function (l) {
  return l.getAttribute("href");
}).map(function (l) { return new URL(l.href).pathname; });
"""


@pytest.mark.parametrize("query", ["", "?lang=es"])
def test_every_preload_is_the_request_the_page_makes_and_nothing_is_fetched_twice(
    chromium_driver, browser_server, query
):
    """A reviewer saw the Spanish page preload dcc.Graph's code under /es/ while Dash fetched it from its script's
    URL: both were downloaded, and Chrome warned the preload went unused."""
    chromium_driver.execute_cdp_cmd("Network.enable", {})
    chromium_driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    try:
        chromium_driver.get(f"{browser_server.url}/{query}")
        settled(chromium_driver)
    finally:
        chromium_driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
    paths = [e["path"] for e in chromium_driver.execute_script(ENTRIES_JS)]
    for preload in chromium_driver.execute_script(PRELOADS_JS):
        assert paths.count(preload) == 1, (preload, paths)
    names = [p.rsplit("/", 1)[-1] for p in paths if not p.startswith(("/_dash-update-component", "/es/_dash-update"))]
    assert len(names) == len(set(names)), sorted(names)


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
        assert "2013" not in final and d.find_element("css selector", MAP).is_displayed()
    finally:
        d.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})


def test_the_default_view_is_shown_at_once_not_hidden(chromium_driver, browser_server):
    """Only a link to another view waits: the front page's layout is its view."""
    d = chromium_driver
    d.get(f"{browser_server.url}/")
    assert not d.execute_script("return document.documentElement.classList.contains('sc-opening');")


#: Once a frame from the first script on: is the front page's picture (#first-paint) displayed (with a size: before
#: the graph mounts its box has none), has the live map drawn its county paths, has plotly drawn any graph, and where
#: is the map's box (its top and height, in page pixels; null before the layout renders)?
FRAMES_JS = """
window.__frames = [];
(function frame() {
  var pic = document.getElementById("first-paint"), box = document.getElementById("map-box");
  window.__frames.push([!!pic && getComputedStyle(pic).display !== "none" && pic.getBoundingClientRect().height > 0,
                        document.querySelectorAll("#map g.trace.choropleth path").length > 0,
                        document.querySelectorAll(".js-plotly-plot .main-svg").length > 0,
                        box ? Math.round(box.getBoundingClientRect().top + window.scrollY) : null,
                        box ? Math.round(box.getBoundingClientRect().height) : null]);
  if (window.__frames.length < 4000) { requestAnimationFrame(frame); }
})();
"""


def _frames(d, url: str, screen: tuple[int, int, bool] | None = None) -> tuple[list[list[bool]], str | None]:
    """Every frame's (picture shown, live map drawn, any graph drawn, map box top and height) until the map is
    drawn, the picture gone and the callbacks settled; the picture's source as the screen chose it."""
    script = d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FRAMES_JS})
    if screen:
        width, height, mobile = screen
        metrics = {"width": width, "height": height, "deviceScaleFactor": 2 if mobile else 1, "mobile": mobile}
        d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    try:
        d.get(url)
        wait(d, 30).until(lambda d: d.execute_script("return window.__frames.some(function (f) { return f[1]; });"))
        wait(d, 5).until(lambda d: d.execute_script("return window.__frames.length > 0 && !window.__frames.at(-1)[0];"))
        settled(d)  # on this screen: the frames go on until the page's callbacks are done
        return d.execute_script(
            "var im = document.querySelector('#first-paint img'); return [window.__frames, im && im.currentSrc];"
        )
    finally:
        d.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})
        if screen:
            d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize(("query", "screen"), [("", (1366, 900, False)), ("?lang=es", (390, 844, True))])
def test_the_front_page_shows_its_map_as_a_picture_until_the_live_map_is_drawn(
    chromium_driver, browser_server, query, screen
):
    """The picture is painted before plotly's first draw of any graph (the layout's first render mounts them all;
    their draws wait one frame for it), and once the live map's paths are in the page it is never shown again; the
    Spanish front page stays "?lang=es" (a date in its address would make it a link to another view, without the
    picture after a reload)."""
    frames, src = _frames(chromium_driver, f"{browser_server.url}/{query}", screen)
    drawn = next(i for i, (_pic, paths, *_) in enumerate(frames) if paths)
    first = next(i for i, (pic, *_) in enumerate(frames) if pic)
    assert first < drawn, frames[: drawn + 1]
    assert not frames[first][2], frames[: first + 1]  # painted with no graph drawn yet: nothing held it back
    assert not any(pic for pic, *_ in frames[drawn:]), frames[drawn:]
    assert f"/map-{'es' if query else 'en'}-{'phone' if screen[2] else 'wide'}-" in src
    assert chromium_driver.execute_script("return location.search;") == query
    # Nothing moves the map once it is on screen (the date slider's code arrives after the live map: its row keeps
    # its height from the first render, or the map jumped down 34 px on a phone)
    tops = {top for *_, top, _height in frames[first:]}
    assert len(tops) == 1, sorted(tops)


@pytest.mark.parametrize("screen", [(1024, 768, False), (700, 900, False), (360, 740, True), (412, 915, True)])
def test_the_picture_is_not_shown_in_a_box_of_another_size_than_it_was_drawn_at(
    chromium_driver, browser_server, screen
):
    """Plotly lays text and legends out in pixels: scaled to another box, the picture would jump and resize when
    the live map replaced it (a reviewer measured 18-21% of pixels differing at 360, 700 and 1024 px)."""
    frames, _src = _frames(chromium_driver, f"{browser_server.url}/", screen)
    assert not any(pic for pic, *_ in frames)
    assert not _pictures_fetched(chromium_driver)  # nor downloaded


def _pictures_fetched(d) -> list[str]:
    return [e["path"] for e in d.execute_script(ENTRIES_JS) if "/firstpaint/" in e["path"]]


@pytest.mark.parametrize(
    ("query", "screen"), [("?state=TX", (1366, 900, False)), ("?date=2011-02-01", (390, 844, True))]
)
def test_a_linked_views_map_box_has_its_size_from_the_first_render(chromium_driver, browser_server, query, screen):
    """On a link to another view dcc.Graph's code is not loaded ahead: its placeholder had no height, so every panel
    below the (hidden) map moved down when the graph mounted (a reviewer measured layout shifts of 0.2-0.3)."""
    frames, _src = _frames(chromium_driver, f"{browser_server.url}/{query}", screen)
    heights = {height for *_, height in frames if height is not None}
    assert len(heights) == 1, sorted(heights)


@pytest.mark.parametrize("query", ["?county=48201&date=2010-05-04", "?state=TX", "?release=2017-01", "?lang=fr"])
def test_a_link_to_another_view_never_shows_the_front_pages_picture(chromium_driver, browser_server, query):
    frames, _src = _frames(chromium_driver, f"{browser_server.url}/{query}")
    assert not any(pic for pic, *_ in frames)
    assert not _pictures_fetched(chromium_driver)  # nor downloaded (a reviewer saw 69 KB on a phone)
