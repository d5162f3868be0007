"""Reviewers' findings as readers' journeys in a real browser; after every step the address bar, the announcement
(running line, and the notice box, also a live region) and the download links describe the one view in the URL.

- A shared link with a county opens as picking that county does (its state, the state's table, a link with state=).
- Picking another state keeps the selected county, says it is outside the state, and the downloads list it after the
  state's counties; a compared county elsewhere is kept the same way. Clearing the state leaves the county too.
- Six compared counties are all in view at 1366 px; on a phone the comparison scrolls in a labelled, focusable region.
- A county with no U.S.-citizen lift placed in it never reads as "none" alone: the card, the comparison, the map as a
  table, the running line and the download say how many of its state's lifts are in no county.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from test_browser import running_line, search, settled, shown_map, text, wait
from test_journeys import DESKTOP, PHONE, assert_one_view, click, open_table, pick, start

from dashboard import measures
from dashboard.detainers import us_citizen_counts

pytestmark = pytest.mark.browser

STATE_VALUE_JS = (
    "var st = window.store.getState(); var p = st.paths.strs[arguments[0]];"
    "return p.reduce(function (o, k) { return o[k]; }, st.layout).props.value;"
)


@pytest.fixture(scope="module")
def counties(geodata_dir):
    import test_browser

    return test_browser.counties.__wrapped__(geodata_dir)


def seen(d) -> dict:
    """What a reader has in front of them, for comparing two ways of reaching a view."""
    settled(d)
    caption = wait(d).until(lambda drv: (c := drv.find_elements(By.CSS_SELECTOR, "#map-table caption")) and c[0].text)
    return {
        "url": search(d),
        "announcement": text(d, "running-line"),
        "notice": text(d, "notice"),
        "state filter": d.execute_script(STATE_VALUE_JS, "state"),
        "county": d.execute_script(STATE_VALUE_JS, "county"),
        "map table": caption,
        "card": text(d, "county-card").split("\n")[0],
        "csv": d.find_element(By.ID, "download-csv").get_attribute("href").split("/download/")[1],
    }


def csv_rows(d) -> list[dict]:
    body = requests.get(d.find_element(By.ID, "download-csv").get_attribute("href"), timeout=60).text
    return list(csv.DictReader(io.StringIO(body)))


def test_a_shared_county_link_opens_as_picking_the_county_does(chromium_driver, browser_server, bounds, counties):
    d = chromium_driver
    start(d, browser_server, DESKTOP, "?date=2011-02-01")
    pick(d, "county", "harris county texas")
    v = assert_one_view(d, bounds, counties)
    assert (v.county, v.state) == ("48201", "TX")
    picked = seen(d)

    start(d, browser_server, DESKTOP, "?date=2011-02-01&county=48201")
    v = assert_one_view(d, bounds, counties)
    opened = seen(d)
    assert opened == picked
    assert opened["url"] == "?date=2011-02-01&county=48201&state=TX" and opened["state filter"] == "TX"
    assert opened["announcement"] == running_line(counties, date(2011, 2, 1), "TX")
    assert "Texas" in opened["map table"] and opened["notice"] == ""
    assert {r["state"] for r in csv_rows(d)} == {"TX"}
    d.back()  # the link was rewritten in place (replaceState): Back leaves it, never lands on it again
    assert d.execute_script("return window.location.search;") != "?date=2011-02-01&county=48201"


def test_picking_another_state_keeps_the_county_says_it_is_outside_and_lists_it_after_the_state(
    chromium_driver, browser_server, bounds, counties
):
    d = chromium_driver
    start(d, browser_server, DESKTOP, "?date=2011-02-01&county=48201&compare=17031,06037")
    assert assert_one_view(d, bounds, counties).state == "TX"
    pick(d, "state", "California", "California")
    v = assert_one_view(d, bounds, counties)
    assert (v.county, v.compare, v.state) == ("48201", ("17031", "06037"), "CA")
    after_pick = seen(d)
    assert after_pick["url"] == "?date=2011-02-01&county=48201&compare=17031,06037&state=CA"
    assert "Harris County, TX is not in California" in after_pick["notice"], after_pick["notice"]
    assert after_pick["announcement"] == running_line(counties, date(2011, 2, 1), "CA")
    rows = csv_rows(d)
    ca = [r for r in rows if r["state"] == "CA"]
    assert len(ca) == 58 and rows[: len(ca)] == ca  # the state's counties first ...
    tail = {r["fips"]: r["role"] for r in rows[len(ca) :]}
    assert tail == {"48201": "selected", "17031": "compared"}  # ... then the selection and comparison outside it
    assert next(r for r in ca if r["fips"] == "06037")["role"] == "compared"

    d.refresh()  # the shared link says the same
    wait(d, 30).until(lambda drv: "Harris County" in text(drv, "county-card"))
    open_table(d)
    assert_one_view(d, bounds, counties)
    assert seen(d) == after_pick


def test_clearing_the_state_filter_leaves_the_county_too(chromium_driver, browser_server, bounds, counties):
    d = chromium_driver
    start(d, browser_server, DESKTOP, "?date=2011-02-01&county=48201&compare=06037")
    assert assert_one_view(d, bounds, counties).state == "TX"
    click(d, d.find_element(By.CSS_SELECTOR, "#state .dash-dropdown-clear"))
    v = assert_one_view(d, bounds, counties)
    assert (v.county, v.state, v.compare) == (None, None, ("06037",)), search(d)
    cleared = seen(d)
    assert cleared["url"] == "?date=2011-02-01&compare=06037" and cleared["county"] is None
    assert len(csv_rows(d)) == 3143
    d.refresh()
    wait(d, 30).until(lambda drv: drv.execute_script("return !!window.store;"))
    open_table(d)
    assert_one_view(d, bounds, counties)
    assert seen(d) == cleared


SIX = "?date=2011-02-01&county=48201&compare=06037,04013,17031,36081,12086"
REGION_JS = """
var b = document.getElementById('compare-table'), t = b.querySelector('table'), r = b.getBoundingClientRect();
var heads = Array.from(t.rows[0].cells).slice(1).map(function (c) { var q = c.getBoundingClientRect();
  return {text: c.textContent, left: q.left, right: q.right}; });
return {role: b.getAttribute('role'), tabindex: b.getAttribute('tabindex'), label: b.getAttribute('aria-label'),
  left: r.left, right: r.right, scrollWidth: b.scrollWidth, clientWidth: b.clientWidth, scrollLeft: b.scrollLeft,
  heads: heads, doc: document.documentElement.scrollWidth, vw: window.innerWidth};
"""


def test_six_compared_counties_are_all_in_view_at_1366_px(chromium_driver, browser_server, bounds, counties):
    d = chromium_driver
    start(d, browser_server, (1366, 768), SIX)
    v = assert_one_view(d, bounds, counties)
    assert len([v.county, *v.compare]) == 6
    box = d.execute_script(REGION_JS)
    assert len(box["heads"]) == 6, box
    assert box["scrollWidth"] <= box["clientWidth"] + 1, box  # nothing hidden sideways
    for head in box["heads"]:
        assert box["left"] - 1 <= head["left"] and head["right"] <= box["right"] + 1, (head, box)
    assert box["doc"] <= box["vw"], box
    assert box["role"] == "region" and box["tabindex"] == "0" and box["label"], box
    d.set_window_size(*DESKTOP)


def test_on_a_phone_the_comparison_scrolls_in_a_labelled_focusable_region(
    chromium_driver, browser_server, bounds, counties
):
    d = chromium_driver
    start(d, browser_server, PHONE, SIX)
    assert_one_view(d, bounds, counties)
    box = d.execute_script(REGION_JS)
    assert box["role"] == "region" and box["tabindex"] == "0", box
    assert box["label"] == "Counties compared (scroll sideways for more)", box
    assert box["doc"] <= box["vw"], box  # the page itself never scrolls sideways
    assert box["scrollWidth"] > box["clientWidth"], box
    region = d.find_element(By.ID, "compare-table")
    d.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", region)
    assert d.switch_to.active_element == region  # reachable by keyboard: it takes focus
    region.send_keys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)
    wait(d).until(lambda drv: drv.execute_script(REGION_JS)["scrollLeft"] > 0, "arrow keys did not scroll it")
    assert_one_view(d, bounds, counties)
    d.set_window_size(*DESKTOP)


def test_a_county_with_none_placed_says_how_many_of_its_state_are_in_no_county(
    chromium_driver, browser_server, bounds, counties, dataset
):
    d = chromium_driver
    unplaced = us_citizen_counts(dataset, "TX")[1]
    assert unplaced > 0  # the finding: Texas has lifts placed in no county
    start(d, browser_server, DESKTOP, "?date=2011-02-01&measure=citizen&county=48201")
    settled(d)
    assert search(d) == "?date=2011-02-01&county=48201&state=TX&measure=citizen"
    said = f"{unplaced:,} in the state were not placed in any county"
    line = running_line(counties, date(2011, 2, 1), "TX") + measures.running_note("citizen")
    line += f" {unplaced:,} of them in Texas are in no county"
    wait(d).until(lambda drv: text(drv, "running-line").startswith(line), text(d, "running-line"))
    wait(d).until(lambda drv: said in text(drv, "county-card"), text(d, "county-card"))
    wait(d).until(lambda drv: f"0; {said}" in text(drv, "compare-table"), "the comparison says 0 alone")
    harris = wait(d).until(
        lambda drv: next(
            (r.text for r in drv.find_elements(By.CSS_SELECTOR, "#map-table tbody tr") if "Harris County" in r.text),
            None,
        ),
        "no Harris row in the map as a table",
    )
    assert "None placed in this county" in harris and said in harris, harris
    legend = d.execute_script(
        shown_map("return Array.from(document.querySelectorAll('#map .legendtext')).map(e => e.textContent);")
    )
    assert "None placed in this county (why: in hover and table)" in legend, legend
    row = next(r for r in csv_rows(d) if r["fips"] == "48201")
    assert row["map_class"] == "None placed in this county" and said in row["map_class_why"], row
    assert d.find_element(By.ID, "download-csv").get_attribute("href").endswith(search(d))
