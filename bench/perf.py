"""Dashboard performance at county scale (issue #4): the app against the naive pattern, side by side.

Usage (from anywhere; needs Debian's chromium + chromium-driver, see bench/README.md):

    python bench/perf.py [--clients 8] [--steps 40] [--naive-steps 15] [--play-seconds 10]

Starts the dashboard (``dashboard.app:server``) and the naive app (``bench/naive_app.py``) under gunicorn, two
workers each, on free loopback ports; measures bytes, server step latency under concurrent clients, browser
timings in headless Chromium and worker memory; prints a table with the ratios and an informational PASS/MISS
line per target; stops both servers whatever happens. A benchmark, not a test: it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd
import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from harness import Server, chromium  # noqa: E402

from dashboard import data, viewstate  # noqa: E402
from dashboard.export import CHROMIUM_FLAGS  # noqa: E402
from dashboard.layout import TICK_MS  # noqa: E402

CHROME_ARGS = [*CHROMIUM_FLAGS, "--window-size=1400,1000"]
GREY = "rgb(228, 228, 228)"  # dashboard.figures.NOT_YET as the browser writes it
KB = 1024
MB = 1024 * 1024

TARGETS = {
    "step_bytes": 30 * KB,  # per date step / play tick, uncompressed JSON
    "p95_ms": 50.0,  # step callback, 8 concurrent clients, 2 workers
    "play_rate": 4.0,  # steps per second, without falling behind
    "initial_gz": 1.5 * MB,  # initial page transfer (compressed) incl. county geometry
}

# Runs in every page before any of its scripts (CDP Page.addScriptToEvaluateOnNewDocument): records each Dash
# callback request, and on every animation frame reads the map's county fills, so "coloured" and "repainted" mean
# the SVG the reader sees changed, in either app. In cohort mode each activation date greys out a different number
# of counties, so the grey count identifies the date on screen.
PAGE_PROBE = r"""
(function () {
  var B = window.__bench = {reqs: [], changes: [], sliderChanges: [], afterplots: [], colouredAt: null,
                            grey: null, paths: 0, slider: null};
  try { performance.setResourceTimingBufferSize(100000); } catch (e) {}
  var origFetch = window.fetch;
  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : (input && input.url) || "";
    var rec = null;
    if (url.indexOf("_dash-update-component") >= 0) {
      var body = init && init.body, p = null;
      try { p = JSON.parse(body); } catch (e) {}
      rec = {t0: performance.now(), output: p && p.output, changed: p && p.changedPropIds, payload: p,
             reqBytes: body ? body.length : 0, respBytes: null, t1: null, status: null};
      B.reqs.push(rec);
    }
    var pr = origFetch.apply(this, arguments);
    if (rec) {
      pr.then(function (r) {
        rec.status = r.status;
        r.clone().arrayBuffer().then(function (b) { rec.respBytes = b.byteLength; rec.t1 = performance.now(); });
      }, function () { rec.status = -1; rec.t1 = performance.now(); });
    }
    return pr;
  };
  var hooked = null;
  function frame() {
    var now = performance.now();
    B.frames = (B.frames || 0) + 1;
    var gd = document.querySelector("#map .js-plotly-plot");
    if (gd && gd !== hooked && gd.on) {
      hooked = gd;
      gd.on("plotly_afterplot", function () { B.afterplots.push(performance.now()); });
    }
    var tr = gd && gd.querySelector("g.trace.choropleth");
    if (tr) {
      var ps = tr.getElementsByTagName("path"), grey = 0, coloured = 0;
      for (var i = 0; i < ps.length; i++) {
        var f = ps[i].getAttribute("fill");
        if (f === "%(grey)s") { grey++; } else if (f && f !== "none") { coloured++; }
      }
      if (ps.length > 3000) {
        if (B.colouredAt === null && coloured > 0) { B.colouredAt = now; }
        if (B.grey !== null && grey !== B.grey) { B.changes.push([now, grey]); }
        B.grey = grey;
      }
      B.paths = ps.length;
    }
    var th = document.querySelector("#date-slider [role=slider]");
    if (th) {
      var v = Number(th.getAttribute("aria-valuenow"));
      if (B.slider !== null && v !== B.slider) { B.sliderChanges.push([now, v]); }
      B.slider = v;
    }
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
})();
""".replace("%(grey)s", GREY)

# Click a control, then wait (animation frames) for the map's fills to change; resolves with the delay.
STEP_JS = """
var sel = arguments[0], done = arguments[arguments.length - 1], B = window.__bench;
var n0 = B.changes.length, a0 = B.afterplots.length, r0 = B.reqs.length, start = performance.now();
document.querySelector(sel).click();
(function wait() {
  if (B.changes.length > n0) {
    done({ms: B.changes[n0][0] - start, grey: B.changes[n0][1], start: start, r0: r0,
          afterplot: B.afterplots.length > a0 ? B.afterplots[a0] - start : null});
  } else if (performance.now() - start > 30000) { done({ms: null, start: start, r0: r0}); }
  else { requestAnimationFrame(wait); }
})();
"""

# Resolve once every recorded callback request has its response (and nothing new for 300 ms).
# Force a playback interval: the dashboard's player (assets/dashboard.js) reads it from the Play button; the naive
# app still has a dcc.Interval ticker.
PLAY_INTERVAL_JS = """
var dc = window.dash_clientside, ms = arguments[0];
if (dc.sc && dc.sc.player) {
  document.getElementById('play').setAttribute('data-tick-ms', String(ms)); dc.sc.player.interval = ms;
} else { dc.set_props('ticker', {interval: ms}); }
"""
IDLE_JS = """
var done = arguments[arguments.length - 1], B = window.__bench, quiet = performance.now(), n = B.reqs.length;
(function poll() {
  var pending = B.reqs.some(function (r) { return r.t1 === null; });
  if (pending || B.reqs.length !== n) { quiet = performance.now(); n = B.reqs.length; }
  if (performance.now() - quiet > 300) { done(true); } else { setTimeout(poll, 25); }
})();
"""


# --- plain HTTP --------------------------------------------------------------------------------------------
def raw_size(url: str, encoding: str) -> tuple[int, dict]:
    """Body bytes as sent on the wire (not decoded) for an Accept-Encoding."""
    r = requests.get(url, headers={"Accept-Encoding": encoding}, stream=True, timeout=30)
    body = r.raw.read(decode_content=False)
    r.close()
    return len(body), dict(r.headers)


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def post(session: requests.Session, base: str, payload: dict) -> tuple[float, int, int, dict]:
    """(ms, decoded bytes, encoded bytes, JSON) of one callback request."""
    t0 = time.perf_counter()
    r = session.post(base + "/_dash-update-component", json=payload, timeout=120)
    ms = (time.perf_counter() - t0) * 1000
    if r.status_code not in (200, 204):
        raise RuntimeError(f"{base}: callback {payload.get('output')} answered {r.status_code}: {r.text[:300]}")
    body = r.json() if r.status_code == 200 else {}
    return ms, len(r.content), int(r.headers.get("Content-Length", len(r.content))), body


def with_input(payload: dict, prop_id: str, value) -> dict:
    p = json.loads(json.dumps(payload))
    for inp in p["inputs"]:
        if f"{inp['id']}.{inp['property']}" == prop_id:
            inp["value"] = value
    return p


def load_run(base: str, step_fn, clients: int, steps: int) -> dict:
    """``clients`` threads, each a requests.Session doing ``steps`` steps; ``step_fn(session, base, k)`` does one
    step (one or more callback posts) and returns ``[(callback, ms, bytes, gzip bytes), ...]``."""
    lat: dict[str, list[float]] = {}
    step_ms: list[float] = []
    step_bytes: list[int] = []
    step_gz: list[int] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def client(c: int) -> None:
        s = requests.Session()
        barrier.wait()
        for k in range(steps):
            try:
                t0 = time.perf_counter()
                calls = step_fn(s, base, c * 7 + k)
                ms_step = (time.perf_counter() - t0) * 1000
            except Exception as exc:  # counted and reported, not raised: the run goes on
                with lock:
                    errors.append(repr(exc))
                s = requests.Session()
                continue
            with lock:
                for name, ms, _, _ in calls:
                    lat.setdefault(name, []).append(ms)
                step_ms.append(ms_step)
                step_bytes.append(sum(dec for _, _, dec, _ in calls))
                step_gz.append(sum(enc for _, _, _, enc in calls))

    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    if not step_ms:
        raise RuntimeError(f"{base}: every step failed, first: {errors[0]}")
    return {"lat": lat, "step_ms": step_ms, "bytes": statistics.median(step_bytes), "gz": statistics.median(step_gz),
            "n": len(step_ms), "wall": wall, "errors": errors}  # fmt: skip


# --- browser -----------------------------------------------------------------------------------------------
def new_driver(profile: Path):
    return chromium(profile, CHROME_ARGS, PAGE_PROBE)


def wait_for(driver, js: str, timeout: float = 60, what: str = "condition"):
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        v = driver.execute_script(js)
        if v:
            return v
        time.sleep(0.05)
    state = driver.execute_script(
        "var B = window.__bench || {}; return {frames: B.frames, grey: B.grey, paths: B.paths, slider: B.slider,"
        " coloured: B.colouredAt, visible: document.visibilityState, reqs: (B.reqs || []).map(function(r){"
        "return [r.output, r.status, r.respBytes];}).slice(-5)};"
    )
    raise RuntimeError(f"browser: timed out waiting for {what}; page state {state}")


def load_page(driver, url: str) -> dict:
    driver.get(url)
    coloured = wait_for(driver, "return window.__bench && window.__bench.colouredAt", what="a coloured map")
    driver.execute_async_script(IDLE_JS)
    time.sleep(0.5)
    driver.execute_async_script(IDLE_JS)
    res = driver.execute_script(
        """var n = performance.getEntriesByType('navigation')[0];
        var all = [n].concat(performance.getEntriesByType('resource'));
        return all.map(function (e) { return {name: e.name, type: e.initiatorType || 'navigation',
          transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize}; });"""
    )
    return {"coloured_ms": coloured, "resources": res}


def toggle_play(driver, playing: bool, tries: int = 10) -> tuple[int, float]:
    """Click #play until playback is in the wanted state; returns (clicks needed, time of the effective click).

    Playing = the button offers "Pause" and the slider moves; paused = it offers "Play" and the slider stays put.
    More than one click means a click was lost (see bench/README.md, "lost clicks")."""
    for n in range(1, tries + 1):
        t = driver.execute_script("document.querySelector('#play').click(); return performance.now();")
        deadline = time.perf_counter() + 1.5
        while time.perf_counter() < deadline:
            label = driver.execute_script("return document.querySelector('#play').textContent;")
            if ("Pause" in label) == playing:
                break
            time.sleep(0.05)
        else:
            continue
        s0 = driver.execute_script("return window.__bench.slider;")
        time.sleep(1.0)
        label = driver.execute_script("return document.querySelector('#play').textContent;")
        moved = driver.execute_script("return window.__bench.slider;") != s0
        if ("Pause" in label) == playing and moved == playing:
            return n, t
    raise RuntimeError(f"browser: could not {'start' if playing else 'stop'} playback in {tries} clicks")


def displayed_index(grey: int | None, grey_to_index: dict[int, int]) -> int | None:
    return None if grey is None else grey_to_index.get(grey)


def browser_run(server: Server, ds_dates: list[str], grey_to_index: dict[int, int], args, tmp: Path) -> dict:
    profile = tmp / f"chrome-{server.name}"
    driver = new_driver(profile)
    out: dict = {}
    try:
        # 1. cold first load in a fresh profile: time to a coloured map, bytes of everything the page fetched
        first = load_page(driver, server.base + "/")
        out["resources"] = first["resources"]
        cold = [first["coloured_ms"]]
        out["initial_callbacks"] = driver.execute_script(
            "return window.__bench.reqs.map(function(r){return [r.output, r.respBytes];})"
        )
        # more cold loads (cache disabled), then one warm load (cache on)
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        for _ in range(args.loads - 1):
            cold.append(load_page(driver, server.base + "/")["coloured_ms"])
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
        warm = load_page(driver, server.base + "/")
        out["cold_ms"], out["warm_ms"] = cold, warm["coloured_ms"]
        out["warm_geometry"] = [r for r in warm["resources"] if "counties.geojson" in r["name"]]

        # 2. single date steps (#prev from the last date), each waited out until the network is idle
        steps, step_reqs = [], []
        for _ in range(args.browser_steps):
            r = driver.execute_async_script(STEP_JS, "#prev")
            if r["ms"] is None:
                raise RuntimeError(f"{server.name}: the map did not repaint after a date step")
            driver.execute_async_script(IDLE_JS)
            reqs = driver.execute_script(
                "return window.__bench.reqs.slice(arguments[0]).map(function(r){"
                "return {output: r.output, changed: r.changed, bytes: r.respBytes, ms: r.t1 - r.t0,"
                " payload: r.payload};});",
                r["r0"],
            )
            steps.append(r)
            step_reqs.append(reqs)
        out["steps"], out["step_reqs"] = steps, step_reqs

        # 3. playback from the first date at the app's ticker interval, then forced faster ones
        plays = []
        for interval in [None, *args.play_intervals]:
            driver.execute_script("window.dash_clientside.set_props('date-slider', {value: 0});")
            first_grey = max(grey_to_index)  # most counties grey = the first date
            wait_for(driver, f"return window.__bench.grey === {first_grey}", what="the first date on the map")
            driver.execute_async_script(IDLE_JS)
            if interval:
                driver.execute_script(PLAY_INTERVAL_JS, interval)
                time.sleep(0.2)
            n0 = driver.execute_script(
                "var B = window.__bench; return [B.changes.length, B.sliderChanges.length, B.reqs.length, "
                "B.afterplots.length, performance.now()];"
            )
            play_clicks, t_play = toggle_play(driver, True)
            time.sleep(
                max(0.0, args.play_seconds - (driver.execute_script("return performance.now();") - t_play) / 1000)
            )
            snap = driver.execute_script(
                "var B = window.__bench; return {changes: B.changes.slice(arguments[0]),"
                " slider: B.sliderChanges.slice(arguments[1]), afterplots: B.afterplots.length - arguments[3],"
                " reqs: B.reqs.slice(arguments[2]).map(function(r){return [r.output, r.respBytes];}),"
                " grey: B.grey, sliderNow: B.slider, now: performance.now()};",
                *n0[:4],
            )
            pause_clicks, _ = toggle_play(driver, False)
            driver.execute_async_script(IDLE_JS)
            snap["t0"] = t_play
            snap["play_clicks"], snap["pause_clicks"] = play_clicks, pause_clicks
            snap["settled_grey"] = driver.execute_script("return window.__bench.grey;")
            snap["settled_slider"] = driver.execute_script("return window.__bench.slider;")
            plays.append(snap)
        out["plays"] = plays
        # geometry requests over the whole session (4 page loads, steps, playback)
        out["geometry_fetches"] = driver.execute_script(
            "return performance.getEntriesByType('resource').filter(function(e){"
            "return e.name.indexOf('counties.geojson') >= 0;}).length;"
        )
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return out


def play_stats(snap: dict, grey_to_index: dict[int, int], interval_ms: float) -> dict:
    ch = [(t, grey_to_index.get(g)) for t, g in snap["changes"]]
    sl = snap["slider"]
    # steady state: from the first displayed change to the sample (the first tick waits one interval)
    dur = (snap["now"] - snap["t0"]) / 1000
    shown = len(ch)
    ticks = len(sl)
    shown_idx = displayed_index(snap["grey"], grey_to_index)
    lag = (snap["sliderNow"] - shown_idx) if shown_idx is not None and snap["sliderNow"] is not None else None
    gaps = [b[0] - a[0] for a, b in zip(ch, ch[1:], strict=False)]
    skipped = sum(
        1 for a, b in zip(ch, ch[1:], strict=False) if a[1] is not None and b[1] is not None and b[1] - a[1] > 1
    )
    return {
        "nominal": 1000 / interval_ms,
        "ticks_per_s": ticks / dur,
        "shown_per_s": shown / dur,
        "lag": lag,
        "gap_p95": pct(gaps, 95) if gaps else float("nan"),
        "skipped": skipped,
        "reqs": len(snap["reqs"]),
        "req_bytes": sum(b or 0 for _, b in snap["reqs"]),
        "dur": dur,
    }


# --- report ------------------------------------------------------------------------------------------------
def fmt_bytes(n: float) -> str:
    if n is None or n != n:
        return "n/a"
    if n >= MB:
        return f"{n / MB:.2f} MB"
    if n >= KB:
        return f"{n / KB:.1f} KB"
    return f"{n:.0f} B"


def ratio(a: float, b: float) -> str:
    if not a or a != a or b != b:
        return "∞" if b and b == b else "n/a"
    return f"{b / a:,.1f}x"


def row(label: str, ours: str, naive: str, r: str = "") -> str:
    return f"  {label:<52} {ours:>14} {naive:>14} {r:>10}"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clients", type=int, default=8, help="concurrent clients for the server step run (8)")
    p.add_argument("--steps", type=int, default=40, help="steps per client against the dashboard (40)")
    p.add_argument("--naive-steps", type=int, default=15, help="steps per client against the naive app (15)")
    p.add_argument("--browser-steps", type=int, default=10, help="single date steps timed in the browser (10)")
    p.add_argument("--loads", type=int, default=3, help="cold page loads timed per app (3)")
    p.add_argument("--play-seconds", type=float, default=10.0, help="playback window per run (10 s)")
    p.add_argument("--play-intervals", type=int, nargs="*", default=[250, 125],
                   help="extra ticker intervals forced in the browser after the app's own (250 125 ms)")  # fmt: skip
    args = p.parse_args()
    t_start = time.perf_counter()

    ds = data.load()
    steps = [pd.Timestamp(d) for d in viewstate.Bounds.from_dataset(ds).steps]  # the slider's, in both apps
    dates = [d.date().isoformat() for d in steps]
    day_of = [(d - ds.first_date).days for d in steps]
    grey_to_index = {int((ds.days > day).sum()): i for i, day in enumerate(day_of)}
    assert len(grey_to_index) == len(dates), "grey counts must identify the date on screen"
    tick_ms = float(TICK_MS)  # the app's own playback interval (assets/dashboard.js's player)

    print(f"Secure Communities dashboard — performance benchmark (issue #4)   {time.strftime('%Y-%m-%d %H:%M:%S')}")
    print(f"machine: {psutil.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start; "
          f"data: {len(ds.counties)} counties, {len(dates)} slider steps, release {ds.release_id}")  # fmt: skip

    tmp = Path(tempfile.mkdtemp(prefix="sc-bench-"))
    ours = Server("ours", "dashboard.app:server", "/healthz")
    naive = Server("naive", "naive_app:server", "/", extra=["--pythonpath", str(ROOT / "bench")])
    res: dict = {}
    try:
        for s in (ours, naive):
            s.start(tmp)
        for s in (ours, naive):
            res[f"{s.name}_start_s"] = s.wait_ready()
        print(f"servers: ours {ours.base} (ready in {res['ours_start_s']:.1f} s), "
              f"naive {naive.base} (ready in {res['naive_start_s']:.1f} s); gunicorn, 2 workers each\n")  # fmt: skip

        # bytes over plain HTTP
        geo_gz, geo_headers = raw_size(ours.base + "/geodata/counties.geojson", "gzip")
        geo_raw, _ = raw_size(ours.base + "/geodata/counties.geojson", "identity")
        etag = geo_headers.get("ETag", "")
        revalidate = requests.get(ours.base + "/geodata/counties.geojson",
                                  headers={"If-None-Match": etag, "Accept-Encoding": "gzip"}, timeout=30)  # fmt: skip
        res["geo"] = (geo_gz, geo_raw, geo_headers.get("Cache-Control"), etag, revalidate.status_code)

        # warm-up: the page, its layout and some callbacks on each app, then memory
        for s in (ours, naive):
            s.warm_up()  # sequential: see Server.warm_up
        res["mem_start"] = {s.name: s.memory() for s in (ours, naive)}

        # browser: one fresh profile per app
        res["browser"] = {}
        for s in (ours, naive):
            res["browser"][s.name] = browser_run(s, dates, grey_to_index, args, tmp)
        res["mem_warm"] = {s.name: s.memory() for s in (ours, naive)}

        # payloads of a settled date step, as the browser sent them
        ob = res["browser"]["ours"]
        captured = [r for reqs in ob["step_reqs"] for r in reqs]
        step_calls = {}
        for r in captured:
            step_calls.setdefault(r["output"], r["payload"])
        if not step_calls:
            raise RuntimeError("no server callback captured for a date step of the dashboard")
        nb = res["browser"]["naive"]
        naive_payload = next(r["payload"] for reqs in nb["step_reqs"] for r in reqs if "map.figure" in r["output"])

        def ours_step(session, base, k):
            """What a settled date step makes the dashboard's server do, in dependency order: the callbacks on
            the committed date (sync_url, ...), then those on the URL it wrote."""
            i = k % len(dates)
            out, search = [], None
            for name, pl in step_calls.items():
                if "committed-date.data" in (pl.get("changedPropIds") or []):
                    ms, dec, enc, body = post(session, base, with_input(pl, "committed-date.data", i))
                    search = ((body.get("response") or {}).get("url") or {}).get("search", search)
                    out.append((name, ms, dec, enc))
            for name, pl in step_calls.items():
                if "committed-date.data" not in (pl.get("changedPropIds") or []):
                    if search is not None:
                        pl = with_input(pl, "url.search", search)
                    ms, dec, enc, _ = post(session, base, pl)
                    out.append((name, ms, dec, enc))
            return out

        def naive_step(session, base, k):
            ms, dec, enc, _ = post(session, base, with_input(naive_payload, "date-slider.value", k % len(dates)))
            return [("map.figure", ms, dec, enc)]

        # server latency: one client alone (service time), then N concurrent clients
        for s, fn, n in ((ours, ours_step, args.steps), (naive, naive_step, args.naive_steps)):
            load_run(s.base, fn, 1, 3)  # warm the code path in both workers
            res[f"{s.name}_solo"] = load_run(s.base, fn, 1, max(10, n // 2))
            res[f"{s.name}_load"] = load_run(s.base, fn, args.clients, n)
        res["mem_load"] = {s.name: s.memory() for s in (ours, naive)}
    except BaseException:
        for s in (ours, naive):
            if s.log and s.log.exists():
                print(
                    f"--- last lines of the {s.name} server log ---\n" + "\n".join(s.log.read_text().splitlines()[-15:])
                )
        raise
    finally:
        for s in (ours, naive):
            s.stop()
            text = s.log.read_text(errors="replace") if s.log and s.log.exists() else ""
            res[f"{s.name}_log"] = {"timeouts": text.count("WORKER TIMEOUT"), "errors": text.count("[ERROR]")}
        shutil.rmtree(tmp, ignore_errors=True)
    stray = [s.name for s in (ours, naive) if s.proc and s.proc.poll() is None]

    report(res, args, ds, dates, grey_to_index, tick_ms, step_calls)
    print(f"\nrun time {time.perf_counter() - t_start:.0f} s; load average {os.getloadavg()[0]:.2f} at end"
          f"{'; STRAY SERVER: ' + ', '.join(stray) if stray else '; both servers stopped'}")  # fmt: skip
    return 0


def report(res, args, ds, dates, grey_to_index, tick_ms, step_calls) -> None:
    ob, nb = res["browser"]["ours"], res["browser"]["naive"]
    geo_gz, geo_raw, cache_control, etag, reval = res["geo"]

    def initial(b):
        rs = b["resources"]
        return sum(r["encoded"] for r in rs), sum(r["transfer"] for r in rs), sum(r["decoded"] for r in rs)

    o_init, n_init = initial(ob), initial(nb)
    o_geo_in_page = sum(r["encoded"] for r in ob["resources"] if "counties.geojson" in r["name"])
    o_js = sum(r["encoded"] for r in ob["resources"] if r["name"].split("?")[0].endswith(".js"))
    plotly_js = sum(r["encoded"] for r in ob["resources"] if "plotly.min.js" in r["name"])

    # per-step server bytes as the browser saw them
    def per_step(b):
        return [sum(r["bytes"] or 0 for r in reqs) for reqs in b["step_reqs"]], [len(reqs) for reqs in b["step_reqs"]]

    o_sb, o_sn = per_step(ob)
    n_sb, n_sn = per_step(nb)
    o_rep = [s["ms"] for s in ob["steps"]]
    n_rep = [s["ms"] for s in nb["steps"]]
    ol, nl = res["ours_load"], res["naive_load"]
    n_lat = nl["lat"]["map.figure"]
    o_solo = res["ours_solo"]["step_ms"]
    n_solo = res["naive_solo"]["step_ms"]

    print("=" * 96)
    print(row("measure", "dashboard", "naive", "naive/ours"))
    print("-" * 96)
    print("BYTES")
    print(row("county geometry, gzip (raw)", f"{fmt_bytes(geo_gz)} ({fmt_bytes(geo_raw)})",
              "in every step", ""))  # fmt: skip
    print(row("initial page transfer, compressed bodies (all requests)", fmt_bytes(o_init[0]), fmt_bytes(n_init[0]),
              ratio(o_init[0], n_init[0])))  # fmt: skip
    print(row("  … with headers (transferSize)", fmt_bytes(o_init[1]), fmt_bytes(n_init[1]), ""))
    print(row("  … decoded", fmt_bytes(o_init[2]), fmt_bytes(n_init[2]), ""))
    print(row("server bytes per date step, JSON (median)", fmt_bytes(statistics.median(o_sb)),
              fmt_bytes(statistics.median(n_sb)), ratio(statistics.median(o_sb), statistics.median(n_sb))))  # fmt: skip
    print(row("  … of which map figure / geometry", "0 B", fmt_bytes(statistics.median(n_sb)), ""))
    print(row("  … on the wire, gzip (load run median)", fmt_bytes(ol["gz"]), fmt_bytes(nl["gz"]),
              ratio(ol["gz"], nl["gz"])))  # fmt: skip
    print(row("server requests per date step (median)", f"{statistics.median(o_sn):.0f}",
              f"{statistics.median(n_sn):.0f}", ""))  # fmt: skip
    print("SERVER STEP LATENCY (loopback round trip, ms)")
    print(row("1 client, p50 / p95 per step", f"{pct(o_solo, 50):.1f} / {pct(o_solo, 95):.1f}",
              f"{pct(n_solo, 50):.0f} / {pct(n_solo, 95):.0f}", ratio(pct(o_solo, 50), pct(n_solo, 50))))  # fmt: skip
    o50, o95 = pct(ol["step_ms"], 50), pct(ol["step_ms"], 95)
    print(row(f"{args.clients} clients, step p50 / p95", f"{o50:.1f} / {o95:.1f}",
              f"{pct(n_lat, 50):.0f} / {pct(n_lat, 95):.0f}", ratio(o95, pct(n_lat, 95))))  # fmt: skip
    print(row(f"{args.clients} clients, step max", f"{max(ol['step_ms']):.1f}", f"{max(n_lat):.0f}", ""))
    for name, values in ol["lat"].items():
        short = name.split("...")[0].strip(".") + (" (sync_url)" if "url.search" in name else "")
        print(row(f"  dashboard callback {short[:30]} p50 / p95 / max",
                  f"{pct(values, 50):.1f}/{pct(values, 95):.1f}/{max(values):.0f}", "", ""))  # fmt: skip
    o_rate, n_rate = ol["n"] / ol["wall"], nl["n"] / nl["wall"]
    print(row(f"{args.clients} clients, steps per second served", f"{o_rate:.0f}", f"{n_rate:.1f}",
              ratio(n_rate, o_rate)))  # fmt: skip
    print(row(f"{args.clients} clients, failed steps | gunicorn worker timeouts",
              f"{len(ol['errors'])} | {res['ours_log']['timeouts']}",
              f"{len(nl['errors'])} | {res['naive_log']['timeouts']}", ""))  # fmt: skip
    print("BROWSER (headless Chromium, ms)")
    print(row(f"navigation -> coloured map, cold, median of {len(ob['cold_ms'])}",
              f"{statistics.median(ob['cold_ms']):.0f}", f"{statistics.median(nb['cold_ms']):.0f}",
              ratio(statistics.median(ob["cold_ms"]), statistics.median(nb["cold_ms"]))))  # fmt: skip
    print(row("navigation -> coloured map, warm cache", f"{ob['warm_ms']:.0f}", f"{nb['warm_ms']:.0f}",
              ratio(ob["warm_ms"], nb["warm_ms"])))  # fmt: skip
    print(row(f"date step -> repainted map, p50 / p95 of {len(o_rep)}",
              f"{pct(o_rep, 50):.0f} / {pct(o_rep, 95):.0f}", f"{pct(n_rep, 50):.0f} / {pct(n_rep, 95):.0f}",
              ratio(pct(o_rep, 50), pct(n_rep, 50))))  # fmt: skip
    o_ap = [s["afterplot"] for s in ob["steps"] if s.get("afterplot") is not None]
    n_ap = [s["afterplot"] for s in nb["steps"] if s.get("afterplot") is not None]
    if o_ap and n_ap:
        print(row("date step -> plotly_afterplot, p50", f"{pct(o_ap, 50):.0f}", f"{pct(n_ap, 50):.0f}",
                  ratio(pct(o_ap, 50), pct(n_ap, 50))))  # fmt: skip
    print(row("geometry fetches in the whole browser session", str(ob["geometry_fetches"]),
              f"{1 + sum(len(x) for x in nb['step_reqs'])}+ (in figures)", ""))  # fmt: skip
    play_rows = []
    for i, (po, pn) in enumerate(zip(ob["plays"], nb["plays"], strict=True)):
        interval = tick_ms if i == 0 else args.play_intervals[i - 1]
        so, sn = play_stats(po, grey_to_index, interval), play_stats(pn, grey_to_index, interval)
        play_rows.append((interval, so, sn))
        tag = "app ticker" if i == 0 else "forced"
        print(
            f"  playback, {tag} {interval:.0f} ms = {1000 / interval:.2f} steps/s nominal, {args.play_seconds:.0f} s:"
        )
        print(row("    ticks/s (slider) | steps/s displayed", f"{so['ticks_per_s']:.2f} | {so['shown_per_s']:.2f}",
                  f"{sn['ticks_per_s']:.2f} | {sn['shown_per_s']:.2f}",
                  ratio(sn["shown_per_s"], so["shown_per_s"])))  # fmt: skip
        print(row("    lag at end (slider - shown, steps) | skipped", f"{so['lag']} | {so['skipped']}",
                  f"{sn['lag']} | {sn['skipped']}", ""))  # fmt: skip
        print(row("    clicks needed to start | to pause playback", f"{po['play_clicks']} | {po['pause_clicks']}",
                  f"{pn['play_clicks']} | {pn['pause_clicks']}", ""))  # fmt: skip
        print(row("    gap between repaints p95 (ms)", f"{so['gap_p95']:.0f}", f"{sn['gap_p95']:.0f}", ""))
        print(row("    server requests | bytes during playback", f"{so['reqs']} | {fmt_bytes(so['req_bytes'])}",
                  f"{sn['reqs']} | {fmt_bytes(sn['req_bytes'])}", ""))  # fmt: skip
    print("MEMORY per gunicorn worker (RSS / USS, MB)")
    for key, label in (("mem_start", "after start + first requests"), ("mem_warm", "after warm-up (browser runs)"),
                       ("mem_load", "after the concurrent step run")):  # fmt: skip
        o = res[key]["ours"]
        n = res[key]["naive"]
        print(row(label, " ".join(f"{a:.0f}/{b:.0f}" for a, b in o), " ".join(f"{a:.0f}/{b:.0f}" for a, b in n), ""))
    print("=" * 96)

    print("\ndetails")
    print(f"  geometry: Cache-Control {cache_control!r}, ETag {etag}, revalidation -> {reval}; "
          f"warm reload fetched it as {[(r['transfer'], r['encoded']) for r in ob['warm_geometry']]} "
          f"(transferSize, encodedBodySize; 0 = from cache)")  # fmt: skip
    other = o_init[0] - o_geo_in_page - o_js
    print(
        f"  dashboard initial transfer: {fmt_bytes(o_init[0])} = geometry {fmt_bytes(o_geo_in_page)} + JavaScript "
        f"{fmt_bytes(o_js)} (plotly.min.js {fmt_bytes(plotly_js)}) + other {fmt_bytes(other)}"
    )
    big = sorted(ob["resources"], key=lambda r: -r["encoded"])[:8]
    for r in big:
        name = r["name"].split("?")[0].replace("http://127.0.0.1", "")
        name = name[name.index("/", 1) :] if name.count("/") > 1 else name
        print(f"    {fmt_bytes(r['encoded']):>10} gz  {fmt_bytes(r['decoded']):>10} raw  {name[-70:]}")
    first = [(o.split("...")[0].strip("."), b) for o, b in ob["initial_callbacks"]]
    print(f"  dashboard callbacks on first load (output, JSON bytes): {first}")
    per_call = {
        k: statistics.median(r["bytes"] or 0 for reqs in ob["step_reqs"] for r in reqs if r["output"] == k)
        for k in step_calls
    }
    print("  dashboard server calls per settled date step (from the browser): "
          + "; ".join(f"{k.split('...')[0].strip('.')} {fmt_bytes(b)}" for k, b in per_call.items()))  # fmt: skip
    print(f"  naive figure per step: {fmt_bytes(statistics.median(n_sb))} JSON, {fmt_bytes(nl['gz'])} gzip")

    # targets
    o_step_bytes = statistics.median(o_sb)
    p95 = pct(ol["step_ms"], 95)
    app_play = play_rows[0][1]
    four = next((so for iv, so, _ in play_rows if abs(1000 / iv - 4) < 0.01), None)

    def holds(s):
        return (
            s["shown_per_s"] >= 0.9 * s["ticks_per_s"]
            and (s["lag"] is not None and s["lag"] <= 1)
            and s["skipped"] == 0
        )

    def line(ok: bool, text: str) -> None:
        print(f"  {'PASS' if ok else 'MISS'}  {text}")

    print("\ntargets (informational; timings on a shared, busy machine are noisy)")
    line(ob["geometry_fetches"] == 1 and reval == 304 and max(o_sb) < 30 * KB,
        f"geometry once per page load: {ob['geometry_fetches']} fetch in the session, gzip {fmt_bytes(geo_gz)}, "
        f"ETag revalidation {reval}; largest step response {fmt_bytes(max(o_sb))}")  # fmt: skip
    line(o_step_bytes <= TARGETS["step_bytes"],
         f"date step <= 30 KB JSON: {fmt_bytes(o_step_bytes)} per settled step (map: 0 B, no round trip; "
         f"play tick: {app_play['reqs']} requests in {args.play_seconds:.0f} s)")  # fmt: skip
    line(p95 <= TARGETS["p95_ms"], f"step p95 <= 50 ms with {args.clients} clients / 2 workers: "
         f"p50 {pct(ol['step_ms'], 50):.1f} ms, p95 {p95:.1f} ms, max {max(ol['step_ms']):.1f} ms for the whole "
         f"step ({len(ol['lat'])} calls in sequence); worst single callback p95 "
         f"{max(pct(v, 95) for v in ol['lat'].values()):.1f} ms")  # fmt: skip
    line(app_play["shown_per_s"] >= TARGETS["play_rate"] and holds(app_play),
         f"playback >= 4 steps/s at the app's own ticker ({tick_ms:.0f} ms): {app_play['shown_per_s']:.2f} steps/s "
         f"displayed, lag {app_play['lag']}")  # fmt: skip
    if four:
        line(four["shown_per_s"] >= 0.95 * TARGETS["play_rate"] and holds(four),
             f"rendering keeps up with 4 steps/s (ticker forced to 250 ms): {four['shown_per_s']:.2f} steps/s, "
             f"lag {four['lag']}, skipped {four['skipped']}")  # fmt: skip
    line(o_init[0] <= TARGETS["initial_gz"], f"initial page transfer incl. geometry <= 1.5 MB gzip: "
         f"{fmt_bytes(o_init[0])}")  # fmt: skip
    line(geo_gz <= TARGETS["initial_gz"], f"county geometry <= 1.5 MB gzip: {fmt_bytes(geo_gz)}")
    mem = res["mem_load"]["ours"]
    print("  INFO  memory per worker after load: " + ", ".join(f"RSS {a:.0f} MB (USS {b:.0f} MB)" for a, b in mem))

    print("\nratios, naive / dashboard")
    print(f"  bytes per step (JSON)       {ratio(o_step_bytes, statistics.median(n_sb))}")
    print(f"  step latency p95, {args.clients} clients  {ratio(p95, pct(n_lat, 95))}")
    print(f"  repaint after a step, p50   {ratio(pct(o_rep, 50), pct(n_rep, 50))}")
    # Loopback hides transfer time; what a step's compressed response alone would take on real links:
    for mbit in (10, 50):
        o_ms, n_ms = ol["gz"] * 8 / (mbit * 1e6) * 1000, nl["gz"] * 8 / (mbit * 1e6) * 1000
        print(f"  transfer per step at {mbit} Mbit/s (computed from gzip bytes): dashboard {o_ms:.1f} ms, "
              f"naive {n_ms:.0f} ms — loopback timings above leave this out")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
