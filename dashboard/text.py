"""Plain-language formatting shared by cards, figures, the methodology page and image captions."""

from __future__ import annotations

from datetime import date

import pandas as pd

QUALIFIER_WORDS = {"exact": "", "about": "about ", "more_than": "more than ", "almost": "almost "}


def fmt_day(d: pd.Timestamp | date) -> str:
    """``27 Oct 2008``: unambiguous for readers on both sides of the Atlantic."""
    return f"{pd.Timestamp(d):%-d %b %Y}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"


def qualified(value: float, qualifier: str, unit: str) -> str:
    """A published figure as its source worded it: "about 183,000", "more than 1,200", "82%"."""
    number = f"{value:,.0f}%" if unit == "percent" else f"{value:,.0f}"
    return QUALIFIER_WORDS.get(qualifier, "") + number
