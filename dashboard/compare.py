"""The comparison: selected and compared counties side by side, one column per county.

Each row names its measure with its source period (activation order from ICE's list; population, 2010 Census;
non-citizens, ACS 2006-2010 with its margin; detainers, TRAC 2017 scrape; U.S.-citizen lifts, ICE FOIA records via
NPR; published county figures as cited reference points). A pure function of the dataset and the FIPS codes.
"""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard import i18n
from dashboard.cards import count_or_missing, with_moe
from dashboard.data import Dataset
from dashboard.detainers import county_detainers, rate, rate_range, share_text, unplaced_text
from dashboard.figurewords import words
from dashboard.i18n import N_, _, fmt_int
from dashboard.periodwords import note_text, source_parts
from dashboard.placenames import capital, place
from dashboard.ranknotes import rank_note_text
from dashboard.text import fmt_day, in_sentence, ordinal, qualified

#: Row label (English, translated where shown) and the cell of one county.
COMPARE_FIELDS = [
    (N_("County"), lambda ds, r: capital(place(r["name"], r["state"]))),
    (N_("Activated"), lambda ds, r: fmt_day(r["activation_date"])),
    (N_("Order nationally"), lambda ds, r: ordinal(int(r["national_rank"]))),
    (N_("Order in state"), lambda ds, r: ordinal(int(r["state_rank"]))),
    (N_("Days after first"), lambda ds, r: fmt_int(int(r["days_after_first"]))),
    (N_("State reached 100%"), lambda ds, r: fmt_day(r["state_complete_date"])),
    (N_("Population 2010"), lambda ds, r: count_or_missing(r["pop_2010_census"])),
    (N_("Non-citizens 2006-10 (± MOE)"), lambda ds, r: with_moe(r["noncit_2006_2010"], r["noncit_2006_2010_moe"])),
    (N_("Detainers (TRAC, about Oct 2007 - mid 2015)"), lambda ds, r: _trac(ds, r, "detainers")),
    (N_("ICE took custody"), lambda ds, r: _trac(ds, r, "took_custody")),
    (N_("Detainers per 1,000 non-citizens (with the ACS margin); rank"), lambda ds, r: _trac(ds, r, "rate")),
    (N_("Lifted: U.S. citizen (FOIA, Oct 2007 - Jul 2015)"), lambda ds, r: _trac(ds, r, "us_citizen")),
    (N_("Published figures"), lambda ds, r: _published(ds, r["fips"])),
]


def _trac(ds: Dataset, r: pd.Series, what: str) -> str:
    d = county_detainers(ds, r["fips"])
    if what == "us_citizen":  # "0" alone would read as none where the state's unplaced lifts are in no county
        n = d.us_citizen_in_state_unplaced
        return fmt_int(d.us_citizen) + (f"; {unplaced_text(n)}" if n else "")
    if d.detainers is None:
        return _("not listed by TRAC")
    if what == "detainers":
        return fmt_int(d.detainers)
    if what == "took_custody":
        share = d.took_custody_share
        return fmt_int(d.took_custody or 0) + (f" ({share_text(share)})" if share is not None else "")
    if d.per_1k_noncitizens is None:
        return _("no ACS estimate")
    if d.rank is not None:
        rank = _("{ordinal} of {ranked}", ordinal=ordinal(d.rank), ranked=fmt_int(d.ranked))
    else:
        rank = rank_note_text(d.rank_note) if d.rank_note else _("not ranked")
    return f"{rate(d.per_1k_noncitizens)} ({rate_range(d)}); {rank}"


def _published(ds: Dataset, fips: str) -> str:
    """The county's published figures as cited reference points: value, measure, period and who reported it."""
    figs = ds.figures[(ds.figures["level"] == "county") & (ds.figures["fips"] == fips)]
    if figs.empty:
        return _("none found")
    return "; ".join(
        f"{qualified(f.value, f.qualifier, f.unit)} {in_sentence(words(f.metric_label))} "
        f"({note_text(f.period_note)}; {source_parts(f.reported_by)[0]})"
        for f in figs.itertuples()
    )


def compare_table(ds: Dataset, codes: list[str]) -> html.Table | html.P:
    """Selected and compared counties side by side, one column per county (in the current language; the same
    counties in the same language answer the same components: never mutate them)."""
    return _compare_table(ds, tuple(codes))


@i18n.cached_in_language(256)  # per selection and comparison (whatever the date) and language
def _compare_table(ds: Dataset, codes: tuple[str, ...]) -> html.Table | html.P:
    if not codes:
        return html.P(_("Add counties to compare them side by side."), className="hint")
    rows = [ds.county(c) for c in codes]
    return html.Table(
        className="compare",
        children=[
            html.Caption(_("Counties compared")),
            html.Tbody(
                [
                    html.Tr([html.Th(_(label), scope="row"), *[html.Td(fn(ds, r)) for r in rows]])
                    for label, fn in COMPARE_FIELDS
                ]
            ),
        ],
    )
