"""plotly.js in Spanish (issue #14): its own Spanish locale served from this origin (fingerprinted, immutable), loaded
by the Spanish page and Spanish embeds, ``locale: 'es'`` in every Spanish figure's config (page, card chart, embeds,
image export), numbers grouped as the page writes them, and no English "10k" on the timeline's axis."""

from __future__ import annotations

import json
import re
from datetime import date

from dashboard import i18n, plotlylocale, press, timeline
from dashboard.viewstate import View
from tests.test_i18n_places import _find

VIEW = View(date=date(2011, 2, 1), lang="es")


def test_the_locale_file_is_plotlys_own_and_served_immutable_from_this_origin(client):
    url = plotlylocale.URLS["es"]
    assert re.fullmatch(r"/vendor/plotly-locale-es-\d+\.\d+\.\d+\.[0-9a-f]{12}\.js", url)
    resp = client.get(url)
    assert resp.status_code == 200 and resp.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    body = resp.get_data(as_text=True)
    assert 'moduleType:"locale",name:"es"' in body and "Plotly.register(locale)" in body
    assert "Descargar gr\\xe1fica como PNG" in body  # the toolbar's tooltips


def test_the_spanish_page_and_embeds_load_it_and_the_english_do_not(client):
    url = plotlylocale.URLS["es"]
    spanish, english = client.get("/?lang=es").get_data(as_text=True), client.get("/").get_data(as_text=True)
    assert spanish.index(press.PLOTLY_URL) < spanish.index(url) and url not in english
    for path in ("/embed/map?lang=es", "/embed/timeline?lang=es"):
        page = client.get(path).get_data(as_text=True)
        assert page.index(press.PLOTLY_URL) < page.index(url), path
    assert url not in client.get("/embed/map").get_data(as_text=True)
    assert "http" not in url and "cdn" not in spanish.lower()


def test_every_spanish_figure_is_configured_in_spanish(client):
    tree = client.get("/es/_dash-layout").get_json()
    for graph in ("map", "timeline"):
        assert _find(tree, graph)["props"]["config"]["locale"] == "es", graph
    english = client.get("/_dash-layout").get_json()
    assert "locale" not in _find(english, "map")["props"]["config"]
    embed = client.get("/embed/map?lang=es").get_data(as_text=True).replace(" ", "")
    assert embed.count('"locale":"es"') == 2  # the embed's plot and its image export
    with i18n.language("es"):
        assert press.plot_config()["locale"] == "es"
    spec = client.get("/embed/caption.json?chart=map&lang=es")  # the page's own export buttons
    assert spec.get_json()["config"]["locale"] == "es"


def test_the_timeline_axis_writes_whole_numbers_in_spanish(dataset):
    cov = timeline_coverage(dataset)
    with i18n.language("es"):
        spanish = timeline.timeline_figure(dataset, cov, VIEW, "EE. UU.")["layout"]
    english = timeline.timeline_figure(dataset, cov, View(date=date(2011, 2, 1)), "the US")["layout"]
    assert spanish["yaxis2"]["tickformat"] == ",d" and spanish["separators"] == ".,"  # "10,000", as es_US writes it
    assert english["yaxis2"]["tickformat"] == "~s"
    assert "~s" not in json.dumps(spanish)


def timeline_coverage(dataset):
    from dashboard import coverage

    return coverage.coverage_table(dataset.counties, dataset.dates)
