"""The "Truth" contract of the ETL, proved on the committed geodata/ and on a fresh build from the raw data.

Every test taking ``layer`` runs twice: once on the committed geodata/ and once on a build made in this
session (built once, reused). Where a value can be checked against a raw file, the raw file is read here
independently with pandas rather than through ``etl.sources``.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from etl.build import build
from etl.contract import read_counties, read_figures, read_manifest, ring_is_clockwise, sha256_file
from etl.sources import SOURCES

RAW_ACTIVATIONS = "raw/vargasnunez2026_securecommunities.dta"
RAW_CENSUS = "raw/cfpbhmda_co-est00int-tot.csv"
RAW_V2019 = "raw/meredithb3_co-est2019-alldata.csv"
RAW_FIGURES = "published_figures.csv"

OLD_ALASKA = ["02201", "02232", "02280"]
NEW_ALASKA = ["02105", "02195", "02198", "02230", "02275"]
INDIANA_DISAGREEMENTS = {"Hendricks", "Henry", "Huntington", "Parke", "Shelby", "Vermillion", "Wayne", "Wells"}


# ---------------------------------------------------------------------------------------------------------
# fixtures


@pytest.fixture(scope="session")
def fresh_geodata(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    """geodata/ rebuilt from the raw data into a temporary directory, once per session."""
    out = tmp_path_factory.mktemp("fresh") / "geodata"
    build(data_dir, out, log=lambda _msg: None)
    return out


@pytest.fixture(scope="session", params=["committed", "fresh"])
def layer(request: pytest.FixtureRequest, geodata_dir: Path) -> Path:
    return geodata_dir if request.param == "committed" else request.getfixturevalue("fresh_geodata")


@pytest.fixture(scope="session")
def counties(layer: Path) -> pd.DataFrame:
    """counties.csv of the layer under test, with the contract's types (read once per layer; do not mutate)."""
    return read_counties(layer)


@pytest.fixture(scope="session")
def raw_activations(public_data_dir: Path) -> pd.DataFrame:
    """The day-precision panel collapsed to one date per source FIPS (NaT rows dropped)."""
    df = pd.read_stata(public_data_dir / RAW_ACTIVATIONS, convert_categoricals=False)
    df = df.dropna(subset=["date_secure"])
    df["fips"] = df["county"].astype(int).map("{:05d}".format)
    return df.groupby("fips").agg(date=("date_secure", "first"), statewide=("date_statewide_secure", "first"))


@pytest.fixture(scope="session")
def raw_census(public_data_dir: Path) -> pd.DataFrame:
    df = pd.read_csv(public_data_dir / RAW_CENSUS, encoding="latin-1")
    df = df[df["SUMLEV"] == 50].copy()
    df["fips"] = [f"{s:02d}{c:03d}" for s, c in zip(df["STATE"], df["COUNTY"], strict=True)]
    return df.set_index("fips")


@pytest.fixture(scope="session")
def raw_v2019(public_data_dir: Path) -> pd.DataFrame:
    df = pd.read_csv(
        public_data_dir / RAW_V2019, encoding="latin-1", dtype={"SUMLEV": str, "STATE": str, "COUNTY": str}
    )
    df = df[df["SUMLEV"] == "050"].copy()
    df["fips"] = df["STATE"] + df["COUNTY"]
    return df.set_index("fips")


@pytest.fixture(scope="session")
def crosswalk_rules(repo_root: Path) -> pd.DataFrame:
    return pd.read_csv(repo_root / "etl" / "rules" / "fips_crosswalk.csv", dtype=str, keep_default_na=False)


# ---------------------------------------------------------------------------------------------------------
# activation dates


def test_every_2010_county_has_an_activation_date(counties: pd.DataFrame) -> None:
    assert len(counties) == 3143
    assert counties["fips"].is_unique
    assert counties["activation_date"].notna().all()
    assert counties["state"].nunique() == 51


def test_directly_dated_counties_carry_the_raw_day_precision_date(
    counties: pd.DataFrame, raw_activations: pd.DataFrame
) -> None:
    direct = counties[counties["date_via"] == "direct"].set_index("fips")
    assert (direct["source_fips"] == direct.index).all()
    raw = raw_activations["date"].reindex(direct.index)
    assert raw.notna().all(), "a directly dated county has no date in the raw file"
    pd.testing.assert_series_equal(direct["activation_date"], raw, check_names=False, check_dtype=False)


def test_pre_2008_alaska_and_absorbed_virginia_codes_are_not_in_the_output(counties: pd.DataFrame) -> None:
    codes = set(counties["fips"])
    assert not codes & {*OLD_ALASKA, "51560", "51780", "46102", "02158"}
    assert {"46113", "02270", "51515", "08014"} <= codes


def test_2008_alaska_codes_are_dated_through_the_crosswalk_from_their_parent(
    counties: pd.DataFrame, crosswalk_rules: pd.DataFrame, raw_activations: pd.DataFrame
) -> None:
    splits = crosswalk_rules[crosswalk_rules["kind"] == "split"].set_index("to_fips")["from_fips"]
    assert sorted(splits.index) == NEW_ALASKA
    by_fips = counties.set_index("fips")
    for child in NEW_ALASKA:
        row = by_fips.loc[child]
        assert row["date_via"] == "crosswalk", child
        assert row["source_fips"] == splits[child], child
        assert row["activation_date"] == raw_activations.at[splits[child], "date"], child
    assert sorted(counties.loc[counties["date_via"] == "crosswalk", "fips"]) == NEW_ALASKA


def test_renamed_counties_take_their_2011_2013_estimates_from_the_new_codes(
    counties: pd.DataFrame, raw_v2019: pd.DataFrame
) -> None:
    by_fips = counties.set_index("fips")
    for old, new in [("46113", "46102"), ("02270", "02158")]:
        for year in (2011, 2012, 2013):
            assert by_fips.at[old, f"pop_est_{year}"] == raw_v2019.at[new, f"POPESTIMATE{year}"], (old, year)


def test_bedford_city_has_no_2011_2013_estimate_and_both_bedfords_say_why(
    counties: pd.DataFrame, raw_v2019: pd.DataFrame
) -> None:
    by_fips = counties.set_index("fips")
    for year in (2011, 2012, 2013):
        assert pd.isna(by_fips.at["51515", f"pop_est_{year}"])
        assert by_fips.at["51019", f"pop_est_{year}"] == raw_v2019.at["51019", f"POPESTIMATE{year}"]
    assert "51019" in by_fips.at["51515", "pop_note"]
    assert "51515" in by_fips.at["51019", "pop_note"]
    others = by_fips.drop(index=["51515", "51019"])
    assert (others["pop_note"] == "").all()
    assert others[["pop_est_2011", "pop_est_2012", "pop_est_2013"]].notna().all().all()


def test_second_source_disagrees_only_for_the_eight_indiana_counties_whose_day_date_is_kept(
    counties: pd.DataFrame,
) -> None:
    flagged = counties[counties["second_source_agrees"] == False]  # noqa: E712
    assert (flagged["state"] == "IN").all()
    assert {n.removesuffix(" County") for n in flagged["name"]} == INDIANA_DISAGREEMENTS
    assert (flagged["activation_date"] == pd.Timestamp("2011-05-31")).all()
    assert (flagged["second_source_month"] == "2011-06").all()
    with_month = counties[counties["second_source_month"] != ""]
    assert len(with_month) == 3102
    assert with_month["second_source_agrees"].notna().all()
    agreeing = with_month.drop(index=flagged.index)
    assert agreeing["second_source_agrees"].all()
    assert (agreeing["activation_date"].dt.strftime("%Y-%m") == agreeing["second_source_month"]).all()
    assert counties.loc[counties["second_source_month"] == "", "second_source_agrees"].isna().all()


# ---------------------------------------------------------------------------------------------------------
# population


def test_2010_census_population_sums_to_the_national_count(counties: pd.DataFrame) -> None:
    assert int(counties["pop_2010_census"].sum()) == 308_745_538


def test_2008_2010_population_equals_the_raw_intercensal_file_county_for_county(
    counties: pd.DataFrame, raw_census: pd.DataFrame
) -> None:
    by_fips = counties.set_index("fips")
    assert set(by_fips.index) == set(raw_census.index)
    columns = {
        "pop_2010_census": "CENSUS2010POP",
        "pop_est_2008": "POPESTIMATE2008",
        "pop_est_2009": "POPESTIMATE2009",
        "pop_est_2010": "POPESTIMATE2010",
    }
    for ours, theirs in columns.items():
        mismatch = by_fips[ours].astype("int64") != raw_census[theirs].reindex(by_fips.index)
        assert not mismatch.any(), f"{ours} differs from {theirs} for {list(by_fips.index[mismatch][:5])}"


# ---------------------------------------------------------------------------------------------------------
# order of the rollout


def test_harris_county_alone_is_first_on_2008_10_27(counties: pd.DataFrame) -> None:
    first = counties[counties["activation_date"] == counties["activation_date"].min()]
    assert first["fips"].tolist() == ["48201"]
    assert first["activation_date"].iloc[0] == pd.Timestamp("2008-10-27")
    assert first["national_rank"].iloc[0] == 1
    assert (counties["national_rank"] == 1).sum() == 1


def test_last_activation_is_2013_01_22_with_106_counties_in_illinois_and_alabama(counties: pd.DataFrame) -> None:
    last_date = counties["activation_date"].max()
    assert last_date == pd.Timestamp("2013-01-22")
    last = counties[counties["activation_date"] == last_date]
    assert len(last) == 106
    assert last["state"].value_counts().to_dict() == {"IL": 76, "AL": 30}
    assert (counties["activation_date"] <= last_date).sum() == 3143


def test_ranks_cohorts_and_state_dates_agree_with_the_activation_dates(
    counties: pd.DataFrame, raw_activations: pd.DataFrame
) -> None:
    d = counties["activation_date"]
    by_state = counties.groupby("state_fips")["activation_date"]
    assert (counties["national_rank"] == d.rank(method="min")).all()
    assert (counties["cohort"] == d.rank(method="dense")).all()
    assert counties["cohort"].max() == 156
    assert (counties["state_rank"] == by_state.rank(method="min")).all()
    assert (counties["state_first_date"] == by_state.transform("min")).all()
    assert (counties["state_complete_date"] == by_state.transform("max")).all()
    assert (counties["days_after_first"] == (d - pd.Timestamp("2008-10-27")).dt.days).all()
    assert (counties["days_before_state_complete"] == (counties["state_complete_date"] - d).dt.days).all()
    # the raw file's own statewide date is the state's completion date
    statewide = raw_activations["statewide"].reindex(counties["source_fips"]).to_numpy()
    assert (counties["state_complete_date"].to_numpy() == statewide).all()


# ---------------------------------------------------------------------------------------------------------
# published figures


def test_every_county_figure_names_the_county_of_its_fips(layer: Path, counties: pd.DataFrame) -> None:
    figures = read_figures(layer)
    by_fips = counties.set_index("fips")
    county_figures = figures[figures["level"] == "county"]
    assert len(county_figures) == 24
    for r in county_figures.itertuples():
        assert r.place == f"{by_fips.at[r.fips, 'name']}, {by_fips.at[r.fips, 'state']}", r.figure_id
        assert r.state == by_fips.at[r.fips, "state"], r.figure_id


def test_published_figures_keep_every_value_and_qualifier_of_the_raw_file(layer: Path, data_dir: Path) -> None:
    figures = read_figures(layer)
    raw = pd.read_csv(data_dir / RAW_FIGURES, dtype=str, keep_default_na=False)
    assert len(figures) == len(raw) == 65

    def rows(df: pd.DataFrame) -> list[tuple[str, str, float, str]]:
        cols = [df["level"], df["fips"], df["value"].astype(float), df["qualifier"]]
        return list(zip(*cols, strict=True))

    ours, theirs = rows(figures), rows(raw)
    assert ours == theirs
    gao = figures[figures["source_url"].str.contains("GAO-12-708")]
    assert list(zip(gao["value"], gao["qualifier"], strict=True)) == [(183000, "about")]
    assert (figures["qualifier"] == "more_than").sum() == (raw["qualifier"] == "more_than").sum() == 11


# ---------------------------------------------------------------------------------------------------------
# geometry and manifest


def test_geojson_has_one_clockwise_feature_per_county_and_fits_the_size_budget(
    layer: Path, counties: pd.DataFrame
) -> None:
    raw = (layer / "counties.geojson").read_bytes()
    assert len(gzip.compress(raw, compresslevel=6)) <= 1_500_000
    features = json.loads(raw)["features"]
    assert len(features) == 3143
    assert [f["id"] for f in features] == counties["fips"].tolist()
    counter_clockwise = []
    for f in features:
        g = f["geometry"]
        polygons = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        assert polygons, f["id"]
        counter_clockwise += [f["id"] for poly in polygons if not ring_is_clockwise(poly[0])]
    assert counter_clockwise == []


def test_manifest_records_release_input_checksums_and_row_counts(layer: Path, data_dir: Path) -> None:
    man = read_manifest(layer)
    assert man["release_id"].startswith("sc-geodata-")
    inputs = {i["path"]: i for i in man["inputs"]}
    for src in SOURCES.values():
        assert inputs[src.path]["sha256"] == sha256_file(data_dir / src.path), src.path
        assert inputs[src.path]["citation"], src.path
    for name, digest in man["outputs"].items():
        assert sha256_file(layer / name) == digest, name
    counts = man["row_counts"]
    assert {k: counts[k] for k in ("counties.csv", "published_figures.csv", "crosswalk.csv")} == {
        "counties.csv": 3143,
        "published_figures.csv": 65,
        "crosswalk.csv": 14,
    }
    assert counts["detainers_national_monthly.csv"] == 94 and counts["ice_statistics.csv"] == 0


# ---------------------------------------------------------------------------------------------------------
# reproducibility and the CLI


@pytest.mark.parametrize("name", ["counties.csv", "published_figures.csv", "counties.geojson"])
def test_committed_layer_equals_a_fresh_build_byte_for_byte(name: str, geodata_dir: Path, fresh_geodata: Path) -> None:
    assert (geodata_dir / name).read_bytes() == (fresh_geodata / name).read_bytes()


def _etl(repo_root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etl", *args], cwd=repo_root, capture_output=True, text=True, timeout=300
    )


def test_etl_check_accepts_the_committed_layer(repo_root: Path) -> None:
    proc = _etl(repo_root, "check")
    assert proc.returncode == 0, proc.stderr
    assert "contract holds" in proc.stdout


def test_etl_check_rebuilds_the_committed_layer_identically(repo_root: Path, data_dir: Path) -> None:
    proc = _etl(repo_root, "check", "--raw", str(data_dir))
    assert proc.returncode == 0, proc.stderr
    assert "is identical" in proc.stdout
