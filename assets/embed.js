/* Embeds (/embed/map, /embed/timeline): draw the figure that the server put in <script type="application/json"
 * id="figure">. No inline script anywhere; plotly.js comes from this origin. On the main page (no #figure) this
 * file does nothing. Sets data-sc-ready on <html> once the chart is drawn (used by tests and the export CLI). */
(function () {
  "use strict";
  var node = document.getElementById("figure");
  var gd = document.getElementById("chart");
  if (!node || !gd || !window.Plotly) { return; }
  var spec = JSON.parse(node.textContent);
  window.scEmbed = spec;
  var NARROW = { map: 560, timeline: 900 };
  var narrow = null;

  /* Phones and narrow columns: the colour bar (map) goes above the chart (the map's class legend is already below
   * it, in rows: dashboard/measures.py) and the timeline's legend below, not beside it.
   * Only the on-screen copy changes; exports use spec.figure as the server wrote it. */
  function forWidth(isNarrow) {
    var fig = JSON.parse(JSON.stringify(spec.figure));
    if (!isNarrow) { return fig; }
    if (spec.chart === "map") {
      Object.assign(fig.data[0].colorbar || {}, {
        orientation: "h", x: 0.5, xanchor: "center", y: 1, yanchor: "bottom", len: 0.9, thickness: 10
      });
    } else {
      fig.layout.legend = Object.assign({}, fig.layout.legend, {
        orientation: "h", x: 0, xanchor: "left", y: -0.08, yanchor: "top", font: { size: 10 }
      });
      // The published totals keep their on-chart note and hover text; their 11 legend rows would bury the chart.
      fig.data.forEach(function (t) { if (t.legendgroup === "published") { t.showlegend = false; } });
    }
    return fig;
  }

  function draw() {
    var isNarrow = gd.clientWidth < (NARROW[spec.chart] || 560);
    if (isNarrow === narrow) { return Promise.resolve(); }
    narrow = isNarrow;
    var fig = forWidth(isNarrow);
    return window.Plotly.react(gd, fig.data, fig.layout, spec.plotConfig);
  }

  draw()
    .then(function () { document.documentElement.setAttribute("data-sc-ready", "true"); })
    .catch(function (err) {
      // the message comes from the server in the page's language (data-msg-not-drawn: dashboard/press.py MESSAGES)
      gd.textContent = (gd.getAttribute("data-msg-not-drawn") || "") + " " +
        (document.getElementById("sc-alt") || {}).textContent;
      document.documentElement.setAttribute("data-sc-error", String(err && err.message || err));
    });
  window.addEventListener("resize", function () { draw(); });
})();
