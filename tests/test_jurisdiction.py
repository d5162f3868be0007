"""County name search (dashboard/jurisdiction.py): accents and "St."/"Saint" folded, same-name county/city pairs
both shown with their legal suffix, FIPS typed directly, junk returns nothing without raising.
"""

from __future__ import annotations

import pytest

from dashboard.jurisdiction import MAX_QUERY, fold


def _fips(hits):
    return [f for f, _ in hits]


def test_harris_tx_finds_harris_county_texas_first(county_index):
    hits = county_index.search("harris tx")
    assert hits[0] == ("48201", "Harris County, TX")
    assert "13145" not in _fips(hits)  # Harris County, GA is not in Texas


@pytest.mark.parametrize("query", ["dona ana", "Doña Ana", "DONA ANA NM", "doña ana new mexico", "dona-ana"])
def test_dona_ana_is_found_with_or_without_the_tilde(county_index, query):
    assert county_index.search(query)[0] == ("35013", "Doña Ana County, NM")


def test_baltimore_returns_the_county_and_the_city_with_suffixes(county_index):
    hits = county_index.search("baltimore")
    assert hits[:2] == [("24005", "Baltimore County, MD"), ("24510", "Baltimore city, MD")]


@pytest.mark.parametrize("query", ["st louis", "St. Louis", "saint louis", "st. louis mo"])
def test_st_louis_finds_both_the_county_and_the_city(county_index, query):
    fips = _fips(county_index.search(query))
    assert {"29189", "29510"} <= set(fips)
    labels = dict(county_index.search(query))
    assert labels["29189"] == "St. Louis County, MO" and labels["29510"] == "St. Louis city, MO"


@pytest.mark.parametrize("query", ["saint louis city", "st louis city", "st. louis city, mo"])
def test_saint_louis_city_finds_the_independent_city(county_index, query):
    assert county_index.search(query)[0] == ("29510", "St. Louis city, MO")


@pytest.mark.parametrize(
    ("query", "first"),
    [("bedford", {"51019", "51515", "47003", "42009"}), ("fairfax", {"51059", "51600"})],
)
def test_other_same_name_pairs_both_appear(county_index, query, first):
    assert first <= set(_fips(county_index.search(query)))


def test_name_matches_rank_above_state_name_matches(county_index):
    # "louis" also prefixes "louisiana": the St. Louis counties must come before Louisiana's parishes
    hits = county_index.search("st louis")
    assert set(_fips(hits[:3])) == {"27137", "29189", "29510"}


def test_fips_typed_directly(county_index):
    assert county_index.search("48201") == [("48201", "Harris County, TX")]
    assert county_index.search(" 06037 ") == [("06037", "Los Angeles County, CA")]
    prefix = county_index.search("4820", limit=50)
    assert prefix and all(f.startswith("4820") for f in _fips(prefix))


def test_limit_is_respected(county_index):
    assert len(county_index.search("county", limit=7)) == 7
    assert len(county_index.search("48")) == 15


@pytest.mark.parametrize(
    "query",
    ["", "   ", "%%%", "!!!", "<script>", "\x00", "🙂", "\u202e", "zzzzzz", "99999", "x" * 10_000, "zq " * 5_000],
    ids=["empty", "spaces", "percent", "bang", "script", "nul", "emoji", "rtl", "zzz", "fips99999", "long", "words"],
)
def test_empty_garbage_or_overlong_queries_return_nothing(county_index, query):
    assert county_index.search(query) == []


@pytest.mark.parametrize("query", [None, 48201, ["harris"], b"harris"])
def test_non_text_queries_return_nothing(county_index, query):
    assert county_index.search(query) == []


def test_overlong_query_is_cut_before_matching(county_index):
    assert county_index.search("harris" + " " * (MAX_QUERY + 10) + "zzzz")[0][0] == "13145"


def test_fold_strips_accents_punctuation_and_expands_saint():
    assert fold("Doña Ana") == "dona ana"
    assert fold("St. Louis city") == "saint louis city"
    assert fold("Ste. Genevieve") == "sainte genevieve"
    assert fold("Prince George's") == "prince george s"


def test_label_lookup(county_index):
    assert county_index.label("51515") == "Bedford city, VA"
    assert county_index.label("00000") is None
