"""The comparison: selected and compared counties side by side, one column per county.

Each row names its measure with its source period (activation order from ICE's list; population, 2010 Census;
non-citizens, ACS 2006-2010 with its margin; detainers, TRAC 2017 scrape; U.S.-citizen lifts, ICE FOIA records via
NPR; published county figures as cited reference points). A pure function of the dataset and the FIPS codes.
"""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard.cards import count_or_missing, with_moe
from dashboard.data import Dataset
from dashboard.detainers import county_detainers, rate_range
from dashboard.text import fmt_day, in_sentence, ordinal, qualified

COMPARE_FIELDS = [
    ("County", lambda ds, r: f"{r['name']}, {r['state']}"),
    ("Activated", lambda ds, r: fmt_day(r["activation_date"])),
    ("Order nationally", lambda ds, r: ordinal(int(r["national_rank"]))),
    ("Order in state", lambda ds, r: ordinal(int(r["state_rank"]))),
    ("Days after first", lambda ds, r: f"{int(r['days_after_first']):,}"),
    ("State reached 100%", lambda ds, r: fmt_day(r["state_complete_date"])),
    ("Population 2010", lambda ds, r: count_or_missing(r["pop_2010_census"])),
    ("Non-citizens 2006-10 (± MOE)", lambda ds, r: with_moe(r["noncit_2006_2010"], r["noncit_2006_2010_moe"])),
    ("Detainers (TRAC, about Oct 2007 - mid 2015)", lambda ds, r: _trac(ds, r, "detainers")),
    ("ICE took custody", lambda ds, r: _trac(ds, r, "took_custody")),
    ("Detainers per 1,000 non-citizens (with the ACS margin); rank", lambda ds, r: _trac(ds, r, "rate")),
    ("Lifted: U.S. citizen (FOIA, Oct 2007 - Jul 2015)", lambda ds, r: _trac(ds, r, "us_citizen")),
    ("Published figures", lambda ds, r: _published(ds, r["fips"])),
]


def _trac(ds: Dataset, r: pd.Series, what: str) -> str:
    d = county_detainers(ds, r["fips"])
    if what == "us_citizen":
        return f"{d.us_citizen:,}"
    if d.detainers is None:
        return "not listed by TRAC"
    if what == "detainers":
        return f"{d.detainers:,}"
    if what == "took_custody":
        share = d.took_custody_share
        return f"{d.took_custody:,}" + (f" ({share:.0%})" if share is not None else "")
    if d.per_1k_noncitizens is None:
        return "no ACS estimate"
    rank = f"{ordinal(d.rank)} of {d.ranked:,}" if d.rank is not None else (d.rank_note or "not ranked")
    return f"{d.per_1k_noncitizens:,.1f} ({rate_range(d)}); {rank}"


def _published(ds: Dataset, fips: str) -> str:
    """The county's published figures as cited reference points: value, measure, period and who reported it."""
    figs = ds.figures[(ds.figures["level"] == "county") & (ds.figures["fips"] == fips)]
    if figs.empty:
        return "none found"
    return "; ".join(
        f"{qualified(f.value, f.qualifier, f.unit)} {in_sentence(f.metric_label)} ({f.period_note}; {f.reported_by})"
        for f in figs.itertuples()
    )


def compare_table(ds: Dataset, codes: list[str]) -> html.Table | html.P:
    """Selected and compared counties side by side, one column per county."""
    if not codes:
        return html.P("Add counties to compare them side by side.", className="hint")
    rows = [ds.county(c) for c in codes]
    return html.Table(
        className="compare",
        children=[
            html.Caption("Counties compared"),
            html.Tbody(
                [
                    html.Tr([html.Th(label, scope="row"), *[html.Td(fn(ds, r)) for r in rows]])
                    for label, fn in COMPARE_FIELDS
                ]
            ),
        ],
    )
