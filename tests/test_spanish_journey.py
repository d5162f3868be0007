"""The main journeys in Spanish (issue #14), in a real browser at desktop and phone width: after every step the
address bar keeps ``lang=es``, the page is ``<html lang="es">``, the running line (the spoken announcement) is the
Spanish sentence for the view in the address bar, and the downloads and share link describe that same view."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from test_browser import open_page, search, settled, text, wait
from test_journeys import DESKTOP, PHONE, click, pick, start

from dashboard import i18n, layout, viewstate


def spanish_line(dataset, bounds, v: viewstate.View) -> str:
    with i18n.language("es"):
        return layout.coverage_store(dataset, bounds, v.state)["text"][bounds.step_of(v)]


def assert_spanish_view(d, dataset, bounds) -> viewstate.View:
    settled(d)
    q = search(d)
    parsed = viewstate.parse(q, bounds)
    assert parsed.notices == [] and parsed.view.lang == "es", q
    v = parsed.view
    assert d.execute_script("return document.documentElement.lang") == "es"
    wait(d).until(lambda drv: text(drv, "running-line") == spanish_line(dataset, bounds, v), q)
    assert d.find_element(By.ID, "download-csv").get_attribute("href").endswith("/download/counties.csv" + q)
    assert d.find_element(By.ID, "share-link").get_attribute("value").endswith("/" + q)
    return v


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_reader_uses_the_page_in_spanish(chromium_driver, browser_server, dataset, bounds, size):
    d = chromium_driver
    start(d, browser_server, size, "?lang=es&date=2011-02-01")
    assert d.title.startswith("Comunidades Seguras (Secure Communities)")
    assert text(d, "play").startswith("▶ Reproducir")
    v = assert_spanish_view(d, dataset, bounds)
    click(d, d.find_element(By.ID, "next"))
    assert assert_spanish_view(d, dataset, bounds).date > v.date
    click(d, d.find_element(By.ID, "play"))
    wait(d).until(lambda drv: text(drv, "play").startswith("❚❚ Pausa"))
    click(d, d.find_element(By.ID, "play"))
    wait(d).until(lambda drv: text(drv, "play").startswith("▶ Reproducir"))
    assert_spanish_view(d, dataset, bounds)
    pick(d, "county", "Dona Ana", "Doña Ana")
    v = assert_spanish_view(d, dataset, bounds)
    assert v.county == "35013"
    pick(d, "state", "Texas", "Texas")
    v = assert_spanish_view(d, dataset, bounds)
    assert v.state == "TX"


def test_the_language_switch_keeps_the_view(chromium_driver, browser_server, dataset, bounds):
    d = chromium_driver
    start(d, browser_server, DESKTOP, "?lang=es&date=2010-06-01&county=48201&compare=06037")
    v = assert_spanish_view(d, dataset, bounds)
    switch = d.find_element(By.ID, "lang-switch")
    assert switch.text == "English" and switch.get_attribute("lang") == "en"
    # its address is the view's before anyone touches it (copied, opened in a new tab, long-pressed)
    href = viewstate.parse(switch.get_attribute("href").split("?", 1)[-1], bounds).view
    assert href == viewstate.View(**{**v.__dict__, "lang": "en"}), switch.get_attribute("href")
    click(d, switch)
    wait(d).until(lambda drv: drv.execute_script("return document.documentElement.lang") == "en")
    settled(d)
    english = viewstate.parse(search(d), bounds).view
    assert english == viewstate.View(**{**v.__dict__, "lang": "en"})
    assert text(d, "running-line").startswith("By ")
    click(d, d.find_element(By.ID, "lang-switch"))
    wait(d).until(lambda drv: drv.execute_script("return document.documentElement.lang") == "es")
    assert assert_spanish_view(d, dataset, bounds) == v


def test_a_shared_spanish_link_opens_in_spanish(chromium_driver, browser_server, dataset, bounds):
    open_page(chromium_driver, browser_server, "?date=2012-03-06&state=CA&lang=es")
    v = assert_spanish_view(chromium_driver, dataset, bounds)
    assert v.state == "CA"


def test_a_bad_spanish_link_keeps_its_spanish_notice(chromium_driver, browser_server, bounds):
    """A reviewer saw the notice of ?lang=es&date=banana flash and vanish: the page compared its controls' view (in
    English) with the link's (in Spanish), found them different and redrew the controls without the notice."""
    import time

    d = chromium_driver
    open_page(d, browser_server, "?lang=es&date=banana&county=99999")
    settled(d)
    notice = d.find_element(By.ID, "notice")
    wait(d).until(lambda drv: "no es una fecha" in notice.text, "no Spanish notice")
    time.sleep(1.5)
    settled(d)
    assert notice.is_displayed() and "no es una fecha" in notice.text


def test_the_state_picker_takes_a_spanish_name_typed_without_accents(chromium_driver, browser_server, bounds):
    d = chromium_driver
    start(d, browser_server, PHONE, "?lang=es&date=2011-02-01")
    for typed, label, code in (("pensilvania", "Pensilvania", "PA"), ("nuevo mexico", "Nuevo México", "NM")):
        pick(d, "state", typed, label)
        settled(d)
        assert viewstate.parse(search(d), bounds).view.state == code  # the URL keeps the postal code
    pick(d, "state", "Pennsylvania", "Pensilvania")  # the English name still finds it
    settled(d)
    assert viewstate.parse(search(d), bounds).view.state == "PA"


def test_plotly_speaks_spanish_and_offers_no_upload(chromium_driver, browser_server):
    d = chromium_driver
    start(d, browser_server, DESKTOP, "?lang=es&date=2011-02-01")
    settled(d)
    titles = d.execute_script(
        "return Array.from(document.querySelectorAll('.modebar-btn')).map(b => b.getAttribute('data-title'))"
    )
    assert "Descargar gráfica como PNG" in titles and "Download plot as a PNG" not in titles, titles
    assert not [t for t in titles if "Share" in (t or "")], titles  # plotly's upload to its cloud: removed
    assert d.execute_script("return !!(window.Plotly && Plotly.register)")


# Phones the Spanish page must fit: no element wider than the screen, no sideways scroll (issue #14)
NARROW = [(360, 740), (390, 844)]
FITS_JS = """
const W = document.documentElement.clientWidth;
const captions = Array.from(document.querySelectorAll('caption')).filter(c => c.getClientRects().length)
  .map(c => [c.textContent.slice(0, 40), c.getBoundingClientRect().right]);
return {W, scroll: document.documentElement.scrollWidth, wide: captions.filter(([, r]) => r > W + 1)};
"""


@pytest.mark.parametrize("size", NARROW, ids=["360x740", "390x844"])
def test_the_spanish_page_and_methodology_fit_a_phone(chromium_driver, browser_server, size):
    d = chromium_driver
    start(d, browser_server, size, "?lang=es&date=2011-02-01")
    settled(d)
    d.execute_script("document.querySelectorAll('details').forEach(e => { e.open = true; })")
    wait(d).until(lambda drv: drv.execute_script("return !!document.querySelector('.state-table caption')"))
    settled(d)
    fits = d.execute_script(FITS_JS)
    assert fits["scroll"] <= fits["W"] and not fits["wide"], fits  # the state table's caption among them
    d.get(f"{browser_server.url}/methodology?lang=es")
    fits = d.execute_script(FITS_JS)
    assert fits["scroll"] <= fits["W"] and not fits["wide"], fits


def test_an_unsupported_language_is_explained_in_spanish_too(chromium_driver, browser_server):
    d = chromium_driver
    start(d, browser_server, PHONE, "?lang=fr&date=2011-02-01")
    settled(d)
    notice = d.find_element(By.ID, "notice").text
    assert "Unknown language “fr”" in notice and "Idioma desconocido “fr”" in notice and "lang=es" in notice
