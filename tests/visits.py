"""A page visit as a browser makes it, with a browser's HTTP cache: what the server sends for a first and a repeat
visit, counted from its responses (status line, headers and body as sent, i.e. compressed), not from timings.

Shared by ``bench/load.py`` (over HTTP, against gunicorn) and the tests (over Flask's test client). What a visit
fetches, in the order a browser finds it:

1. the page (``/`` with the view's query);
2. every ``<script src>`` and ``<link href>`` (stylesheet, preload) in it;
3. what Dash's renderer asks for once its scripts run: ``/_dash-layout``, ``/_dash-dependencies``, the lazily
   loaded dcc chunks (:data:`ASYNC_CHUNKS`) and the favicon;
4. what plotly.js fetches to draw the map: the base map (:data:`TOPOJSON`) and the county geometry;
5. the server callbacks a page load fires (built from ``/_dash-dependencies`` by :func:`callback_body` in the shape
   Chromium sends them; see ``bench/README.md``).

The cache follows RFC 9111 as Chromium applies it: a response with ``max-age`` (``immutable`` or not) is reused
without a request while fresh; one with an ``ETag`` or ``Last-Modified`` is revalidated with ``If-None-Match`` /
``If-Modified-Since``; anything else is fetched again. Within one benchmark run nothing expires.
"""

from __future__ import annotations

import gzip
import json
import re
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: What Chromium sends on plain HTTP to 127.0.0.1 (captured with the browser; br and zstd included).
BROWSER_ENCODINGS = "gzip, deflate, br, zstd"
#: The dcc chunks Dash's renderer loads on demand for this page's components (slider, dropdown, graph).
ASYNC_CHUNKS = tuple(f"/_dash-component-suites/dash/dcc/async-{c}.js" for c in ("slider", "dropdown", "graph"))
#: The base map plotly.js fetches for the national view (``figures.TOPOJSON_URL``).
TOPOJSON = "/assets/topojson/usa_110m.json"
GEOMETRY = "/geodata/counties.geojson"
CALLBACK_URL = "/_dash-update-component"

#: (status, headers, body size as sent on the wire, decoded body) for (method, path, request headers, JSON or None).
Fetch = Callable[[str, str, dict[str, str], object], tuple[int, dict[str, str], int, bytes]]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.preloads: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "link" and a.get("href") and a.get("rel") in ("stylesheet", "preload", "icon"):
            self.urls.append(a["href"])
            if a.get("rel") == "preload":
                self.preloads.append(a)


def decode(body: bytes, content_encoding: str | None) -> bytes:
    """The body a browser gets out of a response sent with ``Content-Encoding`` (gzip, deflate, br or zstd)."""
    enc = (content_encoding or "").strip().lower()
    if enc in ("", "identity"):
        return body
    if enc == "gzip":
        return gzip.decompress(body)
    if enc == "deflate":
        return zlib.decompress(body)
    if enc == "br":
        import brotli

        return brotli.decompress(body)
    if enc == "zstd":
        try:
            from compression import zstd  # Python 3.14
        except ImportError:
            from backports import zstd  # what Flask-Compress brings before 3.14
        return zstd.decompress(body)
    raise ValueError(f"unknown Content-Encoding {content_encoding!r}")


def page_links(html: str) -> tuple[list[str], list[dict[str, str]]]:
    """The URLs a browser fetches from the page's markup (deduplicated, in order), and its preload links."""
    parser = _Links()
    parser.feed(html)
    return list(dict.fromkeys(parser.urls)), parser.preloads


def _outputs(output: str) -> object:
    parts = [{"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]} for o in output.strip(".").split("...")]
    return parts if output.startswith("..") else parts[0]


def callback_body(dep: dict, values: dict[str, object], changed: list[str]) -> dict:
    """A ``/_dash-update-component`` body as Dash's renderer sends it for callback ``dep`` (an entry of
    ``/_dash-dependencies``): a property the page has no value for is sent without ``value``, as the browser does."""

    def filled(items: list[dict]) -> list[dict]:
        out = []
        for i in items:
            key = f"{i['id']}.{i['property']}"
            out.append({"id": i["id"], "property": i["property"], **({"value": values[key]} if key in values else {})})
        return out

    return {
        "output": dep["output"],
        "outputs": _outputs(dep["output"]),
        "inputs": filled(dep["inputs"]),
        "changedPropIds": changed,
        "parsedChangedPropsIds": changed,
        **({"state": filled(dep["state"])} if dep.get("state") else {}),
    }


def page_values(search: str, step: int | None = None) -> dict[str, object]:
    """The control values a freshly loaded page reports with its first callbacks (as captured from Chromium)."""
    values: dict[str, object] = {
        "url.search": search,
        "county.value": None,
        "compare.value": [],
        "state.value": None,
        "mode.value": "cohort",
        "measure.value": "activation",
        "map-table-details.open": False,
    }
    if step is not None:
        values["date-slider.value"] = step
    return values


@dataclass
class Sent:
    """One response: what it was for, its status, its size on the wire and how long it took."""

    kind: str
    path: str
    status: int
    wire_bytes: int
    seconds: float


def wire_size(status: int, headers: dict[str, str], body_bytes: int) -> int:
    """Bytes on the wire for an HTTP/1.1 response: status line, headers, blank line, body as sent."""
    return len(f"HTTP/1.1 {status} X\r\n") + sum(len(k) + len(v) + 4 for k, v in headers.items()) + 2 + body_bytes


@dataclass
class Browser:
    """One reader's browser: an HTTP cache that survives between visits, and a record of what was sent."""

    fetch: Fetch
    encodings: str = BROWSER_ENCODINGS
    cache: dict[str, dict] = field(default_factory=dict)  # path -> caching headers and the decoded body
    sent: list[Sent] = field(default_factory=list)
    this_visit: set[str] = field(default_factory=set)

    def get(self, kind: str, path: str) -> tuple[int, bytes]:
        """GET ``path`` through the cache: (status, body), where a body from the cache (fresh, revalidated with a 304,
        or already fetched during this page load, as a preloaded URL is) comes with status 200. Only what reached
        the server is recorded in :attr:`sent`."""
        cached = self.cache.get(path)
        if path in self.this_visit and cached is not None:
            return 200, cached["body"]
        self.this_visit.add(path)
        headers = {"Accept-Encoding": self.encodings}
        if cached is not None:
            cc = cached.get("Cache-Control", "")
            if re.search(r"max-age=[1-9]", cc) and "no-cache" not in cc:
                return 200, cached["body"]  # fresh: no request at all
            if "ETag" in cached:
                headers["If-None-Match"] = cached["ETag"]
            if "Last-Modified" in cached:
                headers["If-Modified-Since"] = cached["Last-Modified"]
        status, body = self._send(kind, "GET", path, headers, None)
        if status == 304 and cached is not None:
            return 200, cached["body"]
        return status, body

    def post(self, kind: str, path: str, body: object) -> tuple[int, bytes]:
        headers = {"Accept-Encoding": self.encodings, "Content-Type": "application/json"}
        return self._send(kind, "POST", path, headers, body)

    def _send(self, kind: str, method: str, path: str, headers: dict[str, str], body: object) -> tuple[int, bytes]:
        started = time.perf_counter()
        status, resp_headers, size, decoded = self.fetch(method, path, headers, body)
        resp_headers = dict(resp_headers)
        self.sent.append(Sent(kind, path, status, wire_size(status, resp_headers, size), time.perf_counter() - started))
        if method == "GET" and status == 200:
            keep = ("Cache-Control", "ETag", "Last-Modified")
            self.cache[path] = {**{k: v for k, v in resp_headers.items() if k in keep}, "body": decoded}
        return status, decoded

    def forget(self) -> None:
        """A new reader: an empty cache."""
        self.cache.clear()

    def visit(self, query: str, dependencies: list[dict] | None = None) -> list[Sent]:
        """Load the page at ``/`` + ``query`` as a browser does (see the module docstring); return what the server
        sent for it. ``dependencies`` (``/_dash-dependencies``) are fetched when not given."""
        first = len(self.sent)
        self.this_visit.clear()
        status, body = self.get("html", "/" + query)
        if status != 200:
            return self.sent[first:]
        links, _preloads = page_links(body.decode("utf-8", "replace"))
        for url in links:
            self.get(_kind(url), url)
        self.get("layout", "/_dash-layout")
        got = self.get("dependencies", "/_dash-dependencies")
        deps = dependencies if dependencies is not None else json.loads(got[1]) if got[0] == 200 else None
        for chunk in ASYNC_CHUNKS:
            self.get("static", chunk)
        if not any("/topojson/" in url for url in links):  # the page did not preload its base map
            self.get("static", TOPOJSON)
        self.get("geometry", GEOMETRY)
        values = page_values(query)
        by_output = {d["output"]: d for d in deps or []}
        for output, dep in by_output.items():
            if fires_on_load(dep):
                changed = [f"{i['id']}.{i['property']}" for i in dep["inputs"]]
                status, answer = self.post(callback_name(output), CALLBACK_URL, callback_body(dep, values, changed))
                if output.startswith("..url.search") and status == 200:
                    self._follow(by_output, values, json.loads(answer).get("response", {}))
        return self.sent[first:]

    def _follow(self, by_output: dict[str, dict], values: dict[str, object], response: dict) -> None:
        """A link whose view differs from the default (a state, county, comparison or mode): the controls
        ``sync_view`` set fire ``render_view``, as in the browser."""
        changed = []
        for control, prop in (
            ("state", "value"), ("county", "value"), ("compare", "value"), ("mode", "value"), ("measure", "value")
        ):  # fmt: skip
            if prop in response.get(control, {}):
                values[f"{control}.{prop}"] = response[control][prop]
                changed.append(f"{control}.{prop}")
        render = next((d for o, d in by_output.items() if o.startswith("..map.figure")), None)
        if changed and render is not None:
            self.post(callback_name(render["output"]), CALLBACK_URL, callback_body(render, values, changed))


def server_callbacks(deps: list[dict]) -> list[dict]:
    return [d for d in deps if not d.get("clientside_function")]


def fires_on_load(dep: dict) -> bool:
    """A server callback Chromium sends on a page load: an initial call, or one on the URL (Location reports it)."""
    on_url = any(f"{i['id']}.{i['property']}" == "url.search" for i in dep["inputs"])
    return not dep.get("clientside_function") and (not dep.get("prevent_initial_call") or on_url)


def on_url(deps: list[dict]) -> list[dict]:
    """The server callbacks a new ``url.search`` fires (all with it as an input but the one that wrote it)."""
    return [
        d
        for d in server_callbacks(deps)
        if any(f"{i['id']}.{i['property']}" == "url.search" for i in d["inputs"]) and "url.search" not in d["output"]
    ]


def _kind(url: str) -> str:
    for prefix, kind in ((GEOMETRY, "geometry"), ("/_dash-layout", "layout"), ("/_dash-dependencies", "dependencies")):
        if url.startswith(prefix):
            return kind
    return "static"


#: The function behind each server callback of the page (``dashboard/callbacks/``, ``dashboard/captions.py``), by the
#: first of its outputs.
CALLBACK_NAMES = {
    "url.search": "sync_view",
    "map.figure": "render_view",
    "county-card.children": "county_card",  # since merged with the next two into from_url
    "map-table.children": "map_table",
    "map-alt.children": "text_alternatives",
    "county.options": "search_options",
    "compare.options": "search_options",
    "county.value": "click_county",
}


def callback_name(output: str) -> str:
    """``cb:<function>`` for a callback's output key (``..map.figure...timeline.figure..`` -> ``cb:render_view``)."""
    first = output.strip(".").split("...")[0]
    if first == "county-card.children" and output.startswith(".."):
        return "cb:from_url"
    return "cb:" + CALLBACK_NAMES.get(first, first)
