"""The methodology page's paragraphs (dashboard/methodology.py): catalog messages, HTML kept in the message and
values filled after translation (``{fields}``), so the English page reads exactly as it always has."""

from __future__ import annotations

from dashboard.i18n import N_

WHAT_IT_SHOWS = N_(
    """\
<h2>What the map shows</h2>
<p>Secure Communities (ICE, 2008-2013) sent the fingerprints of everyone booked into a local jail to DHS, where
they were checked against immigration records. ICE activated it jurisdiction by jurisdiction. The map shows, for
each of the {n} counties and county-equivalents of the 50 states and DC (2010 Census geography), the day it
was activated: from Harris County, Texas on {first} to the last \
{last_n} counties (Illinois and Alabama) on {last}, over {days} distinct
activation days.</p>"""
)

HOW_DATES = N_(
    """\
<h2>How the dates were made</h2>
<p>Every date comes from the day-precision county file of Vargas-Núñez, Bhatt, Seif, Mendoza, Laitin and Asad
(PNAS 2026), which follows Alsan and Yang (2018) as updated by Asad and Baer-Bositis (2025); they transcribed
ICE's published list "Secure Communities: Activated Jurisdictions". It is a researchers' transcription, not the
ICE list itself, and the version of the list used is not documented. Each county's date was cross-checked
against an independent month-precision transcription (Hadah). They agree on the month for every county that both
date, except {n} Indiana counties ({disagree}): the day-precision date (31 May 2011) is
kept and the rows are flagged. Where the ICE list named several agencies in one county (city police departments,
for example), the county has one date, as coded by the researchers: sub-county jurisdictions are collapsed into
their county.</p>
<p>"Counties in N states" counts states with at least one active county, as ICE's announcements did; ICE's own
running totals counted <em>jurisdictions</em>, which include a few sub-county agencies, so they differ slightly
(for example, ICE reported 1,008 jurisdictions in 38 states on 1 February 2011; the map has 1,010 counties).</p>"""
)

POPULATION = N_(
    """\
<h2>Population and non-citizens</h2>
<p>Shares of the population use the 2010 Census count ({people} people); shares of
non-citizens use the ACS 2006-2010 5-year estimate of residents who are not U.S. citizens (table B05001_006),
whose county margins of error (90%) are shown on each county card. Small counties' ACS estimates are noisy: read
the margin. July estimates for 2008-2010 come from the Census intercensal series, for 2011-2013 from Vintage 2019.
</p>"""
)

CROSSWALK = N_(
    """\
<h2>Codes that changed: the crosswalk</h2>
<p>The date file uses county codes of about 2000-2007; the map uses the 2010 set. Every difference is mapped by
an explicit row below (no matching by name or similarity). Five Alaska areas created in 2007-2008 take the date
of the area they were split from (all of Alaska was activated on 10 April 2012).</p>"""
)

KNOWN_GAPS = N_(
    """\
<h2>Known gaps</h2>
<ul>
<li><strong>No county-level match or removal counts.</strong> The number of people matched and deported through
the program in each county is in ICE's FOIA workbook <code>identIafisInteroperabilityStatsThroughDec2014.xlsx</code>
and its monthly "IDENT/IAFIS Interoperability Statistics" reports, which this project does not have; a user who has
them can add them with <code>python -m etl import-counts</code>. The map does not estimate them. It shows detainers
instead (below), and {figures} figures that ICE, GAO and the press published, each with its source, as
reference points. Several of those sources are partisan, and "matches", "transferred to ICE" and "removals" are
different measures.</li>
<li><strong>No territories.</strong> The transcribed list has no dates for Puerto Rico, Guam, the U.S. Virgin
Islands or the Northern Mariana Islands; they are not on the map.</li>
<li><strong>Sub-county jurisdictions</strong> are collapsed into their county (see above).</li>
<li>Bedford city, Virginia merged into Bedford County in July 2013, after the rollout; the Census Vintage 2019
estimates for 2011-2013 do not separate them, so those two estimates are shown as missing (Bedford city) or
flagged as including the city (Bedford County).</li>
</ul>"""
)

PUBLISHED = N_(
    """\
<h2>Published figures</h2>
<table><caption>Counts published by ICE, GAO and the press</caption><thead><tr><th scope="col">Id</th>
<th scope="col">Place</th><th scope="col">Measure</th><th scope="col">Value</th><th scope="col">Period</th>
<th scope="col">Source</th></tr></thead><tbody>{rows}</tbody></table>"""
)

REPRODUCE = N_(
    """\
<h2>Reproduce</h2>
<p>The layer behind this page is rebuilt from the inputs above by <code>python -m etl build --raw DIR</code>;
<code>python -m etl check --raw DIR</code> proves the published layer is what the inputs produce. Release
<code>{release}</code>; every output file's sha256 is in <code>geodata/manifest.json</code>.</p>"""
)
