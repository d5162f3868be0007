"""County names and codes → 2010 county FIPS: the one matcher for the ETL's name joins and the app's finder, URL
and downloads.

A name is folded once, the same way everywhere (:func:`normalise`): accents dropped ("Doña" → "dona"), apostrophes
removed ("Prince George's" → "prince georges", "O'Brien" → "obrien"), other punctuation turned into spaces,
"St."/"Ste."/"Ft."/"Mt." written out. Names are then compared on a *compact* key without spaces, so "De Kalb",
"DeKalb", "Du Page", "La Salle", "Mc Kean" and "Saint Louis" find "DeKalb", "DuPage", "LaSalle", "McKean" and
"St. Louis". A legal suffix (county, parish, borough, census area, city and borough, municipality, city) is kept
apart: it only chooses between a same-name county and independent city ("Baltimore County" / "Baltimore city"),
never hides a match. A state may follow the name ("harris county texas", "Cook County, Illinois", "dona ana nm").

Former, later and common names ("Oglala Lakota County" → Shannon County 46113, "Kusilvak" → Wade Hampton 02270,
"Dade County" → Miami-Dade, "Brooklyn" → Kings County, "Washington, DC") come from ``etl/rules/county_aliases.csv``;
codes that changed after 2010 (46102, 02158, old Dade 12025) from the crosswalk's ``rename`` and ``obsolete`` rows.
Nothing is guessed: a name that fits several counties returns all of them; one that fits none returns none.

We keep our own matcher rather than ``addfips`` because the rollout is on the 2010 county set (Shannon, Wade
Hampton, Bedford city) and the finder needs type-ahead prefixes, which a whole-name lookup does not give.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd

from etl import crosswalk

MAX_QUERY = 80
# Legal suffixes, longest first (Census LSAD words as they end a county name).
SUFFIXES = (
    ("city", "and", "borough"),
    ("census", "area"),
    ("county",),
    ("parish",),
    ("borough",),
    ("municipality",),
    ("city",),
)
_EXPAND = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
# The Spanish page names counties "condado de Harris", "parroquia de Orleans" (dashboard/placenames.py): a reader
# types them that way, so a leading Spanish kind is read as the English suffix it stands for. Longest first.
SPANISH_KINDS = (
    (("ciudad", "y", "distrito", "de"), ("city", "and", "borough")),
    (("area", "censal", "de"), ("census", "area")),
    (("condado", "de"), ("county",)),
    (("parroquia", "de"), ("parish",)),
    (("distrito", "de"), ("borough",)),
    (("municipio", "de"), ("municipality",)),
    (("ciudad", "de"), ("city",)),
)


def fold(text: str) -> list[str]:
    """Words of ``text``: lower case, accents dropped, apostrophes removed, other punctuation as spaces."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    plain = re.sub(r"['’`]", "", plain).replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", " ", plain).split()


def normalise(text: str) -> str:
    """The folded form of a name with St./Ste./Ft./Mt. written out: ``"St. Mary's"`` → ``"saint marys"``."""
    return " ".join(_EXPAND.get(w, w) for w in fold(text))


def split_suffix(words: list[str]) -> tuple[list[str], str]:
    """``(core words, suffix)``: ``["harris", "county"]`` → ``(["harris"], "county")``, and the Spanish form too:
    ``["el", "condado", "de", "harris"]`` → ``(["harris"], "county")``; no suffix → ``""``."""
    lead = words[1:] if words[:1] in (["el"], ["la"]) else words
    for kind, suffix in SPANISH_KINDS:
        n = len(kind)
        if len(lead) > n and tuple(lead[:n]) == kind:
            return lead[n:], " ".join(suffix)
    for suffix in SUFFIXES:
        n = len(suffix)
        if len(words) > n and tuple(words[-n:]) == suffix:
            return words[:-n], " ".join(suffix)
    return words, ""


def compact(words: list[str]) -> str:
    return "".join(words)


@cache
def _states() -> tuple[dict[str, str], dict[str, str]]:
    """``(USPS code → code, folded state name → code)`` for the 50 states and DC."""
    st = crosswalk.states()
    names = {" ".join(fold(n)): c for n, c in zip(st["state_name"], st["state"], strict=True)}
    names["washington dc"] = names["d c"] = "DC"
    return {c.lower(): c for c in st["state"]}, names


def state_code(text: str) -> str | None:
    """``"New Mexico"``, ``"nm"``, ``"N.M."`` → ``"NM"``; anything else → ``None``."""
    if not isinstance(text, str):
        return None
    codes, names = _states()
    words = fold(text)
    joined = " ".join(words)
    return codes.get(joined) or codes.get(compact(words)) or names.get(joined)


def split_state(text: str) -> list[tuple[str, str | None]]:
    """Readings of a query as ``(name part, state or None)``, the one with a trailing state first.

    ``"harris county texas"`` → ``[("harris county", "TX"), ("harris county texas", None)]``; a state alone is not
    read as a state (``"new york"`` is also a county).
    """
    readings: list[tuple[str, str | None]] = []
    if "," in text:
        head, _, tail = text.rpartition(",")
        code = state_code(tail)
        if code and fold(head):
            readings.append((head, code))
    words = text.replace(",", " ").split()
    for n in (3, 2, 1):
        if len(words) > n:
            code = state_code(" ".join(words[-n:]))
            if code:
                readings.append((" ".join(words[:-n]), code))
                break
    readings.append((text.replace(",", " "), None))
    return readings


@dataclass(frozen=True)
class Search:
    """Finder result: ``hits`` as ``(fips, label)`` best first, ``total`` matches before the limit."""

    hits: list[tuple[str, str]]
    total: int


@dataclass(frozen=True)
class CountyNames:
    """Every 2010 county's names and codes, folded once (build per process with :meth:`from_counties`)."""

    fips: tuple[str, ...]
    labels: tuple[str, ...]
    states: tuple[str, ...]
    suffixes: tuple[str, ...]
    keys: tuple[frozenset[str], ...]  # compact name keys: full name, name without suffix, aliases
    words: tuple[frozenset[str], ...]  # words of name, state and aliases, in both "st" and "saint" spellings
    weight: tuple[int, ...]  # 2010 population, to rank equally good matches
    codes: dict[str, str]  # later or former code → 2010 FIPS
    notes: dict[str, str]  # 2010 FIPS → "now Oglala Lakota County (46102)" and the like

    @classmethod
    def from_counties(cls, counties: pd.DataFrame) -> CountyNames:
        """Index ``counties`` (columns ``fips, name, state, state_name``; ``pop_2010_census`` if present)."""
        aliases = aliases_table()
        by_fips: dict[str, list[tuple[str, str]]] = {}
        for row in aliases.itertuples(index=False):
            by_fips.setdefault(row.fips, []).append((row.alias, row.kind))
        renamed = crosswalk.crosswalk()
        renamed = renamed[renamed["kind"].isin(["rename", "obsolete"]) & (renamed["to_fips"] != "")]
        codes = dict(zip(renamed["from_fips"], renamed["to_fips"], strict=True))
        fips, labels, states, suffixes, keys, words, weight = [], [], [], [], [], [], []
        notes: dict[str, str] = {}
        pop = counties["pop_2010_census"] if "pop_2010_census" in counties else pd.Series(0, index=counties.index)
        for code, name, st, st_name, people in zip(
            counties["fips"], counties["name"], counties["state"], counties["state_name"], pop, strict=True
        ):
            folded = [_EXPAND.get(w, w) for w in fold(name)]
            core, suffix = split_suffix(folded)
            k = {compact(folded), compact(core)}
            w = set(fold(name)) | set(folded) | set(fold(st_name)) | {st.lower()}
            label = f"{name}, {st}"
            for alias, kind in by_fips.get(code, []):
                a_words = [_EXPAND.get(x, x) for x in fold(alias)]
                k |= {compact(a_words), compact(split_suffix(a_words)[0])}
                w |= set(a_words) | set(fold(alias))
                if kind == "later_name":
                    notes[code] = f"now {later_name(code)}"
                    label += f" (now {alias})"
                elif kind == "former_name":
                    label += f" (formerly {alias})"
            fips.append(code)
            labels.append(label)
            states.append(st)
            suffixes.append(suffix)
            keys.append(frozenset(k))
            words.append(frozenset(w))
            weight.append(int(people) if pd.notna(people) else 0)
        return cls(
            tuple(fips), tuple(labels), tuple(states), tuple(suffixes), tuple(keys), tuple(words), tuple(weight),
            codes, notes,
        )  # fmt: skip

    # -- exact: the ETL's joins, codes in links -------------------------------------------------------------
    def resolve(self, name: str, state: str | None) -> list[str]:
        """2010 FIPS whose name (or alias) is ``name`` in ``state`` (USPS code or state name); sorted.

        Empty: no county has that name; more than one: ambiguous (e.g. "Baltimore" in MD is a county and a city).
        """
        code = state_code(state) if state else None
        if state and code is None:
            return []
        folded = [_EXPAND.get(w, w) for w in fold(name[:MAX_QUERY])]
        core, suffix = split_suffix(folded)
        wanted = {compact(folded), compact(core)} - {""}
        found = [i for i in range(len(self.fips)) if (code is None or self.states[i] == code) and wanted & self.keys[i]]
        if len(found) > 1 and suffix:
            same = [i for i in found if self.suffixes[i] == suffix]
            found = same or found
        return sorted(self.fips[i] for i in found)

    def resolve_code(self, code: str) -> str | None:
        """A 5-digit code → the 2010 FIPS it stands for (itself, or through a rename), else ``None``."""
        if code in self.fips:
            return code
        return self.codes.get(code)

    def label(self, fips: str) -> str | None:
        try:
            return self.labels[self.fips.index(fips)]
        except ValueError:
            return None

    # -- type-ahead: the finder -----------------------------------------------------------------------------
    def search(self, query: str, limit: int = 15) -> Search:
        """Counties matching a partly typed name, best first; ``total`` says how many matched in all."""
        if not isinstance(query, str) or not fold(query[:MAX_QUERY]):
            return Search([], 0)
        query = query[:MAX_QUERY]
        raw = fold(query)
        if len(raw) == 1 and raw[0].isdigit():  # a FIPS code, whole or begun
            exact = self.resolve_code(raw[0]) if len(raw[0]) == 5 else None
            found = [exact] if exact else [f for f in self.fips if f.startswith(raw[0])]
            return Search([(f, self.labels[self.fips.index(f)]) for f in found[:limit]], len(found))
        ranked: dict[int, tuple[int, int]] = {}
        for part, code in split_state(query):
            for i, tier in self._matches(part, code):
                best = ranked.get(i)
                if best is None or tier < best[0]:
                    ranked[i] = (tier, -self.weight[i])
        order = sorted(ranked, key=lambda i: (*ranked[i], self.labels[i]))
        return Search([(self.fips[i], self.labels[i]) for i in order[:limit]], len(order))

    def _matches(self, part: str, code: str | None) -> list[tuple[int, int]]:
        raw = fold(part)
        folded = [_EXPAND.get(w, w) for w in raw]
        core, suffix = split_suffix(folded)
        whole, stem = compact(folded), compact(core)
        out = []
        for i in range(len(self.fips)):
            if code is not None and self.states[i] != code:
                continue
            keys = self.keys[i]
            if not raw:
                tier = 4
            elif stem in keys or whole in keys:
                tier = 0 if not suffix or suffix == self.suffixes[i] else 1
            elif any(k.startswith(stem) for k in keys):
                tier = 2
            elif all(any(w.startswith(q) for w in self.words[i]) for q in raw):
                tier = 3
            elif len(stem) >= 3 and any(stem in k for k in keys):
                tier = 4
            else:
                continue
            out.append((i, tier if code is None else tier - 1))
        return out


def later_name(fips: str) -> str | None:
    """The name and code a 2010 county has had since: ``"46113"`` → ``"Oglala Lakota County (46102)"``."""
    rows = aliases_table()
    rows = rows[(rows["fips"] == fips) & (rows["kind"] == "later_name")]
    if rows.empty:
        return None
    cw = crosswalk.crosswalk()
    new = cw.loc[(cw["kind"] == "rename") & (cw["to_fips"] == fips), "from_fips"]
    return f"{rows['alias'].iloc[0]} ({new.iloc[0]})" if len(new) else str(rows["alias"].iloc[0])


@cache
def aliases_table() -> pd.DataFrame:
    """``etl/rules/county_aliases.csv``: ``alias, state, fips, kind, note`` (kind: later_name, former_name,
    common_name)."""
    with resources.files("etl").joinpath("rules", "county_aliases.csv").open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)
