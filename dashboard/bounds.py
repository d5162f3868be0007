"""What a view may refer to: the activation dates, county FIPS -> state, state codes and the county-name matcher.

Built once per process from the dataset (:meth:`Bounds.from_dataset`); :mod:`dashboard.viewstate` checks every
link against it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from dashboard.i18n import _
from dashboard.placenames import county_label

if TYPE_CHECKING:
    from dashboard.viewstate import View
    from etl.names import CountyNames

_FIPS = re.compile(r"\d{5}")


@dataclass(frozen=True)
class Bounds:
    """What a view may refer to: the activation dates, county FIPS → state, and state codes."""

    dates: Sequence[date]
    county_state: Mapping[str, str]
    states: frozenset[str]
    names: CountyNames | None = None
    state_names: Mapping[str, str] = field(default_factory=dict)
    #: The data release this process serves (``Dataset.release_id``) and the retired ones with the day each was
    #: replaced (:mod:`dashboard.releases`): a link pinned to another release is told which one it gets.
    release: str = ""
    retired: Mapping[str, date] = field(default_factory=dict)

    @classmethod
    def from_dataset(cls, ds) -> Bounds:  # noqa: ANN001 - a dashboard.data.Dataset (not imported: no cycle)
        from dashboard import releases
        from etl.names import CountyNames

        states = ds.counties.drop_duplicates("state")
        return cls(
            dates=tuple(d.date() for d in ds.dates),
            county_state=dict(zip(ds.counties["fips"], ds.counties["state"], strict=True)),
            states=frozenset(ds.counties["state"]),
            names=CountyNames.from_counties(ds.counties),
            state_names=dict(zip(states["state"], states["state_name"], strict=True)),
            release=ds.release_id,
            retired=releases.retired(ds.release_id),
        )

    def default(self) -> View:
        from dashboard.viewstate import View  # the view module imports this one

        return View(date=self.dates[-1])

    @property
    def steps(self) -> tuple[date, ...]:
        """The slider's steps: the day before the first activation (step 0, "before"), then every activation date."""
        return (self.dates[0] - timedelta(days=1), *self.dates)

    def step_of(self, view: View) -> int:
        """The slider step that shows ``view`` (0 for any day before the first activation)."""
        return 0 if view.date < self.dates[0] else list(self.dates).index(view.date) + 1

    def resolve_county(self, value: str) -> tuple[str | None, str | None]:
        """A code or name from a link → ``(2010 FIPS or None, note for the reader or None)``."""
        code = value.strip()
        if _FIPS.fullmatch(code):
            if code in self.county_state:
                return code, None
            found = self.names.resolve_code(code) if self.names else None
            if found:
                label = county_label(self.names.label(found) or found)
                return found, _(
                    "{code} is a county code from after 2010; this map uses {found}, {label}.",
                    code=code,
                    found=found,
                    label=label,
                )
            return None, None
        if self.names is None or not code:
            return None, None
        from etl.names import split_state

        for part, state in split_state(code):
            hits = self.names.resolve(part, state)
            if len(hits) == 1:
                return hits[0], None
        return None, None

    def snap(self, day: date) -> date:
        """The last activation date on or before ``day`` (the map is identical in between)."""
        best = self.dates[0]
        for d in self.dates:
            if d > day:
                break
            best = d
        return best
