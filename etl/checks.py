"""Stage 1c — content checks: inputs that parse but say something else than the registered files.

A checksum says a file changed; these checks say whether its *content* is still plausible, whatever the checksum
(they run also when a builder accepts a changed input). Each catches one kind of damage seen in practice:

- an ACS non-citizen file with its estimate and margin columns swapped (margins larger than estimates);
- a Census file with two columns swapped (a county's year-to-year change far beyond any real one, or national
  totals that stop growing between 2008 and 2013);
- a Census file with two counties' rows swapped (a county's 2010 count far from the other Census file's).

Bounds are set well outside what the registered files show (noted per constant), so a real file passes.
Each failure raises :class:`~etl.errors.InputError` naming the file and the county row or year.
"""

from __future__ import annotations

import pandas as pd

from etl.errors import InputError, refuse_first
from etl.registry import SOURCES

#: April -> July 2010 in the same file: the registered file ranges 0.983-1.025.
APRIL_JULY = (0.9, 1.1)
#: One year to the next within a file: the registered files range 0.81-1.27 (oil-boom and prison counties).
YEAR_ON_YEAR = (0.7, 1.4)
#: 2010 census count in the intercensal file / 2010 base in Vintage 2019: the registered files range 0.90-1.19.
BETWEEN_FILES = (0.75, 1.3)
#: Sum of 90% margins / sum of estimates, per ACS year: 0.049 in the registered file.
MOE_SHARE = 0.25
#: From this estimate on, a margin larger than the estimate is refused (the registered file's largest is 0.27x).
MOE_CHECKED_FROM = 5_000


def _ratio_check(df: pd.DataFrame, num: str, den: str, bounds: tuple[float, float], file: str, what: str) -> None:
    ratio = df[num].astype("float64") / df[den].astype("float64")
    bad = ratio.notna() & ((ratio < bounds[0]) | (ratio > bounds[1]))
    refuse_first(
        bad,
        file,
        lambda i: (
            f"county row FIPS {df.at[i, 'source_fips']}: {num} {df.at[i, num]:,} vs {den} {df.at[i, den]:,} "
            f"({ratio[i]:.2f}x) is outside {bounds[0]}-{bounds[1]}x ({what})"
        ),
    )


def populations(census: pd.DataFrame, v2019: pd.DataFrame) -> None:
    """Check the two Census files, each on its own and against each other (shapes of :mod:`etl.sources`)."""
    c_file, v_file = SOURCES["census_2000_2010"].path, SOURCES["estimates_v2019"].path
    _ratio_check(census, "POPESTIMATE2010", "CENSUS2010POP", APRIL_JULY, c_file, "columns or rows swapped?")
    for a, b in (("POPESTIMATE2008", "POPESTIMATE2009"), ("POPESTIMATE2009", "POPESTIMATE2010")):
        _ratio_check(census, b, a, YEAR_ON_YEAR, c_file, "columns or rows swapped?")
    for a, b in (
        ("ESTIMATESBASE2010", "POPESTIMATE2011"),
        ("POPESTIMATE2011", "POPESTIMATE2012"),
        ("POPESTIMATE2012", "POPESTIMATE2013"),
    ):
        _ratio_check(v2019, b, a, YEAR_ON_YEAR, v_file, "columns or rows swapped?")
    both = census[["source_fips", "CENSUS2010POP"]].merge(v2019[["source_fips", "ESTIMATESBASE2010"]])
    _ratio_check(
        both, "CENSUS2010POP", "ESTIMATESBASE2010", BETWEEN_FILES, c_file,
        f"far from the 2010 base in {v_file}: rows swapped in one of the two files?",
    )  # fmt: skip
    totals = [(c_file, f"POPESTIMATE{y}", int(census[f"POPESTIMATE{y}"].sum())) for y in (2008, 2009, 2010)]
    totals += [(v_file, f"POPESTIMATE{y}", int(v2019[f"POPESTIMATE{y}"].sum())) for y in (2011, 2012, 2013)]
    for (_, col_a, a), (file, col_b, b) in zip(totals, totals[1:], strict=False):
        if b <= a:
            raise InputError(file, f"the US total of {col_b} ({b:,}) is not above {col_a}'s ({a:,}): columns swapped?")


def noncitizens(acs: pd.DataFrame) -> None:
    """Margins must stay small beside the estimates they qualify (shape of :func:`etl.sources.read_noncitizens`)."""
    file = SOURCES["noncitizens"].path
    for year, one in acs.groupby("year"):
        est, moe = one["noncit_pop"].sum(), one["moe"].sum()
        if moe > MOE_SHARE * est:
            raise InputError(
                file, f"year {year}: margins sum to {moe:,}, estimates to {est:,}: estimate and margin swapped?"
            )
    big = acs["noncit_pop"].notna() & (acs["noncit_pop"] >= MOE_CHECKED_FROM) & (acs["moe"] > acs["noncit_pop"])
    if big.any():
        i = big.idxmax()
        raise InputError(
            file,
            f"row {i + 2} (FIPS {acs.at[i, 'source_fips']}, {acs.at[i, 'year']}): margin {acs.at[i, 'moe']:,} exceeds "
            f"the estimate {acs.at[i, 'noncit_pop']:,}: estimate and margin swapped?",
        )
