"""Place names in the reader's language: the one way a state or a county is named on every surface.

- :func:`state_name` — a state's name as the data layer writes it (``"New Mexico"``) in the current language
  (``"Nuevo México"``). The names are catalog messages (:data:`STATES`), translated like any other message.
- :func:`county_name` — a county's name (``"Harris County"``) in the current language. Spanish names the kind of
  county first and keeps the proper name as written: ``"condado de Harris"``, ``"parroquia de Orleans"`` (Louisiana),
  ``"distrito de Denali"`` (Alaska's boroughs), ``"área censal de Bethel"``, ``"ciudad de Baltimore"`` (independent
  cities), ``"Carson City"`` as it is. ``article=True`` gives the form used inside a sentence ("en *el* condado de
  Harris"); in English both forms are the name itself.
- :func:`place` — county and state together: ``"condado de Harris, Texas"`` / ``"Harris County, Texas"``; with a
  postal code for short labels: ``"condado de Harris, TX"``. :func:`capital` starts a heading or a label with a
  capital letter.

The official English name stays where a reader needs it to find documents: the county card shows it once, marked
``lang="en"`` (:mod:`dashboard.cards`). URL values stay postal codes and FIPS codes; nothing here changes them.
"""

from __future__ import annotations

import re
import unicodedata

from dashboard import i18n
from dashboard.i18n import N_, _

#: The 50 states and DC as the data layer names them (``state_name``), marked for the catalog.
STATES = (
    N_("Alabama"), N_("Alaska"), N_("Arizona"), N_("Arkansas"), N_("California"), N_("Colorado"),
    N_("Connecticut"), N_("Delaware"), N_("District of Columbia"), N_("Florida"), N_("Georgia"), N_("Hawaii"),
    N_("Idaho"), N_("Illinois"), N_("Indiana"), N_("Iowa"), N_("Kansas"), N_("Kentucky"), N_("Louisiana"),
    N_("Maine"), N_("Maryland"), N_("Massachusetts"), N_("Michigan"), N_("Minnesota"), N_("Mississippi"),
    N_("Missouri"), N_("Montana"), N_("Nebraska"), N_("Nevada"), N_("New Hampshire"), N_("New Jersey"),
    N_("New Mexico"), N_("New York"), N_("North Carolina"), N_("North Dakota"), N_("Ohio"), N_("Oklahoma"),
    N_("Oregon"), N_("Pennsylvania"), N_("Rhode Island"), N_("South Carolina"), N_("South Dakota"),
    N_("Tennessee"), N_("Texas"), N_("Utah"), N_("Vermont"), N_("Virginia"), N_("Washington"),
    N_("West Virginia"), N_("Wisconsin"), N_("Wyoming"),
)  # fmt: skip

#: A county name's legal suffix (longest first, as the Census writes it) and the messages that name the county in
#: the current language, bare and inside a sentence. The English msgids are keys: English shows the name as written.
KINDS = (
    (" City and Borough", N_("{name} City and Borough"), N_("the {name} City and Borough")),
    (" Census Area", N_("{name} Census Area"), N_("the {name} Census Area")),
    (" Municipality", N_("{name} Municipality"), N_("the {name} Municipality")),
    (" Borough", N_("{name} Borough"), N_("the {name} Borough")),
    (" Parish", N_("{name} Parish"), N_("the {name} Parish")),
    (" County", N_("{name} County"), N_("the {name} County")),
    (" city", N_("{name} city"), N_("the {name} city")),  # independent cities (lower-case "city" in Census names)
)


def state_name(name: str) -> str:
    """A state's name (as the data layer writes it) in the current language; a postal code is kept as it is."""
    return _(name) if name in STATES else name


def county_name(name: str, article: bool = False) -> str:
    """``"Harris County"`` in the current language (``"condado de Harris"``; ``"el condado de Harris"`` with
    ``article``). DC is named as the state it is; a name without a known suffix (Carson City) is kept."""
    if i18n.current() == "en":
        return name
    if name in STATES:
        return state_name(name)
    for suffix, bare, with_article in KINDS:
        if name.endswith(suffix) and len(name) > len(suffix):
            return _(with_article if article else bare, name=name[: -len(suffix)])
    return name


def place(name: str, state: str, article: bool = False) -> str:
    """County and state: ``"condado de Harris, Texas"`` (``state`` a name) or ``"condado de Harris, TX"`` (a postal
    code); ``"District of Columbia"`` / ``"Distrito de Columbia"`` once, not twice."""
    if name == state:
        return state_name(name)
    return f"{county_name(name, article)}, {state_name(state)}"


def capital(text: str) -> str:
    """``text`` starting with a capital letter (a heading, a label, the start of a sentence)."""
    return text[:1].upper() + text[1:]


_LABEL = re.compile(r"^(?P<name>.+?), (?P<state>[A-Z]{2})(?P<rest>.*)$")
_RENAMED = re.compile(r" \((now|formerly) ([^)]*)\)")


def county_label(label: str) -> str:
    """A finder label (``etl.names``: ``"Shannon County, SD (now Oglala Lakota County)"``) in the current language:
    ``"Condado de Shannon, SD (ahora condado de Oglala Lakota)"``; its county names in the one Spanish form."""
    if i18n.current() == "en":
        return label
    m = _LABEL.match(label)
    if not m:
        return label

    def say(r: re.Match[str]) -> str:
        renamed = county_name(r[2])
        return _(" (now {name})", name=renamed) if r[1] == "now" else _(" (formerly {name})", name=renamed)

    return capital(place(m["name"], m["state"])) + _RENAMED.sub(say, m["rest"])


def folded(text: str) -> str:
    """``text`` in lower case without accents, for matching what a reader types (``"Nuevo México"`` →
    ``"nuevo mexico"``)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def state_options(states: list[tuple[str, str]]) -> list[dict]:
    """The state picker's options from ``(postal code, name)`` pairs: labelled in the current language, in its
    alphabetical order, and found by the name typed in either language with or without accents ("pensilvania",
    "nuevo mexico", "Pennsylvania"). The value is the postal code, as in the URL."""
    options = []
    for code, name in states:
        label = state_name(name)
        search = " ".join(dict.fromkeys([label, folded(label), name, folded(name), code]))
        options.append({"label": label, "value": code, "search": search})
    return sorted(options, key=lambda o: folded(o["label"]))
