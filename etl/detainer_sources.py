"""Stage 1b — the detainer sources (files 9-13 of ``raw/SOURCES.md``): strict readers, one per file.

Each reader decodes the file strictly, checks every row and raises :class:`~etl.errors.InputError` naming the file
and the row (row 1 is the header) for: a file cut short (a row with too few fields, or fewer data rows than the
registered file), rows duplicated beyond the registered file's known exact duplicates, re-encoded text, a missing
column, a non-numeric count, a date or month outside ICE's FOIA release (2007-10-01 to 2015-07-19), or an
unknown state. Swapped columns surface as one of these (a state in the city column, a count in the month column,
``All`` that is not ``Yes + No``).

Sources: NPR's count of ICE's FOIA detainer records (files 9-11), the Pennsylvania subset (file 12), and TRAC's
detainer tool as scraped in 2017 (file 13). Citations are in :data:`etl.registry.SOURCES`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from etl.crosswalk import states, territories
from etl.errors import InputError, refuse_first
from etl.registry import SOURCES, path_of

FOIA_FIRST = pd.Timestamp("2007-10-01")
FOIA_LAST = pd.Timestamp("2015-07-19")
RECORD_COLUMNS = ["date", "lift_reason", "det_facility", "city", "state", "detainer_type"]
TRAC_COLUMNS = ["State", "Jurisdiction", "All", "Yes", "No", "County", "Facility"]
#: The lift reason every record of files 10 and 11 carries (NPR filtered on it).
LIFT_REASONS = {
    "detainers_us_citizen": "United States Citizen Interviewed",
    "detainers_not_deportable": "Alien Not Subject to Deportation",
}
#: The one state every record of a single-state file must carry (file 12 is Pennsylvania's records only).
ONLY_STATE = {"detainers_pa": "PENNSYLVANIA"}


def _rows(key: str, data_dir: Path, columns: list[str]) -> pd.DataFrame:
    """Decode (UTF-8, strict) and split a CSV; every row must have the header's field count.

    Returns the rows as text with a ``row`` column (the file's line number, header = 1).
    """
    file = SOURCES[key].path
    raw = path_of(data_dir, key).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = raw[: exc.start].count(b"\n") + 1
        raise InputError(file, f"row {row}: not UTF-8 text (byte {raw[exc.start]:#04x}); re-encoded?") from None
    if text.startswith("\ufeff"):
        raise InputError(file, "row 1: starts with a byte-order mark; re-encoded?")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    missing = [c for c in columns if c not in header]
    if missing:
        raise InputError(file, f"row 1: missing column(s) {', '.join(missing)}")
    records = []
    for row in reader:
        if len(row) != len(header):
            raise InputError(
                file, f"row {reader.line_num}: {len(row)} fields, expected {len(header)} (is the file cut short?)"
            )
        records.append(row)
    df = pd.DataFrame(records, columns=header, dtype="string")[columns]
    df.insert(0, "row", range(2, len(df) + 2))
    return df


def _check_duplicates_and_length(df: pd.DataFrame, key: str) -> None:
    """Refuse exact duplicate rows beyond the registered count, then a row count that differs from it."""
    src = SOURCES[key]
    body = df.drop(columns="row")
    dup = body.duplicated(keep="first")
    if src.known_duplicates is not None and int(dup.sum()) > src.known_duplicates:
        last = dup[dup].index[-1]
        first = body[(body == body.loc[last]).all(axis=1)].index[0]
        raise InputError(
            src.path,
            f"row {df.at[last, 'row']} repeats row {df.at[first, 'row']} exactly: {int(dup.sum()):,} exact duplicate "
            f"rows, the registered file has {src.known_duplicates:,}",
        )
    if src.records is not None and len(df) != src.records:
        raise InputError(
            src.path,
            f"{len(df):,} data rows (last at row {len(df) + 1:,}), the registered file has {src.records:,} "
            "(cut short, or rows added?)",
        )


def _check_totals(key: str, sums: dict[str, int], first_row: int) -> None:
    """Refuse a column whose total differs from the registered file's (a swapped or edited column)."""
    src = SOURCES[key]
    for column, expected in src.totals or ():
        if sums[column] != expected:
            raise InputError(
                src.path,
                f"{column} sums to {sums[column]:,} (rows from {first_row} on), the registered file's to "
                f"{expected:,}: columns swapped or counts edited?",
            )


def _counts(values: pd.Series, rows: pd.Series, file: str, column: str, *, blank_is_zero: bool = False) -> pd.Series:
    """Whole non-negative counts, thousands separators allowed; the first bad cell is named by row."""
    text = values.str.replace(",", "", regex=False).str.strip()
    if blank_is_zero:
        text = text.mask(text == "", "0")
    ok = text.str.fullmatch(r"\d+")
    if not ok.all():
        i = ok.idxmin()
        raise InputError(file, f"row {rows[i]}: non-numeric {column} {values[i]!r}")
    return text.astype("int64")


def _state_names(upper: bool) -> dict[str, str]:
    """Full state or territory name (as each source writes it) -> USPS code."""
    names = dict(zip(states()["state_name"], states()["state"], strict=True))
    names.update(zip(territories()["name"], territories()["code"], strict=True))
    return {(k.upper() if upper else k): v for k, v in names.items()}


def read_detainers_monthly(data_dir: Path) -> pd.DataFrame:
    """File 9: ``month`` (``YYYY-MM``), ``detainers`` (int), one row per month 2007-10 .. 2015-07, contiguous."""
    key = "detainers_monthly"
    file = SOURCES[key].path
    df = _rows(key, data_dir, ["year_month", "count"])
    month = pd.to_datetime(df["year_month"], format="%Y-%m", errors="coerce")
    refuse_first(month.isna(), file, lambda i: f"row {df.at[i, 'row']}: unparseable month {df.at[i, 'year_month']!r}")
    outside = (month < FOIA_FIRST.to_period("M").to_timestamp()) | (month > FOIA_LAST.to_period("M").to_timestamp())
    refuse_first(
        outside, file, lambda i: f"row {df.at[i, 'row']}: month {df.at[i, 'year_month']} is outside the FOIA release"
    )
    dup = month.duplicated()
    refuse_first(dup, file, lambda i: f"row {df.at[i, 'row']}: month {df.at[i, 'year_month']} appears twice")
    counts = _counts(df["count"], df["row"], file, "count")
    expected = pd.period_range(FOIA_FIRST, FOIA_LAST, freq="M").strftime("%Y-%m")
    have = set(month.dt.strftime("%Y-%m"))
    gaps = [m for m in expected if m not in have]
    if gaps:
        raise InputError(file, f"no row for month {gaps[0]} (is the file cut short?)")
    _check_duplicates_and_length(df, key)
    _check_totals(key, {"count": int(counts.sum())}, 2)
    out = pd.DataFrame({"month": month.dt.strftime("%Y-%m"), "detainers": counts})
    return out.sort_values("month").reset_index(drop=True)


def read_detainer_records(data_dir: Path, key: str) -> pd.DataFrame:
    """Files 10-12: one row per detainer record.

    Columns: ``row`` (line in the file), ``date`` (day), ``lift_reason``, ``det_facility``, ``city`` (text,
    stripped), ``state`` (USPS code, territories included; empty where the record gives no place).
    Files 10 and 11 must carry only their own lift reason; file 12 only the state PENNSYLVANIA.
    """
    file = SOURCES[key].path
    df = _rows(key, data_dir, RECORD_COLUMNS)
    date = pd.to_datetime(df["date"], format="%Y-%m-%d %H:%M:%S", errors="coerce")
    refuse_first(date.isna(), file, lambda i: f"row {df.at[i, 'row']}: unparseable date {df.at[i, 'date']!r}")
    outside = (date < FOIA_FIRST) | (date > FOIA_LAST)
    refuse_first(
        outside,
        file,
        lambda i: (
            f"row {df.at[i, 'row']}: date {date[i].date()} is outside the FOIA release "
            f"({FOIA_FIRST.date()} to {FOIA_LAST.date()})"
        ),
    )
    state = df["state"].str.strip()
    codes = state.map(_state_names(upper=True)).mask(state == "", "")  # blank = no place given (kept, flagged)
    refuse_first(codes.isna(), file, lambda i: f"row {df.at[i, 'row']}: unknown state {df.at[i, 'state']!r}")
    only = ONLY_STATE.get(key)
    if only is not None and (state != only).any():
        i = (state != only).idxmax()
        raise InputError(file, f"row {df.at[i, 'row']}: state {df.at[i, 'state']!r}, expected {only!r} on every row")
    reason = LIFT_REASONS.get(key)
    if reason is not None and (df["lift_reason"] != reason).any():
        i = (df["lift_reason"] != reason).idxmax()
        raise InputError(file, f"row {df.at[i, 'row']}: lift reason {df.at[i, 'lift_reason']!r}, expected {reason!r}")
    _check_duplicates_and_length(df, key)
    return pd.DataFrame(
        {
            "row": df["row"],
            "date": date.dt.normalize(),
            "lift_reason": df["lift_reason"].str.strip(),
            "det_facility": df["det_facility"].str.strip(),
            "city": df["city"].str.strip(),
            "state": codes,
        }
    )


def read_detainers_trac(data_dir: Path) -> pd.DataFrame:
    """File 13: TRAC's cumulative detainers per facility, as scraped (duplicates kept; dropped in the stage).

    Columns: ``row``, ``state_name``, ``state`` (USPS, empty for TRAC's "Not Listed"), ``jurisdiction``,
    ``county``, ``facility`` (text as TRAC printed it) and ``all``, ``yes`` (ICE took custody), ``no`` (int).
    A blank Yes or No is 0, which ``All = Yes + No`` must then confirm on that row. On a facility row the
    ``Jurisdiction`` must start with ``County + " - "`` (a file with County and Facility swapped is refused).
    """
    key = "detainers_trac"
    file = SOURCES[key].path
    df = _rows(key, data_dir, TRAC_COLUMNS)
    names = _state_names(upper=False)
    known = df["State"].isin([*names, "Not Listed"])
    if not known.all():
        i = known.idxmin()
        raise InputError(file, f"row {df.at[i, 'row']}: unknown state {df.at[i, 'State']!r}")
    facility = df["Jurisdiction"] != "All"  # TRAC prints each facility row's Jurisdiction as "County - Facility"
    mismatched = facility & ~pd.Series(
        [j.startswith(f"{c} - ") for j, c in zip(df["Jurisdiction"], df["County"], strict=True)], index=df.index
    )
    refuse_first(
        mismatched,
        file,
        lambda i: (
            f"row {df.at[i, 'row']}: Jurisdiction {df.at[i, 'Jurisdiction']!r} does not start with County "
            f"{df.at[i, 'County']!r} + ' - ' (County and Facility swapped?)"
        ),
    )
    counts = {c: _counts(df[c], df["row"], file, c, blank_is_zero=c != "All") for c in ("All", "Yes", "No")}
    off = counts["All"] != counts["Yes"] + counts["No"]
    refuse_first(
        off,
        file,
        lambda i: (
            f"row {df.at[i, 'row']}: All {counts['All'][i]:,} is not Yes {counts['Yes'][i]:,} + No {counts['No'][i]:,} "
            "(columns swapped?)"
        ),
    )
    totals = df[df["Jurisdiction"] == "All"]
    again = totals["State"].duplicated() & ~totals.drop(columns="row").duplicated()
    refuse_first(
        again, file, lambda i: f"row {df.at[i, 'row']}: a second, different state total for {df.at[i, 'State']}"
    )
    _check_duplicates_and_length(df, key)
    state_rows = (df["Jurisdiction"] == "All") & ~df.drop(columns="row").duplicated()
    sums = {c: int(counts[c][state_rows].sum()) for c in counts}
    _check_totals(key, sums, int(df.loc[state_rows, "row"].min()))
    return pd.DataFrame(
        {
            "row": df["row"],
            "state_name": df["State"],
            "state": df["State"].map(names).fillna(""),
            "jurisdiction": df["Jurisdiction"].str.strip(),
            "county": df["County"].str.strip(),
            "facility": df["Facility"].str.strip(),
            "all": counts["All"],
            "yes": counts["Yes"],
            "no": counts["No"],
        }
    )
