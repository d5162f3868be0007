"""The CSV and GeoJSON downloads are written from pieces encoded once per scope (``dashboard/downloadtext.py``): each
file must be byte for byte what pandas writes of the whole table (``downloads.table_csv`` / ``table_geojson``)."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest

from dashboard import downloads, downloadtext, viewstate

QUERIES = [
    "date=2011-02-01",
    "date=2011-02-01&state=TX&county=48201&compare=06037,04013&mode=status",
    "date=2010-03-04&state=CA&compare=48201",
    "date=2012-06-05&compare=02020,51059,17031",
    "date=2008-01-02",
    "state=NY&measure=rate",
    "state=AK&measure=detainers&county=02020",
    "measure=custody&mode=status",
    "measure=citizen&state=GA&lang=es",
    "date=2009-11-10&state=VA&lang=es&county=51059",
]


@pytest.fixture(scope="module")
def bounds(dataset):
    return viewstate.Bounds.from_dataset(dataset)


@pytest.mark.parametrize("query", QUERIES)
def test_csv_and_geojson_are_what_pandas_writes_of_the_whole_table(dataset, bounds, query):
    view = viewstate.parse(query, bounds).view
    assert downloadtext.to_csv(dataset, view) == downloads.table_csv(dataset, view)
    assert downloadtext.to_geojson(dataset, view) == downloads.table_geojson(dataset, view)


def _crafted(dataset, name: str):
    """The dataset with Harris County renamed ``name``."""
    counties = dataset.counties.copy()
    counties.loc[counties["fips"] == "48201", "name"] = name
    return dataclasses.replace(dataset, counties=counties)


def test_a_cell_with_a_line_break_is_written_by_pandas_whole(dataset, bounds):
    crafted = _crafted(dataset, "Harris\nCounty")
    view = viewstate.parse("date=2011-02-01&state=TX", bounds).view
    assert downloadtext.to_csv(crafted, view) is None  # its rows would span lines: not split into pieces
    assert downloads.to_csv(crafted, view) == downloads.table_csv(crafted, view)
    assert '"Harris\nCounty"' in downloads.to_csv(crafted, view).decode()
    assert downloads.to_geojson(crafted, view) == downloads.table_geojson(crafted, view)


def test_crafted_formulas_are_neutralised_in_the_pieces_too(dataset, bounds):
    crafted = _crafted(dataset, "=1+1")
    view = viewstate.parse("date=2011-02-01&state=TX", bounds).view
    assert downloads.to_csv(crafted, view) == downloads.table_csv(crafted, view)
    assert "\n48201,'=1+1," in downloads.to_csv(crafted, view).decode()


@pytest.mark.parametrize(
    "values",
    [["active", "=x", None], ["active", "not yet active"], [1.5, np.nan, -2.0], ["+1", "-", "ok"]],
)
def test_a_view_column_is_neutralised_as_map_would(values):
    col = pd.Series(values)
    ours, mapped = downloads._neutralised(col), col.map(downloads.neutralise)
    assert ours.to_csv() == mapped.to_csv() and ours.to_json() == mapped.to_json()


def test_json_members_write_each_value_as_the_records_round_trip_does():
    frame = pd.DataFrame(
        {
            "text": ["a", "b/c", None, "é"],
            "count": pd.array([1, None, 3, 0], dtype="Int64"),
            "share": [0.1234567890123, np.nan, 1.0, 2.5],
            "flag": [True, False, True, True],
        }
    )
    expected = [downloads.dumps(r)[1:-1] for r in json.loads(frame.to_json(orient="records"))]
    assert downloadtext._json_members(frame) == expected


def test_the_column_runs_cover_every_column_in_order():
    flat = [c for _own, cols in downloadtext.RUNS for c in cols]
    assert flat == downloads.COLUMNS
    assert {c for own, cols in downloadtext.RUNS if own for c in cols} == set(downloads.VIEW_COLUMNS)


def test_views_marking_counties_outside_their_state_share_the_state_pieces(dataset, bounds):
    first = viewstate.parse("date=2011-02-01&state=TX&compare=06037", bounds).view
    second = viewstate.parse("date=2011-02-01&state=TX&compare=17031,04013&county=48201", bounds).view
    downloadtext.to_csv(dataset, first)
    hits = downloadtext._fixed.cache_info().hits
    assert downloadtext.to_csv(dataset, second) == downloads.table_csv(dataset, second)
    assert downloadtext._fixed.cache_info().hits == hits + 1
    assert downloadtext.to_csv(dataset, second).decode().rstrip("\n").rsplit("\n", 2)[-2].startswith("04013,")
