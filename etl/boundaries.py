"""Stage 2 — boundaries: the 2010 county set, its legal names, neighbours, and a browser-sized map layer.

Source: the Census 2010 county cartographic boundary file (1:500k) shipped in the PyPI package ``plotly-geo``
— the only installable boundary file whose county set *is* the 2008-2013 set (Shannon SD 46113, Wade Hampton
AK 02270, Bedford city VA 51515, the 2008 Alaska splits). See ``../shared/notes/geodata.md``.

Simplification uses shared arcs (``topojson``) so neighbouring counties keep a common border (no slivers), and
every exterior ring is forced clockwise because plotly.js fills a counter-clockwise ring as "the world minus
the county".
"""

from __future__ import annotations

import json
from importlib import resources

import geopandas as gpd
import pandas as pd
import shapely

from etl.crosswalk import states
from etl.errors import InputError

SHAPEFILE = "gz_2010_us_050_00_500k.shp"
#: Simplification tolerance in degrees (about 1 km) and output precision (0.001 deg, about 110 m).
TOLERANCE = 0.01
PRECISION = 1e-3
#: Two counties are neighbours when their borders come within this many degrees (about 10 m): the Census
#: file's shared edges are not identically noded, so an exact ``touches`` misses real neighbours.
NEIGHBOUR_DISTANCE = 1e-4

_LSAD_SUFFIX = {
    "County": "County",
    "Parish": "Parish",
    "Borough": "Borough",
    "city": "city",
    "CA": "Census Area",
    "Cty&Bor": "City and Borough",
    "Muny": "Municipality",
    "": "",
}


def _shapefile_path() -> str:
    try:
        return str(resources.files("_plotly_geo") / "package_data" / SHAPEFILE)
    except ModuleNotFoundError:
        raise InputError(SHAPEFILE, "the package plotly-geo is not installed (pip install -e '.[etl]')") from None


def read_counties() -> gpd.GeoDataFrame:
    """The 3,143 counties of the 50 states and DC with FIPS, legal name and geometry (EPSG:4326).

    Puerto Rico's 78 municipios are dropped: the program's activation list has no territory dates, and the
    ``albers usa`` map readers know does not show them.
    """
    path = _shapefile_path()
    try:
        gdf = gpd.read_file(path, engine="pyogrio", encoding="latin1")
    except Exception as exc:
        raise InputError(SHAPEFILE, f"cannot be read ({type(exc).__name__}: {exc})") from None
    gdf = gdf.set_crs(4269, allow_override=True).to_crs(4326)
    gdf["fips"] = gdf["STATE"] + gdf["COUNTY"]
    gdf = gdf[gdf["STATE"].isin(states()["state_fips"])].copy()
    lsad = gdf["LSAD"].fillna("")
    unknown = sorted(set(lsad) - set(_LSAD_SUFFIX))
    if unknown:
        raise InputError(SHAPEFILE, f"unknown LSAD value(s) {unknown}")
    suffix = lsad.map(_LSAD_SUFFIX)
    gdf["name"] = (gdf["NAME"] + " " + suffix).str.strip()
    gdf["lsad"] = lsad
    gdf["state_fips"] = gdf["STATE"]
    gdf = gdf[["fips", "state_fips", "name", "lsad", "geometry"]].sort_values("fips").reset_index(drop=True)
    if gdf["fips"].duplicated().any():
        raise InputError(SHAPEFILE, "duplicate FIPS in the boundary file")
    return gdf


def neighbours(gdf: gpd.GeoDataFrame) -> pd.Series:
    """For each county, the FIPS of the counties that share a border or a corner with it, ';'-joined."""
    geoms = gdf.geometry.values
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="dwithin", distance=NEIGHBOUR_DISTANCE)
    keep = left != right
    fips = gdf["fips"].to_numpy()
    pairs = pd.DataFrame({"a": fips[left[keep]], "b": fips[right[keep]]}).sort_values(["a", "b"])
    joined = pairs.groupby("a")["b"].agg(";".join)
    return gdf["fips"].map(joined).fillna("")


def simplify(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Shared-arc simplification, repaired, snapped to the output grid and wound clockwise for Plotly."""
    import topojson  # ETL-only dependency, imported where it is needed

    topo = topojson.Topology(
        gdf[["fips", "geometry"]],
        prequantize=False,
        toposimplify=TOLERANCE,
        simplify_with="shapely",
        topology=True,
    )
    out = topo.to_gdf()
    out = out.set_crs(4326, allow_override=True)
    geom = shapely.make_valid(out.geometry.values, method="structure", keep_collapsed=False)
    geom = shapely.set_precision(geom, PRECISION)
    geom = shapely.orient_polygons(geom, exterior_cw=True)
    out = gpd.GeoDataFrame({"fips": out["fips"].to_numpy()}, geometry=geom, crs=4326)
    empty = out[out.geometry.is_empty]
    if not empty.empty:
        raise InputError(SHAPEFILE, f"simplification emptied FIPS {', '.join(empty['fips'][:5])}")
    return out.sort_values("fips").reset_index(drop=True)


def _rounded(coords: object) -> object:
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(float(c), 3) for c in coords]
    return [_rounded(c) for c in coords]  # type: ignore[union-attr]


def to_geojson(simplified: gpd.GeoDataFrame) -> str:
    """A minified FeatureCollection: feature ``id`` = 5-digit FIPS, no properties (the table carries them)."""
    features = []
    for fips, geom in zip(simplified["fips"], simplified.geometry, strict=True):
        gj = json.loads(shapely.to_geojson(geom))
        if gj["type"] == "GeometryCollection":  # make_valid can leave stray lines; keep the areas
            polys = [g for g in gj["geometries"] if g["type"] in ("Polygon", "MultiPolygon")]
            coords = [c for g in polys for c in ([g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"])]
            gj = {"type": "MultiPolygon", "coordinates": coords}
        features.append(
            {
                "type": "Feature",
                "id": fips,
                "properties": {},
                "geometry": {"type": gj["type"], "coordinates": _rounded(gj["coordinates"])},
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"), ensure_ascii=False)
