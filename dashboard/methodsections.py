"""The methodology page's sections on detainers and on the map's measures (dashboard/methodology.py), each
paragraph a catalog message (HTML kept in the message, values filled after translation)."""

from __future__ import annotations

from html import escape

from dashboard import i18n, measures, timeline
from dashboard.data import Dataset
from dashboard.i18n import _
from dashboard.placenames import state_name
from dashboard.text import fmt_day
from etl import contract_detainers as cd


def citation(text: str) -> str:
    """A source's citation (titles, authors) as written: marked English on a page in another language."""
    return escape(text) if i18n.current() == "en" else f'<span lang="en">{escape(text)}</span>'


def _link(url: str | None) -> str:
    if not url:
        return _("no public address (compiled for this project; each row carries its own source address)")
    return f'<a href="{escape(url)}" rel="noopener noreferrer nofollow">{escape(url)}</a>'


def detainer_sections(ds: Dataset) -> str:
    """What a detainer is, where the counts come from, what a U.S.-citizen lift means, and the milestones' sources."""
    nat = ds.detainers[cd.NATIONAL]
    lifted = ds.detainers[cd.LIFTED]
    us = lifted[lifted["reason"] == "us_citizen"]
    placed = int(us.loc[us["level"] == "county", "records"].sum())
    states = sorted(us.loc[us["state"] != "", "state"].unique())
    qa = ds.detainers[cd.TRAC_STATES]
    partial = [state_name(n) for n in qa.loc[qa["scrape"].str.startswith("partial"), "state_name"]]
    unresolved = ds.detainers[cd.TRAC_UNRESOLVED]
    unlisted = unresolved.loc[unresolved["facility"].str.strip() == "Facility Not Listed", "detainers"].sum()
    total = int(qa["facility_sum"].sum())
    kept_out = unresolved.loc[unresolved["fips"] != "", "detainers"].sum()
    rows = "".join(
        f"<tr><td>{escape(fmt_day(m.date))}</td><td>{escape(timeline.milestone_label(m))}</td>"
        f"<td>{escape(m.detail_es if i18n.current() == 'es' and m.detail_es else m.detail)}</td>"
        f"<td>{citation(m.source)}{'<br>' + _link(m.url) if m.url else ''}</td>"
        f"<td>{escape(m.confirmed_es if i18n.current() == 'es' else m.confirmed)}</td></tr>"
        for m in timeline.milestones().itertuples()
    )
    intro = _(
        """\
<p>A <strong>detainer</strong> (ICE form I-247) is ICE's request that a jail hold a person it has identified, so that
ICE can take them into custody: the step at which a Secure Communities match could become an ICE arrest (ICE took
custody in about half to two thirds of them). The timeline's
lower panel counts the detainers ICE lodged nationwide each month, {national} from October 2007
to July 2015 (ICE's own records released under FOIA and published by NPR in 2016; July 2015 runs only to the 19th).
These count detainers, not people: one person can have several. They include detainers from every ICE program, not
only Secure Communities.</p>""",
        national=i18n.fmt_int(int(nat["detainers"].sum())),
    )
    trac = _("""\
<p>County cards and the comparison give each county's <strong>cumulative detainers</strong> from TRAC's detainer
tool (Syracuse University), scraped in 2017: TRAC lists jails, which the project sums to counties by the county TRAC
printed. TRAC does not state the period: about Oct 2007 to mid 2015 (FY2008 to mid FY2015), consistent with ICE's
FOIA records. State and federal prisons and ICE or U.S. Marshals centres are kept out of county sums; "ICE took custody"
and "not taken" are kept apart; counties are ranked per 1,000 non-citizen residents (ACS 2006-2010, with its margin
of error) only where the estimate is large and certain enough, and not where a regional jail or another county's
jail is filed under them, nor in a state whose jails the state runs (AK, CT, DE, HI, RI, VT) or that TRAC's scrape
covers only in part ({partial}; Kansas and Montana have no row at all). A county TRAC does not
list is <em>not known to be zero</em>. {unlisted} of TRAC's detainers ({unlisted_share}) name no
facility and are in no county, and {kept_out} ({kept_out_share}) were lodged at state or federal
prisons or ICE and U.S. Marshals centres, which hold people arrested elsewhere: they are listed, not counted in any
county.</p>""", partial=escape(", ".join(partial)), unlisted=i18n.fmt_int(int(unlisted)),
      unlisted_share=f"{unlisted / total:.1%}", kept_out=i18n.fmt_int(int(kept_out)),
      kept_out_share=f"{kept_out / total:.0%}")  # fmt: skip
    lifted = _("""\
<h3>Detainers lifted because the person was a U.S. citizen</h3>
<p>ICE's records give the reason a detainer was lifted. "United States Citizen Interviewed" means ICE withdrew the
request after finding that the person held was a U.S. citizen, whom ICE has no power to detain:
{records} such records, Oct 2007 to Jul 2015, in {states} states, territories and DC;
{placed} could be placed
in a county (the facility is a county jail in a city that lies in one county). What it cannot show: citizens
who were held on a detainer that was never lifted for that reason, or released before ICE interviewed them, are not
counted, so this is a floor, not the number of citizens held. The card of each county where such lifts occur says
how many, and how many more in its state could not be placed.</p>""", records=i18n.fmt_int(int(us["records"].sum())),
      states=len(states), placed=i18n.fmt_int(placed))  # fmt: skip
    milestones = _(
        """\
<h3>Policy milestones on the timeline</h3>
<table><caption>Milestones, with their sources and what could not be confirmed</caption><thead><tr>
<th scope="col">Date</th><th scope="col">Milestone</th><th scope="col">What happened</th><th scope="col">Source</th>
<th scope="col">Confirmed from</th></tr></thead><tbody>{rows}</tbody></table>
<p>The sources were found in stored copies of public pages; the government's own copies of the memos and letters
were not read for this release. The official start of PEP (July 2015) is not marked: no source for it was read.</p>
""",
        rows=rows,
    )
    return _("<h2>Detainers: what the checks led to</h2>\n") + intro + "\n" + trac + "\n" + lifted + "\n" + milestones


def map_measures() -> str:
    """The map's measures (``measure=`` in a link), their source, period and classes, from dashboard/measures.py."""
    rows = "".join(
        f"<tr><td>{escape(_(m.label))}<br><code>measure={escape(m.name)}</code></td><td>{escape(_(m.title))}</td>"
        f"<td>{escape(measures.words(m.name, 'source'))}</td>"
        f"<td>{escape('; '.join(_(label) for label in m.labels))}</td>"
        f"<td>{escape('; '.join(_(label) for _key, label, _colour in measures.SPECIALS[m.name]))}</td></tr>"
        for m in measures.MEASURES.values()
    )
    return _(
        """\
<h2>What the map can colour counties by</h2>
<p>“The map shows” picks the measure. <strong>Activation</strong> (the default) colours each county by the day it
was activated, or by its status on the chosen date; counties not yet active are light grey. The detainer measures
are totals over TRAC's whole period, which spans the rollout: their maps do not change with the date, and a county's
detainers may predate its activation. Classes are fixed round numbers, the same in every state, each including its
lower bound. A county without a class says why, in its hover text, the map as a table and the download.</p>
<table><caption>Map measures</caption><thead><tr><th scope="col">Measure</th><th scope="col">What it counts</th>
<th scope="col">Source and period</th><th scope="col">Classes</th><th scope="col">Counties without a class</th>
</tr></thead><tbody>{rows}</tbody></table>""",
        rows=rows,
    )
