"""Static HTML written by the server: JSON for a ``<script type="application/json">`` and a tree of ``dash.html``
components as escaped HTML (the embeds, :mod:`dashboard.embeds`)."""

from __future__ import annotations

import json
import re
from html import escape

from dash.development.base_component import Component


def json_for_script(value: object) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` survive literally, so
    neither ``</script>`` nor ``<!--`` can end or confuse the element (JSON.parse restores them)."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_ATTR_NAMES = {"className": "class", "htmlFor": "for"}
_VOID = {"br", "hr", "img", "input", "meta", "link"}


def to_html(node: object) -> str:
    """Render a tree of ``dash.html`` components (e.g. the county card) to escaped static HTML."""
    if node is None:
        return ""
    if isinstance(node, (list, tuple)):
        return "".join(to_html(n) for n in node)
    if isinstance(node, Component):
        tag = node._type.lower()
        props = node.to_plotly_json()["props"]
        attrs = []
        for key, value in props.items():
            if key in ("children", "style", "n_clicks", "n_clicks_timestamp", "disable_n_clicks") or value is None:
                continue
            if key.startswith("on") or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_:-]*", key):
                continue  # never emit event handlers or odd names
            name = _ATTR_NAMES.get(key, key)
            if name == "href" and not re.match(r"(https?://|/|#)", str(value)):
                continue
            attrs.append(f' {name}="{escape(str(value))}"')
        inner = to_html(props.get("children"))
        if tag in _VOID:
            return f"<{tag}{''.join(attrs)}>"
        return f"<{tag}{''.join(attrs)}>{inner}</{tag}>"
    return escape(str(node), quote=False)
