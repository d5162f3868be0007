"""Map measures (dashboard/measures.py, issue #12.1): classes follow the layer's own fields, every colour has a legend
entry, the colours stay apart under colour blindness, and the measure travels with the URL, the figure, the Patch,
the download, the captions and the map as a table."""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
from datetime import date

import numpy as np
import pandas as pd
import pytest
from plotly.utils import PlotlyJSONEncoder

from dashboard import captions, cards, downloads, figures, measures, press, viewstate
from dashboard.detainers import all_county_detainers, rate_text
from dashboard.viewstate import View


@pytest.fixture(scope="module")
def app():
    from dashboard.app import create_app

    return create_app()


DETAINER_MEASURES = ["detainers", "rate", "custody", "citizen"]
DAY = date(2011, 2, 1)


def _lab(colour: str, matrix: np.ndarray | None = None) -> np.ndarray:
    """CIE L*a*b* of a ``#rrggbb`` colour, optionally through a colour-vision-deficiency matrix (linear RGB)."""
    rgb = np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    if matrix is not None:
        lin = np.clip(matrix @ lin, 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ lin
    xyz /= np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


# Machado, Oliveira & Fernandes (2009), severity 1.0.
CVD = {
    "normal": None,
    "protan": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deutan": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "tritan": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]
    ),
}


@pytest.mark.parametrize("measure", [*DETAINER_MEASURES, "activation"])
def test_every_pair_of_legend_colours_stays_apart_under_colour_blindness(measure):
    colours = [c for _, c in measures.classes(measure, "status")]
    assert len(set(colours)) == len(colours)
    for kind, matrix in CVD.items():
        labs = [_lab(c, matrix) for c in colours]
        for i in range(len(labs)):
            for j in range(i + 1, len(labs)):
                gap = float(np.linalg.norm(labs[i] - labs[j]))
                assert gap >= 10, (measure, kind, colours[i], colours[j], round(gap, 1))


def test_no_activation_date_colour_is_a_grey_or_close_to_not_yet_active():
    """The issue's complaint: cividis's middle grey looked like "not yet active" grey."""
    for colour in figures.DATE_RAMP:
        lab = _lab(colour)
        assert float(np.hypot(lab[1], lab[2])) >= 20, colour  # chroma: not a grey
        for kind, matrix in CVD.items():
            gap = float(np.linalg.norm(_lab(colour, matrix) - _lab(measures.NOT_YET, matrix)))
            assert gap >= 15, (colour, kind, round(gap, 1))


def test_special_classes_are_distinct_from_not_yet_active_and_from_each_other():
    specials = {colour for spec in measures.SPECIALS.values() for _, _, colour in spec}
    assert measures.NOT_YET not in specials and measures.NOT_YET not in measures.RAMP
    assert len({measures.NO_DATA, measures.TOO_SMALL, measures.NOT_RANKED}) == 3


@pytest.mark.parametrize("measure", DETAINER_MEASURES)
def test_classes_follow_the_layers_own_fields(dataset, measure):
    t = measures.county_table(dataset, measure)
    figs = all_county_detainers(dataset)
    labels = [label for label, _ in measures.classes(measure)]
    assert len(t) == 3143 and set(t["code"]) <= set(range(len(labels)))
    m = measures.MEASURES[measure]
    for row in t.itertuples():
        d = figs[row.fips]
        label = labels[row.code]
        if measure == "citizen":
            assert (measures.plain(label) == "None placed in this county") == (d.us_citizen == 0)
            continue
        if d.detainers is None:
            assert label == "No data: not listed by TRAC" and "absent is not zero" in row.why
        elif d.rank_note.startswith("not ranked"):
            assert label.startswith("Not ranked") and row.why == d.rank_note  # the reason, reachable
        elif measure == "rate" and d.rank is None:
            assert label == "Too small or uncertain to rank" and row.why == d.rank_note
        elif measure == "custody" and d.detainers < measures.MIN_FOR_SHARE:
            assert label == "Fewer than 20 detainers: share not shown" and "too few" in row.why
        else:
            assert label in m.labels and not row.why
            lo = m.edges[row.code]
            hi = m.edges[row.code + 1] if row.code + 1 < len(m.edges) else np.inf
            assert lo <= row.value < hi or (measure == "custody" and row.value == 1.0 and row.code == 4)


def test_rate_bins_hold_exactly_the_ranked_counties_and_use_the_cards_words(dataset):
    t = measures.county_table(dataset, "rate")
    binned = t[t["code"] < 5]
    trac = dataset.detainers["detainers_trac_counties.csv"]
    assert set(binned["fips"]) == set(trac.loc[trac["rank_per_1k_noncitizens"].notna(), "fips"])
    figs = all_county_detainers(dataset)
    assert (t.loc[t["fips"] == "48201", "words"] == rate_text(figs["48201"])).all()  # the card's definition


def test_custody_share_is_the_cards_share(dataset):
    t = measures.county_table(dataset, "custody").set_index("fips")
    for fips, d in list(all_county_detainers(dataset).items())[:400]:
        share = d.took_custody_share
        assert (pd.isna(t.loc[fips, "value"]) and share is None) or t.loc[fips, "value"] == pytest.approx(share)


@pytest.mark.parametrize("measure", [*DETAINER_MEASURES, "activation"])
@pytest.mark.parametrize("mode", ["cohort", "status"])
def test_every_colour_has_a_legend_entry(dataset, measure, mode):
    view = View(date=DAY, mode=mode, measure=measure)
    fig = figures.map_figure(dataset, view)
    main, legend = fig["data"][0], fig["data"][1 : 1 + measures.SLOTS]
    shown = [t for t in legend if t.get("showlegend")]
    assert len(legend) == measures.SLOTS and all(t["type"] == "scattergeo" for t in legend)
    if measure == "activation" and mode == "cohort":
        assert main["showscale"] is True and [t["name"] for t in shown] == ["Not yet active"]  # + the date bar
        return
    assert main["showscale"] is False
    entries = [(t["name"], t["marker"]["color"]) for t in shown]
    assert entries == measures.classes(measure, mode)
    scale = main["colorscale"]
    for code in set(main["z"]):  # every colour drawn is a legend entry's: the stops of the segment it falls in
        at = (code - main["zmin"]) / (main["zmax"] - main["zmin"])
        segments = [(a, b) for a, b in zip(scale, scale[1:], strict=False) if a[0] <= at <= b[0] and a[0] < b[0]]
        assert {c for a, b in segments for c in (a[1], b[1])} == {entries[code][1]}


@pytest.mark.parametrize("measure", DETAINER_MEASURES)
def test_detainer_maps_do_not_change_with_the_date_and_say_so(dataset, measure):
    early, late = (figures.map_figure(dataset, View(date=d, measure=measure)) for d in (date(2009, 1, 1), DAY))
    assert early["data"][0]["z"] == late["data"][0]["z"]
    assert late["data"][0]["meta"] == {"mode": "cohort", "measure": measure, "fixed": True}
    assert "does not" in late["layout"]["legend"]["title"]["text"]
    assert "do not change with the date" in measures.running_note(measure)
    assert late["layout"]["legend"]["orientation"] == "h"  # under the map: visible at 360 px


def test_hover_text_is_escaped_and_names_the_reason(dataset):
    fips = measures.scope_table(dataset, "rate", "SD")["fips"]
    texts = dict(zip(fips, measures.hover_texts(dataset, "rate", "SD"), strict=True))
    assert "<script" not in "".join(texts.values())
    assert any("incomplete" in t for t in texts.values())  # South Dakota: partial scrape, the layer's reason
    assert "TRAC&#x27;s list (absent is not zero" in texts["46003"]  # a county TRAC does not list, escaped


@pytest.mark.parametrize("value", ["deportations", "RATE ", "rate;custody", "1"])
def test_measure_in_the_url_round_trips_and_bad_values_get_a_notice(bounds, value):
    for name in viewstate.MEASURES:
        parsed = viewstate.parse(f"date=2011-02-01&measure={name}", bounds)
        assert parsed.view.measure == name and not parsed.notices
        assert ("measure=" in viewstate.serialize(parsed.view)) == (name != "activation")  # default left out
    parsed = viewstate.parse(f"date=2011-02-01&measure={value}", bounds)
    if value.strip().lower() in viewstate.MEASURES:
        assert parsed.view.measure == "rate"
    else:
        assert parsed.view.measure == "activation" and "Unknown map measure" in parsed.notices[0]
        assert viewstate.refusal(parsed.notices[0]).endswith(")."), "a download names what is wrong"


def test_a_malformed_measure_is_a_400_for_downloads_and_a_notice_in_embeds(app):
    client = app.server.test_client()
    resp = client.get("/download/counties.csv?measure=deportations")
    assert resp.status_code == 400 and "Unknown map measure" in resp.get_data(as_text=True)
    page = client.get("/embed/map?measure=deportations").get_data(as_text=True)
    assert "Unknown map measure" in page


@pytest.mark.parametrize("measure", DETAINER_MEASURES)
def test_download_says_which_measure_was_shown_with_each_countys_value_and_class(app, dataset, measure):
    client = app.server.test_client()
    resp = client.get(f"/download/counties.csv?date=2011-02-01&state=SD&measure={measure}")
    assert resp.status_code == 200
    rows = pd.read_csv(io.BytesIO(resp.data), dtype={"fips": str})
    assert rows["map_measure"].str.startswith(f"{measure}: ").all()
    t = measures.scope_table(dataset, measure, "SD")
    assert rows["map_class"].tolist() == t["label"].map(measures.plain).tolist()
    assert rows["map_class_why"].astype(object).fillna("").tolist() == t["why"].tolist()
    assert set(downloads.COLUMNS) >= {"map_measure", "map_value", "map_class", "map_class_why"}


def test_activation_download_names_its_mode_and_date(dataset, bounds):
    rows = downloads.view_rows(dataset, viewstate.parse("date=2011-02-01&mode=status&state=TX", bounds).view)
    assert (rows["map_measure"] == "activation (status): Secure Communities activation on 2011-02-01").all()
    assert set(rows["map_class"]) <= set(measures.STATUS_LABELS)


@pytest.mark.parametrize("measure", DETAINER_MEASURES)
def test_captions_and_alt_text_describe_the_measure_with_source_and_period(dataset, measure):
    view = View(date=DAY, measure=measure, state="TX", county="48201")
    cap = captions.caption(dataset, view, "map")
    m = measures.MEASURES[measure]
    assert cap.title.startswith(m.title) and "does not change with the date" in cap.dateline
    assert m.source in cap.alt and "Counties by class" in cap.alt and "Harris County" in cap.alt
    assert ("NPR" if measure == "citizen" else "TRAC (2017)") in cap.credit
    image = press.captioned_map(dataset, view)
    assert image["layout"]["legend"]["title"]["text"] == cap.legend and cap.legend  # the legend title in images
    assert press.filename(view, "map") == f"secure-communities-map-{measure}-tx-2011-02-01"


def test_map_table_gives_every_county_its_class_and_reason(dataset):
    spec = cards.map_table(dataset, View(date=DAY, measure="rate", state="SD"))
    assert [h["text"] for h in spec["head"]][-1] == "Map colour (and why)"
    assert len(spec["rows"]) == int((dataset.counties["state"] == "SD").sum())
    assert any("incomplete" in row[-1]["text"] for row in spec["rows"])


def test_a_measure_change_is_a_patch_of_the_colours_not_a_new_map(app, dataset):
    from visits import CALLBACK_URL, callback_body

    client = app.server.test_client()
    dep = next(d for d in client.get("/_dash-dependencies").get_json() if d["output"].startswith("..map.figure"))
    values = {"state.value": None, "county.value": None, "compare.value": [], "mode.value": "cohort",
              "measure.value": "rate", "url.search": "?date=2011-02-01&measure=rate",
              "map-colours.data": {"measure": "activation", "mode": "cohort"}}  # fmt: skip
    resp = client.post(CALLBACK_URL, json=callback_body(dep, values, ["measure.value"]))
    # no timeline, store or table: the national map's colours, and the store of what they are
    assert resp.status_code == 200 and set(resp.get_json()["response"]) == {"map", "map-colours"}
    ops = resp.get_json()["response"]["map"]["figure"]["operations"]
    fig = figures.map_figure(dataset, View(date=DAY, measure="rate"))
    z = next(o for o in ops if o["location"] == ["data", 0, "z"])["params"]["value"]
    assert z == fig["data"][0]["z"] and ["data", 0, "locations"] not in [o["location"] for o in ops]
    full = json.dumps(fig, cls=PlotlyJSONEncoder).encode()  # the whole map (the national one: only in the layout)
    assert len(gzip.compress(resp.get_data())) < len(gzip.compress(full)) / 2  # no locations, customdata


def test_views_differ_by_measure(dataset):
    a, b = View(date=DAY), View(date=DAY, measure="rate")
    assert a != b and hash(a) != hash(b)  # view caches keep them apart
    assert dataclasses.replace(b, measure="activation") == a


def test_a_custody_share_of_a_handful_of_detainers_gets_no_colour_class(dataset):
    """A reviewer found Marengo AL (1 detainer, 1 taken: 100%) coloured like Harris (49,303, 83%)."""
    table = measures.county_table(dataset, "custody").set_index("fips")
    too_few = [label for key, label, _ in measures.SPECIALS["custody"] if key == "too_few"][0]
    assert measures.plain(table.at["01091", "label"]) == measures.plain(too_few)
    assert "fewer than 20" in table.at["01091", "why"]
    assert table.at["48201", "label"] == "80% to 100%"


def test_downloads_of_two_measures_never_share_a_file_name(app):
    client = app.server.test_client()
    names = {
        m: client.get(f"/download/counties.csv?date=2011-02-01&measure={m}").headers["Content-Disposition"]
        for m in ("activation", "rate", "custody")
    }
    assert names["activation"].endswith('"secure-communities-us-2011-02-01.csv"')
    assert names["rate"].endswith('"secure-communities-rate-us-2011-02-01.csv"') and len(set(names.values())) == 3


def test_a_detainer_map_title_carries_no_date_its_totals_do_not_have(app):
    client = app.server.test_client()
    page = client.get("/embed/map?date=2011-02-01&measure=rate").get_data(as_text=True)
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "2011" not in title and "ICE detainers per 1,000" in title
    url = "http://localhost/embed/map?date=2011-02-01&measure=rate"
    assert "2011" not in client.get("/oembed", query_string={"url": url}).get_json()["title"]
    assert (
        "1 Feb 2011"
        in client.get("/oembed", query_string={"url": url.replace("&measure=rate", "")}).get_json()["title"]
    )


@pytest.mark.parametrize("state", ["TX", None])
def test_the_citizen_maps_text_alternative_says_how_many_lifts_are_in_no_county(dataset, bounds, state):
    from dashboard.detainers import us_citizen_counts

    v = viewstate.parse("measure=citizen" + (f"&state={state}" if state else ""), bounds).view
    alt = captions.alternatives(dataset, v)[0]
    assert "None placed in this county: " in alt
    if state:
        assert f"{us_citizen_counts(dataset, state)[1]:,} of them in Texas are in no county" in alt, alt
    else:
        assert "of them in the US are in no county" in alt, alt


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_legend_labels_pointer_to_the_reason_is_cut_in_tables_in_every_language(lang):
    from dashboard import i18n

    with i18n.language(lang):
        for measure in DETAINER_MEASURES:
            for label, _colour in measures.classes(measure):
                assert "(why:" not in measures.plain(label) and "(motivo:" not in measures.plain(label), label
