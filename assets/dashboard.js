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

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    sc: {
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
        var trig = window.dash_clientside.callback_context.triggered;
        var who = trig && trig.length ? trig[0].prop_id.split(".")[0] : "";
        var playing = !disabled;
        var i = clampIndex(idx, maxIdx + 1);
        var next = i;
        if (who === "play") {
          playing = !playing;
          if (playing && i >= maxIdx) { next = 0; }
        } else if (who === "ticker") {
          if (!playing) { return [nu(), nu(), nu(), nu(), nu()]; }
          next = Math.min(maxIdx, i + 1);
          if (next >= maxIdx) { playing = false; }
        } else if (who === "prev") {
          next = Math.max(0, i - 1); playing = false;
        } else if (who === "next") {
          next = Math.min(maxIdx, i + 1); playing = false;
        }
        return [
          next === idx ? nu() : next,
          !playing,
          playing ? "❚❚ Pause" : "▶ Play",
          playing ? "Pause the rollout" : "Play the rollout",
          playing ? "true" : "false"
        ];
      },

      commit: function (idx, disabled) {
        // The URL and server-side views follow the date only once playback has stopped.
        return disabled === false ? nu() : idx;
      },

      timelineClick: function (click, cov) {
        if (!click || !click.points || !click.points.length || !cov) { return nu(); }
        var x = String(click.points[0].x).slice(0, 10);
        var best = 0;
        for (var i = 0; i < cov.dates.length; i++) { if (cov.dates[i] <= x) { best = i; } }
        return best;
      },

      links: function (search) {
        var q = search || "";
        var here = window.location.origin + window.location.pathname + q;
        return [here, "/download/counties.csv" + q, "/download/counties.geojson" + q];
      }
    }
  });
})();
