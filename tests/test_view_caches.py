"""Server callbacks cache what depends only on the view: keyed by the canonical view (dashboard.viewstate.View),
never by raw browser input, and bounded in size."""

from __future__ import annotations

import json
from datetime import date

import pytest
from plotly.utils import PlotlyJSONEncoder

from tests.visits import CALLBACK_URL, callback_body


@pytest.fixture(scope="module")
def app():
    from dashboard.app import create_app

    return create_app()


@pytest.fixture(scope="module")
def deps(app):
    return {d["output"]: d for d in app.server.test_client().get("/_dash-dependencies").get_json()}


def _post(client, deps, prefix: str, values: dict, changed: list[str]):
    """The callback run afresh: the same body answered before would come from the answers kept above the callbacks
    (dashboard/responses.py, tests/test_callback_answers.py), and these tests are about the caches below them."""
    client.application.config["SC_CALLBACK_ANSWERS"].clear()
    dep = next(d for o, d in deps.items() if o.startswith(prefix))
    return client.post(CALLBACK_URL, json=callback_body(dep, values, changed))


def _render(client, deps, search: str, state, county=None, mode="cohort"):
    values = {"state.value": state, "county.value": county, "compare.value": [], "mode.value": mode,
              "url.search": search}  # fmt: skip
    return _post(client, deps, "..map.figure", values, ["state.value"])


def test_every_view_cache_is_bounded(app):
    caches = app.server.config["SC_VIEW_CACHES"]
    assert {"render_view", "county_card", "map_table", "text_alternatives", "scope"} <= caches.keys()
    assert all(fn.cache_info().maxsize for fn in caches.values())


def test_render_view_is_cached_by_the_canonical_view_not_the_raw_url(app, deps):
    client = app.server.test_client()
    cache = app.server.config["SC_VIEW_CACHES"]["render_view"]
    cache.cache_clear()
    # three spellings of one view: a snapped date, escaped ampersands, the canonical link
    first = _render(client, deps, "?date=2011-02-02&state=TX", "TX")
    spelled = _render(client, deps, "?date=2011-02-02&amp;state=TX", "TX")
    canonical = _render(client, deps, "?date=2011-02-01&state=TX", "TX")
    assert first.status_code == spelled.status_code == canonical.status_code == 200
    assert first.get_json() == spelled.get_json() == canonical.get_json()
    info = cache.cache_info()
    assert info.currsize == 1 and info.hits == 2


def test_a_cached_view_answers_exactly_as_a_fresh_one(app, deps):
    client = app.server.test_client()
    cache = app.server.config["SC_VIEW_CACHES"]["render_view"]
    cache.cache_clear()
    fresh = _render(client, deps, "?date=2010-06-01&state=CA&county=06037&mode=status", "CA", "06037", "status")
    again = _render(client, deps, "?date=2010-06-01&state=CA&county=06037&mode=status", "CA", "06037", "status")
    assert fresh.get_data() == again.get_data() and cache.cache_info().hits == 1


def test_county_card_and_text_alternatives_are_cached_by_view(app, deps):
    client = app.server.test_client()
    caches = app.server.config["SC_VIEW_CACHES"]
    for name in ("county_card", "text_alternatives"):
        caches[name].cache_clear()
    for search in ("?date=2011-02-01&county=48201", "?county=48201&date=2011-02-01"):
        values = {"url.search": search}
        assert _post(client, deps, "..county-card.children", values, ["url.search"]).status_code == 200
    assert caches["county_card"].cache_info().currsize == 1 and caches["county_card"].cache_info().hits == 1
    assert caches["text_alternatives"].cache_info().currsize == 1


def _render_changed(client, deps, changed: list[str], mode: str = "status", national: str | None = None):
    """render_view for the whole country in ``mode``, the national map coloured in ``national`` (or ``mode``)."""
    values = {"state.value": None, "county.value": None, "compare.value": [], "mode.value": mode,
              "url.search": f"?date=2011-02-01&mode={mode}",
              "map-colours.data": {"measure": "activation", "mode": national or mode}}  # fmt: skip
    return _post(client, deps, "..map.figure", values, changed)


def test_a_colour_mode_change_sends_only_the_map_colours(app, deps, dataset):
    from dashboard import figures, measures, viewstate

    client = app.server.test_client()
    full = _render_changed(client, deps, ["state.value"])
    patch = _render_changed(client, deps, ["mode.value"], national="cohort")
    assert full.status_code == patch.status_code == 200
    # timeline, store and comparison table unchanged; the store of what the national map is coloured by follows
    assert set(patch.get_json()["response"]) == {"map", "map-colours"}
    assert patch.get_json()["response"]["map-colours"]["data"] == {"measure": "activation", "mode": "status"}
    ops = patch.get_json()["response"]["map"]["figure"]["operations"]
    fig = figures.map_figure(dataset, viewstate.View(date=date(2011, 2, 1), mode="status"))
    keys = ("z", "text", "hovertemplate", "meta", "zmin", "zmax", "colorscale", "showscale", "colorbar")
    slots = {("data", i) for i in range(1, 1 + measures.SLOTS)}  # the legend's entries
    assert {tuple(o["location"]) for o in ops} == {("data", 0, k) for k in keys} | slots | {("layout", "legend")}
    for o in ops:
        where = o["location"]
        expected = fig[where[0]][where[1]] if len(where) == 2 else fig["data"][0][where[2]]
        assert o["operation"] == "Assign" and o["params"]["value"] == expected
    whole = json.dumps(figures.map_figure(dataset, viewstate.View(date=date(2011, 2, 1))), cls=PlotlyJSONEncoder)
    assert len(patch.get_data()) < len(whole) / 10  # the national map itself is sent only in the layout


def test_a_change_within_the_same_state_keeps_the_map_and_the_date_step_store(app, deps):
    client = app.server.test_client()
    resp = _render_changed(client, deps, ["county.value"])
    # a new selection sends its outlines (drawn over the map in the browser), never the map itself
    assert set(resp.get_json()["response"]) == {"map-outlines", "timeline", "compare-table"}
    assert "coverage-store" in _render_changed(client, deps, ["state.value", "county.value"]).get_json()["response"]


def _components(node: object) -> int:
    if isinstance(node, list):
        return sum(_components(n) for n in node)
    if isinstance(node, dict) and "props" in node:
        return 1 + _components(node["props"].get("children"))
    return 0


@pytest.mark.parametrize("prefix", ["/", "/es/"])
def test_the_page_layout_stays_small_enough_for_the_renderer_to_draw_the_map_first(app, prefix):
    """Dash's renderer builds every component before the map's first draw and visits each on every store update
    (each date step). The published figures' ~800 table cells once sat in the layout and delayed the first map by
    about half a second: long tables are drawn when opened (callbacks/panels.py) or by sc.table (assets/tables.js)."""
    import json

    layout = json.loads(app.server.test_client().get(f"{prefix}_dash-layout").data)
    assert _components(layout) <= 150
