/* The share link, downloads, embed code and citation of the view shown (sc.links), and the language switch.
 * Loaded after dashboard.js (Dash loads assets in name order): adds to window.dash_clientside.sc. */
(function () {
  "use strict";
  var sc = window.dash_clientside.sc;

  /* The copy-paste embed code and the citation of the current view, both pinned to the data release served
   * (release=; dashboard/viewstate.py reads it). Templates, release and titles come from the server
   * (press-data: dashboard/panels.py press_data, dashboard/snippets.py, dashboard/releases.py). */
  function pinnedQuery(q, press) {
    var params = new URLSearchParams(q);
    params.set("release", press.release);
    return "?" + params.toString().replace(/%2C/g, ",");
  }

  function escAttr(s) { return String(s).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;"); }

  function fill(template, values) {  // {name} slots; a value is inserted as it is (no $-patterns)
    return Object.keys(values).reduce(function (t, k) {
      return t.split("{" + k + "}").join(values[k]);
    }, template);
  }

  function embedSnippet(q, chart, press) {
    var t = press.snippets, kind = t[chart] ? chart : "map";
    var path = t[kind + "_path"];
    if (kind === "county") {
      var county = new URLSearchParams(q).get("county");
      if (!county) { return press.ui.choose_county; }
      path += encodeURIComponent(county);
    }
    var origin = window.location.origin;
    return fill(t[kind], { src: escAttr(origin + path + pinnedQuery(q, press)), origin: escAttr(origin) });
  }

  var formats = {};  // one formatter per locale: sc.links runs on every play tick
  function dateIn(locale, y, m, d) {  // the page's language: press.locale (dashboard/i18n.py LOCALES)
    formats[locale] = formats[locale] ||
      new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    return formats[locale].format(new Date(Date.UTC(y, m - 1, d)));
  }

  function citation(q, press, lastDay) {
    // APA: the server's template (dashboard/releases.py) with this view's title, date and pinned permalink, and
    // the reader's own date of access.
    var params = new URLSearchParams(q);
    var day = (params.get("date") || lastDay || "").split("-").map(Number);
    var now = new Date();
    return fill(press.cite, {
      title: press.titles[(params.get("state") || "") + "|" + (params.get("measure") || "activation")] ||
        press.titles["|activation"],
      // the view's day as the captions write it ("1 Feb 2011", "1 feb 2011"); the day of access as APA does
      day: day.length === 3 ? day[2] + " " + press.ui.months[day[1] - 1] + " " + day[0] : "",
      accessed: dateIn(press.locale, now.getFullYear(), now.getMonth() + 1, now.getDate()),
      url: window.location.origin + window.location.pathname + pinnedQuery(q, press)
    });
  }

  // The language switch (layout.language_switch) opens the view shown, in the other language: its address is set
  // from the current URL whenever the view's links are (sc.links) and again when a reader is about to follow it
  // (pointer, focus, click), so a copied or long-pressed link is right too.
  function languageHref(link, search) {
    var params = new URLSearchParams(typeof search === "string" ? search : window.location.search);
    if (link.dataset.lang === "en") { params.delete("lang"); } else { params.set("lang", link.dataset.lang); }
    var q = params.toString().replace(/%2C/g, ",");
    return window.location.pathname + (q ? "?" + q : "");
  }
  ["pointerdown", "focusin", "click"].forEach(function (type) {
    document.addEventListener(type, function (e) {
      var link = e.target && e.target.closest && e.target.closest("#lang-switch");
      if (link) { link.setAttribute("href", languageHref(link)); }
    }, true);
  });

  function refreshLanguageLinks(search) {
    Array.prototype.forEach.call(document.querySelectorAll("#lang-switch"), function (link) {
      link.setAttribute("href", languageHref(link, search));
    });
  }

  sc.links = function (search, chart, idx, cov, press) {
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
    refreshLanguageLinks(q);
    return [
      here, "/download/counties.csv" + q, "/download/counties.xlsx" + q, "/download/counties.geojson" + q,
      press ? embedSnippet(q, chart, press) : "", press ? citation(q, press, cov && cov.dates[cov.dates.length - 1]) : ""
    ];
  };
})();
