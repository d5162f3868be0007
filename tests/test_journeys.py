"""Readers' journeys in a real browser: after every click, the address bar, the announcement (running line), the
slider, the controls, the share and download links, the embed snippet and the map-as-table caption all describe
the same view, the one in the URL. Random sequences (seeded, so a failure replays) at desktop and phone width,
plus the exact journeys that failed before (a shared link losing its date on the first click, a table captioned
with the wrong day, a link before the first activation rewritten to the end of the rollout).

Expectations are computed here from geodata/counties.csv (see tests/test_browser.py), not by the app's modules;
only the URL is read with dashboard.viewstate.parse, the public contract of links.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from urllib.parse import unquote

import pytest
from conftest import BROWSER_INIT_SCRIPT
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from test_browser import (
    MAP,
    MAP_JS,
    PATHS_JS,
    assert_no_front_end_errors,
    open_page,
    running_line,
    search,
    settled,
    shown_map,
    slider_index,
    text,
    wait,
)

from dashboard import viewstate

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def counties(geodata_dir):
    import test_browser

    return test_browser.counties.__wrapped__(geodata_dir)


PENDING_JS = """
var s = window.store.getState().callbacks; var out = {};
Object.keys(s).forEach(function (k) { if (Array.isArray(s[k]) && s[k].length && k !== 'stored' && k !== 'completed') {
  out[k] = s[k].map(function (c) { return c.callback && c.callback.output; }); } });
var st = window.store.getState();
var props = function (id) { var p = st.paths.strs[id]; var n = p.reduce(function (o, k) { return o[k]; }, st.layout);
  return n && n.props; };
out.playing = props('playing') && props('playing').data; out.play = props('play') && props('play').n_clicks;
out.slider = props('date-slider') && props('date-slider').value;
return JSON.stringify(out).slice(0, 900);
"""
PHONE = (390, 844)
DESKTOP = (1280, 1000)
FIND = {"Dona Ana": "35013", "harris county texas": "48201", "Cook County, Illinois": "17031", "du page": "17043"}
STATES = {"Texas": "TX", "Rhode Island": "RI", "California": "CA", "Illinois": "IL"}


def fmt(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def url_view(driver, bounds) -> viewstate.View:
    parsed = viewstate.parse(search(driver), bounds)
    assert parsed.notices == [], f"the page wrote a URL it cannot read back: {search(driver)} {parsed.notices}"
    return parsed.view


def assert_one_view(driver, bounds, counties) -> viewstate.View:
    """Everything on the page names the view in the address bar."""
    settled(driver)
    q = search(driver)
    v = url_view(driver, bounds)
    assert viewstate.serialize(v) == q, f"the address bar is not canonical: {q}"
    shown_day = v.date if v.date >= bounds.dates[0] else date(2008, 10, 26)
    wait(driver).until(
        lambda d: text(d, "running-line") == running_line(counties, shown_day, v.state),
        f"announcement {text(driver, 'running-line')!r} does not describe {q}",
    )
    assert slider_index(driver) == bounds.step_of(v), (q, slider_index(driver))
    checked = driver.find_element(By.CSS_SELECTOR, "#mode input[type=radio]:checked").get_attribute("value")
    assert checked == v.mode, (q, checked)
    assert driver.find_element(By.ID, "download-csv").get_attribute("href").endswith("/download/counties.csv" + q)
    assert driver.find_element(By.ID, "download-xlsx").get_attribute("href").endswith("/download/counties.xlsx" + q)
    assert (
        driver.find_element(By.ID, "download-geojson").get_attribute("href").endswith("/download/counties.geojson" + q)
    )
    assert driver.find_element(By.ID, "share-link").get_attribute("value").endswith("/" + q)
    snippet = unquote(driver.find_element(By.ID, "embed-snippet").get_attribute("value")).replace("&amp;", "&")
    assert q in snippet, (q, snippet)
    caption = wait(driver).until(
        lambda d: (c := d.find_elements(By.CSS_SELECTOR, "#map-table caption")) and c[0].text, "no table caption"
    )
    assert fmt(v.date) in caption or (v.state and bounds.state_names[v.state] in caption), (q, caption)
    if v.county:
        name = counties.set_index("fips").at[v.county, "name"]
        wait(driver).until(lambda d: name in text(d, "county-card"), f"card does not show {name} for {q}")
    elif v.state:  # a state and no county: the state's card, with its detainers
        state_name = bounds.state_names[v.state]
        wait(driver).until(lambda d: state_name in text(d, "county-card"), f"no card for {state_name} for {q}")
        assert "Detainers" in text(driver, "county-card")
    else:
        assert text(driver, "county-card") == ""
    return v


def open_table(driver) -> None:
    details = driver.find_element(By.ID, "map-table-details")
    if details.get_attribute("open") is None:
        driver.execute_script("document.querySelector('#map-table-details summary').click();")


def click(driver, element) -> None:
    """Scroll an element to the middle of the screen, then click it (at phone width the test-only Dash dev-tools
    bar covers the bottom of the viewport)."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


def pick(driver, dropdown: str, typed: str, label_part: str | None = None) -> None:
    click(driver, driver.find_element(By.ID, dropdown))
    box = wait(driver).until(
        lambda d: next(
            (b for b in d.find_elements(By.CSS_SELECTOR, "input.dash-dropdown-search") if b.is_displayed()), None
        ),
        f"the {dropdown} dropdown opened no search box",
    )
    box.send_keys(typed)
    settled(driver)
    option = wait(driver).until(
        lambda d: next(
            (
                o
                for o in d.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option")
                if o.get_attribute("aria-disabled") != "true" and (label_part is None or label_part in o.text)
            ),
            None,
        ),
        f"no option for {typed!r}",
    )
    click(driver, option)
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()  # a multi dropdown stays open after a choice


# --- actions a reader takes -------------------------------------------------------------------------------


def step_date(driver, rng) -> None:
    click(driver, driver.find_element(By.ID, rng.choice(["prev", "next"])))


def play_pause(driver, rng) -> None:
    play = driver.find_element(By.ID, "play")
    click(driver, play)
    wait(driver).until(lambda d: play.get_attribute("aria-pressed") == "true", "Play did not start")
    driver.execute_script("return new Promise(r => setTimeout(r, arguments[0]));", rng.randint(300, 900))
    # Pause, unless Play already reached the last step and stopped by itself (checked and clicked in one go in the
    # page: reading the label first and clicking later could restart a playback that had just ended).
    driver.execute_script("if (window.dash_clientside.sc.player.on) { document.getElementById('play').click(); }")
    try:
        wait(driver).until(lambda d: play.get_attribute("aria-pressed") == "false")
    except TimeoutException as exc:
        raise AssertionError(
            f"Pause did not stop playback (step {slider_index(driver)}, {play.text!r}; "
            f"pending: {driver.execute_script(PENDING_JS)}; "
            f"player: {driver.execute_script('return window.dash_clientside.sc.player.log.slice(-12);')}; "
            f"dev-tools: {[b.text for b in driver.find_elements(By.CSS_SELECTOR, '.dash-fe-error__title')]})"
        ) from exc


def colour_mode(driver, rng) -> None:
    radios = driver.find_elements(By.CSS_SELECTOR, "#mode input[type=radio]:not(:checked)")
    click(driver, radios[0])


def choose_state(driver, rng) -> None:
    name = rng.choice(sorted(STATES))
    pick(driver, "state", name, name)


def clear_state(driver, rng) -> None:
    buttons = driver.find_elements(By.CSS_SELECTOR, "#state .dash-dropdown-clear")
    if buttons:
        click(driver, buttons[0])


def find_county(driver, rng) -> None:
    pick(driver, "county", rng.choice(sorted(FIND)))


def click_map(driver, rng) -> None:
    paths = driver.find_elements(By.CSS_SELECTOR, f"{MAP} .choropleth path")
    driver.execute_script(
        "arguments[0].dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));"
        "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}));",
        paths[rng.randrange(len(paths))],
    )


def compare(driver, rng) -> None:
    pick(driver, "compare", rng.choice(["los angeles", "maricopa", "cook il", "miami dade"]))


def _same_document_or_reopen(driver) -> None:
    """Back/Forward may leave the pushState entries for another document (a reload, the first load): then the
    page loads afresh, and the reader opens the table again. Leaving the journey's tab (about:blank) is undone."""
    if not driver.current_url.startswith("http"):
        driver.forward()
    if not driver.execute_script("return window.__journey === true;"):
        wait(driver, 30).until(lambda d: d.execute_script(MAP_JS) is not None and d.execute_script(PATHS_JS) > 0)
        settled(driver)
        mark_document(driver)
        open_table(driver)


def back(driver, rng) -> None:
    driver.back()
    _same_document_or_reopen(driver)


def forward(driver, rng) -> None:
    driver.forward()
    _same_document_or_reopen(driver)


def reload(driver, rng) -> None:
    driver.refresh()
    wait(driver, 30).until(lambda d: d.execute_script(MAP_JS) is not None and d.execute_script(PATHS_JS) > 0)
    settled(driver)
    mark_document(driver)
    open_table(driver)


def mark_document(driver) -> None:
    driver.execute_script("window.__journey = true;")


ACTIONS = [step_date, play_pause, colour_mode, choose_state, clear_state, find_county, click_map, compare, back,
           forward, reload]  # fmt: skip


def start(driver, browser_server, size, query: str) -> None:
    handles = driver.window_handles
    if len(handles) > 1:  # the previous journey's tab
        driver.close()
        driver.switch_to.window(handles[0])
    driver.switch_to.new_window("tab")  # a history of its own: Back never reaches an earlier test's pages
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": BROWSER_INIT_SCRIPT})
    driver.set_window_size(*size)
    open_page(driver, browser_server, query)
    mark_document(driver)
    open_table(driver)


@pytest.mark.parametrize(
    ("seed", "size"), [(1, DESKTOP), (2, DESKTOP), (3, PHONE)], ids=["desktop-1", "desktop-2", "phone-3"]
)
def test_random_journeys_keep_the_url_and_everything_shown_in_step(
    chromium_driver, browser_server, bounds, counties, seed, size
):
    d = chromium_driver
    rng = random.Random(seed)
    start(d, browser_server, size, rng.choice(["?date=2011-02-01", "?date=2008-06-01", "?date=2009-06-24&mode=status"]))
    assert_one_view(d, bounds, counties)
    done = []
    for _ in range(10):
        action = rng.choice(ACTIONS)
        done.append(action.__name__)
        try:
            action(d, rng)
            assert_one_view(d, bounds, counties)
        except Exception as exc:  # a timeout too: say which journey led there
            raise AssertionError(f"after {' → '.join(done)} at {search(d)}: {type(exc).__name__} {exc}") from exc
    assert_no_front_end_errors(d)
    d.set_window_size(*DESKTOP)


@pytest.mark.parametrize("action", [colour_mode, choose_state, find_county, click_map, compare])
def test_a_shared_date_survives_the_first_click(chromium_driver, browser_server, bounds, counties, action):
    d = chromium_driver
    start(d, browser_server, DESKTOP, "?date=2011-02-01")
    action(d, random.Random(0))
    v = assert_one_view(d, bounds, counties)
    assert v.date == date(2011, 2, 1), f"{action.__name__} moved the date to {v.date}"
    d.refresh()
    settled(d)
    assert url_view(d, bounds).date == date(2011, 2, 1)


def test_map_table_is_captioned_with_the_linked_date(chromium_driver, browser_server, bounds, counties):
    d = chromium_driver
    start(d, browser_server, DESKTOP, "?date=2009-06-24")
    assert_one_view(d, bounds, counties)
    caption = d.find_element(By.CSS_SELECTOR, "#map-table caption").text
    assert caption == "Counties active in each state on 24 Jun 2009"
    rows = d.find_elements(By.CSS_SELECTOR, "#map-table tbody tr")
    full = [r for r in rows if r.find_elements(By.TAG_NAME, "td")[1].text == r.find_elements(By.TAG_NAME, "td")[2].text]
    assert len(full) < 5, "on 24 Jun 2009 almost no state was fully active"


def test_a_day_before_the_first_activation_is_shown_as_it_was_and_kept(
    chromium_driver, browser_server, bounds, counties
):
    d = chromium_driver
    start(d, browser_server, DESKTOP, "?date=2008-06-01")
    v = assert_one_view(d, bounds, counties)
    assert search(d) == "?date=2008-06-01" and v.date == date(2008, 6, 1)
    assert text(d, "running-line").startswith("Before the first activation on 27 Oct 2008: 0 of 3,143 counties")
    z = d.execute_script(shown_map("return Array.from(document.querySelector('#map .js-plotly-plot').data[0].z)"))
    assert set(z) == {0}
    colour_mode(d, None)
    assert assert_one_view(d, bounds, counties).date == date(2008, 6, 1)
    d.find_element(By.ID, "next").click()
    assert assert_one_view(d, bounds, counties).date == bounds.dates[0]
    d.find_element(By.ID, "prev").click()
    assert assert_one_view(d, bounds, counties).date == bounds.dates[0] - timedelta(days=1)


@pytest.mark.parametrize(
    ("typed", "label"),
    [
        ("Dona Ana", "Doña Ana County, NM"),
        ("Saint Louis", "St. Louis County, MO"),
        ("Cook County, Illinois", "Cook County, IL"),
        ("harris county texas", "Harris County, TX"),
        ("prince georges", "Prince George's County, MD"),
        ("obrien", "O'Brien County, IA"),
        ("de kalb", "DeKalb County"),
        ("washington dc", "District of Columbia, DC"),
        ("oglala lakota", "Shannon County, SD (now Oglala Lakota County)"),
    ],
)
def test_the_finder_shows_what_the_server_matched(chromium_driver, browser_server, typed, label):
    d = chromium_driver
    start(d, browser_server, DESKTOP, "")
    d.find_element(By.ID, "county").click()
    box = wait(d).until(lambda drv: drv.find_element(By.CSS_SELECTOR, "input.dash-dropdown-search"))
    box.send_keys(typed)
    settled(d)
    labels = [o.text for o in d.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option")]
    assert labels and labels[0].startswith(label), (typed, labels[:3])
    assert "No options found" not in d.find_element(By.ID, "county").text
    box.send_keys(Keys.ESCAPE)


@pytest.mark.parametrize("dropdown", ["county", "compare"])
def test_a_chosen_county_is_not_offered_first_for_a_search_it_does_not_match(
    chromium_driver, browser_server, bounds, counties, dropdown
):
    """A phone reviewer with Los Angeles compared typed "Cook" and tapped the first result: it was Los Angeles (kept
    at the top so its label showed), and the tap removed it. The first result is what was typed; the chosen county
    stays chosen."""
    d = chromium_driver
    start(d, browser_server, DESKTOP, "?county=06037" if dropdown == "county" else "?compare=06037")
    click(d, d.find_element(By.ID, dropdown))
    boxes = "input.dash-dropdown-search"
    box = wait(d).until(lambda drv: next(b for b in drv.find_elements(By.CSS_SELECTOR, boxes) if b.is_displayed()))
    box.send_keys("Cook")
    settled(d)
    labels = [o.text for o in d.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option") if o.is_displayed()]
    assert labels and labels[0].startswith("Cook County, IL"), labels[:3]
    assert not any(lab.startswith("Los Angeles") for lab in labels), labels
    click(d, next(o for o in d.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option") if o.text.startswith("Cook")))
    ActionChains(d).send_keys(Keys.ESCAPE).perform()
    settled(d)
    v = assert_one_view(d, bounds, counties)
    assert (v.county == "17031") if dropdown == "county" else (set(v.compare) == {"06037", "17031"})
    d.set_window_size(*DESKTOP)


def test_compare_offers_no_select_all_and_keeps_at_most_six(chromium_driver, browser_server, bounds, counties):
    d = chromium_driver
    start(d, browser_server, DESKTOP, "?compare=06037,04013,48201,17031,12086,53033,36047,06073")
    v = assert_one_view(d, bounds, counties)
    assert len(v.compare) == 6
    assert "At most 6 counties can be compared; the first 6 of 8 are kept." in text(d, "notice")
    chosen = d.execute_script(
        "var st = window.store.getState(); var p = st.paths.strs['compare'];"
        "return p.reduce(function (o, k) { return o[k]; }, st.layout).props.value;"
    )
    assert chosen == list(v.compare)
    click(d, d.find_element(By.ID, "compare"))
    buttons = [b for b in d.find_elements(By.CSS_SELECTOR, ".dash-dropdown-action-button") if b.is_displayed()]
    assert all("Select All" not in b.text for b in buttons), [b.text for b in buttons]
    ActionChains(d).send_keys(Keys.ESCAPE).perform()


@pytest.mark.parametrize("size", [PHONE, (360, 740)], ids=["390", "360"])
def test_the_page_never_scrolls_sideways_on_a_phone(chromium_driver, browser_server, bounds, counties, size):
    d = chromium_driver
    start(d, browser_server, size, "?date=2011-02-01&county=48201&compare=06037,04013,17031&state=TX")
    assert_one_view(d, bounds, counties)
    width = d.execute_script("return [document.documentElement.scrollWidth, window.innerWidth];")
    assert width[0] <= width[1], f"the page is {width[0]} px wide in a {width[1]} px window"
    # every folded part opened (the map as a table, published figures, ...): tables scroll inside their own box
    for summary in d.find_elements(By.CSS_SELECTOR, "details:not([open]) > summary"):
        d.execute_script("arguments[0].scrollIntoView(); arguments[0].click();", summary)
    settled(d)
    # the published figures are drawn when first opened (dashboard/callbacks/panels.py)
    wait(d).until(lambda drv: len(drv.find_elements(By.CSS_SELECTOR, "#published-figures table")) >= 10,
                  "the published figures' tables never appeared when opened")  # fmt: skip
    width = d.execute_script("return [document.documentElement.scrollWidth, window.innerWidth];")
    assert width[0] <= width[1], (width, d.execute_script(WIDEST_JS))
    d.set_window_size(*DESKTOP)


#: The elements wider than the window that no scrolling box clips (what makes a page scroll sideways).
WIDEST_JS = """
var out = [], vw = window.innerWidth;
document.querySelectorAll('body *:not(svg *):not(svg)').forEach(function (e) {
  var r = e.getBoundingClientRect(), p = e.parentElement;
  if (r.right <= vw + 1 || r.width === 0) return;
  while (p && getComputedStyle(p).overflowX === 'visible') p = p.parentElement;
  if (!p || p === document.documentElement || p === document.body) out.push(e.tagName + '.' + e.className + '#' + e.id);
});
return out.slice(0, 8);
"""


@pytest.mark.parametrize("size", [(1366, 900), PHONE], ids=["1366", "390"])
def test_six_compared_counties_never_overflow_their_column(chromium_driver, browser_server, bounds, counties, size):
    d = chromium_driver
    start(d, browser_server, size, "?county=48201&compare=06037,04013,17031,36081,12086")
    assert len(assert_one_view(d, bounds, counties).compare) == 5
    box = d.execute_script(
        "var t = document.querySelector('#compare-table table'), b = document.getElementById('compare-table');"
        "var col = b.parentElement.getBoundingClientRect(), r = b.getBoundingClientRect();"
        "return {left: r.left, right: r.right, colLeft: col.left, colRight: col.right, rows: t.rows.length,"
        " doc: document.documentElement.scrollWidth, vw: window.innerWidth};"
    )
    assert box["colLeft"] <= box["left"] and box["right"] <= box["colRight"] + 0.5, box  # scrolls in its own box
    wide = d.execute_script(WIDEST_JS)
    assert box["doc"] <= box["vw"], (box, wide)
    assert "Detainers (TRAC" in d.find_element(By.ID, "compare-table").text
    d.set_window_size(*DESKTOP)


def test_a_reader_finds_a_county_and_the_card_the_comparison_and_the_download_agree(
    chromium_driver, browser_server, bounds, counties
):
    """An organizer looks up Doña Ana on a phone, then a Pennsylvania county: after every step the card's detainer
    figures are the downloaded file's, and a Pennsylvania card carries the before/after chart and its summary."""
    import requests

    d = chromium_driver
    start(d, browser_server, PHONE, "")
    for typed, label, fips in (("Dona Ana", "Doña Ana", "35013"), ("cumberland pa", "Cumberland", "42041")):
        pick(d, "county", typed, label)
        v = assert_one_view(d, bounds, counties)
        assert v.county == fips
        href = d.find_element(By.ID, "download-csv").get_attribute("href")
        rows = requests.get(href, timeout=30).text.splitlines()
        header = rows[0].split(",")
        row = next(r.split(",") for r in rows[1:] if r.startswith(fips + ","))
        detainers = int(row[header.index("trac_detainers")])
        card = text(d, "county-card")
        assert f"Detainers: {detainers:,} lodged" in card, (fips, card[:300])
        assert "period not stated by TRAC" in card and "U.S. citizen" in card
        if fips.startswith("42"):
            assert d.find_elements(By.CSS_SELECTOR, "#county-card .before-after .main-svg")
            assert "12 months before activation" in card
        else:
            assert "exist only for Pennsylvania" in card
