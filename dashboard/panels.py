"""The page's sections below the map: the comparison, the timeline, state by state, and the footer (downloads,
share link, press).

Built once per process by :func:`dashboard.layout.build`; components carry stable ids that the callbacks use.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard import cards, coverage, i18n, releases, snippets, timeline
from dashboard.data import Dataset
from dashboard.i18n import N_, _
from dashboard.text import dropdown_labels
from dashboard.viewstate import MEASURES, View


def county_finder(dropdown_id: str, label: str, placeholder: str, **settings: object) -> list:
    """A county finder (its label for screen readers, then the dropdown): options come from the server's matcher
    (callbacks/finder.py), in the order it ranks them."""
    return [
        html.Label(label, htmlFor=dropdown_id, className="sr-only"),
        dcc.Dropdown(id=dropdown_id, options=[], placeholder=placeholder, search_order="original", **settings),
    ]


def compare_panel() -> html.Section:
    """The comparison at the page's full width, under the map (in the side column 6 counties showed 2.5 at a time at
    1366 px): at desktop widths every compared county is in view; narrower, the table scrolls sideways inside a
    labelled region that takes keyboard focus (arrow keys scroll it)."""
    return html.Section(
        className="compare-panel",
        **{"aria-label": _("Compare counties")},
        children=[
            html.H2(_("Compare counties")),
            # no "Select All" over a page of matches: at most 6 are compared
            *county_finder(
                "compare",
                _("Counties to compare"),
                _("Add counties to compare"),
                value=[],
                multi=True,
                labels=dropdown_labels(select_all=""),
            ),
            html.Div(
                id="compare-table",
                role="region",
                tabIndex="0",
                **{"aria-label": _("Counties compared (scroll sideways for more)")},
            ),
        ],
    )


def timeline_panel(ds: Dataset, view: View, graph_config: dict) -> html.Section:
    """Coverage over time with national monthly detainers (NPR 2016) and the numbered milestones."""
    cov_table = coverage.coverage_table(ds.counties, ds.dates)
    return html.Section(
        className="timeline-panel",
        **{"aria-label": _("Coverage over time")},
        children=[
            html.H2(_("Coverage over time, and what it caught")),
            html.P(
                _(
                    "Upper panel: cumulative share of counties, of the 2010 population and of non-citizen "
                    "residents under the program. Lower panel: ICE detainers lodged nationwide each month "
                    "(ICE's FOIA records, published by NPR; July 2015 is a partial month). Dashed lines: "
                    "policy milestones, sourced on the Methodology page. Click the chart to move the map "
                    "to that date."
                ),
                className="hint",
            ),
            dcc.Graph(
                id="timeline",
                figure=timeline.timeline_figure(ds, cov_table, view, "the US"),
                config={
                    **graph_config,
                    "toImageButtonOptions": {"format": "png", "width": 1200, "height": 600},
                },
                className="timeline",
                style={"height": "520px"},
            ),
            html.Ol(
                [html.Li(k.split(" ", 1)[1]) for k in timeline.milestone_key()],
                className="milestone-key",
                **{"aria-label": _("Numbered milestones on the timeline")},
            ),
            html.Details(
                id="published-figures",
                className="published-figures",
                children=[
                    html.Summary(_("Published figures: cited reference points, one table per measure")),
                    html.P(
                        _(
                            "Totals published by ICE, GAO and the press, as each source worded them. They "
                            "are not part of the county data and their periods differ."
                        ),
                        className="hint",
                    ),
                    # drawn on first opening (dashboard/callbacks/panels.py): ~800 components the renderer would
                    # otherwise build and revisit on every update before the map is drawn
                    html.Div(id="published-figures-body"),
                ],
            ),
        ],
    )


def states_panel(ds: Dataset) -> html.Section:
    """State by state: first county and 100% dates, drawn from a store by assets/tables.js (sc.table)."""
    states = cards.state_table(coverage.state_progress(ds.counties))
    return html.Section(
        className="states-panel",
        **{"aria-label": _("State progress")},
        children=[
            html.H2(_("State by state")),
            html.P(
                _(
                    "When each state's first county was switched on and when it reached 100%. "
                    "Click a column heading to sort."
                ),
                className="hint",
            ),
            # drawn by assets/tables.js (sc.table) from the store: see cards.state_table
            dcc.Store(id="state-table-data", data=states),
            html.Div(id="state-table-box", className="table-box"),
        ],
    )


def footer(ds: Dataset) -> html.Footer:
    """Downloads of the view, the share link, the press tools (embed, export, text alternatives), the credit."""
    return html.Footer(
        children=[
            html.Div(
                className="share",
                children=[
                    html.A(_("Download this view (CSV)"), id="download-csv", href="/download/counties.csv"),
                    " · ",
                    html.A(_("Excel"), id="download-xlsx", href="/download/counties.xlsx"),
                    " · ",
                    html.A("GeoJSON", id="download-geojson", href="/download/counties.geojson"),
                    " · ",
                    html.Label(_("Link to this view") + " ", htmlFor="share-link"),
                    dcc.Input(id="share-link", type="text", value="", readOnly=True, className="share-link"),
                ],
            ),
            cite_section(ds),
            html.Section(
                className="press",
                **{"aria-labelledby": "press-title"},
                children=[
                    html.H2(_("For the press: embed, export, caption"), id="press-title"),
                    html.Div(
                        className="press-embed",
                        children=[
                            html.Label(_("Embed"), htmlFor="embed-snippet"),
                            dcc.RadioItems(
                                id="embed-chart",
                                options=[
                                    {"label": _("Map"), "value": "map"},
                                    {"label": _("Coverage over time"), "value": "timeline"},
                                    {"label": _("County card"), "value": "county"},
                                ],
                                value="map",
                                inline=True,
                            ),
                            dcc.Textarea(
                                id="embed-snippet", value="", readOnly=True, rows=3, className="embed-snippet"
                            ),
                        ],
                    ),
                    html.Div(
                        className="press-export",
                        children=[
                            html.Label(_("Image size") + " ", htmlFor="press-size"),
                            html.Select(
                                id="press-size",
                                children=[
                                    html.Option("1200 × 800", value="landscape"),
                                    html.Option("1080 × 1080", value="square"),
                                    html.Option(_("2400 × 1600 (print)"), value="print"),
                                ],
                            ),
                            *[
                                html.Button(
                                    f"{_(name)} {fmt.upper()}",
                                    id=f"export-{chart}-{fmt}",
                                    className="step",
                                    **{"data-sc-export": fmt, "data-sc-chart": chart},
                                )
                                for chart, name in (("map", N_("Map")), ("timeline", N_("Timeline")))
                                for fmt in ("png", "svg")
                            ],
                            html.Span(id="press-status", role="status", **_press_messages()),
                        ],
                    ),
                    html.P([_("Map, as text:") + " ", html.Span(id="map-alt")]),
                    html.P([_("Timeline, as text:") + " ", html.Span(id="timeline-alt")]),
                ],
            ),
            html.P(
                [
                    _(
                        "Data: ICE activation list as transcribed by Vargas-Núñez et al. (PNAS 2026); "
                        "U.S. Census Bureau."
                    )
                    + " "
                    + _("Release")
                    + " ",
                    html.Code(ds.release_id),
                    ". ",
                    html.A(_("Methodology and sources"), href="/methodology"),
                    ".",
                ]
            ),
        ]
    )


def _press_messages() -> dict[str, str]:
    """The export buttons' messages for ``assets/press.js`` (dashboard/press.py MESSAGES), in the page's language."""
    from dashboard.press import message_attrs  # press imports the captions, which import the layout

    return message_attrs()


def press_data(ds: Dataset) -> dict:
    """What ``assets/links.js`` (``sc.links``) needs to write the embed code and the citation of any view: the
    release served, the snippet templates (:mod:`dashboard.snippets`), the APA template (:mod:`dashboard.releases`)
    and the map's title per scope (``""``: the US; else a state code), as the captions write them."""
    from dashboard.captions import PROJECT, caption  # captions imports the layout, which imports this module

    last = ds.last_date.date()
    # keyed "<state>|<measure>" ("" for the US): a citation names the map it cites (a custody map of Texas is not
    # "Secure Communities in Texas")
    titles = {
        f"{state or ''}|{measure}": caption(
            ds, View(date=last, state=state, measure=measure, lang=i18n.current()), "map"
        ).title
        for state in [None, *sorted(ds.counties["state"].unique())]
        for measure in MEASURES
    }
    return {
        "release": ds.release_id,
        "snippets": snippets.page_templates(),
        "cite": releases.citation_template(PROJECT, ds.release_id),
        "titles": titles,
        "locale": i18n.LOCALES[i18n.current()].replace("_", "-"),  # for the day of access (Intl in the browser)
        "ui": {
            "choose_county": _("Choose a county first (search for it or click it on the map)."),
            "months": i18n.month_abbreviations(),
        },
    }


def cite_section(ds: Dataset) -> html.Section:
    """ "Cite this": an APA reference of the view shown, its permalink pinned to the release (``release=``), filled
    per view by ``assets/links.js`` like the share link."""
    return html.Section(
        className="cite",
        **{"aria-labelledby": "cite-title"},
        children=[
            html.H2(_("Cite this"), id="cite-title"),
            html.P(
                [
                    _("APA style. The link is pinned to data release") + " ",
                    html.Code(ds.release_id),
                    _(": after a newer release it still opens this view and says which release it shows."),
                ],
                className="hint",
            ),
            dcc.Textarea(
                id="cite-text",
                value="",
                readOnly=True,
                rows=3,
                className="cite-text",
                style={"width": "min(720px, 100%)"},
            ),
            dcc.Store(id="press-data", data=press_data(ds)),
        ],
    )
