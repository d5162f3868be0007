"""Issue 10 — the detainer tables: their values, proved against the raw files read here independently with pandas,
and their derivation, proved by recomputing them from the raw files (without the slow geometry stage) and comparing
with the committed bytes.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from etl import contract_detainers as cd
from etl import detainer_sources, detainers
from etl.build import _detainer_files
from etl.contract import read_counties, read_manifest

RAW_MONTHLY = "raw/npr2016_detainers_by_month.csv"
RAW_US_CITIZEN = "raw/npr2016_detainers_us_citizen.csv"
RAW_NOT_DEPORTABLE = "raw/npr2016_detainers_not_deportable.csv"
RAW_PA = "raw/eads_pa_detainers.csv"
RAW_TRAC = "raw/trac2017_detainers_by_jurisdiction.csv"


def _raw(data_dir: Path, rel: str) -> pd.DataFrame:
    return pd.read_csv(data_dir / rel, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def tables(geodata_dir: Path) -> dict[str, pd.DataFrame]:
    return {name: cd.read_table(geodata_dir, name) for name in cd.FILES}


@pytest.fixture(scope="module")
def trac_raw(data_dir: Path) -> pd.DataFrame:
    df = _raw(data_dir, RAW_TRAC)
    for col in ("All", "Yes", "No"):
        df[col] = pd.to_numeric(df[col].str.replace(",", ""), errors="coerce").fillna(0).astype(int)
    return df


def test_national_monthly_series_is_the_raw_file_with_july_2015_partial(data_dir, tables) -> None:
    raw = _raw(data_dir, RAW_MONTHLY)
    nat = tables[cd.NATIONAL]
    assert int(raw["count"].astype(int).sum()) == 1_814_828 == int(nat["detainers"].sum())
    assert list(nat["month"]) == list(raw["year_month"]) and len(nat) == 94
    assert nat["month"].iloc[0] == "2007-10" and nat["month"].iloc[-1] == "2015-07"
    assert nat.loc[nat["partial"], "month"].tolist() == ["2015-07"]
    assert "2015-07-19" in nat["note"].iloc[-1]


@pytest.mark.parametrize(
    ("rel", "reason", "expected"), [(RAW_US_CITIZEN, "us_citizen", 693), (RAW_NOT_DEPORTABLE, "not_deportable", 1_846)]
)
def test_lifted_records_are_all_counted_by_year_state_and_county(data_dir, tables, rel, reason, expected) -> None:
    raw = _raw(data_dir, rel)
    lifted, places = tables[cd.LIFTED], tables[cd.LIFTED_PLACES]
    mine = lifted[lifted["reason"] == reason]
    assert len(raw) == expected == int(mine["records"].sum()) == int(places[reason].sum())
    by_year = raw["date"].str[:4].astype(int).value_counts().sort_index()
    assert mine.groupby("year")["records"].sum().to_dict() == by_year.to_dict()
    states = raw["state"].replace("", "(none)").value_counts()
    assert int(states.get("CALIFORNIA", 0)) == int(mine.loc[mine["state"] == "CA", "records"].sum())


def test_only_county_jails_with_a_single_county_city_are_placed_in_a_county(tables) -> None:
    places = tables[cd.LIFTED_PLACES]
    placed = places[places["resolution"] == "county"]
    assert (placed["facility_type"] == "county_jail").all()
    assert (places.loc[places["facility_type"] != "county_jail", "fips"] == "").all()
    several = places[places["resolution"] == "city_in_several_counties"]
    assert not several.empty and (several["fips"] == "").all()
    assert several["candidates"].str.contains(";").all()  # the counties the city spans are named, none chosen
    sac = places[(places["det_facility"] == "SACRAMENTO COUNTY JAIL") & (places["state"] == "CA")]
    assert sac["resolution"].tolist() == ["county"] and sac["fips"].tolist() == ["06067"]


def test_pennsylvania_every_record_by_county_month_with_facility_types(data_dir, tables) -> None:
    raw = _raw(data_dir, RAW_PA)
    pm, pf = tables[cd.PA_MONTHLY], tables[cd.PA_FACILITIES]
    assert len(raw) == 32_757 == int(pm["detainers"].sum()) == int(pf["detainers"].sum())
    assert pm["month"].min() == "2007-10" and pm["month"].max() == "2015-07"
    assert set(pf["facility_type"]) == {"county_jail", "state_prison", "federal_prison", "other"}
    raw_reasons = raw["lift_reason"].value_counts()
    assert int(raw_reasons["Booked into Detention"]) == int(
        pm.loc[pm["lift_reason"] == "Booked into Detention", "detainers"].sum()
    )
    assert int((raw["lift_reason"] == "").sum()) == int(pm.loc[pm["lift_reason"] == "", "detainers"].sum())
    moshannon = pf[pf["det_facility"] == "MOSHANNON VALLEY CORRECTIONAL"].iloc[0]
    assert (moshannon["fips"], moshannon["facility_type"]) == ("42033", "federal_prison")
    assert int(raw["det_facility"].str.startswith("SCI ").sum()) <= int(
        pm.loc[pm["facility_type"] == "state_prison", "detainers"].sum()
    )


def test_trac_duplicates_dropped_and_every_facility_row_accounted_for(trac_raw, tables) -> None:
    assert len(trac_raw) == 4_565
    assert int(trac_raw.duplicated().sum()) == 179
    dedup = trac_raw.drop_duplicates()
    jails, totals = dedup[dedup["Jurisdiction"] != "All"], dedup[dedup["Jurisdiction"] == "All"]
    tc, ts, tu = tables[cd.TRAC_COUNTIES], tables[cd.TRAC_STATES], tables[cd.TRAC_UNRESOLVED]
    assert (
        int(jails["All"].sum()) == int(ts["facility_sum"].sum()) == int(tc["detainers"].sum() + tu["detainers"].sum())
    )
    assert int(totals["All"].sum()) == int(ts["trac_total"].sum())
    assert int(ts["duplicate_rows_dropped"].sum()) == 179
    assert (tc["detainers"] == tc["ice_took_custody"] + tc["not_taken"]).all()
    assert int(jails["Yes"].sum()) == int(tc["ice_took_custody"].sum() + tu["ice_took_custody"].sum())
    period = "about FY2008 - mid FY2015 (period not stated by the source; consistent with ICE's FOIA detainer records)"
    for t in (tc, ts, tu):
        assert (t["period"] == period).all()


def test_trac_county_names_as_printed_resolve_and_prisons_stay_out(trac_raw, tables) -> None:
    tc, tu = tables[cd.TRAC_COUNTIES], tables[cd.TRAC_UNRESOLVED]
    dona_ana = trac_raw[(trac_raw["County"] == "Dona Ana County") & (trac_raw["Jurisdiction"] != "All")]
    assert not dona_ana.empty
    assert tc.set_index("fips").at["35013", "name"] == "Doña Ana County"
    assert {"Guam", "Puerto Rico", "Not Listed"} <= set(tu["state_name"])
    assert tu["reason"].str.len().gt(0).all()
    prisons = tu[tu["facility_type"].isin(["state_prison", "federal_prison"])]
    in_states = prisons[~prisons["reason"].str.startswith(("territory", "TRAC lists no state", "no 2010 county"))]
    assert not in_states.empty and in_states["reason"].str.contains("prison").all()
    salt_lake = trac_raw[(trac_raw["County"] == "Salt Lake County") & (trac_raw["Jurisdiction"] != "All")]
    counted = tc.set_index("fips").at["49035", "detainers"] + tc.set_index("fips").at["49035", "excluded_detainers"]
    assert counted <= int(salt_lake.drop_duplicates()["All"].sum()) < int(salt_lake["All"].sum())


def test_rates_carry_the_margin_and_small_or_uncertain_counties_are_not_ranked(geodata_dir, tables) -> None:
    tc = tables[cd.TRAC_COUNTIES].merge(read_counties(geodata_dir), on=["fips", "state", "name"])
    rate = tc["detainers"] / tc["noncit_2006_2010"] * 1000
    ok = tc["noncit_2006_2010"] > 0
    assert ((tc.loc[ok, "per_1k_noncitizens"] - rate[ok]).abs() < 0.006).all()
    assert (tc.loc[ok, "per_1k_noncitizens_low"] <= tc.loc[ok, "per_1k_noncitizens"]).all()
    small = tc["noncit_2006_2010"] < 1000
    assert tc.loc[small, "rank_per_1k_noncitizens"].isna().all()
    assert tc.loc[small, "rank_note"].str.contains("too small to rank").all()
    tiny = tc["pop_2010_census"] < 10_000
    assert tc.loc[tiny, "rank_per_10k_residents"].isna().all()
    ranked = tc.dropna(subset=["rank_per_10k_residents"]).sort_values("rank_per_10k_residents")
    assert ranked["per_10k_residents"].is_monotonic_decreasing


def test_manifest_says_plainly_that_ice_match_and_removal_counts_are_absent(geodata_dir, tables) -> None:
    man = read_manifest(geodata_dir)
    assert man["ice_statistics"]["available"] is False
    assert "not available" in man["ice_statistics"]["reason"]
    assert tables[cd.ICE_STATISTICS].empty
    report = man["resolution"]
    assert report["trac"]["rows"] == 4_565 and report["trac"]["duplicates_dropped"] == 179
    assert sum(report["lifted"]["us_citizen"].values()) == 693
    assert sum(report["lifted"]["not_deportable"].values()) == 1_846
    for name in cd.FILES:
        assert name in man["outputs"] and name in man["row_counts"]


def test_the_committed_tables_are_exactly_what_the_raw_files_give(data_dir, geodata_dir) -> None:
    """Recompute the detainer stage from the raw files (no geometry) and compare byte for byte."""
    raw = {
        "monthly": detainer_sources.read_detainers_monthly(data_dir),
        "lifted": {k: detainer_sources.read_detainer_records(data_dir, v) for k, v in detainers.LIFTED.items()},
        "pa": detainer_sources.read_detainer_records(data_dir, "detainers_pa"),
        "trac": detainer_sources.read_detainers_trac(data_dir),
    }
    files, _ = _detainer_files(raw, read_counties(geodata_dir), None)
    for name, data in files.items():
        assert data == (geodata_dir / name).read_bytes(), name


@pytest.mark.parametrize(
    ("facility", "facility_type"),
    [
        ("F.C.I. Herlong", "federal_prison"), ("Pollock F.C.I.", "federal_prison"),
        ("Los Angeles Met.Det.Ctr.", "federal_prison"), ("U.S.P. Atwater", "federal_prison"),
        ("Ci Willacy", "federal_prison"), ("Bscc Flightline Unit", "federal_prison"),
        ("Mcrae Correctional Facility, Cca", "federal_prison"), ("D. Ray James Prison", "federal_prison"),
        ("Moshannon Valley Correctional", "federal_prison"), ("Rivers Correctional Institution", "federal_prison"),
        ("Reeves County Det. Center", "federal_prison"), ("Reeves County Det. Center Iii", "federal_prison"),
        ("Huntsville State P.", "state_prison"), ("Garza West Transfer Facility", "state_prison"),
        ("Texas Dcj", "state_prison"), ("Salinas Valley State Pris", "state_prison"),
        ("Two Rivers Correctional Institut", "state_prison"), ("Waupun C.I., Waupun", "state_prison"),
        ("Ark. D.O.C.-Cummins Unit", "state_prison"),
        # local jails that must stay local
        ("Reeves County Jail", "county_jail"), ("Okaloosa County D.O.C.", "county_jail"),
        ("Nassau County Correctional Center", "county_jail"), ("Reeves Co. Juv. Det. Ctr.", "other"),
    ],
)  # fmt: skip
def test_prisons_written_many_ways_are_not_counted_as_county_jails(facility, facility_type) -> None:
    from etl.places import classify

    typed = classify(pd.Series([facility])).iloc[0]
    assert typed["facility_type"] == facility_type
    assert bool(typed["local"]) == (facility_type in ("county_jail", "other"))


def test_independent_cities_holding_a_neighbouring_county_jail_are_not_ranked(tables) -> None:
    tc = tables[cd.TRAC_COUNTIES].set_index("fips")
    for fips in ("51840", "51830"):  # Winchester, Williamsburg: regional jails filed under the city
        assert pd.isna(tc.at[fips, "rank_per_10k_residents"]) and pd.isna(tc.at[fips, "rank_per_1k_noncitizens"])
        assert tc.at[fips, "rank_note"].startswith("not ranked: TRAC files")
        assert tc.at[fips, "per_10k_residents"] > 0  # the rate is still given
    assert tc.at["48389", "detainers"] < 500 < tc.at["48389", "excluded_detainers"]  # Reeves: the federal prisons
    top = tc.sort_values("rank_per_10k_residents").head(15).index
    assert not {"48389", "48227", "48471", "13271", "13049", "51600", "51683", "42027"} & set(top)
    # Fairfax County's jail, filed by TRAC under Fairfax city where it stands, is summed into Fairfax County
    assert tc.at["51059", "detainers"] >= 5_096 + 1_227 and "51600" not in tc.index


@pytest.mark.parametrize(
    ("state", "facility", "facility_type", "local"),
    [
        # named after their county, but private prisons or centres under federal contract (reviewed names)
        ("NM", "Cibola County Det Ctr", "federal_prison", False),
        ("MS", "Adams County Det Center", "federal_prison", False),
        ("LA", "Pine Prairie Correctional Cent", "other", False),
        ("CO", "1st Choice Inns", "other", False),
        ("NV", "Northern Nev Corr Ctr", "state_prison", False),
        ("IL", "Dixon Correctional Center", "state_prison", False),
        # state prisons by pattern
        ("AZ", "Aspc Alhambra", "state_prison", False),
        ("IL", "Stateville Corrections", "state_prison", False),
        ("NY", "Lakeview Correctional", "state_prison", False),
        ("MA", "Mci Concord", "state_prison", False),
        ("FL", "South Florida Recept Cent", "state_prison", False),
        ("CA", "Rj Donovan Correc Fac", "state_prison", False),
        ("CT", "Osborn Corr Inst", "state_prison", False),
        ("OR", "Oisc-Offender Inf Sentence Comp", "state_prison", False),
        # local jails that must stay local, including state-run jails of unified systems (CT, HI)
        ("CT", "Hartford Corr Center", "other", True),
        ("HI", "Oahu Community Corr Ctr", "other", True),
        ("WA", "Chelan Co. Regional Jail", "county_jail", True),
        ("NY", "Nassau County Correctional Center", "county_jail", True),
        ("NM", "Cibola County Jail", "county_jail", True),
        ("CA", "Santa Rita Jail", "other", True),
    ],
)  # fmt: skip
def test_facilities_are_typed_by_reviewed_name_before_pattern(state, facility, facility_type, local) -> None:
    from etl.places import classify

    typed = classify(pd.Series([facility]), pd.Series([state])).iloc[0]
    assert (typed["facility_type"], bool(typed["local"])) == (facility_type, local)


def test_every_reviewed_facility_name_is_a_facility_in_the_raw_files(data_dir) -> None:
    from etl.crosswalk import rule_table
    from etl.places import classify

    trac = detainer_sources.read_detainers_trac(data_dir)[["state", "facility"]]
    records = [
        detainer_sources.read_detainer_records(data_dir, key).rename(columns={"det_facility": "facility"})
        for key in detainers.LIFTED.values()
    ]
    named = pd.concat([trac, *[r[["state", "facility"]] for r in records]], ignore_index=True)
    typed = classify(named["facility"], named["state"])
    matched = named.loc[typed["type_rule"] == "0"]
    keys = set(zip(matched["state"], matched["facility"].str.upper().str.split().str.join(" "), strict=True))
    reviewed = rule_table("facility_names.csv")
    assert len(keys) == len(reviewed)  # no reviewed row is stale, and no two rows name the same facility
    assert set(reviewed["facility_type"]) <= {"county_jail", "state_prison", "federal_prison", "other"}
    assert reviewed["note"].str.len().min() > 20  # every row says why


def test_regional_jails_and_new_york_city_are_not_ranked(tables) -> None:
    tc = tables[cd.TRAC_COUNTIES].set_index("fips")
    for fips, jail in (("16031", "Minicassia"), ("41065", "Northern Oregon"), ("54011", "Western Regional Jail")):
        assert pd.isna(tc.at[fips, "rank_per_10k_residents"]) and pd.isna(tc.at[fips, "rank_per_1k_noncitizens"])
        assert jail in tc.at[fips, "rank_note"] and "regional jail" in tc.at[fips, "rank_note"]
    for fips in ("36005", "36047", "36061", "36081", "36085"):
        assert pd.isna(tc.at[fips, "rank_per_10k_residents"]) and "Rikers Island" in tc.at[fips, "rank_note"]
    assert pd.notna(tc.at["05119", "rank_per_10k_residents"])  # "Pulaski County Reg.Det.Fac.": the county's own jail
    assert "Douglas County" in tc.at["53007", "rank_note"]  # Chelan's jail also holds Douglas County's arrestees


def test_prisons_under_federal_contract_do_not_lead_the_per_resident_ranking(tables) -> None:
    unresolved = tables[cd.TRAC_UNRESOLVED]
    kept_out = set(unresolved["facility"].str.strip())
    assert {"Cibola County Det Ctr", "Adams County Det Center", "Aspc Alhambra", "1st Choice Inns"} <= kept_out
    tc = tables[cd.TRAC_COUNTIES].set_index("fips")
    top = tc.sort_values("rank_per_10k_residents").head(10).index
    # Cibola NM, Adams MS, Val Verde TX, Cassia ID, Wasco OR, Evangeline LA led it before the review
    assert not {"35006", "28001", "48465", "16031", "41065", "22039"} & set(top)


def test_jails_filed_under_a_neighbour_are_summed_into_their_own_county(tables, trac_raw) -> None:
    tc = tables[cd.TRAC_COUNTIES].set_index("fips")
    henrico = int(trac_raw.drop_duplicates().query("Facility == 'Henrico County Jail'")["All"].sum())
    assert tc.at["51087", "detainers"] == henrico == 1_119  # Henrico County, not Richmond city where TRAC filed it
    richmond = trac_raw.drop_duplicates().query("State == 'Virginia' and County == 'Richmond City'")
    assert tc.at["51760", "detainers"] + tc.at["51760", "excluded_detainers"] == int(richmond["All"].sum()) - henrico
    unresolved = tables[cd.TRAC_UNRESOLVED].set_index("facility")
    assert unresolved.at["Candadian County, El Reno", "reason"].startswith("not a local jail (reviewed): filed under")


def test_states_the_scrape_covers_in_part_or_runs_unified_jails_are_not_ranked(tables) -> None:
    qa = tables[cd.TRAC_STATES].set_index("state")
    assert qa.at["KS", "scrape"].startswith("none") and qa.at["MT", "scrape"].startswith("none")
    partial = set(qa.index[qa["scrape"].str.startswith("partial")])
    assert partial == {"AK", "ME", "MD", "SD", "UT", "WV", "WY"}  # no state total in TRAC's scrape
    assert qa["trac_total"].isna().sum() == len(partial) + 2  # + Kansas and Montana
    tc = tables[cd.TRAC_COUNTIES]
    for state, words in (("MD", "incomplete"), ("WY", "incomplete"), ("DE", "unified"), ("RI", "unified")):
        mine = tc[tc["state"] == state]
        assert mine["rank_per_10k_residents"].isna().all() and mine["rank_note"].str.contains(words).all()


def test_the_district_of_columbia_is_ranked_on_its_jail_not_on_a_test_record(tables) -> None:
    dc = tables[cd.TRAC_COUNTIES].set_index("fips").loc["11001"]
    assert dc["detainers"] == 835 and pd.notna(dc["rank_per_10k_residents"])
