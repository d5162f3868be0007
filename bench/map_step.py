"""Main-thread cost of a date step in headless Chromium: the dashboard against the naive app, side by side.

Usage (from anywhere; Debian's chromium + chromium-driver, the test extras in .venv):

    .venv/bin/python bench/map_step.py [--play-seconds 12] [--loads 7]

One run starts three gunicorn servers on loopback (2 workers each): the dashboard, the naive app
(``bench/naive_app.py``: a server callback sends the whole figure per step) and a blank Dash page loading the same
plotly.js bundle (``bench/blank_app.py``). It prints, for each app:

- first coloured map (cold: cache disabled, median of ``--loads``) against the blank page's ready time: the front
  page's picture of its map (``dashboard/firstpaint.py``) or plotly's live map, whichever the reader sees first,
  and the live map on its own;
- Play from the first date at the app's own ticker for ``--play-seconds``: long tasks (``PerformanceObserver``
  ``longtask``: tasks over 50 ms) per displayed step, all main-thread task time per step (Chrome's
  ``Performance.getMetrics`` TaskDuration), steps displayed per second, steps skipped and queued — steps are
  counted from the live region (``#running-line``), and at the next frame the map's grey count is checked against
  the step the live region names;
- (dashboard only) hover, a state zoom, a selection outline and a comparison: long tasks and full plotly redraws
  (``plotly_afterplot``) each cost.

A benchmark, not a test: it asserts nothing about time. See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pandas as pd  # noqa: E402
from harness import Server, chromium  # noqa: E402
from page_probe import MARK_JS, PROBE, SLIDER_JS, settle, task_ms, wait_for, window  # noqa: E402

from dashboard import data, viewstate  # noqa: E402
from dashboard.export import CHROMIUM_FLAGS  # noqa: E402
from dashboard.layout import TICK_MS, coverage_store  # noqa: E402

# The last load's long tasks before the live map (the blank page: before it was ready), [start, ms] (for a map: script
# start-up, then plotly's first draw).
LOAD_TASKS_JS = """
var B = window.__ms, end = B.mapAt !== null ? B.mapAt : B.readyAt;
return B.long.filter(function (x) { return x[0] < end; })
  .map(function (x) { return [Math.round(x[0]), Math.round(x[1])]; });
"""
RESOURCES_JS = """
return [performance.getEntriesByType('navigation')[0]].concat(performance.getEntriesByType('resource')).map(
  function (e) { return [e.name, e.encodedBodySize, e.decodedBodySize]; });
"""
# What the bytes section names: resources whose address contains the key.
BYTES = {"plotly.js": "plotly", "county geometry": "counties.geojson", "layout (initial figures)": "_dash-layout"}


def cold_loads(driver, url: str, n: int) -> tuple[list[float], dict]:
    """``n`` loads with the cache disabled: ms to ready each, and (last load) the live map's ms, bytes per resource
    kind and long tasks."""
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    out, live = [], []
    for _ in range(n):
        driver.get(url)
        out.append(wait_for(driver, "return window.__ms && window.__ms.readyAt;", f"{url} to be ready", 180))
        if not driver.execute_script("return !!document.getElementById('blank-ready');"):
            live.append(wait_for(driver, "return window.__ms.mapAt;", f"{url}'s live map", 180))
        settle(driver, 0.2)
    entries = driver.execute_script(RESOURCES_JS)
    tasks = driver.execute_script(LOAD_TASKS_JS)
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
    sizes = {label: [sum(e[k] for e in entries if key in e[0]) for k in (1, 2)] for label, key in BYTES.items()}
    sizes["whole page load"] = [sum(e[k] for e in entries) for k in (1, 2)]
    return out, {"bytes": sizes, "tasks": tasks, "live": live}


def play(driver, base: str, texts: list[str], greys: list[int], seconds: float, query: str = "", table: bool = False):
    """Play from step 0 at the app's own ticker for ``seconds`` (``table``: with the map as a table open), then
    pause; what the live region showed."""
    driver.get(base + "/" + query)
    wait_for(driver, "var g = window.__ms.grey(); return g[1] > 0 && g[0] < g[1];", "a coloured map")
    settle(driver)
    if table:
        driver.execute_script("document.querySelector('#map-table-details summary').click();")
        wait_for(driver, "return document.querySelectorAll('#map-table tbody tr').length > 0;", "the map as a table")
        settle(driver)
    driver.execute_script("window.dash_clientside.set_props('date-slider', {value: 0});")
    wait_for(driver, "var g = window.__ms.grey(); return g[1] > 0 && g[0] === arguments[0];",
             "the first step on the map", 120, greys[0])  # fmt: skip
    settle(driver)
    mark = driver.execute_script(MARK_JS)
    busy0 = task_ms(driver)
    driver.execute_script("document.getElementById('play').click();")
    time.sleep(seconds)
    t_end = driver.execute_script("document.getElementById('play').click(); return performance.now();")
    busy = task_ms(driver) - busy0
    slider = driver.execute_script(SLIDER_JS)
    time.sleep(1.0)  # let the last frame's grey count land
    w = window(driver, mark, t_end)
    index = {t: i for i, t in enumerate(texts)}
    shown = [(t, index.get(text), grey) for t, text, grey in w["live"]]
    steps = [i for _, i, _ in shown]
    prev, skipped = 0, 0
    for i in steps:
        if i is not None and i - prev > 1:
            skipped += i - prev - 1
        prev = i if i is not None else prev
    matched = sum(1 for _, i, g in shown if i is not None and g == greys[i])
    mismatched = [(i, g, greys[i]) for _, i, g in shown if i is not None and g != greys[i]]
    n = len(shown)
    secs = w["dur"] / 1000
    settle(driver)
    return {"steps": n, "rate": n / secs if secs else 0.0, "skipped": skipped, "matched": matched, "secs": secs,
            "queued": slider - (steps[-1] if steps and steps[-1] is not None else 0),
            "long_per_step": w["long_ms"] / n if n else float("nan"), "long_max": w["long_max"],
            "busy_per_step": busy / n if n else float("nan"), "unknown": steps.count(None),
            "mismatched": mismatched[:5]}  # fmt: skip


def single_steps(driver, base: str, texts: list[str], greys: list[int], n: int) -> dict:
    """``n`` date steps back from the last date (click ◀), each waited out until the live region and the map show it
    and no callback is pending: what one settled step costs the main thread, server round trips included."""
    driver.get(base + "/")
    wait_for(driver, "return window.__ms && window.__ms.mapAt;", "the live map")
    settle(driver, 1.0)
    longs, busy, redraws = [], [], 0
    for k in range(1, n + 1):
        want = len(texts) - 1 - k
        mark = driver.execute_script(MARK_JS)
        busy0 = task_ms(driver)
        driver.execute_script("document.getElementById('prev').click();")
        wait_for(driver, "var el = document.getElementById('running-line'), g = window.__ms.grey();"
                 " return el && el.textContent === arguments[0] && g[0] === arguments[1];",
                 f"step {want} on the map", 120, texts[want], greys[want])  # fmt: skip
        settle(driver, 0.3)
        w = window(driver, mark)
        busy.append(task_ms(driver) - busy0)
        longs.append(w["long_ms"])
        redraws += w["afterplots"] + w["state_afterplots"]
    return {"long": statistics.mean(longs), "busy": statistics.mean(busy), "redraws": redraws / n, "n": n}


def choose(dropdown: str, label: str, code: str) -> str:
    """JS that picks a county in the finder or the comparison (a dropdown keeps only values among its options)."""
    value = f"['{code}']" if dropdown == "compare" else f"'{code}'"
    return (f"window.dash_clientside.set_props('{dropdown}', {{options: [{{label: '{label}', value: '{code}'}}],"
            f" value: {value}}});")  # fmt: skip


INTERACTIONS = [
    ("hover over the national map (6 moves)", None),
    ("state zoom: US -> Texas", "window.dash_clientside.set_props('state', {value: 'TX'});"),
    ("selection outline: Harris County, TX (zooms to Texas)", choose("county", "Harris County, TX", "48201")),
    ("selection moved: Dallas County, TX", choose("county", "Dallas County, TX", "48113")),
    ("back to the US (selection cleared)",
     "window.dash_clientside.set_props('county', {value: null}); window.dash_clientside.set_props('state', {value: null});"),  # noqa: E501
    ("comparison outline: Los Angeles, CA (US map)", choose("compare", "Los Angeles County, CA", "06037")),
]  # fmt: skip


def interactions(driver, base: str) -> list[tuple[str, dict]]:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    driver.get(base + "/")
    wait_for(driver, "return window.__ms && window.__ms.mapAt;", "the live map")
    settle(driver, 1.0)
    out = []
    for label, js in INTERACTIONS:
        mark = driver.execute_script(MARK_JS)
        busy0 = task_ms(driver)
        if js is None:
            el = driver.find_element(By.CSS_SELECTOR, "#map .main-svg")
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", el)
            ActionChains(driver).move_to_element(el).perform()
            for k in range(6):
                ActionChains(driver).move_by_offset(-25 if k % 2 else 35, 8).perform()
                time.sleep(0.25)
        else:
            driver.execute_script(js)
        settle(driver, 1.0)
        w = window(driver, mark)
        w["busy"] = task_ms(driver) - busy0
        out.append((label, w))
    return out


def scope(ds, bounds, state: str | None) -> tuple[list[str], list[int]]:
    """Per slider step: the running line for the scope, and how many of its counties are grey (not yet active)."""
    days = ds.days if state is None else ds.days[(ds.counties["state"] == state).to_numpy()]
    greys = [int((days > (pd.Timestamp(d) - ds.first_date).days).sum()) for d in bounds.steps]
    return coverage_store(ds, bounds, state)["text"], greys


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--play-seconds", type=float, default=12.0, help="how long Play runs in each app (12)")
    # 7: the first load of a fresh browser is always slow, and a median of 3 moved by 0.2x the blank page
    p.add_argument("--loads", type=int, default=7, help="cold page loads per app for the first coloured map (7)")
    p.add_argument("--steps", type=int, default=8, help="single date steps per app, each waited out (8)")
    args = p.parse_args()
    ds = data.load()
    bounds = viewstate.Bounds.from_dataset(ds)
    texts, greys = scope(ds, bounds, None)
    print(f"Date step in the browser — dashboard vs naive app   {time.strftime('%Y-%m-%d %H:%M:%S')}")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start; {len(texts)} steps, "
          f"ticker {TICK_MS} ms ({1000 / TICK_MS:.2f} steps/s asked)")  # fmt: skip
    if len(set(texts)) != len(texts):
        print("  note: some running lines repeat; those steps count as unknown")
    tmp = Path(tempfile.mkdtemp(prefix="sc-mapstep-"))
    bench = ["--pythonpath", str(ROOT / "bench")]
    servers = [Server("ours", "dashboard.app:server", "/healthz"), Server("naive", "naive_app:server", "/", bench),
               Server("blank", "blank_app:server", "/", bench)]  # fmt: skip
    res: dict = {}
    try:
        for s in servers:
            s.start(tmp)
        for s in servers:
            s.wait_ready()
            s.warm_up()
        driver = chromium(tmp / "profile", [*CHROMIUM_FLAGS, "--window-size=1400,1000"], PROBE)
        driver.execute_cdp_cmd("Performance.enable", {})
        try:
            for s in servers:
                res[s.name, "load"], got = cold_loads(driver, s.base + "/", args.loads)
                for part in ("bytes", "tasks", "live"):
                    res[s.name, part] = got[part]
            for s in servers[:2]:
                res[s.name, "play"] = play(driver, s.base, texts, greys, args.play_seconds)
                res[s.name, "load_avg"] = os.getloadavg()[0]
            res["ours", "play_table"] = play(driver, servers[0].base, *scope(ds, bounds, "TX"), args.play_seconds,
                                             "?state=TX", table=True)  # fmt: skip
            for s in servers[:2]:
                res[s.name, "single"] = single_steps(driver, s.base, texts, greys, args.steps)
            res["ours", "inter"] = interactions(driver, servers[0].base)
        finally:
            driver.quit()
    finally:
        for s in servers:
            s.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    report(res)
    return 0


def report(res: dict) -> None:
    med = {k: statistics.median(res[k, "load"]) for k in ("ours", "naive", "blank")}
    print("\nFIRST PAINT (cold, cache disabled; ms from navigation start, median; all loads)")
    blank = [round(x) for x in res["blank", "load"]]
    print(f"  blank Dash page + plotly.js ready        {med['blank']:8.0f}   {blank}")
    for k in ("ours", "naive"):
        print(f"  {k:<5} first coloured map                {med[k]:8.0f}   {[round(x) for x in res[k, 'load']]}"
              f"   = {med[k] / med['blank']:.2f}x the blank page")  # fmt: skip
        live = statistics.median(res[k, "live"])
        print(f"        of which the live map (plotly)     {live:8.0f}   {[round(x) for x in res[k, 'live']]}"
              f"   = {live / med['blank']:.2f}x")  # fmt: skip
    print("  (ours: the front page's picture of its map until plotly has drawn the live one, dashboard/firstpaint.py)")
    for k in ("blank", "ours", "naive"):
        print(f"  {k:<5} last load's long tasks before the live map [start ms, ms]: {res[k, 'tasks']}")
    print("\nBYTES of the last cold load (KB gzip as received / decoded; from resource timing)")
    for label in [*BYTES, "whole page load"]:
        cells = "".join(f"{k:>7} {res[k, 'bytes'][label][0] / 1024:7.0f} / {res[k, 'bytes'][label][1] / 1024:6.0f}"
                        for k in ("ours", "naive", "blank"))  # fmt: skip
        print(f"  {label:<26}{cells}")
    o, n = res["ours", "play"], res["naive", "play"]
    print(f"\nPLAY from the first date, {TICK_MS} ms ticker ({1000 / TICK_MS:.2f} steps/s asked)"
          f"{'':>10}{'ours':>12}{'naive':>12}{'naive/ours':>12}")  # fmt: skip

    def line(label: str, a: float, b: float, fmt: str = "{:.1f}", ratio: bool = False) -> None:
        r = f"{b / a:.1f}x" if ratio and a else ("∞ (ours 0)" if ratio else "")
        print(f"  {label:<62}{fmt.format(a):>12}{fmt.format(b):>12}{r:>12}")

    line("long-task ms per displayed step (longtask: tasks > 50 ms)", o["long_per_step"], n["long_per_step"], ratio=1)
    line("all main-thread task ms per displayed step (TaskDuration)", o["busy_per_step"], n["busy_per_step"], ratio=1)
    line("longest long task, ms", o["long_max"], n["long_max"], "{:.0f}")
    line("steps displayed (live region)", o["steps"], n["steps"], "{:.0f}")
    line("steps displayed per second", o["rate"], n["rate"], "{:.2f}")
    line("steps skipped (live region jumped)", o["skipped"], n["skipped"], "{:.0f}")
    line("steps queued at Pause (slider ahead of the live region)", o["queued"], n["queued"], "{:.0f}")
    line("steps whose map matched the live region at the next frame", o["matched"], n["matched"], "{:.0f}")
    line("seconds played", o["secs"], n["secs"], "{:.1f}")
    for k, r in (("ours", o), ("naive", n)):
        if r["mismatched"]:
            print(f"  {k}: map did not match the live region at (step, grey counted, grey expected): {r['mismatched']}")
    print(f"  load average after each app's play: ours {res['ours', 'load_avg']:.2f}, "
          f"naive {res['naive', 'load_avg']:.2f}")  # fmt: skip
    t = res["ours", "play_table"]
    print(f"  ours, Texas with the map as a table open: {t['long_per_step']:.1f} long-task ms and "
          f"{t['busy_per_step']:.1f} task ms per step, {t['rate']:.2f} steps/s, {t['skipped']} skipped, "
          f"{t['queued']} queued, {t['matched']}/{t['steps']} maps matched")  # fmt: skip
    o, n = res["ours", "single"], res["naive", "single"]
    print(f"\nSINGLE DATE STEP (click ◀, waited until the live region and the map show it; mean of {o['n']})")
    line("long-task ms per step", o["long"], n["long"], ratio=1)
    line("all main-thread task ms per step (TaskDuration)", o["busy"], n["busy"], ratio=1)
    line("full plotly redraws per step (plotly_afterplot)", o["redraws"], n["redraws"], "{:.1f}")
    print("\nINTERACTIONS (dashboard)                                   long tasks ms (n, max)   all tasks ms   "
          "full redraws: national map, state graph; paths in the map shown")  # fmt: skip
    for label, w in res["ours", "inter"]:
        print(f"  {label:<56}{w['long_ms']:8.0f} ({w['long_n']}, {w['long_max']:.0f}){w['busy']:14.0f}"
              f"{w['afterplots']:9d}, {w['state_afterplots']}; {w['paths']} in #{w['shown']}")  # fmt: skip
    print(f"\nload average at end {os.getloadavg()[0]:.2f} (1 min), {os.getloadavg()[1]:.2f} (5 min)")


if __name__ == "__main__":
    sys.exit(main())
