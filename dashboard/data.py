"""Load the committed geodata/ layer once per process and derive everything the views need from it.

Nothing here runs per request: :func:`load` is called by :func:`dashboard.app.create_app`, validates the layer
against the ETL's contract (the app refuses to start on a broken layer) and precomputes the arrays and tables
that callbacks only index into.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from etl import contract, contract_detainers

DEFAULT_GEODATA = Path(__file__).resolve().parent.parent / "geodata"


class StartupError(Exception):
    """The data layer is missing or breaks its contract; the message is one line for the operator."""


@dataclass(frozen=True, eq=False)  # identity hash: one per process, usable as a cache key
class Dataset:
    """The whole embedded layer, in memory, read-only after construction."""

    counties: pd.DataFrame  # contract-typed, sorted by FIPS
    figures: pd.DataFrame
    crosswalk: pd.DataFrame
    metrics: pd.DataFrame
    manifest: dict
    dates: tuple[pd.Timestamp, ...]  # the distinct activation dates, ascending
    days: np.ndarray  # per county (row order), days after the first activation
    geometry: bytes  # served compressed and with its ETag by dashboard/static.py
    bounds: dict[str, tuple[float, float, float, float]]  # per FIPS, main parts: lon_min, lat_min, lon_max, lat_max
    detainers: dict[str, pd.DataFrame]  # the detainer tables by file name (etl.contract_detainers.FILES), typed

    @property
    def release_id(self) -> str:
        return str(self.manifest["release_id"])

    @property
    def first_date(self) -> pd.Timestamp:
        return self.dates[0]

    @property
    def last_date(self) -> pd.Timestamp:
        return self.dates[-1]

    @property
    def fips_set(self) -> frozenset[str]:
        return frozenset(self.counties["fips"])

    @property
    def states(self) -> pd.DataFrame:
        """``state, state_name, state_fips`` for the 50 states and DC, by name."""
        cols = ["state", "state_name", "state_fips"]
        return self.counties[cols].drop_duplicates().sort_values("state_name").reset_index(drop=True)

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {f: i for i, f in enumerate(self.counties["fips"])}

    def county(self, fips: str) -> pd.Series:
        return self.counties.iloc[self._positions[fips]]

    def label(self, fips: str) -> str:
        row = self.county(fips)
        return f"{row['name']}, {row['state']}"


#: A county's extent for fitting a map counts its parts from the largest down until they hold this share of its
#: area: Honolulu County's Oahu, not the Northwestern Hawaiian Islands 2,000 km away (0.5% of its land).
MAIN_AREA_SHARE = 0.95


def _ring_area(ring: list) -> float:
    """Planar area of a ring in square degrees (shoelace): enough to rank one county's parts by size."""
    pts = np.asarray(ring, dtype=float)
    x, y = pts[:, 0], pts[:, 1]
    return abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))) / 2


def _bounds(geojson: dict) -> dict[str, tuple[float, float, float, float]]:
    """Per FIPS: ``(lon_min, lat_min, lon_max, lat_max)`` of the county's main parts (see :data:`MAIN_AREA_SHARE`),
    in degrees from the committed geometry. Longitudes east of 180° (Alaska's Aleutians) are written as < -180,
    so one county's extent never wraps around the globe."""
    out = {}
    for feat in geojson["features"]:
        g = feat["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        parts = sorted(((_ring_area(p[0]), np.asarray(p[0], dtype=float)) for p in polys), key=lambda t: -t[0])
        total, held, kept = sum(a for a, _ in parts), 0.0, []
        for area, pts in parts:
            kept.append(pts)
            held += area
            if held >= MAIN_AREA_SHARE * total:
                break
        pts = np.concatenate(kept)
        lon = np.where(pts[:, 0] > 0, pts[:, 0] - 360, pts[:, 0])
        out[feat["id"]] = (float(lon.min()), float(pts[:, 1].min()), float(lon.max()), float(pts[:, 1].max()))
    return out


def geodata_dir() -> Path:
    """``SC_GEODATA`` if set (e.g. a freshly built layer), else the committed ``geodata/``."""
    return Path(os.environ.get("SC_GEODATA", DEFAULT_GEODATA))


def load(directory: Path | None = None) -> Dataset:
    """Validate and load a geodata directory; raise :class:`StartupError` with a one-line reason."""
    directory = directory or geodata_dir()
    if not directory.is_dir():
        raise StartupError(f"geodata directory {directory} does not exist (build it: python -m etl build --raw DIR)")
    report = contract.validate(directory)
    if report.problems:
        raise StartupError(f"geodata at {directory} fails validation: {report.problems[0]}")
    counties = contract.read_counties(directory).sort_values("fips").reset_index(drop=True)
    raw = (directory / contract.GEOMETRY).read_bytes()
    dates = tuple(pd.Timestamp(d) for d in sorted(counties["activation_date"].unique()))
    return Dataset(
        counties=counties,
        figures=contract.read_figures(directory),
        crosswalk=pd.read_csv(directory / contract.CROSSWALK, dtype=str, keep_default_na=False),
        metrics=pd.read_csv(directory / contract.METRICS, dtype=str, keep_default_na=False),
        manifest=contract.read_manifest(directory),
        dates=dates,
        days=counties["days_after_first"].to_numpy(dtype=np.int64),
        geometry=raw,
        bounds=_bounds(json.loads(raw)),
        detainers={name: contract_detainers.read_table(directory, name) for name in contract_detainers.FILES},
    )
