"""Words beside numbers (dashboard/text.py): one place for plurals, DC apart from the states, acronyms kept."""

from __future__ import annotations

import pytest

from dashboard import text


@pytest.mark.parametrize(
    ("n", "expected"), [(0, "0 counties"), (1, "1 county"), (2, "2 counties"), (3143, "3,143 counties")]
)
def test_count_noun_agrees_in_number(n, expected):
    assert text.count_noun(n, "county", "counties") == expected


@pytest.mark.parametrize(
    ("n", "dc", "expected"),
    [
        (51, True, "50 states and DC"),
        (50, False, "50 states"),
        (1, False, "1 state"),
        (2, True, "1 state and DC"),
        (1, True, "DC"),
        (0, False, "no state"),
    ],
)
def test_states_phrase_never_counts_dc_as_a_state(n, dc, expected):
    assert text.states_phrase(n, dc) == expected


@pytest.mark.parametrize(
    ("part", "total", "expected"),
    [(1010, 3143, "1,010 of 3,143 counties"), (254, 254, "all 254 counties"), (1, 1, "the only county"),
     (0, 1, "0 of 1 county")],
)  # fmt: skip
def test_share_of(part, total, expected):
    assert text.share_of(part, total, "county", "counties") == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Transferred to ICE", "transferred to ICE"),
        ("ICE arrests", "ICE arrests"),
        ("Removals (deportations)", "removals (deportations)"),
        ("Level 1 removals", "Level 1 removals"),
        ("", ""),
    ],
)
def test_in_sentence_keeps_acronyms_and_proper_nouns(label, expected):
    assert text.in_sentence(label) == expected


def test_no_metric_label_is_lower_cased_into_a_lower_case_acronym():
    from etl import crosswalk

    for label in crosswalk.metrics()["label"]:
        assert " ice" not in f" {text.in_sentence(label)}", label


def test_dc_card_and_alt_text_speak_of_its_only_county(client):
    page = client.get("/embed/map?date=2013-01-22&state=DC").data.decode()
    assert "all 1 counties" not in page and "1 counties" not in page
    assert "the only county" in page or "its only county" in page


def test_count_noun_refuses_a_noun_without_its_plurals_in_the_catalog():
    """An English plural glued to a number would read "1 días" / "3 county" in Spanish (issue #14)."""
    with pytest.raises(KeyError):
        text.count_noun(3, "parish", "parishes")
    with pytest.raises(KeyError):
        text.share_of(1, 1, "parish", "parishes")
