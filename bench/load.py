"""Load test against gunicorn on loopback, driving what readers' browsers send (issue "Repeat visits / the server
under a real mix"). Three parts, one command:

1. visits: one reader loads the page twice (first visit, then a repeat visit with the browser cache); prints the
   bytes the server sent for each (headers + body as sent) and every response of the repeat visit over 1 KB.
2. view changes: ``--view-clients`` (8) readers for ``--view-seconds`` change the state, county or colour mode,
   each change as Chromium sends it: ``sync_view`` (the control), then ``render_view`` and the callbacks on the new
   URL (county card, map table, text alternatives).
3. mix: ``--clients`` (50) readers for ``--seconds`` (60) choose among page loads (everything a browser fetches,
   a new reader with an empty cache ``--new-reader`` of the time, else a repeat visit that revalidates), view
   changes, settled date steps, embeds (page + its scripts + geometry) and CSV/GeoJSON downloads.

Prints p50/p95/max per request kind and overall, per reader action, errors, and worker RSS before and after.

Usage: python bench/load.py [--clients 50] [--seconds 60] [--view-clients 8] [--view-seconds 30] [--workers 2]
Every request goes to 127.0.0.1 only; every loop is bounded in time; the run stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import psutil
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.servers import gunicorn  # noqa: E402  (the same launcher the tests use)
from tests.visits import (  # noqa: E402
    CALLBACK_URL,
    Browser,
    Sent,
    callback_body,
    callback_name,
    decode,
    on_url,
    page_links,
)

STATES = [None, None, "TX", "CA", "NY", "VA", "AK", "IL", "FL", "GA", "WA", "NM"]
COUNTIES = ["48201", "06037", "17031", "04013", "36061", "12086", "53033", "35013", "24510", "51059", "02020"]
MODES = ["cohort", "status"]


def http_fetch(session: requests.Session, base: str):
    """A :data:`tests.visits.Fetch` over HTTP: the body is read as sent (compressed); only HTML and JSON, which the
    reader's next step reads, are decoded (decoding scripts and geometry would only load the benchmark's own CPU,
    which it shares with the server)."""

    def fetch(method: str, path: str, headers: dict[str, str], body: object):
        resp = session.request(method, base + path, headers=headers, json=body, stream=True, timeout=60)
        raw = resp.raw.read(decode_content=False)
        resp.close()
        readable = resp.headers.get("Content-Type", "").startswith(("text/html", "application/json"))
        decoded = decode(raw, resp.headers.get("Content-Encoding")) if readable else b""
        return resp.status_code, dict(resp.headers), len(raw), decoded

    return fetch


def find_store(node: object, store_id: str) -> dict | None:
    """The ``data`` of the dcc.Store ``store_id`` in the serialized layout."""
    if isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict) and props.get("id") == store_id:
            return props.get("data")
        for v in node.values():
            found = find_store(v, store_id)
            if found is not None:
                return found
    elif isinstance(node, list):
        for v in node:
            found = find_store(v, store_id)
            if found is not None:
                return found
    return None


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
        self.browser = Browser(http_fetch(requests.Session(), base))
        self.action_times: list[tuple[str, float, bool]] = []
        self.errors: list[str] = []
        self.search, self.step = "", len(dates) - 1
        self.controls = fresh_controls()
        self.visited = False

    def dep(self, prefix: str) -> dict:
        return next(d for o, d in self.deps.items() if o.startswith(prefix))

    def run(self) -> None:
        while time.monotonic() < self.stop_at:
            action = self.rng.choice(self.actions)
            before = len(self.browser.sent)
            started = time.perf_counter()
            try:
                getattr(self, action)()
            except (requests.RequestException, ValueError, KeyError) as exc:
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
        self.browser.post(callback_name(render["output"]), CALLBACK_URL, callback_body(render, values, [control]))
        self.after_url(values)

    def after_url(self, values: dict[str, object]) -> None:
        """The server callbacks on the new ``url.search`` (county card, text alternatives, map table while closed)."""
        values = {**values, "map-table-details.open": False}
        for dep in on_url(list(self.deps.values())):
            body = callback_body(dep, values, ["url.search"])
            self.browser.post(callback_name(dep["output"]), CALLBACK_URL, body)

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
        date = self.rng.choice(self.dates)
        path = self.rng.choice([f"/embed/map?date={date}", f"/embed/timeline?date={date}&state=TX",
                                f"/embed/county/{self.rng.choice(COUNTIES)}?date={date}",
                                f"/embed/map?date={date}&state={self.rng.choice(STATES[2:])}"])  # fmt: skip
        status, body = self.browser.get("embed", path)
        if status == 200:
            for url in page_links(body.decode("utf-8", "replace"))[0]:
                self.browser.get("static", url)
            if "/embed/map" in path:
                self.browser.get("geometry", "/geodata/counties.geojson")

    def download(self) -> None:
        kind = self.rng.choice(["csv", "csv", "geojson"])
        state = self.rng.choice(STATES)
        query = f"?date={self.rng.choice(self.dates)}" + (f"&state={state}" if state else "")
        self.browser.get(f"download_{kind}", f"/download/counties.{kind}{query}")


def workers(port: str) -> list[psutil.Process]:
    """The gunicorn workers behind the master listening on ``port``."""
    for conn in psutil.net_connections(kind="tcp"):
        if conn.status == psutil.CONN_LISTEN and conn.laddr.port == int(port) and conn.pid:
            proc = psutil.Process(conn.pid)
            parent = proc.parent()
            # Workers share the listening socket, so the listener may be a worker: walk up to the master.
            master = parent if parent and "gunicorn" in " ".join(parent.cmdline()) else proc
            return master.children()
    return []


def worker_rss(port: str) -> list[float]:
    """RSS (MiB) of each gunicorn worker."""
    return sorted(w.memory_info().rss / 2**20 for w in workers(port))


def cpu_seconds(procs: list[psutil.Process]) -> float:
    return sum(sum(p.cpu_times()[:2]) for p in procs)


def load_text() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def pct(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def table(title: str, rows: dict[str, list[float]]) -> None:
    print(f"  {title:<22}{'count':>8}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    everything: list[float] = []
    for kind, secs in sorted(rows.items()):
        ms = [s * 1000 for s in secs]
        everything += ms
        print(f"  {kind:<22}{len(ms):>8,}{pct(ms, 50):>10.1f}{pct(ms, 95):>10.1f}{max(ms):>10.1f}")
    print(f"  {'all':<22}{len(everything):>8,}{pct(everything, 50):>10.1f}{pct(everything, 95):>10.1f}"
          f"{max(everything, default=float('nan')):>10.1f}")  # fmt: skip


def run_readers(base: str, deps: list[dict], dates: list[str], actions: list[str], clients: int, seconds: float,
                new_reader: float) -> tuple[list[Reader], float]:  # fmt: skip
    stop_at = time.monotonic() + seconds
    readers = [Reader(base, deps, dates, actions, stop_at, seed, new_reader) for seed in range(clients)]
    t0 = time.perf_counter()
    for r in readers:
        r.start()
    for r in readers:
        r.join(timeout=seconds + 120)
    return readers, time.perf_counter() - t0


def report(name: str, readers: list[Reader], wall: float, cpu: tuple[float, float]) -> int:
    sent: list[Sent] = [s for r in readers for s in r.browser.sent]
    errors = [e for r in readers for e in r.errors]
    by_kind: dict[str, list[float]] = defaultdict(list)
    for s in sent:
        by_kind[s.kind].append(s.seconds)
    by_action: dict[str, list[float]] = defaultdict(list)
    for r in readers:
        for action, secs, _ok in r.action_times:
            by_action[action].append(secs)
    print(f"{name}: {len(readers)} readers, {wall:.1f} s; {len(sent):,} requests = {len(sent) / wall:.1f}/s; "
          f"{sum(len(v) for v in by_action.values()):,} reader actions; errors: {len(errors)}; load average "
          f"{load_text()}")  # fmt: skip
    print(f"  CPU used: gunicorn workers {cpu[0]:.1f} s ({1000 * cpu[0] / max(len(sent), 1):.1f} ms a request), "
          f"this benchmark's clients {cpu[1]:.1f} s, in {wall:.1f} s on {os.cpu_count()} cores")  # fmt: skip
    table("request kind", by_kind)
    table("reader action", by_action)
    if errors:
        print(f"  first errors: {errors[:5]}")
    return len(errors)


def visits(base: str) -> None:
    browser = Browser(http_fetch(requests.Session(), base))
    first = browser.visit("")
    repeat = browser.visit("")
    kb = [sum(s.wire_bytes for s in v) / 1024 for v in (first, repeat)]
    answered = sum(s.status == 304 for s in repeat)
    print(f"visits: first {kb[0]:,.1f} KB in {len(first)} requests; repeat {kb[1]:,.1f} KB in {len(repeat)} "
          f"requests ({answered} answered 304; the rest from cache without a request)")  # fmt: skip
    for s in first:
        if s.wire_bytes > 10 * 1024:
            print(f"  first visit:  {s.status} {s.wire_bytes / 1024:7.1f} KB  {s.path[:90]}")
    for s in repeat:
        if s.wire_bytes > 1024:
            print(f"  repeat visit: {s.status} {s.wire_bytes / 1024:7.1f} KB  {s.path[:90]}")
    gzip_only = Browser(http_fetch(requests.Session(), base), encodings="gzip, deflate").visit("")
    print(f"  first visit offering only gzip, deflate: {sum(s.wire_bytes for s in gzip_only) / 1024:,.1f} KB")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--view-clients", type=int, default=8)
    ap.add_argument("--view-seconds", type=float, default=30)
    ap.add_argument("--new-reader", type=float, default=0.25, help="share of page loads with an empty cache")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    errors = 0
    with gunicorn(workers=args.workers) as base:
        port = base.rsplit(":", 1)[1]
        session = requests.Session()
        for path in ("/", "/_dash-layout", "/_dash-dependencies"):  # warm-up, sequential
            session.get(base + path, timeout=30)
        deps = session.get(base + "/_dash-dependencies", timeout=30).json()
        dates = find_store(session.get(base + "/_dash-layout", timeout=30).json(), "coverage-store")["dates"][1:]
        start_rss = worker_rss(port)
        print(f"gunicorn: {args.workers} workers on loopback; worker RSS after start: "
              f"{', '.join(f'{r:.0f} MiB' for r in start_rss)}; load average {load_text()}")  # fmt: skip
        visits(base)
        procs, me = workers(port), psutil.Process()

        def phase(name: str, actions: list[str], clients: int, seconds: float, new_reader: float) -> int:
            before = cpu_seconds(procs), cpu_seconds([me])
            readers, wall = run_readers(base, deps, dates, actions, clients, seconds, new_reader)
            used = cpu_seconds(procs) - before[0], cpu_seconds([me]) - before[1]
            return report(name, readers, wall, used)

        errors += phase(f"view changes ({args.view_clients} readers)", ["view_change"], args.view_clients,
                        args.view_seconds, 0)  # fmt: skip
        mix = ["page", "page", "view_change", "view_change", "date_step", "date_step", "embed", "download"]
        errors += phase(f"mix ({args.clients} readers)", mix, args.clients, args.seconds, args.new_reader)
        end_rss = worker_rss(port)
        print(f"worker RSS start -> end: {', '.join(f'{r:.0f}' for r in start_rss)} -> "
              f"{', '.join(f'{r:.0f}' for r in end_rss)} MiB")  # fmt: skip
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
