"""The words of the published county figures (``geodata/published_figures.csv``), in the reader's language.

Their measure, period note and who reported them are data strings written in English; each one a county card or the
comparison shows is marked here so the catalog carries its Spanish. Quotations of the source (``'nearly 2,500'``)
stay as the source wrote them, inside the translated note. Notes of a pattern (dates, "to Jun 2011") are read by
:mod:`dashboard.periodwords`; a string neither lists is a citation shown as written, marked ``lang="en"``.
"""

from __future__ import annotations

from dashboard.i18n import N_, _

METRICS = (
    N_("Fingerprint submissions"),
    N_("ICE arrests"),
    N_("Matches (people identified)"),
    N_("Matches: Level 1"),
    N_("Removals (deportations)"),
    N_("Removals with a conviction"),
    N_("Removals: Level 1"),
    N_("Removals: Level 2"),
    N_("Share of removals without a conviction"),
    N_("Transferred to ICE"),
)
PERIOD_NOTES = (
    N_("'criminal aliens identified' from activation to about 2009-11-12"),
    N_("'deported' from activation to about 2009-11-12"),
    N_("'identified' from activation to about 2009-11-12"),
    N_("'relinquished to ICE' up to about mid-2013; same comparison in the same article"),
    N_(
        "'turned over ... for deportation' up to about mid-2013 (article dated 2013-09-12); not the same measure as "
        "removals"
    ),
    N_("Level 1 among those identified"),
    N_("first six months after activation"),
    N_("first year"),
    N_("Level 1 deported"),
    N_("about 74% had a criminal conviction"),
    N_("share of those removals that were Level 1"),
    N_("first year after activation"),
    N_("first year after activation (release dated 2010-09-06)"),
    N_("first year after activation; 'more than 460'"),
    N_("first year after activation; 'nearly 2,500'"),
    N_("first year; 'aliens charged with or convicted of crimes' identified"),
    N_("share of those removals with no criminal conviction"),
)
#: The measures' definitions (geodata/metrics.csv), shown on the methodology page.
DEFINITIONS = (
    N_("Sets of fingerprints of people booked into local jails that were checked against DHS (IDENT) records"),
    N_("People whose fingerprints matched a DHS immigration record ('criminal aliens identified' in ICE's wording)"),
    N_(
        "People matched who were charged with or convicted of a 'Level 1' (most serious) offence in ICE's "
        "classification"
    ),
    N_("People matched who were charged with or convicted of Level 2 or Level 3 offences"),
    N_("People arrested or booked into ICE custody after a match"),
    N_("People arrested or booked into ICE custody after a match who had a criminal conviction"),
    N_("People handed over by the local jail to ICE; not the same measure as removals"),
    N_("People removed or returned from the US after being identified through Secure Communities"),
    N_("Removals of people who had a criminal conviction"),
    N_("Removals of people with no criminal conviction"),
    N_("Removals of people convicted of a Level 1 offence"),
    N_("Removals of people convicted of a Level 2 offence"),
    N_("Removals of people convicted of a Level 3 offence"),
    N_("Percentage of removals that were of people convicted of a Level 1 offence"),
    N_("Percentage of removals that were of people with no criminal conviction"),
)
REPORTED_BY = (
    N_("Associated Press, from ICE data"),
    N_(
        "CIS county map of SC removals (Vaughan & Griffith, May 2015), built from ICE interoperability statistics; "
        "publisher favours the program; reported by Breitbart"
    ),
    N_("Colorlines, citing ICE figures"),
    N_("Houston Chronicle (2009-07-13), reprinted"),
    N_("ICE news release"),
    N_("ICE news release, reposted"),
    N_("ImmigrationWire, citing a Dallas County report"),
    N_("Press-Telegram, citing ICE"),
    N_("San Francisco Chronicle, from ICE"),
    N_("ImmigrationWire, citing ICE"),
    N_("ICE news release (June 2011), reposted"),
    N_("blog quoting a news report"),
    N_("Viva Colorado, citing ICE"),
    N_("Police Magazine, citing ICE"),
)


#: Data strings that name a column of the source's table rather than say something: shown in a reader's words.
READER_WORDS = {
    "ice_arrests = arrested or booked into ICE custody": N_(
        "“ICE arrests” = people arrested or booked into ICE custody"
    ),
}


def words(text: str) -> str:
    """A published figure's data string in the current language (as written when the catalog has none)."""
    return _(READER_WORDS.get(text, text)) if text else text
