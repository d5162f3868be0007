"""Plain-language formatting shared by cards, figures, the methodology page and image captions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd

from dashboard import i18n
from dashboard.i18n import N_, _, ngettext

#: How a source qualified its figure ("about 183,000"); ``{number}`` is the figure as the language writes it.
QUALIFIER_WORDS = {
    "exact": "{number}",
    "about": N_("about {number}"),
    "more_than": N_("more than {number}"),
    "almost": N_("almost {number}"),
}


def fmt_day(d: pd.Timestamp | date) -> str:
    """``27 Oct 2008`` (``27 oct 2008`` in Spanish): unambiguous on both sides of the Atlantic (Babel, see
    :func:`dashboard.i18n.fmt_day`)."""
    return i18n.fmt_day(d)


def ordinal(n: int, before_noun: bool = False) -> str:
    """``3rd`` in English. In Spanish the RAE abbreviation: ``3.º`` (tercero) standing alone, ``3.er`` before a
    masculine singular noun (``before_noun``: "el 3.er condado de Texas"; primer/tercer lose their -o, so do
    21.er, 13.er; 11.º stays: undécimo)."""
    if i18n.current() == "es":
        short = before_noun and n % 10 in (1, 3) and n % 100 != 11
        return i18n.fmt_int(n) + (".er" if short else ".º")
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"


def qualified(value: float, qualifier: str, unit: str) -> str:
    """A published figure as its source worded it: "about 183,000", "more than 1,200", "82%"."""
    number = i18n.fmt_pct(value, 0) if unit == "percent" else i18n.fmt_int(value)
    word = QUALIFIER_WORDS.get(qualifier, "{number}")
    return _(word, number=number) if word != "{number}" else number


#: The counted nouns the code uses, each with its plural forms in every language (``{n}``: the count).
COUNTED: dict[str, Callable[[int], str]] = {
    "county": lambda n: ngettext("{n} county", "{n} counties", n),
    "state": lambda n: ngettext("{n} state", "{n} states", n),
    "day": lambda n: ngettext("{n} day", "{n} days", n),
    "other": lambda n: ngettext("{n} other", "{n} others", n),
    "more county": lambda n: ngettext("{n} more county", "{n} more counties", n),
}


def count_noun(n: int, singular: str, plural: str) -> str:
    """``"1 county"``, ``"3,143 counties"``: a count with its noun in the right number, in the current language.
    Only the nouns in :data:`COUNTED` (each with its ngettext plurals): gluing an English plural to a number would
    show "1 días" or "3 county" in Spanish, so any other noun is an error, not a fallback."""
    if singular not in COUNTED:
        raise KeyError(f"count_noun: add {singular!r}/{plural!r} to text.COUNTED (with ngettext) before counting it")
    return COUNTED[singular](n)


def share_of(part: int, total: int, singular: str, plural: str) -> str:
    """``"1,010 of 3,143 counties"``, ``"all 254 counties"``, ``"the only county"`` (DC), ``"0 of 1 county"``."""
    if part == total and total == 1:
        only = {"county": N_("the only county"), "state": N_("the only state")}.get(singular)
        if only is None:
            raise KeyError(f"share_of: no message for 'the only {singular}'")
        return _(only)
    whole = count_noun(total, singular, plural)
    if part == total:
        return _("all {whole}", whole=whole)
    return _("{part} of {whole}", part=i18n.fmt_int(part), whole=whole)


def states_phrase(n_with_dc: int, dc: bool) -> str:
    """States reached, DC named apart (it is not a state): ``(51, True)`` → ``"50 states and DC"``,
    ``(1, False)`` → ``"1 state"``, ``(1, True)`` → ``"DC"``."""
    n = n_with_dc - (1 if dc else 0)
    if n == 0:
        return "DC" if dc else _("no state")
    states = count_noun(n, "state", "states")
    return _("{states} and DC", states=states) if dc else states


def in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: the first letter lower-cased unless the first word is an acronym or
    a proper noun kept as written (``"Transferred to ICE"`` → ``"transferred to ICE"``, ``"ICE arrests"`` stays)."""
    first = label.split(" ", 1)[0]
    if not label or first.isupper() or first in PROPER_NOUNS:
        return label
    return label[0].lower() + label[1:]


#: First words that keep their capital inside a sentence.
PROPER_NOUNS = {"Level", "Secure", "Census"}


def dropdown_labels(**overrides: str) -> dict[str, str]:
    """The texts ``dcc.Dropdown`` draws itself (its ``labels`` prop: Dash's English defaults, translated), in the
    language the layout is built in; ``overrides`` replace some (an empty string hides that control)."""
    labels = {
        "select_all": _("Select All"),
        "deselect_all": _("Deselect All"),
        "selected_count": _("{num_selected} selected"),  # Dash fills {num_selected} in the browser
        "search": _("Search"),
        "clear_search": _("Clear search"),
        "clear_selection": _("Clear selection"),
        "no_options_found": _("No options found"),
    }
    return {**labels, **overrides}
