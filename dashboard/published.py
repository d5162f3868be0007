"""Published figures a reader can read: one small table per measure, every value with its date and source.

Pure functions from :class:`dashboard.data.Dataset` (``geodata/published_figures.csv``: national, state and county
figures published by ICE, GAO and the press, each row with its ``source_url``) to Dash components. Nothing is
hover-only: each row prints the value as its source worded it, the period and who reported it, with the link. The
tables are reference points cited as published; they are not part of the county data.

Language: what this module writes is translated (headers, levels, the period's "from ... to", the measures' names
by their ``metric`` code: :data:`METRIC_WORDS`, English ``metric_label`` for a code it does not know). What the data
file says about each figure — ``period_note`` (often quoting the source: 'criminal aliens identified') and
``reported_by`` — is source wording, shown as written in an element marked ``lang="en"``, so a screen reader
reads it in English and ``tests/test_i18n.py`` knows it is a quotation, not a string nobody translated.
"""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard.data import Dataset
from dashboard.i18n import N_, _
from dashboard.periodwords import note_children, source_children, span
from dashboard.placenames import county_label, state_name
from dashboard.text import qualified

LEVEL_WORDS = {"national": N_("Nationwide"), "state": N_("By state"), "county": N_("By county")}
#: The published measures' names by ``metric`` code (geodata/published_figures.csv ``metric_label`` in English).
METRIC_WORDS = {
    "removals": N_("Removals (deportations)"),
    "removals_level1": N_("Removals: Level 1"),
    "removals_level2": N_("Removals: Level 2"),
    "removals_level3": N_("Removals: Level 3"),
    "removals_convicted": N_("Removals with a conviction"),
    "removals_noncriminal": N_("Removals without a conviction"),
    "removals_noncriminal_share": N_("Share of removals without a conviction"),
    "removals_level1_share": N_("Share of removals that were Level 1"),
    "transferred_to_ice": N_("Transferred to ICE"),
    "matches": N_("Matches (people identified)"),
    "matches_level1": N_("Matches: Level 1"),
    "matches_level2_3": N_("Matches: Levels 2 and 3"),
    "submissions": N_("Fingerprint submissions"),
    "ice_arrests": N_("ICE arrests"),
    "ice_arrests_convicted": N_("ICE arrests with a conviction"),
}
#: Places the data file names in English that are not proper names of a county or state.
PLACE_WORDS = {"United States": N_("United States")}


def place_words(place: str) -> str:
    """A figure's place in the current language: "Estados Unidos", "Pensilvania", "Condado de Los Angeles, CA"."""
    return _(PLACE_WORDS[place]) if place in PLACE_WORDS else county_label(state_name(place))


def metric_words(metric: str, label: str) -> str:
    """A published measure's name in the current language (its English label when the code is not known)."""
    return _(METRIC_WORDS[metric]) if metric in METRIC_WORDS else label


def _period(start: str, end: str, note: str) -> str:
    """The period in English with its note (the plain text :func:`measure_rows` gives)."""
    span = f"{start} to {end}" if start else f"to {end}"
    return f"{span} ({note})" if note else span


def measure_rows(figs: pd.DataFrame) -> list[dict[str, str]]:
    """One dict per published figure of one measure, ordered by place then period end: ``place, value, period,
    reported_by, source_url`` (English text, as the data file has it) and ``span``, ``note`` (the period's parts:
    ``span`` in the current language, ``note`` as written)."""
    ordered = figs.sort_values(["place", "period_end", "figure_id"])
    return [
        {
            "span": span(f.period_start, f.period_end),
            "note": f.period_note,
            "place": place_words(f.place),
            "value": qualified(f.value, f.qualifier, f.unit),
            "period": _period(f.period_start, f.period_end, f.period_note),
            "reported_by": f.reported_by,
            "source_url": f.source_url,
        }
        for f in ordered.itertuples()
    ]


def measure_table(label: str, figs: pd.DataFrame) -> html.Table:
    """A captioned table of one measure's published figures."""
    head = html.Tr([html.Th(_(t), scope="col") for t in (N_("Place"), N_("Figure"), N_("Period"), N_("Source"))])
    body = [
        html.Tr(
            [
                html.Td(r["place"]),
                html.Td(r["value"], className="num"),
                html.Td([r["span"], *([" (", *note_children(r["note"]), ")"] if r["note"] else [])]),
                html.Td(
                    [
                        source_children(r["reported_by"]),
                        " — ",
                        html.A(_("source"), href=r["source_url"], rel="noopener noreferrer nofollow", target="_blank"),
                    ]
                ),
            ]
        )
        for r in measure_rows(figs)
    ]
    return html.Table(className="published", children=[html.Caption(label), html.Thead(head), html.Tbody(body)])


def published_section(ds: Dataset) -> list:
    """Headings and one table per measure, national first, then state and county figures."""
    out: list = []
    for level in ("national", "state", "county"):
        figs = ds.figures[ds.figures["level"] == level]
        if figs.empty:
            continue
        out.append(html.H3(_(LEVEL_WORDS[level])))
        for metric, group in figs.groupby("metric", sort=False):
            label = metric_words(str(metric), group["metric_label"].iloc[0])
            out.append(html.Div(measure_table(label, group), className="table-scroll"))
    return out
