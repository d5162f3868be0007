"""The committed county polygons tile the country: simplification opened no visible gaps or overlaps.

Shared-arc simplification keeps neighbours on one border; what remains are sub-kilometre specks where the
Census file's own edges were not identically noded. A per-county simplifier would open thousands of slivers.
"""

from __future__ import annotations

import json
from pathlib import Path

import shapely
from shapely.geometry import shape

#: Square degrees; 0.01 is about 100 km² summed over the whole country — invisible on a national map.
MAX_TOTAL_SLIVER_AREA = 0.01
MAX_TOTAL_OVERLAP_AREA = 0.01


def _polygons(geodata_dir: Path) -> list:
    gj = json.loads((geodata_dir / "counties.geojson").read_text(encoding="utf-8"))
    return [shape(f["geometry"]) for f in gj["features"]]


def test_simplified_counties_leave_no_visible_gaps_between_neighbours(geodata_dir: Path) -> None:
    union = shapely.union_all(shapely.make_valid(_polygons(geodata_dir)))
    holes = [shapely.Polygon(ring).area for poly in getattr(union, "geoms", [union]) for ring in poly.interiors]
    slivers = [a for a in holes if a < 0.01]  # real enclosed areas (lakes are land here) would be larger
    assert sum(slivers) < MAX_TOTAL_SLIVER_AREA, (len(slivers), sum(slivers))


def test_simplified_counties_do_not_overlap(geodata_dir: Path) -> None:
    geoms = _polygons(geodata_dir)
    left, right = shapely.STRtree(geoms).query(geoms, predicate="overlaps")
    overlap = sum(shapely.intersection(geoms[i], geoms[j]).area for i, j in zip(left, right, strict=True) if i < j)
    assert overlap < MAX_TOTAL_OVERLAP_AREA, overlap
