"""Repeat visits: fingerprinted static URLs served immutable, ETags that answer 304 in every encoding, preload
hints for the first visit, and what a repeat visit costs, counted from the server's responses (tests/visits.py)."""

from __future__ import annotations

import re

import pytest

from dashboard import press, static
from tests import visits

ENCODINGS = ["identity", "gzip", "br", "zstd", visits.BROWSER_ENCODINGS]


@pytest.fixture(scope="module")
def client():
    from dashboard.app import create_app

    return create_app().server.test_client()


def fetch_with(client):
    def fetch(method, path, headers, body):
        resp = client.open(path, method=method, headers=headers, json=body)
        return resp.status_code, dict(resp.headers), len(resp.data), visits.decode(resp.data, resp.content_encoding)

    return fetch


def page_static_urls(client) -> list[str]:
    """The scripts, styles and icon the page names (its preloads of data, of plotly.js's base map and of dcc.Graph's
    lazily loaded code aside: those URLs are fixed by Dash and plotly.js, so they are revalidated, see the 304
    test)."""
    from dashboard.app import GRAPH_CHUNK_URL

    urls, _ = visits.page_links(client.get("/").get_data(as_text=True))
    data = ("/_dash-layout", "/_dash-dependencies", visits.GEOMETRY, visits.TOPOJSON, GRAPH_CHUNK_URL)
    return [u for u in urls if not u.startswith(data)]


def test_every_script_and_style_of_the_page_is_fingerprinted_and_served_immutable(client):
    urls = page_static_urls(client)
    assert any(u.startswith("/vendor/plotly") for u in urls) and any(u.startswith("/assets/") for u in urls)
    for url in urls:
        fingerprinted = re.search(r"\?m=[0-9.]+$|\.v[\w-]+m[0-9a-f]+\.|\.[0-9a-f]{12}\.min\.js$|\?v=[0-9.]+$", url)
        assert fingerprinted, url
        resp = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert resp.status_code == 200, url
        assert resp.headers["Cache-Control"] == "public, max-age=31536000, immutable", url


def test_plotly_url_is_fingerprinted_by_its_content():
    import hashlib

    assert hashlib.sha256(press.PLOTLY_JS.read_bytes()).hexdigest()[:12] in press.PLOTLY_URL


@pytest.mark.parametrize("url", ["/assets/dashboard.js", "/assets/dashboard.js?m=1", "/assets/embed.js"])
def test_an_asset_without_its_current_fingerprint_is_revalidated_not_immutable(client, url):
    resp = client.get(url)
    assert resp.status_code == 200 and resp.headers["Cache-Control"] == "no-cache" and resp.headers["ETag"]


@pytest.mark.parametrize("first", ENCODINGS)
def test_a_conditional_get_with_the_etag_is_a_304_whatever_the_encoding(client, first):
    urls = [*page_static_urls(client), "/_dash-layout", "/_dash-dependencies", visits.GEOMETRY, visits.TOPOJSON,
            *visits.ASYNC_CHUNKS]  # fmt: skip
    for url in urls:
        got = client.get(url, headers={"Accept-Encoding": first})
        assert got.status_code == 200, url
        etag = got.headers["ETag"]
        assert "Accept-Encoding" in got.headers["Vary"], url
        for again in ENCODINGS:
            resp = client.get(url, headers={"Accept-Encoding": again, "If-None-Match": etag})
            assert resp.status_code == 304, (url, first, again)
            assert resp.headers["ETag"] == etag and resp.data == b""


@pytest.mark.parametrize("coding", ["gzip", "br", "zstd"])
def test_every_encoding_decodes_to_the_same_body(client, coding):
    for url in [press.PLOTLY_URL, "/_dash-layout", visits.GEOMETRY]:
        plain = client.get(url, headers={"Accept-Encoding": "identity"}).data
        resp = client.get(url, headers={"Accept-Encoding": coding})
        assert resp.headers["Content-Encoding"] == coding
        assert visits.decode(resp.data, coding) == plain and len(resp.data) < len(plain) / 2


def test_the_page_preloads_plotly_layout_geometry_and_base_map(client):
    _, preloads = visits.page_links(client.get("/").get_data(as_text=True))
    by_href = {p["href"]: p for p in preloads}
    assert by_href[press.PLOTLY_URL]["as"] == "script"
    from dashboard.app import GRAPH_CHUNK_URL

    assert by_href[GRAPH_CHUNK_URL]["as"] == "script"  # the map's code, asked for at once by assets/firstload.js
    _, spanish = visits.page_links(client.get("/?lang=es").get_data(as_text=True))
    spanish_hrefs = {p["href"] for p in spanish}
    # the Spanish page's renderer asks for the layout and callback map under /es/, and for its chunks where its
    # scripts are (tests/test_first_load_browser.py checks in Chromium that each preload is the request made)
    assert {GRAPH_CHUNK_URL, "/es/_dash-layout", "/es/_dash-dependencies"} <= spanish_hrefs, spanish_hrefs
    assert "/es" + GRAPH_CHUNK_URL not in spanish_hrefs
    for url in ("/_dash-layout", "/_dash-dependencies", visits.GEOMETRY, visits.TOPOJSON):
        # as=fetch with crossorigin: the same mode and credentials as the fetch/XHR that uses it
        assert by_href[url]["as"] == "fetch" and by_href[url]["crossorigin"] == "anonymous", url
    _, state_preloads = visits.page_links(client.get("/?state=TX").get_data(as_text=True))
    assert "/assets/topojson/world_110m.json" in {p["href"] for p in state_preloads}  # a state is drawn on 'world'
    # The front page shows a picture of its map first: what only the live map needs waits for the rest of the page
    # (six connections to a host); on a link to another view the live map is the first thing shown
    for url in (visits.GEOMETRY, visits.TOPOJSON):
        assert by_href[url].get("fetchpriority") == "low", url
        assert all(p.get("fetchpriority") is None for p in state_preloads if p["href"] == url), url
    assert all(by_href[url].get("fetchpriority") is None for url in ("/_dash-layout", "/_dash-dependencies"))


def test_a_repeat_visit_transfers_at_most_50_kb(client):
    browser = visits.Browser(fetch_with(client))
    first = browser.visit("")
    repeat = browser.visit("")
    assert all(s.status < 400 for s in first + repeat)
    first_kb = sum(s.wire_bytes for s in first) / 1024
    repeat_kb = sum(s.wire_bytes for s in repeat) / 1024
    assert first_kb > 1000  # the first visit does download plotly.js, the layout and the geometry
    assert repeat_kb <= 50, [(s.path, s.status, s.wire_bytes) for s in repeat]
    assert {s.path for s in repeat} >= {"/", "/_dash-layout", "/_dash-dependencies"}
    assert not any(s.path.startswith(("/vendor/", "/geodata/")) for s in repeat)  # fresh in the cache


def test_static_bodies_are_compressed_once(monkeypatch):
    calls = []
    real = static._compress
    monkeypatch.setattr(static, "_compress", lambda data, coding: calls.append(coding) or real(data, coding))
    body = static.Body(b"x" * 5000, "text/plain")
    assert body.encoded("gzip") == body.encoded("gzip") and calls == ["gzip"]


def test_the_page_names_no_datatable_or_full_plotly_bundle(client):
    """Nothing on the page is a DataTable (tables are html.Table) and plotly.js is the geo partial build: neither
    bundle Dash registers by default is fetched on a first visit."""
    scripts, _ = visits.page_links(client.get("/").get_data(as_text=True))
    assert not [s for s in scripts if "dash_table/" in s or "plotly.min.js" in s], scripts
    assert press.PLOTLY_URL in scripts


def test_the_page_names_the_links_measure_from_the_first_render(client):
    """A detainer measure's map is taller on a phone (style.css: --map-height): named in the HTML, the map is drawn
    at that height at once (CI saw the map squeezed to 81 px under load until plotly's resize caught up)."""
    for query, lang, measure in (("", "en", "activation"), ("?lang=es&measure=rate", "es", "rate"),
                                 ("?measure=bogus", "en", "activation")):  # fmt: skip
        page = client.get("/" + query).get_data(as_text=True)
        assert f'<html lang="{lang}" data-measure="{measure}">' in page, query
