"""The charts in plain language: the text alternatives of the map, the timeline and a county, every number computed
from the dataset (activation list, 2010 Census population, ACS 2006-2010 non-citizens; detainers from TRAC 2017 and
NPR 2016), in the current language (:mod:`dashboard.i18n`; :func:`dashboard.captions.caption` enters the view's).

Also the per-scope numbers the captions share (:func:`scope_coverage`, :func:`row`) and the phrases both write:
shares (:func:`pct`), counts of counties (:func:`share_of_counties`) and of states (:func:`states`), the selected
and compared counties (:func:`marked`). Spanish wording: "Comunidades Seguras (Secure Communities)" on first mention
in each text, "el programa" after it; a share carries its article ("el 55.1%", "menos del 0.1%").
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import pandas as pd

from dashboard import cards, coverage, detainers, i18n, measures, timeline
from dashboard.data import Dataset
from dashboard.i18n import _, fmt_int, ngettext
from dashboard.placenames import capital, county_name, place, state_name
from dashboard.text import fmt_day
from dashboard.viewstate import View

# ---------------------------------------------------------------------------------------------------------
# Numbers for a scope and date (pure, cached per dataset and scope)


@lru_cache(maxsize=64)  # one per scope (the US, 51 states); read-only
def scope_rows(ds: Dataset, state: str | None) -> pd.DataFrame:
    return ds.counties if state is None else ds.counties[ds.counties["state"] == state]


def scope_name(ds: Dataset, state: str | None) -> str:
    """ "the US" (in the current language) or the state's name."""
    return _("the US") if state is None else state_name(str(scope_rows(ds, state)["state_name"].iloc[0]))


@lru_cache(maxsize=64)  # per scope (the US, 51 states)
def scope_ends(ds: Dataset, state: str | None) -> tuple[pd.Series, pd.Timestamp]:
    """The scope's first county to be switched on (its row) and the day its last one was."""
    scope = scope_rows(ds, state)
    return scope.loc[scope["activation_date"].idxmin()], scope["activation_date"].max()


@lru_cache(maxsize=64)
def scope_coverage(ds: Dataset, state: str | None) -> pd.DataFrame:
    return coverage.coverage_table(scope_rows(ds, state), ds.dates).set_index("date")


def row(ds: Dataset, view: View) -> pd.Series:
    cov, day = scope_coverage(ds, view.state), pd.Timestamp(view.date)
    if day in cov.index:
        return cov.loc[day]
    # a day before the first activation (the only view date that is not an activation date)
    return coverage.coverage_table(scope_rows(ds, view.state), (day,)).set_index("date").loc[day]


@lru_cache(maxsize=256)  # per scope, column and threshold (the US and 51 states, two columns, 50%)
def _first_to_reach(ds: Dataset, state: str | None, column: str, threshold: float) -> pd.Timestamp:
    table = scope_coverage(ds, state)
    values = 100 * table["counties"] / table["counties_total"] if column == "counties" else table[column]
    return table.index[(values >= threshold).to_numpy().argmax()]


# ---------------------------------------------------------------------------------------------------------
# Phrases


def pct(value: float) -> str:
    """A share as readers say it: "55.1%", "100%", "0%", and never "0%" or "100%" when it is not exactly so
    (Spanish: "el 55.1%", "menos del 0.1%")."""
    if value == 0 or value == 100:
        return _("{value}%", value=f"{value:.0f}")
    if value < 0.05:
        return _("under 0.1%")
    if value >= 99.95:
        return _("over 99.9%")
    return _("{value}%", value=f"{value:.1f}")


def share_of_counties(part: int, total: int) -> str:
    """ "1,010 of 3,143 counties", "all 254 counties", "the only county" (DC), "0 of 1 county"."""
    if part == total:
        return _("the only county") if total == 1 else _("all {n} counties", n=fmt_int(total))
    return ngettext("{part} of {n} county", "{part} of {n} counties", total, part=fmt_int(part))


def states(ds: Dataset, view: View) -> str:
    """States (and DC) with at least one active county on the view's date: "38 states", "50 states and DC"."""
    return _states_on(ds, view.date)


@lru_cache(maxsize=2)
def _first_activations(ds: Dataset) -> dict[str, pd.Timestamp]:
    """Each state's (and DC's) first activation: a state has an active county from that day on."""
    return ds.counties.groupby("state")["activation_date"].min().to_dict()


@i18n.cached_in_language(512)  # one per date (156) and language
def _states_on(ds: Dataset, day: object) -> str:
    active = {state for state, first in _first_activations(ds).items() if first <= pd.Timestamp(day)}
    dc = "DC" in active
    n = len(active) - dc
    if n == 0:
        return "DC" if dc else _("no state")
    return ngettext("{n} state", "{n} states", n) + (_(" and DC") if dc else "")


def population_of(ds: Dataset, state: str | None) -> str:
    """ "the US population" / "the population of Texas"."""
    return _("the US population") if state is None else _("the population of {name}", name=scope_name(ds, state))


def marked(ds: Dataset, view: View) -> tuple[str, str]:
    """(note for images, sentence for the alt text) about the selected and compared counties."""
    return _marked(ds, view.county, view.compare) if view.county or view.compare else ("", "")


@i18n.cached_in_language(256)  # keyed by the selection and comparison, whatever the date, scope or mode
def _marked(ds: Dataset, county: str | None, compare: tuple[str, ...]) -> tuple[str, str]:
    note, alt = [], []
    if county:
        r = ds.county(county)
        facts = cards.county_facts(ds, county)
        day = fmt_day(r["activation_date"])
        note.append(
            _("Outlined: {name}, {state}, activated {day}", name=county_name(r["name"]), state=r["state"], day=day)
        )
        where = place(r["name"], r["state_name"])
        alt.append(
            _("Outlined: {place}, activated on {day}, the {rank}.", place=where, day=day, rank=facts["national"])
        )
    others = [c for c in compare if c != county]
    if others:
        rows = [ds.county(c) for c in others]
        listed = [f"{place(r['name'], r['state'])} ({fmt_day(r['activation_date'])})" for r in rows]
        more = ngettext(" and {n} more", " and {n} more", len(listed) - 2) if len(listed) > 3 else ""
        note.append(_("Compared: {counties}", counties="; ".join(listed if not more else listed[:2]) + more))
        alt.append(_("Also marked for comparison: {counties}.", counties="; ".join(listed)))
    return " · ".join(note), " ".join(alt)


# ---------------------------------------------------------------------------------------------------------
# Text alternatives


def map_alt(ds: Dataset, view: View) -> str:
    """The activation map in words: how far the rollout had got on the view's date, what the colours show."""
    _note, marks = marked(ds, view)
    return (_map_alt(ds, view.state, view.date, view.mode) + (" " + marks if marks else "")).strip()


@i18n.cached_in_language(512)  # per scope, date and colour mode: the same words whatever is selected
def _map_alt(ds: Dataset, state: str | None, day: date, mode: str) -> str:
    view = View(date=day, state=state, mode=mode)
    r = row(ds, view)
    scope = scope_rows(ds, view.state)
    total, active = int(r["counties_total"]), int(r["counties"])
    day = fmt_day(view.date)
    first, last = scope_ends(ds, view.state)
    first_day, last_day = fmt_day(first["activation_date"]), fmt_day(last)
    noncit = "" if pd.isna(r["noncit_pct"]) else _(" and {pct} of non-citizen residents", pct=pct(r["noncit_pct"]))
    name = scope_name(ds, view.state)
    if active == 0:
        if total == 1:
            text = _("By {day}, Secure Communities was not yet active in its only county in {where}. ")
        else:
            text = _("By {day}, Secure Communities was not yet active in any of the {total} counties in {where}. ")
        text = text.format(day=day, where=name, total=fmt_int(total))
        start = _(
            "Its first county, {place}, was switched on {day}; the last on {last}.",
            place=place(first["name"], first["state_name"], article=True),
            day=first_day,
            last=last_day,
        )
    else:
        fields = {"day": day, "counties": share_of_counties(active, total), "pop": pct(r["pop_pct"]), "noncit": noncit}
        if view.state is None:
            text = _(
                "By {day}, Secure Communities was active in {counties} in {states}, home to {pop} of the US "
                "population (2010 Census){noncit} (ACS 2006-2010). ",
                states=states(ds, view),
                **fields,
            )
            where = place(first["name"], first["state_name"], article=True)
            start = _(
                "It began in {place} on {day} and reached every county on {last}.",
                place=where,
                day=first_day,
                last=last_day,
            )
        else:
            text = _(
                "By {day}, Secure Communities was active in {counties} in {name}, home to {pop} of the state's "
                "population (2010 Census){noncit} (ACS 2006-2010). ",
                name=name,
                **fields,
            )
            start = _(
                "{name}'s first county, {county}, was switched on {day}; the state reached 100% on {last}.",
                name=name,
                county=county_name(first["name"], article=True),
                day=first_day,
                last=last_day,
            )
    if active == 0:
        shown = ""
    elif view.mode == "status":
        today = int((scope["activation_date"] == pd.Timestamp(view.date)).sum())
        on_day = (
            ngettext(
                "the {n} county switched on that day in orange",
                "the {n} counties switched on that day in orange",
                today,
            )
            if today
            else _("none switched on that day")
        )
        shown = _("The map shows active counties in blue, {on_day}", on_day=on_day) + (
            ngettext(" and the {n} not yet active in grey. ", " and the {n} not yet active in grey. ", total - active)
            if active < total
            else ". "
        )
    else:
        shown = _("The map colours each active county by the date it was switched on") + (
            ngettext("; the {n} not yet active are grey. ", "; the {n} not yet active are grey. ", total - active)
            if active < total
            else ". "
        )
    return text + shown + start


def measure_alt(ds: Dataset, view: View) -> str:
    """The map of a detainer measure in words: what it counts, source and period, how many counties in each class."""
    classes = measures.class_counts(ds, view.measure, view.state)
    counts = "; ".join(
        ngettext("{label}: {n} county", "{label}: {n} counties", n, label=measures.plain(label))
        for label, n in classes
        if n
    )
    extra = {
        "rate": _(
            " Only counties the data ranks are given a colour for their rate; the others say why they are not "
            "ranked (too few non-citizens for a reliable estimate, a regional or state-run jail, an incomplete scrape)."
        ),
        "citizen": _(
            " A detainer is counted in a county only where its jail is certain; the rest are counted at state level."
        ),
    }.get(view.measure) or _(" Counties TRAC does not list have no figure: absent is not zero.")
    extra += measures.scope_note(ds, view.measure, view.state)  # citizen: how many of the scope's are in no county
    _note, marks = marked(ds, view)
    return _(
        "Map of {where} by county. It shows: {title}. Source: {source}. These are totals over the whole period, so "
        "the map does not change with the date (the page's date, {day}, applies to its other views). Counties by "
        "class: {counts}.{extra}",
        where=scope_name(ds, view.state),
        title=measures.words(view.measure, "title"),
        source=measures.words(view.measure, "source"),
        day=fmt_day(view.date),
        counts=counts,
        extra=extra,
    ) + (" " + marks if marks else "")


def timeline_alt(ds: Dataset, view: View) -> str:
    """The timeline in words: both panels, the view's date and the milestones."""
    _note, marks = marked(ds, view)
    return _timeline_alt(ds, view.state, view.date) + (" " + marks if marks else "")


@i18n.cached_in_language(512)  # per scope and date: the same words whatever is selected
def _timeline_alt(ds: Dataset, state: str | None, day: date) -> str:
    view = View(date=day, state=state)
    r = row(ds, view)
    name = scope_name(ds, view.state)
    table = scope_coverage(ds, view.state)
    noncit = "" if pd.isna(r["noncit_pct"]) else _(" and {pct} of non-citizens", pct=pct(r["noncit_pct"]))
    total = int(r["counties_total"])
    text = _(
        "Line chart of the share of counties, of {people} (2010 Census) and of non-citizen residents (ACS 2006-2010) "
        "under Secure Communities in {name}, from {start} to {end}. Half of the population was covered by "
        "{half_pop}, half of the counties by {half_counties}, and {every} by {last}. ",
        people=population_of(ds, view.state),
        name=name,
        start=fmt_day(table.index[0]),
        end=fmt_day(table.index[-1]),
        half_pop=fmt_day(_first_to_reach(ds, view.state, "pop_pct", 50)),
        half_counties=fmt_day(_first_to_reach(ds, view.state, "counties", 50)),
        every=share_of_counties(total, total),
        last=fmt_day(scope_ends(ds, view.state)[1]),
    )
    if int(r["counties"]) == 0:
        text += _(
            "Marked: {day}, before the first county in {name} was switched on.", day=fmt_day(view.date), name=name
        )
    else:
        text += _(
            "Marked: {day}, when {counties_pct} of counties ({n}), {pop} of the population{noncit} were covered.",
            day=fmt_day(view.date),
            counties_pct=pct(100 * r["counties"] / total),
            n=fmt_int(r["counties"]),
            pop=pct(r["pop_pct"]),
            noncit=noncit,
        )
    return text + " " + timeline.detainers_and_milestones_alt(ds)


def county_alt(ds: Dataset, fips: str, view: View) -> str:
    """A county's card in words: its activation, its place in the order, its detainers."""
    r = ds.county(fips)
    facts = cards.county_facts(ds, fips)
    active = pd.Timestamp(view.date) >= r["activation_date"]
    days = "" if int(r["days_after_first"]) == 0 else f"; {facts['days']}"
    status = _("It was active on {day}. ") if active else _("It was not yet active on {day}. ")
    return (
        _(
            "{place}: Secure Communities was activated on {day}, the {national} and the {state}{days}; {completion}. ",
            place=capital(place(r["name"], r["state_name"])),
            day=fmt_day(r["activation_date"]),
            national=facts["national"],
            state=facts["state"],
            days=days,
            completion=facts["completion"],
        )
        + status.format(day=fmt_day(view.date))
        + " ".join(detainers.detainer_lines(detainers.county_detainers(ds, fips)))
    )
