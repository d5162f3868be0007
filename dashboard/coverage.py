"""How much of the country (or a state) was under Secure Communities on each activation date.

Pure functions over the county table. Shares use the 2010 Census count for population and the ACS 2006-2010
estimate for non-citizens (the window centred nearest the rollout's start); both are named on the page.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from dashboard.i18n import _, fmt_day, fmt_int, fmt_pct, ngettext

POP = "pop_2010_census"
NONCIT = "noncit_2006_2010"


def coverage_table(counties: pd.DataFrame, dates: tuple[pd.Timestamp, ...]) -> pd.DataFrame:
    """One row per activation date: counties, states reached and completed, population and non-citizen shares.

    ``counties`` may be the whole country or one state; shares are of that scope.
    """
    d = np.sort(counties["activation_date"].to_numpy(dtype="datetime64[ns]"))
    order = np.argsort(counties["activation_date"].to_numpy(dtype="datetime64[ns]"), kind="stable")
    pop = counties[POP].to_numpy(dtype=float)[order]
    noncit = counties[NONCIT].fillna(0).to_numpy(dtype=float)[order]
    by_state = counties.groupby("state")["activation_date"]
    first = np.sort(by_state.min().to_numpy(dtype="datetime64[ns]"))
    complete = np.sort(by_state.max().to_numpy(dtype="datetime64[ns]"))
    dc_first = by_state.min().get("DC")
    days = np.array([np.datetime64(pd.Timestamp(day), "ns") for day in dates], dtype="datetime64[ns]")
    # Counties sorted by activation date: those active on a day are a prefix, so every column is a cumulative sum
    # read at searchsorted(day, "right") -- the same as summing the rows with activation_date <= day.
    active = np.searchsorted(d, days, side="right")
    pop_cum = np.concatenate([[0.0], np.cumsum(pop)])
    noncit_cum = np.concatenate([[0.0], np.cumsum(noncit)])
    noncit_total = noncit.sum()
    rows = [
        {
            "date": day,
            "counties": int(n),
            "states": int(s),
            "dc": bool(dc_first is not None and dc_first <= day),
            "states_complete": int(c),
            "pop_pct": 100 * pop_cum[n] / pop.sum(),
            "noncit_pct": 100 * noncit_cum[n] / noncit_total if noncit_total else float("nan"),
        }
        for day, n, s, c in zip(
            dates,
            active,
            np.searchsorted(first, days, side="right"),
            np.searchsorted(complete, days, side="right"),
            strict=True,
        )
    ]
    out = pd.DataFrame(rows)
    out["counties_total"] = len(counties)
    out["states_total"] = int(counties["state"].nunique())
    return out


def state_progress(counties: pd.DataFrame) -> pd.DataFrame:
    """Per state: number of counties, first activation, last activation (the day it reached 100%)."""
    g = counties.groupby(["state", "state_name"])["activation_date"]
    out = g.agg(counties="size", first="min", complete="max").reset_index()
    out["days_to_complete"] = (out["complete"] - out["first"]).dt.days
    return out.sort_values("complete").reset_index(drop=True)


def status_codes(days: np.ndarray, day: int, mode: str) -> list[int]:
    """The map's colour value per county on the day ``day`` (days after the first activation).

    ``status``: 0 not yet, 1 active, 2 switched on that very day. ``cohort``: 0 not yet, else days+1 (the
    activation date as a continuous colour). Mirrored in ``assets/dashboard.js`` for client-side date steps.
    """
    if mode == "status":
        return np.where(days > day, 0, np.where(days == day, 2, 1)).tolist()
    return np.where(days > day, 0, days + 1).tolist()


def sentence(row: Mapping, state_name: str | None, first: pd.Timestamp) -> str:
    """The running line in the current language (:mod:`dashboard.i18n`), e.g. "By 1 Feb 2011: 1,010 of 3,143
    counties in 37 states and DC — 44.1% of the US population…" for the US (``state_name`` None) or a state;
    before ``first`` (the first activation nationwide) it says so instead of naming a day."""
    day = pd.Timestamp(row["date"])
    total = int(row["counties_total"])
    of = ngettext("{part} of {n} county", "{part} of {n} counties", total, part=fmt_int(row["counties"]))
    if state_name is None:
        states = int(row["states"]) - (1 if row["dc"] else 0)
        if states == 0:
            reach = _("DC") if row["dc"] else _("no state")
        elif row["dc"]:
            reach = ngettext("{n} state and DC", "{n} states and DC", states)
        else:
            reach = ngettext("{n} state", "{n} states", states)
        where = of if row["counties"] == 0 else _("{counties} in {states}", counties=of, states=reach)
        people = _("{pct} of the US population (2010 Census)", pct=fmt_pct(row["pop_pct"]))
    else:
        where = _("{counties} in {state}", counties=of, state=state_name)
        people = _("{pct} of the population of {state} (2010 Census)", pct=fmt_pct(row["pop_pct"]), state=state_name)
    noncit = (
        ""
        if pd.isna(row["noncit_pct"])
        else _(", {pct} of non-citizens (ACS 2006-2010)", pct=fmt_pct(row["noncit_pct"]))
    )
    if day < first:
        when = _("Before the first activation on {day}", day=fmt_day(first))
    else:
        when = _("By {day}", day=fmt_day(day))
    return f"{when}: {where} — {people}{noncit}"
