"""A published figure's period and source in the reader's language (``geodata/published_figures.csv``).

- :func:`span` — ``period_start``/``period_end`` (ISO in the data) as reading text: "27 oct 2008 a 27 abr 2009".
- :func:`note_parts` — a ``period_note`` as ``(text, quoted)`` parts: a part we generate or can parse ("to Jun
  2011", "Oct 2008 - Jun 2011", "FY2010 only", "to 2011-03-31") or one the catalog translates
  (:mod:`dashboard.figurewords`) is written in the current language, its dates by :func:`dashboard.i18n.fmt_day`;
  a quotation of the source ('screened') or a part we cannot read stays as written (``quoted``: shown in an element
  marked ``lang="en"``). :func:`note_text` joins them for plain text; :func:`note_children` for HTML.
- :func:`source_parts` — ``reported_by``: translated where it describes the source ("ICE news release"), as
  written where it is a title (a newspaper, a report's name): that is a citation, kept in its own language.

Downloads keep the data file's ISO dates; this module is for reading text only.
"""

from __future__ import annotations

import re

import pandas as pd
from dash import html

from dashboard import i18n
from dashboard.figurewords import words
from dashboard.i18n import N_, _

_MONTH = r"((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4})"
_ISO = r"(\d{4}-\d{2}-\d{2})"
_ISO_ANY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _month(text: str) -> str:
    return i18n.fmt_month(pd.Timestamp(f"1 {text}"))


def _day(text: str) -> str:
    return i18n.fmt_day(pd.Timestamp(text))


#: Period notes we can read: a pattern of the data file's English and its message (fields: month, day, start...).
PATTERNS = (
    (rf"to {_MONTH}", N_("to {month}"), ("month",)),
    (rf"to about {_MONTH}", N_("to about {month}"), ("month",)),
    (rf"to end of {_MONTH}", N_("to the end of {month}"), ("month",)),
    (rf"to {_ISO}", N_("to {day}"), ("day",)),
    (rf"{_MONTH} - {_MONTH}", N_("{start} to {end}"), ("start", "end")),
    (rf"cumulative {_MONTH} - {_MONTH}", N_("cumulative, {start} to {end}"), ("start", "end")),
    (rf"activation - {_MONTH}", N_("from activation to {month}"), ("month",)),
    (rf"first ([A-Z]{{2}}) activation - {_ISO}", N_("from the first activation in {state} to {day}"), ("state", "day")),
    (r"FY(\d{4}) only", N_("fiscal year {year} only"), ("year",)),
    (rf"first six months \(to about {_MONTH}\)", N_("first six months (to about {month})"), ("month",)),
    (rf"to about {_MONTH} \(([^,]+), {_ISO}\)", N_("to about {month} ({source}, {day})"), ("month", "source", "day")),
)
_QUOTE = re.compile(r"^('[^']+')(?: (.+))?$")


def _field(name: str, value: str) -> str:
    if name in ("month", "start", "end"):
        return _month(value)
    return _day(value) if name == "day" else value


def dates_in(text: str) -> str:
    """Every ISO date in ``text`` written as the current language writes a day (English text is left as it is)."""
    return text if i18n.current() == "en" else _ISO_ANY.sub(lambda m: _day(m[0]), text)


def month_in(text: object) -> str:
    """A month as the data writes it (``2011-04``) as the current language reads it (``abr 2011``; English: as is)."""
    if i18n.current() == "en" or not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d{2}", text):
        return text if isinstance(text, str) else ""
    return i18n.fmt_month(pd.Timestamp(text + "-01"))


def span(start: str, end: str) -> str:
    """``2008-10-27 to 2009-04-27`` in English; ``27 oct 2008 a 27 abr 2009`` in Spanish; ``to …`` without a
    start."""
    if start:
        return _("{start} to {end}", start=dates_in(start), end=dates_in(end))
    return _("to {end}", end=dates_in(end))


def _pattern(text: str) -> str | None:
    """``text`` in the current language if it is one of :data:`PATTERNS`."""
    for pattern, message, names in PATTERNS:
        if m := re.fullmatch(pattern, text):
            return _(message, **{n: _field(n, v) for n, v in zip(names, m.groups(), strict=True)})
    return None


def _part(text: str) -> list[tuple[str, bool]]:
    """One ``; ``-separated part of a note as ``(text, quoted)`` pieces."""
    if i18n.current() == "en":
        return [(words(text), False)]
    if (read := _pattern(text)) is not None:
        return [(read, False)]
    if (said := words(text)) != text:
        return [(dates_in(said), False)]
    if m := _QUOTE.match(text):  # a quotation of the source, then (maybe) our words
        rest = _part(m[2]) if m[2] else []
        return [(m[1], True), *([(" ", False)] if rest else []), *rest]
    return [(text, True)]


def note_parts(note: str) -> list[tuple[str, bool]]:
    """A period note as ``(text, quoted)`` pieces in the current language (see the module's docstring)."""
    if not note:
        return []
    if i18n.current() != "en" and _pattern(note) is None and (said := words(note)) != note:  # a whole note
        return [(dates_in(said), False)]
    out: list[tuple[str, bool]] = []
    for i, part in enumerate(note.split("; ")):
        out += ([("; ", False)] if i else []) + _part(part)
    return out


def note_text(note: str) -> str:
    return "".join(text for text, _quoted in note_parts(note))


def note_children(note: str) -> list:
    """The note for HTML: parts kept as the source wrote them in an element marked ``lang="en"``."""
    return [html.Span(text, lang="en") if quoted else text for text, quoted in note_parts(note)]


def source_parts(reported_by: str) -> tuple[str, bool]:
    """``(text, as written)``: who reported a figure, translated where the catalog describes it, else the citation
    as written (a title: shown marked ``lang="en"``)."""
    said = words(reported_by)
    if i18n.current() == "en" or said != reported_by:
        return dates_in(said), False
    return reported_by, True


def source_children(reported_by: str) -> object:
    text, as_written = source_parts(reported_by)
    return html.Span(text, lang="en") if as_written else text
