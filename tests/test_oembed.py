"""Issue #13.3-4, without a browser: oEmbed answers and refusals, discovery tags, and the cross-origin rules of the
files an embed in a sandboxed iframe fetches (``Access-Control-Allow-Origin: *`` there, and nowhere else)."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard import figures, press, snippets

HOST = "http://localhost"  # the Flask test client's host
RETIRED = "sc-geodata-1-ecf2a40b5d"  # dashboard/releases.csv: replaced on 2026-11-30


def oembed(client, url: str, **params: str):
    return client.get("/oembed", query_string={"url": url, **params})


def iframe_src(html: str) -> str:
    return unescape(re.search(r'<iframe src="([^"]+)"', html).group(1))


@pytest.mark.parametrize(
    ("url", "kind", "path", "title"),
    [
        (f"{HOST}/embed/map?date=2011-02-01&state=TX", "map", "/embed/map", "Secure Communities in Texas — 1 Feb 2011"),
        (f"{HOST}/embed/timeline?date=2011-02-01", "timeline", "/embed/timeline", "coverage over time — 1 Feb 2011"),
        (f"{HOST}/embed/county/48201?date=2011-02-01", "county", "/embed/county/48201", "Harris County, Texas"),
        (f"{HOST}/?date=2011-02-01&state=TX", "map", "/embed/map", "Secure Communities in Texas — 1 Feb 2011"),
    ],
)
def test_oembed_answers_every_embed_and_page_view_as_rich_json(client, dataset, url, kind, path, title):
    resp = oembed(client, url, format="json")
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    body = resp.get_json()
    assert {k: body[k] for k in ("version", "type", "provider_name", "provider_url")} == {
        "version": "1.0",
        "type": "rich",
        "provider_name": "SC Rollout Map",
        "provider_url": f"{HOST}/",
    }
    assert title in body["title"]
    assert (body["width"], body["height"]) == (snippets.DEFAULT_WIDTH, snippets.KINDS[kind].height)
    src = urlsplit(iframe_src(body["html"]))
    assert f"{src.scheme}://{src.netloc}{src.path}" == HOST + path  # the main page's view → the map embed
    query = parse_qs(src.query)
    assert query["date"] == ["2011-02-01"] and query["release"] == [dataset.release_id]
    assert ("state" in query) == ("state=TX" in url)
    assert body["html"].endswith(f'<script src="{HOST}/assets/embed-host.js" async></script>')


def test_oembed_html_is_the_page_snippet(client, dataset):
    """One writer for both: the oEmbed html is the page's template filled with the same address."""
    body = oembed(client, f"{HOST}/embed/map?date=2011-02-01").get_json()
    template = snippets.page_templates()["map"]
    src = f"{HOST}/embed/map?date=2011-02-01&amp;release={dataset.release_id}"
    assert body["html"] == template.replace("{src}", src).replace("{origin}", HOST)


def test_oembed_respects_maxwidth_and_maxheight(client):
    body = oembed(client, f"{HOST}/embed/county/06037", maxwidth="360", maxheight="500").get_json()
    assert body["width"] == 360 and body["height"] == 500
    assert 'height="500"' in body["html"] and "max-width:360px" in body["html"] and "max-height:500px" in body["html"]
    roomy = oembed(client, f"{HOST}/embed/county/06037", maxwidth="5000", maxheight="5000").get_json()
    assert roomy["width"] == snippets.DEFAULT_WIDTH and roomy["height"] == snippets.KINDS["county"].height


def test_oembed_keeps_a_retired_release_so_the_embed_says_so(client):
    body = oembed(client, f"{HOST}/embed/map?date=2011-02-01&release={RETIRED}").get_json()
    src = iframe_src(body["html"])
    assert parse_qs(urlsplit(src).query)["release"] == [RETIRED]
    page = client.get(src.removeprefix(HOST)).get_data(as_text=True)
    assert f"pinned to data release {RETIRED}, retired on 30 Nov 2026" in page


def test_oembed_xml_is_not_implemented(client):
    resp = oembed(client, f"{HOST}/embed/map", format="xml")
    assert resp.status_code == 501 and resp.mimetype == "text/plain"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://example.org/embed/map", "not an address of this site"),
        ("http://localhost.example.org/embed/map", "not an address of this site"),
        (f"{HOST}/methodology", "not a view or embed"),
        (f"{HOST}/embed/county/99999", "no county has the code"),
        (f"{HOST}/embed/county/abc", "no county has the code"),
        (f"{HOST}/embed/map?date=2031-01-01", "outside the period"),
        (f"{HOST}/embed/map?stat=TX", "not a parameter of this map"),
        (f"{HOST}/embed/map?release=x%3Cscript%3E", "is not a data release"),
        ("http://[::1/embed/map", "malformed"),
        ("javascript:alert(1)", "absolute http(s) address"),
        ("/embed/map", "absolute http(s) address"),
        (f"{HOST}/embed/map?" + "&".join(f"utm_{i}=1" for i in range(60)), "too many parameters"),
        (f"{HOST}/embed/map?date=" + "9" * 3000, "too long"),
    ],
)
def test_oembed_refuses_what_it_cannot_embed_with_a_one_line_404(client, url, reason):
    resp = oembed(client, url)
    text = resp.get_data(as_text=True)
    assert resp.status_code == 404 and resp.mimetype == "text/plain"
    assert reason in text and text.count("\n") == 1 and "Traceback" not in text


@pytest.mark.parametrize(
    "query",
    [{}, {"url": ""}, {"url": f"{HOST}/", "maxwidth": "-1"}, {"url": f"{HOST}/", "maxwidth": "0"},
     {"url": f"{HOST}/", "maxheight": "1e9"}, {"url": f"{HOST}/", "maxwidth": "9" * 40}],
)  # fmt: skip
def test_oembed_bad_parameters_are_a_one_line_400(client, query):
    resp = client.get("/oembed", query_string=query)
    assert resp.status_code == 400 and resp.get_data(as_text=True).count("\n") == 1


def discovery(page: str) -> tuple[str, str]:
    tags = re.findall(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)" title="([^"]*)">', page)
    assert len(tags) == 1, tags
    return unescape(tags[0][0]), unescape(tags[0][1])


@pytest.mark.parametrize(
    "path", ["/embed/map?date=2011-02-01&state=TX", "/embed/timeline", "/embed/county/48201", "/?state=TX"]
)
def test_pages_carry_an_oembed_discovery_tag_that_answers(client, path):
    page = client.get(path).get_data(as_text=True)
    href, title = discovery(page)
    assert title
    endpoint = urlsplit(href)
    assert f"{endpoint.scheme}://{endpoint.netloc}{endpoint.path}" == f"{HOST}/oembed"
    assert parse_qs(endpoint.query) == {"url": [HOST + path], "format": ["json"]}
    assert client.get(href.removeprefix(HOST)).status_code == 200


def test_oembed_keeps_the_security_headers_and_may_not_be_framed(client):
    resp = oembed(client, f"{HOST}/")
    assert "frame-ancestors 'self'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Frame-Options"] == "SAMEORIGIN" and resp.headers["X-Content-Type-Options"] == "nosniff"
    assert "Access-Control-Allow-Origin" not in resp.headers


# ---------------------------------------------------------------------------------------------------------
# Cross-origin reads for sandboxed embeds (issue #13.4)

PUBLIC = [figures.GEOJSON_URL, f"{figures.TOPOJSON_URL}usa_110m.json", f"{figures.TOPOJSON_URL}world_110m.json"]


@pytest.mark.parametrize("path", [*PUBLIC, press.PLOTLY_URL])
def test_geometry_base_maps_and_plotly_are_readable_from_any_origin(client, path):
    headers = {"Origin": "null", "Accept-Encoding": "gzip"}
    resp = client.get(path, headers=headers)
    assert resp.status_code == 200 and resp.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in resp.headers
    vary = {v.strip() for v in resp.headers.get("Vary", "").split(",")}
    assert "Accept-Encoding" in vary and "Origin" not in vary  # the same "*" for every origin: nothing to vary on
    again = client.get(path, headers={**headers, "If-None-Match": resp.headers["ETag"]})
    assert again.status_code == 304 and again.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/embed/map",
        "/embed/county/48201",
        "/embed/caption.json",
        "/download/counties.csv",
        "/healthz",
        "/_dash-layout",
        "/assets/dashboard.js",
        "/assets/embed-host.js",
        "/methodology",
    ],
)
def test_nothing_else_is_readable_cross_origin(client, path):
    resp = client.get(path, headers={"Origin": "null"})
    assert resp.status_code == 200
    assert "Access-Control-Allow-Origin" not in resp.headers
    assert "Content-Security-Policy" in resp.headers and resp.headers["X-Content-Type-Options"] == "nosniff"


def test_oembed_of_a_page_link_with_a_county_embeds_the_map_the_page_opens(client):
    """``/?county=48201`` opens on Texas (as picking Harris does), so its embed is the map of Texas; an embed's own
    address keeps what it says (the whole country with Harris outlined)."""
    page = parse_qs(
        urlsplit(iframe_src(oembed(client, f"{HOST}/?date=2011-02-01&county=48201").get_json()["html"])).query
    )
    assert page["county"] == ["48201"] and page["state"] == ["TX"]
    embed = oembed(client, f"{HOST}/embed/map?date=2011-02-01&county=48201").get_json()["html"]
    assert "state" not in parse_qs(urlsplit(iframe_src(embed)).query)
