"""What the dragnet caught, per county and per state: the detainer figures a card, a comparison or a download shows.

Pure functions over :class:`dashboard.data.Dataset` (its ``detainers`` tables, written by the ETL from
``geodata/detainers_*.csv``). Nothing is filled in: a county TRAC does not list has no detainer figure (``None``),
which the views show as "not listed by TRAC", never as zero.

Sources, in words a reader understands (used wherever the numbers go):
- TRAC: TRAC (Syracuse University) detainer tool, scraped 2017, summed from jails to counties; period not stated by
  the source, about FY2008 - mid FY2015.
- U.S.-citizen lifts: ICE detainer records released under FOIA and published by NPR (2016), Oct 2007 - Jul 2015.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from dashboard import i18n
from dashboard.data import Dataset
from dashboard.i18n import N_, _, fmt_int, ngettext
from dashboard.ranknotes import rank_note_text
from dashboard.text import ordinal
from etl import contract_detainers as cd

# English as marked; shown with _() (the Spanish page words them in Spanish).
TRAC_SOURCE = N_("TRAC (Syracuse University) detainer tool, scraped 2017, jails summed to counties")
TRAC_PERIOD = N_("period not stated by TRAC: about Oct 2007 to mid 2015, FY2008 to mid FY2015")
LIFTED_SOURCE = N_("ICE detainer records (FOIA), published by NPR, 2016")
LIFTED_PERIOD = N_("Oct 2007 - Jul 2015")


@dataclass(frozen=True)
class CountyDetainers:
    """One county's detainer figures; every count is people-records as the source gives them (not people)."""

    detainers: int | None  # TRAC, all detainers lodged at the county's local jails; None = not listed by TRAC
    took_custody: int | None  # of which ICE took the person into custody
    per_1k_noncitizens: float | None  # detainers per 1,000 non-citizen residents (ACS 2006-2010)
    per_1k_low: float | None  # the same with the ACS 90% margin of error: low end
    per_1k_high: float | None  # high end; None where the estimate minus its margin is not above zero
    per_10k_residents: float | None
    rank: int | None  # rank per 1,000 non-citizens among rankable counties; None = not ranked
    ranked: int  # how many counties are ranked per 1,000 non-citizens
    rank_note: str  # why not ranked ("too small to rank ...", "not ranked: ..."), or ""
    us_citizen: int  # detainers lifted because the person was a U.S. citizen, placed in this county
    us_citizen_in_state_unplaced: int  # such lifts in the same state that could not be placed in a county
    scrape: str = ""  # how much of the county's state TRAC's scrape covers (``detainers_trac_states.csv``)
    excluded: int = 0  # detainers at prisons or federal centres in the county, kept out of ``detainers``

    @property
    def took_custody_share(self) -> float | None:
        """Share of the TRAC detainers where ICE took custody, 0-1; None without detainers."""
        if not self.detainers or self.took_custody is None:
            return None
        return self.took_custody / self.detainers


def _num(value: object) -> float | None:
    return None if pd.isna(value) else float(value)


@lru_cache(maxsize=2)  # one per dataset: every county's figures, built in one pass (the map needs all 3,143)
def all_county_detainers(ds: Dataset) -> dict[str, CountyDetainers]:
    """``{2010 county FIPS: CountyDetainers}`` for every county of ``ds`` (TRAC sums, rates with their margin,
    U.S.-citizen lifts); a county TRAC does not list has ``detainers=None``."""
    trac = ds.detainers[cd.TRAC_COUNTIES].set_index("fips")
    ranked = int(trac["rank_per_1k_noncitizens"].notna().sum())
    states = ds.detainers[cd.TRAC_STATES].dropna(subset=["state"]).drop_duplicates("state").set_index("state")
    scrape = states["scrape"].astype(str).to_dict()
    placed = us_citizen_by_county(ds)
    unplaced = us_citizen_unplaced_by_state(ds).to_dict()
    kept_out = ds.detainers[cd.TRAC_UNRESOLVED].groupby("fips")["detainers"].sum().to_dict()
    out: dict[str, CountyDetainers] = {}
    for fips, state in zip(ds.counties["fips"], ds.counties["state"], strict=True):
        common = {
            "us_citizen": int(placed.get(fips, 0)),
            "us_citizen_in_state_unplaced": int(unplaced.get(state, 0)),
            "scrape": scrape.get(state, ""),
        }
        if fips not in trac.index:
            out[fips] = CountyDetainers(
                None, None, None, None, None, None, None, 0, "", excluded=int(kept_out.get(fips, 0)), **common
            )
            continue
        r = trac.loc[fips]
        rank = r["rank_per_1k_noncitizens"]
        out[fips] = CountyDetainers(
            detainers=int(r["detainers"]),
            took_custody=int(r["ice_took_custody"]),
            per_1k_noncitizens=_num(r["per_1k_noncitizens"]),
            per_1k_low=_num(r["per_1k_noncitizens_low"]),
            per_1k_high=_num(r["per_1k_noncitizens_high"]),
            per_10k_residents=_num(r["per_10k_residents"]),
            rank=None if pd.isna(rank) else int(rank),
            ranked=ranked,
            rank_note=str(r["rank_note"]),
            excluded=int(r["excluded_detainers"]),
            **common,
        )
    return out


def county_detainers(ds: Dataset, fips: str) -> CountyDetainers:
    """The detainer figures for one 2010 county FIPS (TRAC sums, rates with their margin, U.S.-citizen lifts)."""
    return all_county_detainers(ds)[fips]


def us_citizen_by_county(ds: Dataset) -> pd.Series:
    """U.S.-citizen lifts placed in a county: ``fips -> records`` (counties with none are absent)."""
    lifted = ds.detainers[cd.LIFTED]
    return lifted[(lifted["reason"] == "us_citizen") & (lifted["level"] == "county")].groupby("fips")["records"].sum()


def us_citizen_unplaced_by_state(ds: Dataset) -> pd.Series:
    """U.S.-citizen lifts of a state that could not be placed in any of its counties: ``state -> records``."""
    lifted = ds.detainers[cd.LIFTED]
    us = lifted[lifted["reason"] == "us_citizen"]
    return us[us["level"] != "county"].groupby("state")["records"].sum()


def us_citizen_counts(ds: Dataset, state: str, fips: str | None = None) -> tuple[int, int]:
    """``(in the county, in the state but not placed in a county)`` U.S.-citizen lifts; ``fips=None``: (state total,
    of which not placed in a county)."""
    lifted = ds.detainers[cd.LIFTED]
    mine = lifted[(lifted["reason"] == "us_citizen") & (lifted["state"] == state)]
    not_placed = int(mine.loc[mine["level"] != "county", "records"].sum())
    if fips is None:
        return int(mine["records"].sum()), not_placed
    return int(mine.loc[mine["fips"] == fips, "records"].sum()), not_placed


def unplaced_text(n: int) -> str:
    """Said wherever a county's U.S.-citizen lifts are given (card, hover, tables, download): ``n`` more in its state
    are in no county, so "0 placed" or "None placed" is not "none" (ICE's record names no jail certain to be there)."""
    return ngettext(
        "{n} in the state was not placed in any county (its record names no jail certain to be in one county)",
        "{n} in the state were not placed in any county (their records name no jail certain to be in one county)",
        n,
    )


def rate_text(d: CountyDetainers) -> str:
    """``"41.2 per 1,000 non-citizens (range 37.0-46.4 with the ACS margin)"``, or why there is none."""
    if d.per_1k_noncitizens is None:
        return _("no rate: no ACS estimate of non-citizens")
    return _(
        "{rate} per 1,000 non-citizens ({range} with the ACS margin)",
        rate=rate(d.per_1k_noncitizens),
        range=rate_range(d),
    )


def rate(value: float) -> str:
    """A rate to one decimal (``1,041.2``): English and U.S. Spanish (es_US) write it alike, and Python's rounding
    keeps the English text as it always was (Babel rounds the decimal repr, which can differ at a half)."""
    return f"{value:,.1f}"


def share_text(share: float) -> str:
    """A share 0-1 as a whole percentage (``55%``), written alike in English and es_US (see :func:`rate`)."""
    return f"{share:.0%}"


def rate_range(d: CountyDetainers) -> str:
    """``"range 37.0 to 46.4"``: the rate with the ACS margin (no upper bound where estimate - margin <= 0)."""
    high = rate(d.per_1k_high) if d.per_1k_high is not None else _("no upper bound")
    return _("range {low} to {high}", low=rate(d.per_1k_low or 0.0), high=high)


def rank_text(d: CountyDetainers) -> str:
    """The county's rank per non-citizen, or the reason it is not ranked."""
    if d.rank is not None:
        return _(
            "{ordinal} highest of {ranked} ranked counties",
            # Spanish says the position as a number ("ocupa el puesto 396 de ..."), English as an ordinal
            ordinal=ordinal(d.rank, before_noun=True) if i18n.current() == "en" else fmt_int(d.rank),
            ranked=fmt_int(d.ranked),
        )
    return rank_note_text(d.rank_note) if d.rank_note else _("not ranked")


def not_listed_text(d: CountyDetainers) -> str:
    """Why a county has no TRAC figure: "no local jail of this county in TRAC's list (absent is not zero; ...)"."""
    why = {
        "partial": N_(
            "no local jail of this county in TRAC's list (absent is not zero; TRAC's scrape lists only part of "
            "this state's jails)"
        ),
        "none": N_(
            "no local jail of this county in TRAC's list (absent is not zero; TRAC's scrape has no row for this state)"
        ),
    }.get(d.scrape.split(":")[0], N_("no local jail of this county in TRAC's list (absent is not zero)"))
    return _(why)


def detainer_lines(d: CountyDetainers) -> list[str]:
    """The card's lines, each a full sentence naming its source and period (what the card, the text alternative
    and the comparison say)."""
    source, period = _(TRAC_SOURCE), _(TRAC_PERIOD)
    if d.detainers is None:
        trac = [_("Detainers: {why}. Source: {source}.", why=not_listed_text(d), source=source)]
    else:
        share = d.took_custody_share
        took = fmt_int(d.took_custody or 0)
        trac = [
            _(
                "Detainers: {n} lodged at the county's jails ({period}). Source: {source}.",
                n=fmt_int(d.detainers),
                period=period,
                source=source,
            ),
            _("ICE took custody in {n} of them ({share}).", n=took, share=share_text(share))
            if share is not None
            else _("ICE took custody in {n} of them.", n=took),
            _("Rate: {rate}; {rank}.", rate=rate_text(d), rank=rank_text(d)),
        ]
    if d.excluded:
        trac.append(
            ngettext(
                "Not counted: {n} detainer at facilities here that are not the county's local jails (state or federal "
                "prisons, ICE or U.S. Marshals centres, rows that cannot be placed), listed in the data with why.",
                "Not counted: {n} detainers at facilities here that are not the county's local jails (state or federal "
                "prisons, ICE or U.S. Marshals centres, rows that cannot be placed), listed in the data with why.",
                d.excluded,
            )
        )
    us = ngettext(
        "Detainers lifted because the person was a U.S. citizen: {n} placed in this county",
        "Detainers lifted because the person was a U.S. citizen: {n} placed in this county",
        d.us_citizen,
    )
    if n := d.us_citizen_in_state_unplaced:
        us += "; " + unplaced_text(n)
    return [
        *trac,
        _("{lifted} ({period}). Source: {source}.", lifted=us, period=_(LIFTED_PERIOD), source=_(LIFTED_SOURCE)),
    ]


def state_lines(ds: Dataset, state: str) -> list[str]:
    """A state's detainer figures in sentences: TRAC's state total beside the sum of its jails, and U.S.-citizen
    lifts (placed in counties, and not placed)."""
    trac = ds.detainers[cd.TRAC_STATES]
    row = trac[trac["state"] == state]
    lines = []
    if not row.empty and not pd.isna(row["trac_total"].iloc[0]):
        r = row.iloc[0]
        took = int(r["trac_total_took_custody"])
        total = int(r["trac_total"])
        fields = {"total": fmt_int(total), "period": _(TRAC_PERIOD), "took": fmt_int(took), "source": _(TRAC_SOURCE)}
        lines.append(
            _(
                "Detainers: {total} (TRAC's state total, {period}); ICE took custody in {took} ({share}). Source: "
                "{source}.",
                share=share_text(took / total),
                **fields,
            )
            if total
            else _(
                "Detainers: {total} (TRAC's state total, {period}); ICE took custody in {took}. Source: {source}.",
                **fields,
            )
        )
    elif not row.empty and not pd.isna(row["facility_sum"].iloc[0]):
        counties = ds.detainers[cd.TRAC_COUNTIES]
        local = int(counties.loc[counties["state"] == state, "detainers"].sum())
        lines.append(
            _(
                "Detainers: TRAC gives no state total and lists only part of the state's jails; the facilities it "
                "lists sum to {sum}, of which {local} at local jails ({period}). Source: {source}.",
                sum=fmt_int(int(row["facility_sum"].iloc[0])),
                local=fmt_int(local),
                period=_(TRAC_PERIOD),
                source=_(TRAC_SOURCE),
            )
        )
    else:
        lines.append(
            _(
                "Detainers: TRAC's 2017 scrape has no row for this state (absent is not zero). Source: {source}.",
                source=_(TRAC_SOURCE),
            )
        )
    total, not_placed = us_citizen_counts(ds, state)
    if total:
        lines.append(
            _(
                "Detainers lifted because the person was a U.S. citizen: {total}, of which {placed} placed in a county "
                "({period}). Source: {source}.",
                total=fmt_int(total),
                placed=fmt_int(total - not_placed),
                period=_(LIFTED_PERIOD),
                source=_(LIFTED_SOURCE),
            )
        )
    else:
        lines.append(
            _(
                "Detainers lifted because the person was a U.S. citizen: none recorded ({period}).",
                period=_(LIFTED_PERIOD),
            )
        )
    return lines
