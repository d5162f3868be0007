"""What the map colours counties by (``measure=`` in the URL): definitions, classes (bins), colours and legend
(the definitions themselves are data in :mod:`dashboard.measure_defs`, re-exported here).

Measures (names are part of the public URL contract, :data:`dashboard.viewstate.MEASURES`):

- ``activation`` (default): the rollout on the view's date, coloured by ``mode`` (cohort: activation date on a
  continuous scale; status: not yet / active / switched on that day). The only measure that changes with the date.
- ``detainers``: detainers lodged at the county's local jails, TRAC's cumulative count (about Oct 2007 to mid 2015).
- ``rate``: the same per 1,000 non-citizen residents (ACS 2006-2010), binned for ranked counties only.
- ``custody``: the share of those detainers where ICE took the person into custody (TRAC's "Yes" / "All").
- ``citizen``: detainers lifted because the person was a U.S. citizen, placed in the county (ICE FOIA via NPR).

Every figure comes from :func:`dashboard.detainers.all_county_detainers` (the definitions the card and comparison
use). Detainer measures are period totals: they do not change with the date, so a date step leaves the map as it is
(the date still drives the running line, the timeline, the card and the download's activation columns).

Classes are fixed round-number bins (the same in every state, so a legend reads the same everywhere), lower bound
included, plus distinct classes for what has no bin: "no data" (TRAC lists no jail of the county, or its scrape has no
row for the state), "not ranked" (the layer's ``rank_note`` says "not ranked: ..." -- regional jail, unified state jail
system, partial scrape, a jail TRAC files under another county) and, for the rate, "too small or uncertain to rank"
(the layer's other rank notes). Their reason is in the hover text, the map as a table and the download.
Colours: inferno (colour-blind safe, light = few to dark = many) and neutral white/greys for the special classes;
tests/test_measures.py checks that every pair in a legend stays apart under simulated colour blindness.
"""

from __future__ import annotations

import html
from functools import lru_cache

import numpy as np
import pandas as pd

from dashboard import i18n, placenames
from dashboard.data import Dataset
from dashboard.detainers import (
    LIFTED_PERIOD,
    CountyDetainers,
    all_county_detainers,
    not_listed_text,
    rate_text,
    unplaced_text,
    us_citizen_counts,
)
from dashboard.i18n import _, ngettext
from dashboard.measure_defs import (  # noqa: F401 - re-exported: dashboard.measures is where callers find them
    ACTIVE,
    HINT,
    HOVER,
    LABELS,
    MEASURES,
    MIN_FOR_SHARE,
    NEW_TODAY,
    NO_DATA,
    NOT_BY_DATE,
    NOT_RANKED,
    NOT_YET,
    RAMP,
    SHORT_SOURCE,
    SLOTS,
    SPECIALS,
    STATUS_LABELS,
    TOO_SMALL,
    TRAC_WORDS,
    Measure,
)
from dashboard.ranknotes import rank_note_text
from etl import contract_detainers as cd


def lifted_period() -> str:
    """The NPR records' period (:data:`dashboard.detainers.LIFTED_PERIOD`, "Oct 2007 - Jul 2015") in the current
    language: its two months re-formatted, so the Spanish text can never drift from the English."""
    first, last = (pd.Timestamp(f"1 {m.strip()}") for m in LIFTED_PERIOD.split(" - "))
    return f"{i18n.fmt_month(first)} - {i18n.fmt_month(last)}"


def words(measure: str, field: str) -> str:
    """A measure's ``label``, ``title``, ``legend``, ``source``, ``hover`` or ``short_source`` in the current
    language (``{trac}`` and ``{period}`` filled)."""
    fields = {"trac": _(TRAC_WORDS), "period": lifted_period()}
    if field == "hover":
        return _(HOVER[measure], **fields)
    if field == "short_source":
        return _(SHORT_SOURCE[measure], **fields)
    if field == "label":
        return _(LABELS[measure])
    m = MEASURES[measure]
    template = {"title": m.title, "legend": m.legend_template, "source": m.source_template}[field]
    return _(template, **fields)


def classes(measure: str, mode: str = "cohort") -> list[tuple[str, str]]:
    """``[(legend label, colour)]`` in colour-code order (code = position): the bins, then the special classes.
    For ``activation``: the status classes, or for cohort only "Not yet active" (the colour bar shows the dates).
    Labels are in the current language."""
    if measure == "activation":
        if mode == "status":
            return list(zip([_(s) for s in STATUS_LABELS], (NOT_YET, ACTIVE, NEW_TODAY), strict=True))
        return [(_("Not yet active"), NOT_YET)]
    m = MEASURES[measure]
    bins = [_(label) for label in m.labels]
    return [*zip(bins, RAMP[: len(m.labels)], strict=True), *((_(label), c) for _k, label, c in SPECIALS[measure])]


def plain(label: str) -> str:
    """A legend label without its pointer to the reason (for tables, downloads and the alt text)."""
    hint = _(HINT)
    start = label.rfind(hint[: hint.index(":") + 1])  # " (why:" / " (motivo:": a shortened hint ends a label too
    return label[:start] if start > 0 and label.endswith(")") else label


def _figure(measure: str, d: CountyDetainers) -> tuple[float | None, int, str, str]:
    """``(value, class code, value in words, why it has no bin or "")`` for one county."""
    m = MEASURES[measure]
    special = {key: len(m.labels) + i for i, (key, _, _) in enumerate(SPECIALS[measure])}
    if measure == "citizen":
        value, words = d.us_citizen, ngettext("{n} placed in this county", "{n} placed in this county", d.us_citizen)
        unplaced = d.us_citizen_in_state_unplaced
        why = unplaced_text(unplaced) if unplaced else ""
        return value, (special["none_placed"] if value == 0 else _bin(m, value)), words, why
    if d.detainers is None:
        return None, special["no_data"], _("no figure"), not_listed_text(d)
    if measure == "detainers":
        value, words = float(d.detainers), f"{d.detainers:,}"
    elif measure == "custody":
        value = d.took_custody_share
        words = _("{part} of {total}", part=i18n.fmt_int(d.took_custody), total=i18n.fmt_int(d.detainers))
        words += f" ({i18n.fmt_pct(100 * value, 0)})" if value is not None else ""
    else:
        value, words = d.per_1k_noncitizens, rate_text(d)
    if d.rank_note.startswith("not ranked"):
        return value, special["not_ranked"], words, rank_note_text(d.rank_note)
    if measure == "rate" and d.rank is None:  # the layer's own rank decides (no ACS estimate included)
        return value, special["too_small"], words, rank_note_text(d.rank_note) or _("not ranked")
    if value is None:
        return None, special["no_data"], words, _("no detainers to take a share of")
    if measure == "custody" and d.detainers < MIN_FOR_SHARE:
        return value, special["too_few"], words, _("fewer than {n} detainers: too few for a share", n=MIN_FOR_SHARE)
    return value, _bin(m, value), words, ""


def _bin(m: Measure, value: float) -> int:
    return int(np.searchsorted(np.asarray(m.edges, dtype=float), value, side="right")) - 1


def county_table(ds: Dataset, measure: str) -> pd.DataFrame:
    """Per county (``ds.counties`` order): ``fips``, ``value`` (float, NaN = none), ``code`` (colour class),
    ``label`` (the class's legend label), ``words`` (the value in words), ``why`` (why it has no bin, or ""); the
    words in the current language."""
    return _county_table(ds, measure, i18n.current())


@lru_cache(maxsize=16)  # one table per measure and language, every county of the dataset (FIPS order)
def _county_table(ds: Dataset, measure: str, lang: str) -> pd.DataFrame:
    figures = all_county_detainers(ds)
    rows = [_figure(measure, figures[f]) for f in ds.counties["fips"]]
    out = pd.DataFrame(rows, columns=["value", "code", "words", "why"])
    out.insert(0, "fips", ds.counties["fips"].to_numpy())
    out["value"] = pd.to_numeric(out["value"], errors="coerce")
    names = [label for label, _ in classes(measure)]
    out["label"] = [names[c] for c in out["code"]]
    return out


def scope_table(ds: Dataset, measure: str, state: str | None) -> pd.DataFrame:
    """:func:`county_table` for the counties of one scope (the US or a state)."""
    return _scope_table(ds, measure, state, i18n.current())


@lru_cache(maxsize=1024)  # per measure, scope (the US, 51 states) and language
def _scope_table(ds: Dataset, measure: str, state: str | None, lang: str) -> pd.DataFrame:
    t = _county_table(ds, measure, lang)
    return t if state is None else t[(ds.counties["state"] == state).to_numpy()]


def hover_texts(ds: Dataset, measure: str, state: str | None) -> list[str]:
    """Hover text per county of the scope: "<value><br><why>" (escaped: ``why`` is the layer's text); the map's
    hover template names the measure (:data:`HOVER`) once."""
    t = scope_table(ds, measure, state)
    return [html.escape(w) + (f"<br>{html.escape(y)}" if y else "") for w, y in zip(t["words"], t["why"], strict=True)]


def colour_settings(measure: str) -> dict:
    """zmin/zmax and a stepped colour scale for the class codes (code i -> colour i), no colour bar."""
    colours = [c for _, c in classes(measure)]
    n = len(colours)
    scale: list[list] = []
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return {"zmin": -0.5, "zmax": n - 0.5, "colorscale": scale, "showscale": False, "colorbar": {}}


def legend_title(measure: str, mode: str) -> str:
    if measure == "activation":
        return _("Status on the date") if mode == "status" else ""
    return f"<b>{words(measure, 'legend')}</b><br><i>{_(NOT_BY_DATE)}</i>"


def legend_traces(measure: str, mode: str) -> list[dict]:
    """:data:`SLOTS` legend-only traces (a square per class, in code order; unused slots invisible): plotly draws
    them into every image and embed, which a colour bar's unlabelled greys were not."""
    out = []
    for label, colour in classes(measure, mode):
        out.append(
            {
                "type": "scattergeo",
                "lon": [None],
                "lat": [None],
                "mode": "markers",
                "name": label,
                "showlegend": True,
                "hoverinfo": "skip",
                "marker": {"symbol": "square", "size": 13, "color": colour, "line": {"width": 1, "color": "#777777"}},
            }
        )
    blank = {"type": "scattergeo", "lon": [None], "lat": [None], "visible": False, "showlegend": False, "name": ""}
    return out + [dict(blank) for _ in range(SLOTS - len(out))]


def legend_layout(measure: str, mode: str) -> dict:
    """The legend under the map, in rows (fits a 360 px embed and a 390 px phone); clicks do not hide classes."""
    return {
        "orientation": "h",
        "x": 0,
        "xanchor": "left",
        "y": 0,
        "yanchor": "top",
        "title": {"text": legend_title(measure, mode), "side": "top"},
        "maxheight": 1,  # a horizontal legend may take only half the figure by default: every entry must show
        "itemclick": False,
        "itemdoubleclick": False,
        "font": {"size": 12},
        "bgcolor": "rgba(255,255,255,0.85)",
    }


def running_note(measure: str) -> str:
    """Appended to the running line (the live region) under a detainer measure, which the date does not change."""
    if measure == "activation":
        return ""
    return _(
        " · Map: {measure} ({source}), totals that do not change with the date.",
        measure=words(measure, "label"),
        source=words(measure, "short_source"),
    )


def scope_note(ds: Dataset, measure: str, state: str | None) -> str:
    """Added to the running line for a scope: under the citizen measure, how many of the scope's U.S.-citizen lifts
    are in no county (a county coloured "None placed" is not a county with none); else ""."""
    if measure != "citizen":
        return ""
    if state is None:
        lifted = ds.detainers[cd.LIFTED]
        us = lifted[lifted["reason"] == "us_citizen"]
        n, scope = int(us.loc[us["level"] != "county", "records"].sum()), _("the US")
    else:
        n, scope = (
            us_citizen_counts(ds, state)[1],
            placenames.state_name(str(ds.counties.loc[ds.counties["state"] == state, "state_name"].iloc[0])),
        )
    if not n:
        return ""
    return ngettext(
        " {n} of them in {scope} is in no county (its record names no jail certain to be in one county): no county's"
        " colour includes it.",
        " {n} of them in {scope} are in no county (their records name no jail certain to be in one county): no"
        " county's colour includes them.",
        n,
        scope=scope,
    )


def class_counts(ds: Dataset, measure: str, state: str | None) -> list[tuple[str, int]]:
    """``[(legend label, counties)]`` in legend order, for the alt text."""
    t = scope_table(ds, measure, state)
    counts = t["code"].value_counts()
    return [(label, int(counts.get(i, 0))) for i, (label, _) in enumerate(classes(measure))]
