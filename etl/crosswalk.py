"""Hand-made FIPS decisions, kept as data in ``etl/rules/`` rather than buried in code.

``fips_crosswalk.csv`` maps every code that differs between a source and the 2010 county set onto that set,
row by row, with a reason. Nothing is matched by name or by similarity: a code that is neither in the 2010 set
nor in the crosswalk stops the build.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import pandas as pd

KINDS = {"split", "absorbed", "obsolete", "rename", "merged_later"}


def rule_table(name: str) -> pd.DataFrame:
    """``etl/rules/<name>``: a reviewed hand-made table, every cell as text (empty cells stay empty strings)."""
    with resources.files("etl").joinpath("rules", name).open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


@cache
def crosswalk() -> pd.DataFrame:
    """All crosswalk rows: ``from_fips, to_fips, kind, applies_to, note``."""
    df = rule_table("fips_crosswalk.csv")
    unknown = set(df["kind"]) - KINDS
    if unknown:
        raise ValueError(f"etl/rules/fips_crosswalk.csv: unknown kind(s) {sorted(unknown)}")
    return df


def rows_for(applies_to: str) -> pd.DataFrame:
    """The crosswalk rows that apply to one source family (``activations`` or ``estimates_v2019``)."""
    cw = crosswalk()
    return cw[cw["applies_to"] == applies_to].reset_index(drop=True)


@cache
def states() -> pd.DataFrame:
    """The 50 states and DC: ``state_fips, state, state_name`` (Puerto Rico and island areas are out of scope)."""
    return rule_table("states.csv")


@cache
def metrics() -> pd.DataFrame:
    """The one vocabulary of published-figure metrics: ``metric, label, definition``."""
    return rule_table("metrics.csv")


@cache
def territories() -> pd.DataFrame:
    """Territories that appear in the detainer records (out of the map's scope): ``code, name``."""
    return rule_table("territories.csv")
