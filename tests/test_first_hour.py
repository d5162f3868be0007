"""Issue "A new user's first hour", the parts that need no browser: links a CMS mangled, county codes that changed
after 2010, the finder saying when more matched than it shows, a county outside the state shown, and the view
the server reads from a page whose controls changed (the browser journeys are in tests/test_journeys.py).
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from dashboard import cards, viewstate


def _rows(resp) -> list[dict]:
    return list(csv.DictReader(io.StringIO(resp.data.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    "query",
    ["date=2011-02-01&amp;state=RI", "date=2011-02-01&amp;amp;state=RI", "amp;date=2011-02-01&amp;state=RI"],
)
def test_a_cms_escaped_ampersand_keeps_the_parameter(client, query):
    resp = client.get(f"/download/counties.csv?{query}")
    assert resp.status_code == 200
    rows = _rows(resp)
    assert len(rows) == 5 and {r["state"] for r in rows} == {"RI"}
    assert {r["as_of"] for r in rows} == {"2011-02-01"}


def test_an_embed_src_with_escaped_ampersands_shows_the_state(client):
    page = client.get("/embed/map?date=2011-02-01&amp;state=RI").data.decode()
    assert "Rhode Island" in page


def test_a_misspelt_download_parameter_is_refused_not_ignored(client):
    resp = client.get("/download/counties.csv?date=2011-02-01&stat=RI")
    assert resp.status_code == 400
    assert resp.data.decode() == "Bad request: “stat” is not a parameter of this download.\n"


@pytest.mark.parametrize(("code", "fips"), [("46102", "46113"), ("02158", "02270")])
def test_post_2010_codes_resolve_in_links_embeds_and_downloads(client, bounds, code, fips):
    parsed = viewstate.parse(f"?county={code}", bounds)
    assert parsed.view.county == fips and parsed.notices == []
    assert parsed.info and code in parsed.info[0] and fips in parsed.info[0]
    assert viewstate.parse(f"?compare=48201,{code}", bounds).view.compare == ("48201", fips)
    resp = client.get(f"/embed/county/{code}?date=2011-02-01")
    assert resp.status_code == 301 and resp.headers["Location"].endswith(f"/embed/county/{fips}?date=2011-02-01")
    assert client.get(resp.headers["Location"]).status_code == 200
    rows = _rows(client.get(f"/download/counties.csv?county={code}"))
    assert [r["fips"] for r in rows if r["role"] == "selected"] == [fips]


def test_the_card_of_a_renamed_county_says_what_it_is_called_now(dataset):
    from dash import html

    section = cards.county_card(dataset, "46113", viewstate.View(date=dataset.dates[-1].date()))
    texts = [c.children for c in section.children if isinstance(c, html.P)]
    assert "Since renamed: now Oglala Lakota County (46102)." in texts


def test_a_county_outside_the_state_shown_gets_a_notice(bounds):
    parsed = viewstate.parse("?county=17031&state=TX", bounds)
    assert parsed.view.county == "17031" and parsed.view.state == "TX"
    assert parsed.info == ["Cook County, IL is not in Texas: its card is shown, but the map shows Texas."]


def _callback(client, output_prefix: str) -> dict:
    deps = json.loads(client.get("/_dash-dependencies").data)
    return next(d for d in deps if d["output"].startswith(output_prefix) and not d.get("clientside_function"))


def test_the_finder_says_how_many_more_matched_than_it_shows(client):
    dep = _callback(client, "county.options@")
    body = {
        "output": dep["output"],
        "outputs": {"id": "county", "property": "options"},
        "inputs": [{"id": "county", "property": "search_value", "value": "washington"}],
        "state": [{"id": "county", "property": "value", "value": None}],
        "changedPropIds": ["county.search_value"],
    }
    resp = client.post("/_dash-update-component", json=body)
    options = resp.get_json()["response"]["county"]["options"]
    labels = [o["label"] for o in options]
    assert len(options) == 16 and labels[0] == "District of Columbia, DC"  # "Washington", by population
    assert "Washington County, PA" in labels
    assert options[-1]["disabled"] is True
    assert options[-1]["label"].endswith("more counties match: type more of the name, or add the state")
    # every offered option carries the spellings the dropdown's own filter needs
    assert all("washington" in o["search"] for o in options)
