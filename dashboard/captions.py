"""Every word written around a chart: the title line, date line, note, source credit and text alternative.

Pure functions of the dataset and a canonical :class:`~dashboard.viewstate.View`, cached per view (the view carries
its language, so each language has its own entries), so the page, the embeds (:mod:`dashboard.embeds`), the export
buttons and the export command carry identical text:

- :func:`caption` -> :class:`Caption` for a chart ("map", "timeline" or "county") and a view, in the view's language;
- :func:`alt_text` -> the plain-language text alternative (written by :mod:`dashboard.alttext`), every number
  computed from the dataset (activation list, 2010 Census population, ACS 2006-2010 non-citizens; detainers from
  TRAC 2017 and NPR 2016);
- :func:`credit` -> the source credit drawn under every chart, image and embed (:func:`data_credit` without the
  map's own name).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from dashboard import alttext, i18n, layout, measures, timeline
from dashboard.alttext import population_of, scope_coverage, scope_name
from dashboard.data import Dataset
from dashboard.i18n import N_, _, fmt_int, ngettext
from dashboard.placenames import place
from dashboard.text import fmt_day
from dashboard.viewstate import View

#: scope_coverage and scope_name are re-exported for dashboard/press.py (and the tests clear scope_coverage's cache).
__all__ = ["Caption", "alt_text", "alternatives", "caption", "credit", "data_credit", "precompute", "scope_coverage"]
__all__ += ["PROJECT", "scope_name"]

PROJECT = layout.PROJECT
DATA_CREDIT = N_("Data: ICE activation list as transcribed by Vargas-Núñez et al. (PNAS 2026); U.S. Census Bureau")
NPR = N_("; detainers: ICE FOIA records via NPR (2016)")
TRAC = N_("; detainers: TRAC (2017)")


def data_credit(chart: str = "map", measure: str = "activation") -> str:
    """The sources of a chart (the timeline also credits its detainer counts, a map of a detainer measure its
    source), in the current language."""
    detainers = {"timeline": _(NPR), "county": _("; detainers: TRAC (2017) and ICE FOIA records via NPR (2016)")}
    extra = detainers.get(chart, "")
    if chart == "map" and measure != "activation":
        extra = _(NPR) if measure == "citizen" else _(TRAC)
    return _(DATA_CREDIT) + extra


def credit(chart: str = "map", measure: str = "activation") -> str:
    """The source credit drawn under every chart, image and embed."""
    return data_credit(chart, measure) + _(" · Map: {project}", project=PROJECT)


@dataclass(frozen=True)
class Caption:
    """Everything written around one chart for one view."""

    title: str
    dateline: str
    note: str  # selected / compared counties, or ""
    credit: str
    alt: str  # plain-language text alternative, generated from the data
    legend: str = ""  # the map legend's title (plotly's HTML subset), for images that place the legend themselves


def precompute(ds: Dataset, state: str | None) -> None:
    """Fill the per-scope caches behind the captions and text alternatives (called once per scope at start-up)."""
    scope_coverage(ds, state)


def alt_text(ds: Dataset, view: View, chart: str = "map") -> str:
    """The chart as plain language, every number computed from the dataset (alt text, caption, description)."""
    return caption(ds, view, chart).alt


def county_alt(ds: Dataset, fips: str, view: View) -> str:
    """A county in words, in the view's language."""
    with i18n.language(view.lang):
        return alttext.county_alt(ds, fips, view)


@lru_cache(maxsize=256)  # keyed by the canonical view: the page's meta tags, embeds and exports ask again and again
def caption(ds: Dataset, view: View, chart: str = "map") -> Caption:
    """Title line, date line, note, credit and alt text for ``chart`` ("map", "timeline" or "county"), in the view's
    language."""
    with i18n.language(view.lang):
        return _caption(ds, view, chart)


def _coverage_line(ds: Dataset, view: View, r: pd.Series) -> str:
    """ "1,010 of 3,143 counties in 38 states, 55.1% of the US population"."""
    active, total = int(r["counties"]), int(r["counties_total"])
    where = _(" in {states}", states=alttext.states(ds, view)) if view.state is None and active else ""
    return ngettext(
        "{active} of {n} county{states}, {pop} of {people}",
        "{active} of {n} counties{states}, {pop} of {people}",
        total,
        active=fmt_int(active),
        states=where,
        pop=alttext.pct(r["pop_pct"]),
        people=population_of(ds, view.state),
    )


def _caption(ds: Dataset, view: View, chart: str) -> Caption:
    r = alttext.row(ds, view)
    name = scope_name(ds, view.state)
    note, _marks = alttext.marked(ds, view)
    day = fmt_day(view.date)
    coverage_line = _coverage_line(ds, view, r)
    if chart == "timeline":
        title = (
            _("Secure Communities coverage over time")
            if view.state is None
            else _("Secure Communities coverage over time in {name}", name=name)
        )
        dateline = _("Dotted line: {day} — {coverage}", day=day, coverage=coverage_line)
        key = timeline.milestone_key()
        milestones = _("Milestones: ") + " · ".join(key[:3]) + "\n" + " · ".join(key[3:])
        note = f"{note}\n{milestones}" if note else milestones
        return Caption(title, dateline, note, credit("timeline"), alttext.timeline_alt(ds, view))
    if chart == "county" and view.county:
        c = ds.county(view.county)
        title = _("Secure Communities in {place}", place=place(c["name"], c["state_name"], article=True))
        active = pd.Timestamp(view.date) >= c["activation_date"]
        dateline = (
            _("Activated {activated} · active on {day}")
            if active
            else _("Activated {activated} · not yet active on {day}")
        ).format(activated=fmt_day(c["activation_date"]), day=day)
        return Caption(title, dateline, "", credit("county"), alttext.county_alt(ds, view.county, view))
    legend = measures.legend_title(view.measure, view.mode)
    if view.measure != "activation":
        what = measures.words(view.measure, "title")
        title = (
            _("{title}, county by county", title=what)
            if view.state is None
            else _("{title}, in {name}", title=what, name=name)
        )
        source = measures.words(view.measure, "short_source")
        dateline = _("Totals, {source}: the map does not change with the date", source=source)
        return Caption(title, dateline, note, credit("map", view.measure), alttext.measure_alt(ds, view), legend)
    title = (
        _("Secure Communities, county by county")
        if view.state is None
        else _("Secure Communities in {name}", name=name)
    )
    lead = _("Status on {day}: {coverage}") if view.mode == "status" else _("Active by {day}: {coverage}")
    dateline = lead.format(day=day, coverage=coverage_line)
    return Caption(title, dateline, note, credit(), alttext.map_alt(ds, view), legend)


@lru_cache(maxsize=256)  # keyed by the canonical view
def alternatives(ds: Dataset, view: View) -> tuple[str, str]:
    """The main page's text alternatives (``#map-alt``, ``#timeline-alt`` in the footer), for its URL callback: the
    ``alt`` of :func:`caption`'s map and timeline, without the rest of the captions."""
    with i18n.language(view.lang):
        chart = alttext.map_alt(ds, view) if view.measure == "activation" else alttext.measure_alt(ds, view)
        return chart, alttext.timeline_alt(ds, view)


def dated(view: View, sep: str = " — ") -> str:
    """The view's day after a title (" — 1 Feb 2011"), or nothing under a detainer measure: its map shows totals
    over TRAC's whole period, not figures on that day."""
    return "" if view.measure != "activation" else f"{sep}{fmt_day(view.date)}"
