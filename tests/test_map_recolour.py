"""The map recoloured in place (assets/dashboard.js, issue "A date step as fast as the screen"), in headless Chromium.

A date step no longer redraws the map through Plotly.react: it writes the new colour codes into the trace's z and
plotly's calcdata and sets the fill of the county paths directly. These tests prove that what the reader sees,
hovers, exports and reads in the table is the displayed date after Play, Pause and single steps, and that a new
figure from the server (a state chosen during Play) is drawn on the displayed date too.
"""

from __future__ import annotations

import bisect
from datetime import date
from urllib.parse import unquote

import pandas as pd
import pytest
from plotly.colors import hex_to_rgb, unlabel_rgb
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from test_browser import (
    MAP,
    assert_no_front_end_errors,
    expected_z,
    open_page,
    running_line,
    search,
    settled,
    shown_date,
    shown_map,
    slider_index,
    wait,
    wait_running_line,
)

from dashboard import figures

pytestmark = pytest.mark.browser

HARRIS, LOS_ANGELES, COOK, SAN_BERNARDINO, KING_WA = "48201", "06037", "17031", "06071", "53033"
KNOWN = (HARRIS, LOS_ANGELES, COOK, SAN_BERNARDINO, KING_WA)

# County -> [fill as drawn, z in gd.data, z in plotly's calcdata] for the main (first) choropleth trace.
DRAWN_JS = shown_map("""
var gd = document.querySelector('#map .js-plotly-plot');
var tr = gd.querySelector('g.trace.choropleth'), out = {};
Array.prototype.forEach.call(tr.getElementsByClassName('choroplethlocation'), function (p) {
  out[p.__data__.loc] = [p.getAttribute('fill'), gd.data[0].z[p.__data__.index], p.__data__.z];
});
return out;
""")
# What plotly's own choropleth style() paints for the current calcdata (the reference for our fills).
PLOTLY_STYLE_JS = shown_map("""
var gd = document.querySelector('#map .js-plotly-plot');
gd._fullData[0]._module.style(gd, gd.calcdata[0]);
var out = {};
Array.prototype.forEach.call(gd.querySelector('g.trace.choropleth').getElementsByClassName('choroplethlocation'),
  function (p) { out[p.__data__.loc] = p.getAttribute('fill'); });
return out;
""")
# The image the export buttons make (assets/press.js: gd.data and gd.layout, composed), as SVG text.
EXPORT_SVG_JS = shown_map("""
var done = arguments[arguments.length - 1];
var gd = document.querySelector('#map .js-plotly-plot');
var fig = window.scPress.compose({data: gd.data, layout: gd.layout}, {layout: {}, annotations: []});
window.Plotly.toImage(fig, {format: 'svg', width: 900, height: 560}).then(done, function (e) { done('error ' + e); });
""")
HOVER_LABEL_JS = shown_map("return document.querySelector('#map .hoverlayer').textContent;")
HOVER_HOOK_JS = shown_map("""
var gd = document.querySelector('#map .js-plotly-plot');
window.__hovered = null;
gd.on('plotly_hover', function (e) { var p = e.points[0]; window.__hovered = {location: p.location, z: p.z}; });
""")


@pytest.fixture(scope="module")
def counties(geodata_dir):
    import test_browser

    return test_browser.counties.__wrapped__(geodata_dir)


@pytest.fixture(scope="module")
def dates(counties):
    import test_browser

    return test_browser.dates.__wrapped__(counties)


def rgb(colour: str) -> tuple[float, float, float]:
    return tuple(hex_to_rgb(colour) if colour.startswith("#") else unlabel_rgb(colour))


def scale_colour(dataset, mode: str, z: int) -> tuple[float, float, float]:
    """The colour plotly's scale gives ``z`` (piecewise linear in RGB between the stops of
    figures.colour_settings), computed here independently of the browser."""
    s = figures.colour_settings(dataset, mode)
    domain = [s["zmin"] + f * (s["zmax"] - s["zmin"]) for f, _ in s["colorscale"]]
    colours = [rgb(c) for _, c in s["colorscale"]]
    z = min(max(z, domain[0]), domain[-1])
    i = max(0, min(bisect.bisect_right(domain, z, 1, len(domain) - 1) - 1, len(domain) - 2))
    t = 0.0 if domain[i + 1] == domain[i] else (z - domain[i]) / (domain[i + 1] - domain[i])
    return tuple(a + (b - a) * t for a, b in zip(colours[i], colours[i + 1], strict=True))


def assert_map_shows(d, dataset, counties, day: date, mode: str, state: str | None = None) -> None:
    """Every county's z (in gd.data and plotly's calcdata) is the code for ``day``; every fill is the one plotly's
    own style function paints for it; the known counties' fills are the colour scale's for that code."""
    want = expected_z(counties, day, mode, state)
    drawn = d.execute_script(DRAWN_JS)
    assert set(drawn) == set(want)
    wrong = {f: (v[1], v[2], want[f]) for f, v in drawn.items() if not v[1] == v[2] == want[f]}
    assert not wrong, f"z differs from the displayed date {day} (data, calcdata, expected): {list(wrong.items())[:5]}"
    plotly = d.execute_script(PLOTLY_STYLE_JS)
    differ = {f: (v[0], plotly[f]) for f, v in drawn.items() if v[0] != plotly[f]}
    assert not differ, f"fills differ from plotly's own colours: {list(differ.items())[:5]}"
    for fips in (f for f in KNOWN if f in want):
        got, exp = rgb(drawn[fips][0]), scale_colour(dataset, mode, want[fips])
        assert all(abs(a - b) <= 1 for a, b in zip(got, exp, strict=True)), (fips, day, drawn[fips][0], exp)


def pause(d) -> None:
    d.find_element(By.ID, "play").click()
    wait(d).until(lambda drv: drv.find_element(By.ID, "play").get_attribute("aria-pressed") == "false", "no pause")
    settled(d)


def test_fills_follow_the_displayed_date_after_play_pause_and_steps(
    chromium_driver, browser_server, dataset, counties, dates
):
    d = chromium_driver
    open_page(d, browser_server)
    assert_map_shows(d, dataset, counties, dates[-1], "cohort")
    d.find_element(By.ID, "play").click()  # at the last date Play starts over from "before the first activation"
    wait(d).until(lambda drv: slider_index(drv) >= 6, "playback did not advance 6 steps")
    pause(d)
    shown = date.fromisoformat(shown_date(d))
    assert shown == dates[slider_index(d) - 1]  # step i is dates[i - 1]
    wait_running_line(d, running_line(counties, shown))
    assert_map_shows(d, dataset, counties, shown, "cohort")
    for button, move in (("prev", -1), ("prev", -1), ("next", 1)):
        i = dates.index(shown) + move
        d.find_element(By.ID, button).click()
        wait_running_line(d, running_line(counties, dates[i]))
        settled(d)
        shown = dates[i]
        assert shown_date(d) == shown.isoformat()
        assert_map_shows(d, dataset, counties, shown, "cohort")
    assert_no_front_end_errors(d)


def test_status_fills_are_the_status_colours_on_each_stepped_date(
    chromium_driver, browser_server, dataset, counties, dates
):
    d = chromium_driver
    day = date(2011, 2, 1)
    open_page(d, browser_server, f"?date={day.isoformat()}&mode=status")
    i = dates.index(day)
    colours = {0: figures.NOT_YET, 1: figures.ACTIVE, 2: figures.NEW_TODAY}
    for button, j in (("prev", i - 1), ("next", i), ("next", i + 1)):
        d.find_element(By.ID, button).click()
        wait_running_line(d, running_line(counties, dates[j]))
        settled(d)
        assert_map_shows(d, dataset, counties, dates[j], "status")
        want = expected_z(counties, dates[j], "status")
        drawn = d.execute_script(DRAWN_JS)
        assert {f: rgb(v[0]) for f, v in drawn.items()} == {f: rgb(colours[z]) for f, z in want.items()}
    assert_no_front_end_errors(d)


def test_hover_export_timeline_and_table_follow_the_recoloured_date(chromium_driver, browser_server, counties, dates):
    d = chromium_driver
    open_page(d, browser_server, "?date=2010-06-01")
    shown = dates[slider_index(d) - 1]
    for _ in range(3):  # three steps back: the server's figure still carries the linked date
        d.find_element(By.ID, "prev").click()
        shown = dates[dates.index(shown) - 1]
        wait_running_line(d, running_line(counties, shown))
    settled(d)
    want = expected_z(counties, shown, "cohort")

    # Hover: plotly's hover event carries the displayed date's value.
    d.execute_script(HOVER_HOOK_JS)
    path = d.execute_script(
        shown_map(
            "var ps = document.querySelector('#map g.trace.choropleth').getElementsByClassName('choroplethlocation');"
            "return Array.prototype.find.call(ps, function (p) { return p.__data__.loc === arguments[0]; });"
        ).replace("arguments[0]", f"'{SAN_BERNARDINO}'")
    )
    d.execute_script("arguments[0].scrollIntoView({block: 'center'});", path)
    ActionChains(d).move_to_element(path).perform()
    hovered = wait(d).until(lambda drv: drv.execute_script("return window.__hovered;"), "no plotly_hover event")
    assert hovered == {"location": SAN_BERNARDINO, "z": want[SAN_BERNARDINO]}
    label = wait(d).until(lambda drv: drv.execute_script(HOVER_LABEL_JS), "no hover label")
    assert "San Bernardino County, California" in label

    # Image export: the figure press.js exports greys exactly the counties not yet active on the displayed date.
    svg = unquote(d.execute_async_script(EXPORT_SVG_JS))
    assert svg.startswith("data:image/svg+xml")
    grey = sum(1 for z in want.values() if z == 0)
    assert 0 < grey < len(want)
    assert svg.count(f'fill="{figures.NOT_YET}"') + svg.count('fill="rgb(228, 228, 228)"') == grey

    # Timeline marker: in the layout (what the timeline export uses) and where it is drawn.
    marker = d.execute_script(
        "var gd = document.querySelector('#timeline .js-plotly-plot'), xa = gd._fullLayout.xaxis;"
        "var s = gd.layout.shapes[0];"
        "var x = Number(gd.querySelector('.shapelayer path').getAttribute('d').split(',')[0].slice(1));"
        "return [s.x0, s.x1, x, xa._offset + xa.l2p(xa.d2l(s.x0))];"
    )
    assert marker[:2] == [shown.isoformat()] * 2
    assert abs(marker[2] - marker[3]) < 0.5

    # The map as a table: the settled (displayed) date.
    d.find_element(By.CSS_SELECTOR, "#map-table-details summary").click()
    caption = wait(d).until(
        lambda drv: (c := drv.find_elements(By.CSS_SELECTOR, "#map-table caption")) and c[0].text, "no table caption"
    )
    assert caption == f"Counties active in each state on {shown.day} {shown:%b %Y}"
    d.find_element(By.CSS_SELECTOR, "#map-table-details summary").click()
    assert_no_front_end_errors(d)


def test_a_state_chosen_during_play_is_drawn_on_the_displayed_date(
    chromium_driver, browser_server, dataset, counties, dates
):
    d = chromium_driver
    open_page(d, browser_server)
    d.find_element(By.ID, "play").click()
    wait(d).until(lambda drv: slider_index(drv) >= 3, "playback did not advance 3 steps")
    # The server draws Texas on the last settled date; the page must show it on the date playing.
    d.execute_script("window.dash_clientside.set_props('state', {value: 'TX'});")
    wait(d).until(lambda drv: slider_index(drv) >= 6, "playback did not go on")
    pause(d)
    wait(d).until(
        lambda drv: len(drv.execute_script(DRAWN_JS)) == int((counties["state"] == "TX").sum()), "Texas never drawn"
    )
    settled(d)
    shown = date.fromisoformat(shown_date(d))
    assert shown == dates[slider_index(d) - 1]
    assert_map_shows(d, dataset, counties, shown, "cohort", "TX")
    assert pd.Timestamp(shown) < pd.Timestamp(dates[-1])
    assert_no_front_end_errors(d)


OUTLINES_JS = shown_map("""
var gd = document.querySelector('#map .js-plotly-plot'), src = {};
Array.prototype.forEach.call(gd.querySelector('g.trace.choropleth').getElementsByClassName('choroplethlocation'),
  function (p) { src[p.__data__.loc] = p.getAttribute('d'); });
return Array.prototype.map.call(gd.querySelectorAll('g.sc-outlines path'), function (p) {
  var loc = p.getAttribute('data-loc');
  return {loc: loc, stroke: p.getAttribute('stroke'), width: p.getAttribute('stroke-width'),
          same_path: p.getAttribute('d') === src[loc], fill: p.getAttribute('fill')};
});
""")
SOURCE_D_JS = shown_map("""
var ps = document.querySelector('#map g.trace.choropleth').getElementsByClassName('choroplethlocation');
for (var i = 0; i < ps.length; i++) { if (ps[i].__data__.loc === arguments[0]) { return ps[i].getAttribute('d'); } }
""")
DEBUG_JS = shown_map("""
var gd = document.querySelector('#map .js-plotly-plot');
return [window.dash_clientside.sc.outlined.traces.map(function (t) { return t.locations; }), gd.calcdata[0].length,
        gd.data[0].locations.length, document.querySelectorAll('.dash-fe-error__title').length];
""")
# Full redraws of the national map (a state's view is drawn in a graph of its own: test_state_zoom.py).
REDRAWS_JS = """
var gd = document.querySelector('#map .js-plotly-plot');
window.__redraws = 0;
window.__lastRedraw = performance.now();
gd.on('plotly_afterplot', function () { window.__redraws++; window.__lastRedraw = performance.now(); });
"""
QUIET_JS = "return performance.now() - window.__lastRedraw > 1500;"  # no redraw for 1.5 s (the load's are over)


def outlines_of(driver, halos: bool = False) -> list[dict]:
    """The outline paths drawn over the map (OUTLINES_JS): the coloured lines, or (``halos``) the white ones under
    them."""
    return [o for o in driver.execute_script(OUTLINES_JS) if (o["stroke"] == figures.HALO) == halos]


def test_comparison_and_selection_outlines_are_drawn_over_the_map_without_a_redraw(
    chromium_driver, browser_server, counties, dates
):
    d = chromium_driver
    open_page(d, browser_server)
    d.execute_script(REDRAWS_JS)
    wait(d).until(lambda drv: drv.execute_script(QUIET_JS), "the map kept redrawing after the page load")
    d.execute_script("window.__redraws = 0;")
    d.execute_script(
        "window.dash_clientside.set_props('compare', {options: [{label: 'Los Angeles County, CA', value: '06037'},"
        " {label: 'Cook County, IL', value: '17031'}], value: ['06037', '17031']});"
    )
    wait(d).until(lambda drv: len(outlines_of(drv)) == 2, "the comparison outlines never appeared")
    settled(d)
    outlines = outlines_of(d)
    assert {o["loc"] for o in outlines} == {LOS_ANGELES, COOK}
    assert all(o["same_path"] and o["fill"] == "none" and o["width"] == "2" for o in outlines), outlines
    assert {o["stroke"] for o in outlines} == {figures.COMPARED}
    halos = outlines_of(d, halos=True)  # a white halo under each, so an outline shows on the darkest class too
    assert {o["loc"] for o in halos} == {LOS_ANGELES, COOK} and all(o["width"] == "4.5" for o in halos), halos
    assert d.execute_script("return window.__redraws;") == 0, "a comparison must not redraw the county map"
    assert len(d.execute_script(DRAWN_JS)) == len(counties)

    # A date step keeps them; the exported figure carries them as the server's outline traces.
    d.find_element(By.ID, "prev").click()
    wait_running_line(d, running_line(counties, dates[-2]))
    settled(d)
    assert outlines_of(d) == outlines
    exported = d.execute_script(  # after the counties and their legend-only traces (dashboard/measures.py)
        "var f = window.scPress.pageFigure('map'); return f.data.slice(1).filter(t => t.type === 'choropleth');"
    )
    assert [(t["name"], sorted(t["locations"]), t["marker"]["line"]["color"]) for t in exported] == [
        ("", sorted([LOS_ANGELES, COOK]), figures.HALO),
        ("Compared", sorted([LOS_ANGELES, COOK]), figures.COMPARED),
    ]

    # Choosing a county shows its state (a new map, drawn once) with the county outlined on top.
    d.execute_script(
        "window.dash_clientside.set_props('county', {options: [{label: 'Harris County, TX', value: '48201'}],"
        " value: '48201'});"
    )
    try:
        wait(d).until(lambda drv: [o["loc"] for o in outlines_of(drv)] == [HARRIS])
    except Exception:
        state = d.execute_script(DEBUG_JS)
        pytest.fail(f"Harris County never outlined alone: {outlines_of(d)}; {search(d)}; {state}")
    settled(d)
    (harris,) = outlines_of(d)
    assert harris["same_path"] and harris["stroke"] == figures.SELECTED and harris["width"] == "3"
    assert len(d.execute_script(DRAWN_JS)) == int((counties["state"] == "TX").sum())

    # Panning the map moves every county path; the outline moves with Harris County's.
    before = d.execute_script(SOURCE_D_JS, HARRIS)
    drag = d.find_element(By.CSS_SELECTOR, f"{MAP} .nsewdrag, {MAP} .bglayer rect, {MAP} .main-svg")
    d.execute_script("arguments[0].scrollIntoView({block: 'center'});", drag)
    pan = ActionChains(d).move_to_element(drag).click_and_hold().move_by_offset(40, 25).move_by_offset(40, 25)
    pan.release().perform()
    wait(d).until(lambda drv: drv.execute_script(SOURCE_D_JS, HARRIS) != before, "the pan did not move the map")
    settled(d)
    (harris,) = outlines_of(d)
    assert harris["same_path"], "the outline did not follow the pan"
    assert_no_front_end_errors(d)
