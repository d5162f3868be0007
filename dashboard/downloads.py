"""Downloads of exactly the current view: one row (or feature) per county in scope, with the values shown.

Spreadsheet programs execute cells that begin with ``= + - @`` (and tab/CR) as formulas; every text cell that
does is prefixed with an apostrophe so a downloaded file can never run anything.
"""

from __future__ import annotations

import io
import json
from functools import lru_cache

import pandas as pd

from dashboard.data import Dataset
from dashboard.viewstate import View

COLUMNS = [
    "fips", "name", "state", "as_of", "status_on_date", "activation_date", "national_rank", "state_rank",
    "days_after_first", "state_complete_date", "days_before_state_complete", "pop_2010_census",
    "noncit_2006_2010", "noncit_2006_2010_moe", "date_source", "date_via", "second_source_agrees", "role",
    "data_release",
]  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix text that a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def view_rows(ds: Dataset, view: View) -> pd.DataFrame:
    """The counties in the view's scope with the values the page shows for them on the view's date."""
    c = ds.counties if view.state is None else ds.counties[ds.counties["state"] == view.state]
    day = pd.Timestamp(view.date)
    out = c.copy()
    out["as_of"] = view.date.isoformat()
    out["status_on_date"] = "not yet active"
    out.loc[out["activation_date"] <= day, "status_on_date"] = "active"
    out.loc[out["activation_date"] == day, "status_on_date"] = "activated this day"
    out["role"] = ""
    out.loc[out["fips"].isin(view.compare), "role"] = "compared"
    if view.county:
        out.loc[out["fips"] == view.county, "role"] = "selected"
    out["data_release"] = ds.release_id
    for col in ("activation_date", "state_complete_date"):
        out[col] = out[col].dt.strftime("%Y-%m-%d")
    return out[COLUMNS].reset_index(drop=True)


@lru_cache(maxsize=64)  # a shared link is downloaded many times; views are immutable and hashable
def to_csv(ds: Dataset, view: View) -> bytes:
    rows = view_rows(ds, view).map(neutralise)
    buf = io.StringIO()
    rows.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


@lru_cache(maxsize=2)
def _features(ds: Dataset) -> list[dict]:
    """The parsed county features, once per process (parsing 1.8 MB per request would be wasteful)."""
    return json.loads(ds.geometry)["features"]


@lru_cache(maxsize=16)
def to_geojson(ds: Dataset, view: View) -> bytes:
    rows = view_rows(ds, view).map(neutralise)
    props = {r["fips"]: r for r in json.loads(rows.to_json(orient="records"))}
    features = _features(ds)
    out = [
        {"type": "Feature", "id": f["id"], "properties": props[f["id"]], "geometry": f["geometry"]}
        for f in features
        if f["id"] in props
    ]
    return json.dumps(
        {"type": "FeatureCollection", "features": out}, separators=(",", ":"), ensure_ascii=False
    ).encode()
