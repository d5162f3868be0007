"""Text views: the county card, the comparison table, state progress and the table alternative of the map.

Pure functions from the dataset (and a view) to Dash components. Dash renders every string as text, so data
strings are escaped wherever they are shown; links are only ever the cited ``source_url`` values (http/https,
checked by the ETL).
"""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from dashboard import beforeafter, measures
from dashboard.data import Dataset
from dashboard.detainers import county_detainers, detainer_lines, state_lines
from dashboard.text import count_noun, fmt_day, in_sentence, ordinal, place, qualified
from dashboard.viewstate import View
from etl.names import later_name


def count_or_missing(value: object) -> str:
    return "no data" if pd.isna(value) else f"{int(value):,}"


def with_moe(value: object, moe: object) -> str:
    if pd.isna(value):
        return "no data"
    return f"{int(value):,} ± {int(moe):,}" if not pd.isna(moe) else f"{int(value):,}"


def order_facts(ds: Dataset, row: pd.Series) -> dict[str, str]:
    """The plain-language order facts for one county (also used by the download and the image alt text)."""
    c = ds.counties
    same_day = int((c["activation_date"] == row["activation_date"]).sum())
    same_day_state = int(((c["activation_date"] == row["activation_date"]) & (c["state"] == row["state"])).sum())
    in_state = int((c["state"] == row["state"]).sum())
    tie = f" (with {same_day - 1:,} other counties the same day)" if same_day > 1 else ""
    tie_state = (
        f" (with {count_noun(same_day_state - 1, 'other', 'others')} the same day)" if same_day_state > 1 else ""
    )
    before = int(row["days_before_state_complete"])
    completion = (
        f"in the state's final batch: {row['state_name']} reached 100% that day"
        if before == 0
        else f"{count_noun(before, 'day', 'days')} before {row['state_name']} reached 100% on "
        f"{fmt_day(row['state_complete_date'])}"
    )
    return {
        "national": f"{ordinal(int(row['national_rank']))} of {len(c):,} counties nationally{tie}",
        "state": f"{ordinal(int(row['state_rank']))} of {in_state} in {row['state_name']}{tie_state}",
        "days": (
            f"the first county in the country, on {fmt_day(ds.first_date)}"
            if int(row["days_after_first"]) == 0
            else f"{count_noun(int(row['days_after_first']), 'day', 'days')} after the first activation "
            f"(Harris County, TX, {fmt_day(ds.first_date)})"
        ),
        "completion": completion,
    }


def _provenance(row: pd.Series) -> str:
    via = f"through the crosswalk from source code {row['source_fips']}" if row["date_via"] == "crosswalk" else "direct"
    second = row["second_source_agrees"]
    if pd.isna(second):
        check = "the independent second transcription has no date for this county"
    elif second:
        check = f"the independent second transcription agrees ({row['second_source_month']})"
    else:
        check = (
            f"the independent second transcription says {row['second_source_month']}; "
            "the day-precision date is kept and flagged"
        )
    return f"Date: Vargas-Núñez et al. (2026), {via}; {check}."


def county_card(ds: Dataset, fips: str, view: View) -> html.Section:
    """Everything known about one county, each number with its source named."""
    row = ds.county(fips)
    facts = order_facts(ds, row)
    active = pd.Timestamp(view.date) >= row["activation_date"]
    status = "active" if active else "not yet active"
    neighbours = [n for n in str(row["neighbors"]).split(";") if n]
    nb_rows = ds.counties[ds.counties["fips"].isin(neighbours)].sort_values("activation_date")
    figs = ds.figures[(ds.figures["level"] == "county") & (ds.figures["fips"] == fips)]
    year = row["activation_date"].year
    return html.Section(
        className="card",
        **{"aria-labelledby": "card-title"},
        children=[
            html.H3(place(row["name"], row["state_name"]), id="card-title"),
            *([html.P(f"Since renamed: now {later}.", className="renamed")] if (later := later_name(fips)) else []),
            html.P(
                [
                    html.Strong(f"Activated {fmt_day(row['activation_date'])}"),
                    f" — {status} on {fmt_day(pd.Timestamp(view.date))}.",
                ]
            ),
            html.Ul(
                [
                    html.Li(facts["national"]),
                    html.Li(facts["state"]),
                    html.Li(facts["days"]),
                    html.Li(facts["completion"]),
                ]
            ),
            html.H4("People"),
            html.Ul(
                [
                    html.Li(f"Population, 2010 Census: {count_or_missing(row['pop_2010_census'])}"),
                    html.Li(
                        f"Population estimate, July {year} (the activation year): "
                        f"{count_or_missing(row[f'pop_est_{year}'])}"
                        + (f" — {row['pop_note']}" if row["pop_note"] else "")
                    ),
                    html.Li(
                        "Residents who are not U.S. citizens (ACS 5-year, ± 90% margin of error): "
                        f"2006-2010 {with_moe(row['noncit_2006_2010'], row['noncit_2006_2010_moe'])}; "
                        f"2009-2013 {with_moe(row['noncit_2009_2013'], row['noncit_2009_2013_moe'])}"
                    ),
                ]
            ),
            html.H4("Detainers: what the checks led to"),
            html.Ul([html.Li(line) for line in detainer_lines(county_detainers(ds, fips))], className="detainers"),
            html.H4("Before and after activation"),
            *_before_after(ds, fips),
            html.H4("Neighbouring counties"),
            html.Ul(
                [
                    html.Li(
                        f"{n['name']}, {n['state']}: {fmt_day(n['activation_date'])} "
                        f"({_relative(n['activation_date'], row['activation_date'])})"
                    )
                    for _, n in nb_rows.iterrows()
                ]
                or [html.Li("none (an island county)")]
            ),
            html.H4("Published figures for this county"),
            _figures_list(figs)
            if not figs.empty
            else html.P(
                "None published that we could find. County-level match and removal counts exist only in ICE's "
                "FOIA workbook, which this project does not have (see Methodology)."
            ),
            html.P(_provenance(row), className="provenance"),
        ],
    )


def _before_after(ds: Dataset, fips: str) -> list:
    """The aligned monthly chart where monthly counts exist (Pennsylvania), always with its summary in words."""
    fig = beforeafter.figure(ds, fips)
    words = html.P(beforeafter.summary(ds, fips), className="hint" if fig is None else None)
    if fig is None:
        return [words]
    graph = dcc.Graph(figure=fig, config={"displayModeBar": False, "responsive": True}, className="before-after")
    return [html.Div(graph, **{"aria-hidden": "true"}), words]  # the summary in words says what the chart shows


def state_card(ds: Dataset, state: str) -> html.Section:
    """The selected state's detainer figures (shown when no county is selected), each with its source and period."""
    name = str(ds.counties.loc[ds.counties["state"] == state, "state_name"].iloc[0])
    return html.Section(
        className="card state-card",
        **{"aria-labelledby": "card-title"},
        children=[
            html.H3(name, id="card-title"),
            html.H4("Detainers: what the checks led to"),
            html.Ul([html.Li(line) for line in state_lines(ds, state)], className="detainers"),
            html.P("Choose a county to see its own figures.", className="hint"),
        ],
    )


def _relative(other: pd.Timestamp, own: pd.Timestamp) -> str:
    days = (other - own).days
    if days == 0:
        return "same day"
    return f"{count_noun(abs(days), 'day', 'days')} {'later' if days > 0 else 'earlier'}"


def _figures_list(figs: pd.DataFrame) -> html.Ul:
    items = []
    for f in figs.itertuples():
        period = f"{f.period_start} to {f.period_end}" if f.period_start else f"to {f.period_end}"
        items.append(
            html.Li(
                [
                    html.Strong(f"{qualified(f.value, f.qualifier, f.unit)} {in_sentence(f.metric_label)}"),
                    f" ({period}; {f.period_note}). Source: {f.reported_by} — ",
                    html.A("source", href=f.source_url, rel="noopener noreferrer nofollow", target="_blank"),
                ]
            )
        )
    return html.Ul(items)


STATE_COLUMNS = [
    ("state", "State", "text"),
    ("counties", "Counties", "number"),
    ("first", "First activation", "date"),
    ("complete", "Reached 100%", "date"),
    ("days", "Days from first to 100%", "number"),
]


def state_rows(progress: pd.DataFrame) -> list[dict[str, object]]:
    """One record per state: name, counties, first activation, the day it reached 100%, days in between."""
    return [
        {
            "state": r.state_name,
            "counties": int(r.counties),
            "first": r.first.date().isoformat(),
            "complete": r.complete.date().isoformat(),
            "days": int(r.days_to_complete),
        }
        for r in progress.itertuples()
    ]


def state_table(progress: pd.DataFrame) -> dict:
    """State progress sorted by completion, as a table spec that ``sc.table`` in assets/dashboard.js draws: as
    html.* components it was 321 Dash components, and the Dash renderer visits every component on each store
    update, several times per date step during Play. The column buttons re-sort it in
    the browser (the sort handler in assets/dashboard.js keeps ``aria-sort`` current for screen readers)."""
    rows = state_rows(progress)
    return {
        "id": "state-table",
        "className": "state-table",
        "caption": "States by the day they reached 100% (click a column heading to sort)",
        "head": [
            {"text": label, "kind": kind, "sort": "ascending" if key == "complete" else "none"}
            for key, label, kind in STATE_COLUMNS
        ],
        "rows": [
            [
                {
                    "text": fmt_day(pd.Timestamp(r[key])) if kind == "date" else f"{r[key]:,}" if kind == "number"
                    else r[key],
                    "value": str(r[key]),
                }
                for key, _, kind in STATE_COLUMNS
            ]
            for r in rows
        ],
    }  # fmt: skip


def map_table(ds: Dataset, view: View) -> dict:
    """The map as a table: per state nationally, per county when a state is chosen, on the view's date. A spec that
    ``sc.table`` in assets/dashboard.js draws (as html.* components Texas's table was 1,024 Dash components,
    which the renderer visits on every store update: Play slowed down while the table was open). A detainer measure
    is a table of counties (the whole country's without a state): value, legend class and why a county has none."""
    if view.measure != "activation":
        return _measure_table(ds, view)
    day = pd.Timestamp(view.date)
    c = ds.counties
    if view.state:
        sub = c[c["state"] == view.state].sort_values(["activation_date", "name"])
        head = ["County", "Activated", "Status on " + fmt_day(day)]
        body = [
            [r["name"], fmt_day(r["activation_date"]), "active" if r["activation_date"] <= day else "not yet"]
            for _, r in sub.iterrows()
        ]
        caption = f"Counties of {sub['state_name'].iloc[0]} and their activation dates"
    else:
        g = c.assign(active=c["activation_date"] <= day).groupby("state_name")
        head = ["State", "Counties active", "Counties", "First activation", "Reached 100%"]
        body = [
            [name, f"{int(grp['active'].sum())}", f"{len(grp)}", fmt_day(grp["activation_date"].min()),
             fmt_day(grp["activation_date"].max())]
            for name, grp in g
        ]  # fmt: skip
        caption = f"Counties active in each state on {fmt_day(day)}"
        if day < ds.first_date:
            caption += f", before the first activation on {fmt_day(ds.first_date)}"
    return {
        "className": "map-table",
        "caption": caption,
        "head": [{"text": h} for h in head],
        "rows": [[{"text": v} for v in row] for row in body],
    }


def _measure_table(ds: Dataset, view: View) -> dict:
    """The map of a detainer measure as a table spec: county, state, the value in words, its legend class and why."""
    m = measures.MEASURES[view.measure]
    t = measures.scope_table(ds, view.measure, view.state)
    c = ds.counties.set_index("fips").loc[t["fips"]]
    body = [
        [name, state, words, measures.plain(label) + (f": {why}" if why else "")]
        for name, state, words, label, why in zip(c["name"], c["state"], t["words"], t["label"], t["why"], strict=True)
    ]
    where = "the US" if view.state is None else str(c["state_name"].iloc[0])
    return {
        "className": "map-table",
        "caption": f"{m.title}, counties of {where} ({m.source}; totals, not by date)",
        "head": [{"text": h} for h in ("County", "State", m.label, "Map colour (and why)")],
        "rows": [[{"text": v} for v in row] for row in body],
    }
