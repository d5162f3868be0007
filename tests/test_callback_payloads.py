"""No server error, whatever a client sends: every server callback gets, in each of its inputs and states in turn,
a value of every JSON type (and the shapes that once crashed it), and must answer 2xx/204 or a one-line 4xx.

The values the browser may send are declared in dashboard/payloads.py; this also proves that table complete.
"""

from __future__ import annotations

import json

import pytest

from dashboard import payloads

# One of each JSON type, plus shapes that look right at the top and are wrong inside.
VALUES = [
    None,
    True,
    0,
    -1,
    10**12,
    1.5,
    "",
    "48201",
    "x" * 5000,
    [],
    ["48201"],
    [["48201"]],
    [1, 2],
    {},
    {"points": [{"location": ["48201"]}]},  # the reported 500: "unhashable type: 'list'"
    {"points": [{"location": {"a": 1}}]},
    {"points": "48201"},
    {"points": [None]},
    {"points": [{"x": ["2011-02-01"]}]},
]


def _server_callbacks(client) -> list[dict]:
    deps = json.loads(client.get("/_dash-dependencies").data)
    out = []
    for dep in deps:
        if dep.get("clientside_function"):
            continue
        outputs = [
            {"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]} for o in dep["output"].strip(".").split("...")
        ]
        out.append(
            {
                "output": dep["output"],
                "outputs": outputs if dep["output"].startswith("..") else outputs[0],
                "inputs": dep["inputs"],
                "state": dep["state"],
            }
        )
    return out


def test_every_value_a_server_callback_reads_is_declared(client):
    for cb in _server_callbacks(client):
        for item in cb["inputs"] + cb["state"]:
            assert (item["id"], item["property"]) in payloads.SHAPES, (cb["output"], item)


def test_every_callback_input_of_every_json_type_is_never_a_server_error(client):
    checked = 0
    for cb in _server_callbacks(client):
        slots = [("inputs", i) for i in range(len(cb["inputs"]))] + [("state", i) for i in range(len(cb["state"]))]
        for kind, index in slots:
            for value in VALUES:
                body = {
                    **cb,
                    "inputs": [{**x, "value": None} for x in cb["inputs"]],
                    "state": [{**x, "value": None} for x in cb["state"]],
                    "changedPropIds": [f"{cb['inputs'][0]['id']}.{cb['inputs'][0]['property']}"],
                }
                body[kind][index]["value"] = value
                resp = client.post("/_dash-update-component", json=body)
                assert resp.status_code < 500, (cb["output"], kind, body[kind][index], resp.data[:200])
                if resp.status_code >= 400:
                    assert resp.data.decode().count("\n") == 1 and "Traceback" not in resp.data.decode()
                checked += 1
    assert checked > 200


def test_a_map_click_with_a_list_location_is_a_400_not_a_500(client):
    cb = next(c for c in _server_callbacks(client) if c["inputs"][0]["id"] == "map")
    body = {**cb, "inputs": [{"id": "map", "property": "clickData", "value": {"points": [{"location": ["48201"]}]}},
                             {"id": "state-map", "property": "clickData"}],
            "changedPropIds": ["map.clickData"]}  # fmt: skip
    resp = client.post("/_dash-update-component", json=body)
    assert resp.status_code == 400
    assert resp.data.decode() == "Bad request: map.clickData must be a map click.\n"


@pytest.mark.parametrize(
    ("component", "prop", "value", "ok"),
    [
        ("county", "value", "48201", True),
        ("county", "value", ["48201"], False),
        ("compare", "value", ["06037", "04013"], True),
        ("compare", "value", "06037", False),
        ("committed-date", "data", 3, True),
        ("committed-date", "data", True, False),
        ("committed-date", "data", "3", False),
        ("map", "clickData", {"points": [{"location": "48201", "z": 3}]}, True),
        ("nope", "value", 1, False),
    ],
)
def test_payload_shapes(component, prop, value, ok):
    assert (payloads.problem(component, prop, value) is None) is ok
