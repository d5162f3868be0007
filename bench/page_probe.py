"""The in-page probe of ``bench/map_step.py`` and the helpers that read it (headless Chromium via selenium).

The probe runs before the page's own scripts and works in the dashboard, the naive app and the blank page alike.
"""

from __future__ import annotations

import time

GREY = "rgb(228, 228, 228)"  # dashboard.figures.NOT_YET as the browser writes it

# Runs before the page's own scripts. Records long tasks, every change of the live region (and, at the next frame,
# how many county paths are grey), the first frame with a coloured map — the front page's picture of it
# (``#first-paint``, dashboard/firstpaint.py) or plotly's live map, whichever comes first (``readyAt``), each on its
# own (``pictureAt``, ``mapAt``) — or, on the blank page, with its text and window.Plotly; and plotly_afterplot (a
# full redraw) on each map graph: the national map (#map) and a state's view (#state-map, shown in its place:
# dashboard/layout.py:map_box), counted apart; paths are counted in the one shown.
PROBE = r"""
(function () {
  var B = window.__ms = {long: [], live: [], readyAt: null, pictureAt: null, mapAt: null, afterplots: [],
                         stateAfterplots: []};
  try {
    new PerformanceObserver(function (list) {
      list.getEntries().forEach(function (e) { B.long.push([e.startTime, e.duration]); });
    }).observe({type: "longtask", buffered: true});
  } catch (e) { B.error = String(e); }
  B.shown = function () {  // the naive app and the blank page have #map alone
    var box = document.getElementById("map-box");
    return box && box.classList.contains("on-state") ? "state-map" : "map";
  };
  function paths() {
    var tr = document.querySelector("#" + B.shown() + " g.trace.choropleth");
    return tr ? tr.getElementsByClassName("choroplethlocation") : [];
  }
  B.paths = function () { return paths().length; };
  B.grey = function () {
    var ps = paths(), n = 0;
    for (var i = 0; i < ps.length; i++) { if (ps[i].getAttribute("fill") === "%(grey)s") { n++; } }
    return [n, ps.length];
  };
  var last = null;
  new MutationObserver(function () {
    var el = document.getElementById("running-line"), t = el ? el.textContent : null;
    if (t && t !== last) {
      last = t;
      var rec = [performance.now(), t, null];
      B.live.push(rec);
      requestAnimationFrame(function () { rec[2] = B.grey()[0]; });
    }
  }).observe(document, {childList: true, subtree: true, characterData: true});
  var hooked = null, hookedState = null;
  function check() {
    var gd = document.querySelector("#map .js-plotly-plot"), sd = document.querySelector("#state-map .js-plotly-plot");
    if (gd && gd.on && gd !== hooked) {
      hooked = gd;
      gd.on("plotly_afterplot", function () { B.afterplots.push(performance.now()); });
    }
    if (sd && sd.on && sd !== hookedState) {
      hookedState = sd;
      sd.on("plotly_afterplot", function () { B.stateAfterplots.push(performance.now()); });
    }
    var now = performance.now();
    if (B.mapAt === null) {
      var ps = paths(), g = ps.length > 3000 ? B.grey() : [0, 0];
      if (g[1] > 3000 && g[0] < g[1]) { B.mapAt = now; }
    }
    if (B.pictureAt === null) {
      var pic = document.getElementById("first-paint"), im = pic && pic.querySelector("img");
      if (im && im.complete && im.naturalWidth > 0 && getComputedStyle(pic).display !== "none" &&
          im.getBoundingClientRect().height > 0) { B.pictureAt = now; }
    }
    if (B.readyAt === null &&
        (B.mapAt !== null || B.pictureAt !== null || (document.getElementById("blank-ready") && window.Plotly))) {
      B.readyAt = now;
    }
  }
  (function frame() { check(); requestAnimationFrame(frame); })();
  var timer = setInterval(function () {
    check();
    if ((B.mapAt !== null && hooked) || (B.readyAt !== null && document.getElementById("blank-ready"))) {
      clearInterval(timer);
    }
  }, 20);
})();
""".replace("%(grey)s", GREY)

SETTLED_JS = """
var s = window.store && window.store.getState && window.store.getState();
if (!s || !s.callbacks) { return false; }
var cb = Object.assign({}, s.callbacks); delete cb.stored; delete cb.completed;
return Object.keys(cb).every(function (k) { return !cb[k] || !cb[k].length; });
"""
MARK_JS = (
    "var B = window.__ms;"
    " return [performance.now(), B.long.length, B.live.length, B.afterplots.length, B.stateAfterplots.length];"
)
SLIDER_JS = "return Number(document.querySelector('#date-slider [role=slider]').getAttribute('aria-valuenow'));"


def wait_for(driver, js: str, what: str, timeout: float = 120, *args):
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        v = driver.execute_script(js, *args)
        if v:
            return v
        time.sleep(0.05)
    state = driver.execute_script(
        "var B = window.__ms; return B ? {ready: B.readyAt, grey: B.grey(), live: B.live.length, error: B.error,"
        " url: location.href, plotly: !!window.Plotly} : 'no probe';"
    )
    raise RuntimeError(f"browser: timed out waiting for {what}; page: {state}")


def settle(driver, quiet: float = 0.5) -> None:
    wait_for(driver, SETTLED_JS, "Dash callbacks to settle")
    time.sleep(quiet)
    wait_for(driver, SETTLED_JS, "Dash callbacks to settle")


def task_ms(driver) -> float:
    m = {x["name"]: x["value"] for x in driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]}
    return m["TaskDuration"] * 1000


def window(driver, mark: list, t_end: float | None = None) -> dict:
    """Long tasks, live-region changes and full redraws (``afterplots``: the national map's, ``state_afterplots``: a
    state view's graph's) since ``mark`` (MARK_JS), up to ``t_end``; the map graph shown now and its county paths."""
    t0, nl, nv, na, ns = mark
    got = driver.execute_script(
        "var B = window.__ms; return {long: B.long.slice(arguments[0]), live: B.live.slice(arguments[1]),"
        " afterplots: B.afterplots.slice(arguments[2]), state: B.stateAfterplots.slice(arguments[3]),"
        " now: performance.now(), shown: B.shown(), paths: B.paths()};",
        nl, nv, na, ns,
    )  # fmt: skip
    end = t_end if t_end is not None else got["now"]
    longs = [d for s, d in got["long"] if s >= t0 - 1 and s < end]
    live = [x for x in got["live"] if x[0] <= end]
    return {"long_ms": sum(longs), "long_n": len(longs), "long_max": max(longs, default=0.0), "live": live,
            "afterplots": len(got["afterplots"]), "state_afterplots": len(got["state"]), "shown": got["shown"],
            "paths": got["paths"], "dur": end - t0}  # fmt: skip
