"""Issue 12.5 — before and after activation (dashboard/beforeafter.py): a Pennsylvania county's monthly county-jail
detainers aligned on months since its own activation, beside the state's median, recomputed here independently from
the committed CSV with plain pandas."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import beforeafter


@pytest.fixture(scope="module")
def pa_jails(geodata_dir) -> pd.DataFrame:
    pa = pd.read_csv(geodata_dir / "detainers_pa_monthly.csv", dtype={"fips": str}, keep_default_na=False)
    jails = pa[(pa["facility_type"] == "county_jail") & (pa["fips"] != "") & (pa["month"] != "2015-07")]
    return jails.groupby(["fips", "month"])["detainers"].sum().unstack(fill_value=0)


def test_a_county_series_is_every_complete_month_with_real_zeros_and_nothing_else(dataset, pa_jails):
    table = beforeafter.aligned(dataset, "42041")  # Cumberland, activated 30 May 2012
    assert len(table) == 93 and table["month"].iloc[0] == "2007-10" and table["month"].iloc[-1] == "2015-06"
    assert table.loc[table["month"] == "2012-05", "months_since"].item() == 0
    own = pa_jails.loc["42041"]
    expected = [int(own.get(m, 0)) for m in table["month"]]  # a month without a record is a zero
    assert table["county"].tolist() == expected
    assert int(table["county"].sum()) == int(own.sum())  # nothing dropped, nothing added


def test_the_state_median_is_over_counties_aligned_on_their_own_activation(dataset, pa_jails):
    table = beforeafter.aligned(dataset, "42101")  # Philadelphia, activated earlier than most of the state
    activation = dataset.counties.set_index("fips")["activation_date"]
    months = pd.period_range("2007-10", "2015-06", freq="M")
    at = {}
    for fips in pa_jails.index:
        start = pd.Period(activation[fips], freq="M")
        for m in months:
            at.setdefault((m - start).n, []).append(int(pa_jails.loc[fips].get(str(m), 0)))
    for k in (-12, 0, 12):
        row = table[table["months_since"] == k].iloc[0]
        assert row["state_median"] == round(float(pd.Series(at[k]).median()), 1)
        assert row["counties"] == len(at[k])


def test_counties_outside_pennsylvania_say_why_there_is_no_monthly_view(dataset):
    assert beforeafter.aligned(dataset, "48201") is None and beforeafter.figure(dataset, "48201") is None
    assert "exist only for Pennsylvania" in beforeafter.summary(dataset, "48201")


def test_the_summary_says_the_12_months_before_and_after(dataset, pa_jails):
    table = beforeafter.aligned(dataset, "42041")
    before = int(table.loc[table["months_since"].between(-12, -1), "county"].sum())
    text = beforeafter.summary(dataset, "42041")
    assert f"recorded {before:,} detainers in the 12 months before activation" in text
