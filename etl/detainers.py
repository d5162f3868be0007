"""Stage 4c — ICE's own detainer records: the national monthly series, detainers lifted because the person was a
U.S. citizen or not deportable, and every Pennsylvania detainer by county and month.

Sources (see :data:`etl.registry.SOURCES`): NPR's count of ICE's FOIA release of all detainers issued to local
law enforcement, 2007-10-01 to 2015-07-19 (files 9-11), and its Pennsylvania subset (file 12). A detainer is ICE's
request that a jail hold a person it has identified: the step at which a Secure Communities match became an ICE
arrest. Counts are of detainer records, not of people. Nothing is estimated: a record whose county is not
certain is counted at state level, with the reason.
"""

from __future__ import annotations

import pandas as pd

from etl.detainer_sources import FOIA_LAST
from etl.errors import InputError
from etl.places import RESOLUTIONS, Gazetteer, NamesByState, locate, pa_facilities
from etl.registry import SOURCES

MONTHLY_COLUMNS = ["month", "detainers", "partial", "note"]
LIFTED_COLUMNS = ["reason", "year", "state", "level", "fips", "why_not_county", "records"]
PLACE_COLUMNS = [
    "det_facility", "city", "state", "facility_type", "type_rule", "resolution", "fips", "candidates",
    "us_citizen", "not_deportable",
]  # fmt: skip
PA_MONTHLY_COLUMNS = ["month", "fips", "facility_type", "lift_reason", "detainers"]
PA_FACILITY_COLUMNS = [
    "det_facility", "city", "fips", "county", "facility_type", "note", "detainers", "first_month", "last_month",
]  # fmt: skip
LIFTED = {"us_citizen": "detainers_us_citizen", "not_deportable": "detainers_not_deportable"}


def national_monthly(monthly: pd.DataFrame) -> pd.DataFrame:
    """File 9 as published: ``month, detainers, partial, note``; the last month (2015-07) is partial."""
    last = FOIA_LAST.strftime("%Y-%m")
    out = monthly.copy()
    out["partial"] = out["month"] == last
    out["note"] = out["partial"].map({True: f"partial month: ICE's FOIA release ends on {FOIA_LAST.date()}", False: ""})
    return out[MONTHLY_COLUMNS]


def lifted(
    records: dict[str, pd.DataFrame], names: NamesByState, gazetteer: Gazetteer, in_scope: set[str]
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, dict[str, int]]]:
    """Detainers lifted because the person was a U.S. citizen (file 10) or not deportable (file 11).

    ``records`` maps ``us_citizen`` / ``not_deportable`` to :func:`etl.detainer_sources.read_detainer_records`.
    Returns ``(by_year_place, places, report)``: records per reason x calendar year x state x county (``level``
    ``county``; ``state`` where the county is not certain, ``why_not_county`` from
    :data:`etl.places.RESOLUTIONS`; ``unplaced`` where the record names no place), one row per distinct facility
    with its resolution and record counts, and per reason the records resolved / ambiguous / unresolved /
    kept at state level because the facility is not a county jail.
    """
    both = pd.concat([df.assign(reason=key) for key, df in records.items()], ignore_index=True)
    keys = ["det_facility", "city", "state"]
    places = locate(both[keys].drop_duplicates(), names, gazetteer, in_scope)
    both = both.merge(places[[*keys, "fips", "resolution"]], on=keys, how="left")
    both["year"] = both["date"].dt.year
    both["level"] = "county"
    both.loc[both["fips"] == "", "level"] = "state"
    both.loc[both["state"] == "", "level"] = "unplaced"
    both["why_not_county"] = both["resolution"].where(both["level"] != "county", "")
    out = (
        both.groupby(["reason", "year", "state", "level", "fips", "why_not_county"], as_index=False)
        .size()
        .rename(columns={"size": "records"})
        .sort_values(["reason", "year", "state", "fips", "why_not_county"])
    )
    counts = both.groupby([*keys, "reason"]).size().unstack("reason", fill_value=0)
    places = places.merge(counts.reset_index(), on=keys, how="left")
    for key in LIFTED:
        places[key] = places[key].fillna(0).astype("int64") if key in places else 0
    places = places.sort_values(keys).reset_index(drop=True)[PLACE_COLUMNS]
    kinds = ["resolved", "ambiguous", "unresolved", "state level"]
    report = {}
    for key in LIFTED:
        found = both.loc[both["reason"] == key, "resolution"].map(RESOLUTIONS)
        report[key] = {kind: int((found == kind).sum()) for kind in kinds}
    return out[LIFTED_COLUMNS].reset_index(drop=True), places, report


def pennsylvania(records: pd.DataFrame, county_names: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every Pennsylvania detainer (file 12) by county x month x facility type x lift reason, and per facility.

    Each facility's county and type come from ``etl/rules/pa_facilities.csv``; a facility missing from it, or a
    rule whose FIPS does not name its county, stops the build (:class:`InputError`). ``county_names``: the built
    table's ``fips, name``. An empty ``lift_reason`` is the source's blank (pending, or no paper filed); an empty
    ``fips`` is a facility whose county is not settled (see its ``note``).
    """
    file = SOURCES["detainers_pa"].path
    rules = pa_facilities()
    names = county_names.set_index("fips")["name"]
    for r in rules.itertuples():
        if r.fips and names.get(r.fips) != r.county:
            raise InputError("etl/rules/pa_facilities.csv", f"{r.det_facility}: FIPS {r.fips} is not {r.county!r}")
    df = records.merge(rules, on=["det_facility", "city"], how="left", indicator=True)
    unknown = df["_merge"] != "both"
    if unknown.any():
        i = unknown.idxmax()
        raise InputError(
            file,
            f"row {df.at[i, 'row']}: facility {df.at[i, 'det_facility']!r} in {df.at[i, 'city']} has no row in "
            "etl/rules/pa_facilities.csv (add its county and type after reading its name)",
        )
    df["month"] = df["date"].dt.strftime("%Y-%m")
    monthly = (
        df.groupby(["month", "fips", "facility_type", "lift_reason"], as_index=False)
        .size()
        .rename(columns={"size": "detainers"})
        .sort_values(["month", "fips", "facility_type", "lift_reason"])
        .reset_index(drop=True)
    )
    per = df.groupby(["det_facility", "city"], as_index=False).agg(
        detainers=("row", "size"), first_month=("month", "min"), last_month=("month", "max")
    )
    facilities = rules.merge(per, on=["det_facility", "city"], how="inner")
    return monthly[PA_MONTHLY_COLUMNS], facilities[PA_FACILITY_COLUMNS]
