/* Tables drawn from the server's specs (sc.table), sortable columns, and the map table's open/close report.
 * Loaded after dashboard.js (Dash loads assets in name order): adds to window.dash_clientside.sc. */
(function () {
  "use strict";
  var sc = window.dash_clientside.sc;
  var nu = function () { return window.dash_clientside.no_update; };

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

  // html.Details does not report its `open` prop back to Dash, so the callbacks that draw a folded part when it is
  // opened (the map as a table, the published figures) never ran when a reader opened it. Report the toggle (the
  // event does not bubble, hence the capture listener).
  var REPORTED = {"map-table-details": 1, "published-figures": 1};
  document.addEventListener("toggle", function (e) {
    var el = e.target;
    var dc = window.dash_clientside;
    if (el && REPORTED[el.id] && dc && typeof dc.set_props === "function") {
      dc.set_props(el.id, { open: el.open });
    }
  }, true);

  sc.table = function (boxId, spec) {
    // A table from a spec (cards.state_table, cards.map_table) drawn into an empty box whose children Dash never
    // renders: plain DOM, not hundreds of Dash components for the renderer to visit on every store update.
    var box = document.getElementById(boxId);
    if (!box || !spec || !spec.rows) { return nu(); }
    function el(tag, attrs, text) {
      var e = document.createElement(tag);
      Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      if (text !== undefined) { e.textContent = text; }
      return e;
    }
    var table = el("table", spec.id ? { id: spec.id, "class": spec.className } : { "class": spec.className });
    table.appendChild(el("caption", {}, spec.caption));
    var head = table.appendChild(el("thead")).appendChild(el("tr"));
    spec.head.forEach(function (h, i) {
      // a heading with a sort order is a sort button (the sort handler above re-orders the rows)
      if (!h.sort) { head.appendChild(el("th", { scope: "col" }, h.text)); return; }
      var th = head.appendChild(el("th", { scope: "col", "aria-sort": h.sort }));
      th.appendChild(el("button", { "class": "sort", "data-col": String(i), "data-kind": h.kind }, h.text));
    });
    var body = table.appendChild(el("tbody"));
    spec.rows.forEach(function (row) {
      var tr = body.appendChild(el("tr"));
      row.forEach(function (c) {
        tr.appendChild(el("td", c.value === undefined ? {} : { "data-value": c.value }, c.text));
      });
    });
    box.textContent = "";
    box.appendChild(table);
    return nu();
  };
})();
