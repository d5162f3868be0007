"""The methodology page: every source with its citation and checksum, how the dates were made, the crosswalk,
the known gaps and the data release — rendered once per process as plain HTML (works without JavaScript)."""

from __future__ import annotations

from html import escape

import pandas as pd

from dashboard import measures, timeline
from dashboard.data import Dataset
from dashboard.text import fmt_day
from etl import contract_detainers as cd


def _table(df: pd.DataFrame, columns: list[tuple[str, str]], caption: str) -> str:
    head = "".join(f'<th scope="col">{escape(label)}</th>' for _, label in columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(str(r[col]))}</td>" for col, _ in columns) + "</tr>" for _, r in df.iterrows()
    )
    return f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _link(url: str | None) -> str:
    if not url:
        return "no public address (compiled for this project; each row carries its own source address)"
    return f'<a href="{escape(url)}" rel="noopener noreferrer nofollow">{escape(url)}</a>'


def _detainer_sections(ds: Dataset) -> str:
    """What a detainer is, where the counts come from, what a U.S.-citizen lift means, and the milestones' sources."""
    nat = ds.detainers[cd.NATIONAL]
    lifted = ds.detainers[cd.LIFTED]
    us = lifted[lifted["reason"] == "us_citizen"]
    placed = int(us.loc[us["level"] == "county", "records"].sum())
    states = sorted(us.loc[us["state"] != "", "state"].unique())
    qa = ds.detainers[cd.TRAC_STATES]
    partial = qa.loc[qa["scrape"].str.startswith("partial"), "state_name"].tolist()
    unresolved = ds.detainers[cd.TRAC_UNRESOLVED]
    unlisted = unresolved.loc[unresolved["facility"].str.strip() == "Facility Not Listed", "detainers"].sum()
    total = int(qa["facility_sum"].sum())
    kept_out = unresolved.loc[unresolved["fips"] != "", "detainers"].sum()
    rows = "".join(
        f"<tr><td>{escape(fmt_day(m.date))}</td><td>{escape(m.label)}</td><td>{escape(m.detail)}</td>"
        f"<td>{escape(m.source)}{'<br>' + _link(m.url) if m.url else ''}</td><td>{escape(m.confirmed)}</td></tr>"
        for m in timeline.milestones().itertuples()
    )
    return f"""<h2>Detainers: what the checks led to</h2>
<p>A <strong>detainer</strong> (ICE form I-247) is ICE's request that a jail hold a person it has identified, so that
ICE can take them into custody: the step at which a Secure Communities match could become an ICE arrest (ICE took
custody in about half to two thirds of them). The timeline's
lower panel counts the detainers ICE lodged nationwide each month, {int(nat["detainers"].sum()):,} from October 2007
to July 2015 (ICE's own records released under FOIA and published by NPR in 2016; July 2015 runs only to the 19th).
These count detainers, not people: one person can have several. They include detainers from every ICE program, not
only Secure Communities.</p>
<p>County cards and the comparison give each county's <strong>cumulative detainers</strong> from TRAC's detainer
tool (Syracuse University), scraped in 2017: TRAC lists jails, which the project sums to counties by the county TRAC
printed. TRAC does not state the period: about Oct 2007 to mid 2015 (FY2008 to mid FY2015), consistent with ICE's
FOIA records. State and federal prisons and ICE or U.S. Marshals centres are kept out of county sums; "ICE took custody"
and "not taken" are kept apart; counties are ranked per 1,000 non-citizen residents (ACS 2006-2010, with its margin
of error) only where the estimate is large and certain enough, and not where a regional jail or another county's
jail is filed under them, nor in a state whose jails the state runs (AK, CT, DE, HI, RI, VT) or that TRAC's scrape
covers only in part ({escape(", ".join(partial))}; Kansas and Montana have no row at all). A county TRAC does not
list is <em>not known to be zero</em>. {int(unlisted):,} of TRAC's detainers ({unlisted / total:.1%}) name no
facility and are in no county, and {int(kept_out):,} ({kept_out / total:.0%}) were lodged at state or federal
prisons or ICE and U.S. Marshals centres, which hold people arrested elsewhere: they are listed, not counted in any
county.</p>
<h3>Detainers lifted because the person was a U.S. citizen</h3>
<p>ICE's records give the reason a detainer was lifted. "United States Citizen Interviewed" means ICE withdrew the
request after finding that the person held was a U.S. citizen, whom ICE has no power to detain:
{int(us["records"].sum()):,} such records, Oct 2007 to Jul 2015, in {len(states)} states, territories and DC;
{placed:,} could be placed
in a county (the facility is a county jail in a city that lies in one county). What it cannot show: citizens
who were held on a detainer that was never lifted for that reason, or released before ICE interviewed them, are not
counted, so this is a floor, not the number of citizens held. The card of each county where such lifts occur says
how many, and how many more in its state could not be placed.</p>
<h3>Policy milestones on the timeline</h3>
<table><caption>Milestones, with their sources and what could not be confirmed</caption><thead><tr>
<th scope="col">Date</th><th scope="col">Milestone</th><th scope="col">What happened</th><th scope="col">Source</th>
<th scope="col">Confirmed from</th></tr></thead><tbody>{rows}</tbody></table>
<p>The sources were found in stored copies of public pages; the government's own copies of the memos and letters
were not read for this release. The official start of PEP (July 2015) is not marked: no source for it was read.</p>
"""


def _map_measures() -> str:
    """The map's measures (``measure=`` in a link), their source, period and classes, from dashboard/measures.py."""
    rows = "".join(
        f"<tr><td>{escape(m.label)}<br><code>measure={escape(m.name)}</code></td><td>{escape(m.title)}</td>"
        f"<td>{escape(m.source)}</td><td>{escape('; '.join(m.labels))}</td>"
        f"<td>{escape('; '.join(label for _, label, _ in measures.SPECIALS[m.name]))}</td></tr>"
        for m in measures.MEASURES.values()
    )
    return f"""<h2>What the map can colour counties by</h2>
<p>“The map shows” picks the measure. <strong>Activation</strong> (the default) colours each county by the day it
was activated, or by its status on the chosen date; counties not yet active are light grey. The detainer measures
are totals over TRAC's whole period, which spans the rollout: their maps do not change with the date, and a county's
detainers may predate its activation. Classes are fixed round numbers, the same in every state, each including its
lower bound. A county without a class says why, in its hover text, the map as a table and the download.</p>
<table><caption>Map measures</caption><thead><tr><th scope="col">Measure</th><th scope="col">What it counts</th>
<th scope="col">Source and period</th><th scope="col">Classes</th><th scope="col">Counties without a class</th>
</tr></thead><tbody>{rows}</tbody></table>"""


def render(ds: Dataset) -> str:
    c = ds.counties
    inputs = "".join(
        f"<li><strong>{escape(i['path'])}</strong><br>{escape(i['citation'])}<br>Address: {_link(i.get('url'))}"
        + (f"<br>sha256 <code>{escape(i['sha256'])}</code>" if i.get("sha256") else "")
        + "</li>"
        for i in ds.manifest["inputs"]
    )
    disagree = c[c["second_source_agrees"] == False]  # noqa: E712 - pandas nullable boolean
    disagree_list = ", ".join(f"{r['name']} ({r['second_source_month']})" for _, r in disagree.iterrows())
    figures = ds.figures.assign(
        shown=ds.figures["qualifier"].map(
            {"exact": "", "about": "about ", "more_than": "more than ", "almost": "almost "}
        )
        + ds.figures["value"].map("{:,.0f}".format)
    )
    fig_rows = "".join(
        f"<tr><td>{escape(r['figure_id'])}</td><td>{escape(r['place'])}</td><td>{escape(r['metric_label'])}</td>"
        f"<td>{escape(r['shown'])}</td>"
        f"<td>{escape(r['period_start'] or '…')} to {escape(r['period_end'])}</td>"
        f"<td>{escape(r['reported_by'])}<br>{_link(r['source_url'])}</td></tr>"
        for _, r in figures.iterrows()
    )
    body = f"""
<h1>Methodology and sources</h1>
<p><a href="/">← Back to the map</a> · Data release <code>{escape(ds.release_id)}</code></p>

<h2>What the map shows</h2>
<p>Secure Communities (ICE, 2008-2013) sent the fingerprints of everyone booked into a local jail to DHS, where
they were checked against immigration records. ICE activated it jurisdiction by jurisdiction. The map shows, for
each of the {len(c):,} counties and county-equivalents of the 50 states and DC (2010 Census geography), the day it
was activated: from Harris County, Texas on {ds.first_date:%-d %B %Y} to the last {
        int((c["activation_date"] == ds.last_date).sum())
    } counties (Illinois and Alabama) on {ds.last_date:%-d %B %Y}, over {len(ds.dates)} distinct
activation days.</p>

<h2>How the dates were made</h2>
<p>Every date comes from the day-precision county file of Vargas-Núñez, Bhatt, Seif, Mendoza, Laitin and Asad
(PNAS 2026), which follows Alsan and Yang (2018) as updated by Asad and Baer-Bositis (2025); they transcribed
ICE's published list "Secure Communities: Activated Jurisdictions". It is a researchers' transcription, not the
ICE list itself, and the version of the list used is not documented. Each county's date was cross-checked
against an independent month-precision transcription (Hadah). They agree on the month for every county that both
date, except {len(disagree)} Indiana counties ({escape(disagree_list)}): the day-precision date (31 May 2011) is
kept and the rows are flagged. Where the ICE list named several agencies in one county (city police departments,
for example), the county has one date, as coded by the researchers: sub-county jurisdictions are collapsed into
their county.</p>
<p>"Counties in N states" counts states with at least one active county, as ICE's announcements did; ICE's own
running totals counted <em>jurisdictions</em>, which include a few sub-county agencies, so they differ slightly
(for example, ICE reported 1,008 jurisdictions in 38 states on 1 February 2011; the map has 1,010 counties).</p>

<h2>Population and non-citizens</h2>
<p>Shares of the population use the 2010 Census count ({int(c["pop_2010_census"].sum()):,} people); shares of
non-citizens use the ACS 2006-2010 5-year estimate of residents who are not U.S. citizens (table B05001_006),
whose county margins of error (90%) are shown on each county card. Small counties' ACS estimates are noisy: read
the margin. July estimates for 2008-2010 come from the Census intercensal series, for 2011-2013 from Vintage 2019.
</p>

<h2>Codes that changed: the crosswalk</h2>
<p>The date file uses county codes of about 2000-2007; the map uses the 2010 set. Every difference is mapped by
an explicit row below (no matching by name or similarity). Five Alaska areas created in 2007-2008 take the date
of the area they were split from (all of Alaska was activated on 10 April 2012).</p>
{
        _table(
            ds.crosswalk,
            [("from_fips", "From"), ("to_fips", "To"), ("kind", "Kind"), ("applies_to", "Applies to"), ("note", "Why")],
            "FIPS crosswalk",
        )
    }

{_detainer_sections(ds)}

<h2>Known gaps</h2>
<ul>
<li><strong>No county-level match or removal counts.</strong> The number of people matched and deported through
the program in each county is in ICE's FOIA workbook <code>identIafisInteroperabilityStatsThroughDec2014.xlsx</code>
and its monthly "IDENT/IAFIS Interoperability Statistics" reports, which this project does not have; a user who has
them can add them with <code>python -m etl import-counts</code>. The map does not estimate them. It shows detainers
instead (below), and {len(ds.figures)} figures that ICE, GAO and the press published, each with its source, as
reference points. Several of those sources are partisan, and "matches", "transferred to ICE" and "removals" are
different measures.</li>
<li><strong>No territories.</strong> The transcribed list has no dates for Puerto Rico, Guam, the U.S. Virgin
Islands or the Northern Mariana Islands; they are not on the map.</li>
<li><strong>Sub-county jurisdictions</strong> are collapsed into their county (see above).</li>
<li>Bedford city, Virginia merged into Bedford County in July 2013, after the rollout; the Census Vintage 2019
estimates for 2011-2013 do not separate them, so those two estimates are shown as missing (Bedford city) or
flagged as including the city (Bedford County).</li>
</ul>

<h2>Sources</h2>
<ul>{inputs}</ul>

{_map_measures()}

<h2>Published figures</h2>
<table><caption>Counts published by ICE, GAO and the press</caption><thead><tr><th scope="col">Id</th>
<th scope="col">Place</th><th scope="col">Measure</th><th scope="col">Value</th><th scope="col">Period</th>
<th scope="col">Source</th></tr></thead><tbody>{fig_rows}</tbody></table>

<h2>Measures</h2>
{_table(ds.metrics, [("label", "Measure"), ("definition", "Definition")], "Measures used in published figures")}

<h2>Reproduce</h2>
<p>The layer behind this page is rebuilt from the inputs above by <code>python -m etl build --raw DIR</code>;
<code>python -m etl check --raw DIR</code> proves the published layer is what the inputs produce. Release
<code>{escape(ds.release_id)}</code>; every output file's sha256 is in <code>geodata/manifest.json</code>.</p>
"""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Methodology and sources — Secure Communities rollout map</title>
<meta name="description" content="Sources, transcription, crosswalk and known gaps behind the Secure Communities
county rollout map (2008-2013).">
<link rel="stylesheet" href="/assets/style.css"></head>
<body><div class="page method"><main>{body}</main></div></body></html>"""
