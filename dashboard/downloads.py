"""Downloads of exactly the current view: one row (or feature) per county in scope, with the values shown.

Detainer columns: ``trac_*`` from TRAC's detainer tool (2017 scrape, summed to counties; empty = TRAC lists no jail
there, not zero; ``trac_period`` says the period is not stated by the source), ``us_citizen_lifted`` = detainers
lifted because the person was a U.S. citizen that could be placed in the county (ICE FOIA records via NPR).
``map_*``: what the map showed (the view's ``measure``): its name and source, each county's value, the legend class
it was coloured by and why a county has no bin (no data, not ranked, too small to rank).

Language (``lang=es``): the values and the column names are the same in every language — stable identifiers and
codes ("active", "not yet active", the legend classes' English names), so a script or a join reads any download the
same way, and a figure copied from a Spanish download can be traced to the same cell of the English one. What changes
is the explanation: the XLSX's "about" sheet is in the view's language (``meaning_es`` in ``dashboard/columns.csv``),
and says what each English code means.

Spreadsheet programs execute cells that begin with ``= + - @`` (and tab/CR) as formulas; every text cell that
does is prefixed with an apostrophe so a downloaded file can never run anything.
"""

from __future__ import annotations

import io
import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from dashboard import i18n, measures
from dashboard.data import Dataset
from dashboard.detainers import us_citizen_by_county, us_citizen_unplaced_by_state
from dashboard.viewstate import View
from etl import contract_detainers as cd

#: TRAC columns of ``geodata/detainers_trac_counties.csv`` -> their name in a download. Empty where TRAC lists no
#: jail for the county (not known to be zero).
DETAINER_COLUMNS = {
    "detainers": "trac_detainers", "ice_took_custody": "trac_ice_took_custody", "not_taken": "trac_not_taken",
    "per_1k_noncitizens": "trac_per_1k_noncitizens", "per_1k_noncitizens_low": "trac_per_1k_noncitizens_low",
    "per_1k_noncitizens_high": "trac_per_1k_noncitizens_high",
    "rank_per_1k_noncitizens": "trac_rank_per_1k_noncitizens", "rank_note": "trac_rank_note",
}  # fmt: skip
COLUMNS = [
    "fips", "name", "state", "as_of", "status_on_date", "activation_date", "national_rank", "state_rank",
    "days_after_first", "state_complete_date", "days_before_state_complete", "pop_2010_census",
    "noncit_2006_2010", "noncit_2006_2010_moe", "date_source", "date_via", "second_source_agrees", "role",
    *DETAINER_COLUMNS.values(), "trac_period", "us_citizen_lifted", "us_citizen_unplaced_in_state",
    "us_citizen_lifted_period", "map_measure",
    "map_value", "map_class", "map_class_why", "data_release",
]  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Decimals of ``map_value`` per detainer measure (documented in ``dashboard/columns.csv``): counts are whole numbers,
#: the rate keeps the layer's 2 decimals, the custody share (0-1) 3 decimals (a tenth of a percentage point).
MAP_VALUE_DECIMALS = {"detainers": 0, "rate": 2, "custody": 3, "citizen": 0}


def neutralise(value: object) -> object:
    """Prefix text that a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def view_rows(ds: Dataset, view: View) -> pd.DataFrame:
    """The counties in the view's scope with the values the page shows for them on the view's date, and the
    selected and compared counties outside that scope (the comparison shows them: so does its download), last (in
    English whatever the view's language: the values are identifiers, see the module's docstring)."""
    with i18n.language(i18n.DEFAULT_LANG):
        return _view_rows(ds, view, _scope_rows(ds, view.state, marked(ds, view)))


def marked(ds: Dataset, view: View) -> tuple[str, ...]:
    """The selected and compared counties outside the view's state (its rows end with them), in file order."""
    if view.state is None or (view.county is None and not view.compare):
        return ()
    marked = {view.county, *view.compare} - {None}
    return tuple(f for f in ds.counties["fips"] if f in marked and ds.county(f)["state"] != view.state)


#: What a download's rows share whatever the date, measure and selection: the columns that are not :data:`VIEW_COLUMNS`.
VIEW_COLUMNS = ["as_of", "status_on_date", "role", "map_measure", "map_value", "map_class", "map_class_why"]


@lru_cache(maxsize=32)  # per scope and the counties marked outside it (the US: ~3 MB, a state: a fiftieth)
def _scope_rows(ds: Dataset, state: str | None, marked: tuple[str, ...]) -> pd.DataFrame:
    """The rows of a scope with every column that does not depend on the date, measure or selection (dates as
    written in the file; ``activation_ts`` kept as a Timestamp for the view's columns)."""
    if state is None:
        c = ds.counties
    else:
        here = ds.counties["state"] == state
        c = pd.concat([ds.counties[here], ds.counties[~here & ds.counties["fips"].isin(list(marked))]])
    out = c.copy()
    trac = ds.detainers[cd.TRAC_COUNTIES].set_index("fips")
    for col, name in DETAINER_COLUMNS.items():
        out[name] = out["fips"].map(trac[col])
    out["trac_period"] = out["fips"].map(trac["period"]).fillna("")
    absent = ~out["fips"].isin(trac.index)
    out.loc[absent, "trac_rank_note"] = "not listed by TRAC: no local jail of this county in its list (not zero)"
    out["us_citizen_lifted"] = out["fips"].map(us_citizen_by_county(ds)).fillna(0).astype("int64")
    # beside every county's count: a 0 is "none placed here", not "none" (most records name no county)
    out["us_citizen_unplaced_in_state"] = out["state"].map(us_citizen_unplaced_by_state(ds)).fillna(0).astype("int64")
    out["us_citizen_lifted_period"] = "2007-10 to 2015-07 (ICE FOIA records via NPR, 2016); placed in a county only"
    out["data_release"] = ds.release_id
    out["activation_ts"] = out["activation_date"]
    for col in ("activation_date", "state_complete_date"):
        out[col] = out[col].dt.strftime("%Y-%m-%d")
    return out[[c for c in COLUMNS if c not in VIEW_COLUMNS] + ["activation_ts"]].reset_index(drop=True)


@lru_cache(maxsize=32)
def _neutral_scope_rows(ds: Dataset, state: str | None, marked: tuple[str, ...]) -> pd.DataFrame:
    """:func:`_scope_rows` with every cell :func:`neutralise` d, once per scope."""
    return _scope_rows(ds, state, marked).drop(columns="activation_ts").map(neutralise)


def _view_columns(ds: Dataset, view: View) -> pd.DataFrame:
    """The view's own columns (:data:`VIEW_COLUMNS`) for the rows of its scope (:func:`_scope_rows`, same index)."""
    scope = _scope_rows(ds, view.state, marked(ds, view))
    day, activated = pd.Timestamp(view.date), scope["activation_ts"]
    out = pd.DataFrame(index=scope.index)
    out["as_of"] = view.date.isoformat()
    out["status_on_date"] = "not yet active"
    out.loc[activated <= day, "status_on_date"] = "active"
    out.loc[activated == day, "status_on_date"] = "activated this day"
    out["role"] = ""
    out.loc[scope["fips"].isin(view.compare), "role"] = "compared"
    if view.county:
        out.loc[scope["fips"] == view.county, "role"] = "selected"
    _map_columns(ds, view, out, scope)
    return out[VIEW_COLUMNS]


def _view_rows(ds: Dataset, view: View, base: pd.DataFrame) -> pd.DataFrame:
    """``base`` (the scope's rows, :func:`_scope_rows` or the same neutralised) with the view's own columns."""
    out, own = base.copy(), _view_columns(ds, view)
    for col in VIEW_COLUMNS:
        out[col] = own[col]
    return out[COLUMNS]


def download_view_columns(ds: Dataset, view: View) -> pd.DataFrame:
    """:func:`_view_columns` with every cell :func:`neutralise` d (what a download writes of them)."""
    with i18n.language(i18n.DEFAULT_LANG):
        own = _view_columns(ds, view)
    for col in VIEW_COLUMNS:
        own[col] = _neutralised(own[col])
    return own


def _neutralised(col: pd.Series) -> pd.Series:
    """``col.map(neutralise)``; a column of text none of whose values would change is returned as it is (the same
    values, and the same text in a file)."""
    if (col.dtype == object or isinstance(col.dtype, pd.StringDtype)) and not any(
        isinstance(x, str) and x.startswith(_FORMULA_START) for x in pd.unique(col.to_numpy())
    ):
        return col
    return col.map(neutralise)


def _download_rows(ds: Dataset, view: View) -> pd.DataFrame:
    """:func:`view_rows` with every cell :func:`neutralise` d (the scope's columns once per scope, the view's here)."""
    out, own = neutral_scope_rows(ds, view).copy(), download_view_columns(ds, view)
    for col in VIEW_COLUMNS:
        out[col] = own[col]
    return out[COLUMNS]


def neutral_scope_rows(ds: Dataset, view: View) -> pd.DataFrame:
    """The neutralised rows of the view's scope (the counties it marks outside its state last), without the view's
    own columns."""
    return _neutral_scope_rows(ds, view.state, marked(ds, view))


def _map_columns(ds: Dataset, view: View, out: pd.DataFrame, scope: pd.DataFrame) -> None:
    """What the map showed for each county: the measure (same on every row), its value, the legend class it was
    coloured by and, for a class without a bin, why (dashboard/measures.py)."""
    if view.measure == "activation":
        out["map_measure"] = f"activation ({view.mode}): Secure Communities activation on {view.date.isoformat()}"
        out["map_value"] = scope["activation_date"]
        out["map_class"] = out["status_on_date"].map(
            {"not yet active": "Not yet active", "active": "Active", "activated this day": "Switched on this day"}
        )
        out["map_class_why"] = ""
        return
    m = measures.MEASURES[view.measure]
    table = measures.county_table(ds, view.measure).set_index("fips")
    out["map_measure"] = f"{m.name}: {m.title} ({m.source}); totals, not by date"
    out["map_value"] = rounded(scope["fips"].map(table["value"]), MAP_VALUE_DECIMALS[view.measure])
    out["map_class"] = scope["fips"].map(table["label"]).map(measures.plain)
    out["map_class_why"] = scope["fips"].map(table["why"])


def rounded(values: pd.Series, decimals: int) -> pd.Series:
    """Values at a stated precision: whole numbers as integers (``38``, not ``38.0``), else rounded to
    ``decimals``; missing stays missing."""
    values = pd.to_numeric(values, errors="coerce")
    return values.round().astype("Int64") if decimals == 0 else values.round(decimals)


@lru_cache(maxsize=64)  # a shared link is downloaded many times; views are immutable and hashable
def to_csv(ds: Dataset, view: View) -> bytes:
    """The view's CSV: written from pieces encoded once per scope (:mod:`dashboard.downloadtext`), else as
    :func:`table_csv` writes it."""
    from dashboard import downloadtext  # it builds on this module

    return downloadtext.to_csv(ds, view) or table_csv(ds, view)


def table_csv(ds: Dataset, view: View) -> bytes:
    """The view's CSV as pandas writes the whole table (the reference :func:`to_csv` is byte-identical to)."""
    rows = _download_rows(ds, view)
    buf = io.StringIO()
    rows.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


COLUMNS_CSV = Path(__file__).with_name("columns.csv")


#: The about sheet's headers per language (the column names themselves stay as they are).
ABOUT_HEADERS = {"en": ("column", "meaning"), "es": ("columna", "significado")}


@lru_cache(maxsize=len(i18n.LANGS))
def column_notes(lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """``column, meaning`` for every download column (``dashboard/columns.csv``: ``meaning``, or ``meaning_<lang>``
    for another language), in :data:`COLUMNS` order; the headers in ``lang`` (:data:`ABOUT_HEADERS`)."""
    notes = pd.read_csv(COLUMNS_CSV, dtype=str, keep_default_na=False).set_index("column").loc[COLUMNS]
    meaning = "meaning" if lang == i18n.DEFAULT_LANG else f"meaning_{lang}"
    out = notes[[meaning]].reset_index()
    out.columns = list(ABOUT_HEADERS[lang])
    return out


@lru_cache(maxsize=16)
def to_xlsx(ds: Dataset, view: View) -> bytes:
    """The view as an Excel workbook: sheet "counties" (FIPS stored and formatted as text, so Excel keeps the
    leading zero; accents intact; formula-like text neutralised) and sheet "about" (what each column means, the
    view's link and the data release), the latter in the view's language."""
    rows = _download_rows(ds, view)
    about = column_notes(view.lang).map(neutralise)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as book:
        rows.to_excel(book, sheet_name="counties", index=False)
        about.to_excel(book, sheet_name="about", index=False)
        sheet = book.sheets["counties"]
        for (cell,) in sheet.iter_rows(min_row=2, min_col=1, max_col=1):
            cell.number_format = "@"
        sheet.freeze_panes = "C2"
    return buf.getvalue()


def dumps(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


@lru_cache(maxsize=2)
def features(ds: Dataset) -> list[tuple[str, str]]:
    """(id, geometry as JSON) of every county feature, once per process (parsing 1.8 MB and writing the geometry
    again per request would be wasteful)."""
    return [(f["id"], dumps(f["geometry"])) for f in json.loads(ds.geometry)["features"]]


@lru_cache(maxsize=16)
def to_geojson(ds: Dataset, view: View) -> bytes:
    """A FeatureCollection of the view's rows, written exactly as ``json.dumps`` writes it in one piece (compact,
    UTF-8), from the geometry written once and the properties from pieces encoded once per scope
    (:mod:`dashboard.downloadtext`)."""
    from dashboard import downloadtext  # it builds on this module

    return downloadtext.to_geojson(ds, view)


def table_geojson(ds: Dataset, view: View) -> bytes:
    """:func:`to_geojson` from the whole table's records (the reference it is byte-identical to)."""
    rows = _download_rows(ds, view)
    props = {r["fips"]: r for r in json.loads(rows.to_json(orient="records"))}
    body = ",".join(
        f'{{"type":"Feature","id":{dumps(fid)},"properties":{dumps(props[fid])},"geometry":{geometry}}}'
        for fid, geometry in features(ds)
        if fid in props
    )
    return f'{{"type":"FeatureCollection","features":[{body}]}}'.encode()
