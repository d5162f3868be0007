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

from dashboard import i18n, pagelang, payloads
from dashboard.i18n import N_, _

log = logging.getLogger("sc_rollout")

MAX_REQUEST_BYTES = 256 * 1024
EMBED_PREFIX = "/embed/"
#: Paths the app serves; anything else is a 404 rather than the dashboard rendered at a bogus address.
KNOWN_EXACT = {
    "/",
    "/methodology",
    "/healthz",
    "/_favicon.ico",
    "/favicon.ico",
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


#: Werkzeug's names of the errors a reader may meet, marked for translation.
ERROR_NAMES = {
    400: N_("Bad Request"),
    404: N_("Not Found"),
    405: N_("Method Not Allowed"),
    413: N_("Request Entity Too Large"),
    414: N_("Request-URI Too Long"),
    431: N_("Request Header Fields Too Large"),
}


def plain(message: str, status: int, **fields: object) -> flask.Response:
    """A plain-text, one-line error page in the request's language (``lang=es`` in the address, or the ``/es/``
    prefix): ``message`` is a catalog message (``N_``), ``fields`` fill it (already in that language)."""
    with i18n.language(_lang()):
        text = _(message, **{k: _(v) if k == "name" else v for k, v in fields.items()})
    return flask.Response(text + "\n", status=status, mimetype="text/plain")


def _lang() -> str:
    """The request's language (its ``/es/`` prefix or ``lang=``), English outside a request."""
    return pagelang.request_lang() if flask.has_request_context() else i18n.DEFAULT_LANG


def _not_found() -> flask.Response:
    """ "Not found. The map is at /." — pointing to the Spanish page (``/?lang=es``) from a Spanish address."""
    lang = _lang()
    return plain(N_("Not found. The map is at {url}."), 404, url="/" if lang == i18n.DEFAULT_LANG else f"/?lang={lang}")


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
            return plain(N_("Bad request: malformed path."), 400)
        if path not in KNOWN_EXACT and not path.startswith(KNOWN_PREFIXES):
            return _not_found()
        if path.startswith(STRICT_PREFIXES) and path not in KNOWN_EXACT and not EMBED_COUNTY.fullmatch(path):
            # Dash's catch-all would serve the whole dashboard at a mistyped embed or download address
            return _not_found()
        if path == "/_dash-update-component":
            if flask.request.method != "POST":
                return plain(N_("Method not allowed."), 405)
            try:
                body = flask.request.get_json(silent=True)
            except RecursionError:  # JSON nested deeper than the parser goes
                return plain(N_("Bad request: not a valid callback payload."), 400)
            if not _valid_callback_payload(body, callbacks):
                return plain(N_("Bad request: not a valid callback payload."), 400)
            wrong = _value_problem(body)
            if wrong:
                return plain(N_("Bad request: {problem}."), 400, problem=wrong)
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
        name = ERROR_NAMES.get(exc.code or 0)
        return plain(N_("{code} {name}."), exc.code or 400, code=exc.code, name=name or exc.name)

    @server.errorhandler(DependencyException)
    def _unknown_bundle(exc: DependencyException) -> flask.Response:
        return plain(N_("Not found."), 404)  # a script path naming no registered component library

    @server.errorhandler(Exception)
    def _unexpected(exc: Exception) -> flask.Response:
        log.exception("unhandled error on %s", flask.request.path)
        return plain(N_("Something went wrong on our side; the error has been logged."), 500)
