"""Stage 3 — activations: one date per 2010 county, with where it came from and whether a second source agrees.

The day-precision transcription (Vargas-Núñez et al.) is the source of every date. Codes that are not in the
2010 county set reach it only through explicit crosswalk rows (``etl/rules/fips_crosswalk.csv``). The
independent month-precision transcription (Hadah) is a cross-check: where the two disagree the day-precision
date is kept and the row is flagged (``second_source_agrees = False``).
"""

from __future__ import annotations

import pandas as pd

from etl.crosswalk import rows_for
from etl.errors import InputError
from etl.sources import SOURCES

SOURCE_ID = "vargasnunez2026"


def date_counties(county_fips: pd.Series, primary: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Give each 2010 county its activation date and provenance.

    Returns one row per county in ``county_fips`` with ``activation_date``, ``statewide_date``,
    ``source_fips``, ``date_via`` (``direct`` or ``crosswalk``), ``second_source_month`` and
    ``second_source_agrees`` (True / False / missing where the second source has no date).
    """
    file = SOURCES["activations"].path
    cw = rows_for("activations")
    known = set(county_fips)

    # Every code in the source must be a 2010 county or named in the crosswalk — nothing is matched loosely.
    stray = sorted(set(primary["source_fips"]) - known - set(cw["from_fips"]))
    if stray:
        raise InputError(file, f"FIPS {', '.join(stray[:5])} match no 2010 county and no crosswalk row")
    obsolete = set(cw.loc[cw["kind"] == "obsolete", "from_fips"])
    dated_obsolete = primary[primary["source_fips"].isin(obsolete) & primary["date"].notna()]
    if not dated_obsolete.empty:
        raise InputError(
            file, f"obsolete FIPS {', '.join(dated_obsolete['source_fips'][:5])} carry a date; decide in the crosswalk"
        )

    direct = primary[primary["source_fips"].isin(known) & primary["date"].notna()].copy()
    direct["fips"] = direct["source_fips"]
    direct["date_via"] = "direct"

    carried = cw[cw["kind"] == "split"].merge(primary, left_on="from_fips", right_on="source_fips")
    carried = carried[carried["date"].notna()].rename(columns={"to_fips": "fips"})
    carried["date_via"] = "crosswalk"
    both = set(carried["fips"]) & set(direct["fips"])
    if both:
        raise InputError(file, f"FIPS {', '.join(sorted(both)[:5])} dated both directly and through a split")

    # Absorbed cities (VA 51560, 51780) add no county; their date must agree with the county that absorbed them.
    absorbed = cw[cw["kind"] == "absorbed"].merge(primary, left_on="from_fips", right_on="source_fips")
    for row in absorbed.itertuples():
        own = direct.loc[direct["fips"] == row.to_fips, "date"]
        if pd.notna(row.date) and (own.empty or own.iloc[0] != row.date):
            raise InputError(file, f"absorbed FIPS {row.from_fips} is dated {row.date.date()}, not as {row.to_fips}")

    cols = ["fips", "source_fips", "date", "statewide_date", "date_via"]
    dated = pd.concat([direct[cols], carried[cols]], ignore_index=True)
    missing = sorted(known - set(dated["fips"]))
    if missing:
        raise InputError(file, f"no activation date for 2010 county FIPS {', '.join(missing[:5])}")

    dated = dated.merge(second.rename(columns={"month": "second_source_month"}), on="source_fips", how="left")
    month = dated["date"].dt.strftime("%Y-%m")
    agrees = pd.Series(pd.NA, index=dated.index, dtype="boolean")
    has_second = dated["second_source_month"].notna()
    agrees[has_second] = (month[has_second] == dated.loc[has_second, "second_source_month"]).to_numpy()
    dated["second_source_agrees"] = agrees
    dated["date_source"] = SOURCE_ID
    return dated.rename(columns={"date": "activation_date"}).set_index("fips").loc[list(county_fips)].reset_index()


def add_order(table: pd.DataFrame) -> pd.DataFrame:
    """National and in-state order, cohort number, and each state's first and completion dates.

    Counties switched on the same day share a rank (``min`` ranking): the 15th county and 15 others dated
    the same day are all "15th", which is how the rollout was announced — in batches.
    """
    out = table.copy()
    d = out["activation_date"]
    out["national_rank"] = d.rank(method="min").astype("int64")
    out["cohort"] = d.rank(method="dense").astype("int64")
    out["state_rank"] = out.groupby("state_fips")["activation_date"].rank(method="min").astype("int64")
    out["state_first_date"] = out.groupby("state_fips")["activation_date"].transform("min")
    out["state_complete_date"] = out.groupby("state_fips")["activation_date"].transform("max")
    out["days_after_first"] = (d - d.min()).dt.days.astype("int64")
    out["days_before_state_complete"] = (out["state_complete_date"] - d).dt.days.astype("int64")
    mismatch = out[out["statewide_date"].notna() & (out["statewide_date"] != out["state_complete_date"])]
    if not mismatch.empty:
        raise InputError(
            SOURCES["activations"].path,
            f"statewide date disagrees with the state's last county date for FIPS {mismatch['fips'].iloc[0]}",
        )
    return out.drop(columns=["statewide_date"])
