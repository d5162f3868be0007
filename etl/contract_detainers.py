"""The detainer and ICE-statistics part of the geodata/ contract: file names, column schemas and invariants.

Kept apart from :mod:`etl.contract` (which imports it) so each stays short. Only pandas and the standard library:
the dashboard loads this at start-up. Every table here is documented column by column in geodata/README.md.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

NATIONAL = "detainers_national_monthly.csv"
TRAC_COUNTIES = "detainers_trac_counties.csv"
TRAC_STATES = "detainers_trac_states.csv"
TRAC_UNRESOLVED = "detainers_trac_unresolved.csv"
LIFTED = "detainers_lifted.csv"
LIFTED_PLACES = "detainers_lifted_places.csv"
PA_MONTHLY = "detainers_pa_monthly.csv"
PA_FACILITIES = "detainers_pa_facilities.csv"
ICE_STATISTICS = "ice_statistics.csv"

FACILITY_TYPES = {"county_jail", "state_prison", "federal_prison", "other"}
PLACE_RESOLUTIONS = {
    "county", "not_county_jail", "city_in_several_counties", "name_and_city_disagree", "city_not_found",
    "no_place", "outside_the_50_states",
}  # fmt: skip
IMPORT_RESOLUTIONS = {"resolved", "ambiguous", "unresolved"}

#: file -> {column: kind}; kinds: text, int, int? (may be empty; never negative), signed? (may be negative),
#: float?, bool, bool?.
SCHEMAS: dict[str, dict[str, str]] = {
    NATIONAL: {"month": "text", "detainers": "int", "partial": "bool", "note": "text"},
    TRAC_COUNTIES: {
        "fips": "text", "state": "text", "name": "text", "facilities": "int", "detainers": "int",
        "ice_took_custody": "int", "not_taken": "int", "excluded_facilities": "int", "excluded_detainers": "int",
        "per_10k_residents": "float?", "per_1k_noncitizens": "float?", "per_1k_noncitizens_low": "float?",
        "per_1k_noncitizens_high": "float?", "rank_per_10k_residents": "int?", "rank_per_1k_noncitizens": "int?",
        "rank_note": "text", "period": "text",
    },
    TRAC_STATES: {
        "state": "text", "state_name": "text", "trac_total": "int?", "trac_total_took_custody": "int?",
        "trac_total_not_taken": "int?", "facility_sum": "int?", "facility_sum_took_custody": "int?",
        "facility_sum_not_taken": "int?", "difference": "signed?", "duplicate_rows_dropped": "int", "scrape": "text",
        "period": "text",
    },
    TRAC_UNRESOLVED: {
        "state": "text", "state_name": "text", "county_as_printed": "text", "facility": "text", "detainers": "int",
        "ice_took_custody": "int", "not_taken": "int", "facility_type": "text", "fips": "text", "reason": "text",
        "candidates": "text", "period": "text",
    },
    LIFTED: {
        "reason": "text", "year": "int", "state": "text", "level": "text", "fips": "text",
        "why_not_county": "text", "records": "int",
    },
    LIFTED_PLACES: {
        "det_facility": "text", "city": "text", "state": "text", "facility_type": "text", "type_rule": "int",
        "resolution": "text", "fips": "text", "candidates": "text", "us_citizen": "int", "not_deportable": "int",
    },
    PA_MONTHLY: {"month": "text", "fips": "text", "facility_type": "text", "lift_reason": "text", "detainers": "int"},
    PA_FACILITIES: {
        "det_facility": "text", "city": "text", "fips": "text", "county": "text", "facility_type": "text",
        "note": "text", "detainers": "int", "first_month": "text", "last_month": "text",
    },
    ICE_STATISTICS: {
        "source_row": "int", "jurisdiction": "text", "state": "text", "fips": "text", "resolution": "text",
        "candidates": "text", "metric": "text", "metric_label": "text", "value": "float?",
        "activation_date_source": "text", "activation_date_layer": "text", "dates_agree": "bool?",
        "source": "text", "period": "text",
    },
}  # fmt: skip
FILES = list(SCHEMAS)
ROW_COUNTED = FILES


def read_table(directory: Path, name: str) -> pd.DataFrame:
    """Load one table with its schema's types (text stays text, empty text is "", empty numbers are <NA>)."""
    df = pd.read_csv(directory / name, dtype=str, keep_default_na=False)
    for col, kind in SCHEMAS[name].items():
        if col not in df.columns:
            continue
        if kind.startswith(("int", "signed")):
            df[col] = pd.to_numeric(df[col].replace("", None)).astype("Int64")
        elif kind == "float?":
            df[col] = pd.to_numeric(df[col].replace("", None)).astype("Float64")
        elif kind.startswith("bool"):
            df[col] = df[col].map({"True": True, "False": False, "": pd.NA}).astype("boolean")
    return df


def _require_complete(df: pd.DataFrame, name: str, problems: list[str]) -> None:
    for col, kind in SCHEMAS[name].items():
        if kind in ("int", "bool") and df[col].isna().any():
            problems.append(f"{name}: {col} has missing values")
        if kind.startswith("int") and (df[col].dropna() < 0).any():
            problems.append(f"{name}: negative {col}")


def validate(directory: Path, county_fips: set[str]) -> tuple[list[str], dict[str, object]]:
    """Check every table here; returns ``(problems, facts)``. Never raises for bad content."""
    problems: list[str] = []
    try:
        t = {name: read_table(directory, name) for name in FILES}
    except Exception as exc:  # an unreadable table is one problem line
        return [f"{directory}: a detainer table is unreadable ({type(exc).__name__}: {exc})"], {}
    for name, df in t.items():
        if list(df.columns) != list(SCHEMAS[name]):
            problems.append(f"{name}: columns differ from the schema")
    if problems:
        return problems, {}
    for name, df in t.items():
        _require_complete(df, name, problems)
    readme = (directory / "README.md").read_text(encoding="utf-8")
    undocumented = [f"{n}:{c}" for n, cols in SCHEMAS.items() for c in cols if f"`{c}`" not in readme]
    need_doc = not undocumented and all(f"### {n}" in readme for n in FILES)
    if not need_doc:
        problems.append(f"README.md: tables or columns not documented ({', '.join(undocumented[:5])})")

    def need(ok: bool, message: str) -> None:
        if not ok:
            problems.append(message)

    nat = t[NATIONAL]
    months = pd.period_range(nat["month"].iloc[0], nat["month"].iloc[-1], freq="M").strftime("%Y-%m")
    need(list(nat["month"]) == list(months), f"{NATIONAL}: months are not one contiguous series")
    need(nat["partial"].sum() <= 1 and (not nat["partial"].any() or nat["partial"].iloc[-1]), f"{NATIONAL}: partial")

    tc, ts, tu = t[TRAC_COUNTIES], t[TRAC_STATES], t[TRAC_UNRESOLVED]
    need(set(tc["fips"]) <= county_fips and tc["fips"].is_unique, f"{TRAC_COUNTIES}: FIPS not unique 2010 counties")
    need((tc["detainers"] == tc["ice_took_custody"] + tc["not_taken"]).all(), f"{TRAC_COUNTIES}: took + not != all")
    need((tu["reason"] != "").all(), f"{TRAC_UNRESOLVED}: a row has no reason")
    jail_sum = int(ts["facility_sum"].sum())
    need(int(tc["detainers"].sum()) + int(tu["detainers"].sum()) == jail_sum, f"{TRAC_STATES}: sums do not add up")
    for df, name in ((tc, TRAC_COUNTIES), (ts, TRAC_STATES), (tu, TRAC_UNRESOLVED)):
        need((df["period"] != "").all(), f"{name}: a row has no period")
    unranked = tc["rank_per_1k_noncitizens"].isna() & tc["per_1k_noncitizens"].notna()
    need((tc.loc[unranked, "rank_note"] != "").all(), f"{TRAC_COUNTIES}: an unranked county has no reason")

    lf, lp = t[LIFTED], t[LIFTED_PLACES]
    need(lf["level"].isin(["county", "state", "unplaced"]).all(), f"{LIFTED}: unknown level")
    at_county = lf["level"] == "county"
    need(set(lf.loc[at_county, "fips"]) <= county_fips, f"{LIFTED}: a county row has no 2010 FIPS")
    need((lf.loc[~at_county, "fips"] == "").all(), f"{LIFTED}: a state-level row has a FIPS")
    need(lf.loc[~at_county, "why_not_county"].isin(PLACE_RESOLUTIONS).all(), f"{LIFTED}: state level without why")
    need(lp["resolution"].isin(PLACE_RESOLUTIONS).all(), f"{LIFTED_PLACES}: unknown resolution")
    need(((lp["fips"] != "") == (lp["resolution"] == "county")).all(), f"{LIFTED_PLACES}: FIPS without resolution")
    for reason in ("us_citizen", "not_deportable"):
        need(
            int(lf.loc[lf["reason"] == reason, "records"].sum()) == int(lp[reason].sum()),
            f"{LIFTED}: {reason} records differ from {LIFTED_PLACES}",
        )

    pm, pf = t[PA_MONTHLY], t[PA_FACILITIES]
    need(set(pm["fips"]) - {""} <= county_fips, f"{PA_MONTHLY}: a FIPS is not a 2010 county")
    need(pm["facility_type"].isin(FACILITY_TYPES).all(), f"{PA_MONTHLY}: unknown facility type")
    need(pf["facility_type"].isin(FACILITY_TYPES).all(), f"{PA_FACILITIES}: unknown facility type")
    need(int(pm["detainers"].sum()) == int(pf["detainers"].sum()), f"{PA_MONTHLY}: total differs from facilities")

    ice = t[ICE_STATISTICS]
    need(ice["resolution"].isin(IMPORT_RESOLUTIONS).all(), f"{ICE_STATISTICS}: unknown resolution")
    need(set(ice.loc[ice["resolution"] == "resolved", "fips"]) <= county_fips, f"{ICE_STATISTICS}: bad FIPS")
    need((ice.loc[ice["resolution"] != "resolved", "fips"] == "").all(), f"{ICE_STATISTICS}: unresolved with FIPS")

    facts = {
        "detainers_national": int(nat["detainers"].sum()),
        "trac_counties": len(tc),
        "lifted_us_citizen": int(lp["us_citizen"].sum()),
        "lifted_not_deportable": int(lp["not_deportable"].sum()),
        "pa_detainers": int(pm["detainers"].sum()),
        "ice_statistics_rows": len(ice),
    }
    return problems, facts
