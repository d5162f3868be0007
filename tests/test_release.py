"""Issue #13.5, without a browser: links pinned to a data release (``release=``), what a retired or unknown release
is told, and the citation's parts. The browser side (Cite this, the snippet) is in tests/test_embed_hosts.py."""

from __future__ import annotations

import csv
import json
import re
from datetime import date

import pytest

from dashboard import panels, releases, viewstate

RETIRED = "sc-geodata-1-ecf2a40b5d"  # replaced by sc-geodata-1-a72d26f4b6 on 2026-11-30 (commit 562e888)
UNKNOWN = "sc-geodata-1-0123456789"


def test_releases_csv_ends_with_the_release_served(dataset):
    """A new layer must be listed, or its links would call the release before it "unknown" instead of retired."""
    rows = list(csv.DictReader(releases.RELEASES_CSV.open(encoding="utf-8")))
    assert rows[-1]["release_id"] == dataset.release_id, "add the new geodata release to dashboard/releases.csv"
    assert len({r["release_id"] for r in rows}) == len(rows)
    assert all(releases.RELEASE_ID.fullmatch(r["release_id"]) for r in rows)
    days = [date.fromisoformat(r["published"]) for r in rows]
    assert days == sorted(days)
    assert all(re.fullmatch(r"[0-9a-f]{7,40}", r["commit"]) for r in rows)


def test_retired_releases_are_dated_by_their_successor(dataset):
    retired = releases.retired(dataset.release_id)
    assert dataset.release_id not in retired
    assert retired[RETIRED] == date(2026, 11, 30)
    assert retired["sc-geodata-1-af68465f0f"] == date(2026, 11, 29)


def test_a_link_pinned_to_the_release_served_is_pinned_quietly(bounds, dataset):
    parsed = viewstate.parse(f"date=2011-02-01&release={dataset.release_id}", bounds)
    assert parsed.release == dataset.release_id and not parsed.notices and not parsed.info
    assert viewstate.pinned(parsed.view, parsed.release) == f"?date=2011-02-01&release={dataset.release_id}"
    assert viewstate.pinned(parsed.view, None) == viewstate.serialize(parsed.view) == "?date=2011-02-01"


def test_the_release_is_not_part_of_the_view(bounds, dataset):
    """View caches stay whole: a pinned and an unpinned link share every cached figure."""
    assert (
        viewstate.parse(f"date=2011-02-01&release={dataset.release_id}", bounds).view
        == viewstate.parse("date=2011-02-01", bounds).view
    )


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (RETIRED, f"pinned to data release {RETIRED}, retired on 30 Nov 2026"),
        (UNKNOWN, f"No data release {UNKNOWN} is known here"),
        ("latest", "“latest” is not a data release"),
        ("x" * 5000, "is not a data release"),
    ],
)
def test_another_release_is_never_switched_silently(bounds, dataset, value, said):
    parsed = viewstate.parse({"date": ["2011-02-01"], "release": [value]}, bounds)
    assert parsed.release is None and parsed.release_notice in parsed.notices
    assert said in parsed.release_notice and f"showing release {dataset.release_id}" in parsed.release_notice
    assert len(parsed.release_notice) < 300  # a huge value is cut in the notice
    # the page's own address keeps a well-formed id (a reload or a shared copy says it again), drops anything else
    kept = f"?date=2011-02-01&release={value}" if value in (RETIRED, UNKNOWN) else "?date=2011-02-01"
    assert viewstate.pinned(parsed.view, parsed.link_release) == kept


def test_empty_release_and_pym_parameters_are_accepted_without_a_word(bounds):
    parsed = viewstate.parse("date=2011-02-01&release=&childId=sc-1&initialWidth=640&parentUrl=x&parentTitle=y", bounds)
    assert parsed.release is None and not parsed.notices and not parsed.info and not parsed.unknown


def test_a_pinned_page_stays_pinned_when_a_control_changes(bounds, dataset):
    search = f"?date=2011-02-01&release={dataset.release_id}"
    parsed = viewstate.from_page(bounds, search, 3, "48201", [], "TX", "cohort")
    assert parsed.release == dataset.release_id
    assert viewstate.pinned(parsed.view, parsed.release).endswith(f"&release={dataset.release_id}")
    assert viewstate.from_page(bounds, "?date=2011-02-01", 3, None, [], None, "cohort").release is None


def test_a_download_pinned_to_another_release_is_refused_with_the_reason(client, dataset):
    resp = client.get(f"/download/counties.csv?date=2011-02-01&release={RETIRED}")
    text = resp.get_data(as_text=True)
    assert resp.status_code == 400 and text.count("\n") == 1
    assert RETIRED in text and dataset.release_id in text and "retired on 30 Nov 2026" in text
    assert client.get(f"/download/counties.csv?date=2011-02-01&release={dataset.release_id}").status_code == 200


@pytest.mark.parametrize("path", ["/embed/map?date=2011-02-01", "/embed/county/48201?date=2011-02-01"])
def test_an_embed_of_another_release_says_so_visibly(client, dataset, path):
    page = client.get(f"{path}&release={UNKNOWN}").get_data(as_text=True)
    notice = re.search(r'<div class="notice" role="status">(.*?)</div>', page).group(1)
    assert UNKNOWN in notice and f"showing release {dataset.release_id}" in notice
    assert f"Release {dataset.release_id}" in re.search(r'<p class="credit">(.*?)</p>', page).group(1)
    current = client.get(f"{path}&release={dataset.release_id}").get_data(as_text=True)
    assert 'class="notice"' not in current
    assert f'href="/?date=2011-02-01&amp;{"county=48201&amp;" if "county" in path else ""}release=' in current


def test_the_citation_template_names_the_release_and_its_year(dataset):
    template = releases.citation_template("SC Rollout Map", dataset.release_id)
    assert template == (
        "SC Rollout Map. (2026). {title}, {day} (Release " + dataset.release_id + ") [Data set and interactive map]. "
        "Retrieved {accessed}, from {url}"
    )
    assert releases.citation_template("P", UNKNOWN).startswith("P. (n.d.). ")


def test_the_page_carries_what_its_citation_and_snippet_need(dataset):
    data = panels.press_data(dataset)
    assert data["release"] == dataset.release_id
    assert data["titles"]["|activation"] == "Secure Communities, county by county"
    assert data["titles"]["TX|activation"] == "Secure Communities in Texas" and len(data["titles"]) == 52 * 5
    assert "Texas" in data["titles"]["TX|custody"] and data["titles"]["TX|custody"] != data["titles"]["TX|activation"]
    assert set(data["snippets"]) == {"map", "timeline", "county", "map_path", "timeline_path", "county_path"}
    json.dumps(data)  # a dcc.Store value
