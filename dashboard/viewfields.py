"""The fields of a link one by one (dashboard/viewstate.py): each value understood, adjusted with a note, or
refused with a notice in the reader's language (a notice makes a download refuse the link)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from dashboard import i18n, releases
from dashboard.i18n import N_, _
from dashboard.text import fmt_day

if TYPE_CHECKING:
    from dashboard.bounds import Bounds
    from dashboard.viewstate import Parsed, View

MAX_COMPARE = 6
#: The earliest day a link may name: 1 Oct 2007, the start of FY2008 and of ICE's FOIA detainer records.
EARLIEST = date(2007, 10, 1)
#: Pins a link to a data release (``Dataset.release_id``); kept in :class:`Parsed`, not in :class:`View`: one
#: release is served at a time, so it changes nothing drawn (view caches stay whole), only what the reader is told.
RELEASE = "release"
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_STATE = re.compile(r"[A-Za-z]{2}")


def shown(value: str) -> str:
    """A user-supplied value made safe and short for a notice (the page escapes it again when rendering)."""
    printable = "".join(ch if ch.isprintable() else "?" for ch in value)
    return printable[:40] + ("…" if len(printable) > 40 else "")


def parse_date(value: str, view: View, bounds: Bounds, out: Parsed) -> View:
    text = value.strip()
    try:
        if not _ISO.fullmatch(text):
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        out.notices.append(
            _(
                "“{value}” is not a date (use YYYY-MM-DD); showing {day}.",
                value=shown(value),
                day=fmt_day(bounds.dates[-1]),
            )
        )
        return view
    first, last = bounds.dates[0], bounds.dates[-1]
    if day < EARLIEST or day > last:
        out.notices.append(
            _(
                "{day} is outside the period this map covers ({first} to {last}); showing {last}.",
                day=fmt_day(day),
                first=fmt_day(EARLIEST),
                last=fmt_day(last),
            )
        )
        return view
    if day < first:  # before the program: kept as given, shown as the country before the first activation
        return replace(view, date=day)
    snapped = bounds.snap(day)
    if snapped != day:
        out.info.append(
            _(
                "No county was activated on {day}; showing {shown}, the last activation date before it (the map is the "
                "same).",
                day=fmt_day(day),
                shown=fmt_day(snapped),
            )
        )
    return replace(view, date=snapped)


def parse_state(value: str, view: View, bounds: Bounds, notices: list[str]) -> View:
    code = value.strip().upper()
    if _STATE.fullmatch(code) and code in bounds.states:
        return replace(view, state=code)
    notices.append(_("Unknown state “{state}”; showing the whole country.", state=shown(value)))
    return view


def parse_county(value: str, view: View, bounds: Bounds, out: Parsed) -> View:
    code, note = bounds.resolve_county(value)
    if code is None:
        out.notices.append(
            _("No county has the code or name “{value}” (a 5-digit FIPS code such as 48201).", value=shown(value))
        )
        return view
    if note:
        out.info.append(note)
    return replace(view, county=code)


def parse_compare(value: str, view: View, bounds: Bounds, out: Parsed) -> View:
    chosen: list[str] = []
    unknown: list[str] = []
    for part in value.split(","):
        if not part.strip():
            continue
        code, note = bounds.resolve_county(part)
        if code is None:
            unknown.append(shown(part.strip()))
            continue
        if note:
            out.info.append(note)
        if code not in chosen:
            chosen.append(code)
    if unknown:
        out.notices.append(_("Left out of the comparison, not county codes: {codes}.", codes=", ".join(unknown[:5])))
    if len(chosen) > MAX_COMPARE:
        out.notices.append(
            _(
                "At most {max} counties can be compared; the first {max} of {n} are kept.",
                max=MAX_COMPARE,
                n=len(chosen),
            )
        )
        chosen = chosen[:MAX_COMPARE]
    return replace(view, compare=tuple(chosen))


def parse_release(given: list[str], bounds: Bounds, out: Parsed) -> None:
    """``release=``: the served release pins the link; any other gets a notice naming the release shown instead
    (:func:`dashboard.releases.notice`), never a silent switch. The notice makes a download refuse it."""
    value = out.release_asked = given[0].strip()
    if len(given) > 1 and any(v.strip() != value for v in given):
        out.notices.append(_("The link repeats “{key}”; the first value was used.", key=RELEASE))
    if value == bounds.release:
        out.release = value
        return
    out.release_notice = releases.notice(shown(value), bounds.release, bounds.retired)
    out.notices.append(out.release_notice)


UNKNOWN_LANG = N_("Unknown language “{lang}”: this page is shown in English. For Spanish, use lang=es.")


def unknown_language(value: str) -> str:
    """The notice for an unsupported ``lang=``, in the language the page falls back to and then in every other
    language the page has, so a reader who asked for neither still reads it (a Spanish reader sent ``lang=fr``)."""
    said = [_(UNKNOWN_LANG, lang=value)]
    for other in i18n.LANGS:
        if other != i18n.current():
            with i18n.language(other):
                said.append(_(UNKNOWN_LANG, lang=value))
    return " / ".join(said)
