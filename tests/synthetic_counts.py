"""SYNTHETIC fixtures for ``python -m etl import-counts``: files in the layout of ICE's statistics workbook.

Every number here is made up for tests and labelled so in the file itself; none of it may reach geodata/.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

LABEL = "SYNTHETIC TEST DATA - not ICE statistics"
EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def excel_serial(iso: str) -> int:
    return (pd.Timestamp(iso) - EXCEL_EPOCH).days


#: (State, County, AOR, activation date, submissions, matches, ICE arrests, removals L1, L2, L3)
ROWS = [
    ("TX", "Harris County", "HOU", "2008-10-27", 1000, 100, 50, 10, 5, 1),
    ("NM", "Dona Ana County", "ELP", "2009-01-01", 200, 20, 10, 2, 1, 0),  # date differs from the layer's
    ("MD", "Baltimore City", "BAL", "2011-09-27", 300, 30, 15, 3, 2, 1),
    ("MD", "Baltimore County", "BAL", "2011-09-27", 310, 31, 16, 3, 2, 1),
    ("VA", "Nowhere County", "WAS", "2010-06-15", 5, 1, 0, 0, 0, 0),  # no such county: unresolved
]


def write_ice_workbook(path: Path, rows: list[tuple] = ROWS, bad_value: object = None) -> Path:
    """Write a workbook shaped like identIafisInteroperabilityStatsThroughDec2014.xlsx (4 title rows, header,
    sub-header, data from row 7; sheet named like 'County'). ``bad_value`` replaces the first row's matches."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Summary"
    ws = wb.create_sheet("County Stats")
    ws.append([LABEL])
    ws.append(["IDENT/IAFIS Interoperability Statistics (synthetic layout test)"])
    ws.append(["Data through December 31, 2014 (synthetic)"])
    ws.append([None])
    ws.append(["State", "County", "AOR", "Activation Date", "Submissions", "Matches", "ICE Arrests", "Removals"])
    ws.merge_cells(start_row=5, start_column=8, end_row=5, end_column=10)
    ws.append([None] * 7 + ["Level 1", "Level 2", "Level 3"])
    for i, (st, county, aor, date, *stats) in enumerate(rows):
        if i == 0 and bad_value is not None:
            stats[1] = bad_value
        ws.append([st, county, aor, excel_serial(date), *stats])
    wb.save(path)
    return path


def write_mapped_csv(path: Path) -> Path:
    """A plain CSV of (synthetic) counts per FIPS or per name, for the ``--column`` mapping. The last row names
    a county without a state, so it cannot resolve."""
    path.write_text("FIPS,Name,ST,Removals\n06037,,,7\n,Cook County,Illinois,3\n,Washington County,,2\n")
    return path
