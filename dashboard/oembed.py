"""oEmbed 1.0 (https://oembed.com): ``/oembed?url=…&format=json`` answers for every embed address and every
view of the main page, so a CMS that is given a link embeds it; embed pages and the main page carry the
``<link rel="alternate" type="application/json+oembed">`` discovery tag.

- ``/embed/map``, ``/embed/timeline``, ``/embed/county/<fips>`` → that embed; ``/`` → the map embed of the same
  view. The answer is ``{"version": "1.0", "type": "rich", "html": <the page's snippet>, "width", "height",
  "title", "provider_name", "provider_url"}``; the snippet's address is canonical and pinned to a release
  (``release=``: the one served, or the one the link names, whose embed then says it is retired or unknown).
- ``format=xml`` (or any other) → 501, as the specification asks; an address of another host, another path, a
  parameter this map does not have or a value it cannot show → 404 with a one-line reason; a missing ``url`` or a
  ``maxwidth``/``maxheight`` that is not a whole number of pixels → 400. Never a 500.
- Language: the answer speaks the language of the address it is given (``lang=es`` there: the title and the
  iframe's title in Spanish, and the snippet's address keeps ``lang=es``). The one-line refusals are for the
  developer of the consumer and stay in English.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import parse_qs, urlencode, urlsplit

import flask
from dash import Dash

from dashboard import i18n, releases, security, snippets, viewstate
from dashboard.captions import PROJECT, caption, dated
from dashboard.data import Dataset
from dashboard.i18n import N_, _
from dashboard.viewstate import Bounds

ENDPOINT = "/oembed"
MAX_URL = 2000
_SIZE = re.compile(r"\d{1,5}")  # up to 99,999 px: more is no limit a screen has
_COUNTY = re.compile(r"/embed/county/([^/]{1,40})")


class NoEmbed(Exception):
    """The ``url`` names nothing this server embeds; the message is the one-line reason."""


def endpoint_href(root: str, page_url: str) -> str:
    """The discovery href for ``page_url`` (absolute) on the server at ``root`` (``https://host/``)."""
    return f"{root.rstrip('/')}{ENDPOINT}?{urlencode({'url': page_url, 'format': 'json'})}"


def discovery_tag(href: str, title: str) -> str:
    """``<link rel="alternate" type="application/json+oembed" …>`` for a page's ``<head>``."""
    return f'<link rel="alternate" type="application/json+oembed" href="{escape(href)}" title="{escape(title)}">'


def _same_host(netloc: str, scheme: str, host: str) -> bool:
    default = {"http": ":80", "https": ":443"}.get(scheme, "")
    netloc = netloc.lower().removesuffix(default)
    return netloc == host.lower().removesuffix(":80").removesuffix(":443")


def resolve(ds: Dataset, bounds: Bounds, url: str, host: str) -> tuple[str, str, str, str]:
    """``url`` → ``(kind, embed path + pinned query, title, language)``; :class:`NoEmbed` with the reason
    otherwise."""
    if len(url) > MAX_URL:
        raise NoEmbed("the url is too long")
    try:
        parts = urlsplit(url.strip())
        netloc, scheme = parts.netloc, parts.scheme.lower()
    except ValueError:
        raise NoEmbed("the url is malformed") from None
    if scheme not in ("http", "https") or not netloc:
        raise NoEmbed("the url must be an absolute http(s) address of this site")
    if not _same_host(netloc, scheme, host):
        raise NoEmbed("the url is not an address of this site")
    path, code = parts.path or "/", None
    found = _COUNTY.fullmatch(path)
    if found:
        code = bounds.resolve_county(found.group(1))[0] if re.fullmatch(r"\d{5}", found.group(1)) else None
        if code is None:
            raise NoEmbed(f"no county has the code “{viewstate._shown(found.group(1))}”")
        kind = "county"
    elif path in ("/", "/embed/map", "/embed/timeline"):
        kind = "timeline" if path == "/embed/timeline" else "map"
    else:
        raise NoEmbed("the url is not a view or embed of this map")
    try:
        args = parse_qs(parts.query, keep_blank_values=True, max_num_fields=viewstate.MAX_FIELDS)
    except ValueError:
        raise NoEmbed("the url has too many parameters") from None
    if code:  # the path names the county, as on /embed/county/<fips>
        args["county"] = [code]
    parsed = viewstate.parse(args, bounds)
    problems = [n for n in parsed.notices if n != parsed.release_notice]
    if problems:
        raise NoEmbed(viewstate.refusal(problems[0]).rstrip("."))
    if parsed.unknown:
        raise NoEmbed(f"“{viewstate._shown(parsed.unknown[0])}” is not a parameter of this map")
    asked = parsed.release_asked
    if parsed.release_notice and not releases.RELEASE_ID.fullmatch(asked or ""):
        raise NoEmbed(viewstate.refusal(parsed.release_notice).rstrip("."))
    release = parsed.release or asked or bounds.release  # a retired or unknown one stays: its embed says so
    # the page's address shows what the page shows: a county with no state opens its state (viewstate.page_view)
    view = viewstate.page_view(parsed.view, bounds) if path == "/" else parsed.view
    with i18n.language(view.lang):
        cap = caption(ds, view, kind)
        title = cap.title if kind == "county" else f"{cap.title}{dated(view)}"
    path = snippets.KINDS[kind].path + (code or "")
    return kind, path + viewstate.pinned(view, release), title, view.lang


def _limit(name: str) -> int | None:
    value = flask.request.args.get(name)
    if value is None or value == "":
        return None
    if not _SIZE.fullmatch(value) or int(value) == 0:
        raise ValueError(_("{name} must be a whole number of pixels from 1 to 99999.", name=name))
    return int(value)


def answer(ds: Dataset, bounds: Bounds) -> flask.Response:
    """The ``/oembed`` response for the current request."""
    request = flask.request
    fmt = request.args.get("format", "json")
    if fmt != "json":
        return security.plain(N_("Not implemented: only format=json is served."), 501)
    url = request.args.get("url")
    if not url:
        return security.plain(N_("Bad request: the url parameter is required."), 400)
    try:
        max_width, max_height = _limit("maxwidth"), _limit("maxheight")
    except ValueError as exc:
        return security.plain(N_("Bad request: {problem}"), 400, problem=str(exc))
    try:
        kind, target, title, lang = resolve(ds, bounds, url, request.host)
    except NoEmbed as exc:
        return security.plain(N_("Not found: {problem}."), 404, problem=str(exc))
    root = request.host_url.rstrip("/")
    with i18n.language(lang):
        html = snippets.snippet(root + target, kind, root, max_width=max_width, max_height=max_height)
    height = snippets.KINDS[kind].height
    body = {
        "version": "1.0",
        "type": "rich",
        "html": html,
        "width": min(snippets.DEFAULT_WIDTH, max_width or snippets.DEFAULT_WIDTH),
        "height": min(height, max_height or height),
        "title": title,
        "provider_name": PROJECT,
        "provider_url": request.host_url,
    }
    resp = flask.jsonify(body)
    resp.headers["Cache-Control"] = "public, max-age=300"
    return resp


def _index_discovery(app: Dash, title: str) -> None:
    """The main page's discovery tag (its own address: ``/`` maps to the map embed of the same view)."""
    original = app.interpolate_index

    def interpolate_index(**kwargs):
        try:
            href = endpoint_href(flask.request.host_url, flask.request.url)
        except RuntimeError:  # outside a request
            return original(**kwargs)
        kwargs["metas"] = kwargs.get("metas", "") + discovery_tag(href, i18n._(title))  # the page's language
        return original(**kwargs)

    app.interpolate_index = interpolate_index


def register(app: Dash, ds: Dataset, bounds: Bounds, title: str) -> None:
    """Attach ``/oembed`` and the main page's discovery tag (embed pages write their own: ``dashboard/embeds.py``)."""
    app.server.add_url_rule(ENDPOINT, "oembed", lambda: answer(ds, bounds))
    _index_discovery(app, title)
