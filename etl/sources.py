"""Stage 1 — sources: where each raw input comes from, its checksum, and a strict reader for it.

Every input lives in one registry (``SOURCES``) with its public address and sha256, so ``etl fetch`` and the
manifest agree on provenance. Each reader checks the columns, types and ranges it relies on and raises
:class:`~etl.errors.InputError` naming the file, instead of letting pandas fail somewhere downstream.

The data directory has the layout of ``../shared/data``: ``raw/<file>`` plus ``published_figures.csv``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.errors import InputError
from etl.registry import SOURCES, UNPINNED, Source, path_of, sha256_of, verify_checksums

__all__ = ["SOURCES", "UNPINNED", "Source", "path_of", "sha256_of", "verify_checksums"]


# ---------------------------------------------------------------------------------------------------------
# private helpers shared by the readers


def _require_columns(df: pd.DataFrame, columns: list[str], file: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(file, f"missing column(s) {', '.join(missing)}")


def _read_stata(path: Path, file: str) -> pd.DataFrame:
    try:
        return pd.read_stata(path, convert_categoricals=False)
    except Exception as exc:  # pandas raises many types for a damaged .dta; all mean the same to a user
        raise InputError(file, f"cannot be read as a Stata file ({type(exc).__name__}: {exc})") from None


def _read_csv(path: Path, file: str, **kwargs) -> pd.DataFrame:
    try:
        return pd.read_csv(path, **kwargs)
    except UnicodeDecodeError as exc:
        raise InputError(file, f"is not valid text in the expected encoding ({exc.reason})") from None
    except Exception as exc:
        raise InputError(file, f"cannot be read as CSV ({type(exc).__name__}: {exc})") from None


def _counts(df: pd.DataFrame, column: str, file: str, fips: pd.Series, *, allow_missing: bool = False) -> pd.Series:
    """Parse a column of non-negative whole counts, naming the first bad row."""
    values = pd.to_numeric(df[column], errors="coerce")
    missing = values.isna() & df[column].isna()
    if missing.any() and not allow_missing:
        raise InputError(file, f"missing {column} for FIPS {fips[missing.idxmax()]} (is the file cut short?)")
    bad = values.isna() & df[column].notna()
    if bad.any():
        i = bad.idxmax()
        raise InputError(file, f"non-numeric {column} {str(df[column][i])!r} for FIPS {fips[i]}")
    neg = values < 0
    if neg.any():
        i = neg.idxmax()
        raise InputError(file, f"negative {column} {values[i]:g} for FIPS {fips[i]}")
    frac = values.notna() & (values % 1 != 0)
    if frac.any():
        i = frac.idxmax()
        raise InputError(file, f"fractional {column} {values[i]:g} for FIPS {fips[i]}")
    return values.astype("Int64")


def _unique_fips(fips: pd.Series, file: str) -> None:
    dup = fips[fips.duplicated()]
    if not dup.empty:
        raise InputError(file, f"duplicate FIPS {', '.join(sorted(dup.unique())[:5])}")


def _fips5(values: pd.Series, file: str) -> pd.Series:
    """Zero-pad integer-like FIPS codes to 5 characters, refusing anything that is not a county code."""
    as_num = pd.to_numeric(values, errors="coerce")
    bad = as_num.isna() | (as_num <= 0) | (as_num >= 100000) | (as_num % 1 != 0)
    if bad.any():
        raise InputError(file, f"invalid county FIPS {values[bad.idxmax()]!r}")
    return as_num.astype("int64").map("{:05d}".format)


def _parse_dates(values: pd.Series, fips: pd.Series, file: str, column: str) -> pd.Series:
    """Dates from Stata arrive typed; anything else must be ISO text. Out of 2008-2013 is refused."""
    if pd.api.types.is_datetime64_any_dtype(values):
        parsed = pd.to_datetime(values)
    else:
        parsed = pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")
        bad = parsed.isna() & values.notna() & (values.astype(str).str.strip() != "")
        if bad.any():
            i = bad.idxmax()
            raise InputError(file, f"unparseable date {values[i]!r} in {column} for FIPS {fips[i]}")
    out_of_range = parsed.notna() & ((parsed < "2008-01-01") | (parsed > "2013-12-31"))
    if out_of_range.any():
        i = out_of_range.idxmax()
        raise InputError(
            file, f"date {parsed[i].date()} in {column} for FIPS {fips[i]} is outside the 2008-2013 rollout"
        )
    return parsed.dt.normalize().astype("datetime64[s]")


# ---------------------------------------------------------------------------------------------------------
# readers: one per input, each returning a tidy frame keyed by the source's own 5-digit FIPS


def read_activations(data_dir: Path) -> pd.DataFrame:
    """Day-precision activation dates, one row per source FIPS (the panel collapsed).

    Columns: ``source_fips``, ``date`` (NaT where the source has no date), ``statewide_date``.
    """
    file = SOURCES["activations"].path
    df = _read_stata(path_of(data_dir, "activations"), file)
    _require_columns(df, ["county", "date_secure", "date_statewide_secure"], file)
    df = df.reset_index(drop=True)
    fips = _fips5(df["county"], file)
    df = pd.DataFrame(
        {
            "source_fips": fips,
            "date": _parse_dates(df["date_secure"], fips, file, "date_secure"),
            "statewide_date": _parse_dates(df["date_statewide_secure"], fips, file, "date_statewide_secure"),
        }
    )
    # The panel repeats each county per year; its date must be the same wherever it is filled in.
    per_county = df.dropna(subset=["date"]).groupby("source_fips")["date"].nunique()
    conflicting = per_county[per_county > 1]
    if not conflicting.empty:
        raise InputError(file, f"conflicting dates for FIPS {', '.join(conflicting.index[:5])}")
    collapsed = (
        df.sort_values("date")
        .groupby("source_fips", as_index=False)
        .agg(date=("date", "first"), statewide_date=("statewide_date", "first"))
    )
    if collapsed["date"].notna().sum() == 0:
        raise InputError(file, "has no activation dates at all")
    return collapsed


def read_activations_second(data_dir: Path) -> pd.DataFrame:
    """The independent month-precision transcription: ``source_fips``, ``month`` ("YYYY-MM" or missing)."""
    file = SOURCES["activations_second"].path
    df = _read_stata(path_of(data_dir, "activations_second"), file)
    _require_columns(df, ["countyfips", "activation_month", "activation_year"], file)
    fips = _fips5(df["countyfips"], file)
    _unique_fips(fips, file)
    month = pd.to_numeric(df["activation_month"], errors="coerce")
    year = pd.to_numeric(df["activation_year"], errors="coerce")
    dated = month.notna() & year.notna()
    bad = dated & ((month < 1) | (month > 12) | (year < 2008) | (year > 2013))
    if bad.any():
        i = bad.idxmax()
        raise InputError(file, f"month {year[i]:g}-{month[i]:g} for FIPS {fips[i]} is outside 2008-2013")
    label = pd.Series(pd.NA, index=df.index, dtype="string")
    label[dated] = [f"{int(y):04d}-{int(m):02d}" for y, m in zip(year[dated], month[dated], strict=True)]
    return pd.DataFrame({"source_fips": fips, "month": label})


def _census_counties(df: pd.DataFrame, file: str, value_columns: list[str]) -> pd.DataFrame:
    """Common shape of the two Census estimates files: county rows, 5-digit FIPS, checked counts."""
    _require_columns(df, ["SUMLEV", "STATE", "COUNTY", "CTYNAME", *value_columns], file)
    sumlev = pd.to_numeric(df["SUMLEV"], errors="coerce")
    if sumlev.isna().any():
        raise InputError(file, f"unparseable SUMLEV {df['SUMLEV'][sumlev.isna().idxmax()]!r}")
    counties = df[sumlev == 50].reset_index(drop=True)
    states = df[sumlev == 40].reset_index(drop=True)
    if counties.empty:
        raise InputError(file, "has no county rows (SUMLEV 50)")
    state = pd.to_numeric(counties["STATE"], errors="coerce")
    county = pd.to_numeric(counties["COUNTY"], errors="coerce")
    if state.isna().any() or county.isna().any():
        raise InputError(file, "has a county row with a non-numeric STATE or COUNTY code")
    fips = (state.astype("int64") * 1000 + county.astype("int64")).map("{:05d}".format)
    _unique_fips(fips, file)
    out = pd.DataFrame({"source_fips": fips, "name": counties["CTYNAME"].astype("string")})
    for col in value_columns:
        out[col] = _counts(counties, col, file, fips)
    # A truncated file can still parse; the state rows are the file's own control totals.
    if states.empty:
        raise InputError(file, "has no state rows (SUMLEV 40) to check the county totals against")
    control = value_columns[0]
    st_fips = pd.to_numeric(states["STATE"], errors="coerce").map(lambda v: "??" if pd.isna(v) else f"{int(v):02d}")
    state_total = int(_counts(states, control, file, st_fips).sum())
    county_total = int(out[control].sum())
    if county_total != state_total:
        raise InputError(file, f"county {control} sums to {county_total:,} but the state rows to {state_total:,}")
    return out


def read_census_2000_2010(data_dir: Path) -> pd.DataFrame:
    """2010 census count (April 1) and July 1 estimates for 2008-2010, on 2010 county codes."""
    file = SOURCES["census_2000_2010"].path
    df = _read_csv(path_of(data_dir, "census_2000_2010"), file, encoding="latin-1")
    return _census_counties(df, file, ["CENSUS2010POP", "POPESTIMATE2008", "POPESTIMATE2009", "POPESTIMATE2010"])


def read_estimates_v2019(data_dir: Path) -> pd.DataFrame:
    """July 1 estimates for 2011-2013 from Vintage 2019 (post-2015 county codes; crosswalked later)."""
    file = SOURCES["estimates_v2019"].path
    df = _read_csv(path_of(data_dir, "estimates_v2019"), file, encoding="latin-1", dtype={"STATE": str, "COUNTY": str})
    return _census_counties(df, file, ["ESTIMATESBASE2010", "POPESTIMATE2011", "POPESTIMATE2012", "POPESTIMATE2013"])


def read_noncitizens(data_dir: Path) -> pd.DataFrame:
    """ACS 5-year non-citizen counts and 90% MOE, one row per (source_fips, end year)."""
    file = SOURCES["noncitizens"].path
    df = _read_csv(path_of(data_dir, "noncitizens"), file, dtype={"fips": str})
    _require_columns(df, ["year", "fips", "noncit_pop", "moe"], file)
    fips = _fips5(df["fips"], file)
    year = pd.to_numeric(df["year"], errors="coerce")
    bad_year = year.isna() | (year % 1 != 0)
    if bad_year.any():
        raise InputError(file, f"invalid year {df['year'][bad_year.idxmax()]!r} for FIPS {fips[bad_year.idxmax()]}")
    out = pd.DataFrame({"source_fips": fips, "year": year.astype("int64")})
    out["noncit_pop"] = _counts(df, "noncit_pop", file, fips, allow_missing=True)
    out["moe"] = _counts(df, "moe", file, fips, allow_missing=True)
    dup = out.duplicated(["source_fips", "year"])
    if dup.any():
        i = dup.idxmax()
        raise InputError(file, f"duplicate FIPS {out['source_fips'][i]} for year {out['year'][i]}")
    return out


FIGURE_COLUMNS = [
    "level", "fips", "name", "metric", "value", "unit", "qualifier",
    "period_start", "period_end", "period_note", "source_url", "reported_by",
]  # fmt: skip


def read_published_figures(data_dir: Path) -> pd.DataFrame:
    """Published counts, as text; normalisation and key checks happen in :mod:`etl.counts`."""
    file = SOURCES["published_figures"].path
    df = _read_csv(path_of(data_dir, "published_figures"), file, dtype=str, keep_default_na=False)
    _require_columns(df, FIGURE_COLUMNS, file)
    if df.empty:
        raise InputError(file, "has a header but no figures")
    return df[FIGURE_COLUMNS]
