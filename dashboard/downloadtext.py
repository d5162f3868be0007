"""CSV and GeoJSON downloads written from pieces encoded once per scope (the files are byte for byte what
``DataFrame.to_csv`` and ``DataFrame.to_json`` write of the whole table: ``dashboard.downloads``' reference
writers, which tests compare these with).

A download's columns are runs that do not depend on the view (the county, its activation, TRAC's figures, the
release), encoded once per scope, between runs of the view's own columns (:data:`dashboard.downloads.VIEW_COLUMNS`:
the date, the status on it, the role, the map's measure), encoded per view. pandas writes each column's cells
alike whatever the other columns, so a row is its runs' text joined. A run whose cells would span lines (a value
with a line break) makes the writer answer ``None``, and the caller writes the whole table instead.
"""

from __future__ import annotations

import json
from functools import lru_cache

import pandas as pd

from dashboard import downloads
from dashboard.data import Dataset
from dashboard.viewstate import View


def _split_runs(columns: list[str], own: list[str]) -> tuple[tuple[bool, tuple[str, ...]], ...]:
    runs: list[tuple[bool, list[str]]] = []
    for c in columns:
        if not runs or runs[-1][0] != (c in own):
            runs.append((c in own, []))
        runs[-1][1].append(c)
    return tuple((is_own, tuple(cols)) for is_own, cols in runs)


#: The download's columns as runs: ``(whether they are the view's own, columns)``, in file order.
RUNS = _split_runs(downloads.COLUMNS, downloads.VIEW_COLUMNS)
HEADER = pd.DataFrame(columns=downloads.COLUMNS).to_csv(index=False, lineterminator="\n")
#: A first column put before a run's cells and taken off again: Python's csv writer quotes a row that is one empty
#: field (``""``), which a cell in the middle of a row never is.
_PAD = "_"


def _csv_cells(frame: pd.DataFrame) -> list[str] | None:
    """Each row of ``frame`` as ``to_csv`` writes it within a wider row (no header, no line end)."""
    text = frame.assign(**{_PAD: _PAD})[[_PAD, *frame.columns]].to_csv(index=False, header=False, lineterminator="\n")
    lines = text.split("\n")
    if len(lines) != len(frame) + 1:
        return None  # a cell with a line break: quoted over several lines
    return [line[len(_PAD) + 1 :] for line in lines[:-1]]


def _json_values(col: pd.Series) -> list:
    """A column's values as ``json.loads(frame.to_json(...))`` reads them back: text as it is (missing: ``None``);
    numbers through pandas' writer (it rounds to 10 digits)."""
    if col.dtype == object or isinstance(col.dtype, pd.StringDtype):
        values = col.tolist()
        if all(isinstance(v, str) for v in values):
            return values
    return json.loads(col.to_json(orient="values"))


def _json_members(frame: pd.DataFrame) -> list[str]:
    """Each row of ``frame`` as its members in ``downloads.to_geojson``'s properties (``"key":value,...``): the
    values as ``to_json`` writes them and ``json.dumps`` writes them again, each distinct value once."""
    keys = [downloads.dumps(k) + ":" for k in frame.columns]
    written: dict[tuple[type, object], str] = {}

    def member(key: str, value: object) -> str:
        memo = (type(value), value)  # 1, 1.0 and True are equal keys but are written differently
        if memo not in written:
            written[memo] = downloads.dumps(value)
        return key + written[memo]

    columns = [_json_values(frame[c]) for c in frame.columns]
    return [",".join(member(k, v) for k, v in zip(keys, row, strict=True)) for row in zip(*columns, strict=True)]


@lru_cache(maxsize=128)  # per scope (the US and 51 states, without the counties marked outside it) and kind
def _fixed(ds: Dataset, state: str | None, kind: str) -> tuple[list[str] | None, ...]:
    rows = downloads._neutral_scope_rows(ds, state, ())  # noqa: SLF001 - the same cache key
    encode = _csv_cells if kind == "csv" else _json_members
    return tuple(None if own else encode(rows[list(cols)]) for own, cols in RUNS)


def _runs(ds: Dataset, view: View, kind: str) -> list[list[str]] | None:
    encode = _csv_cells if kind == "csv" else _json_members
    fixed = _fixed(ds, view.state, kind)  # the scope's own counties, whatever the view marks outside it
    marked = downloads.marked(ds, view)
    if marked:  # the counties it marks outside its state: the last rows, encoded here (a few)
        rows = downloads.neutral_scope_rows(ds, view)
        tail = rows.iloc[len(rows) - len(marked) :]
        extra = [None if own else encode(tail[list(cols)]) for own, cols in RUNS]
        fixed = tuple(None if f is None or e is None else f + e for f, e in zip(fixed, extra, strict=True))
        if any(f is None for (own, _cols), f in zip(RUNS, fixed, strict=True) if not own):
            return None
    own = downloads.download_view_columns(ds, view)
    runs = [encode(own[list(cols)]) if is_own else fixed[i] for i, (is_own, cols) in enumerate(RUNS)]
    return None if any(r is None for r in runs) else runs  # type: ignore[return-value]


def to_csv(ds: Dataset, view: View) -> bytes | None:
    """The view's CSV download, or ``None`` when a cell spans lines (write the table instead)."""
    runs = _runs(ds, view, "csv")
    if runs is None:
        return None
    return (HEADER + "".join(",".join(row) + "\n" for row in zip(*runs, strict=True))).encode("utf-8")


def to_geojson(ds: Dataset, view: View) -> bytes:
    """The view's GeoJSON download."""
    runs = _runs(ds, view, "json")
    assert runs is not None
    fips = downloads.neutral_scope_rows(ds, view)["fips"]
    props = {f: "{" + ",".join(row) + "}" for f, row in zip(fips, zip(*runs, strict=True), strict=True)}
    body = ",".join(
        f'{{"type":"Feature","id":{downloads.dumps(fid)},"properties":{props[fid]},"geometry":{geometry}}}'
        for fid, geometry in downloads.features(ds)
        if fid in props
    )
    return f'{{"type":"FeatureCollection","features":[{body}]}}'.encode()
