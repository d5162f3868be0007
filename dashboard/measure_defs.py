"""The map's measures as data: their words (English message ids, marked for extraction), classes (bins) and
colours. :mod:`dashboard.measures` gives them in the current language and computes each county's class; this module
imports nothing of the app but the detainers' period and the message marker, so anything may import it.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.detainers import LIFTED_PERIOD
from dashboard.i18n import N_

NOT_YET = "#e4e4e4"
ACTIVE = "#2166ac"
NEW_TODAY = "#e66101"
STATUS_LABELS = [N_("Not yet active"), N_("Active"), N_("Switched on this day")]
#: inferno (perceptually uniform) from 0 to 0.85, reversed: light = few, dark = many. Chosen with the greys below so
#: that every pair in a legend stays at least 19 CIELAB units apart under simulated protan-, deutan- and tritanopia
#: (viridis put its teal on the same lightness as a mid grey: 1.7 units apart for protanopes).
RAMP = ("#f8be2a", "#e55f2e", "#9d2962", "#460c67", "#000004")
NO_DATA = "#ffffff"
TOO_SMALL = "#c6c6c6"
NOT_RANKED = "#909090"
#: Legend slots in every map figure (the most classes any measure has): a measure change is then a Patch of fixed
#: positions, never a new list of traces.
SLOTS = 8
TRAC_WORDS = N_("TRAC, about Oct 2007 to mid 2015<br>(period not stated by TRAC)")
NOT_BY_DATE = N_("Totals: the map does not<br>change with the date")


@dataclass(frozen=True)
class Measure:
    """One detainer measure: words, bins (lower bounds, included) and how a county's figures give its value.

    The words are English message ids (marked for extraction); :func:`words` gives them in the current language.
    ``legend`` and ``source`` are templates with ``{trac}`` (:data:`TRAC_WORDS`) and ``{period}`` (the NPR
    records' period) filled by :func:`words`; the plain English text is in the ``legend_en`` / ``source_en``
    properties (what the English page, downloads and the methodology page have always shown)."""

    name: str
    label: str  # the selector's label
    title: str  # what the map shows, as a title ("ICE detainers per 1,000 non-citizens")
    legend_template: str  # legend title (<br> breaks keep it narrow enough for a 360 px embed)
    source_template: str  # source and period in words, for captions, alt text and downloads
    edges: tuple[float, ...]
    labels: tuple[str, ...]

    @property
    def legend(self) -> str:
        return self.legend_template.format(trac=TRAC_WORDS, period=LIFTED_PERIOD)

    @property
    def source(self) -> str:
        return self.source_template.format(trac=TRAC_WORDS, period=LIFTED_PERIOD)


MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        Measure(
            "detainers", N_("Detainers"), N_("ICE detainers at county jails"),
            N_("Detainers at the county's jails<br>{trac}"),
            N_("TRAC (Syracuse University) detainer tool, scraped 2017, jails summed to counties; about Oct 2007 to "
               "mid 2015 (period not stated by TRAC)"),
            (0, 10, 100, 1000, 10000),
            (N_("under 10"), N_("10 to 99"), N_("100 to 999"), N_("1,000 to 9,999"), N_("10,000 or more")),
        ),
        Measure(
            "rate", N_("Detainers per 1,000 non-citizens"), N_("ICE detainers per 1,000 non-citizen residents"),
            N_("Detainers per 1,000 non-citizens<br>{trac};<br>non-citizens: ACS 2006-2010"),
            N_("TRAC (Syracuse University) detainer tool, scraped 2017, about Oct 2007 to mid 2015 (period not "
               "stated by TRAC), per 1,000 non-citizen residents (ACS 2006-2010 estimate)"),
            (0, 25, 50, 100, 200),
            (N_("under 25"), N_("25 to under 50"), N_("50 to under 100"), N_("100 to under 200"), N_("200 or more")),
        ),
        Measure(
            "custody", N_("Share taken into ICE custody"), N_("Share of detainers where ICE took custody"),
            N_("Share of detainers where ICE<br>took the person into custody<br>{trac}"),
            N_("TRAC (Syracuse University) detainer tool, scraped 2017 (ICE took custody: TRAC's \"Yes\"), about "
               "Oct 2007 to mid 2015 (period not stated by TRAC)"),
            (0, 0.2, 0.4, 0.6, 0.8),
            (N_("under 20%"), N_("20% to under 40%"), N_("40% to under 60%"), N_("60% to under 80%"),
             N_("80% to 100%")),
        ),
        Measure(
            "citizen", N_("U.S.-citizen detainers"), N_("Detainers lifted because the person was a U.S. citizen"),
            N_("Detainers lifted: person was<br>a U.S. citizen, {period}<br>(ICE FOIA records via NPR)"),
            N_("ICE detainer records released under FOIA, published by NPR (2016), {period}; placed in a county "
               "only where the jail is certain"),
            (1, 2, 4, 10), (N_("1"), N_("2 or 3"), N_("4 to 9"), N_("10 or more")),
        ),
    )
}  # fmt: skip
LABELS = {"activation": N_("Activation"), **{k: m.label for k, m in MEASURES.items()}}
_NO_DATA = ("no_data", N_("No data: not listed by TRAC"), NO_DATA)
#: What the legend adds to "Not ranked" (images and embeds have no hover: the reason is in the table and download).
HINT = N_(" (why: in hover and table)")
_NOT_RANKED = ("not_ranked", N_("Not ranked (why: in hover and table)"), NOT_RANKED)
#: The least number of detainers whose custody share the map colours: 1 of 1 (100%) is not comparable with Harris's
#: 40,937 of 49,303 (83%). A presentation choice, not the layer's: the hover and the table still give the count.
MIN_FOR_SHARE = 20
#: The classes without a bin, per measure: ``(key, legend label, colour)``.
SPECIALS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "detainers": (_NO_DATA, _NOT_RANKED),
    "custody": (_NO_DATA, _NOT_RANKED, ("too_few", N_("Fewer than 20 detainers: share not shown"), TOO_SMALL)),
    "rate": (_NO_DATA, _NOT_RANKED, ("too_small", N_("Too small or uncertain to rank"), TOO_SMALL)),
    # "why" names the lifts of the county's state that are in no county (detainers.unplaced_text): "None" is not zero
    "citizen": (("none_placed", N_("None placed in this county (why: in hover and table)"), NO_DATA),),
}
#: What a hover line names before the value.
HOVER = {
    "detainers": N_("Detainers (TRAC, about Oct 2007 to mid 2015)"),
    "rate": N_("Rate (TRAC, about Oct 2007 to mid 2015)"),
    "custody": N_("ICE took custody (TRAC, about Oct 2007 to mid 2015)"),
    "citizen": N_("Lifted: U.S. citizen ({period})"),
}
#: Source and period, short, for the running line.
SHORT_SOURCE = {
    "detainers": N_("TRAC, about Oct 2007 to mid 2015"),
    "rate": N_("TRAC, about Oct 2007 to mid 2015; ACS 2006-2010"),
    "custody": N_("TRAC, about Oct 2007 to mid 2015"),
    "citizen": N_("ICE FOIA records via NPR, {period}"),
}
