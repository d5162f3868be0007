"""Text views (dashboard/cards.py): the county card, the comparison table, the state table and the map as a
table. Components are rendered to JSON and searched as text, as a screen reader would read them.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pandas as pd
import plotly.io as pio
import pytest

from dashboard import cards, compare, coverage
from dashboard.text import fmt_day, ordinal, qualified
from dashboard.viewstate import View

VIEW = View(date=date(2011, 2, 1), county="48201", compare=("06037", "04013"), state="TX", mode="status")


def _tree(component) -> object:
    return json.loads(pio.json.to_json_plotly(component.to_plotly_json()))


def _texts(node) -> list[str]:
    """Every string child in reading order (props other than children are left out)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [t for child in node for t in _texts(child)]
    if isinstance(node, dict):
        if "props" in node:
            return _texts(node["props"].get("children"))
        return []
    return []


def _text(component) -> str:
    return " ".join(_texts(_tree(component)))


def _links(node) -> list[str]:
    if isinstance(node, list):
        return [h for child in node for h in _links(child)]
    if isinstance(node, dict) and "props" in node:
        own = [node["props"]["href"]] if node.get("type") == "A" else []
        return own + _links(node["props"].get("children"))
    return []


@pytest.fixture(scope="module")
def harris(dataset) -> str:
    return _text(cards.county_card(dataset, "48201", VIEW))


# ----- the county card ---------------------------------------------------------------------------------------


def test_card_names_the_county_and_its_activation_date(harris):
    assert harris.startswith("Harris County, Texas")
    assert "Activated 27 Oct 2008" in harris
    assert "active on 1 Feb 2011" in harris


def test_card_gives_the_order_facts(harris):
    assert "1st of 3,143 counties nationally" in harris
    assert "other counties the same day" not in harris  # Harris was alone on the first day
    assert "1st of 254 in Texas" in harris
    assert "the first county in the country, on 27 Oct 2008" in harris
    assert "701 days before Texas reached 100% on 28 Sep 2010" in harris


def test_card_lists_every_neighbour_with_its_date(dataset, counties_csv, harris):
    row = counties_csv.set_index("fips").loc["48201"]
    neighbours = counties_csv[counties_csv["fips"].isin(row["neighbors"].split(";"))]
    assert len(neighbours) == 7
    for n in neighbours.itertuples():
        days = (n.activation_date - pd.Timestamp("2008-10-27")).days
        assert f"{n.name}, {n.state}: {fmt_day(n.activation_date)} ({days:,} days later)" in harris


def test_card_gives_acs_values_with_margins_of_error(counties_csv, harris):
    row = counties_csv.set_index("fips").loc["48201"]
    a = f"2006-2010 {int(row['noncit_2006_2010']):,} ± {int(row['noncit_2006_2010_moe']):,}"
    b = f"2009-2013 {int(row['noncit_2009_2013']):,} ± {int(row['noncit_2009_2013_moe']):,}"
    assert a in harris and b in harris
    assert "2006-2010 680,631 ± 7,188" in harris
    assert f"Population, 2010 Census: {int(row['pop_2010_census']):,}" in harris
    assert f"Population estimate, July 2008 (the activation year): {int(row['pop_est_2008']):,}" in harris


def test_card_lists_harris_published_figures_with_source_links(dataset):
    card = _tree(cards.county_card(dataset, "48201", VIEW))
    text = " ".join(_texts(card))
    figs = dataset.figures[(dataset.figures["level"] == "county") & (dataset.figures["fips"] == "48201")]
    assert len(figs) == 2
    for f in figs.itertuples():
        assert f"{qualified(f.value, f.qualifier, f.unit)} {f.metric_label.lower()}" in text
        assert f.reported_by in text
    assert "25,564 removals (deportations)" in text
    assert sorted(_links(card)) == sorted(figs["source_url"])
    assert all(h.startswith(("http://", "https://")) for h in _links(card))


def test_card_links_open_safely(dataset):
    card = cards.county_card(dataset, "48201", VIEW)
    anchors = [c for c in _walk(card) if type(c).__name__ == "A"]
    assert anchors and all(a.rel == "noopener noreferrer nofollow" for a in anchors)


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from _walk(child)


def test_card_says_when_no_county_figures_were_published(dataset):
    text = _text(cards.county_card(dataset, "01001", VIEW))
    assert "None published that we could find" in text


def test_provenance_agrees_for_harris(harris):
    assert "Date: Vargas-Núñez et al. (2026), direct; the independent second transcription agrees (2008-10)" in harris


def test_provenance_of_hendricks_says_the_second_transcription_disagrees(dataset):
    text = _text(cards.county_card(dataset, "18063", VIEW))
    assert "Hendricks County, Indiana" in text and "Activated 31 May 2011" in text
    assert "not yet active on 1 Feb 2011" in text
    assert "the independent second transcription says 2011-06" in text
    assert "the day-precision date is kept and flagged" in text
    assert "agrees" not in text


def test_provenance_names_the_crosswalk_for_a_split_alaska_area(dataset):
    split = dataset.counties[dataset.counties["date_via"] == "crosswalk"]
    assert len(split) == 5
    row = split.iloc[0]
    text = _text(cards.county_card(dataset, row["fips"], VIEW))
    assert f"through the crosswalk from source code {row['source_fips']}" in text


def test_bedford_city_card_shows_the_population_note(dataset, counties_csv):
    text = _text(cards.county_card(dataset, "51515", VIEW))
    note = counties_csv.set_index("fips").loc["51515", "pop_note"]
    assert note == "no separate 2011-2013 estimate: included in 51019 in Census Vintage 2019"
    assert f"Population estimate, July 2010 (the activation year): 6,243 — {note}" in text
    assert "78 ± 83" in text  # a small county's ACS estimate is shown with its (large) margin


def test_missing_estimate_reads_no_data_with_its_note(dataset):
    # Bedford city has no 2011-2013 estimate; were it activated in 2012 the card must say "no data", not 0.
    counties = dataset.counties.copy()
    i = counties.index[counties["fips"] == "51515"][0]
    counties.loc[i, "activation_date"] = pd.Timestamp("2012-02-22")
    for col in ("noncit_2009_2013", "noncit_2009_2013_moe"):
        counties[col] = counties[col].astype("Int64")
        counties.loc[i, col] = pd.NA
    crafted = dataclasses.replace(dataset, counties=counties)
    text = _text(cards.county_card(crafted, "51515", VIEW))
    assert "Population estimate, July 2012 (the activation year): no data — no separate 2011-2013 estimate" in text
    assert "2009-2013 no data" in text


def test_card_shows_county_names_as_text_not_markup(dataset):
    counties = dataset.counties.copy()
    i = counties.index[counties["fips"] == "48201"][0]
    counties.loc[i, "name"] = "<img src=x onerror=alert(1)>"
    crafted = dataclasses.replace(dataset, counties=counties)
    card = _tree(cards.county_card(crafted, "48201", VIEW))
    # Dash renders strings as text nodes: the name must arrive as a plain string child, never as a component
    assert "<img src=x onerror=alert(1)>, Texas" in _texts(card)
    assert all(n.get("type") != "Img" for n in _nodes(card))


def _nodes(node):
    if isinstance(node, list):
        for child in node:
            yield from _nodes(child)
    elif isinstance(node, dict) and "props" in node:
        yield node
        yield from _nodes(node["props"].get("children"))


# ----- comparison, state and map tables ----------------------------------------------------------------------


def test_compare_table_has_one_column_per_county(dataset):
    table = _tree(compare.compare_table(dataset, ["48201", "06037", "04013"]))
    rows = [n for n in _nodes(table) if n["type"] == "Tr"]
    assert len(rows) == len(compare.COMPARE_FIELDS)
    first = _texts(rows[0])
    assert first == ["County", "Harris County, TX", "Los Angeles County, CA", "Maricopa County, AZ"]
    activated = _texts(rows[1])
    assert activated[1] == "27 Oct 2008"


def _trac_row(geodata_dir, fips: str) -> pd.Series:
    trac = pd.read_csv(geodata_dir / "detainers_trac_counties.csv", dtype={"fips": str})
    return trac.set_index("fips").loc[fips]


def test_card_gives_detainers_custody_share_and_rate_with_source_and_period(geodata_dir, harris):
    row = _trac_row(geodata_dir, "48201")  # read here from the committed CSV, not through the app
    assert f"Detainers: {int(row['detainers']):,} lodged" in harris
    share = row["ice_took_custody"] / row["detainers"]
    assert f"ICE took custody in {int(row['ice_took_custody']):,} of them ({share:.0%})" in harris
    assert (
        f"{row['per_1k_noncitizens']:,.1f} per 1,000 non-citizens (range {row['per_1k_noncitizens_low']:,.1f}" in harris
    )
    assert "period not stated by TRAC" in harris and "TRAC (Syracuse University)" in harris


def test_card_says_a_county_trac_does_not_list_is_not_zero(dataset, geodata_dir):
    listed = set(pd.read_csv(geodata_dir / "detainers_trac_counties.csv", dtype={"fips": str})["fips"])
    absent = next(f for f in dataset.counties["fips"] if f not in listed)
    text = _text(cards.county_card(dataset, absent, VIEW))
    assert "no local jail of this county in TRAC's list" in text and "absent is not zero" in text
    assert "Detainers: 0" not in text


def test_card_gives_us_citizen_lifts_placed_and_not_placed_in_the_state(dataset, geodata_dir):
    lifted = pd.read_csv(geodata_dir / "detainers_lifted.csv", dtype=str, keep_default_na=False)
    us = lifted[(lifted["reason"] == "us_citizen") & (lifted["state"] == "CA")].assign(
        n=lambda d: d["records"].astype(int)
    )
    in_la = int(us.loc[us["fips"] == "06037", "n"].sum())
    not_placed = int(us.loc[us["level"] != "county", "n"].sum())
    text = _text(cards.county_card(dataset, "06037", VIEW))
    assert f"U.S. citizen: {in_la:,} placed in this county; {not_placed:,} in the state were not placed" in text
    state = _text(cards.state_card(dataset, "CA"))
    assert f"U.S. citizen: {int(us['n'].sum()):,}, of which {int(us['n'].sum()) - not_placed:,} placed" in state


def test_a_county_not_ranked_says_why(dataset):
    text = _text(cards.county_card(dataset, "36081", VIEW))  # Queens: Rikers Island is filed under it
    assert "not ranked: TRAC files Rikers Island" in text


def test_compare_table_gives_detainers_and_published_county_figures_as_cited_points(dataset, geodata_dir):
    table = _tree(compare.compare_table(dataset, ["48201", "06037", "04013"]))
    rows = {r[0]: r[1:] for r in (_texts(n) for n in _nodes(table) if n["type"] == "Tr")}
    detainers = next(v for k, v in rows.items() if k.startswith("Detainers (TRAC"))
    assert detainers == [f"{int(_trac_row(geodata_dir, f)['detainers']):,}" for f in ("48201", "06037", "04013")]
    (published_la,) = [v[1] for k, v in rows.items() if k == "Published figures"]
    assert "35,750 removals (deportations) (cumulative Oct 2008 - Feb 2015" in published_la


def test_compare_table_without_counties_is_a_hint(dataset):
    assert "Add counties to compare" in _text(compare.compare_table(dataset, []))


def test_state_table_has_every_state_with_first_and_complete_dates(dataset, counties_csv):
    rows = cards.state_rows(coverage.state_progress(dataset.counties))
    assert len(rows) == 51
    by_state = {r["state"]: r for r in rows}
    g = counties_csv.groupby("state_name")["activation_date"]
    for name, first in g.min().items():
        assert by_state[name]["first"] == first.date().isoformat()
        assert by_state[name]["complete"] == g.max()[name].date().isoformat()
    assert by_state["Texas"]["counties"] == 254


def test_state_table_starts_sorted_by_completion_and_offers_every_column_for_sorting(dataset):
    spec = cards.state_table(coverage.state_progress(dataset.counties))  # drawn by sc.table in assets/dashboard.js
    completes = [row[3]["text"] for row in spec["rows"]]
    assert len(spec["rows"]) == 51 and completes[0] == "20 Apr 2010"  # Delaware, the first state complete
    assert [h["kind"] for h in spec["head"]] == ["text", "number", "date", "date", "number"]
    assert [h["sort"] for h in spec["head"]] == ["none", "none", "none", "ascending", "none"]
    assert spec["rows"][0][3]["value"] == "2010-04-20"  # what the sort compares


def test_map_table_nationally_counts_active_counties_per_state(dataset, counties_csv):
    day = pd.Timestamp("2011-02-01")
    table = cards.map_table(dataset, dataclasses.replace(VIEW, state=None))  # drawn by sc.table (dashboard.js)
    rows = [[c["text"] for c in row] for row in table["rows"]]
    assert len(rows) == 51
    active = counties_csv[counties_csv["activation_date"] <= day].groupby("state_name").size()
    got = {r[0]: int(r[1]) for r in rows}
    assert sum(got.values()) == 1010
    for name, n in active.items():
        assert got[name] == n
    assert table["caption"] == "Counties active in each state on 1 Feb 2011"


def test_map_table_for_a_state_lists_its_counties_with_status(dataset, counties_csv):
    table = cards.map_table(dataset, VIEW)
    rows = [[c["text"] for c in row] for row in table["rows"]]
    assert len(rows) == 254
    assert rows[0] == ["Harris County", "27 Oct 2008", "active"]
    tx = counties_csv[counties_csv["state"] == "TX"]
    active = int((tx["activation_date"] <= pd.Timestamp("2011-02-01")).sum())
    assert sum(r[2] == "active" for r in rows) == active
    assert sum(r[2] == "not yet" for r in rows) == 254 - active


def test_text_helpers():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111, 3143)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th", "3,143rd"
    ]  # fmt: skip
    assert qualified(183000, "about", "people") == "about 183,000"
    assert qualified(1200, "more_than", "people") == "more than 1,200"
    assert qualified(2500, "almost", "people") == "almost 2,500"
    assert qualified(82, "exact", "percent") == "82%"
    assert fmt_day(date(2008, 10, 27)) == "27 Oct 2008"


@pytest.mark.parametrize("state", ["KS", "MT", "MD", "TX"])
def test_state_card_says_what_trac_covers_even_where_it_has_no_row(dataset, state):
    text = _text(cards.state_card(dataset, state))
    assert "Detainers:" in text and "Source: TRAC" in text
    if state in ("KS", "MT"):
        assert "has no row for this state" in text
    if state == "MD":
        assert "lists only part of the state's jails" in text


def test_a_county_activated_with_one_other_says_one_other_county(dataset):
    """Fairfax city, VA shared its day with one other county: "1 other counties" read as a typo."""
    from dashboard import cards
    from dashboard.i18n import language

    c = dataset.counties
    row = c[c["fips"] == "51600"].iloc[0]
    with language("en"):
        facts = cards.order_facts(dataset, row)["national"]
    assert int((c["activation_date"] == row["activation_date"]).sum()) == 2
    assert "(with 1 other county the same day)" in facts, facts
