"""The page's server callbacks as Dash's renderer sends them, built from ``/_dash-dependencies``: request bodies in
the shape Chromium sends them (:func:`callback_body`), which callbacks a page load and a new URL fire and in which
rounds (:func:`callback_rounds`), and the name of the function behind each (:func:`callback_name`). Used by
``tests/visits.py``, ``bench/load.py`` and the tests."""

from __future__ import annotations

from collections.abc import Iterator

CALLBACK_URL = "/_dash-update-component"


def _outputs(output: str) -> object:
    parts = [{"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]} for o in output.strip(".").split("...")]
    return parts if output.startswith("..") else parts[0]


def callback_body(dep: dict, values: dict[str, object], changed: list[str]) -> dict:
    """A ``/_dash-update-component`` body as Dash's renderer sends it for callback ``dep`` (an entry of
    ``/_dash-dependencies``): a property the page has no value for is sent without ``value``, as the browser does."""

    def filled(items: list[dict]) -> list[dict]:
        out = []
        for i in items:
            key = f"{i['id']}.{i['property']}"
            out.append({"id": i["id"], "property": i["property"], **({"value": values[key]} if key in values else {})})
        return out

    return {
        "output": dep["output"],
        "outputs": _outputs(dep["output"]),
        "inputs": filled(dep["inputs"]),
        "changedPropIds": changed,
        "parsedChangedPropsIds": changed,
        **({"state": filled(dep["state"])} if dep.get("state") else {}),
    }


def _keys(items: list[dict]) -> set[str]:
    return {f"{i['id']}.{i['property']}" for i in items}


def _output_keys(dep: dict) -> set[str]:
    return {o.split("@")[0] for o in dep["output"].strip(".").split("...")}


def callback_rounds(deps: list[dict]) -> Iterator[list[dict]]:
    """The server callbacks a page load fires, in the rounds Dash's renderer sends them: a callback waits while one
    of its inputs (other than its own outputs) is the output of another pending callback, server or clientside
    (``getReadyCallbacks`` in dash-renderer); clientside ones run in the browser at once and send nothing."""
    pending = [d for d in deps if not d.get("prevent_initial_call") or fires_on_load(d)]
    while pending:
        outputs = {dep["output"]: _output_keys(dep) for dep in pending}
        ready = [
            d
            for d in pending
            if not any(
                (_keys(d["inputs"]) - outputs[d["output"]]) & outs for o, outs in outputs.items() if o != d["output"]
            )
        ] or pending  # a cycle: send what is left
        pending = [d for d in pending if d not in ready]
        server = [d for d in ready if not d.get("clientside_function")]
        if server:
            yield server


def server_callbacks(deps: list[dict]) -> list[dict]:
    return [d for d in deps if not d.get("clientside_function")]


def fires_on_load(dep: dict) -> bool:
    """A server callback Chromium sends on a page load: an initial call, or one on the URL (Location reports it)."""
    on_url = any(f"{i['id']}.{i['property']}" == "url.search" for i in dep["inputs"])
    return not dep.get("clientside_function") and (not dep.get("prevent_initial_call") or on_url)


def on_url(deps: list[dict]) -> list[dict]:
    """The server callbacks a new ``url.search`` fires (all with it as an input but the one that wrote it)."""
    return [
        d
        for d in server_callbacks(deps)
        if any(f"{i['id']}.{i['property']}" == "url.search" for i in d["inputs"]) and "url.search" not in d["output"]
    ]


#: The function behind each server callback of the page (``dashboard/callbacks/``, ``dashboard/captions.py``), by the
#: first of its outputs.
CALLBACK_NAMES = {
    "url.search": "sync_view",
    "map.figure": "render_view",
    "county-card.children": "county_card",  # since merged with the next two into from_url
    "map-table.children": "map_table",
    "map-alt.children": "text_alternatives",
    "county.options": "search_options",
    "compare.options": "search_options",
    "county.value": "click_county",
}


def callback_name(output: str) -> str:
    """``cb:<function>`` for a callback's output key (``..map.figure...timeline.figure..`` -> ``cb:render_view``)."""
    first = output.strip(".").split("...")[0]
    if first == "county-card.children" and output.startswith(".."):
        return "cb:from_url"
    return "cb:" + CALLBACK_NAMES.get(first, first)
