"""Spanish throughout (issue #14), the charts and everything written around them: the map and timeline figures
(legend names and titles, colour bar, hover templates, axis and panel titles, milestones), captions and text
alternatives for a few views (national, a state, a county, each map measure), embed pages and their links, oEmbed
answers, the XLSX's about sheet; and English output as it was.

The check is tests/test_i18n.py's: no string with two or more English function words. Before it, markup is taken
out (plotly's <b>/<br>), and so are county names ("Harris County", "District of Columbia": proper names) and
English codes quoted “like this” (the download's stable values, explained in Spanish).
"""

from __future__ import annotations

import io
import re
from datetime import date

import pytest

from dashboard import captions, downloads, figures, i18n, measures, timeline
from dashboard.viewstate import MEASURES, View
from tests.test_i18n import english_in

DAY = date(2011, 2, 1)
VIEWS = {
    "national": View(date=DAY, lang="es"),
    "state": View(date=DAY, state="TX", mode="status", lang="es"),
    "county": View(date=DAY, state="TX", county="48201", compare=("06037", "04013", "17031", "36061"), lang="es"),
    "before": View(date=date(2008, 10, 1), state="DC", lang="es"),
    **{m: View(date=DAY, measure=m, lang="es") for m in MEASURES if m != "activation"},
}


def plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"“[^”]*”", " ", text).replace("District of Columbia", "DC")
    return re.sub(r"\b[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)* County\b", " ", text)


def english(texts: list[str]) -> list[str]:
    return english_in([plain(t) for t in texts if t])


def figure_texts(fig: dict) -> list[str]:
    """What a reader meets in a figure: trace names, hover templates, legend and axis titles, colour bar,
    annotations (not the per-county data text)."""
    out = []
    for t in fig["data"]:
        out += [t.get("name") or "", t.get("hovertemplate") or ""]
        out.append(((t.get("legendgrouptitle") or {}).get("text")) or "")
        bar = t.get("colorbar") or {}
        out += [(bar.get("title") or {}).get("text", ""), *map(str, bar.get("ticktext", []))]
    lay = fig["layout"]
    out.append(((lay.get("legend") or {}).get("title") or {}).get("text", ""))
    for axis in ("yaxis", "yaxis2", "xaxis"):
        out.append(((lay.get(axis) or {}).get("title") or {}).get("text", ""))
    out += [a.get(k, "") for a in lay.get("annotations", []) for k in ("text", "hovertext")]
    out += [s.get("name", "") for s in lay.get("shapes", [])]
    return out


@pytest.mark.parametrize("name", list(VIEWS))
def test_the_map_and_timeline_figures_speak_spanish(dataset, name):
    view = VIEWS[name]
    texts = figure_texts(figures.map_figure(dataset, view))
    cov = captions.scope_coverage(dataset, view.state).reset_index()
    texts += figure_texts(timeline.timeline_figure(dataset, cov, view, ""))
    assert not english(texts), english(texts)
    assert "Condados" in texts and "% de los condados" in texts
    if view.measure == "activation" and view.mode == "cohort":
        assert "Activación" in texts and "oct 2008" in texts  # the colour bar's title and first tick


def test_hover_dates_are_written_in_spanish(dataset):
    fig = timeline.timeline_figure(dataset, captions.scope_coverage(dataset, None).reset_index(), VIEWS["national"], "")
    lines = [t for t in fig["data"] if t["mode"] == "lines" and t.get("yaxis") != "y2"]
    assert all(t["hovertemplate"].startswith("%{text}") for t in lines)
    assert lines[0]["text"][0] == "27 oct 2008"
    bars = [t for t in fig["data"] if t.get("yaxis") == "y2"]
    # each point's month and count, the noun agreeing with the number
    assert bars[0]["text"][0] == "oct 2007: 13,680 órdenes de retención" and bars[0]["hovertemplate"].startswith(
        "%{text}"
    )


@pytest.mark.parametrize("name", list(VIEWS))
@pytest.mark.parametrize("chart", ["map", "timeline"])
def test_captions_and_alt_texts_speak_spanish(dataset, name, chart):
    view = VIEWS[name]
    cap = captions.caption(dataset, view, chart)
    parts = [cap.title, cap.dateline, *cap.note.split("\n"), cap.credit, cap.legend]
    if not view.county:  # a county's order facts come from dashboard/cards.py (translated there): see below
        parts.append(cap.alt)
    assert not english(parts), english(parts)
    assert "Comunidades Seguras (Secure Communities)" in cap.title + cap.alt or view.measure != "activation"
    assert cap.credit.startswith("Datos: ") and "Mapa: " in cap.credit


def test_the_text_alternatives_are_grammatical(dataset):
    national = captions.alt_text(dataset, VIEWS["national"])
    assert national.startswith("Hasta el 1 feb 2011, el programa Comunidades Seguras (Secure Communities) estaba")
    assert "en 1,010 de 3,143 condados de 38 estados, donde vivía el 55.1% de la población de EE. UU." in national
    dc = captions.alt_text(dataset, VIEWS["before"])
    assert "aún no estaba activo en el único condado de Distrito de Columbia" in dc
    state = captions.caption(dataset, VIEWS["state"], "map")
    assert state.dateline.startswith("Situación el 1 feb 2011: 254 de 254 condados, el 100% de la población de Texas")
    assert "ninguno se activó ese día" in state.alt
    county = captions.caption(dataset, VIEWS["county"], "map")
    assert " y 1 más" in county.note or " y 2 más" in county.note


def test_a_county_text_alternative_is_all_spanish(dataset):
    cap = captions.caption(dataset, VIEWS["county"], "county")
    assert not english([cap.alt, captions.alt_text(dataset, VIEWS["county"])])


def test_a_county_caption_speaks_spanish(dataset):
    cap = captions.caption(dataset, VIEWS["county"], "county")
    assert cap.title == "Comunidades Seguras (Secure Communities) en el condado de Harris, Texas"
    assert cap.dateline == "Activación: 27 oct 2008 · activo el 1 feb 2011"


def test_every_milestone_has_a_spanish_label_and_detail():
    rows = timeline.milestones()
    assert (rows["label_es"] != "").all() and (rows["detail_es"] != "").all()
    with i18n.language("es"):
        assert timeline.milestone_key()[0] == "1 Primera activación (27 oct 2008)"


def _visible(page: str) -> list[str]:
    page = re.sub(r"<script.*?</script>", "", page, flags=re.S)
    return [t.strip() for t in re.findall(r">([^<]+)<", page) if t.strip()]


@pytest.mark.parametrize(
    "path",
    [
        "/embed/map?lang=es&date=2011-02-01",
        "/embed/timeline?lang=es&state=TX",
        "/embed/map?lang=es&measure=rate&state=CA",
    ],
)
def test_embed_pages_speak_spanish_and_keep_lang_in_their_links(client, path):
    page = client.get(path).get_data(as_text=True)
    assert page.startswith('<!DOCTYPE html>\n<html lang="es">')
    assert not english(_visible(page)), english(_visible(page))
    assert "Abrir la vista interactiva completa" in page and "Guardar imagen" in page
    assert 'data-msg-preparing="Preparando la imagen…"' in page and 'data-msg-not-drawn="No se pudo' in page
    links = re.findall(r'(?:href|canonical)="(/\?[^"]*)"', page)
    assert links and all("lang=es" in link for link in links), links


def test_a_county_embed_and_the_not_found_page_speak_spanish(client):
    page = client.get("/embed/county/48201?lang=es").get_data(as_text=True)
    title = '<h1 id="sc-title">Comunidades Seguras (Secure Communities) en el condado de Harris, Texas'
    assert '<html lang="es">' in page and title in page
    assert 'class="full-view" href="/?' in page and "lang=es" in page.split('class="full-view" href="')[1][:200]
    missing = client.get("/embed/county/99999?lang=es")
    text = missing.get_data(as_text=True)
    assert missing.status_code == 404 and "Condado no encontrado" in text and 'href="/?lang=es"' in text
    assert not english(_visible(text))


def test_oembed_answers_in_the_language_of_the_address(client):
    url = "http://localhost/embed/timeline?state=TX&lang=es"
    body = client.get("/oembed", query_string={"url": url, "format": "json"}).get_json()
    assert body["title"].startswith("Cobertura de Comunidades Seguras (Secure Communities) a lo largo del tiempo")
    assert "lang=es" in body["html"] and 'title="Implantación de Comunidades Seguras' in body["html"]
    english_body = client.get("/oembed", query_string={"url": url.replace("&lang=es", ""), "format": "json"}).get_json()
    assert english_body["title"].startswith("Secure Communities coverage over time in Texas")


def test_the_downloads_about_sheet_is_in_spanish_and_the_data_is_the_same(client):
    from openpyxl import load_workbook

    es = client.get("/download/counties.xlsx?lang=es&state=RI")
    book = load_workbook(io.BytesIO(es.data))
    rows = list(book["about"].iter_rows(values_only=True))
    assert rows[0] == ("columna", "significado")
    assert [r[0] for r in rows[1:]] == downloads.COLUMNS  # the column names stay stable English identifiers
    assert not english([r[1] for r in rows[1:]]), english([r[1] for r in rows[1:]])
    assert (
        client.get("/download/counties.csv?lang=es&state=RI").data == client.get("/download/counties.csv?state=RI").data
    )


def test_the_browser_messages_come_from_the_server_in_the_pages_language(client):
    layout = client.get("/es/_dash-layout").get_data(as_text=True)
    assert '"data-msg-saved":"{format} guardado, {width} \\u00d7 {height} px."' in layout or "guardado" in layout
    assert "Saved {format}" in client.get("/_dash-layout").get_data(as_text=True)


# ---------------------------------------------------------------------------------------------------------
# English as it was


def test_english_captions_figures_and_embeds_are_unchanged(dataset, client):
    view = View(date=DAY, measure="rate")
    cap = captions.caption(dataset, view, "map")
    assert cap.title == "ICE detainers per 1,000 non-citizen residents, county by county"
    assert cap.legend.startswith("<b>Detainers per 1,000 non-citizens<br>TRAC, about Oct 2007 to mid 2015<br>")
    assert captions.credit("timeline") == (
        "Data: ICE activation list as transcribed by Vargas-Núñez et al. (PNAS 2026); U.S. Census Bureau; "
        "detainers: ICE FOIA records via NPR (2016) · Map: SC Rollout Map"
    )
    names = [
        t["name"]
        for t in timeline.timeline_figure(
            dataset, captions.scope_coverage(dataset, None).reset_index(), View(date=DAY), "the US"
        )["data"][:3]
    ]
    assert names == ["% of counties", "% of population (2010 Census)", "% of non-citizens (ACS 2006-2010)"]
    page = client.get("/embed/map?date=2011-02-01").get_data(as_text=True)
    assert '<html lang="en">' in page and "Open the full interactive view ↗" in page and "lang=es" not in page
    assert "Not ranked (why: in hover and table)" in [t[0] for t in measures.classes("rate")]


def test_the_export_command_takes_a_language():
    from dashboard import export

    args = export._parser().parse_args(["--lang", "es", "--date", "2011-02-01", "--out", "map.png"])
    assert export._query(args)["lang"] == ["es"]
    with pytest.raises(export.ExportError):
        export._parser().parse_args(["--lang", "fr", "--out", "map.png"])
