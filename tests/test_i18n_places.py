"""Place names in Spanish (issue #14): states by their Spanish names and counties in one Spanish form on every
surface (dashboard/placenames.py), the state picker found by either name typed without accents, and ranks and day
counts worded as Spanish says them."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date
from pathlib import Path

import plotly
import pytest

from dashboard import alttext, captions, cards, compare, detainers, figures, i18n, maptable, placenames
from dashboard.text import count_noun
from dashboard.viewstate import View
from tests.test_i18n import _component_texts

DAY = date(2011, 2, 1)
SPANISH = {
    "NM": "Nuevo México", "PA": "Pensilvania", "NC": "Carolina del Norte", "SC": "Carolina del Sur",
    "ND": "Dakota del Norte", "SD": "Dakota del Sur", "WV": "Virginia Occidental", "LA": "Luisiana",
    "MS": "Misisipi", "HI": "Hawái", "NY": "Nueva York", "NJ": "Nueva Jersey", "NH": "Nuevo Hampshire",
    "DC": "Distrito de Columbia", "OR": "Oregón", "MI": "Míchigan", "TN": "Tennessee",
}  # fmt: skip


def test_every_state_of_the_data_is_a_catalog_message_with_its_spanish_name(dataset):
    states = dict(zip(dataset.states["state"], dataset.states["state_name"], strict=True))
    assert set(states.values()) == set(placenames.STATES)
    with i18n.language("es"):
        assert {code: placenames.state_name(states[code]) for code in SPANISH} == SPANISH
    assert placenames.state_name("New Mexico") == "New Mexico"  # English unchanged


def test_the_state_picker_speaks_spanish_and_finds_either_name_without_accents(client):
    layout = json.dumps(client.get("/es/_dash-layout").get_json(), ensure_ascii=False)
    picker = {o["value"]: o for o in _find(json.loads(layout), "state")["props"]["options"]}
    assert picker["NM"]["label"] == "Nuevo México" and picker["PA"]["label"] == "Pensilvania"
    for typed, code in (("pensilvania", "PA"), ("nuevo mexico", "NM"), ("pennsylvania", "PA"), ("hawai", "HI")):
        assert typed in picker[code]["search"].lower(), typed
    labels = [o["label"] for o in _find(json.loads(layout), "state")["props"]["options"]]
    assert labels.index("Nueva York") < labels.index("Nuevo México") < labels.index("Ohio")  # Spanish order
    english = {
        o["value"]: o["label"] for o in _find(client.get("/_dash-layout").get_json(), "state")["props"]["options"]
    }
    assert english["NM"] == "New Mexico"


def _find(node: object, ident: str) -> dict:
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, dict):
            if n.get("props", {}).get("id") == ident:
                return n
            stack.extend(n.values())
        elif isinstance(n, list):
            stack.extend(n)
    raise AssertionError(ident)


@pytest.mark.parametrize("state", ["PA", "NM", "WV", "DC"])
def test_a_state_is_named_in_spanish_on_every_surface(dataset, state):
    view = View(date=DAY, state=state, lang="es")
    with i18n.language("es"):
        _, custom, _days = figures.scope_rows(dataset, state)
        texts = [
            " ".join(str(v) for v in custom[0]),
            _component_texts(cards.state_card(dataset, state))[0],
            json.dumps(maptable.map_table(dataset, view), ensure_ascii=False),
            json.dumps(maptable.map_table(dataset, View(date=DAY, lang="es")), ensure_ascii=False),
            *dataclasses.astuple(captions.caption(dataset, view)),
            captions.alt_text(dataset, view),
            alttext.timeline_alt(dataset, view),
            alttext.scope_name(dataset, state),
        ]
    english = dataset.states.set_index("state").loc[state, "state_name"]
    spanish = SPANISH[state]
    assert all(spanish in t for t in texts[:4]), texts[:4]
    assert spanish in texts[-1] and spanish in texts[3]
    assert not [t for t in texts if re.search(rf"\b{english}\b", t or "")], english


def test_counties_have_one_spanish_form_everywhere(dataset, client):
    view = View(date=DAY, state="TX", county="48201", compare=("48201", "06037"), lang="es")
    with i18n.language("es"):
        card = _component_texts(cards.county_card(dataset, "48201", view))
        fips, custom, _days = figures.scope_rows(dataset, "TX")
        hover = custom[fips.index("48201")][0]
        table = _component_texts(compare.compare_table(dataset, ["48201", "06037"]))
        cap = captions.caption(dataset, view, "county")
        alt = captions.county_alt(dataset, "48201", view)
        parish = placenames.place("Orleans Parish", "Louisiana")
    embed = client.get("/embed/county/48201?lang=es").get_data(as_text=True)
    assert card[0] == "Condado de Harris, Texas" and hover == "Condado de Harris, Texas"
    assert "Condado de Harris, TX" in table and "Condado de Los Angeles, CA" in table
    assert cap.title.endswith("en el condado de Harris, Texas") and alt.startswith("Condado de Harris, Texas:")
    assert "en el condado de Harris, Texas" in embed
    assert parish == "parroquia de Orleans, Luisiana"
    # the official English name once, in the card, marked as English (so the Spanish-text check skips it)
    assert "Harris County" not in " ".join(card)
    with i18n.language("es"):
        card_tree = json.dumps(cards.county_card(dataset, "48201", view), cls=plotly.utils.PlotlyJSONEncoder)
    assert card_tree.count("Harris County, Texas") == 1 and '"lang": "en"' in card_tree


def test_the_county_search_finds_english_names_and_accentless_input(bounds):
    with i18n.language("es"):
        hits = [placenames.county_label(label) for _f, label in bounds.names.search("dona ana").hits]
        harris = [placenames.county_label(label) for _f, label in bounds.names.search("Harris County").hits]
    assert "Condado de Doña Ana, NM" in hits
    assert "Condado de Harris, TX" in harris


def test_ranks_and_day_counts_read_as_spanish_says_them(dataset):
    ranked = next(f for f in dataset.counties["fips"] if detainers.county_detainers(dataset, f).rank)
    with i18n.language("es"):
        rank = detainers.rank_text(detainers.county_detainers(dataset, ranked))
        one, many = count_noun(1, "day", "days"), count_noun(3, "day", "days")
        hover = figures.map_figure(dataset, View(date=DAY, lang="es"))["data"][0]["hovertemplate"]
    assert re.fullmatch(r"ocupa el puesto [\d,]+ de [\d,]+ condados clasificados \(de mayor a menor\)", rank), rank
    assert (one, many) == ("1 día", "3 días")
    assert "días" not in hover and "%{customdata[5]} después de la primera activación" in hover


def test_hover_words_agree_with_their_number_in_spanish(dataset):
    from dashboard import beforeafter, coverage, timeline

    wrong = re.compile(r"(?<![\d,.])-?1 (días|meses|órdenes|condados|estados)\b")
    cov = coverage.coverage_table(dataset.counties, dataset.dates)
    with i18n.language("es"):
        chart = beforeafter.figure(dataset, "42101")
        line = timeline.timeline_figure(dataset, cov, View(date=DAY, lang="es"), "EE. UU.")
        _fips, custom, _days = figures.scope_rows(dataset, None)
    texts = [*chart["data"][0]["customdata"], *chart["data"][1]["customdata"], *(c[5] for c in custom)]
    texts += [t for trace in line["data"] for t in trace.get("text") or []]
    assert "1 mes: mediana 0" in texts and "-1 mes: mediana 0" in texts
    assert not [t for t in texts if wrong.search(t)], [t for t in texts if wrong.search(t)][:5]
    assert all(re.fullmatch(r"\w{3} \d{4}: [\d,]+ órdenes? de retención", t) for t in chart["data"][0]["customdata"])


#: States whose Spanish name differs from the English one (what a Spanish reviewer found left in English).
ENGLISH_ONLY = ("New Mexico", "Pennsylvania", "North Carolina", "South Dakota", "West Virginia", "Louisiana")


def test_state_names_inside_spanish_sentences_are_spanish(dataset):
    """The U.S.-citizen running note ("4 de ellas en New Mexico…"), the methodology page's partial-scrape list and the
    catalog's own sentences ("…por condado para Pennsylvania") named states in English."""
    from dashboard import measures
    from dashboard.app import create_app
    from dashboard.i18n import language

    with language("es"):
        note = measures.scope_note(dataset, "citizen", "NM")
    assert "Nuevo México" in note and "New Mexico" not in note, note
    page = create_app().server.test_client().get("/methodology?lang=es").get_data(as_text=True)
    spanish = re.sub(r'<(\w+)[^>]*lang="en"[^>]*>.*?</\1>', "", page, flags=re.S)  # quoted source wording
    assert not [n for n in ENGLISH_ONLY if n in spanish]
    catalog = (Path(__file__).parent.parent / "dashboard/locale/es/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    translations = "".join(block.split("msgstr", 1)[1] for block in catalog.split("\n\n") if "msgstr" in block)
    assert not [n for n in ENGLISH_ONLY if n in translations]
