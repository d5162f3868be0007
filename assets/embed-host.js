/* For pages that embed this map: load once, anywhere on the page (the embed code includes it). Every iframe whose
 * address is on the origin this script came from is resized to the height its embed reports (pym.js or AMP
 * "embed-size" messages, posted by assets/embed-size.js), so it shows whole at any width.
 *
 * A message is believed only when it comes from that iframe's own window (event.source) and from this script's
 * origin; an iframe sandboxed without allow-same-origin has the opaque origin "null", which is accepted for that
 * iframe alone. Heights are whole pixels from 50 to 20000. No cookies, no other requests, nothing else changed.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) { return; }
  var origin = new URL(script.src).origin;
  var seen = window.__scEmbedHosts = window.__scEmbedHosts || {};
  if (seen[origin]) { return; }  // several embeds on one page: one listener per origin
  seen[origin] = true;

  function heightOf(data) {
    var h = null;
    if (typeof data === "string" && data.indexOf("pym<xPYMx>") === 0) {
      var parts = data.split("<xPYMx>");
      if (parts.length === 4 && parts[2] === "height") { h = Number(parts[3]); }
    } else if (data && typeof data === "object" && data.sentinel === "amp" && data.type === "embed-size") {
      h = Number(data.height);
    }
    return h !== null && isFinite(h) && h >= 50 && h <= 20000 ? Math.ceil(h) : null;
  }

  function sandboxedOpaque(frame) {
    var sandbox = frame.getAttribute("sandbox");
    return sandbox !== null && !/(^|\s)allow-same-origin(\s|$)/.test(sandbox);
  }

  function frameOf(event) {
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      if (f.contentWindow !== event.source) { continue; }
      var src;
      try { src = new URL(f.src, window.location.href).origin; } catch (e) { return null; }
      if (src !== origin) { return null; }
      var ok = event.origin === origin || (event.origin === "null" && sandboxedOpaque(f));
      return ok ? f : null;
    }
    return null;
  }

  window.addEventListener("message", function (event) {
    var h = heightOf(event.data);
    if (h === null) { return; }
    var frame = frameOf(event);
    if (!frame) { return; }
    frame.style.height = h + "px";
    frame.setAttribute("height", String(h));
  });
})();
