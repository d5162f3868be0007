"""Phone first (issue #13): at 390 x 844 and 360 x 740 the reader's first screen holds the running line, Play and
the map; nothing scrolls sideways; every control is a touch target of at least 44 x 44 CSS px.

The viewport is set exactly with Chrome's device emulation (a window size would include no browser chrome in
headless mode, but the emulation also reports a phone: ``mobile: True``).
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from test_browser import open_page, settled, shown_map

PHONES = [(390, 844), (360, 740)]

#: Where the first screen's parts sit, in CSS px from the top of the page (not scrolled).
FIRST_SCREEN_JS = """
const box = s => { const b = document.querySelector(s).getBoundingClientRect();
  return {top: b.top, bottom: b.bottom}; };
return {running: box('#running-line'), play: box('#play'), map: box('#map'),
        height: innerHeight, width: innerWidth, scroll: document.documentElement.scrollWidth};
"""

#: Every visible control smaller than 44 x 44 px. A radio or checkbox is measured by its label (the tap target);
#: a link inside a sentence is exempt (WCAG 2.5.5's "inline" exception); so are the dropdowns' hidden focus inputs.
SMALL_TARGETS_JS = """
const out = [];
const controls = 'a[href], button, input, select, textarea, summary, [role=option]';
for (let e of document.querySelectorAll(controls)) {
  if (e.getAttribute('aria-hidden') === 'true' || e.closest('[aria-hidden=true], .skip')) continue;
  if (e.closest('[class*=dash-debug-menu]')) continue;  // the test server's Dash dev tools, not the page
  if ((e.type === 'radio' || e.type === 'checkbox') && e.closest('label')) e = e.closest('label');
  const b = e.getBoundingClientRect(), st = getComputedStyle(e);
  if (!b.width || !b.height || st.visibility === 'hidden' || b.right < 0) continue;
  if (e.tagName === 'A') {
    const around = (e.parentElement.textContent || '').trim().length, own = (e.textContent || '').trim().length;
    if (around > own + 2 && st.display === 'inline') continue;
  }
  if (b.width < 43.5 || b.height < 43.5)
    out.push(`${e.tagName}#${e.id}.${String(e.className).slice(0, 40)} ${Math.round(b.width)}x${Math.round(b.height)}`
             + ` "${(e.textContent || e.value || '').trim().slice(0, 30)}"`);
}
return out;
"""


@pytest.fixture
def phone(chromium_driver, request):
    width, height = request.param
    chromium_driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True}
    )
    yield chromium_driver
    chromium_driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize("phone", PHONES, ids=["390x844", "360x740"], indirect=True)
@pytest.mark.parametrize(
    "query",
    [
        "",
        "?county=48201&compare=06037,04013",
        "?date=1999-01-01",
        "?date=2010-06-01&county=35013",
        "?lang=es&date=1999",
    ],
    ids=["front", "shared-link", "notice", "snapped-date", "spanish-notice"],
)
def test_the_first_screen_holds_the_running_line_play_and_the_map(phone, browser_server, query):
    open_page(phone, browser_server, query)
    settled(phone)
    at = phone.execute_script(FIRST_SCREEN_JS)
    assert at["scroll"] <= at["width"], f"the page is {at['scroll']} px wide in a {at['width']} px screen"
    assert at["running"]["bottom"] <= at["height"], at
    assert at["play"]["bottom"] <= at["height"], at
    centre = (at["map"]["top"] + at["map"]["bottom"]) / 2
    assert centre <= at["height"], f"the map's centre is at {centre:.0f} px, below the {at['height']} px screen"
    assert at["map"]["bottom"] - at["map"]["top"] >= 0.8 * at["width"], "the map is too short to read"


@pytest.mark.parametrize("phone", PHONES, ids=["390x844", "360x740"], indirect=True)
def test_every_control_is_a_44_px_touch_target(phone, browser_server):
    """With a county card, a comparison and every folded part open, so their links and buttons are measured too."""
    open_page(phone, browser_server, "?county=42045&compare=06037,04013,35013")
    for summary in phone.find_elements(By.CSS_SELECTOR, "details:not([open]) > summary"):
        phone.execute_script("arguments[0].click();", summary)
    settled(phone)
    small = phone.execute_script(SMALL_TARGETS_JS)
    assert small == [], f"{len(small)} controls under 44 px: {small[:12]}"


def test_slider_year_labels_never_run_together(bounds):
    """At 360 px "2012" and "2013" touched ("20122013"): labels stay at least MIN_MARK_GAP of the slider apart."""
    from dashboard import layout

    marks = layout.year_marks(bounds)
    steps = sorted(marks)
    assert [marks[i] for i in steps] == ["2009", "2010", "2011", "2012"]
    gaps = [(b - a) / (len(bounds.steps) - 1) for a, b in zip(steps, steps[1:], strict=False)]
    assert min(gaps) >= layout.MIN_MARK_GAP, gaps


#: The drawn map's height and every legend text's right edge, in CSS px.
MAP_AND_LEGEND_JS = shown_map("""
var map = document.querySelector('#map g.trace.choropleth').getBoundingClientRect();
var texts = Array.prototype.map.call(document.querySelectorAll('#map g.legend text'),
                                     function (t) { return t.getBoundingClientRect().right; });
return [map.height, Math.max.apply(null, texts), window.innerWidth];
""")


@pytest.mark.parametrize("phone", [(360, 740)], ids=["360x740"], indirect=True)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_detainer_map_on_a_phone_keeps_the_map_readable_above_a_legend_that_fits(phone, browser_server, lang):
    """A reviewer saw Louisiana's rate map squeezed to about 80 px by its legend, and the Spanish legend title run
    off the screen."""
    open_page(phone, browser_server, f"?lang={lang}&date=2011-02-01&county=22071&measure=rate", min_paths=30)
    height, right, width = phone.execute_script(MAP_AND_LEGEND_JS)
    assert height >= 200, f"the map is {height:.0f} px tall"
    assert right <= width, f"a legend line ends at {right:.0f} px in a {width} px screen"
