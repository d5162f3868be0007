"""Plain-language formatting shared by cards, figures, the methodology page and image captions."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard import i18n

QUALIFIER_WORDS = {"exact": "", "about": "about ", "more_than": "more than ", "almost": "almost "}


def fmt_day(d: pd.Timestamp | date) -> str:
    """``27 Oct 2008`` (``27 oct 2008`` in Spanish): unambiguous on both sides of the Atlantic (Babel, see
    :func:`dashboard.i18n.fmt_day`)."""
    return i18n.fmt_day(d)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"


def qualified(value: float, qualifier: str, unit: str) -> str:
    """A published figure as its source worded it: "about 183,000", "more than 1,200", "82%"."""
    number = f"{value:,.0f}%" if unit == "percent" else f"{value:,.0f}"
    return QUALIFIER_WORDS.get(qualifier, "") + number


def count_noun(n: int, singular: str, plural: str) -> str:
    """``"1 county"``, ``"3,143 counties"``: a count with its noun in the right number."""
    return f"{n:,} {singular if n == 1 else plural}"


def share_of(part: int, total: int, singular: str, plural: str) -> str:
    """``"1,010 of 3,143 counties"``, ``"all 254 counties"``, ``"the only county"`` (DC), ``"0 of 1 county"``."""
    if part == total:
        return f"the only {singular}" if total == 1 else f"all {count_noun(total, singular, plural)}"
    return f"{part:,} of {count_noun(total, singular, plural)}"


def states_phrase(n_with_dc: int, dc: bool) -> str:
    """States reached, DC named apart (it is not a state): ``(51, True)`` → ``"50 states and DC"``,
    ``(1, False)`` → ``"1 state"``, ``(1, True)`` → ``"DC"``."""
    n = n_with_dc - (1 if dc else 0)
    if n == 0:
        return "DC" if dc else "no state"
    return count_noun(n, "state", "states") + (" and DC" if dc else "")


def in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: the first letter lower-cased unless the first word is an acronym or
    a proper noun kept as written (``"Transferred to ICE"`` → ``"transferred to ICE"``, ``"ICE arrests"`` stays)."""
    first = label.split(" ", 1)[0]
    if not label or first.isupper() or first in PROPER_NOUNS:
        return label
    return label[0].lower() + label[1:]


#: First words that keep their capital inside a sentence.
PROPER_NOUNS = {"Level", "Secure", "Census"}


def place(name: str, state_name: str) -> str:
    """``"Harris County, Texas"``; ``"District of Columbia"`` once, not twice."""
    return name if name == state_name else f"{name}, {state_name}"
