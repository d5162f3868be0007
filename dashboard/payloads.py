"""What each browser-sent callback value may look like, checked before any callback code runs.

Every value the browser sends for a server callback (``inputs`` and ``state`` of ``/_dash-update-component``) is
user input: a hand-written POST can put any JSON there. :data:`SHAPES` names the JSON shape of every
``(component id, property)`` the server's callbacks read; :func:`problem` says what is wrong with a value, so
``dashboard.security`` refuses the request with a 400 naming it (never a 500). A server callback reading a
property missing from :data:`SHAPES` is refused too, and a test keeps the table complete.
"""

from __future__ import annotations

from collections.abc import Callable

MAX_LIST = 100


def _text(v: object) -> bool:
    return v is None or isinstance(v, str)


def _int(v: object) -> bool:
    return v is None or (isinstance(v, int) and not isinstance(v, bool))


def _bool(v: object) -> bool:
    return v is None or isinstance(v, bool)


def _texts(v: object) -> bool:
    return v is None or (isinstance(v, list) and len(v) <= MAX_LIST and all(isinstance(x, str) for x in v))


def _colours(v: object) -> bool:
    """The national map's colours (``map-colours``: layout.map_box): ``{"measure": text, "mode": text}``."""
    return v is None or (isinstance(v, dict) and set(v) <= {"measure", "mode"} and all(map(_text, v.values())))


def _click(v: object) -> bool:
    """plotly clickData: ``{"points": [{...}]}`` whose ``location`` (map) is text and ``x`` (timeline) text or
    a number; other keys are plotly's and are not read."""
    if v is None:
        return True
    if not isinstance(v, dict) or not isinstance(v.get("points"), list) or len(v["points"]) > MAX_LIST:
        return False
    for point in v["points"]:
        if not isinstance(point, dict):
            return False
        if "location" in point and not isinstance(point["location"], str):
            return False
        if "x" in point and not isinstance(point["x"], (str, int, float)):
            return False
    return True


SHAPES: dict[tuple[str, str], tuple[Callable[[object], bool], str]] = {
    ("url", "search"): (_text, "text"),
    ("committed-date", "data"): (_int, "a whole number"),
    ("date-slider", "value"): (_int, "a whole number"),
    ("county", "value"): (_text, "a county code"),
    ("county", "search_value"): (_text, "text"),
    ("compare", "value"): (_texts, "a list of county codes"),
    ("compare", "search_value"): (_text, "text"),
    ("state", "value"): (_text, "a state code"),
    ("mode", "value"): (_text, "a colour mode"),
    ("measure", "value"): (_text, "a map measure"),
    ("map", "clickData"): (_click, "a map click"),
    ("state-map", "clickData"): (_click, "a map click"),
    ("map-colours", "data"): (_colours, "a measure and a colour mode"),
    ("map-table-details", "open"): (_bool, "true or false"),
    ("published-figures", "open"): (_bool, "true or false"),
    ("embed-chart", "value"): (_text, "text"),
}


def problem(component: object, prop: object, value: object) -> str | None:
    """Why ``value`` cannot be the browser's ``component.prop`` (``None`` when it can)."""
    shape = SHAPES.get((component, prop)) if isinstance(component, str) and isinstance(prop, str) else None
    if shape is None:
        return f"{component}.{prop} is not a value this page sends"
    check, what = shape
    return None if check(value) else f"{component}.{prop} must be {what}"


def clicked_location(click: object) -> str | None:
    """The county code of a map click, or ``None`` (the shape is checked again: callbacks may be called directly)."""
    if not _click(click) or not click or not click["points"]:
        return None
    location = click["points"][0].get("location")
    return location if isinstance(location, str) else None
