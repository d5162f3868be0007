"""Downloads of the current view (dashboard/downloads.py) and the Flask routes of dashboard/app.py, through the
Flask test client (no server, no browser, no network).
"""

from __future__ import annotations

import dataclasses
import html
import io
import json
from datetime import date

import pandas as pd
import pytest

from dashboard import downloads
from dashboard.viewstate import View
from tests import visits

EXAMPLE_QUERY = "date=2011-02-01&county=48201&compare=06037,04013&state=TX&mode=status"
EXAMPLE = View(date=date(2011, 2, 1), county="48201", compare=("06037", "04013"), state="TX", mode="status")


def _csv(body: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(body), dtype=str, keep_default_na=False)


def _expected_status(activation: pd.Series, day: str) -> pd.Series:
    d = pd.Timestamp(day)
    return activation.map(lambda a: "activated this day" if a == d else "active" if a < d else "not yet active")


@pytest.fixture(scope="module")
def example_csv(client) -> pd.DataFrame:
    resp = client.get(f"/download/counties.csv?{EXAMPLE_QUERY}")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.mimetype == "text/csv"
    assert resp.headers["Content-Disposition"] == 'attachment; filename="secure-communities-TX-2011-02-01.csv"'
    return _csv(resp.data)


# ----- CSV ---------------------------------------------------------------------------------------------------


def test_csv_for_the_example_link_has_the_254_texas_counties_then_the_compared_ones_elsewhere(
    example_csv, counties_csv
):
    """state=TX, compare=06037,04013: the comparison on screen shows Los Angeles and Maricopa, so the file has them
    too, after Texas (a phone reviewer found them missing)."""
    assert list(example_csv.columns) == downloads.COLUMNS
    assert len(example_csv) == 256
    texas = example_csv.iloc[:254]
    assert set(texas["state"]) == {"TX"}
    assert sorted(texas["fips"]) == sorted(counties_csv.loc[counties_csv["state"] == "TX", "fips"])
    assert example_csv.iloc[254:][["fips", "role"]].values.tolist() == [["04013", "compared"], ["06037", "compared"]]
    assert set(example_csv["as_of"]) == {"2011-02-01"}


def test_csv_carries_each_county_detainers_with_period_and_empty_where_trac_lists_none(example_csv, geodata_dir):
    trac = pd.read_csv(geodata_dir / "detainers_trac_counties.csv", dtype=str, keep_default_na=False)
    trac = trac.set_index("fips")
    rows = example_csv.set_index("fips")
    for fips in ("48201", "48141", "48479"):  # Harris, El Paso, Webb
        assert rows.at[fips, "trac_detainers"] == trac.at[fips, "detainers"]
        assert rows.at[fips, "trac_ice_took_custody"] == trac.at[fips, "ice_took_custody"]
        assert rows.at[fips, "trac_period"] == trac.at[fips, "period"] != ""
    absent = [f for f in rows.index if f not in trac.index]
    assert absent and (rows.loc[absent, "trac_detainers"] == "").all()  # not known to be zero: left empty
    assert (rows["us_citizen_lifted_period"].str.contains("placed in a county only")).all()


def test_a_county_with_no_us_citizen_lift_placed_carries_its_states_unplaced_count(example_csv, geodata_dir):
    """A reviewer read the download's bare 0 for Harris as "no U.S. citizen held": the lifts of Texas that name no
    county sit beside it on every Texas row, counted independently from the layer's lifted records."""
    lifted = pd.read_csv(geodata_dir / "detainers_lifted.csv", dtype=str, keep_default_na=False)
    us = lifted[(lifted["reason"] == "us_citizen") & (lifted["level"] != "county")]
    expected = us.assign(records=us["records"].astype(int)).groupby("state")["records"].sum()
    rows = example_csv.set_index("fips")
    assert rows.at["48201", "us_citizen_lifted"] == "0" and int(rows.at["48201", "us_citizen_unplaced_in_state"]) > 0
    for fips, row in rows.iterrows():
        assert int(row["us_citizen_unplaced_in_state"]) == int(expected.get(row["state"], 0)), fips


def test_csv_status_on_date_matches_an_independent_computation(example_csv, counties_csv):
    activation = counties_csv.set_index("fips")["activation_date"]
    got = example_csv.set_index("fips")["status_on_date"]
    expected = _expected_status(activation.loc[got.index], "2011-02-01")
    assert (got == expected).all()
    assert (got == "active").sum() == (activation.loc[got.index] < pd.Timestamp("2011-02-01")).sum()


def test_csv_on_an_activation_day_marks_that_days_counties(client, counties_csv):
    resp = client.get("/download/counties.csv?date=2008-10-27")
    rows = _csv(resp.data)
    assert rows.loc[rows["status_on_date"] == "activated this day", "fips"].tolist() == ["48201"]
    assert (rows["status_on_date"] == "not yet active").sum() == 3142


def test_csv_role_marks_the_selected_and_compared_counties_only(example_csv):
    roles = example_csv.set_index("fips")["role"]
    assert roles["48201"] == "selected" and roles[["06037", "04013"]].tolist() == ["compared", "compared"]
    assert set(roles.drop(["48201", "06037", "04013"])) == {""}


def test_csv_role_marks_the_compare_set_nationally(client):
    resp = client.get("/download/counties.csv?" + EXAMPLE_QUERY.replace("&state=TX", ""))
    rows = _csv(resp.data)
    assert len(rows) == 3143
    roles = rows.set_index("fips")["role"]
    assert roles["48201"] == "selected"
    assert roles[["06037", "04013"]].tolist() == ["compared", "compared"]
    assert (roles == "").sum() == 3140


def test_csv_values_match_the_geodata_layer(example_csv, counties_csv, dataset):
    src = counties_csv.set_index("fips")
    got = example_csv.set_index("fips")
    harris = got.loc["48201"]
    assert harris["name"] == "Harris County"
    assert harris["activation_date"] == "2008-10-27" and harris["national_rank"] == "1"
    assert harris["pop_2010_census"] == str(int(src.loc["48201", "pop_2010_census"]))
    assert set(got["data_release"]) == {dataset.release_id}
    for col in ("national_rank", "state_rank", "days_after_first", "pop_2010_census"):
        assert (got[col].astype(int) == src.loc[got.index, col].astype(int)).all(), col


def test_csv_without_a_state_has_every_county(client):
    resp = client.get("/download/counties.csv?date=2011-02-01")
    assert resp.status_code == 200
    rows = _csv(resp.data)
    assert len(rows) == 3143 and rows["fips"].is_unique
    assert (rows["status_on_date"] != "not yet active").sum() == 1010
    assert "secure-communities-us-2011-02-01.csv" in resp.headers["Content-Disposition"]


def test_csv_is_utf8_with_accents_intact(client):
    rows = _csv(client.get("/download/counties.csv?state=NM").data)
    assert "Doña Ana County" in set(rows["name"])


def test_a_date_between_activations_downloads_the_snapped_view(client):
    resp = client.get("/download/counties.csv?date=2011-01-01&state=DE")
    assert resp.status_code == 200
    assert set(_csv(resp.data)["as_of"]) == {"2010-12-28"}


# ----- GeoJSON -----------------------------------------------------------------------------------------------


def test_geojson_has_one_feature_per_csv_row_with_the_same_properties(client, example_csv):
    resp = client.get(f"/download/counties.geojson?{EXAMPLE_QUERY}")
    assert resp.status_code == 200 and resp.mimetype == "application/geo+json"
    assert resp.headers["Content-Disposition"].endswith('.geojson"')
    doc = json.loads(resp.data)
    assert doc["type"] == "FeatureCollection"
    feats = doc["features"]
    assert sorted(f["id"] for f in feats) == sorted(example_csv["fips"])
    by_id = {f["id"]: f for f in feats}
    for _, row in example_csv.iterrows():
        props = by_id[row["fips"]]["properties"]
        assert list(props) == downloads.COLUMNS
        assert props["fips"] == row["fips"]
        assert props["status_on_date"] == row["status_on_date"] and props["role"] == row["role"]
        assert props["activation_date"] == row["activation_date"]
    harris = by_id["48201"]
    assert harris["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert harris["properties"]["role"] == "selected" and harris["properties"]["national_rank"] == 1


def test_geojson_nationally_has_every_county(client):
    doc = json.loads(client.get("/download/counties.geojson?date=2013-01-22").data)
    assert len(doc["features"]) == 3143
    assert {f["properties"]["status_on_date"] for f in doc["features"]} == {"active", "activated this day"}


# ----- bad requests --------------------------------------------------------------------------------------------

BAD_QUERIES = [
    "date=yesterday",
    "date=2020-01-01",
    "date=2007-09-30",
    "stat=RI",
    "county=99999",
    "county=<script>alert(1)</script>",
    "state=ZZ",
    "state=../../etc/passwd",
    "mode=heatmap",
    "compare=06037,abc",
    "compare=" + ",".join(["06037"] * 50),
    "county=48201&county=06037",
    "county=48201%00",
    "county=%E2%80%AE48201",
    "state=%0D%0ASet-Cookie:%20x=1",
    "date=%F0%9F%99%82",
    "date=%ff%fe",
    "compare=48201,06037,04013,24005,24510,29189,29510",
    "&".join(f"state=TX{i}" for i in range(80)),
]


@pytest.mark.parametrize("kind", ["csv", "geojson"])
@pytest.mark.parametrize("query", BAD_QUERIES, ids=range(len(BAD_QUERIES)))
def test_bad_parameters_are_a_400_with_a_one_line_text_body(client, kind, query):
    resp = client.get(f"/download/counties.{kind}?{query}")
    assert resp.status_code == 400
    assert resp.mimetype == "text/plain"
    body = resp.get_data(as_text=True)
    assert body.startswith("Bad request: ") and body.endswith("\n") and body.count("\n") == 1
    assert all(ch.isprintable() for ch in body[:-1]) and len(body) < 400
    assert "Content-Disposition" not in resp.headers


@pytest.mark.parametrize(
    ("lang", "reason"),
    [("en", "At most 6 counties can be compared."), ("es", "Se pueden comparar como máximo 6 condados.")],
)
def test_a_refused_download_names_the_problem_not_a_fallback_it_did_not_serve(client, lang, reason):
    """A reviewer saw "…; the first 6 of 20 are kept." on a 400 that kept nothing."""
    compare = "48201,06037,04013,24005,24510,29189,29510"
    resp = client.get(f"/download/counties.csv?compare={compare}&lang={lang}")
    assert resp.status_code == 400
    assert resp.get_data(as_text=True).rstrip("\n").endswith(reason)


def test_unrelated_parameters_do_not_block_a_download(client):
    resp = client.get("/download/counties.csv?state=DC&utm_source=newsletter&fbclid=x")
    assert resp.status_code == 200 and len(_csv(resp.data)) == 1


# ----- formula injection ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x","y")'])
def test_neutralise_prefixes_formula_text(value):
    assert downloads.neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Harris County", "", "O'Brien County", "1=1", 5, -5, 2.5, None])
def test_neutralise_leaves_other_values_alone(value):
    assert downloads.neutralise(value) == value


def test_a_crafted_row_cannot_run_as_a_formula(dataset):
    counties = dataset.counties.copy()
    i = counties.index[counties["fips"] == "48201"][0]
    counties.loc[i, "name"] = '=HYPERLINK("http://evil.example","click")'
    counties.loc[i, "date_via"] = "@cmd"
    crafted = dataclasses.replace(dataset, counties=counties)
    rows = _csv(downloads.to_csv(crafted, EXAMPLE)).set_index("fips")
    assert rows.loc["48201", "name"] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows.loc["48201", "date_via"] == "'@cmd"
    for col in rows.columns:
        assert not rows[col].str.match(r"^[=+\-@\t\r]").any(), col
    props = {f["id"]: f["properties"] for f in json.loads(downloads.to_geojson(crafted, EXAMPLE))["features"]}
    assert props["48201"]["name"].startswith("'=")


# ----- geometry, health, methodology -------------------------------------------------------------------------


@pytest.mark.parametrize("offered, coding", [("gzip", "gzip"), ("gzip, deflate, br", "br"), ("gzip, br, zstd", "zstd")])
def test_geometry_is_compressed_as_accepted_with_etag_and_cache_control(client, geodata_dir, offered, coding):
    raw = (geodata_dir / "counties.geojson").read_bytes()
    resp = client.get("/geodata/counties.geojson", headers={"Accept-Encoding": offered})
    assert resp.status_code == 200
    assert resp.headers["Content-Encoding"] == coding
    assert resp.mimetype == "application/geo+json"
    assert visits.decode(resp.data, coding) == raw
    assert len(resp.data) < len(raw) / 2
    assert resp.headers["ETag"]
    assert "max-age=" in resp.headers["Cache-Control"] and "public" in resp.headers["Cache-Control"]
    assert "Accept-Encoding" in resp.headers["Vary"]


def test_geometry_is_plain_without_gzip(client, geodata_dir):
    resp = client.get("/geodata/counties.geojson", headers={"Accept-Encoding": "identity"})
    assert resp.status_code == 200
    assert "Content-Encoding" not in resp.headers
    assert resp.data == (geodata_dir / "counties.geojson").read_bytes()


def test_geometry_returns_304_on_a_matching_etag(client):
    etag = client.get("/geodata/counties.geojson").headers["ETag"]
    resp = client.get("/geodata/counties.geojson", headers={"If-None-Match": etag, "Accept-Encoding": "gzip"})
    assert resp.status_code == 304 and resp.data == b""
    assert resp.headers["ETag"] == etag
    other = client.get("/geodata/counties.geojson", headers={"If-None-Match": '"not-it"'})
    assert other.status_code == 200


def test_healthz_reports_the_release_from_the_manifest(client, geodata_dir):
    manifest = json.loads((geodata_dir / "manifest.json").read_text())
    resp = client.get("/healthz")
    assert resp.status_code == 200
    assert resp.json["status"] == "ok"
    assert resp.json["release"] == manifest["release_id"]
    assert resp.json["counties"] == 3143


@pytest.fixture(scope="module")
def methodology(client) -> str:
    resp = client.get("/methodology")
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    return resp.get_data(as_text=True)


def test_methodology_lists_every_source_citation(methodology, geodata_dir):
    manifest = json.loads((geodata_dir / "manifest.json").read_text())
    assert manifest["inputs"]
    for source in manifest["inputs"]:
        assert html.escape(source["citation"]) in methodology, source["path"]
        if source.get("url"):
            assert html.escape(source["url"]) in methodology


def test_methodology_has_the_whole_crosswalk(methodology, geodata_dir):
    crosswalk = pd.read_csv(geodata_dir / "crosswalk.csv", dtype=str, keep_default_na=False)
    assert len(crosswalk) > 0
    for row in crosswalk.itertuples():
        assert f"<td>{row.from_fips}</td><td>{row.to_fips}</td>" in methodology
        assert html.escape(row.note) in methodology


def test_methodology_names_the_release_and_every_published_figure(methodology, geodata_dir):
    manifest = json.loads((geodata_dir / "manifest.json").read_text())
    assert methodology.count(f"<code>{manifest['release_id']}</code>") >= 2
    figures = pd.read_csv(geodata_dir / "published_figures.csv", dtype=str, keep_default_na=False)
    for fid in figures["figure_id"]:
        assert f"<td>{fid}</td>" in methodology
    assert "about 183,000" in methodology


def test_xlsx_keeps_fips_as_text_and_accents_and_explains_every_column(client):
    import openpyxl

    resp = client.get("/download/counties.xlsx?state=NM&date=2011-02-01")
    assert resp.status_code == 200 and resp.mimetype.endswith("spreadsheetml.sheet")
    assert resp.headers["Content-Disposition"] == 'attachment; filename="secure-communities-NM-2011-02-01.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(resp.data))
    sheet = book["counties"]
    header = [c.value for c in sheet[1]]
    assert header == downloads.COLUMNS
    fips = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(fips) == 33 and all(isinstance(f, str) and len(f) == 5 for f in fips)
    assert sheet.cell(row=2, column=1).number_format == "@"  # Excel shows it as text, leading zeros and all
    names = [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Doña Ana County" in names
    about = {r[0]: r[1] for r in book["about"].iter_rows(min_row=2, values_only=True)}
    assert list(about) == downloads.COLUMNS and all(about.values())


def test_xlsx_of_alabama_keeps_the_leading_zero(client):
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(client.get("/download/counties.xlsx?state=AL").data))
    assert next(book["counties"].iter_rows(min_row=2, values_only=True))[0] == "01001"


def test_the_icon_browsers_ask_for_is_found(client):
    """Pages that name no icon (methodology, embeds) made browsers ask for /favicon.ico: a 404 in every console."""
    resp = client.get("/favicon.ico", follow_redirects=True)
    assert resp.status_code == 200 and resp.headers["Content-Type"].startswith("image/")
