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


def test_the_english_page_is_still_english(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page and "<title>Secure Communities, county by county" in page
    assert "Reproducir" not in client.get("/_dash-layout").get_data(as_text=True)


def test_lang_es_serves_the_spanish_index_and_routes_dash_under_es(client):
    page = client.get("/?lang=es&county=48201").get_data(as_text=True)
    assert '<html lang="es">' in page and "<title>Comunidades Seguras (Secure Communities)" in page
    assert '"requests_pathname_prefix":"\\u002fes\\u002f"' in page
    assert client.get("/es/_dash-dependencies").status_code == 200
    assert client.get("/es/").status_code == 404  # a page address carries lang=, not a prefix


def test_an_unknown_language_is_a_notice_not_an_error(client, bounds):
    from dashboard import viewstate

    parsed = viewstate.parse("lang=fr", bounds)
    assert parsed.view.lang == "en"
    assert parsed.notices == ["Unknown language “fr”; showing English (en) or Spanish (es)."]
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
    assert "1 de 1 condado en District of Columbia" in dc[-1]  # singular, never "1 condados"
