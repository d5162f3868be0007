"""The page's language on the wire (issue #14): ``/?lang=es`` is the Spanish page.

The layout is static per process (built and serialized once), so there is one layout per language. Dash's
renderer asks for the layout, the callback map and every callback at ``<requests_pathname_prefix>_dash-…``: the
Spanish page's index tells it to use ``/es/``, and :class:`LangPrefix` strips that prefix again before Flask sees
the request, recording the language in the WSGI environ. Every request then runs inside :func:`i18n.language`:
the prefix's language for the page's own requests, else the ``lang`` parameter (embeds, downloads, captions).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import flask
from dash import Dash

from dashboard import i18n, plotlylocale
from dashboard.press import PLOTLY_URL

ENVIRON_KEY = "sc.lang"
#: Only Dash's own machinery is served under a language prefix; a page address carries ``lang=`` instead.
_PREFIXED = re.compile(r"^/(?P<lang>[a-z]{2})(?P<rest>/(?:_dash-|_reload-hash|_favicon|assets/).*)$")


class LangPrefix:
    """WSGI middleware: ``/es/_dash-layout`` → ``/_dash-layout`` with ``environ["sc.lang"] = "es"``."""

    def __init__(self, app: Callable) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        found = _PREFIXED.match(environ.get("PATH_INFO", ""))
        if found and found["lang"] in i18n.LANGS and found["lang"] != i18n.DEFAULT_LANG:
            environ = {**environ, "PATH_INFO": found["rest"], ENVIRON_KEY: found["lang"]}
        return self.app(environ, start_response)


def request_lang() -> str:
    """The language of the current request: its prefix, else a valid ``lang`` parameter, else English."""
    prefixed = flask.request.environ.get(ENVIRON_KEY)
    if prefixed:
        return prefixed
    asked = flask.request.args.get("lang", "").strip().lower()
    return asked if asked in i18n.LANGS else i18n.DEFAULT_LANG


def prefix(lang: str) -> str:
    """Where Dash's requests go for a page in ``lang``: ``/`` or ``/es/``."""
    return "/" if lang == i18n.DEFAULT_LANG else f"/{lang}/"


#: Dash writes its config as JSON with "/" escaped as \u002f (so it is safe inside a script element).
#: plotly.js's tag in Dash's index (``external_scripts``); a language's plotly locale goes right after it.
_PLOTLY_TAG = f'<script src="{PLOTLY_URL}"></script>'
_RENDERER_PRELOADS = re.compile(r'href="/(?P<path>_dash-(?:layout|dependencies))"')
_CONFIG_PREFIX = re.compile(r'"requests_pathname_prefix":\s*"(?:/|\\u002f)"')


def install(app: Dash, title: Callable[[], str]) -> None:
    """Route ``/<lang>/_dash-…`` requests, run every request in its language, and write the index page in it:
    ``<html lang>``, the translated ``<title>`` (``title()`` is called inside the language) and Dash's requests
    sent under the language's prefix. Install after every other ``interpolate_index`` wrapper."""
    server = app.server
    server.wsgi_app = LangPrefix(server.wsgi_app)

    @server.before_request
    def enter_language() -> None:
        i18n._lang.set(request_lang())  # noqa: SLF001 - undone in leave_language

    @server.teardown_request
    def leave_language(_exc: BaseException | None) -> None:
        i18n._lang.set(i18n.DEFAULT_LANG)  # noqa: SLF001 - threads are reused: never leak a language

    original = app.interpolate_index

    def interpolate_index(**kwargs) -> str:
        lang = i18n.current()
        kwargs["title"] = title()
        page = original(**kwargs)
        page = page.replace("<html", f'<html lang="{lang}"', 1)
        if lang != i18n.DEFAULT_LANG:
            escaped = prefix(lang).replace("/", "\\u002f")
            page, found = _CONFIG_PREFIX.subn(lambda _m: f'"requests_pathname_prefix":"{escaped}"', page, count=1)
            if not found:  # a Dash upgrade changed its config: fail loudly rather than serve English callbacks
                raise RuntimeError("Dash's index no longer carries requests_pathname_prefix")
            # the preload hints of what the renderer asks for under the prefix (its chunks keep their script's URL)
            page = _RENDERER_PRELOADS.sub(lambda m: f'href="{prefix(lang)}{m["path"]}"', page)
            page = page.replace(_PLOTLY_TAG, _PLOTLY_TAG + plotlylocale.script_tag(), 1)  # plotly's own locale
        return page

    app.interpolate_index = interpolate_index
