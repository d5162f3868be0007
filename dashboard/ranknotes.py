"""Why a county is not ranked per non-citizen, in the reader's language.

The ETL writes ``rank_note`` in English (``geodata/detainers_trac_counties.csv``: reasons joined by ``"; "``). In
English it is shown as written. In Spanish each reason the ETL writes from a template is translated with its own
values (state, jail, counts: the numbers are the note's, never recomputed); a reason written by hand for one county
(a jail filed under a neighbouring city, a prison in the county) is summarised in one translated sentence that
points to the English note in the download, rather than shown half in English.
"""

from __future__ import annotations

import re

from dashboard.i18n import N_, _, current

#: Reasons the ETL writes from a template (etl/rates.py, etl/trac.py): pattern -> message with the same fields.
TEMPLATES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"too small to rank per non-citizen: ACS estimate below (?P<n>[\d,]+)"),
        N_("too small to rank per non-citizen: ACS estimate below {n}"),
    ),
    (
        re.compile(r"too small to rank per resident: fewer than (?P<n>[\d,]+) residents"),
        N_("too small to rank per resident: fewer than {n} residents"),
    ),
    (
        re.compile(
            r"too uncertain to rank per non-citizen: ACS coefficient of variation (?P<cv>\d+)% above (?P<max>\d+)%"
        ),
        N_("too uncertain to rank per non-citizen: ACS coefficient of variation {cv}% above {max}%"),
    ),
    (
        re.compile(r"not ranked: TRAC's 2017 scrape of (?P<state>.+) is incomplete \(partial: .*\)"),
        N_(
            "not ranked: TRAC's 2017 scrape of {state} is incomplete (it gives no state total and lists only part of "
            "the state's jails)"
        ),
    ),
    (
        re.compile(r"not ranked: (?P<state>.+) runs a unified state jail system, .*"),
        N_(
            "not ranked: {state} runs a unified state jail system, so detainers are filed at a few state facilities, "
            "not by the county where the arrest was made"
        ),
    ),
    (
        re.compile(
            r"not ranked: (?P<k>[\d,]+) of its (?P<n>[\d,]+) detainers are from '(?P<jail>.+)', a regional jail.*"
        ),
        N_(
            "not ranked: {k} of its {n} detainers are from '{jail}', a regional jail that holds arrestees of several "
            "counties"
        ),
    ),
]

#: A reason written for one county: its jail is filed elsewhere, holds other places' arrestees, or is missing.
OTHER = N_(
    "not ranked: TRAC's figures here are not this county's arrestees alone, or leave out its jail (the exact "
    "reason, in English, is the trac_rank_note column of the download)"
)


def rank_note_text(note: str) -> str:
    """``note`` (``rank_note`` as the ETL wrote it) in the current language; English: unchanged."""
    if current() == "en" or not note:
        return note
    out: list[str] = []
    for part in note.split("; "):
        for pattern, message in TEMPLATES:
            if m := pattern.fullmatch(part):
                out.append(_(message, **m.groupdict()))
                break
        else:
            if _(OTHER) not in out:
                out.append(_(OTHER))
    return "; ".join(out)
