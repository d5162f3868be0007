"""Public-facing hardening: security headers, strict request checks, and errors that never leak internals.

- Every response carries a Content-Security-Policy with no third-party source. Dash's own inline bootstrap
  scripts are allowed by hash (``app.csp_hashes()``), not by ``'unsafe-inline'``.
- Only ``/embed/…`` may be framed by other sites; everything else only by this origin.
- Unknown paths are a plain 404, malformed callback payloads a 400, and any unexpected error a generic 500
  without a traceback (it is logged server-side). The dashboard keeps no server-side session state.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

import flask
from dash.exceptions import DependencyException
from werkzeug.exceptions import HTTPException

from dashboard import payloads

log = logging.getLogger("sc_rollout")

MAX_REQUEST_BYTES = 256 * 1024
EMBED_PREFIX = "/embed/"
#: Paths the app serves; anything else is a 404 rather than the dashboard rendered at a bogus address.
KNOWN_EXACT = {
    "/",
    "/methodology",
    "/healthz",
    "/_favicon.ico",
    "/download/counties.csv",
    "/download/counties.geojson",
    "/download/counties.xlsx",
    "/embed/map",
    "/embed/timeline",
    "/embed/caption.json",
    "/oembed",
}
STRICT_PREFIXES = ("/download/", EMBED_PREFIX)
EMBED_COUNTY = re.compile(r"/embed/county/[^/]{1,40}")
KNOWN_PREFIXES = ("/_dash-", "/assets/", "/download/", "/geodata/", EMBED_PREFIX, "/vendor/")
CALLBACK_KEYS = {"output", "outputs", "inputs", "changedPropIds"}


def content_security_policy(script_hashes: Iterable[str], *, embeddable: bool) -> str:
    scripts = " ".join(script_hashes)  # Dash returns them quoted: 'sha256-…'
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {scripts}".strip(),
            # plotly.js injects its stylesheet rules into a <style> element at run time.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {'*' if embeddable else chr(39) + 'self' + chr(39)}",
        ]
    )


def _plain(message: str, status: int) -> flask.Response:
    return flask.Response(message + "\n", status=status, mimetype="text/plain")


def _valid_callback_payload(body: object, callbacks: dict[str, tuple[int, int]]) -> bool:
    """The shape Dash's renderer sends for one of *our* callbacks; anything else is refused before Dash's
    dispatcher sees it (Dash itself answers a mis-shaped payload with a 500)."""
    if not isinstance(body, dict) or not body.keys() >= CALLBACK_KEYS:
        return False
    output = body["output"]
    if not isinstance(output, str) or output not in callbacks or not isinstance(body["changedPropIds"], list):
        return False
    n_inputs, n_state = callbacks[output]
    multi = output.startswith("..")
    if not isinstance(body["outputs"], list if multi else dict):
        return False
    for key, expected in (("inputs", n_inputs), ("state", n_state)):
        items = body.get(key, [])
        if not isinstance(items, list) or len(items) != expected:
            return False
        for item in items:
            group = item if isinstance(item, list) else [item]
            if not all(isinstance(i, dict) and isinstance(i.get("property"), str) and "id" in i for i in group):
                return False
    return all(isinstance(p, str) for p in body["changedPropIds"])


def _value_problem(body: dict) -> str | None:
    """The first browser value of a well-formed payload whose type or shape is wrong (see dashboard.payloads)."""
    for key in ("inputs", "state"):
        for item in body.get(key, []):
            for i in item if isinstance(item, list) else [item]:
                found = payloads.problem(i["id"], i["property"], i.get("value"))
                if found:
                    return found
    return None


def install(server: flask.Flask, script_hashes: list[str], callback_map: dict[str, dict]) -> None:
    """Attach headers, request checks and error handlers to the Flask server behind the Dash app."""
    callbacks = {out: (len(cb.get("inputs", [])), len(cb.get("state", []))) for out, cb in callback_map.items()}
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    policies = {
        False: content_security_policy(script_hashes, embeddable=False),
        True: content_security_policy(script_hashes, embeddable=True),
    }

    @server.before_request
    def _check_request() -> flask.Response | None:
        path = flask.request.path
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in path) or ".." in path.split("/"):
            return _plain("Bad request: malformed path.", 400)
        if path not in KNOWN_EXACT and not path.startswith(KNOWN_PREFIXES):
            return _plain("Not found. The map is at /.", 404)
        if path.startswith(STRICT_PREFIXES) and path not in KNOWN_EXACT and not EMBED_COUNTY.fullmatch(path):
            # Dash's catch-all would serve the whole dashboard at a mistyped embed or download address
            return _plain("Not found. The map is at /.", 404)
        if path == "/_dash-update-component":
            if flask.request.method != "POST":
                return _plain("Method not allowed.", 405)
            try:
                body = flask.request.get_json(silent=True)
            except RecursionError:  # JSON nested deeper than the parser goes
                return _plain("Bad request: not a valid callback payload.", 400)
            if not _valid_callback_payload(body, callbacks):
                return _plain("Bad request: not a valid callback payload.", 400)
            wrong = _value_problem(body)
            if wrong:
                return _plain(f"Bad request: {wrong}.", 400)
        return None

    @server.after_request
    def _headers(resp: flask.Response) -> flask.Response:
        embeddable = flask.request.path.startswith(EMBED_PREFIX)
        resp.headers["Content-Security-Policy"] = policies[embeddable]
        if not embeddable:
            resp.headers["X-Frame-Options"] = "SAMEORIGIN"
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        resp.headers["Permissions-Policy"] = "geolocation=(), camera=(), microphone=()"
        resp.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        resp.headers.pop("Server", None)
        return resp

    @server.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> flask.Response:
        return _plain(f"{exc.code} {exc.name}.", exc.code or 400)

    @server.errorhandler(DependencyException)
    def _unknown_bundle(exc: DependencyException) -> flask.Response:
        return _plain("Not found.", 404)  # a script path naming no registered component library

    @server.errorhandler(Exception)
    def _unexpected(exc: Exception) -> flask.Response:
        log.exception("unhandled error on %s", flask.request.path)
        return _plain("Something went wrong on our side; the error has been logged.", 500)
