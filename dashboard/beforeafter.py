"""Before and after activation: a county's monthly detainers aligned on months since its own activation, beside the
median over its state's counties, never interpolated.

Source: every ICE detainer in Pennsylvania, Oct 2007 - Jul 2015 (``geodata/detainers_pa_monthly.csv``; ICE FOIA
records). The file is record level, so a month with no record is a real zero for a county whose jails appear in it;
only county jails are counted (state and federal prisons hold people from elsewhere). July 2015 is partial (to the
18th) and left out. A county is in the median only if its jails appear in the records at all; the number of
counties behind each month's median is given. Other states have no monthly county counts: imported ICE statistics
(``python -m etl import-counts``) are cumulative, not monthly, so the view says so instead of drawing one.
"""

from __future__ import annotations

import pandas as pd

from dashboard import plotlylocale
from dashboard.data import Dataset
from dashboard.i18n import N_, _, fmt_int, ngettext
from dashboard.periodwords import month_in
from dashboard.placenames import capital, county_name, state_name
from etl import contract_detainers as cd

SOURCE = N_("every ICE detainer in Pennsylvania (ICE FOIA records), county jails only")
STATES_WITH_MONTHLY = {"PA"}
COUNTY = "#7b3294"
MEDIAN = "#6b6b6b"


def _months(ds: Dataset) -> pd.PeriodIndex:
    nat = ds.detainers[cd.NATIONAL]
    complete = nat.loc[~nat["partial"], "month"]
    return pd.period_range(complete.iloc[0], complete.iloc[-1], freq="M")


def _county_months(ds: Dataset) -> pd.DataFrame:
    """Months x counties of county-jail detainers, zeros where a county with records has none that month."""
    pa = ds.detainers[cd.PA_MONTHLY]
    jails = pa[(pa["facility_type"] == "county_jail") & (pa["fips"] != "")]
    table = jails.pivot_table(index="month", columns="fips", values="detainers", aggfunc="sum", fill_value=0)
    table.index = pd.PeriodIndex(table.index, freq="M")
    return table.reindex(_months(ds), fill_value=0).astype("int64")


def aligned(ds: Dataset, fips: str) -> pd.DataFrame | None:
    """``months_since`` (0 = the activation month), ``month`` (``YYYY-MM``), ``county`` (int),
    ``state_median`` (float), ``counties`` (how many counties the median is over) — or ``None`` when no monthly
    counts exist for the county (outside Pennsylvania, or no county-jail record in its name)."""
    if ds.county(fips)["state"] not in STATES_WITH_MONTHLY:
        return None
    table = _county_months(ds)
    if fips not in table.columns:
        return None
    activation = ds.counties.set_index("fips")["activation_date"]
    rel = {}
    for code in table.columns:
        start = pd.Period(activation[code], freq="M")
        rel[code] = pd.Series(table[code].to_numpy(), index=[(m - start).n for m in table.index])
    stacked = pd.DataFrame(rel)  # rows: months since each county's activation; NaN outside a county's window
    own = rel[fips]
    start = pd.Period(activation[fips], freq="M")
    return pd.DataFrame(
        {
            "months_since": own.index,
            "month": [str(start + int(k)) for k in own.index],
            "county": own.to_numpy(),
            "state_median": stacked.loc[own.index].median(axis=1).round(1).to_numpy(),
            "counties": stacked.loc[own.index].notna().sum(axis=1).to_numpy(),
        }
    )


def figure(ds: Dataset, fips: str) -> dict | None:
    """The aligned chart (county line and state median line; a marker per month, no smoothing), or ``None``."""
    table = aligned(ds, fips)
    if table is None:
        return None
    row = ds.county(fips)
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": table["months_since"].tolist(),
                "y": table["county"].tolist(),
                # the hover's words per point, so the noun agrees with its number ("1 orden", "2 órdenes")
                "customdata": [
                    month_in(m) + ": " + ngettext("{n} detainer", "{n} detainers", int(v))
                    for m, v in zip(table["month"], table["county"], strict=True)
                ],
                "name": capital(county_name(row["name"])),
                "line": {"color": COUNTY, "width": 2},
                "marker": {"size": 4},
                "hovertemplate": "%{customdata}<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "lines",
                "x": table["months_since"].tolist(),
                "y": table["state_median"].tolist(),
                "name": _("Median of {state} counties", state=state_name(row["state_name"])),
                "line": {"color": MEDIAN, "width": 1.5, "dash": "dot"},
                "customdata": [
                    ngettext(  # months before activation are negative: the noun agrees with the count of months
                        "{months} month: median {median}",
                        "{months} months: median {median}",
                        abs(int(x)),
                        months=fmt_int(int(x)),
                        median=f"{y:g}",
                    )
                    for x, y in zip(table["months_since"], table["state_median"], strict=True)
                ],
                "hovertemplate": "%{customdata}<extra></extra>",
            },
        ],
        "layout": {
            "separators": plotlylocale.SEPARATORS,
            "xaxis": {"title": {"text": _("Months since activation")}, "zeroline": True, "zerolinecolor": "#333"},
            "yaxis": {"title": {"text": _("Detainers / month")}, "rangemode": "tozero"},
            "margin": {"l": 50, "r": 10, "t": 10, "b": 40},
            "legend": {"orientation": "h", "x": 0, "y": -0.3, "yanchor": "top"},
            "height": 260,
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
        },
    }


def summary(ds: Dataset, fips: str) -> str:
    """The chart in words (card text and text alternative): 12 months before and after, against the median."""
    table = aligned(ds, fips)
    if table is None:
        state = ds.county(fips)["state"]
        if state in STATES_WITH_MONTHLY:
            return _("No county-jail detainer is recorded in this county, so there is no monthly series.")
        return _(
            "Monthly detainers by county exist only for Pennsylvania (every ICE detainer there is public); for other "
            "counties, monthly counts would have to come from ICE's own statistics, which are not in this data release."
        )
    before = table[(table["months_since"] >= -12) & (table["months_since"] < 0)]
    after = table[(table["months_since"] >= 0) & (table["months_since"] < 12)]
    counts = {"before": fmt_int(int(before["county"].sum())), "after": fmt_int(int(after["county"].sum()))}
    text = _(
        "County jails here recorded {before} detainers in the 12 months before activation and {after} in the 12 "
        "months from it",
        **counts,
    )
    if len(before) < 12 or len(after) < 12:
        text += _(" (the records cover {before} and {after} of those months)", before=len(before), after=len(after))
    return _(
        "{text}; the monthly median of {state} counties adds up to {before} and {after} over the same months. "
        "Source: {source}, Oct 2007 - Jun 2015.",
        text=text,
        state=state_name(ds.county(fips)["state_name"]),
        before=f"{before['state_median'].sum():,.0f}",  # es_US writes it alike; Python's rounding, as it always was
        after=f"{after['state_median'].sum():,.0f}",
        source=_(SOURCE),
    )
