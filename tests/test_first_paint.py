"""The front page's map as a picture until plotly.js draws it (dashboard/firstpaint.py): the committed pictures were
drawn from the figure the page draws now, a stale one is never shown, only the front page names them, and they are
served immutable. The browser half is in tests/test_first_load_browser.py."""

from __future__ import annotations

import re

import pytest

from dashboard import firstpaint, i18n

PICTURES = [
    firstpaint.file_name(lang, shot, density)
    for lang in i18n.LANGS
    for shot, (_w, _h, densities) in firstpaint.SHOTS.items()
    for density in densities
]


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_the_committed_picture_was_drawn_from_the_figure_the_front_page_draws(dataset, bounds, lang):
    entry = firstpaint.manifest().get(lang, {})
    assert entry.get("digest") == firstpaint.digest(dataset, bounds, lang), (
        f"assets/firstpaint/ was drawn from another {lang} figure than the front page's: "
        "run python3 -m dashboard.firstpaint and commit assets/firstpaint/"
    )
    assert firstpaint.current(dataset, bounds, lang)


@pytest.mark.parametrize("name", PICTURES)
def test_every_picture_is_a_webp_image(name):
    data = (firstpaint.DIR / name).read_bytes()
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP" and len(data) > 10_000


def test_a_stale_picture_is_not_shown(dataset, bounds, monkeypatch):
    """Drawn from another figure (the layer or the map changed since): the page waits for the live map instead of
    showing numbers the layer no longer has."""
    stale = {lang: {**entry, "digest": "0" * 16} for lang, entry in firstpaint.manifest().items()}
    monkeypatch.setattr(firstpaint, "manifest", lambda: stale)
    assert firstpaint.picture(dataset, bounds, "en") is None


def test_the_front_page_preloads_its_picture_and_a_link_to_another_view_does_not(client):
    front = client.get("/").get_data(as_text=True)
    links = re.findall(r'<link rel="preload" as="image" imagesrcset="([^"]+)" media="([^"]+)"', front)
    assert [m for _s, m in links] == [firstpaint.PRELOAD_MEDIA["wide"], firstpaint.PRELOAD_MEDIA["phone"]]
    assert all("/map-en-" in s for s, _m in links)
    spanish = client.get("/?lang=es").get_data(as_text=True)
    assert spanish.count('as="image"') == 2 and "/map-es-wide-2x.webp" in spanish
    views = ("?date=2010-05-04", "?state=TX", "?county=48201", "?measure=detainers", "?release=x")
    # a view, or a language the page does not have as written (it shows a notice above the map)
    for query in (*views, "?lang=fr", "?lang=ES"):
        assert 'as="image"' not in client.get("/" + query).get_data(as_text=True), query


def test_the_pictures_are_served_immutable_and_an_unknown_one_is_a_404(client):
    url = re.search(r'imagesrcset="([^ "]+) 1x', client.get("/").get_data(as_text=True)).group(1)
    resp = client.get(url)
    assert resp.status_code == 200 and resp.mimetype == "image/webp"
    assert "immutable" in resp.headers["Cache-Control"]
    assert client.get("/assets/firstpaint/map-fr-wide-1x.webp").status_code == 404


def test_the_layout_names_the_picture_for_its_language_only(client):
    for prefix, lang in (("/", "en"), ("/es/", "es")):
        layout = client.get(prefix + "_dash-layout").get_data(as_text=True)
        assert f"map-{lang}-wide-1x.webp" in layout and f"map-{lang}-phone-2x.webp" in layout
        other = "es" if lang == "en" else "en"
        assert f"map-{other}-" not in layout


def test_the_layouts_picture_has_no_source_until_the_front_pages_script_gives_it_one(client):
    """The layout is every page's: a srcset in it would download the picture on every link to another view (a
    reviewer measured 69 KB on a phone). assets/firstload.js copies data-srcset to srcset on the front page only."""
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert '"data-srcset"' in layout
    assert '"srcSet"' not in layout and '"srcset"' not in layout
