"""The map and state progress as tables: specs that ``sc.table`` in assets/tables.js draws (the map's table
alternative and the states' progress), in the reader's language."""

from __future__ import annotations

import pandas as pd

from dashboard import measures
from dashboard.data import Dataset
from dashboard.i18n import N_, _
from dashboard.placenames import capital, county_name, folded, state_name
from dashboard.text import fmt_day
from dashboard.viewstate import View

STATE_COLUMNS = [
    ("state", N_("State"), "text"),
    ("counties", N_("Counties"), "number"),
    ("first", N_("First activation"), "date"),
    ("complete", N_("Reached 100%"), "date"),
    ("days", N_("Days from first to 100%"), "number"),
]


def state_rows(progress: pd.DataFrame) -> list[dict[str, object]]:
    """One record per state: name, counties, first activation, the day it reached 100%, days in between."""
    return [
        {
            "state": state_name(r.state_name),
            "counties": int(r.counties),
            "first": r.first.date().isoformat(),
            "complete": r.complete.date().isoformat(),
            "days": int(r.days_to_complete),
        }
        for r in progress.itertuples()
    ]


def state_table(progress: pd.DataFrame) -> dict:
    """State progress sorted by completion, as a table spec that ``sc.table`` in assets/tables.js draws: as
    html.* components it was 321 Dash components, and the Dash renderer visits every component on each store
    update, several times per date step during Play. The column buttons re-sort it in
    the browser (the sort handler in assets/tables.js keeps ``aria-sort`` current for screen readers)."""
    rows = state_rows(progress)
    return {
        "id": "state-table",
        "className": "state-table",
        "caption": _("States by the day they reached 100% (click a column heading to sort)"),
        "head": [
            {"text": _(label), "kind": kind, "sort": "ascending" if key == "complete" else "none"}
            for key, label, kind in STATE_COLUMNS
        ],
        "rows": [
            [
                {
                    "text": fmt_day(pd.Timestamp(r[key])) if kind == "date" else f"{r[key]:,}" if kind == "number"
                    else r[key],
                    "value": str(r[key]),
                }
                for key, _label, kind in STATE_COLUMNS
            ]
            for r in rows
        ],
    }  # fmt: skip


def map_table(ds: Dataset, view: View) -> dict:
    """The map as a table: per state nationally, per county when a state is chosen, on the view's date. A spec that
    ``sc.table`` in assets/tables.js draws (as html.* components Texas's table was 1,024 Dash components,
    which the renderer visits on every store update: Play slowed down while the table was open). A detainer measure
    is a table of counties (the whole country's without a state): value, legend class and why a county has none."""
    if view.measure != "activation":
        return _measure_table(ds, view)
    day = pd.Timestamp(view.date)
    c = ds.counties
    if view.state:
        sub = c[c["state"] == view.state].sort_values(["activation_date", "name"])
        head = [_("County"), _("Activated"), _("Status on {day}", day=fmt_day(day))]
        body = [
            [
                capital(county_name(r["name"])),
                fmt_day(r["activation_date"]),
                _("active") if r["activation_date"] <= day else _("not yet"),
            ]
            for r in sub.to_dict("records")
        ]
        caption = _("Counties of {state} and their activation dates", state=state_name(sub["state_name"].iloc[0]))
    else:
        g = c.assign(active=c["activation_date"] <= day).groupby("state_name")
        head = [_("State"), _("Counties active"), _("Counties"), _("First activation"), _("Reached 100%")]
        body = [
            [state_name(name), f"{int(grp['active'].sum())}", f"{len(grp)}", fmt_day(grp["activation_date"].min()),
             fmt_day(grp["activation_date"].max())]
            for name, grp in g
        ]  # fmt: skip
        body.sort(key=lambda row: folded(row[0]))  # in the reader's alphabet: Nuevo México among the N's
        caption = _("Counties active in each state on {day}", day=fmt_day(day))
        if day < ds.first_date:
            caption = _(
                "Counties active in each state on {day}, before the first activation on {first}",
                day=fmt_day(day),
                first=fmt_day(ds.first_date),
            )
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
        [capital(county_name(name)), state, words, measures.plain(label) + (f": {why}" if why else "")]
        for name, state, words, label, why in zip(c["name"], c["state"], t["words"], t["label"], t["why"], strict=True)
    ]
    fields = {"title": _(m.title), "source": _(m.source)}
    caption = (
        _("{title}, counties of the US ({source}; totals, not by date)", **fields)
        if view.state is None
        else _(
            "{title}, counties of {state} ({source}; totals, not by date)",
            state=state_name(str(c["state_name"].iloc[0])),
            **fields,
        )
    )
    return {
        "className": "map-table",
        "caption": caption,
        "head": [{"text": h} for h in (_("County"), _("State"), _(m.label), _("Map colour (and why)"))],
        "rows": [[{"text": v} for v in row] for row in body],
    }
