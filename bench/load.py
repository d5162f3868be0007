"""Bounded load test against gunicorn on loopback (issue #5): 50 clients for 60 s, mixing page loads, settled
date steps, county searches and downloads. Prints throughput, latency percentiles, errors, and worker memory at
start, during and at the end (to show whether it grows).

Usage: python bench/load.py [--clients 50] [--seconds 60] [--workers 2]
Every request goes to 127.0.0.1 only; the run stops by itself. Not part of the test suite.
"""

from __future__ import annotations

import argparse
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

SEARCHES = ["harris", "los ang", "cook il", "dona ana", "st louis", "baltimore", "king wa", "maricopa", "miami"]
STATES = ["", "TX", "CA", "NY", "VA", "AK", "IL"]


def _callback_shapes(base: str) -> dict[str, dict]:
    deps = requests.get(f"{base}/_dash-dependencies", timeout=10).json()
    return {d["output"]: d for d in deps if not d.get("clientside_function")}


def _outputs(output: str) -> object:
    parts = [{"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]} for o in output.strip(".").split("...")]
    return parts if output.startswith("..") else parts[0]


def _payload(dep: dict, values: dict[str, object], changed: str) -> dict:
    def filled(items: list[dict]) -> list[dict]:
        return [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in items]

    return {
        "output": dep["output"],
        "outputs": _outputs(dep["output"]),
        "inputs": filled(dep["inputs"]),
        "state": filled(dep["state"]),
        "changedPropIds": [changed],
    }


class Client(threading.Thread):
    def __init__(self, base: str, shapes: dict[str, dict], stop_at: float, seed: int, results: dict) -> None:
        super().__init__(daemon=True)
        self.base, self.stop_at, self.rng, self.results = base, stop_at, random.Random(seed), results
        self.sync = next(d for o, d in shapes.items() if o.startswith("..url.search"))
        self.search = next(d for o, d in shapes.items() if o.startswith("county.options"))
        self.session = requests.Session()

    def record(self, kind: str, started: float, resp: requests.Response | None, error: str = "") -> None:
        ok = resp is not None and resp.status_code < 400 and not error
        self.results[kind].append((time.perf_counter() - started, ok, error or (resp.status_code if resp else "")))

    def run(self) -> None:
        actions = [self.page, self.step, self.step, self.step, self.search_county, self.download]
        while time.monotonic() < self.stop_at:
            action = self.rng.choice(actions)
            started = time.perf_counter()
            try:
                action(started)
            except requests.RequestException as exc:
                self.record(action.__name__, started, None, type(exc).__name__)

    def page(self, started: float) -> None:
        for path in ("/", "/_dash-layout", "/_dash-dependencies"):
            resp = self.session.get(self.base + path, headers={"Accept-Encoding": "gzip"}, timeout=30)
            if resp.status_code >= 400:
                break
        self.record("page", started, resp)

    def step(self, started: float) -> None:
        idx = self.rng.randrange(156)
        values = {"url.search": "", "committed-date.data": idx, "county.value": None, "compare.value": [],
                  "state.value": self.rng.choice(STATES) or None, "mode.value": "cohort"}  # fmt: skip
        resp = self.session.post(f"{self.base}/_dash-update-component",
                                 json=_payload(self.sync, values, "committed-date.data"), timeout=30)  # fmt: skip
        self.record("step", started, resp)

    def search_county(self, started: float) -> None:
        values = {"county.search_value": self.rng.choice(SEARCHES), "county.value": None}
        resp = self.session.post(f"{self.base}/_dash-update-component",
                                 json=_payload(self.search, values, "county.search_value"), timeout=30)  # fmt: skip
        self.record("search_county", started, resp)

    def download(self, started: float) -> None:
        state = self.rng.choice(STATES)
        query = f"?date=2011-02-01&state={state}" if state else "?date=2011-02-01"
        resp = self.session.get(f"{self.base}/download/counties.csv{query}", timeout=30)
        self.record("download", started, resp)


def worker_rss(port: str) -> list[float]:
    """RSS (MiB) of each gunicorn worker behind the master listening on ``port``."""
    for conn in psutil.net_connections(kind="tcp"):
        if conn.status == psutil.CONN_LISTEN and conn.laddr.port == int(port) and conn.pid:
            proc = psutil.Process(conn.pid)
            parent = proc.parent()
            # Workers share the listening socket, so the listener may be a worker: walk up to the master.
            master = parent if parent and "gunicorn" in " ".join(parent.cmdline()) else proc
            return sorted(w.memory_info().rss / 2**20 for w in master.children())
    return []


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else (values[0] if values else float("nan"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    with gunicorn(workers=args.workers) as base:
        port = base.rsplit(":", 1)[1]
        shapes = _callback_shapes(base)
        requests.get(base + "/", timeout=10)  # warm-up
        start_rss = worker_rss(port)
        results: dict[str, list] = defaultdict(list)
        stop_at = time.monotonic() + args.seconds
        t0 = time.perf_counter()
        clients = [Client(base, shapes, stop_at, seed, results) for seed in range(args.clients)]
        for c in clients:
            c.start()
        samples = [(0.0, start_rss)]
        while any(c.is_alive() for c in clients):
            time.sleep(min(10.0, max(0.1, stop_at - time.monotonic())))
            samples.append((time.perf_counter() - t0, worker_rss(port)))
        wall = time.perf_counter() - t0
        end_rss = worker_rss(port)
    total = sum(len(v) for v in results.values())
    errors = [(k, e) for k, v in results.items() for _, ok, e in v if not ok]
    print(f"load: {args.clients} clients x {args.seconds:.0f} s against gunicorn ({args.workers} workers) on loopback")
    print(f"  requests (user actions): {total:,} in {wall:.1f} s = {total / wall:.1f} actions/s; errors: {len(errors)}")
    print(f"  {'action':<14}{'count':>8}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    everything = []
    for kind, rows in sorted(results.items()):
        ms = [r[0] * 1000 for r in rows]
        everything += ms
        print(f"  {kind:<14}{len(ms):>8,}{pct(ms, 50):>10.1f}{pct(ms, 95):>10.1f}{max(ms):>10.1f}")
    print(f"  {'all':<14}{len(everything):>8,}{pct(everything, 50):>10.1f}{pct(everything, 95):>10.1f}"
          f"{max(everything):>10.1f}")  # fmt: skip
    for when, rss in samples:
        print(f"  worker RSS at {when:5.1f} s: {', '.join(f'{r:.0f} MiB' for r in rss)}")
    print(f"  worker RSS start -> end: {[round(r) for r in start_rss]} -> {[round(r) for r in end_rss]} MiB")
    if errors:
        print(f"  first errors: {errors[:5]}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
