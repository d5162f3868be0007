"""Finding counties by name: "harris tx", "dona ana", "st louis city", "baltimore" (both the county and the city).

Matching is on whole-word prefixes of the county's legal name plus its state (abbreviation and name), with
accents and punctuation folded, so the seven same-name county/city pairs (Baltimore, St. Louis, Bedford,
Fairfax, Franklin, Richmond, Roanoke) both appear, each with its legal suffix — never one silently chosen.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

MAX_QUERY = 80


def fold(text: str, *, expand: bool = True) -> str:
    """Lower-case, strip accents, turn punctuation into spaces; optionally expand "st"/"ste" to "saint"/"sainte"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", " ", plain).split()
    if expand:
        words = [{"st": "saint", "ste": "sainte"}.get(w, w) for w in words]
    return " ".join(words)


@dataclass(frozen=True)
class CountyIndex:
    """Folded search keys for every county, built once per process."""

    fips: tuple[str, ...]
    labels: tuple[str, ...]
    keys: tuple[tuple[str, ...], ...]
    names: tuple[str, ...]

    @classmethod
    def build(cls, counties: pd.DataFrame) -> CountyIndex:
        labels = tuple(f"{n}, {s}" for n, s in zip(counties["name"], counties["state"], strict=True))
        # Both spellings are keys ("st" and "saint"), so a half-typed "St" still finds Stanislaus and St. Louis.
        keys = tuple(
            tuple(dict.fromkeys(fold(f"{n} {s} {sn}").split() + fold(f"{n} {s} {sn}", expand=False).split()))
            for n, s, sn in zip(counties["name"], counties["state"], counties["state_name"], strict=True)
        )
        names = tuple(fold(n) for n in counties["name"])
        return cls(tuple(counties["fips"]), labels, keys, names)

    def search(self, query: str, limit: int = 15) -> list[tuple[str, str]]:
        """``(fips, label)`` pairs whose words start with every word of the query; best matches first."""
        if not isinstance(query, str):
            return []
        words = fold(query[:MAX_QUERY], expand=False).split()
        if not words:
            return []
        if len(words) == 1 and words[0].isdigit():  # a FIPS code typed directly
            return [(f, lab) for f, lab in zip(self.fips, self.labels, strict=True) if f.startswith(words[0])][:limit]
        hits = []
        folded_query = fold(" ".join(words))
        for i, key in enumerate(self.keys):
            if all(any(k.startswith(w) for k in key) for w in words):
                rank = 0 if self.names[i].startswith(folded_query) or self.names[i].startswith(" ".join(words)) else 1
                hits.append((rank, self.labels[i], i))
        hits.sort()
        return [(self.fips[i], self.labels[i]) for _, _, i in hits[:limit]]

    def label(self, fips: str) -> str | None:
        try:
            return self.labels[self.fips.index(fips)]
        except ValueError:
            return None
