"""The FIPS crosswalk's notes (``geodata/crosswalk.csv``, written in ``etl/rules``) in the reader's language.

The notes are the project's own explanations, not a source's wording, so each is a catalog message:
``tests/test_i18n.py`` fails when the layer carries a note the catalog has no Spanish for.
"""

from __future__ import annotations

from dashboard.i18n import N_, _

NOTES = (
    N_("Clifton Forge city became part of Alleghany County in 2001; its date must equal Alleghany County's own"),
    N_("South Boston city became part of Halifax County in 1995; its date must equal Halifax County's own"),
    N_(
        "Bedford city VA merged into Bedford County on 2013-07-01; Vintage 2019 estimates for 51019 include the city, "
        "so 51515 has no separate 2011-2013 estimate and 51019's 2011-2013 estimates are flagged"
    ),
    N_("Old Dade County code, replaced by Miami-Dade 12086 in 1997; undated in the source (12086 has its own date)"),
    N_("Skagway-Yakutat-Angoon Census Area, split in 1992; undated in the source; no 2010 county"),
    N_("Yellowstone National Park (MT), dissolved into Gallatin and Park counties in 1997; undated in the source"),
    N_("Not a valid Oregon county code; undated in the source"),
    N_("Shannon County SD was renamed Oglala Lakota County (new code 46102) in 2015"),
    N_("Wade Hampton Census Area AK was renamed Kusilvak Census Area (new code 02158) in 2015"),
    N_(
        "Prince of Wales-Outer Ketchikan Census Area became Prince of Wales-Hyder Census Area (02198) in 2008; the "
        "small parts that went to Ketchikan Gateway (02130) and Wrangell (02275) are dated by those counties' own rows"
    ),
    N_(
        "Skagway-Hoonah-Angoon Census Area was split in 2007 into Skagway Municipality (02230) and Hoonah-Angoon "
        "Census Area (02105); both parts take the parent's date"
    ),
    N_(
        "Wrangell-Petersburg Census Area was split in 2008 into Wrangell City and Borough (02275) and Petersburg "
        "Census Area (02195); both parts take the parent's date"
    ),
)
#: What a crosswalk row is and which data it applies to (``kind``, ``applies_to``).
KINDS = {
    "absorbed": N_("absorbed"),
    "merged_later": N_("merged later"),
    "obsolete": N_("obsolete code"),
    "rename": N_("renamed"),
    "split": N_("split"),
}
APPLIES_TO = {"activations": N_("activation dates"), "estimates_v2019": N_("population estimates (Vintage 2019)")}


def note(text: str) -> str:
    """A crosswalk note in the current language (as written when the catalog has none)."""
    return _(text) if text else text


def code(value: str, words: dict[str, str]) -> str:
    """A ``kind`` or ``applies_to`` value in words, in the current language (the value itself when unknown)."""
    return _(words[value]) if value in words else value
