"""The one owner of the view in the URL: parse, validate and serialize it.

A view is everything a shared link must restore: the date, the selected county, the comparison set, the state
filter, the colour mode and the map's measure
(``/?date=2011-02-01&county=48201&compare=06037,04013&state=TX&mode=status&measure=rate``). The
page and the downloads read it through :func:`parse`; the page writes it through :func:`serialize`; a control
changes one field of it through :func:`with_change`, so the URL stays the one source of truth for the view.

Dates: an activation date is kept; a day between two activation dates snaps back to the earlier one (the map is
the same) with a note; a day before the first activation (from :data:`EARLIEST`) is kept as given and shows the
country before the program (slider step 0, see :meth:`Bounds.steps`). County codes and names go through the
project's one matcher (:mod:`etl.names`): a post-2010 code such as 46102 (Oglala Lakota) finds its 2010 county.
A CMS that escaped ``&`` to ``&amp;`` leaves parameters named ``amp;state``: they are read as ``state``.

Bad values never raise: each falls back to its default and adds a friendly notice (the page shows them; the
download routes turn them into a 400). Links in published articles must keep working, so these parameter names
are a public contract.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import parse_qs, urlencode

from dashboard import i18n, releases
from dashboard.bounds import Bounds
from dashboard.i18n import _
from dashboard.placenames import county_label, state_name
from dashboard.viewfields import (  # noqa: F401 - EARLIEST, MAX_COMPARE, RELEASE: part of this module's contract
    EARLIEST,
    MAX_COMPARE,
    RELEASE,
    parse_compare,
    parse_county,
    parse_date,
    parse_release,
    parse_state,
    unknown_language,
)
from dashboard.viewfields import shown as _shown

MODES = ("cohort", "status")
DEFAULT_MODE = "cohort"
MAX_VALUE_LENGTH = 200
#: What the map colours counties by (``measure=``; the definitions, bins and words are in dashboard/measures.py):
#: ``activation`` (default, left out of links; coloured by ``mode``), ``detainers`` (TRAC's count), ``rate`` (per
#: 1,000 non-citizens), ``custody`` (share ICE took into custody), ``citizen`` (U.S.-citizen detainers).
MEASURES = ("activation", "detainers", "rate", "custody", "citizen")
DEFAULT_MEASURE = "activation"
PARAMS = ("date", "county", "compare", "state", "mode", "measure", "lang")
MAX_FIELDS = 50
#: Parameters that say where a link came from, not what it shows: accepted without a word.
TRACKING = ("utm_", "fbclid", "gclid", "mc_")
#: Parameters pym.js adds to an embed's address (its child id, the host's width, title and address): accepted
#: without a word; ``childId`` names the embed in its height messages (``assets/embed-size.js``).
PYM = ("childId", "initialWidth", "parentTitle", "parentUrl")

_FIPS = re.compile(r"\d{5}")


@dataclass(frozen=True)
class View:
    """A validated view. ``date`` is always one of the activation dates (the map only changes on those)."""

    date: date
    county: str | None = None
    compare: tuple[str, ...] = ()
    state: str | None = None
    mode: str = DEFAULT_MODE
    measure: str = DEFAULT_MEASURE
    lang: str = i18n.DEFAULT_LANG  # the reader's language (dashboard/i18n.py): every word drawn depends on it


@dataclass
class Parsed:
    """A view plus what the reader should be told: ``notices`` for values that fell back to a default (a
    download refuses those with a 400), ``info`` for values that were understood but adjusted."""

    view: View
    notices: list[str] = field(default_factory=list)
    info: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    #: The release the link is pinned to, when it is the one served (else None, and ``release_notice`` says why).
    release: str | None = None
    release_notice: str | None = None
    release_asked: str | None = None

    @property
    def link_release(self) -> str | None:
        """The release a page's own address keeps: the one served, or a retired or unknown release id asked for (so
        a reload or a shared copy says again that it is not shown, never switching silently); not a malformed one."""
        asked = self.release_asked
        return self.release or (asked if asked and releases.RELEASE_ID.fullmatch(asked) else None)


#: How a page notice says what it did instead, in each language (cut from a download's refusal).
_FALLBACKS = (
    *("; showing", "; the first", " and was ignored"),
    *("; se muestra", "; se usó", "; se conservan", " y se ignoró"),
)


def refusal(notice: str) -> str:
    """A page notice as the reason a download is refused: what it fell back to is cut (nothing is served)."""
    for fallback in _FALLBACKS:
        if fallback in notice:
            return notice.split(fallback)[0].rstrip(" .") + "."
    return notice


def is_elsewhere_note(info: str) -> bool:
    """Whether an info line is "<county> is not in <state>: …" (in either language): finding a county moves the map
    to its state, so the line no longer applies."""
    return " is not in " in info or " no está en " in info


def page_view(view: View, bounds: Bounds) -> View:
    """The view the page opens for a link: a county with no state filter shows the county's state, as picking the
    county does (so ``/?county=48201`` opens as Harris was found: Texas, its table and a link with ``state=TX``). Only
    the page: an embed or a download of such a link keeps the whole country (links in published articles)."""
    if view.county and not view.state and view.county in bounds.county_state:
        return replace(view, state=bounds.county_state[view.county])
    return view


def _unescaped(raw: dict[str, list[str]]) -> dict[str, list[str]]:
    """Parameters as meant: ``amp;state`` (a link whose ``&`` a CMS escaped to ``&amp;``) is ``state``."""
    out: dict[str, list[str]] = {}
    for key, values in raw.items():
        name = key
        while name.startswith("amp;"):
            name = name[4:]
        out.setdefault(name, []).extend(values)
    return out


def _strings(values: object) -> list[str]:
    """The text values of one mapping entry (a callback or a caller may hand anything over)."""
    if isinstance(values, (list, tuple)):
        return [v for v in values if isinstance(v, str)]
    return []


def parse(query: str | Mapping[str, Sequence[str]], bounds: Bounds) -> Parsed:
    """Turn a query string (with or without ``?``) or parsed mapping into a valid view plus notices, worded in the
    language the link asks for (else the request's)."""
    with i18n.language(_asked_lang(query) or i18n.current()):
        return _parse(query, bounds)


def _asked_lang(query: object) -> str | None:
    """The ``lang=`` a query asks for, if it is one of :data:`dashboard.i18n.LANGS`."""
    try:
        raw = parse_qs(query.lstrip("?"), max_num_fields=MAX_FIELDS) if isinstance(query, str) else query
    except ValueError:
        return None
    values = _strings(raw.get("lang")) if isinstance(raw, Mapping) else []
    if isinstance(raw, Mapping) and isinstance(raw.get("lang"), str):
        values = [raw["lang"]]
    lang = values[0].strip().lower() if values else None
    return lang if lang in i18n.LANGS else None


def _parse(query: str | Mapping[str, Sequence[str]], bounds: Bounds) -> Parsed:
    out = Parsed(view=bounds.default())
    if isinstance(query, str):
        try:
            raw = parse_qs(query.lstrip("?"), keep_blank_values=True, max_num_fields=MAX_FIELDS)
        except ValueError:  # more than MAX_FIELDS parameters: refuse them all rather than raise
            raw = {}
            out.notices.append(_("The link has too many parameters; showing the default view."))
    elif isinstance(query, Mapping):
        raw = {k: [v] if isinstance(v, str) else _strings(v) for k, v in query.items()}
    else:  # a callback payload can carry anything; it is simply not a view
        raw = {}
    raw = _unescaped(raw)
    unknown = [k for k in raw if k not in (*PARAMS, RELEASE, *PYM) and not k.startswith(TRACKING)]
    if unknown:
        out.unknown = unknown
        keys = ", ".join("“" + _shown(k) + "”" for k in unknown[:5])
        out.info.append(_("Ignored, not a setting of this map: {keys}.", keys=keys))
    values: dict[str, str] = {}
    for key in PARAMS:
        given = raw.get(key, [])
        if len(given) > 1:
            out.notices.append(_("The link repeats “{key}”; the first value was used.", key=key))
        if given:
            values[key] = given[0]
    for key, value in values.items():
        if len(value) > MAX_VALUE_LENGTH:
            out.notices.append(_("The value of “{key}” in the link is too long and was ignored.", key=key))
            values[key] = ""
    view = out.view
    if values.get("date"):
        view = parse_date(values["date"], view, bounds, out)
    if values.get("state"):
        view = parse_state(values["state"], view, bounds, out.notices)
    if values.get("county"):
        view = parse_county(values["county"], view, bounds, out)
    if values.get("compare"):
        view = parse_compare(values["compare"], view, bounds, out)
    view = _choice(
        values,
        "mode",
        MODES,
        view,
        out,
        lambda v: _("Unknown colour mode “{mode}”; showing activation dates.", mode=v),
    )
    view = _choice(
        values,
        "measure",
        MEASURES,
        view,
        out,
        lambda v: _(
            "Unknown map measure “{measure}” (use {measures}); showing activation.",
            measure=v,
            measures=", ".join(MEASURES),
        ),
    )
    view = _choice(
        values,
        "lang",
        i18n.LANGS,
        view,
        out,
        unknown_language,
    )
    if view.county and view.state and bounds.county_state.get(view.county) != view.state:
        label = county_label(bounds.names.label(view.county) or view.county) if bounds.names else view.county
        where = state_name(bounds.state_names.get(view.state, view.state))
        out.info.append(
            _("{county} is not in {state}: its card is shown, but the map shows {state}.", county=label, state=where)
        )
    if any(v.strip() for v in raw.get(RELEASE, [])[:1]):  # an empty "release=" pins nothing, like other fields
        parse_release(raw[RELEASE], bounds, out)
    out.view = view
    return out


def _choice(
    values: Mapping[str, str], key: str, allowed: Sequence[str], view: View, out: Parsed, unknown: Callable[[str], str]
) -> View:
    """A parameter with a fixed set of values (``mode``, ``measure``, ``lang``): a known value (any case) is kept;
    any other leaves the default and adds ``unknown(<the value as shown>)`` to the notices."""
    if not values.get(key):
        return view
    value = values[key].strip().lower()
    if value in allowed:
        return replace(view, **{key: value})
    out.notices.append(unknown(_shown(values[key])))
    return view


def serialize(view: View) -> str:
    """The canonical query string of a view, ``?``-prefixed; parameters at their default are left out."""
    params: list[tuple[str, str]] = [("date", view.date.isoformat())]
    if view.county:
        params.append(("county", view.county))
    if view.compare:
        params.append(("compare", ",".join(view.compare)))
    if view.state:
        params.append(("state", view.state))
    if view.mode != DEFAULT_MODE:
        params.append(("mode", view.mode))
    if view.measure != DEFAULT_MEASURE:
        params.append(("measure", view.measure))
    if view.lang != i18n.DEFAULT_LANG:
        params.append(("lang", view.lang))
    return "?" + urlencode(params, safe=",")


def from_page(
    bounds: Bounds,
    search: object,
    step: object,
    county: object,
    compare: object,
    state: object,
    mode: object,
    measure: object = None,
) -> Parsed:
    """The view the page's controls show, re-validated (callback payloads are user input too).

    The date comes from the URL's view (``search``), moved to slider ``step`` when the reader committed another
    step (kept as given when it is on that step already, so ``?date=2008-06-01`` survives a click elsewhere);
    every other field comes from its control. A value of the wrong type clears that field.
    """
    base = parse(search if isinstance(search, str) else "", bounds).view
    day = base.date
    valid = isinstance(step, int) and not isinstance(step, bool) and 0 <= step < len(bounds.steps)
    if valid and step != bounds.step_of(base):
        day = bounds.steps[step]
    query: dict[str, list[str]] = {"date": [day.isoformat()], "lang": [base.lang]}  # the page's own language
    for name, value in (("county", county), ("state", state), ("mode", mode), ("measure", measure)):
        if isinstance(value, str) and value:
            query[name] = [value]
    if isinstance(compare, list):
        query["compare"] = [",".join(c for c in compare if isinstance(c, str))]
    pinned_to = parse_qs(search.lstrip("?")).get(RELEASE) if isinstance(search, str) else None
    if pinned_to:  # a pinned page stays pinned while its controls change
        query[RELEASE] = pinned_to[:1]
    return parse(query, bounds)


def pinned(view: View, release: str | None) -> str:
    """:func:`serialize`, pinned to ``release`` when one is given (a citation's permalink, a pinned embed)."""
    return serialize(view) + (f"&{urlencode({RELEASE: release})}" if release else "")
