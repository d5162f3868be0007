"""Every word written around a chart: the title line, date line, note, source credit and text alternative.

Pure functions of the dataset and a canonical :class:`~dashboard.viewstate.View`, cached per view, so the page,
the embeds (:mod:`dashboard.embeds`), the export buttons and the export command carry identical text:

- :func:`caption` -> :class:`Caption` for a chart ("map", "timeline" or "county") and a view;
- :func:`alt_text` -> the plain-language text alternative, every number computed from the dataset (activation
  list, 2010 Census population, ACS 2006-2010 non-citizens; detainers from TRAC 2017 and NPR 2016);
- :func:`credit` -> the source credit drawn under every chart, image and embed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from dashboard import cards, coverage, detainers, layout, measures, timeline
from dashboard.data import Dataset
from dashboard.text import count_noun, fmt_day, place, share_of, states_phrase
from dashboard.viewstate import View

PROJECT = layout.PROJECT
DATA_CREDIT = "Data: ICE activation list as transcribed by Vargas-Núñez et al. (PNAS 2026); U.S. Census Bureau"


def credit(chart: str = "map", measure: str = "activation") -> str:
    """The source credit drawn under every chart, image and embed (the timeline also credits its detainer counts,
    a map of a detainer measure its source)."""
    detainers = {
        "timeline": "; detainers: ICE FOIA records via NPR (2016)",
        "county": "; detainers: TRAC (2017) and ICE FOIA records via NPR (2016)",
    }.get(chart, "")
    if chart == "map" and measure != "activation":
        detainers = "; detainers: " + ("ICE FOIA records via NPR (2016)" if measure == "citizen" else "TRAC (2017)")
    return f"{DATA_CREDIT}{detainers} · Map: {PROJECT}"


@dataclass(frozen=True)
class Caption:
    """Everything written around one chart for one view."""

    title: str
    dateline: str
    note: str  # selected / compared counties, or ""
    credit: str
    alt: str  # plain-language text alternative, generated from the data
    legend: str = ""  # the map legend's title (plotly's HTML subset), for images that place the legend themselves


# ---------------------------------------------------------------------------------------------------------
# Numbers for a scope and date (pure, cached per dataset and scope)


@lru_cache(maxsize=64)  # one per scope (the US, 51 states); read-only
def _scope_rows(ds: Dataset, state: str | None) -> pd.DataFrame:
    return ds.counties if state is None else ds.counties[ds.counties["state"] == state]


def scope_name(ds: Dataset, state: str | None) -> str:
    return "the US" if state is None else str(_scope_rows(ds, state)["state_name"].iloc[0])


@lru_cache(maxsize=64)
def scope_coverage(ds: Dataset, state: str | None) -> pd.DataFrame:
    return coverage.coverage_table(_scope_rows(ds, state), ds.dates).set_index("date")


def precompute(ds: Dataset, state: str | None) -> None:
    """Fill the per-scope caches behind the captions and text alternatives (called once per scope at start-up)."""
    scope_coverage(ds, state)


def _row(ds: Dataset, view: View) -> pd.Series:
    cov, day = scope_coverage(ds, view.state), pd.Timestamp(view.date)
    if day in cov.index:
        return cov.loc[day]
    # a day before the first activation (the only view date that is not an activation date)
    return coverage.coverage_table(_scope_rows(ds, view.state), (day,)).set_index("date").loc[day]


def _first_to_reach(ds: Dataset, state: str | None, column: str, threshold: float) -> pd.Timestamp:
    table = scope_coverage(ds, state)
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


def _measure_alt(ds: Dataset, view: View) -> str:
    """The map of a detainer measure in words: what it counts, source and period, how many counties in each class."""
    m = measures.MEASURES[view.measure]
    where = "the US" if view.state is None else scope_name(ds, view.state)
    classes = measures.class_counts(ds, view.measure, view.state)
    counts = "; ".join(f"{measures.plain(label)}: {count_noun(n, 'county', 'counties')}" for label, n in classes if n)
    extra = {
        "rate": " Only counties the data ranks are given a colour for their rate; the others say why they are not "
        "ranked (too few non-citizens for a reliable estimate, a regional or state-run jail, an incomplete scrape).",
        "citizen": " A detainer is counted in a county only where its jail is certain; the rest are counted at state "
        "level.",
    }.get(view.measure, " Counties TRAC does not list have no figure: absent is not zero.")
    _, marked = _marked(ds, view)
    return (
        f"Map of {where} by county. It shows: {m.title}. Source: {m.source}. These are totals over the whole period, "
        f"so the map does not change with the date (the page's date, {fmt_day(view.date)}, applies to its other "
        f"views). Counties by class: {counts}.{extra}" + (" " + marked if marked else "")
    )


def _timeline_alt(ds: Dataset, view: View) -> str:
    row = _row(ds, view)
    name = scope_name(ds, view.state)
    people = "the US population" if view.state is None else f"the population of {name}"
    table = scope_coverage(ds, view.state)
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
    legend = measures.legend_title(view.measure, view.mode)
    if view.measure != "activation":
        m = measures.MEASURES[view.measure]
        title = f"{m.title}, " + ("county by county" if view.state is None else f"in {name}")
        dateline = f"Totals, {measures.SHORT_SOURCE[view.measure]}: the map does not change with the date"
        alt = _measure_alt(ds, view)
        return Caption(title, dateline, note, credit("map", view.measure), alt, legend)
    title = "Secure Communities, county by county" if view.state is None else f"Secure Communities in {name}"
    lead = "Status on" if view.mode == "status" else "Active by"
    dateline = f"{lead} {day}: {coverage_line}"
    return Caption(title, dateline, note, credit(), _map_alt(ds, view), legend)


@lru_cache(maxsize=256)  # keyed by the canonical view
def alternatives(ds: Dataset, view: View) -> tuple[str, str]:
    """The main page's text alternatives (``#map-alt``, ``#timeline-alt`` in the footer), for its URL callback."""
    return alt_text(ds, view, "map"), alt_text(ds, view, "timeline")
