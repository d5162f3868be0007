"""The geodata/ contract: file names, table schema, loaders and every invariant, shared by ETL and app.

The ETL validates what it built before it replaces ``geodata/``; ``etl check`` validates what is committed;
the dashboard validates at start-up and refuses to serve a layer that breaks the contract. This module needs
only pandas and the standard library, so the app can use it without the geometry stack.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from etl import contract_detainers as detainers

COUNTIES = "counties.csv"
GEOMETRY = "counties.geojson"
FIGURES = "published_figures.csv"
CROSSWALK = "crosswalk.csv"
METRICS = "metrics.csv"
MANIFEST = "manifest.json"
README = "README.md"
DATA_FILES = [COUNTIES, GEOMETRY, FIGURES, CROSSWALK, METRICS, README, *detainers.FILES]
#: Tables whose row count the manifest records.
ROW_COUNTED = [COUNTIES, FIGURES, CROSSWALK, *detainers.ROW_COUNTED]

EXPECTED_COUNTIES = 3143
CENSUS_2010_TOTAL = 308_745_538
FIRST_DATE = pd.Timestamp("2008-10-27")
FIRST_FIPS = "48201"
LAST_DATE = pd.Timestamp("2013-01-22")
GEOMETRY_GZIP_LIMIT = 1_500_000
MUST_HAVE = {"46113", "02270", "51515", "08014"}
MUST_NOT_HAVE = {"46102", "02158", "51560", "51780", "02201", "02232", "02280"}

#: column -> kind. Order is the file's column order.
COUNTY_SCHEMA: dict[str, str] = {
    "fips": "fips",
    "state_fips": "text",
    "state": "text",
    "state_name": "text",
    "name": "text",
    "lsad": "text",
    "activation_date": "date",
    "national_rank": "int",
    "cohort": "int",
    "state_rank": "int",
    "days_after_first": "int",
    "state_first_date": "date",
    "state_complete_date": "date",
    "days_before_state_complete": "int",
    "date_source": "text",
    "source_fips": "text",
    "date_via": "text",
    "second_source_month": "text",
    "second_source_agrees": "bool",
    "pop_2010_census": "int",
    "pop_est_2008": "int",
    "pop_est_2009": "int",
    "pop_est_2010": "int",
    "pop_est_2011": "int?",
    "pop_est_2012": "int?",
    "pop_est_2013": "int?",
    "pop_note": "text",
    "noncit_2006_2010": "int?",
    "noncit_2006_2010_moe": "int?",
    "noncit_2009_2013": "int?",
    "noncit_2009_2013_moe": "int?",
    "neighbors": "text",
}

FIGURE_SCHEMA = [
    "figure_id", "level", "fips", "state", "place", "metric", "metric_label", "value", "unit", "qualifier",
    "period_start", "period_end", "period_note", "source_url", "reported_by",
]  # fmt: skip


def read_counties(directory: Path) -> pd.DataFrame:
    """Load counties.csv with the contract's types (FIPS stay text, dates become datetimes)."""
    text_cols = [c for c, k in COUNTY_SCHEMA.items() if k in ("fips", "text")]
    df = pd.read_csv(
        directory / COUNTIES,
        dtype={c: "string" for c in text_cols},
        keep_default_na=False,
        na_values={c: [""] for c, k in COUNTY_SCHEMA.items() if k not in ("fips", "text")},
    )
    for col, kind in COUNTY_SCHEMA.items():
        if col not in df.columns:
            continue
        if kind == "date":
            df[col] = pd.to_datetime(df[col], format="%Y-%m-%d")
        elif kind in ("int", "int?"):
            df[col] = pd.to_numeric(df[col]).astype("Int64")
        elif kind == "bool":
            df[col] = df[col].map({True: True, False: False, "True": True, "False": False}).astype("boolean")
    return df


def read_figures(directory: Path) -> pd.DataFrame:
    df = pd.read_csv(directory / FIGURES, dtype=str, keep_default_na=False)
    df["value"] = pd.to_numeric(df["value"])
    return df


def read_manifest(directory: Path) -> dict:
    return json.loads((directory / MANIFEST).read_text(encoding="utf-8"))


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ring_is_clockwise(ring: list[list[float]]) -> bool:
    """Shoelace sign test on a lon/lat ring: a negative signed area is clockwise, which plotly.js fills."""
    xy = np.asarray(ring, dtype=float)
    x, y = xy[:, 0], xy[:, 1]
    return float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1])) < 0


@dataclass
class Report:
    """What a validation found: ``problems`` break the contract; ``facts`` are printed for the record."""

    problems: list[str] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)

    def require(self, ok: bool, message: str) -> None:
        if not ok:
            self.problems.append(message)


def _check_counties(df: pd.DataFrame, rep: Report) -> None:
    rep.require(list(df.columns) == list(COUNTY_SCHEMA), f"{COUNTIES}: columns differ from the schema")
    if rep.problems:
        return
    rep.require(len(df) == EXPECTED_COUNTIES, f"{COUNTIES}: {len(df)} rows, expected {EXPECTED_COUNTIES}")
    rep.require(df["fips"].str.fullmatch(r"\d{5}").all(), f"{COUNTIES}: a FIPS is not 5 digits")
    rep.require(not df["fips"].duplicated().any(), f"{COUNTIES}: duplicate FIPS")
    rep.require(df["state"].nunique() == 51, f"{COUNTIES}: {df['state'].nunique()} states, expected 50 + DC")
    codes = set(df["fips"])
    rep.require(codes >= MUST_HAVE, f"{COUNTIES}: missing 2010 codes {sorted(MUST_HAVE - codes)}")
    rep.require(not (MUST_NOT_HAVE & codes), f"{COUNTIES}: non-2010 codes {sorted(MUST_NOT_HAVE & codes)}")
    for col, kind in COUNTY_SCHEMA.items():
        if kind in ("int", "date", "bool") and col != "second_source_agrees":
            rep.require(df[col].notna().all(), f"{COUNTIES}: {col} has missing values")
    d = df["activation_date"]
    rep.require(d.notna().all(), f"{COUNTIES}: a county has no activation date")
    rep.require(d.min() == FIRST_DATE, f"{COUNTIES}: first activation {d.min()}, expected {FIRST_DATE.date()}")
    first = df.loc[d == d.min(), "fips"].tolist()
    rep.require(first == [FIRST_FIPS], f"{COUNTIES}: first activated {first}, expected Harris County TX")
    rep.require(d.max() == LAST_DATE, f"{COUNTIES}: last activation {d.max()}, expected {LAST_DATE.date()}")
    rep.require((d <= LAST_DATE).sum() == len(df), f"{COUNTIES}: not every county active by {LAST_DATE.date()}")
    total = int(df["pop_2010_census"].sum())
    rep.require(
        total == CENSUS_2010_TOTAL, f"{COUNTIES}: 2010 population sums to {total:,}, expected {CENSUS_2010_TOTAL:,}"
    )
    rep.require(
        (df["national_rank"] == d.rank(method="min").astype("int64")).all(),
        f"{COUNTIES}: national_rank disagrees with the dates",
    )
    complete = df.groupby("state_fips")["activation_date"].transform("max")
    rep.require((df["state_complete_date"] == complete).all(), f"{COUNTIES}: state_complete_date is not the max")
    rep.require(df["date_via"].isin(["direct", "crosswalk"]).all(), f"{COUNTIES}: unknown date_via")
    for col in ("pop_est_2008", "pop_est_2013", "noncit_2006_2010", "noncit_2009_2013_moe"):
        rep.require((df[col].dropna() >= 0).all(), f"{COUNTIES}: negative {col}")
    gaps = df["pop_est_2011"].isna()
    rep.require((df.loc[gaps, "pop_note"] != "").all(), f"{COUNTIES}: a missing estimate has no reason")
    nb = df["neighbors"].str.split(";").explode()
    rep.require(set(nb[nb != ""]) <= codes, f"{COUNTIES}: a neighbour is not a county")
    rep.facts.update(
        counties=len(df),
        states=int(df["state"].nunique()),
        first=f"{d.min().date()} ({', '.join(first)})",
        last=f"{d.max().date()} ({int((d == d.max()).sum())} counties)",
        distinct_dates=int(d.nunique()),
        via_crosswalk=int((df["date_via"] == "crosswalk").sum()),
        second_source_disagrees=int((df["second_source_agrees"] == False).sum()),  # noqa: E712
        population_2010=f"{total:,}",
    )


def _check_geometry(directory: Path, codes: set[str], rep: Report) -> None:
    raw = (directory / GEOMETRY).read_bytes()
    gz = len(gzip.compress(raw, compresslevel=6))
    rep.require(gz <= GEOMETRY_GZIP_LIMIT, f"{GEOMETRY}: {gz:,} bytes gzipped, limit {GEOMETRY_GZIP_LIMIT:,}")
    gj = json.loads(raw)
    ids = [f.get("id") for f in gj.get("features", [])]
    rep.require(len(ids) == len(set(ids)), f"{GEOMETRY}: duplicate feature ids")
    rep.require(set(ids) == codes, f"{GEOMETRY}: feature ids differ from {COUNTIES} FIPS")
    ccw = 0
    empty = 0
    for f in gj.get("features", []):
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        if not polys or not polys[0]:
            empty += 1
        ccw += sum(1 for poly in polys if poly and not ring_is_clockwise(poly[0]))
    rep.require(empty == 0, f"{GEOMETRY}: {empty} empty geometries")
    rep.require(ccw == 0, f"{GEOMETRY}: {ccw} exterior rings are counter-clockwise (Plotly would invert them)")
    rep.facts.update(geometry_bytes=len(raw), geometry_gzip_bytes=gz)


def _check_figures(figs: pd.DataFrame, counties: pd.DataFrame, metrics: pd.DataFrame, rep: Report) -> None:
    rep.require(list(figs.columns) == FIGURE_SCHEMA, f"{FIGURES}: columns differ from the schema")
    if list(figs.columns) != FIGURE_SCHEMA:
        return
    names = counties.set_index("fips")
    for r in figs[figs["level"] == "county"].itertuples():
        ok = r.fips in names.index and r.place == f"{names.at[r.fips, 'name']}, {names.at[r.fips, 'state']}"
        rep.require(ok, f"{FIGURES}: {r.figure_id} is attached to FIPS {r.fips}, which is not {r.place!r}")
    rep.require(
        figs["qualifier"].isin(["exact", "about", "more_than", "almost"]).all(), f"{FIGURES}: unknown qualifier"
    )
    rep.require(figs["metric"].isin(metrics["metric"]).all(), f"{FIGURES}: metric outside {METRICS}")
    rep.require(figs["source_url"].str.startswith("http").all(), f"{FIGURES}: a figure has no source address")
    rep.facts.update(published_figures=len(figs))


def validate(directory: Path) -> Report:
    """Check a geodata directory against the whole contract; never raises for bad content."""
    rep = Report()
    missing = [f for f in [*DATA_FILES, MANIFEST] if not (directory / f).is_file()]
    if missing:
        rep.problems.append(f"{directory}: missing {', '.join(missing)}")
        return rep
    try:
        counties = read_counties(directory)
        figs = read_figures(directory)
        metrics = pd.read_csv(directory / METRICS, dtype=str)
        manifest = read_manifest(directory)
    except Exception as exc:  # any unreadable file is one contract problem, reported in one line
        rep.problems.append(f"{directory}: unreadable ({type(exc).__name__}: {exc})")
        return rep
    _check_counties(counties, rep)
    if rep.problems:
        return rep
    _check_geometry(directory, set(counties["fips"]), rep)
    _check_figures(figs, counties, metrics, rep)
    problems, facts = detainers.validate(directory, set(counties["fips"]))
    rep.problems.extend(problems)
    rep.facts.update(facts)
    rep.require("ice_statistics" in manifest, f"{MANIFEST}: says nothing about ICE's match and removal statistics")
    for name, digest in manifest.get("outputs", {}).items():
        path = directory / name
        rep.require(path.is_file() and sha256_file(path) == digest, f"{MANIFEST}: {name} does not match its sha256")
    rep.require(set(manifest.get("outputs", {})) == set(DATA_FILES), f"{MANIFEST}: outputs list is incomplete")
    rep.require(manifest.get("row_counts", {}).get(COUNTIES) == len(counties), f"{MANIFEST}: row count differs")
    rep.facts["release"] = manifest.get("release_id")
    return rep
