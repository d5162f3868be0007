"""The view in the URL: parse -> validate -> serialize (dashboard/viewstate.py), no browser.

Malformed links must never raise: each bad value falls back to its default with a short notice that never
echoes a raw control character.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import viewstate
from dashboard.viewstate import View

EXAMPLE = "?date=2011-02-01&county=48201&compare=06037,04013&state=TX&mode=status"
MAX_NOTICE = 300  # characters: a notice is one sentence, never the echoed input


def _clean(notice: str) -> bool:
    return all(ch.isprintable() for ch in notice) and len(notice) <= MAX_NOTICE


def _assert_valid(parsed: viewstate.Parsed, bounds: viewstate.Bounds) -> None:
    v = parsed.view
    assert isinstance(v, View)
    assert v.date in bounds.dates
    assert v.county is None or v.county in bounds.county_state
    assert all(c in bounds.county_state for c in v.compare)
    assert len(v.compare) == len(set(v.compare)) <= viewstate.MAX_COMPARE
    assert v.state is None or v.state in bounds.states
    assert v.mode in viewstate.MODES
    assert all(_clean(n) for n in parsed.notices + parsed.info)


# ----- the example link and defaults ----------------------------------------------------------------------


def test_example_link_parses_to_the_view_it_names(bounds):
    parsed = viewstate.parse(EXAMPLE, bounds)
    assert parsed.notices == [] and parsed.info == []
    assert parsed.view == View(
        date=date(2011, 2, 1), county="48201", compare=("06037", "04013"), state="TX", mode="status"
    )


def test_example_link_round_trips_exactly(bounds):
    view = viewstate.parse(EXAMPLE, bounds).view
    assert viewstate.serialize(view) == EXAMPLE
    assert viewstate.parse(viewstate.serialize(view), bounds).view == view


def test_query_without_question_mark_and_as_mapping_give_the_same_view(bounds):
    mapping = {"date": ["2011-02-01"], "county": ["48201"], "compare": ["06037,04013"], "state": ["TX"]}
    mapping["mode"] = ["status"]
    assert viewstate.parse(EXAMPLE[1:], bounds).view == viewstate.parse(EXAMPLE, bounds).view
    assert viewstate.parse(mapping, bounds).view == viewstate.parse(EXAMPLE, bounds).view


@pytest.mark.parametrize("query", ["", "?", "?utm_source=newsletter&fbclid=abc"])
def test_empty_or_unrelated_query_gives_the_default_view_silently(bounds, query):
    parsed = viewstate.parse(query, bounds)
    assert parsed.notices == [] and parsed.info == []
    assert parsed.view == View(date=date(2013, 1, 22), county=None, compare=(), state=None, mode="cohort")
    assert parsed.view == bounds.default()


def test_default_view_serializes_to_just_the_date(bounds):
    assert viewstate.serialize(bounds.default()) == "?date=2013-01-22"


def test_case_and_whitespace_are_tolerated(bounds):
    parsed = viewstate.parse("state=%20tx%20&mode=STATUS&county=%2048201%20", bounds)
    assert parsed.notices == []
    assert (parsed.view.state, parsed.view.mode, parsed.view.county) == ("TX", "status", "48201")


# ----- dates ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["yesterday", "2011-13-01", "2011-02-30", "2011-2-1", "20110201", "02/01/2011", "2011-02-01T00:00", "-1", "0"],
)
def test_malformed_date_falls_back_to_the_last_date_with_a_notice(bounds, value):
    parsed = viewstate.parse({"date": [value]}, bounds)
    assert parsed.view.date == bounds.dates[-1]
    assert len(parsed.notices) == 1 and "not a date" in parsed.notices[0]


@pytest.mark.parametrize("value", ["2007-09-30", "1999-01-01", "2013-01-23", "2020-06-01", "0001-01-01", "9999-12-31"])
def test_out_of_range_date_falls_back_with_a_notice_naming_the_period(bounds, value):
    parsed = viewstate.parse({"date": [value]}, bounds)
    assert parsed.view.date == bounds.dates[-1]
    assert len(parsed.notices) == 1
    assert "outside the period this map covers" in parsed.notices[0] and "1 Oct 2007" in parsed.notices[0]


@pytest.mark.parametrize("value", ["2008-06-01", "2007-10-01", "2008-10-26"])
def test_a_day_before_the_first_activation_is_kept_as_given_on_step_zero(bounds, value):
    parsed = viewstate.parse({"date": [value]}, bounds)
    assert parsed.view.date == date.fromisoformat(value)
    assert parsed.notices == [] and parsed.info == []
    assert bounds.step_of(parsed.view) == 0
    assert viewstate.serialize(parsed.view) == f"?date={value}"


@pytest.mark.parametrize("value", ["2008-10-27", "2013-01-22", "2011-02-01"])
def test_activation_dates_are_taken_as_given(bounds, value):
    parsed = viewstate.parse({"date": [value]}, bounds)
    assert parsed.view.date == date.fromisoformat(value)
    assert parsed.notices == [] and parsed.info == []


def test_date_between_activation_dates_snaps_to_the_previous_one_as_info_not_notice(bounds):
    day = date(2011, 1, 1)
    assert day not in bounds.dates
    expected = max(d for d in bounds.dates if d <= day)
    parsed = viewstate.parse({"date": [day.isoformat()]}, bounds)
    assert parsed.view.date == expected
    assert parsed.notices == []
    assert len(parsed.info) == 1 and "1 Jan 2011" in parsed.info[0]


def test_every_day_of_the_rollout_snaps_to_the_last_activation_on_or_before_it(bounds):
    dates = bounds.dates
    day, i = dates[0], 0
    while day <= dates[-1]:
        while i + 1 < len(dates) and dates[i + 1] <= day:
            i += 1
        assert bounds.snap(day) == dates[i]
        day = date.fromordinal(day.toordinal() + 1)


# ----- counties, states, modes ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["99999", "48200", "4820", "482011", "harris", "48201a", "٤٨٢٠١", "00000"])
def test_unknown_or_malformed_county_is_dropped_with_a_notice(bounds, value):
    parsed = viewstate.parse({"county": [value]}, bounds)
    assert parsed.view.county is None
    assert len(parsed.notices) == 1 and "No county has the code" in parsed.notices[0]


@pytest.mark.parametrize("value", ["ZZ", "PR", "GU", "Texas", "T", "T1", "48"])
def test_unknown_state_shows_the_whole_country_with_a_notice(bounds, value):
    parsed = viewstate.parse({"state": [value]}, bounds)
    assert parsed.view.state is None
    assert len(parsed.notices) == 1 and "Unknown state" in parsed.notices[0]


@pytest.mark.parametrize("value", ["heatmap", "statuses", "0", "cohort;status"])
def test_unknown_mode_falls_back_to_cohort_with_a_notice(bounds, value):
    parsed = viewstate.parse({"mode": [value]}, bounds)
    assert parsed.view.mode == "cohort"
    assert len(parsed.notices) == 1 and "Unknown colour mode" in parsed.notices[0]


def test_more_than_six_compare_codes_keeps_the_first_six_with_a_notice(bounds):
    codes = sorted(bounds.county_state)[:9]
    parsed = viewstate.parse({"compare": [",".join(codes)]}, bounds)
    assert parsed.view.compare == tuple(codes[:6])
    assert any("At most 6" in n for n in parsed.notices)


def test_duplicate_compare_codes_are_kept_once_in_order(bounds):
    parsed = viewstate.parse("compare=06037,04013,06037,%2006037,,04013", bounds)
    assert parsed.view.compare == ("06037", "04013")
    assert parsed.notices == []


def test_unknown_compare_codes_are_left_out_and_named(bounds):
    parsed = viewstate.parse("compare=06037,99999,abc", bounds)
    assert parsed.view.compare == ("06037",)
    assert len(parsed.notices) == 1 and "99999" in parsed.notices[0] and "abc" in parsed.notices[0]


def test_repeated_parameter_uses_the_first_value_with_a_notice(bounds):
    parsed = viewstate.parse("county=48201&county=06037&state=TX&state=CA", bounds)
    assert (parsed.view.county, parsed.view.state) == ("48201", "TX")
    assert sum("repeats" in n for n in parsed.notices) == 2


def test_overlong_value_is_ignored_with_a_notice(bounds):
    parsed = viewstate.parse({"compare": [",".join(["06037"] * 100)], "date": ["2011-02-01" + " " * 300]}, bounds)
    assert parsed.view.compare == () and parsed.view.date == bounds.dates[-1]
    assert sum("too long" in n for n in parsed.notices) == 2


def test_a_link_with_very_many_parameters_falls_back_instead_of_raising(bounds):
    # Regression: parse_qs(max_num_fields=50) raised ValueError from parse() (and so from the page callback).
    query = "date=2011-02-01&" + "&".join(f"utm{i}=x" for i in range(80))
    parsed = viewstate.parse(query, bounds)
    assert parsed.view == bounds.default()
    assert parsed.notices and all(_clean(n) for n in parsed.notices)


def test_mapping_with_bare_strings_or_junk_values_never_raises(bounds):
    # Regression: a bare str was split into characters ("2011-02-01" -> "2"); None raised TypeError.
    parsed = viewstate.parse({"date": "2011-02-01", "state": "TX"}, bounds)
    assert parsed.view == View(date=date(2011, 2, 1), state="TX") and parsed.notices == []
    parsed = viewstate.parse({"date": None, "county": [None, 48201], "state": 7, "mode": ["status"]}, bounds)
    assert parsed.view == View(date=bounds.dates[-1], mode="status")


# ----- hostile input --------------------------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "48201\x00",
    "\x00",
    "48201\r\nSet-Cookie: a=b",
    "\x1b[31mred",
    "\u202e10284\u202c",  # right-to-left override
    "\u200f48201",  # right-to-left mark
    "🇺🇸🙂",
    "\ufeff48201",
    "\u2028",
    "x" * 5000,
]


@pytest.mark.parametrize("key", viewstate.PARAMS)
@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_fall_back_with_clean_short_notices(bounds, key, value):
    parsed = viewstate.parse({key: [value]}, bounds)
    assert parsed.view == bounds.default()
    if value.strip():  # whitespace alone may be dropped silently, like an empty value
        assert parsed.notices, "a hostile value must be reported, not silently taken"
    _assert_valid(parsed, bounds)


def test_notices_replace_control_characters_and_truncate_echoed_input(bounds):
    parsed = viewstate.parse({"county": ["\x00\x1b\u200f\u202e" + "9" * 100]}, bounds)
    (notice,) = parsed.notices
    assert "????" in notice and "…" in notice
    assert "9" * 41 not in notice


def test_hostile_query_strings_never_raise(bounds):
    for query in ["%", "%%%", "&&&", "=", "date", "date=&county=", "?a=%ZZ&date=%E2%80%AE", ";".join(["a"] * 200)]:
        _assert_valid(viewstate.parse(query, bounds), bounds)


# ----- controls -------------------------------------------------------------------------------------------


def test_from_page_revalidates_callback_payloads(bounds):
    v = viewstate.from_page(bounds, "", 10_000, "<b>", ["06037", 5, None, "99999"], "tx", "STATUS").view
    assert v == View(date=bounds.dates[-1], compare=("06037",), state="TX", mode="status")
    v = viewstate.from_page(bounds, "", 1, "48201", None, None, None).view
    assert v == View(date=bounds.dates[0], county="48201")


def test_from_page_keeps_the_url_date_when_another_control_changes(bounds):
    """The shared-link race: a mode, state or county change must not move the date to the default."""
    for search, step in (("?date=2011-02-01", None), ("?date=2011-02-01", 99_999), ("?date=2008-06-01", 0)):
        v = viewstate.from_page(bounds, search, step, "48201", [], "TX", "status").view
        assert v.date == date.fromisoformat(search[6:]), (search, step)


def test_from_page_moves_the_date_only_to_a_different_committed_step(bounds):
    v = viewstate.from_page(bounds, "?date=2008-06-01", 1, None, [], None, None).view
    assert v.date == bounds.dates[0]
    v = viewstate.from_page(bounds, "?date=2011-02-01", 0, None, [], None, None).view
    assert v.date == bounds.steps[0] and bounds.step_of(v) == 0


# ----- properties -----------------------------------------------------------------------------------------

_param_names = st.sampled_from([*viewstate.PARAMS, "utm_source", "Date", ""])
_values = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["2011-02-01", "2011-01-01", "48201", "06037,04013", "TX", "status", "cohort", "99999"]),
    st.lists(st.sampled_from(["48201", "06037", "04013", "29510", "x", ""]), max_size=9).map(",".join),
)
_settings = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_settings
@given(query=st.text(max_size=300))
def test_parse_never_raises_on_arbitrary_text(bounds, query):
    parsed = viewstate.parse(query, bounds)
    _assert_valid(parsed, bounds)
    canonical = viewstate.serialize(parsed.view)
    again = viewstate.parse(canonical, bounds)
    assert again.view == parsed.view and again.notices == []
    assert viewstate.serialize(again.view) == canonical


@_settings
@given(query=st.dictionaries(_param_names, st.lists(_values, min_size=0, max_size=3), max_size=7))
def test_parse_never_raises_on_arbitrary_mappings_and_serialize_is_a_fixed_point(bounds, query):
    parsed = viewstate.parse(query, bounds)
    _assert_valid(parsed, bounds)
    canonical = viewstate.serialize(parsed.view)
    again = viewstate.parse(canonical, bounds)
    assert again.view == parsed.view and again.notices == [] and again.info == []
    assert viewstate.serialize(again.view) == canonical


@_settings
@given(
    day=st.integers(min_value=0, max_value=155),
    county=st.one_of(st.none(), st.sampled_from(["48201", "06037", "29510", "02013"])),
    compare=st.lists(st.sampled_from(["06037", "04013", "24005", "24510", "51515", "15005", "02013"]), max_size=6),
    state=st.one_of(st.none(), st.sampled_from(["TX", "CA", "DC", "AK"])),
    mode=st.sampled_from(viewstate.MODES),
)
def test_every_valid_view_round_trips(bounds, day, county, compare, state, mode):
    view = View(date=bounds.dates[day], county=county, compare=tuple(dict.fromkeys(compare)), state=state, mode=mode)
    parsed = viewstate.parse(viewstate.serialize(view), bounds)
    assert parsed.view == view and parsed.notices == []
    outside = county is not None and state is not None and bounds.county_state[county] != state
    assert parsed.info == (
        [
            f"{bounds.names.label(county)} is not in {bounds.state_names[state]}: its card is shown, "
            f"but the map shows {bounds.state_names[state]}."
        ]
        if outside
        else []
    )
