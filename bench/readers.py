"""The readers of ``bench/load.py``: each a thread with its own browser (``tests/visits.py``: HTTP cache, page loads
in rounds) and up to six keep-alive connections (:class:`Connections`), doing reader actions until told to stop."""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import requests

from tests.visits import (
    CALLBACK_URL,
    GEOMETRY,
    TOPOJSON,
    Browser,
    callback_body,
    callback_name,
    decode,
    on_url,
    page_links,
)

STATES = [None, None, "TX", "CA", "NY", "VA", "AK", "IL", "FL", "GA", "WA", "NM"]
COUNTIES = ["48201", "06037", "17031", "04013", "36061", "12086", "53033", "35013", "24510", "51059", "02020"]
MODES = ["cohort", "status"]


#: Connections Chromium opens to one host over HTTP/1.1 (its per-host limit).
CONNECTIONS = 6


def http_fetch(session: requests.Session, base: str):
    """A :data:`tests.visits.Fetch` over HTTP with ``requests`` (the visits part): the body is read as sent
    (compressed); only HTML and JSON, which the reader's next step reads, are decoded (decoding scripts and geometry
    would only load the benchmark's own CPU, which it shares with the server)."""

    def fetch(method: str, path: str, headers: dict[str, str], body: object):
        resp = session.request(method, base + path, headers=headers, json=body, stream=True, timeout=60)
        raw = resp.raw.read(decode_content=False)
        resp.close()
        return resp.status_code, dict(resp.headers), len(raw), _readable(resp.headers, raw)

    return fetch


def _readable(headers, raw: bytes) -> bytes:
    readable = headers.get("Content-Type", "").startswith(("text/html", "application/json"))
    return decode(raw, headers.get("Content-Encoding")) if readable else b""


#: What ``requests`` adds to every request (and so did the readers when they used it).
DEFAULT_HEADERS = {"User-Agent": f"python-requests/{requests.__version__}", "Accept": "*/*", "Connection": "keep-alive"}


class Connection:
    """One keep-alive HTTP/1.1 connection, with ``http.client`` (about a third of the CPU ``requests`` takes per
    request: the readers share the server's two cores). It sends the headers ``requests`` sent and the JSON body as
    ``requests`` writes it; a request that meets the server's close of an idle keep-alive connection (gunicorn: 2 s)
    is sent once more on a new connection, as Chromium does (the server never read it)."""

    def __init__(self, base: str) -> None:
        host, port = base.split("://", 1)[1].rsplit(":", 1)
        self.host, self.port = host, int(port)
        self.conn: http.client.HTTPConnection | None = None

    def fetch(self, method: str, path: str, headers: dict[str, str], body: object):
        data = None if body is None else json.dumps(body, allow_nan=False).encode("utf-8")
        sent = {**DEFAULT_HEADERS, **headers}
        if data is not None:
            sent.setdefault("Content-Type", "application/json")
        for attempt in (1, 2):
            reused = self.conn is not None
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            try:
                self.conn.request(method, path, body=data, headers=sent)
                resp = self.conn.getresponse()
                raw = resp.read()
            except (http.client.RemoteDisconnected, ConnectionError, http.client.BadStatusLine):
                self.conn.close()
                self.conn = None
                if reused and attempt == 1:
                    continue
                raise
            if resp.will_close:
                self.conn.close()
                self.conn = None
            resp_headers = dict(resp.getheaders())
            return resp.status, resp_headers, len(raw), _readable(resp_headers, raw)
        raise AssertionError("unreachable")


class Connections:
    """One reader's keep-alive connections to the server, at most :data:`CONNECTIONS`, as Chromium opens them: a
    round of requests (:meth:`gather`) goes out over all of them at once, the rest wait for a free connection; a
    single request takes a free one."""

    def __init__(self, base: str, n: int = CONNECTIONS) -> None:
        self.base, self.local = base, threading.local()
        self.pool = ThreadPoolExecutor(max_workers=n, initializer=self._open)

    def _open(self) -> None:
        self.local.fetch = Connection(self.base).fetch

    def fetch(self, method: str, path: str, headers: dict[str, str], body: object):
        own = getattr(self.local, "fetch", None)
        if own is None:  # the reader's own thread: the request goes out on one of its connections
            return self.pool.submit(self.fetch, method, path, headers, body).result()
        return own(method, path, headers, body)

    def gather(self, calls: list) -> list:
        futures = [self.pool.submit(call) for call in calls]
        return [f.result() for f in futures]

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


def fresh_controls() -> dict[str, object]:
    """The control values of a freshly loaded page (the default view)."""
    return {"county.value": None, "compare.value": [], "state.value": None, "mode.value": "cohort",
            "measure.value": "activation"}  # fmt: skip


class Reader(threading.Thread):
    """One reader with one browser (keep-alive connection, HTTP cache), acting until ``stop_at``."""

    def __init__(self, base: str, deps: list[dict], dates: list[str], actions: list[str], stop_at: float,
                 seed: int, new_reader: float) -> None:  # fmt: skip
        super().__init__(daemon=True)
        self.rng = random.Random(seed)
        self.deps = {d["output"]: d for d in deps if not d.get("clientside_function")}
        self.dates, self.actions, self.stop_at, self.new_reader = dates, actions, stop_at, new_reader
        self.connections = Connections(base)
        self.browser = Browser(self.connections.fetch, gather=self.connections.gather)
        self.action_times: list[tuple[str, float, bool]] = []
        self.errors: list[str] = []
        self.search, self.step = "", len(dates) - 1
        self.controls = fresh_controls()
        self.visited = False

    def dep(self, prefix: str) -> dict:
        return next(d for o, d in self.deps.items() if o.startswith(prefix))

    def run(self) -> None:
        try:
            self.act()
        finally:
            self.connections.close()

    def act(self) -> None:
        while time.monotonic() < self.stop_at:
            action = self.rng.choice(self.actions)
            before = len(self.browser.sent)
            started = time.perf_counter()
            try:
                getattr(self, action)()
            except (requests.RequestException, OSError, http.client.HTTPException, ValueError, KeyError) as exc:
                self.errors.append(f"{action}: {type(exc).__name__}: {exc}"[:200])
            sent = self.browser.sent[before:]
            ok = all(s.status < 400 for s in sent)
            self.errors += [f"{s.kind} {s.path[:60]} -> {s.status}" for s in sent if s.status >= 400]
            self.action_times.append((action, time.perf_counter() - started, ok))

    # --- reader actions ---------------------------------------------------------------------------------
    def page(self) -> None:
        if not self.visited or self.rng.random() < self.new_reader:
            self.browser.forget()
        self.visited = True
        self.search = self.rng.choice(["", f"?date={self.rng.choice(self.dates)}"])
        self.step = self.dates.index(self.search[6:]) + 1 if self.search else len(self.dates)
        self.controls = fresh_controls()
        self.browser.visit(self.search, list(self.deps.values()))

    def view_change(self) -> None:
        """Change one control (state, county or mode) as a reader does, then the callbacks that follow it."""
        control = self.rng.choice(["state.value", "county.value", "mode.value"])
        new = {"state.value": lambda: self.rng.choice(STATES), "county.value": lambda: self.rng.choice(COUNTIES),
               "mode.value": lambda: self.rng.choice(MODES)}[control]()  # fmt: skip
        self.controls[control] = new
        values = {"url.search": self.search, **self.controls, "date-slider.value": self.step}
        if self.step != len(self.dates):
            values["committed-date.data"] = self.step
        sync = self.dep("..url.search")
        body = callback_body(sync, values, [control])
        status, answer = self.browser.post(callback_name(sync["output"]), CALLBACK_URL, body)
        if status != 200:
            return
        resp = json.loads(answer)["response"]
        for key in ("state", "county", "compare", "mode"):
            if "value" in resp.get(key, {}):
                self.controls[f"{key}.value"] = resp[key]["value"]
        self.search = resp.get("url", {}).get("search", self.search)
        values = {**values, **self.controls, "url.search": self.search}
        render = self.dep("..map.figure")
        body = callback_body(render, values, [control])
        # render_view waited for sync_view (its inputs are sync_view's outputs); it goes out with the callbacks on
        # the new URL, in parallel, as in the browser
        self.after_url(values, [partial(self.browser.post, callback_name(render["output"]), CALLBACK_URL, body)])

    def after_url(self, values: dict[str, object], also: list | None = None) -> None:
        """The server callbacks on the new ``url.search`` (county card, text alternatives, map table while closed),
        sent together (with ``also``)."""
        values = {**values, "map-table-details.open": False}
        calls = list(also or [])
        for dep in on_url(list(self.deps.values())):
            body = callback_body(dep, values, ["url.search"])
            calls.append(partial(self.browser.post, callback_name(dep["output"]), CALLBACK_URL, body))
        self.browser.gather(calls)

    def date_step(self) -> None:
        """A settled date step: the browser recolours the map itself and commits the step; the server writes
        the URL (``sync_view``) and the callbacks on the new URL follow."""
        self.step = self.rng.randrange(1, len(self.dates) + 1)
        values = {"url.search": self.search, **self.controls, "committed-date.data": self.step,
                  "date-slider.value": self.step}  # fmt: skip
        sync = self.dep("..url.search")
        body = callback_body(sync, values, ["committed-date.data"])
        status, answer = self.browser.post(callback_name(sync["output"]), CALLBACK_URL, body)
        if status == 200:
            self.search = json.loads(answer)["response"].get("url", {}).get("search", self.search)
            self.after_url({**values, "url.search": self.search})

    def embed(self) -> None:
        """An embed: the page, then its stylesheet and scripts together, then what plotly.js fetches to draw a map
        (the county geometry and the base map: the world's for a state, as plotly.js draws a state)."""
        date = self.rng.choice(self.dates)
        path = self.rng.choice([f"/embed/map?date={date}", f"/embed/timeline?date={date}&state=TX",
                                f"/embed/county/{self.rng.choice(COUNTIES)}?date={date}",
                                f"/embed/map?date={date}&state={self.rng.choice(STATES[2:])}"])  # fmt: skip
        self.browser.this_visit.clear()
        status, body = self.browser.get("embed", path)
        if status == 200:
            links = page_links(body.decode("utf-8", "replace"))[0]
            self.browser.gather([partial(self.browser.get, "static", url) for url in links])
            if "/embed/map" in path:
                base_map = f"{TOPOJSON.rsplit('/', 1)[0]}/{'world' if '&state=' in path else 'usa'}_110m.json"
                self.browser.gather([partial(self.browser.get, "geometry", GEOMETRY),
                                     partial(self.browser.get, "static", base_map)])  # fmt: skip

    def download(self) -> None:
        kind = self.rng.choice(["csv", "csv", "geojson"])
        state = self.rng.choice(STATES)
        query = f"?date={self.rng.choice(self.dates)}" + (f"&state={state}" if state else "")
        self.browser.this_visit.clear()  # a download is asked for anew, even one this reader fetched before
        self.browser.get(f"download_{kind}", f"/download/counties.{kind}{query}")
