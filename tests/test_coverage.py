"""How much of the country was covered on each activation date (dashboard/coverage.py), on the real data.

Numbers are checked against an independent pandas computation on geodata/counties.csv (`counties_csv`).
"""

from __future__ import annotations

import json
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest

from dashboard import coverage

FIRST = pd.Timestamp("2008-10-27")


@pytest.fixture(scope="module")
def cov(dataset) -> pd.DataFrame:
    return coverage.coverage_table(dataset.counties, dataset.dates)


def _row(cov: pd.DataFrame, day: str) -> pd.Series:
    (i,) = np.flatnonzero(cov["date"] == pd.Timestamp(day))
    return cov.iloc[i]


def test_one_row_per_activation_date_in_order(cov, counties_csv):
    expected = sorted(counties_csv["activation_date"].unique())
    assert [pd.Timestamp(d) for d in cov["date"]] == [pd.Timestamp(d) for d in expected]
    assert len(cov) == 156


@pytest.mark.parametrize("col", ["counties", "states", "states_complete", "pop_pct", "noncit_pct"])
def test_counts_and_shares_are_cumulative_and_never_decrease(cov, col):
    assert cov[col].is_monotonic_increasing
    assert cov[col].iloc[0] > 0 or col == "states_complete"


def test_counties_grow_by_each_days_cohort(cov, counties_csv):
    per_day = counties_csv.groupby("activation_date").size().sort_index()
    assert cov["counties"].tolist() == per_day.cumsum().tolist()


def test_last_row_is_the_whole_country(cov):
    last = cov.iloc[-1]
    assert pd.Timestamp(last["date"]) == pd.Timestamp("2013-01-22")
    assert (last["counties"], last["counties_total"]) == (3143, 3143)
    assert (last["states"], last["states_complete"], last["states_total"]) == (51, 51, 51)
    assert last["pop_pct"] == pytest.approx(100.0)
    assert last["noncit_pct"] == pytest.approx(100.0)


def test_first_row_is_harris_county_alone(cov, dataset):
    first = cov.iloc[0]
    assert pd.Timestamp(first["date"]) == pd.Timestamp("2008-10-27")
    assert (first["counties"], first["states"], first["states_complete"]) == (1, 1, 0)
    first_counties = dataset.counties[dataset.counties["activation_date"] == dataset.first_date]
    assert first_counties["fips"].tolist() == ["48201"]


def test_1_feb_2011_has_1010_counties_in_38_states(cov, counties_csv):
    # ICE announced 1,008 *jurisdictions* in 38 states that day; the map counts counties (see Methodology).
    day = pd.Timestamp("2011-02-01")
    active = counties_csv[counties_csv["activation_date"] <= day]
    assert (len(active), active["state"].nunique()) == (1010, 38)
    row = _row(cov, "2011-02-01")
    assert (row["counties"], row["states"]) == (1010, 38)


def test_population_and_noncitizen_shares_match_an_independent_computation(cov, counties_csv):
    for day in cov["date"].iloc[::7].tolist() + [cov["date"].iloc[-1]]:
        active = counties_csv["activation_date"] <= day
        pop = 100 * counties_csv.loc[active, "pop_2010_census"].sum() / counties_csv["pop_2010_census"].sum()
        nc = counties_csv["noncit_2006_2010"]
        noncit = 100 * nc[active].sum() / nc.sum()
        row = _row(cov, day)
        assert row["pop_pct"] == pytest.approx(pop, rel=1e-12)
        assert row["noncit_pct"] == pytest.approx(noncit, rel=1e-12)


def test_states_complete_matches_an_independent_computation(cov, counties_csv):
    complete = counties_csv.groupby("state")["activation_date"].max()
    for _, row in cov.iterrows():
        assert row["states_complete"] == int((complete <= row["date"]).sum())


def test_state_scope_table_is_shares_of_that_state(dataset, counties_csv):
    tx = dataset.counties[dataset.counties["state"] == "TX"]
    table = coverage.coverage_table(tx, dataset.dates)
    assert table["counties_total"].iloc[0] == 254 and table["states_total"].iloc[0] == 1
    assert table["counties"].iloc[-1] == 254 and table["pop_pct"].iloc[-1] == pytest.approx(100)
    first = table.iloc[0]
    harris = counties_csv.loc[counties_csv["fips"] == "48201", "pop_2010_census"].iloc[0]
    tx_pop = counties_csv.loc[counties_csv["state"] == "TX", "pop_2010_census"].sum()
    assert first["pop_pct"] == pytest.approx(100 * harris / tx_pop)


def test_state_progress_first_and_complete_dates_equal_groupby_min_and_max(dataset, counties_csv):
    progress = coverage.state_progress(dataset.counties)
    assert len(progress) == 51
    g = counties_csv.groupby("state")["activation_date"]
    expected = pd.DataFrame({"first": g.min(), "complete": g.max(), "counties": g.size()})
    got = progress.set_index("state")
    for state, exp in expected.iterrows():
        assert got.loc[state, "first"] == exp["first"], state
        assert got.loc[state, "complete"] == exp["complete"], state
        assert got.loc[state, "counties"] == exp["counties"], state
        assert got.loc[state, "days_to_complete"] == (exp["complete"] - exp["first"]).days, state
    assert progress["complete"].is_monotonic_increasing
    assert got.loc["TX", "counties"] == 254


# ----- status codes (the map's colour values) -----------------------------------------------------------

DAYS = np.array([0, 5, 5, 100, 1548], dtype=np.int64)


@pytest.mark.parametrize(
    ("day", "status", "cohort"),
    [
        (0, [2, 0, 0, 0, 0], [1, 0, 0, 0, 0]),
        (4, [1, 0, 0, 0, 0], [1, 0, 0, 0, 0]),
        (5, [1, 2, 2, 0, 0], [1, 6, 6, 0, 0]),
        (99, [1, 1, 1, 0, 0], [1, 6, 6, 0, 0]),
        (1548, [1, 1, 1, 1, 2], [1, 6, 6, 101, 1549]),
    ],
)
def test_status_codes_for_both_modes(day, status, cohort):
    assert coverage.status_codes(DAYS, day, "status") == status
    assert coverage.status_codes(DAYS, day, "cohort") == cohort


def test_status_codes_on_real_days_agree_with_activation_dates(dataset, counties_csv):
    day = pd.Timestamp("2011-02-01")
    n = (day - dataset.first_date).days
    status = np.array(coverage.status_codes(dataset.days, n, "status"))
    by_fips = counties_csv.set_index("fips").loc[dataset.counties["fips"], "activation_date"].to_numpy()
    assert ((status > 0) == (by_fips <= day)).all()
    assert ((status == 2) == (by_fips == day)).all()
    assert (status > 0).sum() == 1010


def test_browser_colour_codes_mirror_status_codes(repo_root):
    """assets/dashboard.js recomputes each county's colour code in the browser on a date step (codeFor); it must
    equal status_codes."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    js = (repo_root / "assets" / "dashboard.js").read_text()
    start = js.index("function codeFor(")
    end = js.index("\n  }\n", start) + len("\n  }\n")
    cases = [(day, mode) for day in (0, 4, 5, 99, 1548) for mode in ("status", "cohort")]
    call = f"{json.dumps(cases)}.map(c => {json.dumps([int(d) for d in DAYS])}.map(d => codeFor(d, c[0], c[1])))"
    script = js[start:end] + f"\nconsole.log(JSON.stringify({call}));"
    out = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=20, check=True).stdout
    assert json.loads(out) == [coverage.status_codes(DAYS, day, mode) for day, mode in cases]


# ----- the running sentence --------------------------------------------------------------------------------


def test_sentence_for_the_national_scope(cov):
    text = coverage.sentence(_row(cov, "2011-02-01"), None, FIRST)
    assert text.startswith("By 1 Feb 2011: 1,010 of 3,143 counties in 38 states — ")
    assert "55.1% of the US population (2010 Census)" in text
    assert "% of non-citizens (ACS 2006-2010)" in text


def test_sentence_for_a_state_scope(dataset, counties_csv):
    tx = coverage.coverage_table(dataset.counties[dataset.counties["state"] == "TX"], dataset.dates)
    row = _row(tx, "2011-02-01")
    t = counties_csv[counties_csv["state"] == "TX"]
    active = t[t["activation_date"] <= pd.Timestamp("2011-02-01")]
    pop = 100 * active["pop_2010_census"].sum() / t["pop_2010_census"].sum()
    text = coverage.sentence(row, "Texas", FIRST)
    assert text.startswith(f"By 1 Feb 2011: {len(active):,} of 254 counties in Texas — ")
    assert f"{pop:.1f}% of the population of Texas (2010 Census)" in text
    assert "states" not in text


def test_sentence_leaves_out_a_missing_noncitizen_share(cov):
    row = _row(cov, "2011-02-01").copy()
    row["noncit_pct"] = float("nan")
    assert "non-citizens" not in coverage.sentence(row, None, FIRST)


def test_sentence_names_dc_apart_from_the_states(dataset):
    row = _row(coverage.coverage_table(dataset.counties, dataset.dates), "2013-01-22")
    assert " in 50 states and DC — " in coverage.sentence(row, None, FIRST)
    one = _row(coverage.coverage_table(dataset.counties, dataset.dates), "2008-10-27")
    assert coverage.sentence(one, None, FIRST).startswith("By 27 Oct 2008: 1 of 3,143 counties in 1 state — ")


def test_sentence_before_the_first_activation_says_so(dataset):
    row = coverage.coverage_table(dataset.counties, (pd.Timestamp("2008-06-01"),)).iloc[0]
    text = coverage.sentence(row, None, FIRST)
    assert text.startswith("Before the first activation on 27 Oct 2008: 0 of 3,143 counties — 0.0% of the US")
