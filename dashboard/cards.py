"""Text views: the county card and the state card (the comparison is dashboard/compare.py, the map and state
progress as tables dashboard/maptable.py), in the reader's language (dashboard/i18n.py).

Pure functions from the dataset (and a view) to Dash components. Dash renders every string as text, so data
strings are escaped wherever they are shown; links are only ever the cited ``source_url`` values (http/https,
checked by the ETL).
"""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from dashboard import beforeafter, i18n, plotlylocale
from dashboard.data import Dataset
from dashboard.detainers import county_detainers, detainer_lines, state_lines
from dashboard.figurewords import words
from dashboard.i18n import _, fmt_int, ngettext
from dashboard.maptable import STATE_COLUMNS, map_table, state_rows, state_table  # noqa: F401 - their old home
from dashboard.periodwords import month_in, note_children, source_children, span
from dashboard.placenames import capital, county_name, place, state_name
from dashboard.text import count_noun, fmt_day, in_sentence, ordinal, qualified
from dashboard.viewstate import View
from etl.names import later_name


def count_or_missing(value: object) -> str:
    return _("no data") if pd.isna(value) else fmt_int(int(value))


def with_moe(value: object, moe: object) -> str:
    if pd.isna(value):
        return _("no data")
    return f"{fmt_int(int(value))} ± {fmt_int(int(moe))}" if not pd.isna(moe) else fmt_int(int(value))


@i18n.cached_in_language(1024)  # a few strings per county and language
def county_facts(ds: Dataset, fips: str) -> dict[str, str]:
    """:func:`order_facts` of a county of the dataset (shared: never mutate it)."""
    return order_facts(ds, ds.county(fips))


def order_facts(ds: Dataset, row: pd.Series) -> dict[str, str]:
    """The plain-language order facts for one county (also used by the download and the image alt text)."""
    c = ds.counties
    same_day = int((c["activation_date"] == row["activation_date"]).sum())
    same_day_state = int(((c["activation_date"] == row["activation_date"]) & (c["state"] == row["state"])).sum())
    in_state = int((c["state"] == row["state"]).sum())
    tie = (
        ngettext(" (with {n} other county the same day)", " (with {n} other counties the same day)", same_day - 1)
        if same_day > 1
        else ""
    )
    tie_state = (
        ngettext(" (with {n} other the same day)", " (with {n} others the same day)", same_day_state - 1)
        if same_day_state > 1
        else ""
    )
    before = int(row["days_before_state_complete"])
    state, days_after = state_name(row["state_name"]), int(row["days_after_first"])
    completion = (
        _("in the state's final batch: {state} reached 100% that day", state=state)
        if before == 0
        else _("{days} before {state} reached 100% on {day}", days=count_noun(before, "day", "days"), state=state,
               day=fmt_day(row["state_complete_date"]))
    )  # fmt: skip
    return {
        "national": _("{ordinal} of {total} counties nationally{tie}",
                      ordinal=ordinal(int(row["national_rank"]), before_noun=True), total=fmt_int(len(c)), tie=tie),
        "state": _("{ordinal} of {total} in {state}{tie}", ordinal=ordinal(int(row["state_rank"]), before_noun=True),
                   total=fmt_int(in_state), state=state, tie=tie_state),
        "days": (
            _("the first county in the country, on {day}", day=fmt_day(ds.first_date))
            if days_after == 0
            else _("{days} after the first activation (Harris County, TX, {day})",
                   days=count_noun(days_after, "day", "days"), day=fmt_day(ds.first_date))
        ),
        "completion": completion,
    }  # fmt: skip


def _provenance(row: pd.Series) -> str:
    via = (
        _("through the crosswalk from source code {code}", code=row["source_fips"])
        if row["date_via"] == "crosswalk"
        else _("direct")
    )
    second, month = row["second_source_agrees"], month_in(row["second_source_month"])
    if pd.isna(second):
        check = _("the independent second transcription has no date for this county")
    elif second:
        check = _("the independent second transcription agrees ({month})", month=month)
    else:
        check = _("the independent second transcription says {month}; the day-precision date is kept and flagged",
                  month=month)  # fmt: skip
    return _("Date: Vargas-Núñez et al. (2026), {via}; {check}.", via=via, check=check)


def _people(row: pd.Series) -> html.Ul:
    year = row["activation_date"].year
    estimate = _("Population estimate, July {year} (the activation year): {value}", year=year,
                 value=count_or_missing(row[f"pop_est_{year}"]))  # fmt: skip
    return html.Ul(
        [
            html.Li(_("Population, 2010 Census: {value}", value=count_or_missing(row["pop_2010_census"]))),
            html.Li(estimate + (f" — {words(row['pop_note'])}" if row["pop_note"] else "")),
            html.Li(
                _("Residents who are not U.S. citizens (ACS 5-year, ± 90% margin of error): 2006-2010 {early}; "
                  "2009-2013 {late}", early=with_moe(row["noncit_2006_2010"], row["noncit_2006_2010_moe"]),
                  late=with_moe(row["noncit_2009_2013"], row["noncit_2009_2013_moe"]))
            ),
        ]
    )  # fmt: skip


def county_card(ds: Dataset, fips: str, view: View) -> html.Section:
    """Everything known about one county, each number with its source named; only the status line depends on the
    view's date, so the rest is built once per county and language (:func:`_card_parts`)."""
    row = ds.county(fips)
    head, activated, rest = _card_parts(ds, fips)
    active = pd.Timestamp(view.date) >= row["activation_date"]
    on = fmt_day(pd.Timestamp(view.date))
    status = _(" — active on {day}.", day=on) if active else _(" — not yet active on {day}.", day=on)
    return html.Section(
        className="card",
        **{"aria-labelledby": "card-title"},
        children=[*head, html.P([html.Strong(activated), status]), *rest],
    )


@i18n.cached_in_language(256)  # the card of a county without its status line (components shared: never mutated)
def _card_parts(ds: Dataset, fips: str) -> tuple[list, str, list]:
    """(what comes before the status line, the "Activated <day>" it starts with, what comes after it)."""
    row = ds.county(fips)
    facts = county_facts(ds, fips)
    neighbours = [n for n in str(row["neighbors"]).split(";") if n]
    nb_rows = ds.counties[ds.counties["fips"].isin(neighbours)].sort_values("activation_date")
    figs = ds.figures[(ds.figures["level"] == "county") & (ds.figures["fips"] == fips)]
    renamed = (
        [html.P(_("Since renamed: now {name}.", name=county_name(later)), className="renamed")]
        if (later := later_name(fips))
        else []
    )
    return (
        [html.H3(capital(place(row["name"], row["state_name"])), id="card-title"), *_official_name(row), *renamed],
        _("Activated {day}", day=fmt_day(row["activation_date"])),
        [
            html.Ul([html.Li(facts[k]) for k in ("national", "state", "days", "completion")]),
            html.H4(_("People")),
            _people(row),
            html.H4(_("Detainers: what the checks led to")),
            html.Ul([html.Li(line) for line in detainer_lines(county_detainers(ds, fips))], className="detainers"),
            html.H4(_("Before and after activation")),
            *_before_after(ds, fips),
            html.H4(_("Neighbouring counties")),
            html.Ul(
                [
                    html.Li(
                        f"{capital(place(n['name'], n['state']))}: {fmt_day(n['activation_date'])} "
                        f"({_relative(n['activation_date'], row['activation_date'])})"
                    )
                    for n in nb_rows.to_dict("records")
                ]
                or [html.Li(_("none (an island county)"))]
            ),
            html.H4(_("Published figures for this county")),
            _figures_list(figs)
            if not figs.empty
            else html.P(
                _("None published that we could find. County-level match and removal counts exist only in ICE's "
                  "FOIA workbook, which this project does not have (see Methodology).")
            ),
            html.P(_provenance(row), className="provenance"),
        ],
    )  # fmt: skip


def _official_name(row: pd.Series) -> list:
    """In Spanish, the county's official English name once, as documents write it (the title names it in Spanish)."""
    official = f"{row['name']}, {row['state_name']}"
    if i18n.current() == "en" or row["name"] == row["state_name"]:
        return []
    return [html.P([_("Official name: "), html.Span(official, lang="en")], className="official-name")]


def _before_after(ds: Dataset, fips: str) -> list:
    """The aligned monthly chart where monthly counts exist (Pennsylvania), always with its summary in words."""
    fig = beforeafter.figure(ds, fips)
    summary = html.P(beforeafter.summary(ds, fips), className="hint" if fig is None else None)
    if fig is None:
        return [summary]
    graph = dcc.Graph(
        figure=fig,
        config={"displayModeBar": False, "responsive": True, **plotlylocale.config()},
        className="before-after",
    )
    return [html.Div(graph, **{"aria-hidden": "true"}), summary]  # the summary in words says what the chart shows


@i18n.cached_in_language(128)  # per state and language (components shared: never mutated)
def state_card(ds: Dataset, state: str) -> html.Section:
    """The selected state's detainer figures (shown when no county is selected), each with its source and period."""
    name = state_name(str(ds.counties.loc[ds.counties["state"] == state, "state_name"].iloc[0]))
    return html.Section(
        className="card state-card",
        **{"aria-labelledby": "card-title"},
        children=[
            html.H3(name, id="card-title"),
            html.H4(_("Detainers: what the checks led to")),
            html.Ul([html.Li(line) for line in state_lines(ds, state)], className="detainers"),
            html.P(_("Choose a county to see its own figures."), className="hint"),
        ],
    )


def _relative(other: pd.Timestamp, own: pd.Timestamp) -> str:
    days = (other - own).days
    if days == 0:
        return _("same day")
    counted = count_noun(abs(days), "day", "days")
    return _("{days} later", days=counted) if days > 0 else _("{days} earlier", days=counted)


def _figures_list(figs: pd.DataFrame) -> html.Ul:
    items = []
    for f in figs.itertuples():
        items.append(
            html.Li(
                [
                    html.Strong(f"{qualified(f.value, f.qualifier, f.unit)} {in_sentence(words(f.metric_label))}"),
                    f" ({span(f.period_start, f.period_end)}; ",
                    *note_children(f.period_note),
                    _("). Source: "),
                    source_children(f.reported_by),
                    " — ",
                    html.A(_("source"), href=f.source_url, rel="noopener noreferrer nofollow", target="_blank"),
                ]
            )
        )
    return html.Ul(items)
