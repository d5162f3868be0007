/* Browser-side date steps for the Secure Communities map: no server round trip per step or play tick.
 * The map trace carries each county's days-after-first-activation in customdata[i][3]; a step recomputes z
 * only (the county geometry was fetched once, by URL, and stays cached in plotly.js).
 * Status codes mirror dashboard/coverage.py:status_codes (tested in tests/test_browser.py). */
(function () {
  "use strict";
  var nu = function () { return window.dash_clientside.no_update; };

  function zFor(customdata, day, mode) {
    var z = new Array(customdata.length);
    for (var i = 0; i < customdata.length; i++) {
      var d = customdata[i][3];
      if (d > day) { z[i] = 0; } else if (mode === "status") { z[i] = d === day ? 2 : 1; } else { z[i] = d + 1; }
    }
    return z;
  }

  function clampIndex(i, n) {
    i = Number(i);
    if (!isFinite(i)) { return n - 1; }
    return Math.max(0, Math.min(n - 1, Math.round(i)));
  }

  /* The copy-paste iframe for the current view (the /embed/ routes are in dashboard/press.py). */
  var EMBEDS = {
    map: { path: "/embed/map", height: 560, title: "Secure Communities rollout: county map" },
    timeline: { path: "/embed/timeline", height: 640, title: "Secure Communities rollout: coverage over time" },
    county: { path: "/embed/county/", height: 640, title: "Secure Communities rollout: county card" }
  };

  function embedSnippet(q, chart) {
    var e = EMBEDS[chart] || EMBEDS.map;
    var path = e.path;
    if (chart === "county") {
      var county = new URLSearchParams(q).get("county");
      if (!county) { return "Choose a county first (search for it or click it on the map)."; }
      path += encodeURIComponent(county);
    }
    var src = (window.location.origin + path + q).replace(/&/g, "&amp;").replace(/"/g, "&quot;");
    return '<iframe src="' + src + '" title="' + e.title + '" width="100%" height="' + e.height +
      '" style="border:0;max-width:100%" loading="lazy"></iframe>';
  }

  // html.Details does not report its `open` prop back to Dash, so the "map as a table" callback (Input
  // map-table-details.open) never ran when a reader opened it. Report the toggle (the event does not bubble,
  // hence the capture listener).
  // Sortable tables (the state progress table): a click on a column button re-orders the rows by the cells'
  // data-value (numbers and ISO dates compare correctly) and updates aria-sort. The table is static HTML that
  // Dash never re-renders, so re-ordering its rows is safe.
  document.addEventListener("click", function (e) {
    var btn = e.target && e.target.closest ? e.target.closest("button.sort") : null;
    if (!btn) { return; }
    var th = btn.closest("th"), table = btn.closest("table");
    var col = Number(btn.getAttribute("data-col")), numeric = btn.getAttribute("data-kind") === "number";
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[col].getAttribute("data-value"), y = b.cells[col].getAttribute("data-value");
      var c = numeric ? Number(x) - Number(y) : (x < y ? -1 : x > y ? 1 : 0);
      return dir === "ascending" ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", dir);
  });

  // Play/Pause: the reader's click flips `player.on` at once, before Dash runs `transport` for it.
  var player = { on: false };
  document.addEventListener("click", function (e) {
    if (e.target && e.target.closest && e.target.closest("#play")) { player.on = !player.on; }
  }, true);

  document.addEventListener("toggle", function (e) {
    var el = e.target;
    var dc = window.dash_clientside;
    if (el && el.id === "map-table-details" && dc && typeof dc.set_props === "function") {
      dc.set_props("map-table-details", { open: el.open });
    }
  }, true);

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    sc: {
      player: player,
      render: function (idx, cov, mapFig, tlFig) {
        if (!cov || !cov.days || !mapFig || !mapFig.data || !mapFig.data.length) { return [nu(), nu(), nu()]; }
        var i = clampIndex(idx, cov.days.length);
        var day = cov.days[i];
        var date = cov.dates[i];
        var main = mapFig.data[0];
        var mode = (main.meta && main.meta.mode) || "cohort";
        var data = mapFig.data.slice();
        data[0] = Object.assign({}, main, { z: zFor(main.customdata, day, mode) });
        var map = Object.assign({}, mapFig, { data: data });
        var tl = nu();
        if (tlFig && tlFig.layout && tlFig.layout.shapes && tlFig.layout.shapes.length) {
          var shapes = tlFig.layout.shapes.slice();
          shapes[0] = Object.assign({}, shapes[0], { x0: date, x1: date });
          tl = Object.assign({}, tlFig, { layout: Object.assign({}, tlFig.layout, { shapes: shapes }) });
        }
        document.documentElement.setAttribute("data-sc-date", date);
        return [map, tl, cov.text[i]];
      },

      transport: function (nPlay, nTick, nPrev, nNext, idx, disabled, maxIdx) {
        // Whether we are playing is `player.on`, flipped by the reader's click itself (see the listener above),
        // never read back from the ticker's `disabled` prop, which can be stale when a click and a tick land in
        // the same renderer batch. A tick that arrives while paused switches the ticker off again.
        var trig = window.dash_clientside.callback_context.triggered || [];
        var ids = trig.map(function (t) { return String(t.prop_id).split(".")[0]; });
        var who = ["play", "prev", "next", "ticker"].filter(function (k) { return ids.indexOf(k) >= 0; })[0] || "";
        var playing = player.on;
        var i = clampIndex(idx, maxIdx + 1);
        var next = i;
        if (who === "play") {
          if (playing && i >= maxIdx) { next = 0; }
        } else if (who === "ticker") {
          if (playing) {
            next = Math.min(maxIdx, i + 1);
            if (next >= maxIdx) { playing = false; }
          }
        } else if (who === "prev") {
          next = Math.max(0, i - 1); playing = false;
        } else if (who === "next") {
          next = Math.min(maxIdx, i + 1); playing = false;
        }
        player.on = playing;
        // Re-setting the ticker's `disabled` on every tick restarts dcc.Interval's timer: only a change is sent.
        if (playing === !disabled) {
          return [next === idx ? nu() : next, nu(), nu(), nu(), nu()];
        }
        return [
          next === idx ? nu() : next,
          !playing,
          playing ? "❚❚ Pause" : "▶ Play",
          playing ? "Pause the rollout" : "Play the rollout",
          playing ? "true" : "false"
        ];
      },

      commit: function (idx, disabled, committed) {
        // The URL and server-side views follow the date only once playback has stopped, and only when the
        // step really moved (a repeated value would still make a round trip).
        if (disabled === false || idx === committed) { return nu(); }
        return idx;
      },

      replaceUrl: function (q) {
        // A link in non-canonical form (a snapped date, a post-2010 county code, "&amp;") is rewritten in
        // place, never pushed: Back then leaves the page instead of landing on the same link again. Location
        // is told, so its `search` matches the address bar.
        if (typeof q !== "string" || q.charAt(0) !== "?") { return nu(); }
        window.history.replaceState(window.history.state, "", window.location.pathname + q + window.location.hash);
        window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
        return q;
      },

      timelineClick: function (click, cov) {
        if (!click || !click.points || !click.points.length || !cov) { return nu(); }
        var x = String(click.points[0].x).slice(0, 10);
        var best = 0;
        for (var i = 0; i < cov.dates.length; i++) { if (cov.dates[i] <= x) { best = i; } }
        return best;
      },

      links: function (search, chart) {
        var q = search || "";
        var here = window.location.origin + window.location.pathname + q;
        return [here, "/download/counties.csv" + q, "/download/counties.geojson" + q, embedSnippet(q, chart)];
      }
    }
  });
})();
