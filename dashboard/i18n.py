"""The reader's language: English (the source strings) or Spanish, through gettext catalogs read with Babel.

- :data:`LANGS` — the languages a view may ask for (``lang=es`` in the URL; English is the default and is
  never written into a link);
- :func:`language` — a context manager that sets the language of everything computed inside it (one request, one
  callback, one layout at start-up); :func:`current` reads it;
- :func:`_` / :func:`ngettext` — a message in the current language (``str.format`` fields filled after
  translation, so a translator may reorder them); :func:`N_` marks a message for extraction without translating
  it (module-level labels, translated where they are shown);
- :func:`fmt_day`, :func:`fmt_int`, :func:`fmt_pct` — dates and numbers as each language writes them (Babel's CLDR
  data; Spanish as written in the United States, ``es_US``: "27 oct 2008", "3,143", "55.1%").

Catalogs: ``dashboard/locale/<lang>/LC_MESSAGES/messages.po`` (text, committed), compiled in memory on first use,
so there is no build step and no binary in the repository. Extract and update them with Babel's ``pybabel``
(``babel.cfg``; the commands are in README.md). ``tests/test_i18n.py`` fails on any message without a Spanish
translation.
"""

from __future__ import annotations

import contextlib
import functools
import io
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import pandas as pd
from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations

LANGS = ("en", "es")
DEFAULT_LANG = "en"
#: The language's name in itself, for the switch.
NAMES = {"en": "English", "es": "Español"}
#: CLDR locale for dates and numbers: Spanish as written in the United States (comma thousands, point decimals).
LOCALES = {"en": "en_US", "es": "es_US"}
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_lang: ContextVar[str] = ContextVar("sc_lang", default=DEFAULT_LANG)
T = TypeVar("T")


@contextlib.contextmanager
def language(lang: str) -> Iterator[str]:
    """Everything computed inside speaks ``lang`` (an unknown code falls back to English)."""
    token = _lang.set(lang if lang in LANGS else DEFAULT_LANG)
    try:
        yield _lang.get()
    finally:
        _lang.reset(token)


def current() -> str:
    return _lang.get()


@lru_cache(maxsize=len(LANGS))
def catalog(lang: str) -> NullTranslations:
    """The compiled catalog for ``lang`` (English: the identity). Raises ``FileNotFoundError`` if a language in
    :data:`LANGS` has no ``messages.po``."""
    if lang == DEFAULT_LANG:
        return NullTranslations()
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", "rb") as po:
        messages = read_po(po, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, messages)
    buffer.seek(0)
    return Translations(buffer)


def _(message: str, **fields: object) -> str:
    """``message`` in the current language, with ``{fields}`` filled in after translation."""
    text = catalog(current()).gettext(message)
    return text.format(**fields) if fields else text


def ngettext(singular: str, plural: str, n: int, **fields: object) -> str:
    """The singular or plural message for ``n`` in the current language; ``{n}`` is filled with ``n`` formatted."""
    text = catalog(current()).ngettext(singular, plural, n)
    return text.format(n=fmt_int(n), **fields)


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name
    """Mark ``message`` for extraction; translate it with :func:`_` where it is shown."""
    return message


def locale() -> Locale:
    return _locale(current())


@lru_cache(maxsize=len(LANGS))  # parsed once per language (every date and number written asks for it)
def _locale(lang: str) -> Locale:
    return Locale.parse(LOCALES[lang])


def cached_in_language(maxsize: int) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """An ``lru_cache`` of ``maxsize`` entries keyed by the arguments *and* the current language, for a pure function
    whose words depend on the language (the arguments must be hashable; the result is shared: never mutate it)."""

    def decorate(fn: Callable[..., T]) -> Callable[..., T]:
        @lru_cache(maxsize=maxsize)
        def in_language(lang: str, *args: object) -> T:
            with language(lang):
                return fn(*args)

        @functools.wraps(fn)
        def cached(*args: object) -> T:
            return in_language(current(), *args)

        cached.cache_info, cached.cache_clear = in_language.cache_info, in_language.cache_clear  # type: ignore[attr-defined]
        return cached

    return decorate


def fmt_day(d: pd.Timestamp | date) -> str:
    """``27 Oct 2008`` / ``27 oct 2008``: day, abbreviated month, year — unambiguous on both sides of the Atlantic."""
    return format_date(pd.Timestamp(d).date(), "d MMM y", locale=locale())


def fmt_month(d: pd.Timestamp | date) -> str:
    """``Oct 2008`` / ``oct 2008``."""
    return format_date(pd.Timestamp(d).date(), "MMM y", locale=locale())


def month_abbreviations() -> list[str]:
    """January to December as :func:`fmt_day` abbreviates them (``Jan`` / ``ene``), for the browser."""
    return [format_date(date(2001, m, 1), "MMM", locale=locale()) for m in range(1, 13)]


def fmt_int(n: float) -> str:
    """``3,143`` in both English and U.S. Spanish."""
    return format_decimal(round(n), locale=locale())


def fmt_pct(value: float, digits: int = 1) -> str:
    """``55.1%`` from 55.1 (a percentage, not a share)."""
    pattern = "#,##0." + "0" * digits + "%" if digits else "#,##0%"
    return format_percent(value / 100, format=pattern, locale=locale())
