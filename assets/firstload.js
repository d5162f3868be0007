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
 *    first render draws the map. */
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

  document.addEventListener("DOMContentLoaded", function () {
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
