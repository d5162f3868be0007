"""Bodies that do not change while the process runs (scripts, styles, the layout, the geometry): compressed once
per encoding, with a weak ETag of their content that stays valid in every encoding.

- A fingerprinted URL (Dash's ``?m=<mtime>`` on ``/assets``, ``.v<version>m<mtime>`` on
  ``/_dash-component-suites``, the content hash in :data:`dashboard.press.PLOTLY_URL`) is served
  :data:`IMMUTABLE`: a repeat visit does not ask for it again. Any other URL is :data:`REVALIDATE`: the browser asks
  with ``If-None-Match`` and gets a 304.
- The ETag is weak (``W/"…"``, a hash of the uncompressed body) because the bytes differ by ``Content-Encoding``;
  ``If-None-Match`` is compared weakly (RFC 9110 §13.1.2), so a 304 answers whatever encoding the browser cached.
  Flask-Compress leaves these responses alone (they carry their own ``Content-Encoding``, or none when small);
  it would otherwise append ``:zstd`` to a strong ETag and no revalidation would match.
"""

from __future__ import annotations

import hashlib
import os
import threading
from functools import lru_cache
from pathlib import Path

import dash
import flask
from dash.fingerprint import check_fingerprint
from werkzeug.security import safe_join

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
#: Content codings offered, best first for a client that accepts several equally (Chromium: gzip, deflate, br, zstd).
CODINGS = ("zstd", "br", "gzip")
#: Below this a body is sent as it is (compression would not pay for its headers).
MIN_SIZE = 1024


def _compress(data: bytes, coding: str) -> bytes:
    if coding == "gzip":
        import gzip

        return gzip.compress(data, compresslevel=9, mtime=0)
    if coding == "br":
        import brotli  # installed with dash[compress] (Flask-Compress)

        return brotli.compress(data, quality=9)
    try:
        from compression import zstd  # Python 3.14
    except ImportError:
        from backports import zstd  # installed with Flask-Compress before 3.14
    return zstd.compress(data, 12)


class Body:
    """One body that does not change, with its weak ETag; each encoding is computed once, on first demand."""

    def __init__(self, data: bytes, mimetype: str) -> None:
        self.data, self.mimetype = data, mimetype
        self.etag = hashlib.sha256(data).hexdigest()[:20]
        self._encoded: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def encoded(self, coding: str) -> bytes:
        with self._lock:  # gthread workers: one thread compresses, the others wait for it
            if coding not in self._encoded:
                self._encoded[coding] = _compress(self.data, coding)
            return self._encoded[coding]

    def response(self, cache_control: str = REVALIDATE) -> flask.Response:
        """This body for the current request: 304 on a matching ``If-None-Match`` (weak comparison), else the best
        encoding the client accepts."""
        request = flask.request
        if request.if_none_match.contains_weak(self.etag):
            resp = flask.Response(status=304)
        else:
            coding = request.accept_encodings.best_match(CODINGS) if len(self.data) >= MIN_SIZE else None
            resp = flask.Response(self.encoded(coding) if coding else self.data, mimetype=self.mimetype)
            if coding:
                resp.headers["Content-Encoding"] = coding
        resp.set_etag(self.etag, weak=True)
        resp.headers["Cache-Control"] = cache_control
        resp.headers["Vary"] = "Accept-Encoding"
        return resp


#: Files under ``/assets`` that any origin may read: the base maps plotly.js fetches (an embed in a sandboxed iframe
#: has an opaque origin, so its requests to this server are cross-origin).
PUBLIC_ASSETS = ("topojson/",)


def public(resp: flask.Response) -> flask.Response:
    """Mark a public, read-only body (geometry, base maps, plotly.js) readable from any origin, 304s included. The
    value is ``*`` whatever the request's ``Origin``, so caches need no ``Vary: Origin`` (it keeps ``Accept-Encoding``);
    no credentials are allowed, and nothing else is loosened."""
    resp.headers["Access-Control-Allow-Origin"] = "*"
    return resp


@lru_cache(maxsize=8)
def of(data: bytes, mimetype: str) -> Body:
    """The :class:`Body` for ``data`` (the same object for the same bytes, so each encoding is computed once)."""
    return Body(data, mimetype)


@lru_cache(maxsize=64)  # one entry per file under assets/ that was asked for (a handful)
def _asset(path: str, mtime_ns: int, size: int) -> Body:
    import mimetypes

    return Body(Path(path).read_bytes(), mimetypes.guess_type(path)[0] or "application/octet-stream")


def install(server: flask.Flask, assets_folder: str) -> None:
    """Serve Dash's ``/assets``, ``/_dash-component-suites``, ``/_dash-dependencies`` and favicon through
    :class:`Body` (same URLs and validation as Dash, other caching headers)."""
    endpoints = {rule.rule: rule.endpoint for rule in server.url_map.iter_rules()}

    def asset(filename: str) -> flask.Response:
        path = safe_join(assets_folder, filename)
        if path is None or not os.path.isfile(path):
            flask.abort(404)
        st = os.stat(path)
        fingerprinted = flask.request.args.get("m") == str(st.st_mtime)  # the stamp Dash writes into the page
        resp = _asset(path, st.st_mtime_ns, st.st_size).response(IMMUTABLE if fingerprinted else REVALIDATE)
        return public(resp) if filename.startswith(PUBLIC_ASSETS) else resp

    assets = next(e for r, e in endpoints.items() if r.startswith("/assets/"))
    server.view_functions[assets] = asset

    suites_rule = next(r for r in endpoints if r.startswith("/_dash-component-suites/"))
    dash_suites = server.view_functions[endpoints[suites_rule]]
    suites_cache: dict[tuple[str, str], Body] = {}  # bounded: only paths Dash registered and served are kept

    def suites(package_name: str, fingerprinted_path: str) -> flask.Response:
        path, fingerprinted = check_fingerprint(fingerprinted_path)
        body = suites_cache.get((package_name, path))
        if body is None:
            resp = dash_suites(package_name, fingerprinted_path)  # validates the path (404 for an unknown one)
            if resp.status_code != 200:
                return resp
            body = suites_cache.setdefault((package_name, path), Body(resp.get_data(), resp.mimetype))
        return body.response(IMMUTABLE if fingerprinted else REVALIDATE)

    server.view_functions[endpoints[suites_rule]] = suites

    for rule, cache_control in (("/_dash-dependencies", REVALIDATE), ("/_favicon.ico", None)):
        original = server.view_functions[endpoints[rule]]

        def cached(original=original, cache_control=cache_control) -> flask.Response:
            resp = original()
            if resp.status_code != 200:
                return resp
            # The favicon URL carries Dash's version (?v=4.4.1): it changes only with Dash.
            cc = cache_control or (IMMUTABLE if flask.request.args.get("v") == dash.__version__ else REVALIDATE)
            return of(resp.get_data(), resp.mimetype).response(cc)

        server.view_functions[endpoints[rule]] = cached
