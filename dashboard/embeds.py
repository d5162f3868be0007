"""Embeddable views: server-rendered HTML for ``/embed/map``, ``/embed/timeline`` and ``/embed/county/<fips>``,
and the routes that serve them, plotly.js and the caption endpoint.

Embeds are plain server-rendered HTML with no inline executable script: the figure travels as JSON in
``<script type="application/json" id="figure">``; plotly.js is served from this origin by :func:`register`.

Language: an embed speaks its view's language (``lang=es`` in its address: :func:`embed_chart` and
:func:`embed_county` enter it), says so in ``<html lang>``, and every link it carries keeps ``lang=`` (the full view
is :func:`dashboard.viewstate.pinned`, which writes it). What its scripts say is written here too (``data-msg-*``:
:data:`dashboard.press.MESSAGES`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

import flask
from dash import Dash

from dashboard import cards, i18n, plotlylocale, security, static, viewstate
from dashboard.captions import PROJECT, caption, credit, data_credit, dated
from dashboard.data import Dataset
from dashboard.htmlout import json_for_script, to_html
from dashboard.i18n import N_, _
from dashboard.oembed import discovery_tag, endpoint_href
from dashboard.press import (
    CHARTS,
    PLOTLY_JS,
    PLOTLY_URL,
    SIZE_LABELS,
    SIZES,
    chart_figure,
    image_spec,
    message_attrs,
    plot_config,
)
from dashboard.viewstate import Bounds, View

_FIPS = re.compile(r"\d{5}")

# ---------------------------------------------------------------------------------------------------------
# Server-rendered HTML


def _notices_html(parsed: viewstate.Parsed) -> str:
    items = parsed.notices + parsed.info
    if not items:
        return ""
    return '<div class="notice" role="status">' + " ".join(f"<p>{escape(n)}</p>" for n in items) + "</div>"


def _msg_attrs() -> str:
    """The scripts' messages as ``data-msg-*`` attributes (:func:`dashboard.press.message_attrs`)."""
    return "".join(f' {name}="{escape(text)}"' for name, text in message_attrs().items())


def _save_html() -> str:
    buttons = "".join(
        f'<button type="button" data-sc-export="{fmt}" data-sc-size="{size}">{fmt.upper()} {_(SIZE_LABELS[size])}'
        "</button>"
        for fmt in ("png", "svg")
        for size in SIZES
    )
    summary = escape(_("Save image"))
    return (
        f'<details class="save"><summary>{summary}</summary>'
        f'<div class="save-buttons">{buttons}</div><p class="save-status" role="status"{_msg_attrs()}></p></details>'
    )


def _page(*, title: str, description: str, canonical: str, body: str, scripts: bool, oembed: str = "") -> str:
    """An embed page; ``oembed``: the href of its oEmbed discovery tag (none when empty). Every embed posts its
    height to the host page (``assets/embed-size.js``)."""
    script_tags = (
        f'<script src="{PLOTLY_URL}" defer></script>{plotlylocale.script_tag().replace("></", " defer></")}'
        '<script src="/assets/press.js" defer></script><script src="/assets/embed.js" defer></script>'
        if scripts
        else ""
    ) + '<script src="/assets/embed-size.js" defer></script>'
    discovery = discovery_tag(oembed, title) if oembed else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{i18n.current()}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        f'<meta name="description" content="{escape(description)}">'
        f'<meta property="og:title" content="{escape(title)}">'
        f'<meta property="og:description" content="{escape(description)}">'
        f'<link rel="canonical" href="{escape(canonical)}">{discovery}'
        f'<link rel="stylesheet" href="/assets/embed.css">{script_tags}</head>'
        f'<body class="sc-embed">{body}</body></html>'
    )


def _credit_html(full_view: str, chart: str = "map", release: str = "", measure: str = "activation") -> str:
    data = data_credit(chart, measure) + (_(" · Release {release}", release=release) if release else "")
    link = f'<a href="{escape(full_view)}" target="_blank" rel="noopener">{escape(PROJECT)}</a>'
    # the credit's " · Map: {project}" with the project's name as a link (the message is the credit's own)
    mapped = escape(_(" · Map: {project}", project="\0")).replace("\0", link)
    full = escape(_("Open the full interactive view"))
    return (
        f'<p class="credit">{escape(data)}{mapped}'
        f' <a class="full-view" href="{escape(full_view)}" target="_blank" rel="noopener">{full} ↗</a></p>'
    )


@lru_cache(maxsize=64)  # keyed by the canonical view; a figure's JSON each (the map's: ~250 KB)
def _chart_spec(ds: Dataset, view: View, chart: str) -> str:
    spec = {"chart": chart, "figure": chart_figure(ds, view, chart), "plotConfig": plot_config()}
    return json_for_script({**spec, **image_spec(ds, view, chart)})


@lru_cache(maxsize=128)  # keyed by the canonical view
def _county_card_html(ds: Dataset, fips: str, view: View) -> str:
    return to_html(cards.county_card(ds, fips, view))


def embed_chart(ds: Dataset, parsed: viewstate.Parsed, chart: str, oembed: str = "") -> str:
    """``/embed/map`` or ``/embed/timeline``: title line, date, notices, the chart, credit — nothing else."""
    with i18n.language(parsed.view.lang):
        return _embed_chart(ds, parsed, chart, oembed)


def _embed_chart(ds: Dataset, parsed: viewstate.Parsed, chart: str, oembed: str) -> str:
    view = parsed.view
    cap = caption(ds, view, chart)
    full_view = "/" + viewstate.pinned(view, parsed.release)
    label = _("County map") if chart == "map" else _("Chart of coverage over time")
    note = "".join(f'<p class="note">{escape(line)}</p>' for line in cap.note.split("\n") if line)
    body = (
        f'<figure class="sc-figure" aria-labelledby="sc-title">'
        f'<header><h1 id="sc-title">{escape(cap.title)}</h1><p class="dateline">{escape(cap.dateline)}</p>'
        f"{note}</header>{_notices_html(parsed)}"
        f'<div id="chart" class="chart chart-{chart}" role="img" aria-label="{escape(label)}: {escape(cap.title)}"'
        f' aria-describedby="sc-alt"{_msg_attrs()}><noscript><p>{escape(cap.alt)}</p></noscript></div>'
        f'<figcaption id="sc-alt" class="sr-only">{escape(cap.alt)}</figcaption>'
        f"<footer>{_credit_html(full_view, chart, ds.release_id, view.measure)}{_save_html()}</footer></figure>"
        f'<script type="application/json" id="figure">{_chart_spec(ds, view, chart)}</script>'
    )
    return _page(
        title=f"{cap.title}{dated(view)} · {PROJECT}",
        description=cap.alt,
        canonical=full_view,
        body=body,
        scripts=True,
        oembed=oembed,
    )


def embed_county(ds: Dataset, parsed: viewstate.Parsed, fips: str, oembed: str = "") -> str:
    """``/embed/county/<fips>``: the county card as static HTML with title, date and credit."""
    with i18n.language(parsed.view.lang):
        return _embed_county(ds, parsed, fips, oembed)


def _embed_county(ds: Dataset, parsed: viewstate.Parsed, fips: str, oembed: str) -> str:
    view = parsed.view
    cap = caption(ds, view, "county")
    full_view = "/" + viewstate.pinned(view, parsed.release)
    body = (
        f'<article class="sc-figure sc-county" aria-labelledby="sc-title">'
        f'<header><h1 id="sc-title">{escape(cap.title)}</h1><p class="dateline">{escape(cap.dateline)}</p>'
        f"</header>{_notices_html(parsed)}"
        f'<p class="sr-only">{escape(cap.alt)}</p>'
        f'<div class="card-wrap">{_county_card_html(ds, fips, view)}</div>'
        f"<footer>{_credit_html(full_view, 'county', ds.release_id)}</footer></article>"
    )
    return _page(
        title=f"{cap.title} · {PROJECT}",
        description=cap.alt,
        canonical=full_view,
        body=body,
        scripts=False,
        oembed=oembed,
    )


def not_found_page(code: str) -> str:
    """The 404 page of ``/embed/county/<code>``, in the request's language (its link keeps ``lang=``)."""
    home = "/" if i18n.current() == i18n.DEFAULT_LANG else f"/?lang={i18n.current()}"
    words = [
        _("County not found"),
        _("No county has the code “{code}”.", code=viewstate._shown(code)),
        _("County codes are 5-digit FIPS codes, such as 48201 for Harris County, Texas."),
        _("Open the {project}", project=PROJECT),
        _("to find a county."),
    ]
    heading, missing, codes, open_map, to_find = (escape(w) for w in words)
    body = (
        f'<article class="sc-figure sc-missing"><header><h1>{heading}</h1></header>'
        f"<p>{missing} {codes}</p>"
        f'<p><a href="{home}" target="_blank" rel="noopener">{open_map}</a> {to_find}</p>'
        f'<footer><p class="credit">{escape(credit())}</p></footer></article>'
    )
    return _page(
        title=_("County not found · {project}", project=PROJECT),
        description=_("No county has this code."),
        canonical=home,
        body=body,
        scripts=False,
    )


# ---------------------------------------------------------------------------------------------------------
# Routes, the main page's text alternatives and its per-view title


@lru_cache(maxsize=1)
def _plotly_body() -> static.Body:
    return static.Body(PLOTLY_JS.read_bytes(), "text/javascript")


def _html(text: str, status: int = 200) -> flask.Response:
    resp = flask.Response(text, status=status, mimetype="text/html")
    resp.headers["Cache-Control"] = "public, max-age=300"
    return resp


def _index_with_view(app: Dash, ds: Dataset, bounds: Bounds) -> None:
    """Give the main page a meta description (the map's text alternative) and og:title for the view in its URL,
    so shared links preview with what they show."""
    original = app.interpolate_index
    described = re.compile(r'<meta name="description" content="[^"]*"\s*/?>')

    def interpolate_index(**kwargs):
        try:
            args = flask.request.args.to_dict(flat=False)
        except RuntimeError:  # outside a request
            args = {}
        view = viewstate.parse(args, bounds).view
        cap = caption(ds, view, "map")
        title = f"{cap.title}{dated(view, ', ')} — {PROJECT}"
        metas = kwargs.get("metas", "")
        tags = (
            f'<meta name="description" content="{escape(cap.alt)}">'
            f'<meta property="og:title" content="{escape(title)}">'
            f'<meta property="og:description" content="{escape(cap.alt)}">'
        )
        metas, n = described.subn(lambda _m: tags, metas, count=1)
        kwargs["metas"] = metas if n else metas + tags
        return original(**kwargs)  # the <title> stays the page's own (layout.TITLE); og:title names the view

    app.interpolate_index = interpolate_index


def register(app: Dash, ds: Dataset, bounds: Bounds) -> None:
    """Attach the embed routes, the plotly.js route, the caption endpoint and the main page's per-view meta
    description."""
    server = app.server

    def parsed_args() -> viewstate.Parsed:
        return viewstate.parse(flask.request.args.to_dict(flat=False), bounds)

    def discovery() -> str:
        return endpoint_href(flask.request.host_url, flask.request.url)

    @server.get("/embed/map")
    def embed_map() -> flask.Response:
        return _html(embed_chart(ds, parsed_args(), "map", discovery()))

    @server.get("/embed/timeline")
    def embed_timeline() -> flask.Response:
        return _html(embed_chart(ds, parsed_args(), "timeline", discovery()))

    @server.get("/embed/county/<code>")
    def embed_county_card(code: str) -> flask.Response:
        found, _note = bounds.resolve_county(code) if _FIPS.fullmatch(code) else (None, None)
        if found is None:
            return _html(not_found_page(code), 404)
        if found != code:  # a post-2010 code (46102 Oglala Lakota): the embed of its 2010 county
            query = flask.request.query_string.decode("ascii", "replace")
            return flask.redirect(f"/embed/county/{found}" + (f"?{query}" if query else ""), 301)
        args = flask.request.args.to_dict(flat=False)
        args["county"] = [code]
        return _html(embed_county(ds, viewstate.parse(args, bounds), code, discovery()))

    @server.get("/embed/caption.json")
    def caption_json() -> flask.Response:
        """The caption overlay for the page's own export buttons (assets/press.js)."""
        chart = flask.request.args.get("chart", "map")
        if chart not in CHARTS:
            return security.plain(N_("Bad request: chart must be map or timeline."), 400)
        view = parsed_args().view
        return flask.jsonify(image_spec(ds, view, chart))

    for lang, url in plotlylocale.URLS.items():
        server.add_url_rule(
            url,
            f"plotly_locale_{lang}",
            lambda lang=lang: static.public(plotlylocale.body(lang).response(static.IMMUTABLE)),
        )

    @server.get(PLOTLY_URL)
    def plotly_js() -> flask.Response:
        """plotly.js from this origin (no third party), for the page and the embeds; fingerprinted URL, immutable."""
        return static.public(_plotly_body().response(static.IMMUTABLE))

    _index_with_view(app, ds, bounds)
