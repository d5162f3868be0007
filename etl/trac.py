"""Stage 4b — TRAC's cumulative detainers per facility, summed to 2010 counties (file 13).

Source: TRAC, Syracuse University, "Immigration and Customs Enforcement Detainers"
(https://trac.syr.edu/phptools/immigration/detain/), as scraped on 2017-06-28. The 179 exact duplicate rows of
the scrape are dropped first. Each facility row is summed into the county TRAC printed for it (resolved by name
within the state), keeping "ICE took custody" (``Yes``) apart from "not taken" (``No``). State and federal
prisons and federal holding (U.S. Marshals, ICE) hold people from far beyond the county they sit in, so they are
kept out of the county sums and listed, like every row that does not resolve to a county, with the reason.
Independent cities where TRAC files a neighbouring county's or a regional jail (``etl/rules/not_ranked.csv``)
keep their sums and rates but are not ranked, and ``rank_note`` says why.
"""

from __future__ import annotations

import re

import pandas as pd

from etl.crosswalk import rule_table
from etl.errors import InputError
from etl.places import NamesByState, classify, reviewed
from etl.rates import RATE_COLUMNS, add_rates

#: The period of TRAC's counts, carried on every row that holds them.
PERIOD = "about FY2008 - mid FY2015 (period not stated by the source; consistent with ICE's FOIA detainer records)"
COUNTY_COLUMNS = [
    "fips", "state", "name", "facilities", "detainers", "ice_took_custody", "not_taken",
    "excluded_facilities", "excluded_detainers", *RATE_COLUMNS, "period",
]  # fmt: skip
STATE_COLUMNS = [
    "state", "state_name", "trac_total", "trac_total_took_custody", "trac_total_not_taken",
    "facility_sum", "facility_sum_took_custody", "facility_sum_not_taken", "difference",
    "duplicate_rows_dropped", "scrape", "period",
]  # fmt: skip
UNRESOLVED_COLUMNS = [
    "state", "state_name", "county_as_printed", "facility", "detainers", "ice_took_custody", "not_taken",
    "facility_type", "fips", "reason", "candidates", "period",
]  # fmt: skip
_EXCLUDED_WHY = {
    "state_prison": "state prison: holds people from across the state, not attributed to the county it is in",
    "federal_prison": "federal prison: holds people from across the country, not attributed to a county",
    "other": "federal holding (U.S. Marshals, ICE or INS): not a local jail, not attributed to a county",
}


#: A jail shared by several counties: "Regional", "Reg.", "Tri-County", "Multi-County" with no single county named
#: (a hyphenated pair such as "Sumter-Lee Reg Det Center" counts as several), or a known multi-county jail by name.
REGIONAL = re.compile(
    r"^(?!.*\b(?:COUNTY|CO|CNTY|CTY)\b).*(?:REGIONAL|\bREG\b|\bREG\.)"
    r"|\w+-\w+ (?:COUNTY )?REG|TRI-?COUNTY|MULTI-?CO|MINICASSIA|NORTHERN OREGON CORR"
    r"|\bB\.R\.R\.J\b|CTR OF NORTHWEST OH",
    re.IGNORECASE,
)
#: States whose jails the state runs (unified systems): detainers sit at a few state facilities, not by county.
UNIFIED = {"AK", "CT", "DE", "HI", "RI", "VT"}
SCRAPE_COMPLETE = "complete: TRAC gives a state total"
SCRAPE_PARTIAL = "partial: TRAC gives no state total and lists only part of the state's jails"
SCRAPE_NONE = "none: TRAC's scrape has no row for this state"
#: A county whose counted detainers come at least this much from regional jails is not ranked.
REGIONAL_SHARE = 0.5

_REVIEWED_AS = {"state_prison": "state prison", "federal_prison": "federal prison", "other": "not a local jail"}


def not_ranked() -> dict[str, str]:
    """``etl/rules/not_ranked.csv``: counties (independent cities) where TRAC files a jail that serves a neighbouring
    county, so a rate per the city's own residents would mislead; fips -> the ``rank_note`` saying so."""
    table = rule_table("not_ranked.csv")
    return dict(zip(table["fips"], table["reason"], strict=True))


def statewide_reasons(counties: pd.DataFrame, qa: pd.DataFrame) -> dict[str, str]:
    """Counties not ranked because of their state: a unified state jail system (:data:`UNIFIED`), or a state TRAC's
    scrape covers only partly or not at all (``qa["scrape"]``): fips -> the ``rank_note``."""
    scrape = dict(zip(qa["state"], qa["scrape"], strict=True))
    notes = {}
    for fips, state, state_name in counties[["fips", "state", "state_name"]].itertuples(index=False):
        if state in UNIFIED:
            notes[fips] = (
                f"not ranked: {state_name} runs a unified state jail system, so detainers are filed at a few state "
                "facilities, not by the county where the arrest was made"
            )
        elif scrape.get(state) != SCRAPE_COMPLETE:
            notes[fips] = (
                f"not ranked: TRAC's 2017 scrape of {state_name} is incomplete ({scrape.get(state, SCRAPE_NONE)})"
            )
    return notes


def regional_hosts(counted: pd.DataFrame) -> dict[str, str]:
    """Counties whose sum is mostly (>= :data:`REGIONAL_SHARE`) from a jail that serves several counties, so their
    rate per resident is overstated and their neighbours' understated: fips -> the ``rank_note`` saying so.

    ``counted``: facility rows summed into counties (``fips, facility, all``).
    """
    regional = counted["facility"].str.strip().str.contains(REGIONAL)
    share = counted["all"].where(regional, 0).groupby(counted["fips"]).sum() / counted.groupby("fips")["all"].sum()
    notes = {}
    for fips in share[share >= REGIONAL_SHARE].index:
        rows = counted[(counted["fips"] == fips) & regional].sort_values("all", ascending=False)
        named = ", ".join(f"'{f.strip()}'" for f in rows["facility"])
        notes[fips] = (
            f"not ranked: {int(rows['all'].sum()):,} of its {int(counted.loc[counted['fips'] == fips, 'all'].sum()):,}"
            f" detainers are from {named}, a regional jail that holds arrestees of several counties"
        )
    return notes


def detainers_by_county(
    raw: pd.DataFrame, counties: pd.DataFrame, names: NamesByState
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, int]]:
    """Sum TRAC's facility rows to 2010 counties.

    ``raw``: :func:`etl.detainer_sources.read_detainers_trac`; ``counties``: the built county table. Returns
    ``(by_county, by_state_qa, unresolved, report)``: one row per county with at least one resolved local facility
    (columns :data:`COUNTY_COLUMNS`; a county that is absent is not known to be zero), one QA row per state as
    TRAC lists them (:data:`STATE_COLUMNS`; ``difference`` = facility sum - TRAC's state total), every facility
    row kept out of the county sums with its reason (:data:`UNRESOLVED_COLUMNS`), and the resolution counts.
    """
    rows = raw.drop(columns="row")
    dup_by_state = rows[rows.duplicated()].groupby("state_name").size()
    rows = rows.drop_duplicates().reset_index(drop=True)
    totals = rows[rows["jurisdiction"] == "All"].set_index("state_name")
    jails = rows[rows["jurisdiction"] != "All"].reset_index(drop=True)
    jails = pd.concat([jails, classify(jails["facility"], jails["state"])], axis=1)

    in_scope = set(counties["state"])
    county_state = dict(zip(counties["fips"], counties["state"], strict=True))
    fips, reason, candidates = [], [], []
    for r in jails.itertuples():
        found = names.resolve(r.county, r.state) if r.state in in_scope else []
        if (rev := reviewed(r.state, r.facility)) and rev.fips:  # a jail TRAC filed under a neighbouring county
            if county_state.get(rev.fips) != r.state:
                raise InputError(
                    "etl/rules/facility_names.csv", f"{r.facility}: {rev.fips} is not a county of {r.state}"
                )
            found = [rev.fips]
        if r.state_name == "Not Listed":
            why = "TRAC lists no state"
        elif r.state not in in_scope:
            why = "territory: outside the 50 states and DC"
        elif not found:
            why = f"no 2010 county named {r.county!r} in {r.state}"
        elif len(found) > 1:
            why = "ambiguous: the name fits several counties"
        else:
            why = ""
        fips.append(found[0] if len(found) == 1 else "")
        reason.append(why)
        candidates.append(";".join(found) if len(found) > 1 else "")
    jails = jails.assign(fips=fips, reason=reason, candidates=candidates)
    resolved = jails["fips"] != ""
    excluded = resolved & ~jails["local"]
    why = [
        f"{_REVIEWED_AS.get(t, t)} (reviewed): {rev.note}" if (rev := reviewed(st, f)) else _EXCLUDED_WHY.get(t, "")
        for st, f, t in zip(jails["state"], jails["facility"], jails["facility_type"], strict=True)
    ]
    jails.loc[excluded, "reason"] = pd.Series(why, index=jails.index)[excluded]
    counted = resolved & jails["local"]

    local = jails[counted].groupby("fips", as_index=False).agg(
        facilities=("facility", "size"), detainers=("all", "sum"), ice_took_custody=("yes", "sum"),
        not_taken=("no", "sum"),
    )  # fmt: skip
    held = (
        jails[excluded]
        .groupby("fips", as_index=False)
        .agg(excluded_facilities=("facility", "size"), excluded_detainers=("all", "sum"))
    )
    by_county = local.merge(held, on="fips", how="left").merge(counties[["fips", "state", "name"]], on="fips")
    for col in ("excluded_facilities", "excluded_detainers"):
        by_county[col] = by_county[col].fillna(0).astype("int64")
    sums = jails.groupby("state_name").agg(
        state=("state", "first"), facility_sum=("all", "sum"), facility_sum_took_custody=("yes", "sum"),
        facility_sum_not_taken=("no", "sum"),
    )  # fmt: skip
    qa = sums.join(totals[["all", "yes", "no"]], how="outer").reset_index(names="state_name")
    qa = qa.rename(columns={"all": "trac_total", "yes": "trac_total_took_custody", "no": "trac_total_not_taken"})
    for col in [c for c in STATE_COLUMNS if c.startswith(("trac_total", "facility_sum"))]:
        qa[col] = qa[col].astype("Int64")
    qa["state"] = qa["state"].fillna("")
    qa["difference"] = qa["facility_sum"] - qa["trac_total"]
    qa["duplicate_rows_dropped"] = qa["state_name"].map(dup_by_state).fillna(0).astype("int64")
    qa["scrape"] = [SCRAPE_COMPLETE if pd.notna(t) else SCRAPE_PARTIAL for t in qa["trac_total"]]
    missing = counties.loc[~counties["state"].isin(set(qa["state"])), ["state", "state_name"]].drop_duplicates()
    qa = pd.concat([qa, missing.assign(duplicate_rows_dropped=0, scrape=SCRAPE_NONE)], ignore_index=True)
    qa = qa.assign(period=PERIOD)[STATE_COLUMNS].sort_values("state_name").reset_index(drop=True)
    hosts = statewide_reasons(counties, qa) | regional_hosts(jails[counted]) | not_ranked()
    by_county = add_rates(by_county, counties, not_ranked=hosts).assign(period=PERIOD)[COUNTY_COLUMNS]

    left_out = jails[~counted].rename(
        columns={"county": "county_as_printed", "all": "detainers", "yes": "ice_took_custody", "no": "not_taken"}
    )
    left_out = left_out.assign(period=PERIOD)[UNRESOLVED_COLUMNS].reset_index(drop=True)
    report = {
        "rows": len(raw),
        "duplicates_dropped": int(len(raw) - len(rows)),
        "facilities": len(jails),
        "resolved": int(resolved.sum()),
        "ambiguous": int((jails["candidates"] != "").sum()),
        "unresolved": int((~resolved & (jails["candidates"] == "")).sum()),
        "counted_in_counties": int(counted.sum()),
        "kept_out_state_federal": int(excluded.sum()),
        "counties": len(by_county),
    }
    return by_county, qa, left_out, report
