"""For the press: captions, text alternatives, embeddable views and the image-export composition.

One set of pure functions writes every word a reader sees around a chart — the title line, the date line, the
source credit and the plain-language text alternative — so the embeds (``/embed/map``, ``/embed/timeline``,
``/embed/county/<fips>``), the export buttons in the browser (``assets/press.js``) and the export command
(``python -m dashboard.export``) all carry identical text:

- :func:`caption` -> :class:`Caption` (title, date line, note, credit, alt text) for a chart and a view;
- :func:`overlay` -> the layout additions that draw that caption into an image (title, subtitle, credit, white
  background, margins); :func:`compose` merges them into a figure (mirrored by ``compose`` in ``press.js``);
- :func:`captioned_map` / :func:`captioned_timeline` -> the finished figure for an image.

Embeds are plain server-rendered HTML with no inline executable script: the figure travels as JSON in
``<script type="application/json" id="figure">``; plotly.js is served from this origin by :func:`register`.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

import flask
import pandas as pd
import plotly
from dash import Dash
from dash.development.base_component import Component
from plotly.offline import get_plotlyjs_version

from dashboard import cards, coverage, detainers, figures, layout, static, timeline, viewstate
from dashboard.data import Dataset
from dashboard.text import count_noun, fmt_day, place, share_of, states_phrase
from dashboard.viewstate import Bounds, View

PROJECT = layout.PROJECT
DATA_CREDIT = "Data: ICE activation list as transcribed by Vargas-Núñez et al. (PNAS 2026); U.S. Census Bureau"
CHARTS = ("map", "timeline")

# plotly.js for the embeds: the geo partial bundle vendored for the main page when present (choropleth + scatter,
# a third of the size), else the full build that ships with the plotly package. Same version either way.
_VENDORED = Path(__file__).resolve().parent.parent / "assets" / "vendor" / f"plotly-geo-{get_plotlyjs_version()}.min.js"
PLOTLY_JS = (
    _VENDORED if _VENDORED.is_file() else Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
)
#: Fingerprinted by content, so it is served immutable (dashboard/static.py) to the page and the embeds alike.
_PLOTLY_HASH = hashlib.sha256(PLOTLY_JS.read_bytes()).hexdigest()[:12]
PLOTLY_URL = f"/vendor/{PLOTLY_JS.name.removesuffix('.min.js')}.{_PLOTLY_HASH}.min.js"

# Publication sizes: (CSS width, CSS height, scale). "print" is the landscape layout drawn at twice the pixel
# density — 2400 x 1600 px — so its text sits exactly where it does at 1200 x 800.
SIZES: dict[str, tuple[int, int, int]] = {
    "landscape": (1200, 800, 1),
    "square": (1080, 1080, 1),
    "print": (1200, 800, 2),
}
SIZE_LABELS = {"landscape": "1200 × 800", "square": "1080 × 1080", "print": "2400 × 1600 (print)"}

_FIPS = re.compile(r"\d{5}")


def credit(chart: str = "map") -> str:
    """The source credit drawn under every chart, image and embed (the timeline also credits its detainer counts)."""
    detainers = {
        "timeline": "; detainers: ICE FOIA records via NPR (2016)",
        "county": "; detainers: TRAC (2017) and ICE FOIA records via NPR (2016)",
    }.get(chart, "")
    return f"{DATA_CREDIT}{detainers} · Map: {PROJECT}"


@dataclass(frozen=True)
class Caption:
    """Everything written around one chart for one view."""

    title: str
    dateline: str
    note: str  # selected / compared counties, or ""
    credit: str
    alt: str  # plain-language text alternative, generated from the data


# ---------------------------------------------------------------------------------------------------------
# Numbers for a scope and date (pure, cached per dataset and scope)


@lru_cache(maxsize=64)  # one per scope (the US, 51 states); read-only
def _scope_rows(ds: Dataset, state: str | None) -> pd.DataFrame:
    return ds.counties if state is None else ds.counties[ds.counties["state"] == state]


def scope_name(ds: Dataset, state: str | None) -> str:
    return "the US" if state is None else str(_scope_rows(ds, state)["state_name"].iloc[0])


@lru_cache(maxsize=64)
def _coverage(ds: Dataset, state: str | None) -> pd.DataFrame:
    return coverage.coverage_table(_scope_rows(ds, state), ds.dates).set_index("date")


def precompute(ds: Dataset, state: str | None) -> None:
    """Fill the per-scope caches behind the captions and text alternatives (called once per scope at start-up)."""
    _coverage(ds, state)


def _row(ds: Dataset, view: View) -> pd.Series:
    cov, day = _coverage(ds, view.state), pd.Timestamp(view.date)
    if day in cov.index:
        return cov.loc[day]
    # a day before the first activation (the only view date that is not an activation date)
    return coverage.coverage_table(_scope_rows(ds, view.state), (day,)).set_index("date").loc[day]


def _first_to_reach(ds: Dataset, state: str | None, column: str, threshold: float) -> pd.Timestamp:
    table = _coverage(ds, state)
    values = 100 * table["counties"] / table["counties_total"] if column == "counties" else table[column]
    return table.index[(values >= threshold).to_numpy().argmax()]


def _pct(value: float) -> str:
    """A share as readers say it: "55.1%", "100%", "0%", and never "0%" or "100%" when it is not exactly so."""
    if value == 0 or value == 100:
        return f"{value:.0f}%"
    if value < 0.05:
        return "under 0.1%"
    if value >= 99.95:
        return "over 99.9%"
    return f"{value:.1f}%"


def _states(ds: Dataset, view: View) -> str:
    """States (and DC) with at least one active county on the view's date: "38 states", "50 states and DC"."""
    c = ds.counties
    active = set(c.loc[c["activation_date"] <= pd.Timestamp(view.date), "state"])
    return states_phrase(len(active), "DC" in active)


def _marked(ds: Dataset, view: View) -> tuple[str, str]:
    """(note for images, sentence for the alt text) about the selected and compared counties."""
    note, alt = [], []
    if view.county:
        row = ds.county(view.county)
        facts = cards.order_facts(ds, row)
        note.append(f"Outlined: {row['name']}, {row['state']}, activated {fmt_day(row['activation_date'])}")
        alt.append(
            f"Outlined: {place(row['name'], row['state_name'])}, activated on {fmt_day(row['activation_date'])}, "
            f"the {facts['national']}."
        )
    others = [c for c in view.compare if c != view.county]
    if others:
        rows = [ds.county(c) for c in others]
        listed = [f"{r['name']}, {r['state']} ({fmt_day(r['activation_date'])})" for r in rows]
        more = f" and {len(listed) - 2} more" if len(listed) > 3 else ""
        note.append("Compared: " + "; ".join(listed if not more else listed[:2]) + more)
        alt.append(f"Also marked for comparison: {'; '.join(listed)}.")
    return " · ".join(note), " ".join(alt)


# ---------------------------------------------------------------------------------------------------------
# Captions and text alternatives


def alt_text(ds: Dataset, view: View, chart: str = "map") -> str:
    """The chart as plain language, every number computed from the dataset (alt text, caption, description)."""
    return caption(ds, view, chart).alt


def _map_alt(ds: Dataset, view: View) -> str:
    row = _row(ds, view)
    scope = _scope_rows(ds, view.state)
    total, active = int(row["counties_total"]), int(row["counties"])
    day = fmt_day(view.date)
    first = scope.loc[scope["activation_date"].idxmin()]
    last_day = scope["activation_date"].max()
    noncit = "" if pd.isna(row["noncit_pct"]) else f" and {_pct(row['noncit_pct'])} of non-citizen residents"
    counties = share_of(active, total, "county", "counties")
    if active == 0:
        any_of = "its only county" if total == 1 else f"any of the {total:,} counties"
        text = f"By {day}, Secure Communities was not yet active in {any_of} in " + (
            "the US. " if view.state is None else f"{scope_name(ds, view.state)}. "
        )
        start = (
            f"Its first county, {place(first['name'], first['state_name'])}, was switched on "
            f"{fmt_day(first['activation_date'])}; the last on {fmt_day(last_day)}."
        )
    elif view.state is None:
        text = (
            f"By {day}, Secure Communities was active in {counties} in {_states(ds, view)}, "
            f"home to {_pct(row['pop_pct'])} of the US population (2010 Census){noncit} (ACS 2006-2010). "
        )
        start = (
            f"It began in {place(first['name'], first['state_name'])} on {fmt_day(first['activation_date'])}"
            f" and reached every county on {fmt_day(last_day)}."
        )
    else:
        name = scope_name(ds, view.state)
        text = (
            f"By {day}, Secure Communities was active in {counties} in {name}, "
            f"home to {_pct(row['pop_pct'])} of the state's population (2010 Census){noncit} (ACS 2006-2010). "
        )
        start = (
            f"{name}'s first county, {first['name']}, was switched on {fmt_day(first['activation_date'])}; "
            f"the state reached 100% on {fmt_day(last_day)}."
        )
    if active == 0:
        shown = ""
    elif view.mode == "status":
        today = int((scope["activation_date"] == pd.Timestamp(view.date)).sum())
        on_day = (
            f"the {count_noun(today, 'county', 'counties')} switched on that day in orange"
            if today
            else ("none switched on that day")
        )
        shown = f"The map shows active counties in blue, {on_day}" + (
            f" and the {total - active:,} not yet active in grey. " if active < total else ". "
        )
    else:
        shown = "The map colours each active county by the date it was switched on" + (
            f"; the {total - active:,} not yet active are grey. " if active < total else ". "
        )
    _, marked = _marked(ds, view)
    return (text + shown + start + (" " + marked if marked else "")).strip()


def _timeline_alt(ds: Dataset, view: View) -> str:
    row = _row(ds, view)
    name = scope_name(ds, view.state)
    people = "the US population" if view.state is None else f"the population of {name}"
    table = _coverage(ds, view.state)
    half_pop = _first_to_reach(ds, view.state, "pop_pct", 50)
    half_cty = _first_to_reach(ds, view.state, "counties", 50)
    counties_pct = 100 * row["counties"] / row["counties_total"]
    noncit = "" if pd.isna(row["noncit_pct"]) else f" and {_pct(row['noncit_pct'])} of non-citizens"
    every = share_of(int(row["counties_total"]), int(row["counties_total"]), "county", "counties")
    text = (
        f"Line chart of the share of counties, of {people} (2010 Census) and of non-citizen residents "
        f"(ACS 2006-2010) under Secure Communities in {name}, from {fmt_day(table.index[0])} to "
        f"{fmt_day(table.index[-1])}. Half of the population was covered by {fmt_day(half_pop)}, half of the "
        f"counties by {fmt_day(half_cty)}, and {every} by "
        f"{fmt_day(_scope_rows(ds, view.state)['activation_date'].max())}. "
    )
    if int(row["counties"]) == 0:
        text += f"Marked: {fmt_day(view.date)}, before the first county in {name} was switched on."
    else:
        text += (
            f"Marked: {fmt_day(view.date)}, when {_pct(counties_pct)} of counties ({int(row['counties']):,}), "
            f"{_pct(row['pop_pct'])} of the population{noncit} were covered."
        )
    text += " " + timeline.detainers_and_milestones_alt(ds)
    _, marked = _marked(ds, view)
    return text + (" " + marked if marked else "")


def county_alt(ds: Dataset, fips: str, view: View) -> str:
    row = ds.county(fips)
    facts = cards.order_facts(ds, row)
    status = "active" if pd.Timestamp(view.date) >= row["activation_date"] else "not yet active"
    days = "" if int(row["days_after_first"]) == 0 else f"; {facts['days']}"
    return (
        f"{place(row['name'], row['state_name'])}: Secure Communities was activated on "
        f"{fmt_day(row['activation_date'])}, the {facts['national']} and the {facts['state']}{days}; "
        f"{facts['completion']}. It was {status} on {fmt_day(view.date)}. "
        + " ".join(detainers.detainer_lines(detainers.county_detainers(ds, fips)))
    )


@lru_cache(maxsize=256)  # keyed by the canonical view: the page's meta tags, embeds and exports ask again and again
def caption(ds: Dataset, view: View, chart: str = "map") -> Caption:
    """Title line, date line, note, credit and alt text for ``chart`` ("map", "timeline" or "county")."""
    row = _row(ds, view)
    name = scope_name(ds, view.state)
    note, _ = _marked(ds, view)
    day = fmt_day(view.date)
    people = "the US population" if view.state is None else f"the population of {name}"
    states = f" in {_states(ds, view)}" if view.state is None and int(row["counties"]) else ""
    coverage_line = (
        f"{int(row['counties']):,} of {count_noun(int(row['counties_total']), 'county', 'counties')}{states}, "
        f"{_pct(row['pop_pct'])} of {people}"
    )
    if chart == "timeline":
        title = "Secure Communities coverage over time" + ("" if view.state is None else f" in {name}")
        dateline = f"Dotted line: {day} — {coverage_line}"
        key = timeline.milestone_key()
        milestones = "Milestones: " + " · ".join(key[:3]) + "\n" + " · ".join(key[3:])
        note = f"{note}\n{milestones}" if note else milestones
        return Caption(title, dateline, note, credit("timeline"), _timeline_alt(ds, view))
    if chart == "county" and view.county:
        r = ds.county(view.county)
        title = f"Secure Communities in {place(r['name'], r['state_name'])}"
        status = "active" if pd.Timestamp(view.date) >= r["activation_date"] else "not yet active"
        dateline = f"Activated {fmt_day(r['activation_date'])} · {status} on {day}"
        return Caption(title, dateline, "", credit("county"), county_alt(ds, view.county, view))
    title = "Secure Communities, county by county" if view.state is None else f"Secure Communities in {name}"
    lead = "Status on" if view.mode == "status" else "Active by"
    dateline = f"{lead} {day}: {coverage_line}"
    return Caption(title, dateline, note, credit(), _map_alt(ds, view))


# ---------------------------------------------------------------------------------------------------------
# The caption drawn into a figure (images)


def _plot_text(text: str) -> str:
    """Data text made safe for plotly's small HTML subset (only our own <b>/<br> tags are markup)."""
    return escape(text, quote=False)


def overlay(cap: Caption, chart: str = "map") -> dict:
    """Layout additions that draw a caption into an image: title + date line on top, credit at the bottom.

    Merged into a figure by :func:`compose` (and by ``compose`` in ``assets/press.js`` for the live page)."""
    subtitle = _plot_text(cap.dateline) + (f"<br>{_plot_text(cap.note)}".replace("\n", "<br>") if cap.note else "")
    top = 96 + 20 * (cap.note.count("\n") + 1 if cap.note else 0)
    bottom = 64
    return {
        "layout": {
            "title": {
                "text": f"<b>{_plot_text(cap.title)}</b>",
                "subtitle": {"text": subtitle, "font": {"size": 15, "color": "#333333"}},
                "font": {"size": 23, "color": "#111111"},
                "x": 0,
                "xref": "paper",
                "xanchor": "left",
                "y": 1,
                "yref": "container",
                "yanchor": "top",
                "pad": {"t": 18},
                "automargin": False,
            },
            "margin": {"t": top, "b": bottom, "l": 72 if chart == "timeline" else 28, "r": 28, "autoexpand": True},
            "paper_bgcolor": "#ffffff",
            "plot_bgcolor": "#ffffff",
            "showlegend": True,
            "dragmode": False,
        },
        "annotations": [
            {
                "text": _plot_text(cap.credit),
                "name": "credit",
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "xanchor": "left",
                "yanchor": "bottom",
                "yshift": -(bottom - 12),
                "showarrow": False,
                "align": "left",
                "font": {"size": 13, "color": "#444444"},
            }
        ],
    }


def compose(figure: dict, extra: dict) -> dict:
    """``figure`` with an :func:`overlay` merged in: layout keys replaced, annotations appended."""
    lay = {**figure.get("layout", {}), **extra["layout"]}
    lay["annotations"] = list(figure.get("layout", {}).get("annotations", [])) + list(extra["annotations"])
    return {**figure, "layout": lay}


def _timeline(ds: Dataset, view: View) -> dict:
    return timeline.timeline_figure(ds, _coverage(ds, view.state).reset_index(), view, scope_name(ds, view.state))


def chart_figure(ds: Dataset, view: View, chart: str) -> dict:
    return figures.map_figure(ds, view) if chart == "map" else _timeline(ds, view)


def captioned_map(ds: Dataset, view: View) -> dict:
    """The map with title, date, legend (colour bar) and credit drawn in: the image the page and CLI export."""
    return compose(figures.map_figure(ds, view), overlay(caption(ds, view, "map"), "map"))


def captioned_timeline(ds: Dataset, view: View) -> dict:
    """The coverage timeline with title, date, legend and credit drawn in."""
    return compose(_timeline(ds, view), overlay(caption(ds, view, "timeline"), "timeline"))


def filename(view: View, chart: str) -> str:
    return f"secure-communities-{chart}-{(view.state or 'us').lower()}-{view.date.isoformat()}"


def plot_config() -> dict:
    return {
        "topojsonURL": figures.TOPOJSON_URL,
        "displaylogo": False,
        "responsive": True,
        "scrollZoom": False,
        "displayModeBar": False,
    }


def image_spec(ds: Dataset, view: View, chart: str) -> dict:
    """What the browser needs to export ``chart`` for ``view``: the caption overlay, file name and sizes."""
    cap = caption(ds, view, chart)
    return {
        "overlay": overlay(cap, chart),
        "alt": cap.alt,
        "filename": filename(view, chart),
        "sizes": SIZES,
        "config": {"topojsonURL": figures.TOPOJSON_URL},
    }


# ---------------------------------------------------------------------------------------------------------
# Server-rendered HTML


def json_for_script(value: object) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` survive literally, so
    neither ``</script>`` nor ``<!--`` can end or confuse the element (JSON.parse restores them)."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_ATTR_NAMES = {"className": "class", "htmlFor": "for"}
_VOID = {"br", "hr", "img", "input", "meta", "link"}


def to_html(node: object) -> str:
    """Render a tree of ``dash.html`` components (e.g. the county card) to escaped static HTML."""
    if node is None:
        return ""
    if isinstance(node, (list, tuple)):
        return "".join(to_html(n) for n in node)
    if isinstance(node, Component):
        tag = node._type.lower()
        props = node.to_plotly_json()["props"]
        attrs = []
        for key, value in props.items():
            if key in ("children", "style", "n_clicks", "n_clicks_timestamp", "disable_n_clicks") or value is None:
                continue
            if key.startswith("on") or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_:-]*", key):
                continue  # never emit event handlers or odd names
            name = _ATTR_NAMES.get(key, key)
            if name == "href" and not re.match(r"(https?://|/|#)", str(value)):
                continue
            attrs.append(f' {name}="{escape(str(value))}"')
        inner = to_html(props.get("children"))
        if tag in _VOID:
            return f"<{tag}{''.join(attrs)}>"
        return f"<{tag}{''.join(attrs)}>{inner}</{tag}>"
    return escape(str(node), quote=False)


def _notices_html(parsed: viewstate.Parsed) -> str:
    items = parsed.notices + parsed.info
    if not items:
        return ""
    return '<div class="notice" role="status">' + " ".join(f"<p>{escape(n)}</p>" for n in items) + "</div>"


def _save_html() -> str:
    buttons = "".join(
        f'<button type="button" data-sc-export="{fmt}" data-sc-size="{size}">{fmt.upper()} {SIZE_LABELS[size]}</button>'
        for fmt in ("png", "svg")
        for size in SIZES
    )
    return (
        '<details class="save"><summary>Save image</summary>'
        f'<div class="save-buttons">{buttons}</div><p class="save-status" role="status"></p></details>'
    )


def _page(*, title: str, description: str, canonical: str, body: str, scripts: bool) -> str:
    script_tags = (
        f'<script src="{PLOTLY_URL}" defer></script>'
        '<script src="/assets/press.js" defer></script><script src="/assets/embed.js" defer></script>'
        if scripts
        else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        f'<meta name="description" content="{escape(description)}">'
        f'<meta property="og:title" content="{escape(title)}">'
        f'<meta property="og:description" content="{escape(description)}">'
        f'<link rel="canonical" href="{escape(canonical)}">'
        f'<link rel="stylesheet" href="/assets/embed.css">{script_tags}</head>'
        f'<body class="sc-embed">{body}</body></html>'
    )


def _credit_html(full_view: str, chart: str = "map") -> str:
    data = credit(chart).rsplit(" · Map: ", 1)[0]
    return (
        f'<p class="credit">{escape(data)} · Map: '
        f'<a href="{escape(full_view)}" target="_blank" rel="noopener">{escape(PROJECT)}</a>'
        f' <a class="full-view" href="{escape(full_view)}" target="_blank" rel="noopener">'
        "Open the full interactive view ↗</a></p>"
    )


@lru_cache(maxsize=64)  # keyed by the canonical view; a figure's JSON each (the map's: ~250 KB)
def _chart_spec(ds: Dataset, view: View, chart: str) -> str:
    spec = {"chart": chart, "figure": chart_figure(ds, view, chart), "plotConfig": plot_config()}
    return json_for_script({**spec, **image_spec(ds, view, chart)})


@lru_cache(maxsize=128)  # keyed by the canonical view
def _county_card_html(ds: Dataset, fips: str, view: View) -> str:
    return to_html(cards.county_card(ds, fips, view))


def embed_chart(ds: Dataset, parsed: viewstate.Parsed, chart: str) -> str:
    """``/embed/map`` or ``/embed/timeline``: title line, date, notices, the chart, credit — nothing else."""
    view = parsed.view
    cap = caption(ds, view, chart)
    full_view = "/" + viewstate.serialize(view)
    label = "County map" if chart == "map" else "Chart of coverage over time"
    note = "".join(f'<p class="note">{escape(line)}</p>' for line in cap.note.split("\n") if line)
    body = (
        f'<figure class="sc-figure" aria-labelledby="sc-title">'
        f'<header><h1 id="sc-title">{escape(cap.title)}</h1><p class="dateline">{escape(cap.dateline)}</p>'
        f"{note}</header>{_notices_html(parsed)}"
        f'<div id="chart" class="chart chart-{chart}" role="img" aria-label="{escape(label)}: {escape(cap.title)}"'
        f' aria-describedby="sc-alt"><noscript><p>{escape(cap.alt)}</p></noscript></div>'
        f'<figcaption id="sc-alt" class="sr-only">{escape(cap.alt)}</figcaption>'
        f"<footer>{_credit_html(full_view, chart)}{_save_html()}</footer></figure>"
        f'<script type="application/json" id="figure">{_chart_spec(ds, view, chart)}</script>'
    )
    return _page(
        title=f"{cap.title} — {fmt_day(view.date)} · {PROJECT}",
        description=cap.alt,
        canonical=full_view,
        body=body,
        scripts=True,
    )


def embed_county(ds: Dataset, parsed: viewstate.Parsed, fips: str) -> str:
    """``/embed/county/<fips>``: the county card as static HTML with title, date and credit."""
    view = parsed.view
    cap = caption(ds, view, "county")
    full_view = "/" + viewstate.serialize(view)
    body = (
        f'<article class="sc-figure sc-county" aria-labelledby="sc-title">'
        f'<header><h1 id="sc-title">{escape(cap.title)}</h1><p class="dateline">{escape(cap.dateline)}</p>'
        f"</header>{_notices_html(parsed)}"
        f'<p class="sr-only">{escape(cap.alt)}</p>'
        f'<div class="card-wrap">{_county_card_html(ds, fips, view)}</div>'
        f"<footer>{_credit_html(full_view, 'county')}</footer></article>"
    )
    return _page(title=f"{cap.title} · {PROJECT}", description=cap.alt, canonical=full_view, body=body, scripts=False)


def not_found_page(code: str) -> str:
    body = (
        '<article class="sc-figure sc-missing"><header><h1>County not found</h1></header>'
        f"<p>No county has the code “{escape(viewstate._shown(code))}”. County codes are 5-digit FIPS codes, "
        'such as 48201 for Harris County, Texas.</p><p><a href="/" target="_blank" rel="noopener">'
        f"Open the {escape(PROJECT)}</a> to find a county.</p>"
        f'<footer><p class="credit">{escape(credit())}</p></footer></article>'
    )
    return _page(
        title=f"County not found · {PROJECT}",
        description="No county has this code.",
        canonical="/",
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
        title = f"{cap.title}, {fmt_day(view.date)} — {PROJECT}"
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


@lru_cache(maxsize=256)  # keyed by the canonical view
def alternatives(ds: Dataset, view: View) -> tuple[str, str]:
    """The main page's text alternatives (``#map-alt``, ``#timeline-alt`` in the footer), for its URL callback."""
    return alt_text(ds, view, "map"), alt_text(ds, view, "timeline")


def register(app: Dash, ds: Dataset, bounds: Bounds) -> None:
    """Attach the embed routes, the plotly.js route, the caption endpoint and the main page's per-view meta
    description."""
    server = app.server

    def parsed_args() -> viewstate.Parsed:
        return viewstate.parse(flask.request.args.to_dict(flat=False), bounds)

    @server.get("/embed/map")
    def embed_map() -> flask.Response:
        return _html(embed_chart(ds, parsed_args(), "map"))

    @server.get("/embed/timeline")
    def embed_timeline() -> flask.Response:
        return _html(embed_chart(ds, parsed_args(), "timeline"))

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
        return _html(embed_county(ds, viewstate.parse(args, bounds), code))

    @server.get("/embed/caption.json")
    def caption_json() -> flask.Response:
        """The caption overlay for the page's own export buttons (assets/press.js)."""
        chart = flask.request.args.get("chart", "map")
        if chart not in CHARTS:
            return flask.Response("Bad request: chart must be map or timeline\n", 400, mimetype="text/plain")
        view = parsed_args().view
        return flask.jsonify(image_spec(ds, view, chart))

    @server.get(PLOTLY_URL)
    def plotly_js() -> flask.Response:
        """plotly.js from this origin (no third party), for the page and the embeds; fingerprinted URL, immutable."""
        return _plotly_body().response(static.IMMUTABLE)

    _index_with_view(app, ds, bounds)
