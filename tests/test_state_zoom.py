"""A state zoom draws only the state's counties, in a graph of its own shown in the national map's place
(dashboard/layout.py:map_box); back to the US shows the national map again, never redrawn for it, on the date and
colours chosen meanwhile (issue #11: "hover, the selection outline and a state zoom: none may cost a full redraw").

The server side (callbacks.scope.render_view: what each change sends to which graph) is checked without a browser;
the journey US → Texas → date step → back to the US → a county link → back, in headless Chromium at desktop and
phone width, checks after every step that the URL, the running line and the map shown agree.
"""

from __future__ import annotations

from datetime import date

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from test_browser import MAP_JS, PATHS_JS, expected_z, settled, wait
from test_journeys import (
    DESKTOP,
    PHONE,
    _same_document_or_reopen,
    assert_one_view,
    clear_state,
    click,
    mark_document,
    open_table,
    pick,
    start,
)
from test_map_recolour import assert_map_shows

from tests.visits import CALLBACK_URL, callback_body

# ----------------------------------------------------------------------------------------------------------------
# What render_view sends where


@pytest.fixture(scope="module")
def client():
    from dashboard.app import create_app

    return create_app().server.test_client()


def _render(client, state, changed, measure="activation", national="activation"):
    dep = next(d for d in client.get("/_dash-dependencies").get_json() if d["output"].startswith("..map.figure"))
    query = "&".join(p for p in ("date=2011-02-01", f"state={state}" if state else "", f"measure={measure}") if p)
    values = {"state.value": state, "county.value": None, "compare.value": [], "mode.value": "cohort",
              "measure.value": measure, "url.search": f"?{query}",
              "map-colours.data": {"measure": national, "mode": "cohort"}}  # fmt: skip
    resp = client.post(CALLBACK_URL, json=callback_body(dep, values, changed))
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return resp.get_json()["response"]


def test_a_state_zoom_draws_the_state_in_its_own_graph_and_leaves_the_national_map(client, dataset):
    out = _render(client, "TX", ["state.value"])
    assert "map" not in out and "map-colours" not in out
    assert out["map-box"]["className"] == "map-box on-state"
    locations = out["state-map"]["figure"]["data"][0]["locations"]
    assert sorted(locations) == sorted(dataset.counties.loc[dataset.counties["state"] == "TX", "fips"])


def test_back_to_the_us_shows_the_national_map_again_without_sending_it(client):
    out = _render(client, None, ["state.value"])
    assert "map" not in out and "state-map" not in out and "map-colours" not in out
    assert out["map-box"]["className"] == "map-box"


def test_a_measure_chosen_on_a_state_view_reaches_the_national_map_when_it_is_shown_again(client):
    on_state = _render(client, "TX", ["measure.value"], measure="rate")
    assert set(on_state) == {"state-map"}  # the state's colours only; the national map waits, marked by its store
    assert on_state["state-map"]["figure"]["operations"]  # a Patch, not a new figure
    back = _render(client, None, ["state.value"], measure="rate")
    assert back["map-colours"]["data"] == {"measure": "rate", "mode": "cohort"}
    assert {o["location"][0] for o in back["map"]["figure"]["operations"]} == {"data", "layout"}  # a Patch again
    assert "state-map" not in back and back["map-box"]["className"] == "map-box"


# ----------------------------------------------------------------------------------------------------------------
# The journey in a browser


@pytest.fixture(scope="module")
def counties(geodata_dir):
    import test_browser

    return test_browser.counties.__wrapped__(geodata_dir)


#: Full redraws (plotly_afterplot) of each map graph since the first call, which one is shown and whether the other
#: is hidden, and whether the page scrolls sideways.
DRAWS_JS = """
var out = {};
['map', 'state-map'].forEach(function (id) {
  var gd = document.querySelector('#' + id + ' .js-plotly-plot');
  if (gd && !gd.__draws) { gd.__draws = {n: 0}; gd.on('plotly_afterplot', function () { gd.__draws.n += 1; }); }
  out[id] = gd && gd.__draws ? gd.__draws.n : null;
  out[id + ' visible'] = getComputedStyle(document.getElementById(id)).visibility === 'visible';
});
out.shown = document.getElementById('map-box').classList.contains('on-state') ? 'state-map' : 'map';
out.sideways = document.documentElement.scrollWidth > window.innerWidth;
return out;
"""
#: The national map's colour codes, shown or not.
NATIONAL_Z_JS = """
var gd = document.querySelector('#map .js-plotly-plot');
var out = {};
gd.data[0].locations.forEach(function (loc, i) { out[loc] = gd.data[0].z[i]; });
return out;
"""
#: Which map a reader could see while the page loads (not in its "opening" state: assets/firstload.js).
SEEN_JS = """
window.__maps = [];
function look() {
  var box = document.getElementById('map-box');
  if (box && !document.documentElement.classList.contains('sc-opening')) {
    var shown = box.classList.contains('on-state') ? 'state-map' : 'map';
    if (window.__maps[window.__maps.length - 1] !== shown) { window.__maps.push(shown); }
  }
}
new MutationObserver(look).observe(document, {childList: true, subtree: true, attributes: true,
                                              attributeFilter: ['class']});
"""
OUTLINED_JS = """
return Array.prototype.map.call(document.querySelectorAll('#state-map g.sc-outlines path'),
                                function (p) { return [p.getAttribute('data-loc'), p.getAttribute('stroke')]; });
"""


def agree(d, dataset, bounds, counties) -> tuple:
    """The URL, the running line (and everything assert_one_view checks) and the map shown name one view: the shown
    graph is the view's scope, coloured for its date (fills as plotly paints them), the other graph hidden, and the
    page never scrolls sideways."""
    v = assert_one_view(d, bounds, counties)
    day = max(v.date, date(2008, 10, 26))
    draws = d.execute_script(DRAWS_JS)
    assert draws["shown"] == ("state-map" if v.state else "map"), (v, draws)
    hidden = "map" if v.state else "state-map"
    assert draws[draws["shown"] + " visible"] and not draws[hidden + " visible"], draws
    assert not draws["sideways"], "the page scrolls sideways"
    assert d.execute_script(PATHS_JS) >= len(expected_z(counties, day, v.mode, v.state))
    assert_map_shows(d, dataset, counties, day, v.mode, v.state)
    return v, draws


@pytest.mark.browser
@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone-390x844"])
def test_us_texas_a_date_step_and_back_never_redraw_the_national_map(
    chromium_driver, browser_server, dataset, bounds, counties, size
):
    d = chromium_driver
    start(d, browser_server, size, "?date=2011-02-01")
    v, before = agree(d, dataset, bounds, counties)
    assert v.state is None

    pick(d, "state", "Texas", "Texas")  # US → Texas: drawn in the state's graph
    v, draws = agree(d, dataset, bounds, counties)
    assert v.state == "TX" and v.date == date(2011, 2, 1)
    assert draws["map"] == before["map"], "the state zoom redrew the national map"
    assert draws["state-map"] > before["state-map"], "Texas was never drawn"
    exported = d.execute_script("return window.scPress.pageFigure('map').data[0].locations.length;")
    assert exported == 254, "the image export is not of the map shown"

    slider = d.find_element(By.CSS_SELECTOR, "#date-slider [role=slider]")  # a date step from the keyboard
    click(d, slider)
    slider.send_keys(Keys.ARROW_LEFT)
    settled(d)
    v, stepped = agree(d, dataset, bounds, counties)
    assert v.state == "TX" and v.date < date(2011, 2, 1)
    assert stepped["map"] == draws["map"] and stepped["state-map"] == draws["state-map"], "a date step redrew a map"
    # the hidden national map is kept on the displayed date (assets/dashboard.js), ready to be shown again
    assert d.execute_script(NATIONAL_Z_JS) == expected_z(counties, v.date, v.mode)

    clear_state(d, None)  # back to the US: the national map shown again, on the new date, not redrawn
    us, back = agree(d, dataset, bounds, counties)
    assert us.state is None and us.date == v.date
    assert back["map"] == before["map"], "back to the US redrew the national map"

    # A shared link to a county opens on its state's view and never shows the national map first.
    script = d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": SEEN_JS})
    try:
        d.get(f"{browser_server.url}/?county=48201&date=2010-05-04")
        wait(d, 30).until(lambda drv: drv.execute_script(MAP_JS) is not None and drv.execute_script(PATHS_JS) > 0)
        settled(d)
        mark_document(d)
        open_table(d)
        linked, _ = agree(d, dataset, bounds, counties)
        assert linked.state == "TX" and linked.county == "48201"
        assert d.execute_script("return window.__maps;") == ["state-map"]
        assert ["48201", "#111111"] in d.execute_script(OUTLINED_JS), "Harris County is not outlined"
    finally:
        d.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})

    d.back()  # the page before the link: the whole country on the stepped date
    _same_document_or_reopen(d)
    again, _ = agree(d, dataset, bounds, counties)
    assert again.state is None and again.date == us.date

    # In the page: a county found zooms to its state; Back brings the whole country back, not redrawn.
    before = d.execute_script(DRAWS_JS)
    pick(d, "county", "harris county texas")
    found, _ = agree(d, dataset, bounds, counties)
    assert found.state == "TX" and found.county == "48201"
    d.back()
    settled(d)
    us, back = agree(d, dataset, bounds, counties)
    assert us.state is None and us.county is None
    assert back["map"] == before["map"], "Back to the US redrew the national map"
    d.set_window_size(*DESKTOP)
