"""Data releases: which ``geodata/`` layers this project has shipped, and the APA citation of a view.

Only the current layer is kept in the repository. ``dashboard/releases.csv`` lists every release the project has
committed, oldest first (``release_id``, ``published``: the date of the commit that shipped it, ``commit``: that
commit, from ``git log -p geodata/manifest.json``); a release is retired on the day the next one was published.
A link pinned to a retired or unknown release is told so (:mod:`dashboard.viewstate`), never switched silently.
When the ETL ships a new layer, add its row (``tests/test_release.py`` fails until it is there).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from dashboard.i18n import _
from dashboard.text import fmt_day

RELEASES_CSV = Path(__file__).with_name("releases.csv")
#: What a release id looks like (``etl/build.py``: ``sc-geodata-<series>-<10 hex digits of the output hashes>``).
RELEASE_ID = re.compile(r"sc-geodata-\d{1,3}-[0-9a-f]{10}")


@dataclass(frozen=True)
class Release:
    """One shipped layer: its id, the day it was published and the commit that shipped it."""

    release_id: str
    published: date
    commit: str


@lru_cache(maxsize=1)
def shipped() -> tuple[Release, ...]:
    """Every release in ``releases.csv``, oldest first."""
    with RELEASES_CSV.open(newline="", encoding="utf-8") as f:
        rows = [Release(r["release_id"], date.fromisoformat(r["published"]), r["commit"]) for r in csv.DictReader(f)]
    return tuple(sorted(rows, key=lambda r: r.published))


def retired(current: str) -> dict[str, date]:
    """Release id → the day it was retired (the next release's publication), for every release but ``current``."""
    rows = shipped()
    return {r.release_id: nxt.published for r, nxt in zip(rows, rows[1:], strict=False) if r.release_id != current}


def published(release_id: str) -> date | None:
    """The day ``release_id`` was published, or None when ``releases.csv`` does not list it (yet)."""
    return next((r.published for r in shipped() if r.release_id == release_id), None)


def notice(shown: str, current: str, retired: Mapping[str, date]) -> str:
    """What a link pinned to release ``shown`` (already cut and made printable) is told when it is not ``current``:
    retired (on which day), unknown, or not a release id at all; each names the release shown instead."""
    if not RELEASE_ID.fullmatch(shown):
        return _(
            "“{shown}” is not a data release (such as {current}); showing release {current}.",
            shown=shown,
            current=current,
        )
    if shown in retired:
        return _(
            "This link is pinned to data release {shown}, retired on {day} (only the current release, {current}, is "
            "kept); showing release {current}: its numbers may differ.",
            shown=shown,
            day=fmt_day(retired[shown]),
            current=current,
        )
    return _(
        "No data release {shown} is known here (the current one is {current}); showing release {current}.",
        shown=shown,
        current=current,
    )


def citation_template(project: str, release_id: str) -> str:
    """An APA 7 data-set reference with four slots the page fills per view (``{title}``, ``{day}``, ``{accessed}``,
    ``{url}``): ``SC Rollout Map. (2026). Secure Communities in Texas, 1 Feb 2011 (Release sc-geodata-1-…)
    [Data set and interactive map]. Retrieved December 1, 2026, from https://…&release=sc-geodata-1-…``.
    The year is the release's publication year ("n.d." when ``releases.csv`` does not list it)."""
    day = published(release_id)
    year = str(day.year) if day else "n.d."
    return _(
        "{project}. ({year}). {{title}}, {{day}} (Release {release}) [Data set and interactive map]. "
        "Retrieved {{accessed}}, from {{url}}",
        project=project,
        year=year,
        release=release_id,
    )
