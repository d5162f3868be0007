"""Issue #6, for the press: embeddable views, captions and text alternatives, the page's export controls.

Without a browser: the embed routes' HTML (no inline executable script, JSON escaped, notices, 404), the caption
and alt-text functions against an independent reading of geodata/, the plotly.js route. With headless Chromium
(``browser``): the embeds framed by a page of another origin, on a phone-sized screen, and the client-side image
export from an embed and from the main page.
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from dataclasses import replace
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from dashboard import captions, embeds, figures, press, viewstate

# ---------------------------------------------------------------------------------------------------------
# Helpers


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script, self._text = dict(attrs), []

    def handle_data(self, data):
        if self._in_script is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script is not None:
            self.scripts.append((self._in_script, "".join(self._text)))
            self._in_script = None


def tags_of(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser


def figure_json(page: str) -> dict:
    (attrs, body), *rest = [(a, t) for a, t in tags_of(page).scripts if a.get("id") == "figure"]
    assert not rest and attrs.get("type") == "application/json"
    return json.loads(body)


def meta(page: str, name: str) -> str:
    for tag, attrs in tags_of(page).tags:
        if tag == "meta" and (attrs.get("name") == name or attrs.get("property") == name):
            return attrs["content"] or ""
    raise AssertionError(f"no <meta {name}>")


def title_of(page: str) -> str:
    return unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1))


def assert_no_inline_code(page: str) -> None:
    """What a CSP of script-src 'self' demands: scripts by same-origin URL or inert JSON; no handlers, no
    javascript: URLs, nothing from another origin."""
    parsed = tags_of(page)
    for attrs, body in parsed.scripts:
        if attrs.get("type") == "application/json":
            assert "</" not in body and "<!--" not in body
        else:
            assert attrs.get("src", "").startswith("/") and not attrs["src"].startswith("//"), attrs
            assert not body.strip(), "inline executable script"
    for tag, attrs in parsed.tags:
        assert not [k for k in attrs if k.lower().startswith("on")], (tag, attrs)
        for key in ("src", "href"):
            value = (attrs.get(key) or "").lower()
            assert not value.startswith("javascript:"), (tag, attrs)
            # cited sources may be linked, and the oEmbed discovery tag names this server (absolute, as consumers
            # read it); nothing may be loaded from another origin
            if tag != "a" and not (tag == "link" and attrs.get("rel") == "alternate"):
                assert not value.startswith(("http:", "https:", "//")), (tag, attrs)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def png_is_blank(data: bytes) -> bool:
    """True when the decoded pixel rows carry (almost) a single value (an all-white or all-transparent image)."""
    pos, idat = 8, b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(idat)
    return len(set(raw[:: max(1, len(raw) // 200_000)])) < 8


def svg_size(text: str) -> tuple[int, int]:
    head = re.search(r"<svg[^>]*>", text).group(0)
    return int(float(re.search(r'\bwidth="([\d.]+)"', head).group(1))), int(
        float(re.search(r'\bheight="([\d.]+)"', head).group(1))
    )


def view(bounds, query: str) -> viewstate.View:
    parsed = viewstate.parse(query, bounds)
    assert not parsed.notices
    return parsed.view


# ---------------------------------------------------------------------------------------------------------
# Captions and text alternatives (pure)


@pytest.mark.parametrize("day", ["2008-10-27", "2009-09-01", "2011-02-01", "2012-06-05", "2013-01-22"])
@pytest.mark.parametrize("state", [None, "TX", "CA", "IL"])
def test_alt_text_numbers_come_from_the_data(dataset, bounds, counties_csv, day, state):
    v = view(bounds, f"date={day}" + (f"&state={state}" if state else ""))
    c = counties_csv if state is None else counties_csv[counties_csv["state"] == state]
    active = c[c["activation_date"] <= pd.Timestamp(v.date)]
    alt = captions.alt_text(dataset, v)
    shown = f"{v.date:%-d %b %Y}"
    assert alt.startswith(f"By {shown}, Secure Communities was ")
    if len(active) == len(c):
        assert f"active in all {len(c):,} counties" in alt
    elif len(active) == 0:
        assert f"not yet active in any of the {len(c):,} counties" in alt
    else:
        assert f"active in {len(active):,} of {len(c):,} counties" in alt
        pop = 100 * active["pop_2010_census"].sum() / c["pop_2010_census"].sum()
        assert f"home to {pop:.1f}% of the" in alt
        assert f"the {len(c) - len(active):,} not yet active are grey" in alt
    if state is None and len(active):
        states = set(active["state"])
        n = len(states - {"DC"})
        assert f"in {n} state{'s' if n != 1 else ''}{' and DC' if 'DC' in states else ''}" in alt


def test_alt_text_follows_a_different_dataset(dataset, bounds):
    """Not hard-coded: the same function on Texas alone speaks of Texas's 254 counties."""
    tx = dataset.counties[dataset.counties["state"] == "TX"].reset_index(drop=True)
    dates = tuple(pd.Timestamp(d) for d in sorted(tx["activation_date"].unique()))
    small = replace(dataset, counties=tx, dates=dates)
    captions.scope_coverage.cache_clear()
    day = dates[len(dates) // 2]
    v = viewstate.View(date=day.date())
    alt = captions.alt_text(small, v)
    n = int((tx["activation_date"] <= day).sum())
    assert f"active in {n:,} of 254 counties in 1 state" in alt
    assert "3,143" not in alt
    captions.scope_coverage.cache_clear()


def test_alt_text_names_the_selected_and_compared_counties(dataset, bounds):
    v = view(bounds, "date=2011-02-01&county=48201&compare=06037,04013&mode=status")
    alt = captions.alt_text(dataset, v)
    assert "Outlined: Harris County, Texas, activated on 27 Oct 2008, the 1st of 3,143 counties nationally" in alt
    assert "Los Angeles County, CA" in alt and "Maricopa County, AZ" in alt
    switched = int((dataset.counties["activation_date"] == pd.Timestamp("2011-02-01")).sum())
    assert f"the {switched:,} counties switched on that day in orange" in alt


def test_timeline_alt_text(dataset, bounds, counties_csv):
    v = view(bounds, "date=2011-02-01")
    alt = captions.alt_text(dataset, v, "timeline")
    active = counties_csv[counties_csv["activation_date"] <= "2011-02-01"]
    assert alt.startswith("Line chart of the share of counties")
    assert f"{100 * len(active) / 3143:.1f}% of counties ({len(active):,})" in alt
    assert "A lower panel shows ICE detainers lodged nationwide per month" in alt
    assert "13,680 in Oct 2007" in alt and "Jul 2015 is a partial month (3,986)" in alt  # the raw file's values
    assert "1 First activation (27 Oct 2008)" in alt and "6 Secure Communities ends; PEP (20 Nov 2014)" in alt


def test_captioned_figures_carry_title_date_legend_and_credit(dataset, bounds):
    v = view(bounds, "date=2011-02-01&state=TX&county=48201")
    for chart, fig in (("map", press.captioned_map(dataset, v)), ("timeline", press.captioned_timeline(dataset, v))):
        cap = captions.caption(dataset, v, chart)
        lay = fig["layout"]
        assert cap.title in unescape(lay["title"]["text"])
        assert "1 Feb 2011" in cap.dateline and unescape(cap.dateline) in unescape(lay["title"]["subtitle"]["text"])
        detainers = "; detainers: ICE FOIA records via NPR (2016)" if chart == "timeline" else ""
        credit = "Data: ICE activation list as transcribed by Vargas-Núñez et al. (PNAS 2026); U.S. Census Bureau"
        credit += f"{detainers} · Map: SC Rollout Map · Release {dataset.release_id}"
        assert lay["annotations"][-1]["text"].replace("<br>", " · ") == credit
        assert lay["paper_bgcolor"] == "#ffffff"
        if chart == "map":
            assert fig["data"][0]["colorbar"]["title"]["text"] == "Activated"  # the map's legend
            shown = figures.map_figure(dataset, v)["data"]
            assert fig["data"][1:] == shown[1:]  # the image's colour bar runs down the side (press.IMAGE_COLORBAR)
            assert fig["data"][0]["colorbar"]["orientation"] == "v"
            rest = {k: t for k, t in fig["data"][0].items() if k != "colorbar"}
            assert rest == {k: t for k, t in shown[0].items() if k != "colorbar"}
        else:
            names = [a.get("name") for a in lay["annotations"]]
            assert lay["showlegend"] is True and names == ["milestone"] * 6 + [
                "panel",
                "credit",
            ]  # the figure's own kept
            assert "1 First activation (27 Oct 2008)" in lay["title"]["subtitle"]["text"]  # the key, in the image


def test_caption_text_is_escaped_for_plotly(dataset, bounds):
    cap = captions.Caption("A <b> & B", "x < y", "", captions.credit(), "")
    over = press.overlay(cap)
    assert over["layout"]["title"]["text"] == "<b>A &lt;b&gt; &amp; B</b>"
    assert over["layout"]["title"]["subtitle"]["text"] == "x &lt; y"


def test_json_for_script_cannot_break_out():
    value = {"a": "</script><script>alert(1)</script>", "b": "<!--<script>", "c": "&amp;"}
    text = embeds.json_for_script(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value


def test_to_html_escapes_and_drops_handlers():
    from dash import html

    node = html.Div([html.A("x<y", href="javascript:alert(1)"), html.P("a & b", className="c", id="i")], title='"')
    out = embeds.to_html(node)
    assert out == '<div title="&quot;"><a>x&lt;y</a><p id="i" class="c">a &amp; b</p></div>'


# ---------------------------------------------------------------------------------------------------------
# Routes (Flask test client)


@pytest.mark.parametrize("chart", ["map", "timeline"])
def test_embed_chart_page(client, dataset, bounds, chart):
    resp = client.get(f"/embed/{chart}?date=2011-02-01&state=TX&county=48201")
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    page = resp.get_data(as_text=True)
    v = view(bounds, "date=2011-02-01&state=TX&county=48201")
    cap = captions.caption(dataset, v, chart)
    assert_no_inline_code(page)
    assert title_of(page) == f"{cap.title} — 1 Feb 2011 · SC Rollout Map"
    assert meta(page, "description") == cap.alt
    spec = figure_json(page)
    assert spec["chart"] == chart and spec["plotConfig"]["topojsonURL"] == "/assets/topojson/"
    assert spec["figure"] == json.loads(json.dumps(press.chart_figure(dataset, v, chart)))
    assert spec["overlay"] == json.loads(json.dumps(press.overlay(cap, chart, dataset.release_id)))
    text = unescape(page)
    assert cap.title in text and cap.dateline in text and cap.alt in text
    assert "Data: ICE activation list as transcribed by Vargas-Núñez et al. (PNAS 2026); U.S. Census Bureau" in text
    links = [a for t, a in tags_of(page).tags if t == "a"]
    assert {"href": "/?date=2011-02-01&county=48201&state=TX", "target": "_blank", "rel": "noopener"} in links
    assert f'src="{press.PLOTLY_URL}"' in page and 'src="/assets/embed.js"' in page


def test_embed_bad_query_falls_back_with_a_notice(client, bounds):
    resp = client.get("/embed/map?date=2011-13-45&state=ZZ&mode=%3Cscript%3Ealert(1)%3C/script%3E")
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    assert_no_inline_code(page)
    assert "<script>alert" not in page
    notices = unescape(page.split('class="notice"', 1)[1].split("</div>", 1)[0])
    assert "“2011-13-45” is not a date" in notices and "Unknown state “ZZ”" in notices
    assert "Unknown colour mode “<script>alert(1)</script>”" in notices
    assert figure_json(page)["figure"]["layout"]["geo"]["scope"] == "usa"  # the default view


def test_embed_snapped_date_is_explained(client):
    page = client.get("/embed/timeline?date=2011-02-02").get_data(as_text=True)
    assert "No county was activated on 2 Feb 2011; showing 1 Feb 2011" in unescape(page)


def test_embed_county_card(client, dataset, bounds):
    resp = client.get("/embed/county/48201?date=2008-10-30&county=06037&mode=status")
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    assert_no_inline_code(page)
    assert [a["src"] for a, _ in tags_of(page).scripts] == ["/assets/embed-size.js"]  # only its height, no chart
    text = unescape(page)
    assert title_of(page) == "Secure Communities in Harris County, Texas · SC Rollout Map"
    assert "Activated 27 Oct 2008 · active on" in text and "1st of 254 in Texas" in text
    assert meta(page, "description").startswith("Harris County, Texas: Secure Communities was activated on 27 Oct")
    assert "Map: SC Rollout Map" in re.sub(r"<[^>]+>", "", text)
    assert "date=2008-10-27&county=48201&mode=status" in text  # the path's county wins; date snapped


@pytest.mark.parametrize("code", ["99999", "4820", "abcde", "<script>", "48201x"])
def test_embed_unknown_county_is_a_friendly_404(client, code):
    resp = client.get(f"/embed/county/{code}")
    assert resp.status_code == 404
    page = resp.get_data(as_text=True)
    assert "County not found" in page and "<script>" not in page
    assert_no_inline_code(page)


def test_plotly_js_is_served_from_this_origin_and_cached(client):
    resp = client.get(press.PLOTLY_URL, headers={"Accept-Encoding": "gzip"})
    assert resp.status_code == 200 and resp.headers["Content-Encoding"] == "gzip"
    assert "immutable" in resp.headers["Cache-Control"] and resp.headers["ETag"]
    assert zlib.decompress(resp.get_data(), 31) == press.PLOTLY_JS.read_bytes()
    again = client.get(press.PLOTLY_URL, headers={"If-None-Match": resp.headers["ETag"]})
    assert again.status_code == 304


def test_caption_json_for_the_page_export(client, dataset, bounds):
    spec = client.get("/embed/caption.json?chart=timeline&date=2010-06-01&state=CA").get_json()
    v = view(bounds, "date=2010-06-01&state=CA")
    assert spec["overlay"] == json.loads(
        json.dumps(press.overlay(captions.caption(dataset, v, "timeline"), "timeline", dataset.release_id))
    )
    assert spec["sizes"] == {"landscape": [1200, 800, 1], "square": [1080, 1080, 1], "print": [1200, 800, 2]}
    assert spec["filename"] == "secure-communities-timeline-ca-2010-05-25"
    assert client.get("/embed/caption.json?chart=bogus").status_code == 400


def test_main_page_describes_its_view_and_has_the_press_controls(client, dataset, bounds):
    page = client.get("/?date=2011-02-01&state=TX").get_data(as_text=True)
    v = view(bounds, "date=2011-02-01&state=TX")
    assert meta(page, "description") == captions.alt_text(dataset, v)
    assert meta(page, "og:title") == "Secure Communities in Texas, 1 Feb 2011 — SC Rollout Map"
    layout = json.dumps(client.get("/_dash-layout").get_json())
    for key in ('"embed-snippet"', '"embed-chart"', '"share-link"', '"press-size"', '"map-alt"', '"timeline-alt"'):
        assert key in layout
    buttons = []

    def walk(node):
        if isinstance(node, dict):
            props = node.get("props", {})
            if "data-sc-export" in props:
                buttons.append((props["data-sc-chart"], props["data-sc-export"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(layout))
    assert sorted(buttons) == [("map", "png"), ("map", "svg"), ("timeline", "png"), ("timeline", "svg")]


# ---------------------------------------------------------------------------------------------------------
# In the browser


@pytest.fixture(scope="module")
def live():
    """The app (with the project's security headers) on 127.0.0.1, and a plain host page on 127.0.0.2 — a
    different origin — that frames three embeds."""
    from dashboard.app import create_app
    from dashboard.export import serve

    app = create_app()
    with serve(app.server) as base:
        frames = {
            "map": f"{base}/embed/map?date=2011-02-01&amp;state=TX",
            "timeline": f"{base}/embed/timeline?date=2011-02-01",
            "county": f"{base}/embed/county/48201?date=2011-02-01",
        }
        host_page = (
            "<!DOCTYPE html><html><head><title>A newspaper</title></head><body><h1>Story</h1>"
            + "".join(
                f'<iframe id="{k}" src="{v}" width="100%" height="560" style="border:0"></iframe>'
                for k, v in frames.items()
            )
            + "</body></html>"
        ).encode()

        def host(environ, start_response):
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
            return [host_page]

        with serve(host, host="127.0.0.2") as other:
            yield base, other


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
    from dashboard.export import ExportError, chromium

    try:
        with chromium(window=(1280, 1000), downloads=downloads) as driver:
            driver.set_page_load_timeout(60)
            yield driver
    except ExportError as exc:
        pytest.fail(f"browser tests need headless Chromium: {exc}", pytrace=False)


def wait(driver, timeout: float = 45):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1)


def ready(driver) -> None:
    wait(driver).until(
        lambda d: (
            d.execute_script("return document.documentElement.getAttribute('data-sc-ready')") == "true"
            or d.execute_script("return document.documentElement.getAttribute('data-sc-error')")
        ),
        "the embed did not draw",
    )
    assert driver.execute_script("return document.documentElement.getAttribute('data-sc-error')") is None


def resources(driver) -> list[str]:
    return driver.execute_script("return performance.getEntriesByType('resource').map(function (e) { return e.name; })")


def severe_logs(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]


def downloaded(folder: Path, suffix: str, before: set[str], driver) -> Path:
    def done(_):
        new = [p for p in folder.iterdir() if p.name not in before and p.suffix == suffix]
        return new[0] if new and new[0].stat().st_size > 0 else False

    return wait(driver).until(done, f"no {suffix} download in {folder}")


@pytest.mark.browser
def test_embeds_render_inside_iframes_on_another_origin(browser, live):
    from selenium.webdriver.common.by import By

    base, other = live
    browser.get(f"{other}/")
    severe_logs(browser)
    for frame, expect_paths in (("map", 254), ("timeline", 0), ("county", None)):
        browser.switch_to.default_content()
        browser.switch_to.frame(browser.find_element(By.ID, frame))
        wait(browser).until(lambda d: d.execute_script("return document.readyState") == "complete")
        assert browser.execute_script("return location.origin") == base
        credit = browser.find_element(By.CSS_SELECTOR, ".credit")
        assert credit.is_displayed()
        assert "Data: ICE activation list" in credit.text and "Map: SC Rollout Map" in credit.text
        link = credit.find_element(By.LINK_TEXT, "SC Rollout Map")
        assert link.get_attribute("href").startswith(f"{base}/?date=2011-02-01")
        title = browser.find_element(By.TAG_NAME, "h1").text
        if frame == "county":
            assert title == "Secure Communities in Harris County, Texas"
            assert "1st of 3,143 counties nationally" in browser.find_element(By.CSS_SELECTOR, ".card").text
        else:
            ready(browser)
            chart = browser.find_element(By.ID, "chart")
            assert chart.size["height"] >= 220 and chart.size["width"] > 600
            if expect_paths:
                paths = browser.find_elements(By.CSS_SELECTOR, "#chart path.choroplethlocation")
                assert len(paths) >= expect_paths
                assert browser.find_elements(By.CSS_SELECTOR, "#chart .colorbar")  # the legend
            else:
                assert browser.find_elements(By.CSS_SELECTOR, "#chart .scatterlayer .trace")
                assert browser.find_elements(By.CSS_SELECTOR, "#chart .legend")
        assert [u for u in resources(browser) if not u.startswith(base + "/")] == []  # nothing third-party
        assert severe_logs(browser) == []  # no CSP violation, no script error
    browser.switch_to.default_content()


@pytest.mark.browser
def test_embed_fits_a_phone(browser, live):
    from selenium.webdriver.common.by import By

    base, _ = live
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 360, "height": 560, "deviceScaleFactor": 2, "mobile": True}
    )
    try:
        for chart in ("map", "timeline"):
            browser.get(f"{base}/embed/{chart}?date=2011-02-01")
            ready(browser)
            width = browser.execute_script("return document.documentElement.clientWidth")
            assert width == 360
            assert browser.execute_script("return document.documentElement.scrollWidth") <= width
            box = browser.find_element(By.ID, "chart").rect
            assert box["width"] >= 330 and box["height"] >= 220
            assert browser.find_element(By.CSS_SELECTOR, ".credit").is_displayed()
            if chart == "map":  # the colour bar moved below the map
                assert browser.execute_script("return document.getElementById('chart').data[0].colorbar.orientation")
                assert browser.execute_script(
                    "return document.getElementById('chart')._fullData[0].colorbar.orientation"
                ) == "h"  # fmt: skip
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.browser
def test_export_buttons_in_an_embed(browser, live, downloads):
    from selenium.webdriver.common.by import By

    base, _ = live
    browser.get(f"{base}/embed/map?date=2011-02-01&state=TX")
    ready(browser)
    browser.find_element(By.CSS_SELECTOR, "details.save summary").click()
    before = {p.name for p in downloads.iterdir()}
    browser.find_element(By.CSS_SELECTOR, '[data-sc-export="png"][data-sc-size="square"]').click()
    png = downloaded(downloads, ".png", before, browser)
    assert png.name == "secure-communities-map-tx-2011-02-01-1080x1080.png"
    data = png.read_bytes()
    assert png_size(data) == (1080, 1080) and not png_is_blank(data)
    before = {p.name for p in downloads.iterdir()}
    browser.find_element(By.CSS_SELECTOR, '[data-sc-export="svg"][data-sc-size="print"]').click()
    svg = downloaded(downloads, ".svg", before, browser).read_text()
    assert svg_size(svg) == (2400, 1600)
    assert "Map: SC Rollout Map" in unescape(svg) and "Secure Communities in Texas" in unescape(svg)
    assert "Active by 1 Feb 2011: 254 of 254 counties" in unescape(svg)
    assert severe_logs(browser) == []


@pytest.mark.browser
def test_main_page_link_embed_snippet_and_export(browser, live, downloads, dataset, bounds):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    from test_browser import MAP  # the map shown: Texas's view

    base, _ = live
    browser.get(f"{base}/?date=2011-02-01&county=48201&state=TX")
    wait(browser).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, f"{MAP} path.choroplethlocation")) >= 254, "map not drawn"
    )
    snippet = browser.find_element(By.ID, "embed-snippet")
    wait(browser).until(lambda d: "/embed/map?" in snippet.get_attribute("value"))
    code = snippet.get_attribute("value")
    pinned = f"&amp;release={dataset.release_id}"
    assert code.startswith(f'<iframe src="{base}/embed/map?date=2011-02-01&amp;county=48201&amp;state=TX{pinned}"')
    assert code.endswith(f'<script src="{base}/assets/embed-host.js" async></script>')
    assert 'title="Secure Communities rollout: county map"' in code and "</iframe>" in code
    assert browser.find_element(By.ID, "share-link").get_attribute("value").startswith(f"{base}/?date=2011-02-01")
    browser.find_element(By.CSS_SELECTOR, "#embed-chart input[value='county']").click()
    wait(browser).until(lambda d: "/embed/county/48201?" in snippet.get_attribute("value"))
    v = view(bounds, "date=2011-02-01&county=48201&state=TX")
    wait(browser).until(lambda d: d.find_element(By.ID, "map-alt").text == captions.alt_text(dataset, v))
    assert browser.find_element(By.ID, "map").get_attribute("aria-describedby") == "map-alt"

    Select(browser.find_element(By.ID, "press-size")).select_by_value("landscape")
    before = {p.name for p in downloads.iterdir()}
    browser.find_element(By.ID, "export-map-svg").click()
    svg = unescape(downloaded(downloads, ".svg", before, browser).read_text())
    assert svg_size(svg) == (1200, 800)
    assert "Map: SC Rollout Map" in svg and "Secure Communities in Texas" in svg
    assert "Outlined: Harris County, TX, activated 27 Oct 2008" in svg
    Select(browser.find_element(By.ID, "press-size")).select_by_value("print")
    before = {p.name for p in downloads.iterdir()}
    browser.find_element(By.ID, "export-timeline-png").click()
    png = downloaded(downloads, ".png", before, browser)
    assert png.name == "secure-communities-timeline-tx-2011-02-01-2400x1600.png"
    assert png_size(png.read_bytes()) == (2400, 1600) and not png_is_blank(png.read_bytes())
    assert "Saved PNG" in browser.find_element(By.ID, "press-status").text
