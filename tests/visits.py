"""A page visit as a browser makes it, with a browser's HTTP cache: what the server sends for a first and a repeat
visit, counted from its responses (status line, headers and body as sent, i.e. compressed), not from timings.

Shared by ``bench/load.py`` (over HTTP, against gunicorn) and the tests (over Flask's test client). What a visit
fetches, in rounds as Chromium sends them (a round's requests go out together, each round after the one before has
answered; :attr:`Browser.gather` sends a round, one request after another by default, over up to six connections in
``bench/load.py``):

1. the page (``/`` with the view's query);
2. every ``<script src>`` and ``<link href>`` (stylesheet, icon, preload) in it;
3. what Dash's renderer asks for once its scripts run: ``/_dash-layout`` and ``/_dash-dependencies`` (preloaded:
   no second request);
4. once the layout is drawn: the lazily loaded dcc chunks (:data:`ASYNC_CHUNKS`), plotly.js's base map
   (:data:`TOPOJSON`) and the county geometry (those preloaded are not asked for again), and the first round of the
   server callbacks a page load fires;
5. the callbacks the first round unblocks (:func:`callback_rounds`: Dash's renderer holds back a callback while an
   input of it is the output of one still pending) and ``render_view`` when the link's view is not the default.
   Callback bodies are built from ``/_dash-dependencies`` by :func:`callback_body` in the shape Chromium sends them
   (see ``bench/README.md``).

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
from functools import lru_cache, partial
from html.parser import HTMLParser

from tests.dashcallbacks import (  # re-exported: the tests and bench/load.py import them from here
    CALLBACK_URL,
    callback_body,
    callback_name,
    callback_rounds,
    fires_on_load,
    on_url,
    server_callbacks,
)

__all__ = ["CALLBACK_URL", "callback_body", "callback_name", "callback_rounds", "fires_on_load", "on_url"]
__all__ += ["server_callbacks", "Browser", "Sent", "decode", "page_links", "page_values"]

#: What Chromium sends on plain HTTP to 127.0.0.1 (captured with the browser; br and zstd included).
BROWSER_ENCODINGS = "gzip, deflate, br, zstd"
#: The dcc chunks Dash's renderer loads on demand for this page's components (slider, dropdown, graph).
ASYNC_CHUNKS = tuple(f"/_dash-component-suites/dash/dcc/async-{c}.js" for c in ("slider", "dropdown", "graph"))
#: The base map plotly.js fetches for the national view (``figures.TOPOJSON_URL``).
TOPOJSON = "/assets/topojson/usa_110m.json"
GEOMETRY = "/geodata/counties.geojson"
#: The media query of the image preload a wide desktop screen takes (dashboard/firstpaint.py: PRELOAD_MEDIA).
WIDE = "(min-width: 1280px)"

#: (status, headers, body size as sent on the wire, decoded body) for (method, path, request headers, JSON or None).
Fetch = Callable[[str, str, dict[str, str], object], tuple[int, dict[str, str], int, bytes]]
#: Sends one round of requests (calls that each make one request through the browser) and returns their results in
#: order, once all have answered.
Gather = Callable[[list[Callable[[], tuple[int, bytes]]]], list[tuple[int, bytes]]]


def one_by_one(calls: list[Callable[[], tuple[int, bytes]]]) -> list[tuple[int, bytes]]:
    """A round sent one request after another (the tests' Flask client has one connection)."""
    return [call() for call in calls]


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
        elif tag == "link" and a.get("rel") == "preload" and a.get("imagesrcset") and a.get("media", WIDE) == WIDE:
            # a responsive image preload (the front page's map as a picture): a wide desktop screen at 1x takes
            # the srcset's first candidate, and skips the one whose media is a phone's
            self.urls.append(a["imagesrcset"].split(",")[0].split()[0])
            self.preloads.append({**a, "href": self.urls[-1]})


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
    urls, preloads = _parsed_links(html)
    return list(urls), [dict(p) for p in preloads]


@lru_cache(maxsize=64)  # bench/load.py's readers load the same few pages thousands of times on the server's cores
def _parsed_links(html: str) -> tuple[tuple[str, ...], tuple[dict[str, str], ...]]:
    parser = _Links()
    parser.feed(html)
    return tuple(dict.fromkeys(parser.urls)), tuple(parser.preloads)


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
    gather: Gather = one_by_one
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
        """Load the page at ``/`` + ``query`` as a browser does, round by round (see the module docstring); return
        what the server sent for it. ``dependencies`` (``/_dash-dependencies``) are fetched when not given."""
        first = len(self.sent)
        self.this_visit.clear()
        status, body = self.get("html", "/" + query)
        if status != 200:
            return self.sent[first:]
        links, _preloads = page_links(body.decode("utf-8", "replace"))
        self.gather([partial(self.get, _kind(url), url) for url in links])
        _layout, got = self.gather([partial(self.get, "layout", "/_dash-layout"),
                                    partial(self.get, "dependencies", "/_dash-dependencies")])  # fmt: skip
        deps = dependencies if dependencies is not None else json.loads(got[1]) if got[0] == 200 else []
        drawn = [partial(self.get, "static", chunk) for chunk in ASYNC_CHUNKS]
        if not any("/topojson/" in url for url in links):  # the page did not preload its base map
            drawn.append(partial(self.get, "static", TOPOJSON))
        drawn.append(partial(self.get, "geometry", GEOMETRY))
        values = page_values(query)
        by_output = {d["output"]: d for d in deps}
        follow: list[dict] = []
        for n, ready in enumerate([*callback_rounds(deps), []]):
            calls = [partial(self._load_callback, dep, values, follow) for dep in ready]
            if follow:  # the controls sync_view set fire render_view, along with what its answer unblocked
                calls.append(partial(self._follow, by_output, values, follow.pop()))
            if calls or n == 0:
                self.gather((drawn if n == 0 else []) + calls)
        return self.sent[first:]

    def _load_callback(self, dep: dict, values: dict[str, object], follow: list[dict]) -> tuple[int, bytes]:
        changed = [f"{i['id']}.{i['property']}" for i in dep["inputs"]]
        status, answer = self.post(callback_name(dep["output"]), CALLBACK_URL, callback_body(dep, values, changed))
        if dep["output"].startswith("..url.search") and status == 200:
            follow.append(json.loads(answer).get("response", {}))
        return status, answer

    def _follow(self, by_output: dict[str, dict], values: dict[str, object], response: dict) -> tuple[int, bytes]:
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
            return self.post(callback_name(render["output"]), CALLBACK_URL, callback_body(render, values, changed))
        return 200, b""


def _kind(url: str) -> str:
    for prefix, kind in ((GEOMETRY, "geometry"), ("/_dash-layout", "layout"), ("/_dash-dependencies", "dependencies")):
        if url.startswith(prefix):
            return kind
    return "static"
