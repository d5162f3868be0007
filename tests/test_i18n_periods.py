"""Published figures' periods and sources in Spanish (issue #14): no ISO date in Spanish reading text, period notes
we generate or can parse written in Spanish, a source's title kept as written and marked ``lang="en"``
(dashboard/periodwords.py); the APA citation in Spanish."""

from __future__ import annotations

import json
import re
from datetime import date

import plotly
import pytest

from dashboard import cards, compare, i18n, published, releases
from dashboard.periodwords import note_parts, source_parts, span
from dashboard.viewstate import View
from tests.test_i18n import _texts

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _tree(component: object) -> dict:
    return json.loads(json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder))


def test_parsed_period_notes_read_in_spanish():
    with i18n.language("es"):
        said = {n: "".join(t for t, _q in note_parts(n)) for n in ("to Jun 2011", "FY2010 only", "to 2011-04-30")}
        said["Oct 2008 - Jun 2011"] = "".join(t for t, _q in note_parts("Oct 2008 - Jun 2011"))
        quoted = note_parts("'screened' to end of May 2010")
        days = span("2008-10-27", "2009-04-27")
    assert said == {
        "to Jun 2011": "hasta jun 2011",
        "FY2010 only": "solo el año fiscal 2010",
        "to 2011-04-30": "hasta el 30 abr 2011",
        "Oct 2008 - Jun 2011": "oct 2008 a jun 2011",
    }
    assert quoted == [("'screened'", True), (" ", False), ("hasta fines de may 2010", False)]
    assert days == "27 oct 2008 a 27 abr 2009"
    assert "".join(t for t, _q in note_parts("to Jun 2011")) == "to Jun 2011"  # English as the data writes it


def test_a_sources_title_stays_as_written_and_a_description_is_translated():
    with i18n.language("es"):
        assert source_parts("GAO-12-708") == ("GAO-12-708", True)
        assert source_parts("ICE news release") == ("comunicado de prensa de ICE", False)
        assert (
            source_parts("Houston Chronicle (2009-07-13), reprinted")[0] == "Houston Chronicle (13 jul 2009), reimpreso"
        )


def test_no_iso_date_in_spanish_published_figures_cards_or_provenance(dataset):
    view = View(date=date(2011, 2, 1), lang="es")
    with i18n.language("es"):
        tables = _texts(_tree(published.published_section(dataset)), [])
        counties = dataset.figures.loc[dataset.figures["level"] == "county", "fips"].unique()
        card_texts = [t for f in counties for t in _texts(_tree(cards.county_card(dataset, f, view)), [])]
        table = _texts(_tree(compare.compare_table(dataset, list(counties[:4]))), [])
    dated = [t for t in tables + card_texts + table if ISO.search(t)]
    assert not dated, dated[:5]
    provenance = [t for t in card_texts if t.startswith("Fecha: Vargas-Núñez")]
    assert provenance and not [t for t in provenance if re.search(r"\d{4}-\d{2}", t)], provenance[:3]


def test_the_published_tables_mark_only_quotations_and_titles_as_english(dataset):
    with i18n.language("es"):
        tree = json.dumps(_tree(published.published_section(dataset)), ensure_ascii=False)
    english = re.findall(r'"children": "([^"]*)", "lang": "en"', tree)
    assert "GAO-12-708" in english and "'screened'" in english
    assert not [e for e in english if e.startswith("to ") or re.match(r"[A-Z][a-z]{2} \d{4}", e)], english


def test_the_apa_citation_is_spanish(dataset):
    with i18n.language("es"):
        template = releases.citation_template("SC Rollout Map", dataset.release_id)
    assert template.endswith("Recuperado el {accessed}, de {url}"), template


def test_the_spanish_methodology_translates_definitions_and_marks_citations_as_english(client):
    page = client.get("/methodology?lang=es").get_data(as_text=True)
    assert "Personas deportadas o devueltas desde EE. UU." in page  # the measures' definitions
    assert "People removed or returned" not in page
    assert '<span lang="en">U.S. Census Bureau' in page  # a source's citation, as written
    assert "Condado de Los Angeles, CA" in page and "Los Angeles County, CA</td>" not in page
    assert "<td>Estados Unidos</td>" in page and "<td>United States</td>" not in page
    assert "placed in a county only" not in page  # the map measures' sources, with their periods, in Spanish
    rows = page[page.index("pf001") :]
    assert not ISO.search(rows[: rows.index("</table>")])  # the published figures' periods


def test_the_published_tables_name_places_in_spanish(dataset):
    with i18n.language("es"):
        tables = _texts(_tree(published.published_section(dataset)), [])
    assert "Condado de Los Angeles, CA" in tables and "Estados Unidos" in tables
    assert not [t for t in tables if re.search(r"\bCounty\b", t)]


def test_the_milestones_sources_are_cited_as_written_and_described_in_spanish(client):
    import pandas as pd

    from dashboard.timeline import MILESTONES_CSV

    milestones = pd.read_csv(MILESTONES_CSV, dtype=str, keep_default_na=False)
    assert (milestones["confirmed_es"] != "").all()  # a new row cannot ship without its Spanish
    page = client.get("/methodology?lang=es").get_data(as_text=True)
    assert "el propio conjunto de datos" in page and "the data layer itself" not in page
    assert '<span lang="en">Chicago Tribune, \'Illinois withdraws' in page.replace("&#x27;", "'")


def test_the_timelines_partial_month_is_not_an_iso_month_in_spanish(dataset):
    from dashboard import coverage, timeline

    cov = coverage.coverage_table(dataset.counties, dataset.dates)
    with i18n.language("es"):
        names = [t.get("name") or "" for t in timeline.timeline_figure(dataset, cov, VIEW_ES, "EE. UU.")["data"]]
    assert "Mes incompleto (jul 2015, hasta el día 19)" in names
    assert not [n for n in names if re.search(r"\d{4}-(0[1-9]|1[0-2])\b(?!-\d{4})", n) and "ACS" not in n], names


VIEW_ES = View(date=date(2011, 2, 1), lang="es")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_period_note_shows_a_column_name(dataset, lang):
    """ "ice_arrests = arrested or booked…" showed the source table's column name to readers, in both languages."""
    import re

    from dashboard import i18n, periodwords

    with i18n.language(lang):
        notes = [periodwords.note_text(n) for n in dataset.figures["period_note"].dropna().unique()]
    assert not [n for n in notes if re.search(r"\b[a-z]+_[a-z_]+\b", n)]
