/* For the press: image export with the caption drawn in, on the main page and in the embeds.
 * The caption (title, date line, credit) comes from the server — dashboard/captions.py writes every word, so the
 * page, the embeds and `python -m dashboard.export` produce identical text. `compose` mirrors press.compose.
 * Buttons: any element with data-sc-export="png|svg" (data-sc-chart="map|timeline" on the main page; the size
 * from data-sc-size or the #press-size select). No inline scripts or handlers: listeners are attached here.
 * What it says comes from the server too, in the page's language: data-msg-* attributes of the status box
 * (#press-status on the page, .save-status in an embed; dashboard/press.py MESSAGES). */
(function () {
  "use strict";

  function clone(value) { return JSON.parse(JSON.stringify(value)); }

  function compose(figure, extra) {
    var layout = Object.assign({}, clone(figure.layout || {}), extra.layout);
    var own = (figure.layout && figure.layout.annotations) || [];
    layout.annotations = clone(own).concat(clone(extra.annotations || []));
    delete layout.width;
    delete layout.height;
    var data = clone(figure.data || []);
    if (data.length && data[0].showscale && extra.colorbar && Object.keys(extra.colorbar).length) {
      var bar = Object.assign({}, data[0].colorbar || {}, extra.colorbar);
      bar.title = Object.assign({}, (data[0].colorbar || {}).title || {}, { side: "top" });
      data[0].colorbar = bar;
    }
    return { data: data, layout: layout };
  }

  /* The captioned figure as an image: a data URL (PNG) or SVG data URL, at a named publication size. */
  function image(figure, spec, size, format) {
    var s = spec.sizes[size] || spec.sizes.landscape;
    var fig = compose(figure, spec.overlay);
    fig.config = spec.config;
    return window.Plotly.toImage(fig, { format: format, width: s[0], height: s[1], scale: s[2] });
  }

  function toBlob(url) {
    var comma = url.indexOf(",");
    var head = url.slice(0, comma);
    var body = url.slice(comma + 1);
    var type = head.slice(5).split(";")[0];
    if (head.indexOf(";base64") >= 0) {
      var bin = atob(body);
      var bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
      return new Blob([bytes], { type: type });
    }
    return new Blob([decodeURIComponent(body)], { type: type });
  }

  function save(url, name) {
    var href = URL.createObjectURL(toBlob(url));
    var a = document.createElement("a");
    a.href = href;
    a.download = name;
    a.rel = "noopener";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(href); }, 60000);
  }

  function statusBox(button) {
    return document.getElementById("press-status") ||
      (button.closest("details") && button.closest("details").querySelector(".save-status"));
  }

  /* A message of the status box (data-msg-<key>) with its {slots} filled. */
  function msg(button, key, values) {
    var box = statusBox(button);
    var text = (box && box.getAttribute("data-msg-" + key)) || key;
    return Object.keys(values || {}).reduce(function (t, k) {
      return t.split("{" + k + "}").join(values[k]);
    }, text);
  }

  function say(button, text) {
    var box = statusBox(button);
    if (box) { box.textContent = text; }
  }

  /* The main page's view as shown: the URL, with the date the map is showing (set by dashboard.js). */
  function pageQuery() {
    var params = new URLSearchParams(window.location.search);
    var shown = document.documentElement.getAttribute("data-sc-date");
    if (shown) { params.set("date", shown); }
    return params;
  }

  function pageFigure(chart) {
    var sc = window.dash_clientside && window.dash_clientside.sc;
    // the map shown: the national one or a state's view (dashboard.js)
    var gd = chart === "map" && sc && sc.shownMap ? sc.shownMap() :
      document.querySelector("#" + chart + " .js-plotly-plot");
    if (!gd || !gd.data) { return null; }
    // The page draws the selection and comparison outlines over the map itself (dashboard.js); the image gets
    // them back as the traces the server made (figures.page_map), as in the embeds and `dashboard.export`.
    var extra = chart === "map" && sc && sc.outlined ? sc.outlined.traces : [];
    return { data: gd.data.concat(extra), layout: gd.layout };
  }

  function pageSpec(chart, button) {
    var params = pageQuery();
    params.set("chart", chart);
    return fetch("/embed/caption.json?" + params.toString(), { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(msg(button, "no-caption", { status: r.status })); }
      return r.json();
    });
  }

  function exportFrom(button) {
    var format = button.getAttribute("data-sc-export") === "svg" ? "svg" : "png";
    var select = document.getElementById("press-size");
    var size = button.getAttribute("data-sc-size") || (select && select.value) || "landscape";
    var embedded = window.scEmbed;
    var chart = button.getAttribute("data-sc-chart") || (embedded && embedded.chart) || "map";
    var figure = embedded ? embedded.figure : pageFigure(chart);
    if (!window.Plotly || !figure) { say(button, msg(button, "loading")); return; }
    say(button, msg(button, "preparing"));
    var specPromise = embedded ? Promise.resolve(embedded) : pageSpec(chart, button);
    specPromise.then(function (spec) {
      return image(figure, spec, size, format).then(function (url) {
        var s = spec.sizes[size] || spec.sizes.landscape;
        save(url, spec.filename + "-" + (s[0] * s[2]) + "x" + (s[1] * s[2]) + "." + format);
        say(button, msg(button, "saved", { format: format.toUpperCase(), width: s[0] * s[2], height: s[1] * s[2] }));
      });
    }).catch(function (err) { say(button, msg(button, "failed", { error: err && err.message || err })); });
  }

  document.addEventListener("click", function (ev) {
    var button = ev.target && ev.target.closest ? ev.target.closest("[data-sc-export]") : null;
    if (!button) { return; }
    ev.preventDefault();
    exportFrom(button);
  });

  /* Main page: point the charts at their generated text alternatives (footer #map-alt, #timeline-alt). */
  function describe() {
    var done = true;
    [["map", "map-alt"], ["state-map", "map-alt"], ["timeline", "timeline-alt"]].forEach(function (pair) {
      var el = document.getElementById(pair[0]);
      if (el && document.getElementById(pair[1])) {
        if (el.getAttribute("aria-describedby") !== pair[1]) { el.setAttribute("aria-describedby", pair[1]); }
      } else { done = false; }
    });
    return done;
  }
  if (!document.getElementById("figure") && window.MutationObserver) {
    // Dash (re)renders the graphs' containers after load (lazy components), so keep the links in place.
    describe();
    new MutationObserver(describe).observe(document.documentElement, { childList: true, subtree: true });
  }

  window.scPress = { compose: compose, image: image, toBlob: toBlob, pageFigure: pageFigure };
})();
