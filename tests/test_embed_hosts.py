"""Issue #13.2, 4 and 5 in headless Chromium: embeds on a host page of another origin (127.0.0.2) that pastes the
embed code this server hands out (its oEmbed ``html``): they size themselves at 640 and 360 px, draw inside
``<iframe sandbox="allow-scripts">`` (an opaque origin), and the page's "Cite this" and snippet are pinned to the
release."""

from __future__ import annotations

from datetime import date

import pytest
import requests

from tests.test_embed import browser, downloads, ready, severe_logs, wait  # noqa: F401 - fixtures and helpers

pytestmark = pytest.mark.browser

FRAMES = {  # id: (embed address, width of the host's column)
    "county-640": ("/embed/county/06037?date=2011-02-01", 640),
    "county-360": ("/embed/county/06037?date=2011-02-01", 360),
    "map-360": ("/embed/map?date=2011-02-01", 360),
    "rate-360": ("/embed/map?date=2011-02-01&measure=rate", 360),
    "timeline-640": ("/embed/timeline?date=2011-02-01", 640),
}


@pytest.fixture(scope="module")
def hosts():
    """The app on 127.0.0.1; on 127.0.0.2 a newspaper page with the embed code of each FRAMES entry in a column of
    its width (/), and one with the map in a sandboxed iframe (/sandboxed)."""
    from dashboard.app import create_app
    from dashboard.export import serve

    app = create_app()
    with serve(app.server) as base:
        columns = []
        for key, (path, width) in FRAMES.items():
            html = requests.get(f"{base}/oembed", params={"url": base + path}, timeout=30).json()["html"]
            html = html.replace("<iframe ", f'<iframe id="{key}" ', 1)
            columns.append(f'<div style="width:{width}px;margin:0 0 24px">{html}</div>')
        pages = {
            "/": "<h1>Story</h1>" + "".join(columns),
            "/sandboxed": (
                f'<iframe id="sandboxed" sandbox="allow-scripts" src="{base}/embed/map?date=2011-02-01" '
                f'width="100%" height="560" style="border:0"></iframe>'
                f'<script src="{base}/assets/embed-host.js"></script>'
            ),
        }

        def host(environ, start_response):
            body = pages.get(environ["PATH_INFO"])
            start_response("200 OK" if body else "404 Not Found", [("Content-Type", "text/html; charset=utf-8")])
            return [
                f"<!DOCTYPE html><html><head><title>A newspaper</title></head><body>{body or ''}</body></html>".encode()
            ]

        with serve(host, host="127.0.0.2") as other:
            yield base, other


def frame_height(driver, key: str) -> float:
    return driver.execute_script(f"return document.getElementById('{key}').getBoundingClientRect().height")


def inside(driver, key: str, script: str):
    driver.switch_to.default_content()
    driver.switch_to.frame(driver.find_element("id", key))
    try:
        return driver.execute_script(script)
    finally:
        driver.switch_to.default_content()


SIZED = """
var h = Number(document.documentElement.getAttribute('data-sc-height'));
return h > 0 && Math.abs(h - window.innerHeight) <= 1 ? h : 0;
"""
CREDIT = """
var credit = document.querySelector('.credit').getBoundingClientRect();
var root = document.documentElement;
return {bottom: credit.bottom, top: credit.top, inner: window.innerHeight, scroll: root.scrollHeight,
        width: root.clientWidth, text: document.querySelector('.credit').textContent};
"""


#: The map's legend is drawn whole: plotly shows a scroll bar (height > 0) when its entries do not fit.
LEGEND_WHOLE = """
var bar = document.querySelector('#chart .legend .scrollbar');
var h = bar ? bar.getBoundingClientRect().height : 0;
return document.querySelectorAll('#chart .legend .traces').length > 0 && h < 1;
"""


def test_embeds_size_themselves_and_show_their_credit_at_640_and_360_px(browser, hosts):  # noqa: F811
    _, other = hosts
    browser.get(f"{other}/")
    for key, (_path, width) in FRAMES.items():
        browser.execute_script(f"document.getElementById('{key}').scrollIntoView()")  # loading="lazy"
        wait(browser).until(lambda d, key=key: inside(d, key, SIZED), f"{key} did not take its reported height")
        got = inside(browser, key, CREDIT)
        assert got["width"] == width
        assert got["top"] >= 0 and got["bottom"] <= got["inner"], (key, got)  # the credit line is in the frame
        assert "Data: ICE activation list" in got["text"] and "Release sc-geodata-" in got["text"]
        if key.startswith("county"):
            assert got["scroll"] <= got["inner"] + 1, (key, got)  # nothing below the frame's edge
            assert frame_height(browser, key) > 640  # Los Angeles is taller than the snippet's first 640 px
    assert frame_height(browser, "county-360") > frame_height(browser, "county-640")  # narrower, taller
    for key in ("map-360", "rate-360"):  # every legend entry shows: none hidden in a legend scroll box
        assert inside(browser, key, LEGEND_WHOLE), key
    map_height = frame_height(browser, "map-360")
    assert 300 < map_height < 560  # a phone-wide map asks for less than the fixed 560 px it used to get
    assert severe_logs(browser) == []


def test_the_host_listener_ignores_messages_from_other_windows(browser, hosts):  # noqa: F811
    _, other = hosts
    browser.get(f"{other}/")
    wait(browser).until(lambda d: inside(d, "county-640", SIZED), "the county card did not size itself")
    before = {key: frame_height(browser, key) for key in FRAMES}
    browser.execute_async_script(
        """
        var done = arguments[arguments.length - 1];
        window.postMessage({sentinel: 'amp', type: 'embed-size', height: 1234}, '*');
        window.postMessage('pym<xPYMx>county-640<xPYMx>height<xPYMx>1234', '*');
        // messages are dispatched in order: once this marker arrives, the listener has seen both
        window.addEventListener('message', function (e) { if (e.data === 'marker') { done(); } });
        window.postMessage('marker', '*');
        """
    )
    assert {key: frame_height(browser, key) for key in FRAMES} == before


def test_the_map_draws_inside_a_sandboxed_iframe(browser, hosts):  # noqa: F811
    base, other = hosts
    browser.get(f"{other}/sandboxed")
    browser.switch_to.frame(browser.find_element("id", "sandboxed"))
    try:
        ready(browser)  # fails with the error if plotly could not fetch the geometry or base map
        assert browser.execute_script("return self.origin") == "null"  # opaque: every request is cross-origin
        paths = browser.execute_script("return document.querySelectorAll('#chart path.choroplethlocation').length")
        assert paths == 3143
        assert browser.execute_script("return document.querySelectorAll('#chart .subunits path, #chart .land').length")
    finally:
        browser.switch_to.default_content()
    # the listener accepts the height of a sandboxed frame of this server (origin "null" for that frame only)
    wait(browser).until(lambda d: d.execute_script("return document.getElementById('sandboxed').style.height"))
    assert severe_logs(browser) == []  # no CORS or CSP error
    assert base.startswith("http://127.0.0.1")


def test_the_page_cites_its_view_pinned_to_the_release(browser, hosts, dataset):  # noqa: F811
    base, _ = hosts
    browser.get(f"{base}/?date=2011-02-01&state=TX")
    cite = browser.find_element("id", "cite-text")
    wait(browser).until(lambda d: "Retrieved" in cite.get_attribute("value"), "no citation")
    today = date.today()
    assert cite.get_attribute("value") == (
        f"SC Rollout Map. (2026). Secure Communities in Texas, 1 Feb 2011 (Release {dataset.release_id}) "
        f"[Data set and interactive map]. Retrieved {today:%B} {today.day}, {today.year}, "
        f"from {base}/?date=2011-02-01&state=TX&release={dataset.release_id}"
    )
    snippet = browser.find_element("id", "embed-snippet").get_attribute("value")
    assert f"/embed/map?date=2011-02-01&amp;state=TX&amp;release={dataset.release_id}" in snippet
    browser.execute_script("document.getElementById('prev').click()")  # a date step: the citation follows it
    wait(browser).until(lambda d: "1 Feb 2011" not in cite.get_attribute("value"), "the citation kept the old date")
    assert f"&release={dataset.release_id}" in cite.get_attribute("value")


def test_a_page_pinned_to_a_retired_release_says_so_and_keeps_saying_it(browser, hosts, dataset):  # noqa: F811
    """A reviewer reloaded a retired-release link after the page had dropped release= from its address: the reload
    showed the current release without a word. The address keeps the pin, so every load says it again."""
    base, _ = hosts
    retired = "sc-geodata-1-ecf2a40b5d"
    browser.get(f"{base}/?date=2011-02-01&release={retired}")
    notice = browser.find_element("id", "notice")
    wait(browser).until(lambda d: retired in notice.text, "no notice for the retired release")
    assert notice.is_displayed() and f"showing release {dataset.release_id}" in notice.text
    browser.execute_script("document.getElementById('next').click()")  # a control change keeps the pin
    wait(browser).until(lambda d: "2011-02-01" not in d.execute_script("return location.search"), "no step")
    assert f"release={retired}" in browser.execute_script("return location.search")
    browser.refresh()
    notice = browser.find_element("id", "notice")
    wait(browser).until(lambda d: retired in notice.text, "a reload lost the notice")


def test_a_page_pinned_to_the_current_release_stays_pinned(browser, hosts, dataset):  # noqa: F811
    base, _ = hosts
    browser.get(f"{base}/?date=2011-02-01&release={dataset.release_id}")
    share = browser.find_element("id", "share-link")
    wait(browser).until(lambda d: "2011-02-01" in share.get_attribute("value"), "no share link")
    browser.execute_script("document.getElementById('prev').click()")
    wait(browser).until(lambda d: "2011-02-01" not in d.execute_script("return location.search"), "no date step")
    assert f"release={dataset.release_id}" in browser.execute_script("return location.search")
    assert browser.find_element("id", "notice").get_attribute("hidden") is not None
