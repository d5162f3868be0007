"""A reader's journey through the map measures (issue #12.1) in a real browser, at 1,366 px and on a 390 x 844 phone:
pick a measure, step the date, select a county, reload the shared URL. After every step the URL, the running line
(the live region), the legend drawn on the map and the CSV download all describe the view shown; a date step under a
detainer measure leaves the map as it is, without a redraw.

Expectations come from the layer's files (geodata/detainers_trac_counties.csv) and the public URL contract
(dashboard.viewstate.parse); the legend labels are the public words of dashboard/measures.py.
"""

from __future__ import annotations

import csv
import io
from functools import cache

import pandas as pd
import pytest
from selenium.webdriver.common.by import By
from test_browser import MAP_JS, PATHS_JS, running_line, search, settled, shown_map, text, wait
from test_journeys import click, mark_document, pick, start

from dashboard import data, measures, viewstate

#: The committed layer, for the running line's scope note (U.S.-citizen lifts in no county of the scope).
_dataset = cache(data.load)

pytestmark = pytest.mark.browser

LEGEND_TEMPLATE = """
var gd = document.querySelector('#map .js-plotly-plot');
var box = gd.querySelector('.legend'); if (!box) { return null; }
var r = box.getBoundingClientRect();
var title = box.querySelector('.legendtitletext');
return {entries: Array.prototype.map.call(box.querySelectorAll('.traces .legendtext'), function (t) {
          return t.textContent; }),
        title: title ? title.textContent : '', left: r.left, right: r.right, top: r.top, bottom: r.bottom,
        width: window.innerWidth, z: gd.data[0].z.slice(), measure: gd.data[0].meta.measure};
"""
LEGEND_JS = shown_map(LEGEND_TEMPLATE)
FETCH_JS = """
var done = arguments[arguments.length - 1];
fetch(document.getElementById('download-csv').getAttribute('href')).then(function (r) { return r.text(); })
  .then(done, function (e) { done('ERROR ' + e); });
"""
REDRAWS_JS = shown_map("""
var gd = document.querySelector('#map .js-plotly-plot');
if (!gd.__redraws) { gd.__redraws = {n: 0}; gd.on('plotly_afterplot', function () { gd.__redraws.n += 1; }); }
return gd.__redraws.n;
""")


@pytest.fixture(scope="module")
def counties(geodata_dir):
    import test_browser

    return test_browser.counties.__wrapped__(geodata_dir)


@pytest.fixture(scope="module")
def trac(geodata_dir):
    return pd.read_csv(geodata_dir / "detainers_trac_counties.csv", dtype={"fips": str})


def choose_measure(driver, label: str) -> None:
    click(driver, driver.find_element(By.ID, "measure"))
    option = wait(driver).until(
        lambda d: next((o for o in d.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option") if o.text == label), None),
        f"no measure option {label!r}",
    )
    click(driver, option)
    settled(driver)


def assert_view_shown(driver, bounds, counties, measure: str) -> tuple[viewstate.View, list[int]]:
    """The URL, running line, legend, map colours and CSV download all describe one view, with ``measure``."""
    settled(driver)
    q = search(driver)
    parsed = viewstate.parse(q, bounds)
    v = parsed.view
    assert not parsed.notices and viewstate.serialize(v) == q and v.measure == measure, q
    line = running_line(counties, v.date, v.state) + measures.running_note(measure)
    line += measures.scope_note(_dataset(), measure, v.state)
    wait(driver).until(lambda d: text(d, "running-line") == line, f"running line {text(driver, 'running-line')!r}")
    legend = wait(driver).until(
        lambda d: (g := d.execute_script(LEGEND_JS)) and g["measure"] == measure and g, "the map has no legend"
    )
    labels = [label for label, _ in measures.classes(measure, v.mode)]
    assert legend["entries"] == labels, legend["entries"]
    if measure != "activation":
        assert "does not" in legend["title"] and "change with the date" in legend["title"], legend["title"]
    # visible: inside the window's width (a 390 px phone included) and drawn below the map's top
    assert legend["left"] >= 0 and legend["right"] <= legend["width"] + 1 and legend["bottom"] > legend["top"], legend
    assert driver.find_element(By.ID, "download-csv").get_attribute("href").endswith("/download/counties.csv" + q)
    body = driver.execute_async_script(FETCH_JS)
    rows = list(csv.DictReader(io.StringIO(body)))
    scope = counties if v.state is None else counties[counties["state"] == v.state]
    # a selected or compared county outside the state is listed after the state's counties (dashboard/columns.csv)
    outside = {c for c in (v.county, *v.compare) if c and c not in set(scope["fips"])}
    assert len(rows) == len(scope) + len(outside), (q, len(rows))
    assert {r["fips"] for r in rows[len(scope) :]} == outside
    assert {r["map_measure"].split(":")[0].split(" ")[0] for r in rows} == {measure}
    assert all(r["as_of"] == v.date.isoformat() for r in rows)
    return v, legend["z"]


@pytest.mark.parametrize("size", [(1366, 900), (390, 844)], ids=["1366", "390"])
def test_a_reader_picks_a_measure_steps_the_date_selects_a_county_and_reloads(
    chromium_driver, browser_server, bounds, counties, trac, size
):
    d = chromium_driver
    start(d, browser_server, size, "?date=2011-02-01")
    assert_view_shown(d, bounds, counties, "activation")

    choose_measure(d, "Detainers per 1,000 non-citizens")
    v, z = assert_view_shown(d, bounds, counties, "rate")
    ranked = set(trac.loc[trac["rank_per_1k_noncitizens"].notna(), "fips"])
    locations = d.execute_script(shown_map("return document.querySelector('#map .js-plotly-plot').data[0].locations;"))
    binned = {f for f, code in zip(locations, z, strict=True) if code < 5}
    assert binned == ranked  # only ranked counties get a rate colour; the others say why

    redraws = d.execute_script(REDRAWS_JS)
    click(d, d.find_element(By.ID, "prev"))  # a date step: the URL, line and download follow; the map stays
    v2, z2 = assert_view_shown(d, bounds, counties, "rate")
    assert v2.date < v.date and z2 == z
    assert d.execute_script(REDRAWS_JS) == redraws, "a date step redrew the map"

    pick(d, "county", "harris county texas")
    v3, _ = assert_view_shown(d, bounds, counties, "rate")
    assert v3.county == "48201" and v3.state == "TX" and v3.date == v2.date
    wait(d).until(lambda drv: "Harris County" in text(drv, "county-card"), "no card for Harris County")

    shared = search(d)
    d.refresh()
    wait(d, 30).until(lambda drv: drv.execute_script(MAP_JS) is not None and drv.execute_script(PATHS_JS) > 0)
    mark_document(d)
    v4, _ = assert_view_shown(d, bounds, counties, "rate")
    assert search(d) == shared and v4 == v3

    choose_measure(d, "Activation")
    assert_view_shown(d, bounds, counties, "activation")


@pytest.mark.parametrize(
    "query",
    [
        "?date=2011-02-01&measure=rate&county=48201",
        "?date=2011-02-01&measure=custody&compare=06037,04013",
        "?date=2011-02-01&mode=status&county=48201",
        "?date=2011-02-01&measure=citizen&county=48201&compare=06037",
    ],
)
def test_a_shared_link_with_a_county_opens_on_its_measure(chromium_driver, browser_server, bounds, counties, query):
    """A reviewer's shared links with county= or compare= opened on the activation map under a "rate" selector: the
    page's controls change together on load, and the map answered only for the selection."""
    d = chromium_driver
    start(d, browser_server, (1366, 900), query)
    measure = viewstate.parse(query, bounds).view.measure
    assert_view_shown(d, bounds, counties, measure)


EMBED_LEGEND_JS = LEGEND_TEMPLATE.replace("#map .js-plotly-plot", "#chart")


@pytest.mark.parametrize("query", ["date=2011-02-01&measure=rate", "date=2011-02-01&mode=status", "date=2011-02-01"])
def test_the_legend_is_visible_in_a_360_px_embed(chromium_driver, browser_server, query):
    """Issue #13.6: every legend entry of the embedded map is drawn inside a 360 px frame (none clipped)."""
    d = chromium_driver
    d.set_window_size(360, 740)
    d.get(f"{browser_server.url}/embed/map?{query}")
    wait(d, 30).until(lambda drv: drv.execute_script("return document.documentElement.dataset.scReady === 'true';"))
    legend = d.execute_script(EMBED_LEGEND_JS)
    measure = "rate" if "measure=rate" in query else "activation"
    mode = "status" if "mode=status" in query else "cohort"
    assert legend["entries"] == [label for label, _ in measures.classes(measure, mode)]
    width = d.execute_script("return document.documentElement.clientWidth;")
    assert legend["left"] >= 0 and legend["right"] <= width + 1, legend
    items = d.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('#chart .legend .traces'), function (t) {"
        " var r = t.getBoundingClientRect(); return [r.left, r.right]; });"
    )
    assert all(left >= 0 and right <= width + 1 for left, right in items), items
