"""What a view shares with other views is computed once per process (per scope, selection, date or language) and
composed per view: the timeline's lines, bars and milestones, the comparison table, the text alternatives' sentences.
Each composed answer must be what a build from nothing gives, in the right language."""

from __future__ import annotations

import pytest

from dashboard import alttext, captions, compare, i18n, timeline, viewstate
from dashboard.alttext import scope_coverage


@pytest.fixture(scope="module")
def bounds(dataset):
    return viewstate.Bounds.from_dataset(dataset)


def _view(bounds, query: str):
    return viewstate.parse(query, bounds).view


def _fresh_timeline(ds, cov, view) -> dict:
    """The timeline as built before any part was cached (every part computed now)."""
    timeline._unmarked.cache_clear()
    try:
        return timeline.timeline_figure(ds, cov, view, "")
    finally:
        timeline._unmarked.cache_clear()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_timeline_of_another_date_and_selection_reuses_the_scope_parts(dataset, bounds, lang):
    cov = scope_coverage(dataset, "TX").reset_index()
    first = _view(bounds, f"date=2010-03-04&state=TX&lang={lang}")
    second = _view(bounds, f"date=2011-02-01&state=TX&county=48201&compare=48113&lang={lang}")
    timeline.timeline_figure(dataset, cov, first, "")
    hits = timeline._unmarked.cache_info().hits
    fig = timeline.timeline_figure(dataset, cov, second, "")
    assert timeline._unmarked.cache_info().hits == hits + 1
    assert fig == _fresh_timeline(dataset, cov, second)
    assert fig["layout"]["shapes"][0]["x0"] == "2011-02-01"


def test_the_timeline_parts_are_kept_per_language(dataset, bounds):
    cov = scope_coverage(dataset, None).reset_index()
    english = timeline.timeline_figure(dataset, cov, _view(bounds, "date=2011-02-01"), "")
    spanish = timeline.timeline_figure(dataset, cov, _view(bounds, "date=2011-02-01&lang=es"), "")
    assert spanish == _fresh_timeline(dataset, cov, _view(bounds, "date=2011-02-01&lang=es"))
    assert english["data"][0]["name"] != spanish["data"][0]["name"]


def test_the_comparison_is_built_once_per_counties_and_language(dataset):
    with i18n.language("en"):
        english = compare.compare_table(dataset, ["48201", "06037"])
        assert compare.compare_table(dataset, ["48201", "06037"]) is english
        assert compare.compare_table(dataset, ["06037", "48201"]) is not english
    with i18n.language("es"):
        spanish = compare.compare_table(dataset, ["48201", "06037"])
    assert spanish is not english
    assert spanish.children[0].children != english.children[0].children  # the caption, translated


@pytest.mark.parametrize("lang", ["en", "es"])
def test_text_alternatives_of_a_selection_are_the_scope_sentences_and_the_marked_counties(dataset, bounds, lang):
    plain = _view(bounds, f"date=2011-02-01&state=TX&mode=status&lang={lang}")
    marked = _view(bounds, f"date=2011-02-01&state=TX&mode=status&county=48201&compare=48113&lang={lang}")
    map_plain, timeline_plain = captions.alternatives(dataset, plain)
    map_marked, timeline_marked = captions.alternatives(dataset, marked)
    with i18n.language(lang):
        sentence = alttext.marked(dataset, marked)[1]
    assert sentence and map_marked == f"{map_plain} {sentence}" and timeline_marked == f"{timeline_plain} {sentence}"
    # the same as the captions say (which build every part of the caption)
    assert (map_marked, timeline_marked) == (
        captions.caption.__wrapped__(dataset, marked, "map").alt,
        captions.caption.__wrapped__(dataset, marked, "timeline").alt,
    )


def test_a_measure_map_keeps_its_own_text_alternative(dataset, bounds):
    view = _view(bounds, "state=NY&measure=rate&county=36061")
    assert captions.alternatives(dataset, view)[0] == captions.caption.__wrapped__(dataset, view, "map").alt
