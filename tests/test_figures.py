"""Figure dicts (dashboard/figures.py): the map never carries geometry, colours follow coverage.status_codes,
hover text is escaped, and the timeline shows the view's date and the published national figures with sources.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pandas as pd
import plotly.io as pio
import pytest

from dashboard import coverage, figures, published
from dashboard import timeline as timeline_module
from dashboard.viewstate import View

EXAMPLE = View(date=date(2011, 2, 1), county="48201", compare=("06037", "04013"), state="TX", mode="status")
NATIONAL = dataclasses.replace(EXAMPLE, state=None)


def _keys(obj):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield k
            yield from _keys(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _keys(v)


def choropleths(fig: dict) -> list[dict]:
    """The map's county traces (the counties, then outlines), without the legend-only traces (dashboard/measures.py)
    and the white halos drawn under the outlines."""
    return [t for t in fig["data"] if t["type"] == "choropleth" and t["name"] != ""]


def test_every_outline_has_a_white_halo_under_it_so_it_shows_on_the_darkest_class(dataset):
    """A reviewer could not see Harris's black outline on the detainer map (10,000+ is black)."""
    fig = figures.map_figure(dataset, dataclasses.replace(NATIONAL, measure="detainers"))
    outlines = [t for t in fig["data"] if t["type"] == "choropleth"][1:]
    assert [t["name"] for t in outlines] == ["", "Compared", "", "Selected"]
    for halo, line in zip(outlines[::2], outlines[1::2], strict=True):
        assert halo["locations"] == line["locations"] and halo["marker"]["line"]["color"] == figures.HALO
        assert halo["marker"]["line"]["width"] > line["marker"]["line"]["width"] and halo["hoverinfo"] == "skip"


# ----- map -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("view", [EXAMPLE, NATIONAL], ids=["TX", "US"])
def test_map_never_embeds_geometry(dataset, view):
    fig = figures.map_figure(dataset, view)
    for trace in choropleths(fig):
        assert trace["geojson"] == figures.GEOJSON_URL == "/geodata/counties.geojson"
        assert trace["featureidkey"] == "id"
    assert "coordinates" not in set(_keys(fig))
    assert len(pio.to_json(fig)) < 300_000


def test_national_map_has_every_county_once(dataset):
    main = figures.map_figure(dataset, NATIONAL)["data"][0]
    assert main["locations"] == dataset.counties["fips"].tolist()
    assert len(set(main["locations"])) == 3143
    assert len(main["z"]) == len(main["customdata"]) == 3143


def test_state_map_has_only_that_states_counties(dataset, counties_csv):
    main = figures.map_figure(dataset, EXAMPLE)["data"][0]
    expected = sorted(counties_csv.loc[counties_csv["state"] == "TX", "fips"])
    assert sorted(main["locations"]) == expected and len(expected) == 254


@pytest.mark.parametrize("mode", ["status", "cohort"])
@pytest.mark.parametrize("state", [None, "TX"])
def test_map_z_equals_status_codes(dataset, mode, state):
    view = dataclasses.replace(EXAMPLE, mode=mode, state=state)
    main = figures.map_figure(dataset, view)["data"][0]
    c = dataset.counties.set_index("fips").loc[main["locations"]]
    day = (pd.Timestamp(view.date) - dataset.first_date).days
    assert main["z"] == coverage.status_codes(c["days_after_first"].to_numpy(dtype="int64"), day, mode)
    assert main["meta"] == {"mode": mode, "measure": "activation", "fixed": False}  # the browser recolours by date
    # the browser recomputes z from customdata[3]: it must be the same days
    assert [row[3] for row in main["customdata"]] == c["days_after_first"].astype(int).tolist()


def test_status_map_on_example_day_counts_active_texas_counties(dataset, counties_csv):
    main = figures.map_figure(dataset, EXAMPLE)["data"][0]
    tx = counties_csv[counties_csv["state"] == "TX"]
    active = int((tx["activation_date"] <= pd.Timestamp("2011-02-01")).sum())
    assert sum(z > 0 for z in main["z"]) == active
    assert (main["zmin"], main["zmax"]) == (0, 2)


def test_hover_customdata_is_escaped(dataset):
    counties = dataset.counties.copy()
    i = counties.index[counties["fips"] == "48201"][0]
    counties.loc[i, "name"] = '<script>alert("x")</script> County'
    counties.loc[i, "state_name"] = "Te<b>xas"
    crafted = dataclasses.replace(dataset, counties=counties)
    main = figures.map_figure(crafted, NATIONAL)["data"][0]
    row = main["customdata"][main["locations"].index("48201")]
    assert row[0] == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; County, Te&lt;b&gt;xas"
    assert "<script>" not in pio.to_json(figures.map_figure(crafted, NATIONAL))


def test_hover_customdata_holds_date_days_and_population(dataset):
    main = figures.map_figure(dataset, NATIONAL)["data"][0]
    row = main["customdata"][main["locations"].index("48201")]
    # the place as one name ([1] is kept empty: assets/dashboard.js reads the days at [3]); [5] the days in words
    assert row == ["Harris County, Texas", "", "27 Oct 2008", 0, "4,092,459", "0 days"]
    assert "<extra></extra>" in main["hovertemplate"]


def test_highlight_traces_for_selected_and_compared_counties(dataset):
    fig = figures.map_figure(dataset, NATIONAL)
    by_name = {t["name"]: t for t in choropleths(fig)[1:]}
    assert set(by_name) == {"Compared", "Selected"}
    assert by_name["Selected"]["locations"] == ["48201"]
    assert by_name["Compared"]["locations"] == ["06037", "04013"]
    assert by_name["Selected"]["marker"]["line"]["color"] == figures.SELECTED
    assert by_name["Compared"]["marker"]["line"]["color"] == figures.COMPARED
    for t in by_name.values():
        assert t["hoverinfo"] == "skip" and t["showscale"] is False


def test_highlights_outside_the_state_are_left_off_the_state_map(dataset):
    fig = figures.map_figure(dataset, EXAMPLE)  # compare = LA and Maricopa, not in TX
    assert [t["name"] for t in choropleths(fig)] == ["Counties", "Selected"]


def test_selected_county_is_not_also_drawn_as_compared(dataset):
    view = dataclasses.replace(NATIONAL, compare=("48201", "06037"))
    by_name = {t["name"]: t for t in choropleths(figures.map_figure(dataset, view))[1:]}
    assert by_name["Compared"]["locations"] == ["06037"]


def test_no_highlight_traces_without_selection(dataset):
    fig = figures.map_figure(dataset, View(date=date(2013, 1, 22)))
    assert len(choropleths(fig)) == 1


def test_state_view_zooms_and_national_view_uses_albers(dataset):
    assert figures.map_figure(dataset, NATIONAL)["layout"]["geo"]["projection"]["type"] == "albers usa"
    geo = figures.map_figure(dataset, EXAMPLE)["layout"]["geo"]
    assert geo["projection"]["type"] == "mercator" and "fitbounds" not in geo
    lon, lat = geo["lonaxis"]["range"], geo["lataxis"]["range"]
    assert lon[0] < -106.6 and lon[1] > -93.5 and lat[0] < 25.9 and lat[1] > 36.5  # Texas, whole


def test_hawaii_view_frames_the_main_islands_not_the_northwestern_islets(dataset):
    """Honolulu County's geometry reaches Kure Atoll (178.3 W); a frame around it leaves the islands as specks."""
    (lon0, lon1), (lat0, lat1) = figures.state_extent(dataset, "HI")
    assert -160.6 < lon0 < -160.25 and -154.8 < lon1 < -154.4  # Niihau to the Big Island's east cape
    assert 18.5 < lat0 < 18.92 and 22.24 < lat1 < 22.6  # Ka Lae to Kauai's north shore


def test_alaska_view_does_not_wrap_around_the_globe(dataset):
    (lon0, lon1), (lat0, lat1) = figures.state_extent(dataset, "AK")
    assert lon1 - lon0 < 70 and lon0 < -187 and lon1 > -130  # Attu (172.4 E, written -187.5) to the panhandle


@pytest.mark.parametrize("state", ["TX", "CA", "MI", "MA", "VA", "FL", "LA", "WA", "NY", "DC"])
def test_every_county_of_a_state_lies_inside_its_frame(dataset, state):
    (lon0, lon1), (lat0, lat1) = figures.state_extent(dataset, state)
    for fips in dataset.counties.loc[dataset.counties["state"] == state, "fips"]:
        x0, y0, x1, y1 = dataset.bounds[fips]
        assert lon0 < x0 and x1 < lon1 and lat0 < y0 and y1 < lat1, fips


# ----- timeline --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def timeline(dataset):
    cov = coverage.coverage_table(dataset.counties, dataset.dates)
    return timeline_module.timeline_figure(dataset, cov, NATIONAL, "the US")


def test_timeline_marks_the_view_date_first_then_each_milestone(dataset, timeline):
    date_line, *milestones = timeline["layout"]["shapes"]
    assert date_line["x0"] == date_line["x1"] == "2011-02-01"  # assets/dashboard.js moves shapes[0]
    assert date_line["yref"] == "paper"
    assert [m["x0"] for m in milestones] == [
        "2008-10-27", "2011-05-04", "2011-06-17", "2011-08-05", "2013-01-22", "2014-11-20",
    ]  # fmt: skip
    labels = [a["text"] for a in timeline["layout"]["annotations"] if a.get("name") == "milestone"]
    assert labels == [f"<b>{i}</b>" for i in range(1, 7)]  # numbered; the key says what each number is
    assert timeline_module.milestone_key()[0] == "1 First activation (27 Oct 2008)"


def test_milestones_each_cite_a_source_and_agree_with_the_layer(dataset):
    ms = timeline_module.milestones()
    assert (ms["source"].str.len() > 20).all() and (ms["confirmed"] != "").all()
    assert ms["url"].map(lambda u: u == "" or u.startswith(("http://", "https://"))).all()
    assert ms["date"].iloc[0] == dataset.first_date and dataset.last_date in set(ms["date"])


def test_timeline_has_three_coverage_lines(timeline):
    lines = [t for t in timeline["data"] if t.get("mode") == "lines" and t.get("yaxis") != "y2"]
    assert [t["name"] for t in lines] == [
        "% of counties",
        "% of population (2010 Census)",
        "% of non-citizens (ACS 2006-2010)",
    ]
    for t in lines:
        assert len(t["x"]) == 156 and t["x"][0] == "2008-10-27" and t["x"][-1] == "2013-01-22"
        assert t["y"][-1] == pytest.approx(100)
        assert t["y"] == sorted(t["y"])
    assert lines[0]["y"][lines[0]["x"].index("2011-02-01")] == round(100 * 1010 / 3143, 2)


def test_timeline_marks_selected_and_compared_counties_in_the_legend_not_over_each_other(timeline):
    marks = [t for t in timeline["data"] if t.get("legendgroup") == "marked"]
    assert [t["name"] for t in marks] == [
        "Harris County, TX: 27 Oct 2008", "Los Angeles County, CA: 27 Aug 2009", "Maricopa County, AZ: 16 Jan 2009",
    ]  # fmt: skip
    assert marks[0]["x"] == ["2008-10-27"] and "text" not in marks[0]  # no label printed on the plot
    assert len({t["marker"]["symbol"] for t in marks}) == 3  # told apart by shape, not only by colour


def test_timeline_bars_are_every_national_month_with_july_2015_apart(dataset, timeline):
    complete, partial = [t for t in timeline["data"] if t.get("yaxis") == "y2"]
    assert complete["fill"] == partial["fill"] == "tozeroy" and complete["line"]["shape"] == "hv"  # one column a month
    # each month from its first day; the last value repeats at the next month's start to give the column its width
    assert len(complete["x"]) == 94 and complete["x"][0] == "2007-10-01" and complete["x"][-1] == "2015-07-01"
    assert partial["x"] == ["2015-07-01", "2015-08-01"] and "partial" in partial["name"].lower()
    assert sum(complete["y"][:-1]) + partial["y"][0] == 1_814_828  # never interpolated, nothing dropped
    assert timeline["layout"]["xaxis"]["range"] == ["2007-10-01", "2015-08-01"]  # spans the data, no more
    titles = [a["text"] for a in timeline["layout"]["annotations"] if a.get("yanchor") == "bottom" and a["y"] == 0.29]
    assert titles == ["ICE detainers per month, nationwide"]  # detainers are not people, and no "People" axis
    assert "title" not in timeline["layout"]["yaxis2"]
    assert not [t for t in timeline["data"] if t.get("legendgroup") == "published"]  # the old scatter is gone


def test_published_figures_are_one_readable_table_per_measure_with_value_period_and_source(dataset):
    national = dataset.figures[dataset.figures["level"] == "national"]
    shown = {}
    for _metric, grp in national.groupby("metric"):
        rows = published.measure_rows(grp)
        assert len(rows) == len(grp)
        shown.update({r["value"]: r for r in rows})
        assert all(r["source_url"].startswith("http") and r["period"] for r in rows)
    assert "about 183,000" in shown and shown["about 183,000"]["reported_by"] == "GAO-12-708"  # worded as GAO did
    assert "more than 111,000" in shown and "almost 2,600,000" in shown and "46,929" in shown
    tables = [c for c in published.published_section(dataset) if getattr(c, "className", "") == "table-scroll"]
    assert len(tables) == dataset.figures.groupby(["level", "metric"]).ngroups


def test_timeline_serialises_to_json(timeline):
    text = pio.to_json(timeline)
    assert json.loads(text)["layout"]["shapes"][0]["x0"] == "2011-02-01"
