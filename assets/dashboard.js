/* Browser-side date steps for the Secure Communities map: no server round trip per step or play tick.
 * The map trace carries each county's days-after-first-activation in customdata[i][3]; a step recomputes z
 * and recolours the map's existing county paths in place (no Plotly.react: see "Recolouring in place" below and
 * ARCHITECTURE.md). codeFor mirrors dashboard/coverage.py:status_codes (tests/test_coverage.py); the recoloured
 * map is tested against plotly's own colouring in tests/test_map_recolour.py. */
(function () {
  "use strict";
  var nu = function () { return window.dash_clientside.no_update; };

  function codeFor(d, day, mode) {
    if (d > day) { return 0; }
    if (mode === "status") { return d === day ? 2 : 1; }
    return d + 1;
  }

  /* Recolouring in place (issue "A date step as fast as the screen"). Plotly.react on a new z re-runs calc and
   * re-projects all 3,143 county paths (~0.5 s of main thread per step). A date step changes only colours, so it
   * writes the new codes into the trace's own z array (gd.data, gd._fullData and Dash's figure prop share it: image
   * export, a later Plotly redraw and a resize all see the displayed date), into plotly's calcdata points (hover
   * reads pt.z) and sets the `fill` of the paths whose colour changed. The colours come from plotly's own choropleth
   * style function (run once per colour scale on detached paths), so they are exactly what a full redraw paints.
   * After any full redraw (a new figure from the server), plotly_afterplot re-applies the displayed date. */
  var SVG_NS = "http://www.w3.org/2000/svg";
  var step = { links: null };  // the links sc.step last sent
  var shown = { day: null, date: null, colours: {}, waiting: false };

  function plotDiv(id) {
    var el = document.getElementById(id);
    var gd = el && el.querySelector(".js-plotly-plot");
    return gd && gd.on ? gd : null;
  }

  function graph(id) {
    var gd = plotDiv(id);
    return gd && gd.calcdata && gd.calcdata.length && gd._fullData && gd._fullData.length ? gd : null;
  }

  /* The national map is drawn once (#map); a state's view is drawn in #state-map and shown in its place (the
   * `on-state` class of #map-box: dashboard/layout.py:map_box). Both are kept on the displayed date and outlined,
   * the hidden one too, so showing either again needs no redraw. */
  var MAPS = ["map", "state-map"];
  function shownMap() {
    var box = document.getElementById("map-box");
    return plotDiv(box && box.classList.contains("on-state") ? "state-map" : "map");
  }

  function plotlyColours(cd, full, values) {
    // plotly's choropleth style(), run on detached paths whose datum is {z: v}: its colour for each value.
    var g = document.createElementNS(SVG_NS, "g");
    values.forEach(function (v) {
      var p = document.createElementNS(SVG_NS, "path");
      p.setAttribute("class", "choroplethlocation");
      p.__data__ = { z: v };
      g.appendChild(p);
    });
    full._module.style(null, [{ trace: full, node3: cd[0].node3.select(function () { return g; }) }]);
    var out = {};
    Array.prototype.forEach.call(g.childNodes, function (p) { out[p.__data__.z] = p.getAttribute("fill"); });
    return out;
  }

  function colourTable(cd, full, z) {
    var key = JSON.stringify([full.zmin, full.zmax, full.colorscale]);
    var table = shown.colours[key] || (shown.colours[key] = {});
    var missing = [];
    for (var i = 0; i < z.length; i++) {
      if (!(z[i] in table) && missing.indexOf(z[i]) < 0) { missing.push(z[i]); }
    }
    if (missing.length) { Object.assign(table, plotlyColours(cd, full, missing)); }
    return table;
  }

  function recolour(gd, day) {
    var trace = gd.data[0], full = gd._fullData[0], cd = gd.calcdata[0];
    if (!trace || !trace.customdata || !trace.z || !cd || !cd[0] || !cd[0].node3 || !full._module) { return false; }
    if (trace.meta && trace.meta.fixed) { return true; }  // a detainer measure: period totals, the same every date
    var mode = (trace.meta && trace.meta.mode) || "cohort";
    var z = trace.z, custom = trace.customdata;
    for (var i = 0; i < custom.length; i++) { z[i] = codeFor(custom[i][3], day, mode); }
    if (full.z !== z && full.z) { for (var j = 0; j < z.length; j++) { full.z[j] = z[j]; } }
    for (var k = 0; k < cd.length; k++) { cd[k].z = z[cd[k].index]; }
    var table = colourTable(cd, full, z);
    var paths = cd[0].node3.node().getElementsByClassName("choroplethlocation");
    for (var n = 0; n < paths.length; n++) {
      var pt = paths[n].__data__;
      var fill = pt && table[pt.z];
      if (fill && paths[n].getAttribute("fill") !== fill) { paths[n].setAttribute("fill", fill); }
    }
    return true;
  }

  function moveMarker(gd, date) {
    // The timeline's date marker (shape 0, a vertical line) moved the same way: Plotly.relayout of a shape
    // re-runs calc and redraws the whole timeline (~130 ms a step). The date goes into gd.layout (shared with
    // Dash's figure prop: image export and any later redraw use it) and _fullLayout, and the drawn line is moved.
    var shapes = gd.layout && gd.layout.shapes, full = gd._fullLayout;
    if (!shapes || !shapes.length || shapes[0].x0 === date) { return; }
    shapes[0].x0 = shapes[0].x1 = date;
    var drawn = full && full.shapes && full.shapes[0], xa = full && full.xaxis;
    var path = gd.querySelector('.shapelayer path[data-index="0"]');
    if (!drawn || !xa || !path) {
      window.Plotly.relayout(gd, { "shapes[0].x0": date, "shapes[0].x1": date });
      return;
    }
    drawn.x0 = drawn.x1 = date;
    var px = Math.round((xa._offset + xa.l2p(xa.d2l(date))) * 100) / 100;
    var d = path.getAttribute("d");
    path.setAttribute("d", d.replace(/^M[^,]+,/, "M" + px + ",").replace(/L[^,]+,/, "L" + px + ","));
  }

  /* Selection and comparison outlines (figures.page_map): drawn over the map as copies of the outlined counties'
   * paths, with the colour and width of the server's outline traces, so choosing or comparing a county redraws
   * nothing. They follow a full redraw (plotly_afterplot) and a pan (plotly_relayouting / plotly_relayout); the
   * export adds the traces themselves back to the image (assets/press.js). */
  var outlined = { traces: [] };

  function drawOutlines(gd) {
    var cd = gd.calcdata[0];
    if (!cd || !cd[0] || !cd[0].node3) { return; }
    var layer = cd[0].node3.node(), parent = layer.parentNode;
    var g = null;
    for (var c = 0; c < parent.children.length; c++) {
      if (parent.children[c].classList.contains("sc-outlines")) { g = parent.children[c]; }
    }
    if (!g) {
      g = document.createElementNS(SVG_NS, "g");
      g.setAttribute("class", "sc-outlines");
      g.style.pointerEvents = "none";
    }
    if (parent.lastChild !== g) { parent.appendChild(g); }  // above every trace
    var byLoc = {}, paths = layer.getElementsByClassName("choroplethlocation");
    for (var i = 0; i < paths.length; i++) { if (paths[i].__data__) { byLoc[paths[i].__data__.loc] = paths[i]; } }
    g.textContent = "";
    outlined.traces.forEach(function (t) {
      var line = (t.marker && t.marker.line) || {};
      (t.locations || []).forEach(function (loc) {
        if (!byLoc[loc]) { return; }
        var p = document.createElementNS(SVG_NS, "path");
        p.setAttribute("class", "sc-outline");
        p.setAttribute("data-loc", loc);
        p.setAttribute("d", byLoc[loc].getAttribute("d"));
        p.__data__ = byLoc[loc].__data__;  // plotly's geo re-projects every path of the layer from its datum
        p.setAttribute("fill", "none");
        p.setAttribute("stroke", line.color || "#111");
        p.setAttribute("stroke-width", String(line.width || 1));
        g.appendChild(p);
      });
    });
  }

  function hook(gd) {
    // A full redraw (a new figure from the server: scope or mode) draws the server's date; put the displayed one
    // back (cheap when they agree: only changed fills are written), and the outlines over it. A pan moves every
    // county path: the outlines follow.
    var emitter = gd._ev || gd;  // Plotly.newPlot purges a graph's listeners (and its emitter): hook again then
    if (gd.__scHooked === emitter) { return; }
    gd.__scHooked = emitter;
    if (gd.closest("#map-box")) {
      gd.on("plotly_afterplot", function () {
        if (shown.day !== null) { recolour(gd, shown.day); }
        drawOutlines(gd);
      });
      gd.on("plotly_relayouting", function () { drawOutlines(gd); });
      gd.on("plotly_relayout", function () { drawOutlines(gd); });
    } else {
      gd.on("plotly_afterplot", function () { if (shown.date !== null) { moveMarker(gd, shown.date); } });
    }
  }

  function sync(outlines) {
    // Apply the displayed date (and, when asked, the outlines) to the graphs that are drawn; on a fresh load they
    // are drawn after the first callbacks, so wait for them and apply everything then.
    var map = graph("map"), tl = graph("timeline");
    MAPS.forEach(function (id) {
      var gd = plotDiv(id);
      if (gd) { hook(gd); }  // hooked before its first draw (a state's view): that draw applies the date
      if (gd && graph(id)) {
        if (shown.day !== null) { recolour(gd, shown.day); }
        if (outlines) { drawOutlines(gd); }
      }
    });
    if (tl) {
      hook(tl);
      if (shown.date !== null) { moveMarker(tl, shown.date); }
    }
    if ((!map || !tl || !plotDiv("state-map")) && !shown.waiting) {
      shown.waiting = true;
      var until = performance.now() + 60000;
      (function poll() {
        if (graph("map") && graph("timeline") && plotDiv("state-map")) {
          shown.waiting = false;
          sync(true);
        } else if (performance.now() < until) { requestAnimationFrame(poll); } else { shown.waiting = false; }
      })();
    }
  }

  function showDate(day, date) {
    shown.day = day;
    shown.date = date;
    sync(false);
  }

  function clampIndex(i, n) {
    i = Number(i);
    if (!isFinite(i)) { return n - 1; }
    return Math.max(0, Math.min(n - 1, Math.round(i)));
  }

  // Playback runs here, outside Dash's callback graph: a timer moves the slider one step at a time, and the next
  // step is scheduled only after the map has drawn the current one (render), so steps never queue up. The
  // reader's click on Play/Pause flips `player.on` at once (capture listener), so Pause stops the very next tick
  // whatever Dash's renderer is doing. (A dcc.Interval driving a clientside callback whose State was its own
  // output could stall in the renderer's queue: Pause was then ignored.)
  var player = { on: false, timer: null, interval: 220, i: 0, max: 0, last: 0, log: [] };
  function note(what) { player.log.push([Math.round(performance.now()), what, player.on, player.i]); if (player.log.length > 60) { player.log.shift(); } }

  function playLabels(on) {
    var b = (document.getElementById("play") || {}).dataset || {};  // the page's language (layout.py)
    return [on ? b.pause || "❚❚ Pause" : b.play || "▶ Play", on ? b.pauseAria || "Pause the rollout" :
      b.playAria || "Play the rollout", on ? "true" : "false"];
  }

  function stopPlaying() {
    player.on = false;
    if (player.timer) { clearTimeout(player.timer); player.timer = null; }
  }

  function tick() {
    player.timer = null;
    if (!player.on) { return; }
    player.last = performance.now();
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
    // The ticker's period counts from the previous tick, so a step that draws in a few ms keeps the promised
    // rate; a step still being drawn is never overtaken (the next tick is scheduled only once it is drawn).
    if (player.on && !player.timer) {
      player.timer = setTimeout(tick, Math.max(0, player.interval - (performance.now() - player.last)));
    }
  }

  document.addEventListener("click", function (e) {
    var btn = e.target && e.target.closest ? e.target.closest("#play") : null;
    if (!btn) { return; }
    note("click");
    if (player.on) { stopPlaying(); } else {
      player.on = true;
      player.last = performance.now();
      player.interval = Number(btn.getAttribute("data-tick-ms")) || player.interval;
    }
  }, true);

  // links.js and tables.js add sc.links and sc.table (assets load in name order, after this file).
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    sc: {
      player: player,
      showDate: showDate,
      outlined: outlined,
      shownMap: shownMap,
      render: function (idx, cov, note) {
        // One date step: recolour the map and move the timeline marker in place (showDate), and return the
        // running line (the live region) with the measure's note (dashboard/measures.py:running_note; "" for
        // activation). No figure goes through Dash, so nothing is redrawn from scratch.
        if (!cov || !cov.days) { return nu(); }
        var i = clampIndex(idx, cov.days.length);
        var date = cov.dates[i];
        showDate(cov.days[i], date);
        document.documentElement.setAttribute("data-sc-date", date);
        player.i = i;
        scheduleTick();
        return cov.text[i] + (note || "");
      },

      outline: function (traces) {
        outlined.traces = Array.isArray(traces) ? traces : [];
        sync(true);
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

      step: function (idx, cov, playing, search, chart, committed, press, measure, notes) {
        // Everything a slider step changes, in ONE clientside callback: each callback the Dash renderer runs costs
        // several store updates, and each store update visits every component on the page. Outputs: the running
        // line (render), the committed step (commit), the share link, downloads, embed snippet and citation (links); an
        // output that did not change is not sent.
        var dc = window.dash_clientside, sc = dc.sc;
        var ctx = dc.callback_context;
        // a detainer measure's legend needs room under the map on a phone (assets/style.css: --map-height)
        var root = document.documentElement;  // set only on a change: this runs on every play tick
        if (typeof measure === "string" && root.getAttribute("data-measure") !== measure) {
          root.setAttribute("data-measure", measure);
        }
        var trig = ((ctx && ctx.triggered) || []).map(function (t) { return t.prop_id; });
        var moved = trig.indexOf("date-slider.value") >= 0 || trig.indexOf("coverage-store.data") >= 0 ||
          trig.indexOf("measure.value") >= 0;
        // the measure's note, then the scope's (coverage-store "notes": U.S.-citizen lifts in no county of the scope)
        var scopeNote = ((cov && cov.notes) || {})[measure] || "";
        var line = moved ? sc.render(idx, cov, ((notes || {})[measure] || "") + scopeNote) : nu();
        var settle = trig.indexOf("date-slider.value") >= 0 || trig.indexOf("playing.data") >= 0;
        var out = [line, settle ? sc.commit(idx, playing, committed) : nu()];
        var links = sc.links(search, chart, idx, cov, press);
        var last = step.links || [];
        links.forEach(function (v, k) { out.push(v === last[k] ? nu() : v); });
        step.links = links;
        return out;
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
      }
    }
  });
})();
