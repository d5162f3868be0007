"""Issue 10 point 6 — ``python -m etl import-counts``: ICE's own statistics, when a user has them.

All fixtures are SYNTHETIC, generated here in the layout of ICE's workbook (``tests/synthetic_counts.py``); they are
written to temporary directories and never reach the committed geodata/.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from etl import import_counts
from etl.contract import read_counties
from etl.errors import InputError
from etl.places import NamesByState

sys.path.insert(0, str(Path(__file__).parent))
from synthetic_counts import LABEL, ROWS, write_ice_workbook, write_mapped_csv  # noqa: E402


def _etl(repo_root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etl", *args], cwd=repo_root, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="module")
def counties(geodata_dir: Path) -> pd.DataFrame:
    return read_counties(geodata_dir)


def test_workbook_layout_is_read_and_every_row_is_kept_with_its_resolution(tmp_path, counties) -> None:
    imported = import_counts.read(write_ice_workbook(tmp_path / "stats.xlsx"))
    ice, status = import_counts.table(imported, counties, NamesByState(counties))
    assert imported.layout == "ice_workbook"
    assert LABEL in imported.period  # the workbook's own title rows, quoted, when no --period is given
    assert len(ice) == len(ROWS) * 6  # 3 statistics + removals at 3 levels, per row: nothing dropped
    assert status["jurisdictions"] == {"resolved": 4, "ambiguous": 0, "unresolved": 1}
    assert status["activation_dates"] == {"agree": 1, "disagree": 3, "not_compared": 1}
    harris = ice[(ice["fips"] == "48201") & (ice["metric"] == "matches")].iloc[0]
    assert harris["value"] == 100 and bool(harris["dates_agree"])
    assert set(ice["metric"]) >= {"submissions", "matches", "ice_arrests", "removals_level_1", "removals_level_3"}
    balt = ice.drop_duplicates("source_row").set_index("jurisdiction")["fips"]
    assert (balt["Baltimore City"], balt["Baltimore County"]) == ("24510", "24005")
    assert (ice.loc[ice["jurisdiction"] == "Nowhere County", "fips"] == "").all()


def test_mapped_table_resolves_by_fips_or_by_name_and_keeps_the_rest(tmp_path, counties) -> None:
    columns = {"fips": "FIPS", "name": "Name", "state": "ST"}
    imported = import_counts.read(write_mapped_csv(tmp_path / "t.csv"), "synthetic", "2010", columns)
    ice, status = import_counts.table(imported, counties, NamesByState(counties))
    assert ice["fips"].tolist() == ["06037", "17031", ""]
    assert status["jurisdictions"] == {"resolved": 2, "ambiguous": 0, "unresolved": 1}
    assert (ice["source"] == "synthetic").all() and (ice["period"] == "2010").all()


def test_a_non_numeric_count_is_refused_naming_the_file_and_row(tmp_path) -> None:
    path = write_ice_workbook(tmp_path / "stats.xlsx", bad_value="12x")
    with pytest.raises(InputError, match=r"stats.xlsx: row 7: non-numeric Matches '12x'"):
        import_counts.read(path)


def test_import_counts_rebuilds_the_layer_prints_the_report_and_check_needs_the_file(
    tmp_path, repo_root, data_dir, geodata_dir
) -> None:
    out = tmp_path / "out" / "geodata"
    shutil.copytree(geodata_dir, out)
    stats = write_ice_workbook(tmp_path / "stats.xlsx")
    committed = {p.name: p.read_bytes() for p in geodata_dir.iterdir()}

    proc = _etl(repo_root, "import-counts", str(stats), "--raw", str(data_dir), "--out", str(out), "--period", "P")

    assert proc.returncode == 0, proc.stderr
    assert "5 jurisdictions: 4 resolved, 0 ambiguous, 1 unresolved" in proc.stdout
    assert "row 11: 'Nowhere County', 'VA': unresolved" in proc.stdout
    assert "'Dona Ana County' (35013) activation 2009-01-01 in the file, 2009-06-24 in the layer" in proc.stdout
    man = json.loads((out / "manifest.json").read_text())
    assert man["ice_statistics"]["available"] is True and man["ice_statistics"]["period"] == "P"
    assert len(pd.read_csv(out / "ice_statistics.csv")) == len(ROWS) * 6
    assert {p.name: p.read_bytes() for p in geodata_dir.iterdir()} == committed  # the repo's layer is untouched

    refused = _etl(repo_root, "check", "--raw", str(data_dir), "--out", str(out))
    assert refused.returncode == 1 and "give that file with --counts" in refused.stderr
    proved = _etl(repo_root, "check", "--raw", str(data_dir), "--out", str(out), "--counts", str(stats))
    assert proved.returncode == 0 and "a rebuild from" in proved.stdout and "is identical" in proved.stdout

    bad = _etl(repo_root, "import-counts", str(tmp_path / "none.xlsx"), "--raw", str(data_dir), "--out", str(out))
    assert bad.returncode == 1 and bad.stderr.startswith("error: none.xlsx: missing")

    plain = _etl(repo_root, "build", "--raw", str(data_dir), "--out", str(out))  # no --counts: the statistics go
    assert plain.returncode == 0, plain.stderr
    assert "WARNING:" in plain.stderr and "imported from stats.xlsx" in plain.stderr
    assert "ice_statistics.csv is now EMPTY" in plain.stderr and "import-counts stats.xlsx" in plain.stderr
    assert len(pd.read_csv(out / "ice_statistics.csv")) == 0
    again = _etl(repo_root, "build", "--raw", str(data_dir), "--out", str(out))
    assert "WARNING" not in again.stderr  # nothing left to lose


# --- refusals: every bad input is one line naming the file and the row, never a traceback (SYNTHETIC fixtures) ---


def _edited_workbook(path: Path, edit, rows: list[tuple] = ROWS) -> Path:
    """A SYNTHETIC workbook (``write_ice_workbook``) changed by ``edit(sheet)`` after it is written."""
    import openpyxl

    write_ice_workbook(path, rows)
    wb = openpyxl.load_workbook(path)
    edit(wb["County Stats"])
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("cell", "value", "message"),
    [
        ("D7", 9999999, r"stats.xlsx: row 7: unreadable activation date 9999999$"),
        ("D7", -3, r"stats.xlsx: row 7: unreadable activation date -3$"),
        ("D7", "not a date", r"stats.xlsx: row 7: unreadable activation date 'not a date'$"),
        ("F7", -5, r"stats.xlsx: row 7: negative count Matches -5$"),
        ("F7", 2.5, r"stats.xlsx: row 7: fractional count Matches 2.5 \(counts are whole numbers\)$"),
    ],
    ids=["serial-out-of-calendar", "negative-serial", "date-text", "negative-count", "fractional-count"],
)
def test_a_bad_cell_is_refused_naming_the_row(tmp_path, cell, value, message) -> None:
    path = _edited_workbook(tmp_path / "stats.xlsx", lambda ws: ws.__setitem__(cell, value))
    with pytest.raises(InputError, match=message):
        import_counts.read(path)


def test_a_negative_count_in_a_mapped_table_is_refused(tmp_path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("FIPS,Removals\n06037,7\n17031,-3\n")  # SYNTHETIC
    with pytest.raises(InputError, match=r"t.csv: row 3: negative count Removals '-3'$"):
        import_counts.read(path, columns={"fips": "FIPS"})


def test_the_same_county_listed_twice_is_refused_naming_both_rows(tmp_path, counties) -> None:
    rows = [*ROWS, ("TX", "Harris", "HOU", "2008-10-27", 1, 1, 1, 0, 0, 0)]
    imported = import_counts.read(write_ice_workbook(tmp_path / "stats.xlsx", rows))
    with pytest.raises(InputError, match=r"stats.xlsx: row 12: 'Harris' is the same county \(FIPS 48201\) as row 7"):
        import_counts.table(imported, counties, NamesByState(counties))


@pytest.mark.parametrize(
    ("deleted_row", "message"),
    [(6, r"row 6 of sheet 'County Stats' is a county row \(State 'TX', County 'Harris County'\), not a header"),
     (4, r"row 6 of sheet 'County Stats' is a county row \(State 'TX', County 'Harris County'\), not a header")],
    ids=["no-sub-header", "three-title-rows"],
)  # fmt: skip
def test_a_county_row_is_never_taken_for_the_header(tmp_path, deleted_row, message) -> None:
    path = _edited_workbook(tmp_path / "stats.xlsx", lambda ws: ws.delete_rows(deleted_row))
    with pytest.raises(InputError, match=message):
        import_counts.read(path)


def test_import_counts_refuses_an_unreadable_date_in_one_line_and_leaves_the_layer(
    tmp_path, repo_root, data_dir, geodata_dir
) -> None:
    out = tmp_path / "out" / "geodata"
    shutil.copytree(geodata_dir, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    stats = _edited_workbook(tmp_path / "stats.xlsx", lambda ws: ws.__setitem__("D7", 9999999))
    proc = _etl(repo_root, "import-counts", str(stats), "--raw", str(data_dir), "--out", str(out))
    assert proc.returncode == 1
    assert proc.stderr == "error: stats.xlsx: row 7: unreadable activation date 9999999\n"
    assert "Traceback" not in proc.stdout + proc.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
