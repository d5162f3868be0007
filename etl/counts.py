"""Stage 4 — counts: population, non-citizen population, and the published figures, keyed to 2010 counties.

No number is interpolated or filled in. Where a source cannot give a value for a 2010 county (Bedford city VA
after it merged into Bedford County, in the Vintage 2019 file), the value is left empty and ``pop_note`` says
why. County-level match and removal counts are not available to the project at all (see the methodology page);
what exists are the figures ICE, GAO and the press published, kept here as cited reference points.
"""

from __future__ import annotations

import re

import pandas as pd

from etl.crosswalk import metrics, rows_for, states
from etl.errors import InputError
from etl.sources import SOURCES

#: ACS 5-year windows shown by the dashboard: the one ending in 2010 (matches the census year) and the one
#: ending in 2013 (the last year of the rollout). ``year`` in the source is the window's end year.
ACS_WINDOWS = {2010: "2006_2010", 2013: "2009_2013"}
QUALIFIERS = {"exact", "about", "more_than", "almost"}
LEVELS = {"national", "state", "county"}


def _no_strays(file: str, source: set[str], known: set[str], what: str) -> None:
    strays = sorted(source - known)
    if strays:
        raise InputError(file, f"FIPS {', '.join(strays[:5])} match no 2010 county ({what})")
    missing = sorted(known - source)
    if missing:
        raise InputError(file, f"no row for 2010 county FIPS {', '.join(missing[:5])}")


def census_population(county_fips: pd.Series, census: pd.DataFrame) -> pd.DataFrame:
    """2010 census count and 2008-2010 July estimates; the file is on 2010 codes, so it must match exactly."""
    file = SOURCES["census_2000_2010"].path
    _no_strays(file, set(census["source_fips"]), set(county_fips), "the file uses 2010 codes")
    out = census.rename(
        columns={
            "source_fips": "fips",
            "CENSUS2010POP": "pop_2010_census",
            "POPESTIMATE2008": "pop_est_2008",
            "POPESTIMATE2009": "pop_est_2009",
            "POPESTIMATE2010": "pop_est_2010",
        }
    ).drop(columns=["name"])
    return out


def estimates_2011_2013(county_fips: pd.Series, v2019: pd.DataFrame) -> pd.DataFrame:
    """July 2011-2013 estimates, moved onto 2010 codes by the ``estimates_v2019`` crosswalk rows."""
    file = SOURCES["estimates_v2019"].path
    cw = rows_for("estimates_v2019")
    renames = dict(
        zip(cw.loc[cw["kind"] == "rename", "from_fips"], cw.loc[cw["kind"] == "rename", "to_fips"], strict=True)
    )
    merged = cw[cw["kind"] == "merged_later"]
    df = v2019.assign(fips=v2019["source_fips"].replace(renames))
    absent = set(merged["to_fips"])  # counties that no longer exist in this vintage
    _no_strays(file, set(df["fips"]) | absent, set(county_fips), "after the crosswalk")
    cols = {"POPESTIMATE2011": "pop_est_2011", "POPESTIMATE2012": "pop_est_2012", "POPESTIMATE2013": "pop_est_2013"}
    out = df[["fips", *cols]].rename(columns=cols)
    out["pop_note"] = ""
    for row in merged.itertuples():
        out.loc[out["fips"] == row.from_fips, "pop_note"] = (
            f"2011-2013 estimates include {row.to_fips} (Census Vintage 2019 merged it in)"
        )
        gap = {
            "fips": row.to_fips,
            "pop_note": f"no separate 2011-2013 estimate: included in {row.from_fips} in Census Vintage 2019",
        }
        out = pd.concat([out, pd.DataFrame([gap])], ignore_index=True)
    for c in cols.values():
        out[c] = out[c].astype("Int64")
    return out


def noncitizens(county_fips: pd.Series, acs: pd.DataFrame) -> pd.DataFrame:
    """ACS non-citizen population and 90% MOE for the two windows in :data:`ACS_WINDOWS`.

    Puerto Rico rows are expected (the table is not published there) and dropped with the rest of PR.
    """
    file = SOURCES["noncitizens"].path
    # Puerto Rico (state 72) is the only expected extra: B05001 is not published there. Anything else that is
    # not a 2010 county is caught by the stray check below.
    in_scope = acs[acs["source_fips"].str[:2] != "72"]
    out = pd.DataFrame({"fips": county_fips})
    for year, label in ACS_WINDOWS.items():
        one = in_scope[in_scope["year"] == year]
        _no_strays(file, set(one["source_fips"]), set(county_fips), f"ACS window ending {year}")
        one = one.rename(
            columns={"source_fips": "fips", "noncit_pop": f"noncit_{label}", "moe": f"noncit_{label}_moe"}
        ).drop(columns=["year"])
        out = out.merge(one, on="fips", how="left")
    return out


def _iso_date(value: str, file: str, row: int, column: str, *, required: bool) -> str:
    """Dates must already be ISO (YYYY-MM-DD) and real; an empty start is allowed ("to Jun 2010")."""
    if value == "" and not required:
        return ""
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return pd.Timestamp(value).date().isoformat()
    except ValueError:
        raise InputError(file, f"row {row}: unparseable {column} {value!r}") from None


def published_figures(raw: pd.DataFrame, counties: pd.DataFrame) -> pd.DataFrame:
    """Normalise the published figures and prove every key: a county figure must name the county its FIPS is.

    ``counties`` is the built county table (``fips, name, state``). Output columns: ``figure_id, level, fips,
    state, place, metric, metric_label, value, unit, qualifier, period_start, period_end, period_note,
    source_url, reported_by``.
    """
    file = SOURCES["published_figures"].path
    vocab = metrics().set_index("metric")["label"]
    st = states().set_index("state_fips")
    by_fips = counties.set_index("fips")
    rows = []
    for i, r in enumerate(raw.to_dict("records"), start=2):  # row 1 is the header
        level, fips, name = r["level"].strip(), r["fips"].strip(), r["name"].strip()
        if level not in LEVELS:
            raise InputError(file, f"row {i}: unknown level {level!r}")
        if level == "county":
            if fips not in by_fips.index:
                raise InputError(file, f"row {i}: county FIPS {fips!r} is not a 2010 county")
            expected = f"{by_fips.at[fips, 'name']}, {by_fips.at[fips, 'state']}"
            if name != expected:
                raise InputError(file, f"row {i}: FIPS {fips} is {expected!r}, but the row names {name!r}")
            state = by_fips.at[fips, "state"]
        elif level == "state":
            if fips not in st.index or st.at[fips, "state_name"] != name:
                raise InputError(file, f"row {i}: state FIPS {fips!r} does not name {name!r}")
            state = st.at[fips, "state"]
        else:
            if fips != "" or name != "United States":
                raise InputError(file, f"row {i}: a national figure has no FIPS and names 'United States'")
            state = ""
        metric = r["metric"].strip()
        if metric not in vocab.index:
            raise InputError(file, f"row {i}: unknown metric {metric!r} (add it to etl/rules/metrics.csv)")
        qualifier = r["qualifier"].strip()
        if qualifier not in QUALIFIERS:
            raise InputError(file, f"row {i}: unknown qualifier {qualifier!r}")
        value = pd.to_numeric(r["value"], errors="coerce")
        if pd.isna(value) or value < 0:
            raise InputError(file, f"row {i}: value {r['value']!r} is not a non-negative number")
        if not r["source_url"].startswith(("http://", "https://")):
            raise InputError(file, f"row {i}: source_url {r['source_url']!r} is not an address")
        rows.append(
            {
                "level": level,
                "fips": fips,
                "state": state,
                "place": name,
                "metric": metric,
                "metric_label": vocab[metric],
                "value": int(value) if float(value).is_integer() else float(value),
                "unit": r["unit"].strip(),
                "qualifier": qualifier,
                "period_start": _iso_date(r["period_start"].strip(), file, i, "period_start", required=False),
                "period_end": _iso_date(r["period_end"].strip(), file, i, "period_end", required=True),
                "period_note": r["period_note"].strip(),
                "source_url": r["source_url"].strip(),
                "reported_by": r["reported_by"].strip(),
            }
        )
    out = pd.DataFrame(rows)
    out.insert(0, "figure_id", [f"pf{n:03d}" for n in range(1, len(out) + 1)])
    return out
