"""Every route that accepts ``release=`` answers a retired, unknown or malformed release as the main page does: a
page (the map's embeds, the methodology) shows the main page's notice naming the release it shows instead; a download
refuses it with one line (a 400); oEmbed keeps a well-formed id (its embed says so) and refuses a malformed one with
one line; none answers with a 5xx or a traceback."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

import pytest

from dashboard import i18n, releases

RETIRED = "sc-geodata-1-ecf2a40b5d"  # replaced by sc-geodata-1-a72d26f4b6 on 2026-11-30 (commit 562e888)
UNKNOWN = "sc-geodata-1-0123456789"
ODD = ["junk", "x" * 300, "%00", "sc-geodata-1-ecf2a40b5d%0Aevil", "%E2%80%AE", "[]"]
PAGES = ["/methodology", "/embed/map", "/embed/timeline", "/embed/county/48201"]
DOWNLOADS = ["/download/counties.csv", "/download/counties.xlsx", "/download/counties.geojson"]


def _notice(page: str) -> str:
    found = re.search(r'<div class="notice" role="status">(.*?)</div>', page, re.S)
    return html.unescape(found.group(1)) if found else ""


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_page_pinned_to_a_retired_or_unknown_release_shows_the_main_pages_notice(client, dataset, path, lang):
    sep = "&" if "?" in path else "?"
    for asked in (RETIRED, UNKNOWN, "junk"):
        with_lang = "" if lang == "en" else "&lang=es"
        resp = client.get(f"{path}{sep}release={asked}{with_lang}")
        assert resp.status_code == 200, (path, asked)
        with i18n.language(lang):
            expected = releases.notice(asked, dataset.release_id, releases.retired(dataset.release_id))
        assert expected in _notice(resp.get_data(as_text=True)), (path, asked, lang)
    quiet = client.get(f"{path}{sep}release={dataset.release_id}").get_data(as_text=True)
    assert 'class="notice"' not in quiet, path
    assert 'class="notice"' not in client.get(f"{path}{sep}release=").get_data(as_text=True), path


@pytest.mark.parametrize("path", PAGES + DOWNLOADS + ["/", "/healthz"])
def test_no_release_value_makes_any_route_fail_with_a_server_error(client, path):
    sep = "&" if "?" in path else "?"
    for value in ODD + [RETIRED, UNKNOWN]:
        for query in (f"release={value}", f"release={value}&release={UNKNOWN}", f"amp;release={value}"):
            resp = client.get(f"{path}{sep}{query}")
            body = resp.get_data(as_text=True)
            assert resp.status_code < 500 and "Traceback" not in body, (path, query, resp.status_code)


@pytest.mark.parametrize("path", DOWNLOADS)
@pytest.mark.parametrize("value", [RETIRED, UNKNOWN, "junk"])
def test_a_download_pinned_to_another_release_is_one_line_400_that_serves_nothing(client, dataset, path, value):
    resp = client.get(f"{path}?date=2011-02-01&release={value}")
    text = resp.get_data(as_text=True)
    assert resp.status_code == 400 and text.count("\n") == 1 and text.startswith("Bad request: "), text
    assert "showing" not in text and "Content-Disposition" not in resp.headers


@pytest.mark.parametrize(
    ("value", "status"), [(RETIRED, 200), (UNKNOWN, 200), ("junk", 404)], ids=["retired", "unknown", "malformed"]
)
def test_oembed_keeps_a_well_formed_release_for_its_embed_to_name_and_refuses_a_malformed_one(
    client, dataset, value, status
):
    url = quote(f"http://localhost/?date=2011-02-01&release={value}", safe="")
    resp = client.get(f"/oembed?url={url}&format=json", base_url="http://localhost")
    assert resp.status_code == status, resp.get_data(as_text=True)
    if status == 200:
        assert f"release={value}" in resp.get_json()["html"]
    else:
        text = resp.get_data(as_text=True)  # oEmbed's own answer for an address it has no embed for: 404, one line
        assert text.count("\n") <= 1 and "is not a data release" in text and "showing" not in text, text
