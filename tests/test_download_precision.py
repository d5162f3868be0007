"""Downloads give every derived number at a stated precision (dashboard/columns.csv says which), never a raw float:
a custody share of 0.5789473684210527 is not a figure anyone published, and a count written 38.0 is not a count."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from dashboard import downloads, measures, viewstate
from dashboard.measure_defs import MEASURES

#: Columns that hold counts or ranks: whole numbers in the file.
COUNTS = ("national_rank", "state_rank", "days_after_first", "days_before_state_complete", "pop_2010_census",
          "noncit_2006_2010", "noncit_2006_2010_moe", "trac_detainers", "trac_ice_took_custody", "trac_not_taken",
          "trac_rank_per_1k_noncitizens", "us_citizen_lifted")  # fmt: skip
PRECISION = re.compile(r"^-?\d+(\.\d+)?$")


@pytest.fixture(scope="module")
def client():
    from dashboard.app import create_app

    return create_app().server.test_client()


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


@pytest.mark.parametrize("measure", ["detainers", "rate", "custody", "citizen"])
def test_map_value_in_a_download_has_the_precision_columns_csv_states(client, dataset, measure):
    resp = client.get(f"/download/counties.csv?date=2011-02-01&measure={measure}")
    assert resp.status_code == 200
    rows = pd.read_csv(io.BytesIO(resp.data), dtype=str, keep_default_na=False)
    values = [v for v in rows["map_value"] if v]
    assert values and all(PRECISION.fullmatch(v) for v in values), values[:5]
    most = downloads.MAP_VALUE_DECIMALS[measure]
    assert max(_decimals(v) for v in values) <= most, (measure, max(values, key=_decimals))
    meaning = pd.read_csv(downloads.COLUMNS_CSV, dtype=str).set_index("column").loc["map_value"]
    wording = {"detainers": "whole number", "rate": "2 decimals", "custody": "3 decimals", "citizen": "whole number"}
    assert wording[measure] in meaning["meaning"]
    assert {"detainers": "entero", "rate": "2 decimales", "custody": "3 decimales", "citizen": "entero"}[measure] in (
        meaning["meaning_es"]
    )


def test_a_rounded_custody_share_stays_in_the_class_the_map_coloured_it(dataset, bounds):
    """Rounding must not move a county across a legend edge (the class and the value would disagree)."""
    rows = downloads.view_rows(dataset, viewstate.parse("measure=custody", bounds).view)
    edges = MEASURES["custody"].edges
    labels = [measures.plain(label) for label in MEASURES["custody"].labels]
    for value, label in zip(rows["map_value"], rows["map_class"], strict=True):
        if pd.isna(value) or label not in labels:
            continue
        i = labels.index(label)
        upper = edges[i + 1] if i + 1 < len(edges) else float("inf")
        assert edges[i] <= value < upper or (value == upper and upper <= 1), (value, label)


def test_no_float_column_of_a_download_carries_more_digits_than_its_source(client):
    for measure in ("activation", "rate", "custody"):
        text = client.get(f"/download/counties.csv?measure={measure}").get_data(as_text=True)
        assert not re.search(r"\d\.\d{4,}", text), re.search(r".{40}\d\.\d{4,}.{10}", text)
        rows = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        for col in COUNTS + (("map_value",) if measure != "custody" and measure != "rate" else ()):
            assert not rows[col].str.contains(".", regex=False).any(), (measure, col, rows[col].head(3).tolist())
