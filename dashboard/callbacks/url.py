"""The URL is the one source of truth for the view: ``sync_view`` maps the URL to the controls and a control change
to the URL (``dashboard/viewstate.py`` parses and writes it)."""

from __future__ import annotations

from dataclasses import replace

from dash import Dash, Input, Output, State, ctx, no_update

from dashboard import viewstate
from dashboard.callbacks.finder import MORE, _options
from dashboard.viewstate import Bounds, View
from etl.names import CountyNames


def _controls(v: View, shown: View, names: CountyNames, bounds: Bounds) -> tuple:
    """Control values for view ``v``; a control that already shows its part of ``v`` is left alone (re-sending
    it would re-run render_view and redraw the map for nothing)."""

    def changed(new, old):
        return no_update if new == old else new

    step = bounds.step_of(v)
    return (
        changed(step, bounds.step_of(shown)) if v.date != shown.date else no_update,
        step,
        changed(v.county, shown.county),
        _options(names, [v.county] if v.county else []) if v.county != shown.county else no_update,
        changed(list(v.compare), list(shown.compare)),
        _options(names, list(v.compare)) if v.compare != shown.compare else no_update,
        changed(v.state, shown.state),
        changed(v.mode, shown.mode),
        changed(v.measure, shown.measure),
    )


def register(app: Dash, bounds: Bounds) -> None:
    """``sync_view``: URL -> controls, control -> URL."""
    names = bounds.names
    assert names is not None, "Bounds.from_dataset builds the county matcher"

    @app.callback(
        Output("url", "search"),
        Output("url-replace", "data"),
        Output("date-slider", "value"),
        Output("committed-date", "data"),
        Output("county", "value"),
        Output("county", "options"),
        Output("compare", "value"),
        Output("compare", "options"),
        Output("state", "value"),
        Output("mode", "value"),
        Output("measure", "value"),
        Output("notice", "children"),
        Output("notice", "hidden"),
        Input("url", "search"),
        Input("committed-date", "data"),
        Input("county", "value"),
        Input("compare", "value"),
        Input("state", "value"),
        Input("mode", "value"),
        Input("measure", "value"),
        State("date-slider", "value"),
    )
    def sync_view(search, step, county, compare, state, mode, measure, slider):
        """The URL is the one source of truth for the view.

        URL (load, back/forward) -> controls; a control -> the URL, changing only what that control says. A link
        that is not in canonical form is rewritten in place (history.replaceState), never pushed, so Back works.
        """
        trigger = ctx.triggered_id
        search = search if isinstance(search, str) else ""
        # The URL wins when it changed in the same batch as a control (on load, Location and the stores report
        # together): the link is what the reader asked for.
        if trigger is None or "url.search" in ctx.triggered_prop_ids:
            # what is on screen
            shown = viewstate.from_page(bounds, "", slider, county, compare, state, mode, measure).view
            parsed = viewstate.parse(search, bounds)
            v = viewstate.page_view(parsed.view, bounds)  # a county alone opens its state, as finding it does
            canonical = viewstate.pinned(v, parsed.link_release)  # a retired release= stays, and so does its notice
            # (the page's language is the URL's: it changes only by loading the other language's page)
            same = bounds.step_of(v) == bounds.step_of(shown) and replace(v, date=shown.date) == replace(
                shown, lang=v.lang
            )
            # the front page is "/" in English and "?lang=es" in Spanish: left as it is (not pinned to the last date)
            front = not search or (search == f"?lang={v.lang}" and v == replace(bounds.default(), lang=v.lang))
            if same and (search == canonical or front):
                return (no_update,) * 13  # nothing to do (or Location echoing our own rewrite)
            notices = parsed.notices + parsed.info
            return (
                no_update,
                canonical if search and search != canonical else no_update,
                *_controls(v, shown, names, bounds),
                [f"{n} " for n in notices] or None,
                not notices,
            )
        compare = [c for c in compare if c != MORE] if isinstance(compare, list) else compare
        county = None if county == MORE else county
        parsed = viewstate.from_page(bounds, search, step, county, compare, state, mode, measure)
        v = parsed.view
        if trigger == "county" and v.county and v.state != bounds.county_state[v.county]:
            # Finding a county shows its state (from the whole country or from another state); clearing the state
            # filter brings the country back.
            v = replace(v, state=bounds.county_state[v.county])
            parsed.info = [i for i in parsed.info if not viewstate.is_elsewhere_note(i)]
        elif trigger == "state" and not v.state and v.county:
            # Clearing the state filter leaves the county too (the whole country, nothing selected): a county with no
            # state is a link that opens the county's state (viewstate.page_view), so the URL could not say it.
            v = replace(v, county=None)
        query = viewstate.pinned(v, parsed.link_release)
        notices = parsed.notices + parsed.info
        return (
            query if query != search else no_update,
            no_update,
            no_update,
            no_update,
            v.county if v.county != county else no_update,
            no_update,
            list(v.compare) if list(v.compare) != compare else no_update,
            _options(names, list(v.compare)) if list(v.compare) != compare else no_update,
            v.state if v.state != state else no_update,
            v.mode if v.mode != mode else no_update,
            v.measure if v.measure != measure else no_update,
            [f"{n} " for n in notices] or None,
            not notices,
        )
