"""Spanish throughout (issue #14): every message has a Spanish translation, and the Spanish page shows no English.

Two checks, because either alone can pass while a reader meets English:
- the catalog: every message the code marks (``_``, ``N_``, ``ngettext``: a fresh extraction, as ``pybabel extract``
  makes it with babel.cfg) has a Spanish translation with every plural form and the same ``{fields}``;
- the page: the Spanish layout (and what its callbacks send) carries no English sentence — a string with two or
  more English function words is a visible string nobody marked for translation. Proper names (sources' titles,
  places) are allowed in their own language: see ``ALLOWED``. Source wording shown as written (the published
  figures' period notes and who reported them: dashboard/published.py) is marked ``lang="en"`` on its element, and
  the check skips such an element: it is a quotation in its source's language, not an untranslated string.

The charts, captions, embeds and downloads in Spanish: tests/test_i18n_charts.py.
"""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from dashboard import i18n

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
ENGLISH = re.compile(r"\b(the|of|and|to|by|in|is|was|were|with|from|for|this|not|county|counties|show|click)\b", re.I)
#: Strings a Spanish reader meets in English on purpose: names of sources, programs and places, and the English term
#: kept in parentheses where readers meet it in documents.
ALLOWED = re.compile(r"^(Secure Communities|U\.S\. Census Bureau|Center for Immigration Studies)$")


def _extracted() -> dict:
    found = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "dashboard"), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found[message] = True
    return found


@pytest.fixture(scope="module")
def catalog():
    with open(i18n.LOCALE_DIR / "es" / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale="es")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_marked_message_has_a_spanish_translation(catalog):
    missing = []
    for message in _extracted():
        entry = catalog.get(message)
        forms = entry.string if entry else None
        ok = len(forms) == catalog.num_plurals and all(forms) if isinstance(forms, tuple) else bool(forms)
        if not ok or (entry and entry.fuzzy):
            missing.append(message)
    assert not missing, f"{len(missing)} messages without Spanish (pybabel update, then translate): {missing[:10]}"


def test_translations_keep_every_field_of_their_message(catalog):
    for entry in catalog:
        if not entry.id or not entry.string:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = set().union(*(_fields(i) for i in ids))
        for form in forms:
            assert _fields(form) == wanted, (entry.id, form)


def _texts(node: object, out: list[str]) -> list[str]:
    """Every string a reader may meet in a serialized Dash tree: children, labels, placeholders, aria labels."""
    if isinstance(node, str):
        out.append(node)
    elif isinstance(node, list):
        for n in node:
            _texts(n, out)
    elif isinstance(node, dict):
        props = node.get("props", node)
        if props.get("lang") == "en":  # source wording quoted as written (see the module's docstring)
            return out
        for key in ("children", "label", "placeholder", "aria-label", "title", "options", "data-play", "data-pause"):
            if key in props:
                _texts(props[key], out)
    return out


def english_in(texts: list[str]) -> list[str]:
    return sorted({t for t in texts if len(ENGLISH.findall(t)) >= 2 and not ALLOWED.match(t.strip()) and "<" not in t})


def test_the_spanish_page_layout_has_no_english_sentence(client):
    tree = json.loads(client.get("/es/_dash-layout").get_data(as_text=True))
    english = english_in(_texts(tree, []))
    assert not english, f"{len(english)} English strings on the Spanish page: {english[:8]}"


def _nodes(node: object, out: list) -> list:
    """Every component of a serialized Dash tree."""
    if isinstance(node, list):
        for n in node:
            _nodes(n, out)
    elif isinstance(node, dict) and "props" in node:
        out.append(node)
        _nodes(node["props"].get("children"), out)
    return out


def _open_published_figures(client, prefix: str) -> list:
    """What the page receives when a reader opens "Published figures" (drawn on first opening, not in the layout)."""
    body = {
        "output": "published-figures-body.children",
        "outputs": {"id": "published-figures-body", "property": "children"},
        "inputs": [{"id": "published-figures", "property": "open", "value": True}],
        "state": [],
        "changedPropIds": ["published-figures.open"],
    }
    resp = client.post(f"{prefix}_dash-update-component", json=body)
    assert resp.status_code == 200, resp.data[:200]
    return json.loads(resp.data)["response"]["published-figures-body"]["children"]


def test_the_published_figures_open_in_the_page_language_and_are_not_in_the_layout(client):
    for prefix in ("/", "/es/"):
        nodes = _nodes(json.loads(client.get(f"{prefix}_dash-layout").data), [])
        assert [n["props"].get("children") for n in nodes if n["props"].get("id") == "published-figures-body"] == [None]
        assert not [n for n in nodes if n["type"] == "Table"]
    spanish, english = _open_published_figures(client, "/es/"), _open_published_figures(client, "/")
    assert sum(json.dumps(t).count('"type": "Table"') for t in spanish) >= 10
    assert not english_in(_texts(spanish, [])), english_in(_texts(spanish, []))[:8]
    assert "Nationwide" in json.dumps(english) and "Nationwide" not in json.dumps(spanish)


def test_the_english_page_is_still_english(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en" data-measure="activation">' in page
    assert "<title>Secure Communities, county by county" in page
    assert "Reproducir" not in client.get("/_dash-layout").get_data(as_text=True)


def test_lang_es_serves_the_spanish_index_and_routes_dash_under_es(client):
    page = client.get("/?lang=es&county=48201").get_data(as_text=True)
    assert '<html lang="es" data-measure="activation">' in page
    assert "<title>Comunidades Seguras (Secure Communities)" in page
    assert '"requests_pathname_prefix":"\\u002fes\\u002f"' in page
    assert client.get("/es/_dash-dependencies").status_code == 200
    assert client.get("/es/").status_code == 404  # a page address carries lang=, not a prefix


def test_an_unknown_language_is_a_notice_not_an_error(client, bounds):
    from dashboard import viewstate

    parsed = viewstate.parse("lang=fr", bounds)
    assert parsed.view.lang == "en"
    # in the language the page falls back to, and in Spanish for a Spanish reader who followed a bad link
    assert parsed.notices == [
        "Unknown language “fr”: this page is shown in English. For Spanish, use lang=es. / "
        "Idioma desconocido “fr”: esta página se muestra en inglés. Para verla en español, use lang=es."
    ]
    assert client.get("/?lang=fr").status_code == 200
    assert client.get("/download/counties.csv?lang=fr").status_code == 400


@pytest.mark.parametrize(("lang", "day", "number"), [("en", "27 Oct 2008", "3,143"), ("es", "27 oct 2008", "3,143")])
def test_dates_and_numbers_follow_the_language(lang, day, number):
    from datetime import date

    with i18n.language(lang):
        assert i18n.fmt_day(date(2008, 10, 27)) == day and i18n.fmt_int(3143) == number


def test_running_lines_are_grammatical_in_spanish(dataset, bounds):
    from dashboard import layout

    with i18n.language("es"):
        us = layout.coverage_store(dataset, bounds, None)["text"]
        dc = layout.coverage_store(dataset, bounds, "DC")["text"]
    assert us[0].startswith("Antes de la primera activación, el 27 oct 2008: 0 de 3,143 condados")
    assert us[-1].startswith("Hasta el 22 ene 2013: 3,143 de 3,143 condados en 50 estados y DC")
    assert "1 de 1 condado en Distrito de Columbia" in dc[-1]  # singular, never "1 condados"


# --- The cards, the comparison, notices, error pages and the methodology page in Spanish (issue #14) -------------

#: Counties whose cards differ in kind: a plain county with published figures (Harris), a Pennsylvania county with
#: the before/after chart (Philadelphia), counties not ranked (Queens: a jail filed under it; Ketchikan Gateway: a
#: regional jail; Aleutians East: a unified state jail system; Barnstable: too uncertain), a county TRAC does not list
#: (Bibb, AL) and DC.
SPANISH_CARDS = ("48201", "42101", "36081", "02130", "02013", "25007", "01007", "11001")


def _component_texts(component: object) -> list[str]:
    """Every string a reader meets in a Dash component tree (serialized as Dash sends it), chart titles included."""
    import plotly

    tree = json.loads(json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder))
    out = _texts(tree, [])
    stack = [tree]
    while stack:  # the before/after chart: axis titles, trace names and hover templates
        node = stack.pop()
        if isinstance(node, dict):
            figure = node.get("props", {}).get("figure")
            if figure:
                out += [t.get("name", "") for t in figure["data"]] + [t["hovertemplate"] for t in figure["data"]]
                out += [figure["layout"][axis]["title"]["text"] for axis in ("xaxis", "yaxis")]
            stack += list(node.values())
        elif isinstance(node, list):
            stack += node
    return out


def _view(lang: str):
    from datetime import date

    from dashboard.viewstate import View

    return View(date=date(2011, 2, 1), lang=lang)


@pytest.mark.parametrize("fips", SPANISH_CARDS)
def test_spanish_county_cards_have_no_english_sentence(dataset, fips):
    from dashboard import cards

    with i18n.language("es"):
        texts = _component_texts(cards.county_card(dataset, fips, _view("es")))
    english = english_in(texts)
    assert not english, english
    assert any(t.startswith("Órdenes de retención (detainers)") for t in texts)


def test_spanish_cards_use_one_ordinal_style(dataset):
    from dashboard import cards, compare, text

    with i18n.language("es"):
        harris = _component_texts(cards.county_card(dataset, "48201", _view("es")))
        philadelphia = _component_texts(cards.county_card(dataset, "42101", _view("es")))
        table = _component_texts(compare.compare_table(dataset, ["48201", "42101"]))
        assert [text.ordinal(n, before_noun=True) for n in (1, 2, 3, 11, 13, 21, 1010)] == [
            "1.er", "2.º", "3.er", "11.º", "13.er", "21.er", "1,010.º"
        ]  # fmt: skip
    assert "el 1.er condado del país, de 3,143" in harris and "el 1.er condado de Texas, de 254" in harris
    assert "el 3.er condado de Pensilvania, de 67" in philadelphia
    assert "1.º" in table and "3.º" in table  # standing alone (el primero, el tercero)


@pytest.mark.parametrize("state", ["TX", "MD", "KS", "DC", "CT"])
def test_spanish_state_cards_have_no_english_sentence(dataset, state):
    from dashboard import cards

    with i18n.language("es"):
        texts = _component_texts(cards.state_card(dataset, state))
    assert not english_in(texts), english_in(texts)


def test_spanish_comparison_with_published_reference_points_has_no_english_sentence(dataset):
    from dashboard import compare

    codes = ["48201", "06037", "04013", "36081", "11001", "01007"]
    with i18n.language("es"):
        texts = _component_texts(compare.compare_table(dataset, codes))
        empty = _component_texts(compare.compare_table(dataset, []))
    assert any("deportaciones (removals)" in t for t in texts)  # LA's published removals, as a reference point
    assert not english_in(texts + empty), english_in(texts + empty)


#: One link for every notice and info line the page can show.
NOTICE_LINKS = [
    "date=2011-13-45",
    "date=2020-01-01",
    "date=2011-02-02",
    "state=ZZ",
    "county=99999",
    "county=Nowhere",
    "county=02158",  # a code from after 2010 (Kusilvak Census Area)
    "county=48201&state=CA",
    "compare=48201,zz,06037,04013,17031,36081,12086,53033",
    "mode=rainbow",
    "measure=bogus",
    "lang=es&lang=fr",
    "date=2011-02-01&date=2012-01-01",
    "county=" + "9" * 300,
    "utm_source=x&colour=red",
    "release=not-a-release",
    "release=sc-geodata-1-0000000000",
]


@pytest.mark.parametrize("link", NOTICE_LINKS)
def test_every_notice_is_spanish_on_the_spanish_page(bounds, link):
    from dashboard import viewstate

    parsed = viewstate.parse(f"lang=es&{link}", bounds)
    lines = parsed.notices + parsed.info
    assert lines, link
    assert not english_in(lines), lines
    with i18n.language("en"):  # the same link in English reads as before
        english = viewstate.parse(link, bounds)
    assert len(english.notices + english.info) == len(lines)


def test_the_retired_release_notice_is_spanish(bounds):
    from dashboard import viewstate

    retired = next(iter(bounds.retired))
    parsed = viewstate.parse(f"lang=es&release={retired}", bounds)
    assert parsed.notices[0].startswith(f"Este enlace está fijado a la versión de datos {retired}, retirada el ")
    assert not english_in(parsed.notices)


def test_refusals_cut_the_spanish_fallback_too(bounds):
    from dashboard import viewstate

    parsed = viewstate.parse("lang=es&state=ZZ", bounds)
    assert viewstate.refusal(parsed.notices[0]) == "Estado desconocido “ZZ”."


def test_the_404_page_honours_lang_es(client):
    assert client.get("/nope").get_data(as_text=True) == "Not found. The map is at /.\n"
    spanish = client.get("/nope?lang=es")
    assert spanish.status_code == 404
    assert spanish.get_data(as_text=True) == "No encontrado. El mapa está en /?lang=es.\n"


def _html_texts(page: str) -> list[str]:
    """The prose of an HTML page: the text of every heading, paragraph, caption, column heading and list item,
    without the data tables' cells (data strings: sources' titles, the crosswalk's notes)."""
    from html.parser import HTMLParser

    class Prose(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str] = []
            self.out: list[str] = []

        def handle_starttag(self, tag: str, attrs: list) -> None:
            if tag not in ("br", "meta", "link"):
                self.stack.append(tag)

        def handle_endtag(self, tag: str) -> None:
            if tag in self.stack:
                del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag) :]

        def handle_data(self, data: str) -> None:
            if "td" not in self.stack and "li" not in self.stack and data.strip():
                self.out.append(" ".join(data.split()))

    parser = Prose()
    parser.feed(page)
    return parser.out


def test_the_methodology_page_in_spanish(client):
    page = client.get("/methodology?lang=es").get_data(as_text=True)
    assert '<html lang="es">' in page and "<h1>Metodología y fuentes</h1>" in page
    assert 'href="/methodology" hreflang="en"' in page and 'href="/?lang=es"' in page
    # English county names are proper names (the Spanish page names them "condado de Hendricks, Indiana")
    prose = [re.sub(r"\b[A-Z][\w.'-]* County\b", "", t) for t in _html_texts(page)]
    english = english_in(prose)
    assert not english, english
    en = client.get("/methodology").get_data(as_text=True)
    assert '<html lang="en">' in en and 'href="/methodology?lang=es" hreflang="es"' in en
    assert "<h1>Methodology and sources</h1>" in en and "Metodología" not in en


#: English lines the existing tests (tests/test_cards.py) and the release before #14 show, byte for byte.
ENGLISH_LINES = {
    "48201": [
        "Activated 27 Oct 2008",
        "1st of 3,143 counties nationally",
        "1st of 254 in Texas",
        "the first county in the country, on 27 Oct 2008",
        "701 days before Texas reached 100% on 28 Sep 2010",
        "Date: Vargas-Núñez et al. (2026), direct; the independent second transcription agrees (2008-10).",
        "Detainers: 49,303 lodged at the county's jails (period not stated by TRAC: about Oct 2007 to mid 2015, "
        "FY2008 to mid FY2015). Source: TRAC (Syracuse University) detainer tool, scraped 2017, jails summed to "
        "counties.",
    ],
    "TX": [
        "Detainers: 330,632 (TRAC's state total, period not stated by TRAC: about Oct 2007 to mid 2015, FY2008 to "
        "mid FY2015); ICE took custody in 177,718 (54%). Source: TRAC (Syracuse University) detainer tool, scraped "
        "2017, jails summed to counties.",
        "Choose a county to see its own figures.",
    ],
}


def test_english_cards_are_unchanged(dataset):
    from dashboard import cards, text

    harris = _component_texts(cards.county_card(dataset, "48201", _view("en")))
    texas = _component_texts(cards.state_card(dataset, "TX"))
    assert all(line in harris for line in ENGLISH_LINES["48201"]), [
        x for x in ENGLISH_LINES["48201"] if x not in harris
    ]
    assert all(line in texas for line in ENGLISH_LINES["TX"])
    assert " — active on 1 Feb 2011." in harris and "25,564 removals (deportations)" in harris
    assert [text.count_noun(1, "county", "counties"), text.share_of(1, 1, "county", "counties")] == [
        "1 county", "the only county"
    ]  # fmt: skip


def test_text_helpers_speak_spanish():
    from dashboard import placenames, text

    with i18n.language("es"):
        assert text.count_noun(1, "county", "counties") == "1 condado"
        assert text.count_noun(3143, "county", "counties") == "3,143 condados"
        assert text.share_of(254, 254, "county", "counties") == "los 254 condados"
        assert text.share_of(1, 1, "county", "counties") == "el único condado"
        assert text.share_of(0, 1, "county", "counties") == "0 de 1 condado"
        assert text.states_phrase(51, True) == "50 estados y DC"
        assert text.states_phrase(0, False) == "ningún estado"
        assert text.qualified(183000, "about", "count") == "alrededor de 183,000"
        # the finder's labels and its "more matched" line
        assert placenames.county_label("Shannon County, SD (now Oglala Lakota County)") == (
            "Condado de Shannon, SD (ahora condado de Oglala Lakota)"
        )
        assert text.dropdown_labels(select_all="")["no_options_found"] == "No hay resultados"
    assert placenames.county_label("Shannon County, SD (now Oglala Lakota County)") == (
        "Shannon County, SD (now Oglala Lakota County)"
    )


def test_the_maps_reasons_for_no_class_are_spanish(dataset):
    """Hover and map-table reasons come from the layer's English rank notes: a reviewer met them untranslated."""
    from dashboard import measures

    with i18n.language("es"):
        for measure in ("rate", "detainers"):
            reasons = set(measures.county_table(dataset, measure)["why"]) - {""}
            assert reasons and not english_in(sorted(reasons)), english_in(sorted(reasons))[:3]


@pytest.mark.parametrize(
    ("url", "start"),
    [
        ("/download/counties.csv?lang=es&foo=1", "Solicitud no válida: «foo» no es un parámetro"),
        ("/download/counties.csv?date=2011-13-45&lang=es", "Solicitud no válida: “2011-13-45” no es una fecha"),
        ("/oembed?lang=es", "Solicitud no válida: falta el parámetro url"),
        ("/oembed?url=x&maxwidth=abc&lang=es", "Solicitud no válida: maxwidth debe ser un número entero"),
        ("/download/counties.csv?foo=1", "Bad request: “foo” is not a parameter of this download."),
    ],
)
def test_a_refusal_is_one_line_in_the_requests_language(client, url, start):
    """A Spanish reviewer got "Bad request: …" and "Not found: …" before Spanish reasons: every route's refusal is
    security.plain, in the language the request asks for."""
    text = client.get(url).get_data(as_text=True)
    assert text.startswith(start) and text.count("\n") == 1, text


def test_every_fips_crosswalk_note_of_the_layer_has_spanish(dataset):
    """The methodology page's crosswalk notes are the project's own words (etl/rules): a new one must come with its
    Spanish (dashboard/crosswalkwords.py), not be shown in English on the Spanish page."""
    from dashboard import crosswalkwords
    from dashboard.i18n import language

    with language("es"):
        untranslated = [n for n in dataset.crosswalk["note"] if crosswalkwords.note(n) == n]
        kinds = [k for k in dataset.crosswalk["kind"] if crosswalkwords.code(k, crosswalkwords.KINDS) == k]
    assert not untranslated and not kinds, (untranslated, kinds)
