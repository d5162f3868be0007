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

from etl import (
    activation,
    boundaries,
    checks,
    contract,
    counts,
    detainer_sources,
    detainers,
    layer_diff,
    places,
    sources,
    trac,
)
from etl import contract_detainers as cd
from etl import import_counts as ic
from etl.crosswalk import crosswalk, metrics, states
from etl.errors import ContractError

#: Bump when the meaning of a column changes; the release id also carries a hash of the content.
RELEASE_SERIES = "1"
LIBRARIES = ["pandas", "numpy", "geopandas", "pyogrio", "shapely", "topojson", "plotly-geo", "zipcodes"]


@dataclass
class BuildResult:
    out: Path
    facts: dict[str, object]
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    changes: list[str] = field(default_factory=list)


def _stage(log: Callable[[str], None], name: str, t0: float) -> float:
    now = time.perf_counter()
    log(f"  {name:<28} {now - t0:6.2f} s")
    return now


@dataclass
class Assembled:
    """Everything a build writes, before it is written: file bytes plus what goes into the manifest."""

    files: dict[str, bytes]
    warnings: list[str]
    hashes: dict[str, str]
    accepted: dict[str, str]
    extra: dict[str, object]


def _county_detainers(
    raw: dict, table: pd.DataFrame, names: places.NamesByState, imported: ic.Imported | None
) -> tuple[dict[str, bytes], dict]:
    """Stage 4b: national series, TRAC by county, Pennsylvania and ICE's statistics (if a user imported them).

    Runs before the geometry: a Pennsylvania facility missing from the rules table is refused here.
    """
    by_county, by_state, unresolved, trac_report = trac.detainers_by_county(raw["trac"], table, names)
    pa_monthly, pa_facilities = detainers.pennsylvania(raw["pa"], table[["fips", "name"]])
    ice, ice_status = ic.table(imported, table, names)
    files = {
        cd.NATIONAL: _csv(detainers.national_monthly(raw["monthly"])),
        cd.TRAC_COUNTIES: _csv(by_county),
        cd.TRAC_STATES: _csv(by_state),
        cd.TRAC_UNRESOLVED: _csv(unresolved),
        cd.PA_MONTHLY: _csv(pa_monthly),
        cd.PA_FACILITIES: _csv(pa_facilities),
        cd.ICE_STATISTICS: _csv(ice),
    }
    return files, {"resolution": {"trac": trac_report}, "ice_statistics": ice_status}


def _lifted_detainers(raw: dict, table: pd.DataFrame, names: places.NamesByState) -> tuple[dict[str, bytes], dict]:
    """Stage 4c: the lifted (U.S. citizen, not deportable) records placed through the ZIP gazetteer.

    Runs after the geometry, once the county polygons are freed: the gazetteer's 43k ZIP rows then reuse that
    memory instead of adding to the build's peak. It refuses nothing (an unplaced record stays at state level).
    """
    gazetteer = places.Gazetteer(names)
    lifted, lifted_places, report = detainers.lifted(raw["lifted"], names, gazetteer, set(table["state"]))
    return {cd.LIFTED: _csv(lifted), cd.LIFTED_PLACES: _csv(lifted_places)}, report


def _detainer_files(raw: dict, table: pd.DataFrame, imported: ic.Imported | None) -> tuple[dict[str, bytes], dict]:
    """Stages 4b and 4c together (for tests and tools that need no geometry): all detainer tables + manifest extras."""
    names = places.NamesByState(table)
    files, extra = _county_detainers(raw, table, names, imported)
    lifted_files, lifted_report = _lifted_detainers(raw, table, names)
    extra["resolution"]["lifted"] = lifted_report
    return {**files, **lifted_files}, extra


def assemble(
    data_dir: Path,
    log: Callable[[str], None],
    accept: frozenset[str] = frozenset(),
    imported: ic.Imported | None = None,
) -> Assembled:
    """Run stages 1-4 and return the output files' bytes, warnings, input checksums, accepted changes and the
    manifest's extra sections (resolution report, ICE statistics status).

    ``accept`` names inputs whose changed sha256 the builder accepts (see :func:`etl.registry.verify_checksums`);
    every other changed input is refused before anything is read. ``imported``: ICE statistics a user supplied.
    """
    t = time.perf_counter()
    hashes, accepted = sources.verify_checksums(data_dir, accept)
    warnings = [f"{path}: changed input accepted (registered sha256 {old[:12]}…)" for path, old in accepted.items()]
    primary = sources.read_activations(data_dir)
    second = sources.read_activations_second(data_dir)
    census = sources.read_census_2000_2010(data_dir)
    v2019 = sources.read_estimates_v2019(data_dir)
    acs = sources.read_noncitizens(data_dir)
    raw_figures = sources.read_published_figures(data_dir)
    checks.populations(census, v2019)
    checks.noncitizens(acs)
    raw = {
        "monthly": detainer_sources.read_detainers_monthly(data_dir),
        "lifted": {k: detainer_sources.read_detainer_records(data_dir, v) for k, v in detainers.LIFTED.items()},
        "pa": detainer_sources.read_detainer_records(data_dir, "detainers_pa"),
        "trac": detainer_sources.read_detainers_trac(data_dir),
    }
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
    names = places.NamesByState(table)
    detainer_files, extra = _county_detainers(raw, table, names, imported)
    t = _stage(log, "detainers (TRAC, PA)", t)

    table["neighbors"] = boundaries.neighbours(gdf).to_numpy()
    geojson = boundaries.to_geojson(boundaries.simplify(gdf))
    del gdf, fips
    t = _stage(log, "boundaries (simplify + neighbours)", t)

    lifted_files, extra["resolution"]["lifted"] = _lifted_detainers(raw, table, names)
    table = table[list(contract.COUNTY_SCHEMA)]
    t = _stage(log, "detainers lifted (gazetteer)", t)

    readme = resources.files("etl").joinpath("templates", "geodata_README.md").read_bytes()
    files = {
        contract.COUNTIES: _csv(table),
        contract.GEOMETRY: geojson.encode("utf-8"),
        contract.FIGURES: _csv(figures),
        contract.CROSSWALK: _csv(crosswalk()),
        contract.METRICS: _csv(metrics()),
        contract.README: readme,
        **detainer_files,
        **lifted_files,
    }
    return Assembled(files, warnings, hashes, accepted, extra)


def _csv(df: pd.DataFrame) -> bytes:
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8")


def manifest(
    files: dict[str, bytes],
    input_hashes: dict[str, str],
    row_counts: dict[str, int],
    accepted: dict[str, str] | None = None,
    extra: dict[str, object] | None = None,
) -> dict:
    """Release id, inputs and outputs with their sha256, row counts, and the library versions used.

    An input accepted as changed keeps its ``registered_sha256`` beside the one actually used. ``extra``
    (resolution report, ICE statistics status) is added as top-level sections.
    """
    accepted = accepted or {}
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
                **(
                    {"registered_sha256": accepted[sources.SOURCES[k].path]}
                    if sources.SOURCES[k].path in accepted
                    else {}
                ),
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
        **(extra or {}),
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


def _existing(out: Path) -> dict[str, bytes]:
    """The data files of the layer about to be replaced (the manifest is compared through them)."""
    return {name: (out / name).read_bytes() for name in contract.DATA_FILES if (out / name).is_file()}


def build(
    data_dir: Path,
    out: Path,
    log: Callable[[str], None] = print,
    accept: frozenset[str] = frozenset(),
    imported: ic.Imported | None = None,
) -> BuildResult:
    """Rebuild every file of ``out`` from the raw inputs in ``data_dir``.

    ``accept``: inputs whose changed checksum the builder accepts; the result's ``changes`` then says what
    changed in the layer compared with the one it replaced. ``imported``: ICE statistics a user supplied
    (``python -m etl import-counts``); without them the layer says that county matches and removals are not
    available, and why.
    """
    t0 = time.perf_counter()
    a = assemble(data_dir, log, accept, imported)
    files, warnings = a.files, a.warnings
    rows = {name: files[name].count(b"\n") - 1 for name in contract.ROW_COUNTED}
    man = manifest(files, a.hashes, rows, a.accepted, a.extra)
    before = _existing(out) if a.accepted or imported else {}
    t = time.perf_counter()
    write(files, man, out)
    _stage(log, "validate + write", t)
    report = contract.validate(out)
    changes = layer_diff.describe(before, files) if a.accepted or imported else []
    return BuildResult(
        out=out, facts=report.facts, warnings=warnings, seconds=time.perf_counter() - t0, changes=changes
    )
