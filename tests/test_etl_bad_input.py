"""The "Bad input" contract of ``python -m etl build``.

A refused input gives a non-zero exit and ONE line on stderr naming the file and the problem (no traceback), and
an existing output directory is left byte-identical with no temporary directories beside it.

Each case builds a data directory in tmp_path from symlinks to the good files, with only the damaged file
written for real, and runs the CLI in a subprocess. Cases marked ``SOURCES`` must be refused while the sources
are read, before the (slow) geometry stage; the CLI logs each finished stage on stdout, so the absence of the
boundaries stage line proves that. Cross-source checks (``JOIN``) run once the county set is read, which is
also before the geometry is simplified, so every refusal is fast.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

ACTIVATIONS = "raw/vargasnunez2026_securecommunities.dta"
CENSUS = "raw/cfpbhmda_co-est00int-tot.csv"
NONCIT = "raw/vargasnunez2026_non_citizen_pop.csv"
FIGURES = "published_figures.csv"

SOURCES = "sources"  # refused while reading the inputs, before the geometry stage
JOIN = "join"  # refused when the sources are matched to the 2010 county set (still before the geometry)
GEOMETRY_STAGE_LOG = "boundaries (simplify + neighbours)"

Damage = Callable[[Path, Path], None]  # (good data dir, bad data dir) -> writes the damaged file


# ---------------------------------------------------------------------------------------------------------
# helpers


def _link_data(good: Path, bad: Path) -> None:
    """Mirror the data directory's layout with symlinks to the good files."""
    (bad / "raw").mkdir(parents=True)
    for path in [*sorted((good / "raw").iterdir()), good / FIGURES]:
        (bad / path.relative_to(good)).symlink_to(path)


def _replace(bad: Path, rel: str, data: bytes) -> None:
    target = bad / rel
    target.unlink()
    target.write_bytes(data)


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def _edit_csv_lines(good: Path, bad: Path, rel: str, edit: Callable[[list[str]], list[str]]) -> None:
    """Rewrite a Latin-1 CSV line by line (line ends kept); the text fields of these files contain no commas."""
    lines = (good / rel).read_bytes().decode("latin-1").splitlines(keepends=True)
    _replace(bad, rel, "".join(edit(lines)).encode("latin-1"))


def _set_census_field(fips: str, column: str, value: str) -> Damage:
    """Set one cell of a county row in the intercensal CSV (FIPS not zero-padded there)."""
    state, county = int(fips[:2]), int(fips[2:])

    def edit(lines: list[str]) -> list[str]:
        header = lines[0].rstrip("\r\n").split(",")
        col = header.index(column)
        for i, line in enumerate(lines):
            fields = line.rstrip("\r\n").split(",")
            if fields[0] == "50" and (int(fields[3]), int(fields[4])) == (state, county):
                fields[col] = value
                lines[i] = ",".join(fields) + line[len(line.rstrip("\r\n")) :]
                return lines
        raise AssertionError(f"county {fips} not found in {CENSUS}")

    return lambda good, bad: _edit_csv_lines(good, bad, CENSUS, edit)


def _rewrite_activations(change: Callable[[pd.DataFrame], pd.DataFrame]) -> Damage:
    """Write a changed copy of the activation panel as Stata 118, keeping every other column and type."""

    def damage(good: Path, bad: Path) -> None:
        df = pd.read_stata(good / ACTIVATIONS, convert_categoricals=False)
        df = change(df)
        dates = {c: "td" for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c])}
        (bad / ACTIVATIONS).unlink()
        df.to_stata(bad / ACTIVATIONS, write_index=False, version=118, convert_dates=dates)

    return damage


# ---------------------------------------------------------------------------------------------------------
# the damage, one function per case


def missing_activations(good: Path, bad: Path) -> None:
    (bad / ACTIVATIONS).unlink()


def missing_published_figures(good: Path, bad: Path) -> None:
    (bad / FIGURES).unlink()


def truncated_dta(good: Path, bad: Path) -> None:
    data = (good / ACTIVATIONS).read_bytes()
    _replace(bad, ACTIVATIONS, data[: len(data) // 2])


def truncated_census_csv(good: Path, bad: Path) -> None:
    """Cut at a line boundary half-way, inside a state, so every remaining row parses and only the control
    totals (the state rows) can tell."""

    def edit(lines: list[str]) -> list[str]:
        cut = len(lines) // 2
        while not lines[cut].startswith("50,"):
            cut += 1
        return lines[:cut]

    _edit_csv_lines(good, bad, CENSUS, edit)


def truncated_census_csv_mid_row(good: Path, bad: Path) -> None:
    data = (good / CENSUS).read_bytes()
    _replace(bad, CENSUS, data[: len(data) // 2])


def corrupt_dta(good: Path, bad: Path) -> None:
    size = (good / ACTIVATIONS).stat().st_size
    _replace(bad, ACTIVATIONS, random.Random(20080 + size).randbytes(size))


def renamed_census_column(good: Path, bad: Path) -> None:
    _edit_csv_lines(good, bad, CENSUS, lambda lines: [lines[0].replace("CENSUS2010POP", "CENSUS2010"), *lines[1:]])


def duplicate_census_county(good: Path, bad: Path) -> None:
    _edit_csv_lines(good, bad, CENSUS, lambda lines: [*lines[:3], lines[2], *lines[3:]])  # Autauga AL twice


def duplicate_noncitizen_county_year(good: Path, bad: Path) -> None:
    def edit(lines: list[str]) -> list[str]:
        assert lines[1].split(",")[1:3] == ["2009", '"45001"'], lines[1]
        return [*lines, lines[1]]

    _edit_csv_lines(good, bad, NONCIT, edit)


def _set_date_secure(fips: int, value: str, *, as_text: bool) -> Damage:
    def change(df: pd.DataFrame) -> pd.DataFrame:
        dated = (df["county"] == fips) & df["date_secure"].notna()
        assert dated.any()
        if as_text:  # a text column of ISO dates, as a hand-edited file might carry
            text = df["date_secure"].dt.strftime("%Y-%m-%d").astype(object).where(df["date_secure"].notna(), "")
            text[dated] = value
            return df.assign(date_secure=text)
        df.loc[dated, "date_secure"] = pd.Timestamp(value)
        return df

    return _rewrite_activations(change)


def activation_missing_a_county(good: Path, bad: Path) -> None:
    _rewrite_activations(lambda df: df[df["county"] != 1001])(good, bad)


def stray_noncitizen_fips(stray: str) -> Damage:
    return lambda good, bad: _edit_csv_lines(good, bad, NONCIT, lambda lines: [*lines, f'"0",2010,"{stray}",5,3\n'])


def fractional_noncitizen_year(good: Path, bad: Path) -> None:
    def edit(lines: list[str]) -> list[str]:
        assert lines[2].startswith('"2",2010,'), lines[2]
        return [lines[0], lines[1], lines[2].replace(",2010,", ",2010.5,", 1), *lines[3:]]

    _edit_csv_lines(good, bad, NONCIT, edit)


def published_figures_header_only(good: Path, bad: Path) -> None:
    _replace(bad, FIGURES, (good / FIGURES).read_bytes().splitlines(keepends=True)[0])


def figure_with_unparseable_period_end(good: Path, bad: Path) -> None:
    raw = pd.read_csv(good / FIGURES, dtype=str, keep_default_na=False)
    raw.loc[0, "period_end"] = "2011-13-45"
    _replace(bad, FIGURES, raw.to_csv(index=False).encode("utf-8"))


def figure_attached_to_the_wrong_county(good: Path, bad: Path) -> None:
    raw = pd.read_csv(good / FIGURES, dtype=str, keep_default_na=False)
    assert raw.loc[0, "name"] == "Los Angeles County, CA"
    raw.loc[0, "fips"] = "06073"  # San Diego
    _replace(bad, FIGURES, raw.to_csv(index=False).encode("utf-8"))


# (id, damage, file named in the message, problem named in the message, stage that refuses it)
CASES = [
    pytest.param(missing_activations, ACTIVATIONS, "missing (expected at", SOURCES, id="missing-activation-dta"),
    pytest.param(missing_published_figures, FIGURES, "missing (expected at", SOURCES, id="missing-published-figures"),
    pytest.param(truncated_dta, ACTIVATIONS, "cannot be read as a Stata file", SOURCES, id="truncated-dta-half"),
    pytest.param(
        truncated_census_csv,
        CENSUS,
        "county CENSUS2010POP sums to",
        SOURCES,
        id="truncated-census-csv-caught-by-state-control-totals",
    ),
    pytest.param(
        truncated_census_csv_mid_row, CENSUS, "missing CENSUS2010POP", SOURCES, id="truncated-census-csv-mid-row"
    ),
    pytest.param(corrupt_dta, ACTIVATIONS, "cannot be read as a Stata file", SOURCES, id="corrupt-dta-random-bytes"),
    pytest.param(renamed_census_column, CENSUS, "missing column(s) CENSUS2010POP", SOURCES, id="renamed-column"),
    pytest.param(duplicate_census_county, CENSUS, "duplicate FIPS 01001", SOURCES, id="duplicate-fips-census"),
    pytest.param(
        duplicate_noncitizen_county_year,
        NONCIT,
        "duplicate FIPS 45001 for year 2009",
        SOURCES,
        id="duplicate-fips-noncitizen-same-year",
    ),
    pytest.param(
        _set_date_secure(1001, "2011-13-45", as_text=True),
        ACTIVATIONS,
        "unparseable date '2011-13-45' in date_secure for FIPS 01001",
        SOURCES,
        id="unparseable-date-in-dta",
    ),
    pytest.param(
        figure_with_unparseable_period_end,
        FIGURES,
        "row 2: unparseable period_end '2011-13-45'",
        JOIN,
        id="unparseable-date-in-published-figures",
    ),
    pytest.param(
        _set_date_secure(1001, "2015-01-01", as_text=False),
        ACTIVATIONS,
        "date 2015-01-01 in date_secure for FIPS 01001 is outside the 2008-2013 rollout",
        SOURCES,
        id="date-outside-2008-2013",
    ),
    pytest.param(
        _set_census_field("01001", "CENSUS2010POP", "-54571"),
        CENSUS,
        "negative CENSUS2010POP -54571 for FIPS 01001",
        SOURCES,
        id="negative-population",
    ),
    pytest.param(
        _set_census_field("01001", "POPESTIMATE2009", "x54135"),
        CENSUS,
        "non-numeric POPESTIMATE2009 'x54135' for FIPS 01001",
        SOURCES,
        id="non-numeric-population",
    ),
    pytest.param(
        activation_missing_a_county,
        ACTIVATIONS,
        "no activation date for 2010 county FIPS 01001",
        JOIN,
        id="county-missing-from-activations",
    ),
    pytest.param(
        stray_noncitizen_fips("06999"),
        NONCIT,
        "FIPS 06999 match no 2010 county",
        JOIN,
        id="stray-fips-in-noncitizens",
    ),
    pytest.param(
        stray_noncitizen_fips("99999"),
        NONCIT,
        "FIPS 99999 match no 2010 county",
        JOIN,
        id="stray-fips-outside-any-state-in-noncitizens",
    ),
    pytest.param(
        fractional_noncitizen_year,
        NONCIT,
        "2010.5",
        SOURCES,
        id="fractional-year-in-noncitizens",
    ),
    pytest.param(
        published_figures_header_only,
        FIGURES,
        "has a header but no figures",
        SOURCES,
        id="published-figures-header-only",
    ),
    pytest.param(
        figure_attached_to_the_wrong_county,
        FIGURES,
        "row 2: FIPS 06073 is 'San Diego County, CA', but the row names 'Los Angeles County, CA'",
        JOIN,
        id="published-figure-on-the-wrong-county",
    ),
]


# ---------------------------------------------------------------------------------------------------------
# detainer files (9-13) and the content checks that hold whatever the checksum (issue 10, points 7 and 8)

MONTHLY = "raw/npr2016_detainers_by_month.csv"
US_CITIZEN = "raw/npr2016_detainers_us_citizen.csv"
NOT_DEPORTABLE = "raw/npr2016_detainers_not_deportable.csv"
PA = "raw/eads_pa_detainers.csv"
TRAC = "raw/trac2017_detainers_by_jurisdiction.csv"
V2019 = "raw/meredithb3_co-est2019-alldata.csv"


def _edit_utf8_lines(rel: str, edit: Callable[[list[str]], list[str]]) -> Damage:
    def damage(good: Path, bad: Path) -> None:
        lines = (good / rel).read_text(encoding="utf-8").splitlines(keepends=True)
        _replace(bad, rel, "".join(edit(lines)).encode("utf-8"))

    return damage


def _cut_at_line(rel: str, keep: int) -> Damage:
    return _edit_utf8_lines(rel, lambda lines: lines[:keep])


def _cut_mid_row(rel: str) -> Damage:
    def damage(good: Path, bad: Path) -> None:
        data = (good / rel).read_bytes()
        cut = data.rfind(b",", 0, len(data) // 2)  # inside a row, just before a separator
        _replace(bad, rel, data[:cut])

    return damage


def _repeat_line(rel: str, line: int) -> Damage:
    """Append a copy of file line ``line`` (header = 1) at the end."""
    return _edit_utf8_lines(rel, lambda lines: [*lines, lines[line - 1]])


def _reencode_utf16(rel: str) -> Damage:
    return lambda good, bad: _replace(bad, rel, (good / rel).read_text(encoding="utf-8").encode("utf-16"))


def _rename_header(rel: str, old: str, new: str) -> Damage:
    return _edit_utf8_lines(rel, lambda lines: [lines[0].replace(old, new, 1), *lines[1:]])


def _set_line(rel: str, line: int, old: str, new: str) -> Damage:
    def edit(lines: list[str]) -> list[str]:
        assert old in lines[line - 1], lines[line - 1]
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
        return lines

    return _edit_utf8_lines(rel, edit)


def _swap_record_columns(rel: str, a: str, b: str) -> Damage:
    """Swap two columns' values (the header stays), as a botched export would."""

    def damage(good: Path, bad: Path) -> None:
        df = pd.read_csv(good / rel, dtype=str, keep_default_na=False)
        df[a], df[b] = df[b].copy(), df[a].copy()
        _replace(bad, rel, df.to_csv(index=False, lineterminator="\n").encode("utf-8"))

    return damage


def _crlf(rel: str) -> Damage:
    return lambda good, bad: _replace(bad, rel, (good / rel).read_bytes().replace(b"\n", b"\r\n"))


def noncitizen_estimate_and_margin_swapped(good: Path, bad: Path) -> None:
    def edit(lines: list[str]) -> list[str]:
        out = [lines[0]]
        for line in lines[1:]:
            f = line.rstrip("\n").split(",")
            f[3], f[4] = f[4], f[3]
            out.append(",".join(f) + "\n")
        return out

    _edit_csv_lines(good, bad, NONCIT, edit)


def v2019_columns_swapped(good: Path, bad: Path) -> None:
    """POPESTIMATE2011 and POPESTIMATE2013 trade places (values only; the header stays)."""

    def edit(lines: list[str]) -> list[str]:
        header = lines[0].rstrip("\r\n").split(",")
        a, b = header.index("POPESTIMATE2011"), header.index("POPESTIMATE2013")
        out = [lines[0]]
        for line in lines[1:]:
            end = line[len(line.rstrip("\r\n")) :]
            f = line.rstrip("\r\n").split(",")
            f[a], f[b] = f[b], f[a]
            out.append(",".join(f) + end)
        return out

    _edit_csv_lines(good, bad, V2019, edit)


def census_two_counties_swapped(good: Path, bad: Path) -> None:
    """Autauga's and Baldwin's numbers trade places (their codes and names stay)."""

    def edit(lines: list[str]) -> list[str]:
        assert ",Autauga County," in lines[2] and ",Baldwin County," in lines[3]
        a, b = lines[2].split(","), lines[3].split(",")
        lines[2] = ",".join(a[:7] + b[7:])
        lines[3] = ",".join(b[:7] + a[7:])
        return lines

    _edit_csv_lines(good, bad, CENSUS, edit)


def pa_unknown_facility(good: Path, bad: Path) -> None:
    _set_line(PA, 2, "MONTGOMERY CNTY JAIL, PA", "NEW COUNTY JAIL, PA")(good, bad)


CASES += [
    # file 9: national monthly
    pytest.param(_cut_at_line(MONTHLY, 60), MONTHLY, "no row for month 2012-09", SOURCES, id="monthly-truncated"),
    pytest.param(_cut_mid_row(MONTHLY), MONTHLY, "fields, expected 2", SOURCES, id="monthly-truncated-mid-row"),
    pytest.param(_repeat_line(MONTHLY, 2), MONTHLY, "row 96: month 2007-10 appears twice", SOURCES, id="monthly-dup"),
    pytest.param(_reencode_utf16(MONTHLY), MONTHLY, "row 1: not UTF-8 text", SOURCES, id="monthly-re-encoded"),
    pytest.param(
        _rename_header(MONTHLY, "count", "n"), MONTHLY, "row 1: missing column(s) count", SOURCES, id="monthly-column"
    ),
    pytest.param(
        _set_line(MONTHLY, 2, "13680", "1368O"), MONTHLY, "row 2: non-numeric count", SOURCES, id="monthly-non-numeric"
    ),
    pytest.param(
        _set_line(MONTHLY, 95, "2015-07", "2015-08"),
        MONTHLY,
        "row 95: month 2015-08 is outside the FOIA release",
        SOURCES,
        id="monthly-month-outside-period",
    ),
    pytest.param(
        _swap_record_columns(MONTHLY, "year_month", "count"),
        MONTHLY,
        "row 2: unparseable month '13680'",
        SOURCES,
        id="monthly-columns-swapped",
    ),
    # files 10-11: lifted detainers
    pytest.param(
        _cut_at_line(US_CITIZEN, 400), US_CITIZEN, "the registered file has 693", SOURCES, id="us-citizen-truncated"
    ),
    pytest.param(_cut_mid_row(US_CITIZEN), US_CITIZEN, "fields, expected 6", SOURCES, id="us-citizen-mid-row"),
    pytest.param(
        _repeat_line(US_CITIZEN, 2),
        US_CITIZEN,
        "row 695 repeats row 2 exactly: 19 exact duplicate rows, the registered file has 18",
        SOURCES,
        id="us-citizen-duplicated-row",
    ),
    pytest.param(_reencode_utf16(US_CITIZEN), US_CITIZEN, "not UTF-8 text", SOURCES, id="us-citizen-re-encoded"),
    pytest.param(
        _rename_header(US_CITIZEN, "city", "town"),
        US_CITIZEN,
        "row 1: missing column(s) city",
        SOURCES,
        id="us-citizen-missing-column",
    ),
    pytest.param(
        _set_line(US_CITIZEN, 2, "2007-10-01 00:00:00", "2016-10-01 00:00:00"),
        US_CITIZEN,
        "row 2: date 2016-10-01 is outside the FOIA release",
        SOURCES,
        id="us-citizen-date-outside-period",
    ),
    pytest.param(
        _set_line(US_CITIZEN, 2, "CALIFORNIA", "CALIFORNIO"),
        US_CITIZEN,
        "row 2: unknown state 'CALIFORNIO'",
        SOURCES,
        id="us-citizen-unknown-state",
    ),
    pytest.param(
        _swap_record_columns(US_CITIZEN, "city", "state"),
        US_CITIZEN,
        "row 2: unknown state 'CHOWCHILLA'",
        SOURCES,
        id="us-citizen-columns-swapped",
    ),
    pytest.param(
        _repeat_line(NOT_DEPORTABLE, 3),
        NOT_DEPORTABLE,
        "exact duplicate rows, the registered file has 51",
        SOURCES,
        id="not-deportable-duplicated-row",
    ),
    pytest.param(
        _set_line(NOT_DEPORTABLE, 2, "Alien Not Subject to Deportation", "Lifted"),
        NOT_DEPORTABLE,
        "row 2: lift reason 'Lifted'",
        SOURCES,
        id="not-deportable-other-lift-reason",
    ),
    # file 12: Pennsylvania
    pytest.param(_cut_at_line(PA, 20000), PA, "the registered file has 32,757", SOURCES, id="pa-truncated"),
    pytest.param(
        _set_line(PA, 2, "2007-10-02", "2007-09-02"), PA, "row 2: date 2007-09-02 is outside", SOURCES, id="pa-date"
    ),
    pytest.param(
        pa_unknown_facility, PA, "row 2: facility 'NEW COUNTY JAIL, PA' in NORRISTOWN has no row", JOIN, id="pa-new-fac"
    ),
    pytest.param(
        _set_line(PA, 2, ",PENNSYLVANIA,", ",NEW JERSEY,"),
        PA,
        "row 2: state 'NEW JERSEY', expected 'PENNSYLVANIA' on every row",
        SOURCES,
        id="pa-other-state",
    ),
    pytest.param(
        _set_line(PA, 2, ",PENNSYLVANIA,", ",,"),
        PA,
        "row 2: state '', expected 'PENNSYLVANIA'",
        SOURCES,
        id="pa-no-state",
    ),
    # file 13: TRAC
    pytest.param(
        _repeat_line(TRAC, 3),
        TRAC,
        "row 4567 repeats row 3 exactly: 180 exact duplicate rows, the registered file has 179",
        SOURCES,
        id="trac-duplicates-beyond-179",
    ),
    pytest.param(_cut_at_line(TRAC, 3000), TRAC, "the registered file has 4,565", SOURCES, id="trac-truncated"),
    pytest.param(_reencode_utf16(TRAC), TRAC, "not UTF-8 text", SOURCES, id="trac-re-encoded"),
    pytest.param(_rename_header(TRAC, "Yes", "Taken"), TRAC, "missing column(s) Yes", SOURCES, id="trac-column"),
    pytest.param(
        _set_line(TRAC, 3, '"51,856"', '"51,8S6"'), TRAC, "row 3: non-numeric All", SOURCES, id="trac-non-numeric"
    ),
    pytest.param(
        _set_line(TRAC, 3, "California,Los", "Californie,Los"),
        TRAC,
        "row 3: unknown state 'Californie'",
        SOURCES,
        id="trac-unknown-state",
    ),
    pytest.param(
        _swap_record_columns(TRAC, "All", "Yes"), TRAC, "row 234: non-numeric All ''", SOURCES, id="trac-swapped"
    ),
    pytest.param(
        _swap_record_columns(TRAC, "County", "Facility"),
        TRAC,
        "row 3: Jurisdiction 'Los Angeles County - Los Angeles County Jail' does not start with County "
        "'Los Angeles County Jail' + ' - ' (County and Facility swapped?)",
        SOURCES,
        id="trac-county-and-facility-swapped",
    ),
    pytest.param(
        _set_line(TRAC, 3, "Los Angeles County - Los", "Orange County - Los"),
        TRAC,
        "row 3: Jurisdiction 'Orange County - Los Angeles County Jail' does not start with County 'Los Angeles County'",
        SOURCES,
        id="trac-jurisdiction-names-another-county",
    ),
    pytest.param(
        _swap_record_columns(TRAC, "Yes", "No"),
        TRAC,
        "Yes sums to 787,110 (rows from 2 on), the registered file's to 1,047,312",
        SOURCES,
        id="trac-yes-and-no-swapped",
    ),
    pytest.param(
        _set_line(MONTHLY, 2, "13680", "13681"),
        MONTHLY,
        "count sums to 1,814,829",
        SOURCES,
        id="monthly-count-edited",
    ),
    # content checks that hold whatever the checksum (the damaged file is accepted as changed)
    pytest.param(
        noncitizen_estimate_and_margin_swapped,
        NONCIT,
        "estimate and margin swapped?",
        SOURCES,
        id="noncitizen-estimate-and-margin-swapped",
    ),
    pytest.param(v2019_columns_swapped, V2019, "columns or rows swapped?", SOURCES, id="v2019-two-columns-swapped"),
    pytest.param(
        census_two_counties_swapped,
        CENSUS,
        "county row FIPS 01001",
        SOURCES,
        id="census-two-counties-rows-swapped",
    ),
]


def test_a_changed_input_is_refused_unless_accepted(
    tmp_path: Path, data_dir: Path, repo_root: Path, existing_out: Path
) -> None:
    """Same content, other bytes (CRLF line ends): refused by checksum without --accept-changed, naming the file."""
    bad = tmp_path / "data"
    _link_data(data_dir, bad)
    _crlf(MONTHLY)(data_dir, bad)
    before = _snapshot(existing_out)

    proc = _build(repo_root, bad, existing_out)

    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {MONTHLY}: sha256 "), proc.stderr
    assert "--accept-changed npr2016_detainers_by_month.csv" in lines[0]
    assert _snapshot(existing_out) == before
    assert GEOMETRY_STAGE_LOG not in proc.stdout


def test_an_accepted_change_is_recorded_and_what_changed_is_printed(
    tmp_path: Path, data_dir: Path, repo_root: Path, existing_out: Path, geodata_dir: Path
) -> None:
    bad = tmp_path / "data"
    _link_data(data_dir, bad)
    _crlf(MONTHLY)(data_dir, bad)

    proc = _build(repo_root, bad, existing_out, "npr2016_detainers_by_month.csv")

    assert proc.returncode == 0, proc.stderr
    assert f"warning: {MONTHLY}: changed input accepted" in proc.stdout
    assert "changed: manifest.json" not in proc.stdout  # only data files are compared
    assert "changed: nothing in the layer" in proc.stdout  # same content: no table moved
    man = json.loads((existing_out / "manifest.json").read_text())
    row = next(i for i in man["inputs"] if i["path"] == MONTHLY)
    assert row["registered_sha256"] != row["sha256"]
    for name in ("detainers_national_monthly.csv", "counties.csv"):
        assert (existing_out / name).read_bytes() == (geodata_dir / name).read_bytes()


# ---------------------------------------------------------------------------------------------------------
# tests


@pytest.fixture
def existing_out(tmp_path: Path, geodata_dir: Path) -> Path:
    """A copy of the committed geodata/ as the build's existing output, alone in its parent directory."""
    out = tmp_path / "out" / "geodata"
    shutil.copytree(geodata_dir, out)
    return out


def _build(repo_root: Path, raw: Path, out: Path, *accept: str) -> subprocess.CompletedProcess[str]:
    """Run the build; ``accept`` names damaged inputs passed with ``--accept-changed``, so that the content checks
    (not only the checksum refusal) are what refuses them."""
    extra = [arg for name in accept for arg in ("--accept-changed", name)]
    return subprocess.run(
        [sys.executable, "-m", "etl", "build", "--raw", str(raw), "--out", str(out), *extra],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(("damage", "file", "problem", "stage"), CASES)
def test_build_refuses_bad_input_in_one_line_and_leaves_the_output_untouched(
    damage: Damage,
    file: str,
    problem: str,
    stage: str,
    tmp_path: Path,
    data_dir: Path,
    repo_root: Path,
    existing_out: Path,
) -> None:
    bad = tmp_path / "data"
    _link_data(data_dir, bad)
    damage(data_dir, bad)
    before = _snapshot(existing_out)

    proc = _build(repo_root, bad, existing_out, file)

    assert proc.returncode != 0, proc.stdout
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"error: {file}: "), lines[0]
    assert problem in lines[0], lines[0]
    assert _snapshot(existing_out) == before
    assert [p.name for p in existing_out.parent.iterdir()] == ["geodata"]
    assert GEOMETRY_STAGE_LOG not in proc.stdout, proc.stdout  # refused before the slow geometry stage


def test_successful_build_replaces_an_existing_output_and_leaves_no_temporary_dirs(
    tmp_path: Path, data_dir: Path, repo_root: Path, geodata_dir: Path, existing_out: Path
) -> None:
    (existing_out / "counties.csv").write_text("stale\n")
    (existing_out / "leftover.txt").write_text("from an older layer\n")

    proc = _build(repo_root, data_dir, existing_out)

    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert not (existing_out / "leftover.txt").exists()
    for name in ["counties.csv", "published_figures.csv", "counties.geojson", "crosswalk.csv", "metrics.csv"]:
        assert (existing_out / name).read_bytes() == (geodata_dir / name).read_bytes(), name
    assert [p.name for p in existing_out.parent.iterdir()] == ["geodata"]
