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

  // Playback runs here, outside Dash's callback graph: a timer moves the slider one step at a time, and the next
  // step is scheduled only after the map has drawn the current one (render), so steps never queue up. The
  // reader's click on Play/Pause flips `player.on` at once (capture listener), so Pause stops the very next tick
  // whatever Dash's renderer is doing. (A dcc.Interval driving a clientside callback whose State was its own
  // output could stall in the renderer's queue: Pause was then ignored.)
  var player = { on: false, timer: null, interval: 220, i: 0, max: 0, log: [] };
  function note(what) { player.log.push([Math.round(performance.now()), what, player.on, player.i]); if (player.log.length > 60) { player.log.shift(); } }

  function playLabels(on) {
    return [on ? "❚❚ Pause" : "▶ Play", on ? "Pause the rollout" : "Play the rollout", on ? "true" : "false"];
  }

  function stopPlaying() {
    player.on = false;
    if (player.timer) { clearTimeout(player.timer); player.timer = null; }
  }

  function tick() {
    player.timer = null;
    if (!player.on) { return; }
    var dc = window.dash_clientside;
    var next = Math.min(player.max, player.i + 1);
    if (next >= player.max) {  // the last step: show it, then stop
      stopPlaying();
      var l = playLabels(false);
      dc.set_props("play", { children: l[0], "aria-label": l[1], "aria-pressed": l[2] });
      dc.set_props("playing", { data: false });
    }
    player.i = next;
    dc.set_props("date-slider", { value: next });
  }

  function scheduleTick() {
    if (player.on && !player.timer) { player.timer = setTimeout(tick, player.interval); }
  }

  document.addEventListener("click", function (e) {
    var btn = e.target && e.target.closest ? e.target.closest("#play") : null;
    if (!btn) { return; }
    note("click");
    if (player.on) { stopPlaying(); } else {
      player.on = true;
      player.interval = Number(btn.getAttribute("data-tick-ms")) || player.interval;
    }
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
        player.i = i;
        scheduleTick();
        return [map, tl, cov.text[i]];
      },

      transport: function (nPlay, nPrev, nNext, idx, maxIdx) {
        // Play/Pause, previous and next. Outputs: slider step, the Play button's text, aria-label and
        // aria-pressed, and the `playing` store (the URL follows the date only while not playing).
        var trig = window.dash_clientside.callback_context.triggered || [];
        var ids = trig.map(function (t) { return String(t.prop_id).split(".")[0]; });
        var who = ["play", "prev", "next"].filter(function (k) { return ids.indexOf(k) >= 0; })[0] || "";
        var i = clampIndex(idx, maxIdx + 1);
        var next = i;
        player.max = maxIdx;
        note("transport " + who);
        if (who === "play" && player.on) {
          next = i >= maxIdx ? 0 : i;  // at the end, Play starts over
          player.i = next;
          if (next === i) { scheduleTick(); }  // otherwise render schedules it once step 0 is drawn
        } else if (who === "prev" || who === "next") {
          stopPlaying();
          next = who === "prev" ? Math.max(0, i - 1) : Math.min(maxIdx, i + 1);
        }
        var l = playLabels(player.on);
        return [next === idx ? nu() : next, l[0], l[1], l[2], player.on];
      },

      commit: function (idx, playing, committed) {
        // The URL and server-side views follow the date only once playback has stopped, and only when the
        // step really moved (a repeated value would still make a round trip).
        if (playing === true || idx === committed) { return nu(); }
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

      links: function (search, chart, idx, cov) {
        var q = search || "";
        // While Play runs the address bar waits for the date to settle, but a link copied or a file downloaded
        // mid-play must be the date on the map: the slider's step replaces the URL's date when they differ.
        if (cov && cov.dates && typeof idx === "number" && cov.dates[idx]) {
          var params = new URLSearchParams(q);
          var day = params.get("date") || cov.dates[cov.dates.length - 1];
          var step = 0;
          for (var k = 1; k < cov.dates.length; k++) { if (cov.dates[k] <= day) { step = k; } }
          if (step !== idx) {
            params.set("date", cov.dates[idx]);
            q = "?" + params.toString().replace(/%2C/g, ",");
          }
        }
        var here = window.location.origin + window.location.pathname + q;
        return [
          here, "/download/counties.csv" + q, "/download/counties.xlsx" + q, "/download/counties.geojson" + q,
          embedSnippet(q, chart)
        ];
      }
    }
  });
})();
