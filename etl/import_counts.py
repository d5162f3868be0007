"""ICE's own statistics, when a user has them: ``python -m etl import-counts FILE [--source --period]``.

Reads (a) ICE's "IDENT/IAFIS Interoperability Statistics" workbook (``identIafisInteroperabilityStatsThroughDec2014
.xlsx``): the sheet whose name contains "County", 4 title rows, a header row and a sub-header row, then one row per
county: State (two letters), County, AOR, Activation Date (an Excel serial number) and the statistics from column
5 on (submissions, matches, ICE arrests/book-ins, removals by level); or (b) any CSV/XLSX of counts per
jurisdiction, with a column mapping (``--column name=County --column state=ST --column fips=FIPS
--column activation_date=Date``; every other column is a count).

Every row is kept: a jurisdiction resolves to one 2010 county, is ambiguous (several) or unresolved, and says so;
nothing is dropped. Activation dates in the file are cross-checked against the layer's. Without such a file the
layer's manifest says plainly that county match and removal counts are not available, and why (:data:`ABSENT`).
A non-numeric, negative or fractional count, an unreadable activation date, a county (one resolved FIPS) listed
twice, a county row where the header or sub-header should be, or an unreadable file is refused in one line naming
the file and row (:class:`~etl.errors.InputError`).
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl import contract_detainers as cd
from etl.errors import InputError
from etl.names import normalise, state_code
from etl.places import NamesByState
from etl.registry import sha256_of

ABSENT = {
    "available": False,
    "reason": (
        "County match and removal counts are not available: ICE's county tables (the FOIA workbook "
        "identIafisInteroperabilityStatsThroughDec2014.xlsx and the monthly 'IDENT/IAFIS Interoperability "
        "Statistics') are not reachable by the project, and nothing is estimated in their place. ICE's detainer "
        "records (the detainer_* tables) are the closest public counts. Anyone who has the workbook can add it "
        "with: python -m etl import-counts FILE --raw DIR"
    ),
}
ROLES = {"name", "state", "fips", "activation_date"}
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
TITLE_ROWS, FIRST_STAT_COLUMN = 4, 4


@dataclass(frozen=True)
class Imported:
    """A parsed statistics file: ``rows`` is long (``source_row, jurisdiction, state, fips_given, metric,
    metric_label, value, activation_date_source``); the rest is provenance recorded in the manifest."""

    path: Path
    sha256: str
    layout: str
    source: str
    period: str
    columns: dict[str, str] = field(default_factory=dict)
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)


def _slug(label: str) -> str:
    return re.sub(r"\s+", "_", normalise(label)) or "unnamed"


def _number(value: object, file: str, row: int, metric: str) -> float | None:
    """A count: empty, or a whole number >= 0. Negative or fractional counts are refused with the row."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        if not math.isfinite(number):
            raise InputError(file, f"row {row}: non-numeric {metric} {value!r}")
    else:
        text = str(value).replace(",", "").strip()
        if not re.fullmatch(r"-?\d+(\.\d+)?", text):
            raise InputError(file, f"row {row}: non-numeric {metric} {value!r}")
        number = float(text)
    if number < 0:
        raise InputError(file, f"row {row}: negative count {metric} {value!r}")
    if not number.is_integer():
        raise InputError(file, f"row {row}: fractional count {metric} {value!r} (counts are whole numbers)")
    return number


def _date(value: object, file: str, row: int) -> str:
    """An activation date: an Excel serial number, a date cell or date text; anything else is refused with the
    row (a serial far outside the calendar used to escape as a pandas NotImplementedError/OverflowError)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    unreadable = InputError(file, f"row {row}: unreadable activation date {value!r}")
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            if not math.isfinite(value) or value < 1:
                raise unreadable
            return (EXCEL_EPOCH + pd.Timedelta(days=int(value))).date().isoformat()
        if hasattr(value, "date"):
            return pd.Timestamp(value).date().isoformat()
        return pd.Timestamp(str(value).strip()).date().isoformat()
    except (ValueError, OverflowError, NotImplementedError, TypeError, AttributeError):
        raise unreadable from None


def _looks_like_data(cells: list) -> bool:
    """A row whose State cell is a two-letter state code and whose County cell holds a name: a county row."""
    st = cells[0] if cells else None
    county = cells[1] if len(cells) > 1 else None
    return (
        isinstance(st, str)
        and re.fullmatch(r"[A-Za-z]{2}", st.strip()) is not None
        and state_code(st.strip()) is not None
        and isinstance(county, str)
        and county.strip() != ""
    )


def _sheets(path: Path) -> dict[str, list[tuple]]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged or non-xlsx file: one line, named
        raise InputError(path.name, f"cannot be read as an .xlsx workbook ({type(exc).__name__})") from None
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def _table_rows(path: Path, sheet: str | None) -> list[tuple]:
    if path.suffix.lower() == ".xlsx":
        sheets = _sheets(path)
        return sheets[sheet] if sheet else next(iter(sheets.values()))
    try:
        return [tuple(r) for r in csv.reader(io.StringIO(path.read_text(encoding="utf-8")))]
    except UnicodeDecodeError:
        raise InputError(path.name, "is not UTF-8 text") from None


def read(
    path: Path, source: str = "", period: str = "", columns: dict[str, str] | None = None, sheet: str | None = None
) -> Imported:
    """Parse an ICE statistics workbook (no ``columns``) or a mapped table (``columns``: role -> header)."""
    file = path.name
    if not path.is_file():
        raise InputError(file, f"missing (expected at {path})")
    columns = dict(columns or {})
    unknown = set(columns) - ROLES
    if unknown:
        raise InputError(file, f"--column roles must be among {sorted(ROLES)}, not {sorted(unknown)}")
    records = []
    if not columns:
        county = {k: v for k, v in _sheets(path).items() if "county" in k.lower()} if path.suffix == ".xlsx" else {}
        if not county:
            raise InputError(file, "has no sheet named like 'County'; for another layout give --column mappings")
        sheet, rows = next(iter(county.items()))
        if len(rows) < TITLE_ROWS + 3:
            raise InputError(file, f"sheet {sheet!r} has no data rows below its title and header rows")
        header, sub = list(rows[TITLE_ROWS]), list(rows[TITLE_ROWS + 1])
        for k in (TITLE_ROWS, TITLE_ROWS + 1):  # a county row must never become the statistics' labels
            if _looks_like_data(list(rows[k])):
                raise InputError(
                    file,
                    f"row {k + 1} of sheet {sheet!r} is a county row (State {rows[k][0]!r}, County {rows[k][1]!r}), "
                    f"not a header: the workbook layout needs {TITLE_ROWS} title rows, a header row and a sub-header "
                    f"row above the data; for another layout give --column mappings",
                )
        for j in range(FIRST_STAT_COLUMN, len(header)):  # merged header cells are empty after the first
            header[j] = header[j] if header[j] not in (None, "") else header[j - 1]
        labels = {
            j: " - ".join(str(x).strip() for x in (header[j], sub[j] if j < len(sub) else None) if x not in (None, ""))
            for j in range(FIRST_STAT_COLUMN, len(header))
        }
        title = " ".join(str(c).strip() for r in rows[:TITLE_ROWS] for c in r if c not in (None, ""))
        period = period or f"as the workbook's title rows state: {title!r}"
        source = source or f"ICE, IDENT/IAFIS Interoperability Statistics ({file}), supplied by the user"
        for i, r in enumerate(rows[TITLE_ROWS + 2 :], start=TITLE_ROWS + 3):
            if all(c in (None, "") for c in r):
                continue
            base = {"source_row": i, "state": str(r[0] or "").strip(), "jurisdiction": str(r[1] or "").strip()}
            base |= {"fips_given": "", "activation_date_source": _date(r[3], file, i)}
            for j, label in labels.items():
                value = _number(r[j] if j < len(r) else None, file, i, label)
                records.append({**base, "metric": _slug(label), "metric_label": label, "value": value})
        layout = "ice_workbook"
    else:
        rows = _table_rows(path, sheet)
        header = [str(h or "").strip() for h in rows[0]]
        missing = [h for h in columns.values() if h not in header]
        if missing:
            raise InputError(file, f"row 1: missing column(s) {', '.join(missing)}")
        idx = {role: header.index(h) for role, h in columns.items()}
        metrics = [j for j, h in enumerate(header) if j not in idx.values() and h]
        for i, r in enumerate(rows[1:], start=2):
            if all(c in (None, "") for c in r):
                continue

            def cell(role: str, r: tuple = r) -> object:
                return r[idx[role]] if role in idx and idx[role] < len(r) else None

            base = {
                "source_row": i, "state": str(cell("state") or "").strip(),
                "jurisdiction": str(cell("name") or "").strip(), "fips_given": str(cell("fips") or "").strip(),
                "activation_date_source": _date(cell("activation_date"), file, i),
            }  # fmt: skip
            for j in metrics:
                value = _number(r[j] if j < len(r) else None, file, i, header[j])
                records.append({**base, "metric": _slug(header[j]), "metric_label": header[j], "value": value})
        layout = "table"
        source = source or f"user-supplied file {file}"
        period = period or "not stated (give --period)"
    if not records:
        raise InputError(file, "has no counts")
    return Imported(path, sha256_of(path), layout, source, period, columns, pd.DataFrame(records))


def _resolve(row: pd.Series, names: NamesByState) -> tuple[str, list[str]]:
    given = row["fips_given"]
    if given:
        code = names.resolve_code(given.zfill(5)) if given.isdigit() else None
        return ("resolved", [code]) if code else ("unresolved", [])
    st = state_code(row["state"]) if row["state"] else None
    if st is None or not row["jurisdiction"]:
        return "unresolved", []
    found = names.resolve(row["jurisdiction"], st)
    return ("resolved" if len(found) == 1 else "ambiguous" if found else "unresolved"), found


def table(imported: Imported | None, counties: pd.DataFrame, names: NamesByState) -> tuple[pd.DataFrame, dict]:
    """Resolve an import against the built county table; returns ``(ice_statistics rows, manifest status)``.

    Without an import: an empty table with the contract's columns and :data:`ABSENT`.
    """
    cols = list(cd.SCHEMAS[cd.ICE_STATISTICS])
    if imported is None:
        return pd.DataFrame(columns=cols), dict(ABSENT)
    df = imported.rows.copy()
    places = df.drop_duplicates("source_row").set_index("source_row")
    res = {i: _resolve(r, names) for i, r in places.iterrows()}
    seen: dict[str, int] = {}
    for i, (kind, found) in res.items():  # one county listed twice would be counted twice
        if kind == "resolved":
            if found[0] in seen:
                raise InputError(
                    imported.path.name,
                    f"row {i}: {places.at[i, 'jurisdiction'] or found[0]!r} is the same county (FIPS {found[0]}) "
                    f"as row {seen[found[0]]}; each county may be listed once",
                )
            seen[found[0]] = i
    df["resolution"] = df["source_row"].map(lambda i: res[i][0])
    df["fips"] = df["source_row"].map(lambda i: res[i][1][0] if res[i][0] == "resolved" else "")
    df["candidates"] = df["source_row"].map(lambda i: ";".join(res[i][1]) if res[i][0] == "ambiguous" else "")
    layer = counties.set_index("fips")["activation_date"].dt.strftime("%Y-%m-%d")
    df["activation_date_layer"] = df["fips"].map(layer).fillna("")
    has_both = (df["activation_date_source"] != "") & (df["activation_date_layer"] != "")
    df["dates_agree"] = pd.Series(pd.NA, index=df.index, dtype="boolean")
    df.loc[has_both, "dates_agree"] = (
        df.loc[has_both, "activation_date_source"] == df.loc[has_both, "activation_date_layer"]
    )
    df["value"] = df["value"].map(lambda v: "" if pd.isna(v) else int(v) if float(v).is_integer() else v)
    df = df.assign(source=imported.source, period=imported.period)[cols]
    one = df.drop_duplicates("source_row")
    status = {
        "available": True,
        "source": imported.source,
        "period": imported.period,
        "file": imported.path.name,
        "sha256": imported.sha256,
        "layout": imported.layout,
        "columns": imported.columns,
        "jurisdictions": {k: int((one["resolution"] == k).sum()) for k in ("resolved", "ambiguous", "unresolved")},
        "activation_dates": {
            "agree": int((one["dates_agree"] == True).sum()),  # noqa: E712
            "disagree": int((one["dates_agree"] == False).sum()),  # noqa: E712
            "not_compared": int(one["dates_agree"].isna().sum()),
        },
    }
    return df.reset_index(drop=True), status


def report_lines(ice: pd.DataFrame, status: dict) -> list[str]:
    """The resolution report ``import-counts`` prints: totals, then every unresolved, ambiguous or disagreeing row."""
    j, d = status["jurisdictions"], status["activation_dates"]
    lines = [
        f"{status['file']}: {sum(j.values())} jurisdictions: {j['resolved']} resolved, {j['ambiguous']} ambiguous, "
        f"{j['unresolved']} unresolved (kept in ice_statistics.csv with an empty fips)",
        f"activation dates: {d['agree']} agree with the layer, {d['disagree']} disagree, "
        f"{d['not_compared']} not compared",
    ]
    one = ice.drop_duplicates("source_row")
    for r in one[one["resolution"] != "resolved"].itertuples():
        extra = f" (candidates {r.candidates})" if r.candidates else ""
        lines.append(f"  row {r.source_row}: {r.jurisdiction!r}, {r.state!r}: {r.resolution}{extra}")
    for r in one[one["dates_agree"] == False].itertuples():  # noqa: E712
        lines.append(
            f"  row {r.source_row}: {r.jurisdiction!r} ({r.fips}) activation {r.activation_date_source} in the file, "
            f"{r.activation_date_layer} in the layer"
        )
    return lines
