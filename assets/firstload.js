/* The first coloured map, sooner (issue "A date step as fast as the screen"; bench/map_step.py measures it).
 *
 * 1. The county geometry and the base map are preloaded by the page (<link rel="preload" as="fetch">,
 *    dashboard/app.py:_preload) while Dash's scripts load. They are handed to plotly.js (PlotlyGeoAssets, the cache
 *    plotly.js itself fills after a fetch) as soon as they arrive, so its first draw of the map starts at once
 *    instead of after two fetches of its own issued only when the figure is drawn.
 * 2. The map is a Dash component whose code loads on first use (React.lazy). Left
 *    alone, the layout renders without it, and React holds their second render back by up to half a second (its
 *    Suspense "fallback throttle"); by then the initial callbacks have run. Asking React for them once, in a root
 *    that is unmounted at once, starts their code loading while the layout itself is on its way, so the layout's
 *    first render draws the map.
 * 3. The layout is the default view (the whole country on the last date). A link to another view (a date, a county,
 *    a state...) gets its own only once the initial callbacks have run, so until then the map, the running line and
 *    the card are hidden (`sc-opening`, assets/style.css) rather than showing the default view's numbers under the
 *    link's controls; and the graph is not warmed, so plotly does not spend its first draw on a view nobody asked
 *    for.
 * 4. The front page (no view in its address) shows its map as a picture (`#first-paint`, dashboard/firstpaint.py:
 *    drawn by plotly.js from the very figure the page draws) from the layout's first render until plotly.js has drawn
 *    the live map's county paths (`sc-first-paint`, assets/style.css). */
(function () {
  "use strict";
  var assets = (window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} });
  assets.topojson = assets.topojson || {};

  Array.prototype.forEach.call(document.querySelectorAll('link[rel="preload"][as="fetch"]'), function (link) {
    var url = link.getAttribute("href");
    var base = /\/([a-z]+_\d+m)\.json$/.exec(url); // plotly.js's base map, keyed by its name (e.g. usa_110m)
    if (!base && !/\.geojson(\?|$)/.test(url)) { return; }
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (json) {
        if (!json) { return; }
        if (base && assets.topojson[base[1]] === undefined) { assets.topojson[base[1]] = json; }
        if (!base && !assets[url]) { assets[url] = json; } // plotly.js marks its own fetch "pending": left alone
      })
      .catch(function () { /* plotly.js fetches it itself */ });
  });

  var linked = /[?&](date|county|compare|state|mode|measure)=/.test(window.location.search);
  if (linked) { opening(); }
  // the front page is the one the server preloads the picture for (dashboard/app.py: no view in the address, and a
  // language the page has: "?lang=fr" is not one)
  var front = document.querySelector('link[rel="preload"][as="image"]') !== null;
  if (front) { firstPaint(); }

  function firstPaint() {
    var root = document.documentElement, P = window.Plotly, react = P && P.react;
    root.classList.add("sc-first-paint");
    // The layout's first render mounts the graphs and dcc.Graph draws them in the same task (the national map, the
    // hidden state map, the timeline: about 0.4 s), so the picture would not be painted before the live map. While
    // the picture is up, each graph's first draw waits for one painted frame, then the graphs are drawn one task each,
    // the national map first. A newer figure for a graph still waiting replaces the one it waits with.
    var waiting = [];
    function drawNext() {
      if (!waiting.length) { P.react = react; return; }
      waiting.sort(function (a, b) { return national(b.gd) - national(a.gd); });
      var next = waiting.shift(), drawn = react.apply(P, next.args);
      if (national(next.gd)) {
        shown(); // in the task that drew the paths: the picture is never painted over the live map
        Promise.resolve(drawn).then(shown);
      }
      next.resolve(drawn);
      if (waiting.length) { window.setTimeout(drawNext, 0); } else { P.react = react; }
    }
    function national(gd) { return gd.closest && gd.closest("#map") ? 1 : 0; }
    if (react) {
      P.react = function (gd) {
        var args = arguments;
        if (!gd || gd._fullLayout || !fits()) { return react.apply(P, args); }
        var entry = waiting.filter(function (w) { return w.gd === gd; })[0];
        if (entry) { entry.args = args; return entry.promise; }
        entry = { gd: gd, args: args };
        entry.promise = new Promise(function (resolve) { entry.resolve = resolve; });
        waiting.push(entry);
        if (waiting.length === 1) {
          window.requestAnimationFrame(function () { window.setTimeout(drawNext, 0); });
        }
        return entry.promise;
      };
    }
    // Shown only in a box of the size it was drawn at (within 2%): plotly lays text and legends out in pixels, so
    // at another size the live map would move and resize under the reader's eyes when it replaces the picture.
    var fit = null;
    function fits() {
      var picture = document.getElementById("first-paint");
      if (!picture || !root.classList.contains("sc-first-paint")) { return false; }
      if (fit === null) {
        var phone = window.matchMedia(picture.querySelector("source").getAttribute("media")).matches;
        var drawn = (picture.getAttribute(phone ? "data-phone" : "data-wide") || "0x0").split("x").map(Number);
        var box = picture.getBoundingClientRect();
        if (box.height < 1) { return false; } // the graph has not mounted yet (its code still loading): look again
        fit = Math.abs(box.width - drawn[0]) <= 0.02 * drawn[0] && Math.abs(box.height - drawn[1]) <= 0.02 * drawn[1];
        if (!fit) { root.classList.remove("sc-first-paint"); }
      }
      return fit;
    }
    function shown() {
      fits();
      var drawn = document.querySelector("#map g.trace.choropleth path") !== null;
      if (drawn) { root.classList.remove("sc-first-paint"); }
      return drawn;
    }
    (function look() { if (!shown()) { window.requestAnimationFrame(look); } })(); // whoever drew the map
    var sourced = false;
    function source(picture) { // its files, preloaded for this screen: loaded from the memory cache at once
      Array.prototype.forEach.call(picture.querySelectorAll("[data-srcset]"), function (el) {
        el.setAttribute("srcset", el.getAttribute("data-srcset"));
      });
      sourced = true;
    }
    var added = new MutationObserver(function () { // measured as soon as React has put it and the graph in the page
      var picture = document.getElementById("first-paint");
      if (picture && fits() && !sourced) { source(picture); } // not on a screen it does not fit either
      if (fit !== null || !root.classList.contains("sc-first-paint")) { added.disconnect(); }
    });
    added.observe(document, { childList: true, subtree: true });
  }

  function opening() {
    var root = document.documentElement, quiet = 0, started = Date.now();
    root.classList.add("sc-opening");
    var timer = setInterval(function () {
      var s = window.store && window.store.getState && window.store.getState();
      var cb = (s && s.callbacks) || {};
      var idle = s && s.appLifecycle === "HYDRATED" && cb.completed > 0 &&
        ["requested", "prioritized", "blocked", "executing", "watched", "executed"].every(function (k) {
          return !cb[k] || !cb[k].length;
        });
      var gd = document.querySelector(".map-box:not(.on-state) > #map .js-plotly-plot," + // the map shown
        " .on-state > #state-map .js-plotly-plot"); // (layout.map_box: a state's view has a graph of its own)
      var drawn = gd && gd._fullData && gd._fullData.length && !gd.classList.contains("dash-graph--pending");
      quiet = idle && drawn ? quiet + 1 : 0;
      if (quiet >= 2 || Date.now() - started > 15000) { // settled for two looks in a row (or never: show it anyway)
        clearInterval(timer);
        root.classList.remove("sc-opening");
      }
    }, 80);
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (linked) { return; }
    var dcc = window.dash_core_components, R = window.React, RD = window.ReactDOM;
    // On a new page the graph's code has not loaded (it is per page): this only starts loading it. Only the graph:
    // warming the date slider too made React hold back a larger part of the layout, the graph with it.
    if (!dcc || !dcc.Graph || dcc.Graph._dashprivate_isLazyComponentReady === true || !R || !RD || !RD.flushSync) {
      return;
    }
    var root = RD.createRoot(document.createElement("div"));
    try {
      RD.flushSync(function () { root.render(R.createElement(dcc.Graph, { id: "sc-warm-graph" })); });
    } catch (e) { /* nothing lost: Dash loads it itself */ }
    root.unmount();
  });
})();
