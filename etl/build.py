"""Stages 5-6 — validate and write: run every stage, validate the result, then swap it into place.

The build writes into a fresh temporary directory beside the output and replaces the output only after the
whole contract holds, so a refused input leaves the existing ``geodata/`` byte-identical.
"""

from __future__ import annotations

import hashlib
import importlib.metadata as md
import json
import platform
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from etl import activation, boundaries, contract, counts, sources
from etl.crosswalk import crosswalk, metrics, states
from etl.errors import ContractError

#: Bump when the meaning of a column changes; the release id also carries a hash of the content.
RELEASE_SERIES = "1"
LIBRARIES = ["pandas", "numpy", "geopandas", "pyogrio", "shapely", "topojson", "plotly-geo"]


@dataclass
class BuildResult:
    out: Path
    facts: dict[str, object]
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _stage(log: Callable[[str], None], name: str, t0: float) -> float:
    now = time.perf_counter()
    log(f"  {name:<28} {now - t0:6.2f} s")
    return now


def assemble(data_dir: Path, log: Callable[[str], None]) -> tuple[dict[str, bytes], list[str], dict[str, str]]:
    """Run stages 1-4 and return the output files' bytes, warnings and the input checksums."""
    t = time.perf_counter()
    hashes, warnings = sources.checksum_warnings(data_dir)
    primary = sources.read_activations(data_dir)
    second = sources.read_activations_second(data_dir)
    census = sources.read_census_2000_2010(data_dir)
    v2019 = sources.read_estimates_v2019(data_dir)
    acs = sources.read_noncitizens(data_dir)
    raw_figures = sources.read_published_figures(data_dir)
    t = _stage(log, "sources (read + check)", t)

    # Join everything to the 2010 county set first (fast), so a bad input is refused before the slow geometry.
    gdf = boundaries.read_counties()
    fips = gdf["fips"]
    table = pd.DataFrame(gdf.drop(columns="geometry")).merge(states(), on="state_fips", how="left")
    dated = activation.date_counties(fips, primary, second)
    table = activation.add_order(table.merge(dated, on="fips", how="left"))
    t = _stage(log, "activations", t)

    table = (
        table.merge(counts.census_population(fips, census), on="fips", how="left")
        .merge(counts.estimates_2011_2013(fips, v2019), on="fips", how="left")
        .merge(counts.noncitizens(fips, acs), on="fips", how="left")
    )
    figures = counts.published_figures(raw_figures, table[["fips", "name", "state"]])
    t = _stage(log, "counts (population + figures)", t)

    table["neighbors"] = boundaries.neighbours(gdf).to_numpy()
    table = table[list(contract.COUNTY_SCHEMA)]
    geojson = boundaries.to_geojson(boundaries.simplify(gdf))
    t = _stage(log, "boundaries (simplify + neighbours)", t)

    readme = resources.files("etl").joinpath("templates", "geodata_README.md").read_bytes()
    files = {
        contract.COUNTIES: _csv(table),
        contract.GEOMETRY: geojson.encode("utf-8"),
        contract.FIGURES: _csv(figures),
        contract.CROSSWALK: _csv(crosswalk()),
        contract.METRICS: _csv(metrics()),
        contract.README: readme,
    }
    return files, warnings, hashes


def _csv(df: pd.DataFrame) -> bytes:
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8")


def manifest(files: dict[str, bytes], input_hashes: dict[str, str], row_counts: dict[str, int]) -> dict:
    """Release id, inputs and outputs with their sha256, row counts, and the library versions used."""
    outputs = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())}
    digest = hashlib.sha256("".join(outputs.values()).encode()).hexdigest()
    return {
        "release_id": f"sc-geodata-{RELEASE_SERIES}-{digest[:10]}",
        "inputs": [
            {
                "path": sources.SOURCES[k].path,
                "sha256": input_hashes[sources.SOURCES[k].path],
                "url": sources.SOURCES[k].url,
                "citation": sources.SOURCES[k].citation,
            }
            for k in sources.SOURCES
        ]
        + [
            {
                "path": f"plotly-geo {md.version('plotly-geo')}: {boundaries.SHAPEFILE}",
                "sha256": None,
                "url": None,
                "citation": "U.S. Census Bureau, 2010 Census cartographic boundary file, counties, "
                "1:500,000 (gz_2010_us_050_00_500k), as shipped in the PyPI package plotly-geo",
            }
        ],
        "outputs": outputs,
        "row_counts": row_counts,
        "environment": {"python": platform.python_version(), **{lib: md.version(lib) for lib in LIBRARIES}},
    }


def write(files: dict[str, bytes], man: dict, out: Path) -> None:
    """Write into a temporary sibling, validate it, then swap it in; on any failure ``out`` is untouched."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"{out.name}.tmp-", dir=out.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; the layer is meant to be read by the app and the web server
    try:
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        (tmp / contract.MANIFEST).write_text(json.dumps(man, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        report = contract.validate(tmp)
        if report.problems:
            raise ContractError(report.problems)
        if out.exists():
            old = out.with_name(f"{out.name}.old-{tmp.name.rsplit('-', 1)[-1]}")
            out.rename(old)
            tmp.rename(out)
            shutil.rmtree(old)
        else:
            tmp.rename(out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)


def build(data_dir: Path, out: Path, log: Callable[[str], None] = print) -> BuildResult:
    """Rebuild every file of ``out`` from the raw inputs in ``data_dir``."""
    t0 = time.perf_counter()
    files, warnings, hashes = assemble(data_dir, log)
    rows = {name: files[name].count(b"\n") - 1 for name in (contract.COUNTIES, contract.FIGURES, contract.CROSSWALK)}
    man = manifest(files, hashes, rows)
    t = time.perf_counter()
    write(files, man, out)
    _stage(log, "validate + write", t)
    report = contract.validate(out)
    return BuildResult(out=out, facts=report.facts, warnings=warnings, seconds=time.perf_counter() - t0)
