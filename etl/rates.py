"""Rates that mean something: detainers per 10,000 residents and per 1,000 non-citizens, and whether to rank.

Denominators come from the built county table: ``pop_2010_census`` (2010 Census) and ``noncit_2006_2010`` with its
90% margin of error ``noncit_2006_2010_moe`` (ACS 2006-2010, table B05001_006). The margin is carried into the
non-citizen rate as a low-high range (count / (estimate + MOE) to count / (estimate - MOE); the high end is empty
where the estimate minus its margin is not above zero). A county whose denominator is too small or too uncertain
is not ranked and ``rank_note`` says why; nothing is smoothed or filled in.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Below this many residents a county is "too small to rank" per 10,000 residents.
MIN_RESIDENTS = 10_000
#: Below this many non-citizens (ACS estimate) a county is "too small to rank" per 1,000 non-citizens.
MIN_NONCITIZENS = 1_000
#: Above this coefficient of variation (MOE / 1.645 / estimate) the non-citizen estimate is "too uncertain".
MAX_CV = 0.30
RATE_COLUMNS = [
    "per_10k_residents",
    "per_1k_noncitizens",
    "per_1k_noncitizens_low",
    "per_1k_noncitizens_high",
    "rank_per_10k_residents",
    "rank_per_1k_noncitizens",
    "rank_note",
]


def add_rates(
    table: pd.DataFrame, counties: pd.DataFrame, count: str = "detainers", not_ranked: dict[str, str] | None = None
) -> pd.DataFrame:
    """Add :data:`RATE_COLUMNS` to ``table`` (one row per ``fips``), from its ``count`` column.

    Rates are floats rounded to 2 decimals; ranks are 1 = highest rate, ties share the lower rank, among the
    rankable counties of ``table`` only. ``counties``: ``fips, pop_2010_census, noncit_2006_2010,
    noncit_2006_2010_moe``. ``not_ranked``: fips -> why that county is left out of both rankings (its rates are
    still given), e.g. an independent city where TRAC files a neighbouring county's jail (``etl/rules/not_ranked.csv``).
    """
    den = table[["fips"]].merge(counties, on="fips", how="left")
    n = table[count].astype("float64").to_numpy()
    pop = den["pop_2010_census"].astype("float64").to_numpy()
    est = den["noncit_2006_2010"].astype("float64").to_numpy()
    moe = den["noncit_2006_2010_moe"].astype("float64").to_numpy()
    out = table.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["per_10k_residents"] = _round(np.where(pop > 0, n / pop * 10_000, np.nan))
        out["per_1k_noncitizens"] = _round(np.where(est > 0, n / est * 1_000, np.nan))
        out["per_1k_noncitizens_low"] = _round(np.where(est + moe > 0, n / (est + moe) * 1_000, np.nan))
        out["per_1k_noncitizens_high"] = _round(np.where(est - moe > 0, n / (est - moe) * 1_000, np.nan))
        cv = np.where(est > 0, moe / 1.645 / est, np.inf)
    few_people = ~(pop >= MIN_RESIDENTS)
    few_noncit = ~(est >= MIN_NONCITIZENS)
    uncertain = ~few_noncit & (cv > MAX_CV)
    hosts = (not_ranked or {}).get
    other = np.array([bool(hosts(f)) for f in table["fips"]], dtype=bool)
    out["rank_per_10k_residents"] = _rank(out["per_10k_residents"], few_people | other)
    out["rank_per_1k_noncitizens"] = _rank(out["per_1k_noncitizens"], few_noncit | uncertain | other)
    notes = []
    for fips, small, tiny, vague, c in zip(table["fips"], few_people, few_noncit, uncertain, cv, strict=True):
        why = [hosts(fips)] if hosts(fips) else []
        if small:
            why.append(f"too small to rank per resident: fewer than {MIN_RESIDENTS:,} residents")
        if tiny:
            why.append(f"too small to rank per non-citizen: ACS estimate below {MIN_NONCITIZENS:,}")
        if vague:
            why.append(f"too uncertain to rank per non-citizen: ACS coefficient of variation {c:.0%} above 30%")
        notes.append("; ".join(why))
    out["rank_note"] = notes
    return out


def _round(values: np.ndarray) -> pd.Series:
    return pd.Series(np.round(values, 2), dtype="Float64")


def _rank(rate: pd.Series, excluded: np.ndarray) -> pd.Series:
    ranked = rate.where(~excluded).astype("float64").rank(ascending=False, method="min")
    return ranked.astype("Int64")
