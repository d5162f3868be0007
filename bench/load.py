"""Load test against gunicorn on loopback, driving what readers' browsers send (issue "Repeat visits / the server
under a real mix"). Three parts, one command:

1. visits: one reader loads the page twice (first visit, then a repeat visit with the browser cache); prints the
   bytes the server sent for each (headers + body as sent) and every response of the repeat visit over 1 KB.
2. view changes: ``--view-clients`` (8) readers for ``--view-seconds`` change the state, county or colour mode,
   each change as Chromium sends it: ``sync_view`` (the control), then ``render_view`` and the callbacks on the new
   URL (county card, map table, text alternatives) together.
3. mix: ``--clients`` (50) readers for ``--seconds`` (60) choose among page loads (everything a browser fetches,
   a new reader with an empty cache ``--new-reader`` of the time, else a repeat visit that revalidates), view
   changes, settled date steps, embeds (page + its scripts + geometry) and CSV/GeoJSON downloads.

Each reader sends what a browser sends in the rounds a browser sends it, over up to six connections
(``bench/readers.py``, ``tests/visits.py``; bench/README.md says what an action is). Prints p50/p95/max per request
kind and overall, per reader action, errors, and worker RSS before and after.

Usage: python bench/load.py [--clients 50] [--seconds 60] [--view-clients 8] [--view-seconds 30] [--workers 2]
Every request goes to 127.0.0.1 only; every loop is bounded in time; the run stops by itself.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import psutil
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.readers import Reader, http_fetch  # noqa: E402
from tests.servers import gunicorn  # noqa: E402  (the same launcher the tests use)
from tests.visits import Browser, Sent  # noqa: E402


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
