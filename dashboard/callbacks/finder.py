"""The county finder: type-ahead options for the county and compare dropdowns, and a click on the map selects the
county clicked. Matching is :class:`etl.names.CountyNames` (the one matcher the whole project uses)."""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, no_update

from dashboard import payloads
from dashboard.i18n import ngettext
from dashboard.placenames import county_label
from dashboard.viewstate import Bounds
from etl.names import CountyNames

MORE = "__more__"  # the value of the disabled "N more match" line in the finder


def _options(names: CountyNames, codes: list[str]) -> list[dict]:
    return [{"label": county_label(names.label(c) or c), "value": c, "search": _search_text(names, c)} for c in codes]


def _search_text(names: CountyNames, code: str, typed: str = "") -> str:
    """What the dropdown's own in-browser filter matches against: every spelling the server accepts for the
    county (folded, spaced and joined) plus what the reader typed, so it never hides a server match."""
    from etl.names import fold, normalise

    label = names.label(code) or code
    folded = normalise(label)
    return " ".join([label, code, folded, folded.replace(" ", ""), " ".join(fold(label)), typed])


def register(app: Dash, bounds: Bounds) -> None:
    """The finder's type-ahead and the map click."""
    names = bounds.names
    assert names is not None, "Bounds.from_dataset builds the county matcher"

    def search_options(text: object, selected: object) -> list[dict] | object:
        """Type-ahead options: the matches, then a line saying how many more matched than are shown, then the counties
        already chosen — kept so their labels still show in the box, but filtered by the dropdown like any county, so
        one that does not match is not offered (a phone reader tapping the first result removed Los Angeles from the
        comparison when it was listed first for "Cook")."""
        if not isinstance(text, str) or not text:
            return no_update
        chosen = selected if isinstance(selected, list) else [selected]
        keep = [c for c in chosen if isinstance(c, str) and c in bounds.county_state]
        found = names.search(text)
        hits = {f for f, _ in found.hits}
        options = [
            {"label": county_label(lab), "value": f, "search": _search_text(names, f, text)} for f, lab in found.hits
        ]
        kept = [o for o in _options(names, keep) if o["value"] not in hits]
        if found.total > len(found.hits):
            more = found.total - len(found.hits)
            options.append(
                {
                    "label": ngettext(
                        "{n} more county match: type more of the name, or add the state",
                        "{n} more counties match: type more of the name, or add the state",
                        more,
                    ),
                    "value": MORE,
                    "disabled": True,
                    "search": text,
                }
            )
        return options + kept

    for dropdown in ("county", "compare"):
        app.callback(
            Output(dropdown, "options", allow_duplicate=True),
            Input(dropdown, "search_value"),
            State(dropdown, "value"),
            prevent_initial_call=True,
        )(search_options)

    @app.callback(
        Output("county", "value", allow_duplicate=True),
        Output("county", "options", allow_duplicate=True),
        Input("map", "clickData"),
        Input("state-map", "clickData"),
        prevent_initial_call=True,
    )
    def click_county(click, state_click):
        """Clicking a county on the map (the national one or a state's: layout.map_box) selects it, as if it had been
        searched for."""
        code = payloads.clicked_location(state_click if ctx.triggered_id == "state-map" else click)
        if code not in bounds.county_state:
            return no_update, no_update
        return code, _options(names, [code])
