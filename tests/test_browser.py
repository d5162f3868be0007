"""The dashboard in a real browser (headless Chromium): what a reader sees, checked against geodata/counties.csv.

Fixtures (server, browser) are in the "Browser" section of conftest.py. Every expectation is computed here from
the committed county table with pandas, not read back from the app's own modules (except test 9, which checks
the browser's status codes against ``dashboard.coverage.status_codes`` on purpose).
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs

import numpy as np
import pandas as pd
import pytest
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.browser

TIMEOUT = 20
GEOJSON_PATH = "/geodata/counties.geojson"
SHARED = "?date=2011-02-01&county=48201&compare=06037,04013&state=TX&mode=status"
SHARED_CODES = ("48201", "06037", "04013")

# True once the Dash renderer has no callback requested, pending or running.
SETTLED_JS = """
var s = window.store && window.store.getState && window.store.getState();
if (!s || !s.callbacks) { return false; }
var cb = Object.assign({}, s.callbacks); delete cb.stored; delete cb.completed;
return Object.keys(cb).every(function (k) { return !cb[k] || !cb[k].length; });
"""
#: The map the reader sees: the national map (#map), or a state's view (#state-map) shown in its place and drawn in a
#: graph of its own, so that a state zoom never redraws the national map (dashboard/layout.py:map_box).
MAP = ":is(#map-box:not(.on-state) > #map, #map-box.on-state > #state-map)"


def shown_map(js: str) -> str:
    """``js`` with ``#map`` meaning the map shown (:data:`MAP`)."""
    return js.replace("#map ", MAP + " ")


MAP_JS = shown_map("return document.querySelector('#map .js-plotly-plot');")
TRACE_JS = shown_map("""
var gd = document.querySelector('#map .js-plotly-plot');
if (!gd || !gd.data || !gd.data.length) { return null; }
var t = gd.data[0];
return {locations: Array.from(t.locations), z: Array.from(t.z), mode: t.meta && t.meta.mode,
        days: t.customdata.map(function (r) { return r[3]; }), traces: gd.data.length};
""")
# assets/dashboard.js's transport() called as the renderer calls it when a tick and a Play click are batched.
BATCHED_PAUSE_JS = """
var dc = window.dash_clientside;
dc.sc.player.on = false;  // the Pause click itself has flipped it (see the click listener in dashboard.js)
dc.callback_context = {triggered: [{prop_id: 'play.n_clicks', value: 2}]};
try { return dc.sc.transport(2, null, null, 5, arguments[0]); } finally { delete dc.callback_context; }
"""
ERROR_BADGES = ".test-devtools-error-count, .dash-fe-error__title, .dash-debug-alert"
PATHS_JS = shown_map("return document.querySelectorAll('#map .choropleth path').length;")
RESOURCES_JS = "return performance.getEntriesByType('resource').map(function (e) {return e.name;});"


# --------------------------------------------------------------------------------------------------------------
# Expectations from the committed layer


@pytest.fixture(scope="module")
def counties(geodata_dir) -> pd.DataFrame:
    return pd.read_csv(
        geodata_dir / "counties.csv",
        dtype={"fips": str, "state_fips": str, "state": str, "neighbors": str},
        parse_dates=["activation_date"],
    )


@pytest.fixture(scope="module")
def dates(counties) -> list[date]:
    return sorted(d.date() for d in pd.to_datetime(counties["activation_date"].unique()))


def running_line(counties: pd.DataFrame, day: date, state: str | None = None) -> str:
    """The running line a reader should see for ``day`` (whole country or one state)."""
    c = counties if state is None else counties[counties["state"] == state]
    on = c[c["activation_date"] <= pd.Timestamp(day)]
    pop = 100 * on["pop_2010_census"].sum() / c["pop_2010_census"].sum()
    noncit = 100 * on["noncit_2006_2010"].fillna(0).sum() / c["noncit_2006_2010"].fillna(0).sum()
    if state is None:
        reached = set(on["state"])
        n = len(reached - {"DC"})
        where = f"counties in {n} state{'' if n == 1 else 's'}" + (" and DC" if "DC" in reached else "")
        where, people = (where if len(on) else "counties"), "the US population"
    else:
        name = c["state_name"].iloc[0]
        where, people = f"counties in {name}", f"the population of {name}"
    first = counties["activation_date"].min()
    when = (
        f"Before the first activation on {first.day} {first:%b %Y}"
        if pd.Timestamp(day) < first
        else f"By {day.day} {day:%b %Y}"
    )
    return (
        f"{when}: {len(on):,} of {len(c):,} {where} — {pop:.1f}% of {people} (2010 Census), "
        f"{noncit:.1f}% of non-citizens (ACS 2006-2010)"
    )


def expected_z(counties: pd.DataFrame, day: date, mode: str, state: str | None = None) -> dict[str, int]:
    """FIPS -> colour value: 0 not yet; cohort: days after first + 1; status: 1 active, 2 switched on that day."""
    c = counties if state is None else counties[counties["state"] == state]
    on = c["activation_date"] <= pd.Timestamp(day)
    if mode == "status":
        z = np.where(~on, 0, np.where(c["activation_date"] == pd.Timestamp(day), 2, 1))
    else:
        z = np.where(~on, 0, c["days_after_first"] + 1)
    return dict(zip(c["fips"], z.tolist(), strict=True))


# --------------------------------------------------------------------------------------------------------------
# Browser helpers


def wait(driver, timeout: float = TIMEOUT) -> WebDriverWait:
    """Poll a condition (Dash re-renders elements freely, so a stale element just means "look again")."""
    return WebDriverWait(driver, timeout, poll_frequency=0.05, ignored_exceptions=(StaleElementReferenceException,))


OPENED_JS = "return !document.documentElement.classList.contains('sc-opening');"


def settled(driver) -> None:
    wait(driver).until(lambda d: d.execute_script(SETTLED_JS), "Dash callbacks did not settle")
    # a link's own view applied: the map, running line and card are shown (assets/firstload.js)
    wait(driver).until(lambda d: d.execute_script(OPENED_JS), "the linked view was never shown")


def open_page(driver, server, query: str = "", min_paths: int = 1) -> None:
    """Navigate afresh and wait until the map has drawn county paths and no callback is in flight."""
    driver.get_log("browser")  # drop what an earlier test left behind
    driver.get(f"{server.url}/{query}")
    try:
        wait(driver, 30).until(
            lambda d: d.execute_script(MAP_JS) is not None and d.execute_script(PATHS_JS) >= min_paths
        )
        drawn = True
    except TimeoutException:
        drawn = False
    if not drawn:
        foreign = [r["url"] for r in requests_made(driver) if not r["url"].startswith(server.url + "/")]
        errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"][:3]
        pytest.fail(
            f"the map never drew {min_paths}+ county paths for /{query} "
            f"(requests to other origins: {foreign or 'none'}; console errors: {errors or 'none'})"
        )
    settled(driver)


def trace(driver) -> dict:
    return driver.execute_script(TRACE_JS)


def z_by_fips(driver) -> dict[str, int]:
    t = trace(driver)
    return dict(zip(t["locations"], t["z"], strict=True))


def text(driver, element_id: str) -> str:
    return driver.find_element(By.ID, element_id).text


def shown_date(driver) -> str | None:
    """The date the browser-side renderer last drew (set by assets/dashboard.js)."""
    return driver.execute_script("return document.documentElement.getAttribute('data-sc-date');")


def slider_index(driver) -> int:
    return int(driver.find_element(By.CSS_SELECTOR, "#date-slider [role=slider]").get_attribute("aria-valuenow"))


def search(driver) -> str:
    return driver.execute_script("return window.location.search;")


def requests_made(driver) -> list[dict]:
    return driver.execute_script("return window.__scRequests.slice();")


def wait_running_line(driver, expected: str) -> None:
    wait(driver).until(lambda d: text(d, "running-line") == expected, f"running line never became {expected!r}")


def wait_z(driver, expected: dict[str, int]) -> None:
    def ok(d):
        t = trace(d)
        return t is not None and dict(zip(t["locations"], t["z"], strict=True)) == expected

    wait(driver).until(ok, "the map's z never matched the expected colour values")


def assert_no_front_end_errors(driver) -> None:
    """No dialog, no Dash dev-tools error badge or alert, no Python traceback, no SEVERE console entry."""
    assert driver.execute_script("return window.__scDialogs;") == []
    assert driver.find_elements(By.CSS_SELECTOR, ".dash-debug-menu__outer"), "dev-tools UI expected in tests"
    badges = driver.find_elements(By.CSS_SELECTOR, ERROR_BADGES)
    assert not badges, f"Dash dev-tools error badge shown: {[b.text for b in badges]}"
    page = driver.execute_script("return document.documentElement.innerText;")
    assert "Traceback" not in page and 'File "' not in page
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not severe, severe


# --------------------------------------------------------------------------------------------------------------
# 1. The default view


def test_default_view_draws_every_county_in_cohort_colours(chromium_driver, browser_server, counties, dates):
    d = chromium_driver
    open_page(d, browser_server, min_paths=3001)
    t = trace(d)
    assert len(t["locations"]) == len(counties) == 3143
    assert t["mode"] == "cohort"
    assert sorted(t["locations"]) == sorted(counties["fips"])
    assert dict(zip(t["locations"], t["z"], strict=True)) == expected_z(counties, dates[-1], "cohort")
    assert all(z >= 1 for z in t["z"]), "every county is active on the last activation date"
    assert text(d, "running-line") == running_line(counties, dates[-1])
    assert text(d, "running-line").startswith("By 22 Jan 2013: 3,143 of 3,143 counties in 50 states and DC — ")
    assert d.execute_script(PATHS_JS) > 3000
    # The geometry comes by URL, never inline.
    assert d.execute_script("return typeof document.querySelector('#map .js-plotly-plot').data[0].geojson;") == "string"
    assert_no_front_end_errors(d)


# --------------------------------------------------------------------------------------------------------------
# 2. Date steps run in the browser


def test_date_steps_recolour_in_the_browser_without_geometry_round_trips(
    chromium_driver, browser_server, counties, dates
):
    d = chromium_driver
    open_page(d, browser_server, min_paths=3001)
    before_resources = len(d.execute_script(RESOURCES_JS))
    before_requests = len(requests_made(d))

    for steps_back in (1, 2):
        d.find_element(By.ID, "prev").click()
        day = dates[-1 - steps_back]
        wait_running_line(d, running_line(counties, day))
        wait_z(d, expected_z(counties, day, "cohort"))
        assert shown_date(d) == day.isoformat()
    d.find_element(By.ID, "next").click()
    wait_running_line(d, running_line(counties, dates[-2]))
    wait_z(d, expected_z(counties, dates[-2], "cohort"))
    # The settled date reaches the URL (a small server callback), never the map figure.
    wait(d).until(lambda drv: search(drv) == f"?date={dates[-2].isoformat()}", "the settled date never reached the URL")
    settled(d)

    new = requests_made(d)[before_requests:]
    updates = [r for r in new if "/_dash-update-component" in r["url"]]
    assert all("map.figure" not in (r["body"] or "") for r in updates), [r["body"][:300] for r in updates]
    assert not [r for r in new if "geojson" in r["url"] or "topojson" in r["url"]]
    sizes = d.execute_script(
        "return performance.getEntriesByType('resource').slice(arguments[0])"
        ".map(function (e) {return [e.name, e.decodedBodySize];});",
        before_resources,
    )
    assert sizes, "the settled date should have been written to the URL by a server callback"
    big = [(n, s) for n, s in sizes if s > 50_000]
    assert not big, f"a date step downloaded something large (geometry or a whole figure?): {big}"
    # Once per page load, and only the geometry's own URL.
    names = d.execute_script(RESOURCES_JS)
    assert sum(n.endswith(GEOJSON_PATH) for n in names) == 1
    assert_no_front_end_errors(d)


# --------------------------------------------------------------------------------------------------------------
# 3. Playback


def test_play_pause_updates_button_state_and_url(chromium_driver, browser_server, counties, dates):
    d = chromium_driver
    open_page(d, browser_server)
    play = d.find_element(By.ID, "play")
    assert play.get_attribute("aria-label")
    assert play.get_attribute("aria-pressed") == "false"
    start_search = search(d)

    play.click()  # at the last date, Play starts over from the first
    wait(d).until(lambda drv: play.get_attribute("aria-pressed") == "true", "Play did not toggle aria-pressed")
    assert "Pause" in play.text
    assert play.get_attribute("aria-label")
    wait(d).until(lambda drv: 3 <= slider_index(drv) < len(dates), "playback did not advance 3 steps")
    assert search(d) == start_search, "the URL must not be rewritten while playing"

    play.click()
    wait(d).until(lambda drv: play.get_attribute("aria-pressed") == "false", "Pause did not toggle aria-pressed")
    assert "Play" in play.text and "Pause" not in play.text
    paused = dates[slider_index(d) - 1]  # step 0 is "before the first activation"; step i is dates[i - 1]
    wait(d, 10).until(lambda drv: search(drv) == f"?date={paused.isoformat()}", "the paused date never reached the URL")
    wait_running_line(d, running_line(counties, paused))
    assert slider_index(d) == dates.index(paused) + 1, "playback kept going after Pause"
    wait_z(d, expected_z(counties, paused, "cohort"))

    # A Pause click batched by the Dash renderer with a pending play tick (both triggers in one call, the tick
    # first) must still pause: this is what made Pause intermittently ignored on a busy machine.
    paused_by_batch = d.execute_script(BATCHED_PAUSE_JS, len(dates))
    assert paused_by_batch[1:] == ["▶ Play", "Play the rollout", "false", False], paused_by_batch
    assert_no_front_end_errors(d)


# --------------------------------------------------------------------------------------------------------------
# 4. Find my county


def test_find_my_county_selects_and_zooms_to_its_state(chromium_driver, browser_server, counties):
    d = chromium_driver
    open_page(d, browser_server)
    d.find_element(By.ID, "county").click()
    box = wait(d).until(lambda drv: drv.find_element(By.CSS_SELECTOR, "input.dash-dropdown-search"), "no search box")
    box.send_keys("harris tx")
    settled(d)  # the server-side search has answered every keystroke
    option = wait(d).until(
        lambda drv: next(
            (o for o in drv.find_elements(By.CSS_SELECTOR, "[role=option]") if o.text == "Harris County, TX"), None
        ),
        "no 'Harris County, TX' option for 'harris tx'",
    )
    option.click()

    wait(d).until(lambda drv: "Harris County, Texas" in text(drv, "county-card"), "county card not shown")
    card = text(d, "county-card")
    harris = counties.set_index("fips").loc["48201"]
    assert f"Activated {harris['activation_date'].day} {harris['activation_date']:%b %Y}" == "Activated 27 Oct 2008"
    assert "Activated 27 Oct 2008" in card
    wait(d).until(lambda drv: {"county", "state"} <= set(parse_qs(search(drv)[1:])), "URL lacks county/state")
    query = parse_qs(search(d)[1:])
    assert query["county"] == ["48201"] and query["state"] == ["TX"]
    texas = counties.loc[counties["state"] == "TX", "fips"]
    wait(d).until(lambda drv: len(trace(drv)["locations"]) == len(texas) == 254, "the map did not zoom to Texas")
    assert sorted(trace(d)["locations"]) == sorted(texas)
    assert sum(n.endswith(GEOJSON_PATH) for n in d.execute_script(RESOURCES_JS)) == 1
    assert_no_front_end_errors(d)


# --------------------------------------------------------------------------------------------------------------
# 5. A shared link restores the view


def test_shared_link_restores_the_view(chromium_driver, browser_server, counties):
    d = chromium_driver
    open_page(d, browser_server, SHARED)
    day = date(2011, 2, 1)
    wait_running_line(d, running_line(counties, day, "TX"))
    assert text(d, "running-line").startswith("By 1 Feb 2011: ")
    checked = d.find_element(By.CSS_SELECTOR, "#mode input[type=radio]:checked")
    assert checked.get_attribute("value") == "status"
    wait_z(d, expected_z(counties, day, "status", "TX"))

    table = d.find_element(By.CSS_SELECTOR, "#compare-table table")
    first_row = table.find_elements(By.CSS_SELECTOR, "tr")[0].find_elements(By.CSS_SELECTOR, "td")
    by_fips = counties.set_index("fips")
    assert [c.text for c in first_row] == [f"{by_fips.at[f, 'name']}, {by_fips.at[f, 'state']}" for f in SHARED_CODES]
    assert "Harris County, Texas" in text(d, "county-card")

    notice = d.find_element(By.ID, "notice")
    assert not notice.is_displayed()
    settled(d)
    assert search(d) == SHARED
    assert_no_front_end_errors(d)


# --------------------------------------------------------------------------------------------------------------
# 6. Malformed links fall back with a friendly notice


@pytest.mark.parametrize(
    ("query", "explained"),
    [
        (
            "?date=2011-13-45&county=99999&state=ZZ&mode=<script>",
            [
                "“2011-13-45” is not a date",
                "No county has the code or name “99999”",
                "Unknown state “ZZ”",
                "Unknown colour mode “<script>”",
            ],
        ),
        (
            "?date=1999-01-01",
            ["1 Jan 1999 is outside the period this map covers (1 Oct 2007 to 22 Jan 2013); showing 22 Jan 2013"],
        ),
        ("?compare=abc,06037", ["Left out of the comparison, not county codes: abc"]),
    ],
    ids=["everything-wrong", "date-before-rollout", "bad-compare-code"],
)
def test_malformed_link_renders_with_a_notice(chromium_driver, browser_server, counties, dates, query, explained):
    d = chromium_driver
    open_page(d, browser_server, query, min_paths=3001)
    notice = wait(d).until(
        lambda drv: (n := drv.find_element(By.ID, "notice")).is_displayed() and n.text and n, "no visible notice"
    )
    for phrase in explained:
        assert phrase in notice.text
    assert d.title == "Secure Communities, county by county (2008-2013)"
    assert not d.find_elements(By.CSS_SELECTOR, "#notice script, #notice *[onerror]")
    assert len(trace(d)["locations"]) == 3143
    wait_running_line(d, running_line(counties, dates[-1]))
    if "compare" in query:
        wait(d).until(lambda drv: "Los Angeles County, CA" in text(drv, "compare-table"), "06037 not compared")
    assert_no_front_end_errors(d)


# --------------------------------------------------------------------------------------------------------------
# 7. Accessibility basics


def test_keyboard_and_screen_reader_basics(chromium_driver, browser_server, counties, dates):
    d = chromium_driver
    open_page(d, browser_server)
    assert d.find_element(By.ID, "play").get_attribute("aria-label")
    assert d.find_element(By.ID, "running-line").get_attribute("aria-live") == "polite"

    # Tab from the last date button lands on the slider handle; arrow keys move the date.
    d.execute_script("document.getElementById('next').focus();")
    d.switch_to.active_element.send_keys(Keys.TAB)
    handle = d.switch_to.active_element
    assert handle.get_attribute("role") == "slider", "the slider handle is not reachable with Tab"
    assert handle.get_attribute("aria-valuenow") == str(len(dates))  # steps: "before", then each activation date
    handle.send_keys(Keys.ARROW_LEFT)
    wait_running_line(d, running_line(counties, dates[-2]))
    handle.send_keys(Keys.ARROW_LEFT)
    wait_running_line(d, running_line(counties, dates[-3]))
    handle.send_keys(Keys.ARROW_RIGHT)
    wait_running_line(d, running_line(counties, dates[-2]))
    assert slider_index(d) == len(dates) - 1
    settled(d)

    # The map as a table: one row per state nationally, counts on the current date.
    d.find_element(By.CSS_SELECTOR, "#map-table-details summary").click()
    wait(d).until(
        lambda drv: drv.find_elements(By.CSS_SELECTOR, "#map-table table tbody tr"), "the map table never appeared"
    )
    settled(d)
    caption = d.find_element(By.CSS_SELECTOR, "#map-table table caption").text
    assert caption == f"Counties active in each state on {dates[-2].day} {dates[-2]:%b %Y}"
    rows = d.find_elements(By.CSS_SELECTOR, "#map-table table tbody tr")
    assert len(rows) == counties["state"].nunique() == 51
    active = counties[counties["activation_date"] <= pd.Timestamp(dates[-2])].groupby("state_name").size()
    shown = {r.find_elements(By.TAG_NAME, "td")[0].text: r.find_elements(By.TAG_NAME, "td")[1].text for r in rows}
    assert shown == {s: str(int(active.get(s, 0))) for s in counties["state_name"].unique()}
    assert_no_front_end_errors(d)


# --------------------------------------------------------------------------------------------------------------
# 8. Nothing is fetched from third parties


def test_no_third_party_requests(chromium_driver, browser_server):
    d = chromium_driver
    open_page(d, browser_server, min_paths=3001)
    play = d.find_element(By.ID, "play")
    play.click()
    wait(d).until(lambda drv: 2 <= slider_index(drv) < 150, "playback did not advance")
    play.click()
    wait(d).until(lambda drv: play.get_attribute("aria-pressed") == "false", "Pause did not toggle aria-pressed")
    settled(d)

    origin = browser_server.url + "/"
    names = d.execute_script(RESOURCES_JS) + [r["url"] for r in requests_made(d)]
    foreign = sorted({n for n in names if not n.startswith(origin)})
    assert not foreign, f"requests to other origins: {foreign}"
    assert any(re.search(r"/assets/topojson/usa_\w+\.json$", n) for n in names), "base map not from /assets/topojson/"
    linked = d.execute_script(
        "return Array.from(document.querySelectorAll('script[src], link[href], img[src], iframe[src]'))"
        ".map(function (e) {return e.src || e.href;});"
    )
    assert not [u for u in linked if not u.startswith(origin)]
    assert_no_front_end_errors(d)


# --------------------------------------------------------------------------------------------------------------
# 9. Browser-side status codes equal the Python ones


def test_browser_status_codes_match_python(chromium_driver, browser_server, counties, dates):
    from dashboard.coverage import status_codes

    d = chromium_driver
    open_page(d, browser_server, "?date=2011-02-01&mode=status", min_paths=3001)
    wait(d).until(lambda drv: trace(drv)["mode"] == "status", "the map is not in status mode")
    first = pd.Timestamp(dates[0])
    handle = d.find_element(By.CSS_SELECTOR, "#date-slider [role=slider]")
    # Each step is drawn by assets/dashboard.js alone (no server callback touches the map for a date).
    for action, index in (
        (lambda: d.find_element(By.ID, "prev").click(), dates.index(date(2011, 2, 1)) - 1),
        (lambda: handle.send_keys(Keys.HOME, Keys.ARROW_RIGHT), 0),  # Home is "before"; one step on, the first day
        (lambda: handle.send_keys(Keys.END), len(dates) - 1),
    ):
        action()
        day = dates[index]
        days = np.array(trace(d)["days"], dtype=np.int64)
        want = status_codes(days, (pd.Timestamp(day) - first).days, "status")
        assert set(want) <= {0, 1, 2} and 2 in want
        wait(d).until(
            lambda drv, day=day, want=want: shown_date(drv) == day.isoformat() and trace(drv)["z"] == want,
            f"browser and Python status codes differ on {day}",
        )
        t = trace(d)
        fips_days = dict(zip(counties["fips"], counties["days_after_first"], strict=True))
        assert [fips_days[f] for f in t["locations"]] == t["days"]
    assert_no_front_end_errors(d)


def test_state_table_sorts_by_any_column_with_aria_sort(chromium_driver, browser_server, counties):
    d = chromium_driver
    open_page(d, browser_server)
    table = d.find_element(By.ID, "state-table")

    def first_state() -> str:
        return table.find_element(By.CSS_SELECTOR, "tbody tr td").text

    complete = counties.groupby("state_name")["activation_date"].max()
    assert first_state() == complete.idxmin()  # starts sorted by the day each state reached 100%
    heads = table.find_elements(By.CSS_SELECTOR, "thead th")
    counts_button = heads[1].find_element(By.TAG_NAME, "button")
    counts_button.click()
    sizes = counties.groupby("state_name").size()
    wait(d).until(lambda _: first_state() == sizes.idxmin())  # fewest counties first (DC)
    assert heads[1].get_attribute("aria-sort") == "ascending"
    assert heads[3].get_attribute("aria-sort") == "none"
    counts_button.send_keys(Keys.ENTER)  # keyboard-operable: a real button
    wait(d).until(lambda _: first_state() == sizes.idxmax())  # Texas, 254
    assert heads[1].get_attribute("aria-sort") == "descending"
    assert_no_front_end_errors(d)
