/* Every embed (/embed/map, /embed/timeline, /embed/county/<fips>) tells the page that frames it how tall it wants
 * to be, so a responsive iframe shows it whole (credit line included) at any width. Two conventions:
 *   pym.js: the string "pym<xPYMx>{childId}<xPYMx>height<xPYMx>{px}", when pym's childId is in the address;
 *   AMP:    {sentinel: "amp", type: "embed-size", height: px} (amp-iframe resizable; also read by embed-host.js).
 * Sent on load, on resize and whenever the content changes size (ResizeObserver); only the height is sent, to the
 * parent window (targetOrigin "*": the host's origin is not known, and a height is no secret).
 *
 * Charts fill whatever frame they get (a fixed-height iframe keeps working); the height asked for is the page with
 * the chart at its natural height for the frame's width (WANT below), so a self-sizing frame grows or shrinks to it.
 */
(function () {
  "use strict";
  if (window.parent === window) { return; }
  var childId = new URLSearchParams(window.location.search).get("childId");
  var figure = document.querySelector(".sc-figure");
  var chart = document.getElementById("chart");
  if (!figure) { return; }
  /* Chart height for a width: the map's Albers USA keeps about 0.62 of its width, plus the colour bar above it and
   * its legend below, in rows (a 360 px embed once hid most legend entries in a scroll box: every entry must show);
   * the timeline's two panels need more, and its legend goes under them below 900 px. */
  var spec = {};
  try { spec = JSON.parse((document.getElementById("figure") || {}).textContent || "{}"); } catch (e) { spec = {}; }
  function legendHeight(w) {
    var fig = spec.figure || {}, lay = fig.layout || {};
    var entries = (fig.data || []).filter(function (t) { return t.showlegend && t.visible !== false; });
    var names = entries.map(function (t) { return String(t.name || ""); });
    var widest = names.reduce(function (m, n) { return Math.max(m, n.replace(/<[^>]*>/g, "").length); }, 0);
    var perRow = Math.max(1, Math.floor(w / Math.max(90, 7 * widest + 40)));
    var title = ((lay.legend || {}).title || {}).text || "";
    var titleLines = title ? title.split(/<br\s*\/?>/).length : 0;
    var bar = (fig.data && fig.data[0] && fig.data[0].showscale) ? 60 : 0;
    return bar + Math.ceil(entries.length / perRow) * 24 + titleLines * 17 + 24;
  }
  var WANT = {
    map: function (w) { return Math.max(240, Math.round(w * 0.62) + legendHeight(w)); },
    timeline: function (w) { return Math.max(420, Math.round(w * 0.55) + (w < 900 ? 160 : 0)); }
  };
  var last = 0;

  function wanted() {
    if (!chart) {  // the county card: its own height (no min-height, no flex growth: embed.css)
      return Math.ceil(figure.getBoundingClientRect().height);
    }
    var kind = chart.classList.contains("chart-timeline") ? "timeline" : "map";
    var others = figure.scrollHeight - chart.offsetHeight;  // header, notices, footer, padding
    return Math.ceil(others + WANT[kind](chart.clientWidth));
  }

  function post() {
    var h = wanted();
    if (!h || Math.abs(h - last) < 2) { return; }
    last = h;
    if (childId) {
      window.parent.postMessage("pym<xPYMx>" + childId + "<xPYMx>height<xPYMx>" + h, "*");
    }
    window.parent.postMessage({ sentinel: "amp", type: "embed-size", height: h }, "*");
    document.documentElement.setAttribute("data-sc-height", String(h));
  }

  var pending = false;
  function soon() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; post(); });
  }

  window.addEventListener("load", soon);
  window.addEventListener("resize", soon);
  if (window.ResizeObserver) {
    var ro = new window.ResizeObserver(soon);
    ro.observe(figure);
    Array.prototype.forEach.call(figure.children, function (el) { ro.observe(el); });
  }
  soon();
})();
