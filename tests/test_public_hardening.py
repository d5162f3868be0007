"""Issue #5: a mangled link, a hostile payload or a broken data layer never yields a 5xx, a traceback or a blank
page; every response carries the security headers; the app refuses to start on a bad layer.

The fuzz test sends a bounded, seeded stream of >= 2,000 malformed requests to a real gunicorn server (the
Procfile command) on loopback.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

from tests.servers import ROOT, gunicorn

FUZZ_REQUESTS = 2400
NASTY = [
    "",
    " ",
    "2011-02-30",
    "2011-13-45",
    "1999-01-01",
    "2030-01-01",
    "20110201",
    "-1",
    "0",
    "99999",
    "4820",
    "482011",
    "48201 ",
    "06037,,04013,",
    ",".join(["48201"] * 50),
    "x" * 5000,
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "../../../../etc/passwd",
    "..%2f..%2fetc%2fpasswd",
    "%00",
    "\x00",
    "\r\nSet-Cookie: a=b",
    "\u202e\u200b",
    "🦖",
    "ＴＸ",
    "tx",
    "ZZ",
    "status",
    "cohort",
    "STATUS",
    "NaN",
    "null",
    "[]",
    "{}",
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)",
]
PARAMS = ["date", "county", "compare", "state", "mode", "utm_source"]
PATHS = ["/", "/download/counties.csv", "/download/counties.geojson", "/embed/map", "/embed/timeline"]
ODD_PATHS = [
    "/../etc/passwd",
    "/assets/../../etc/passwd",
    "/assets/%2e%2e/%2e%2e/etc/passwd",
    "/%00",
    "/download/counties.xlsx",
    "/download/../geodata/manifest.json",
    "/geodata/../etc/passwd",
    "/embed/county/99999",
    "/embed/county/<script>",
    "/_dash-layout",
    "/_dash-dependencies",
    "/_dash-update-component",
    "/methodology?x=<script>",
    "/healthz?" + "a=" * 500,
    "/wp-admin",
    "/.env",
    "/assets/",
]
GARBAGE_VALUES = [None, 0, -1, 3.5, 10**12, "", "x" * 3000, "<script>", [], [1, 2], {}, {"a": [1]}, True, "06037"]


def _query(rng: random.Random) -> str:
    pairs = []
    for _ in range(rng.randint(1, 6)):
        key = rng.choice(PARAMS)
        pairs.append(f"{quote(key)}={quote(rng.choice(NASTY), safe='')}")
    return "&".join(pairs)


def _callback_payloads(base: str) -> list[dict]:
    """Valid-shaped payloads for every server-side callback, from the app's own dependency list."""
    deps = requests.get(f"{base}/_dash-dependencies", timeout=10).json()
    shapes = []
    for dep in deps:
        if dep.get("clientside_function"):
            continue
        outputs = [
            {"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]} for o in dep["output"].strip(".").split("...")
        ]
        if not dep["output"].startswith(".."):  # a single output travels as a dict, several as a list
            outputs = outputs[0]
        shapes.append({"output": dep["output"], "outputs": outputs, "inputs": dep["inputs"], "state": dep["state"]})
    return shapes


def _request_stream(base: str, rng: random.Random) -> list[tuple[str, str, object]]:
    shapes = _callback_payloads(base)
    assert shapes, "the app exposes no server callbacks"
    reqs: list[tuple[str, str, object]] = []
    while len(reqs) < FUZZ_REQUESTS:
        kind = rng.random()
        if kind < 0.35:
            reqs.append(("GET", f"{rng.choice(PATHS)}?{_query(rng)}", None))
        elif kind < 0.45:
            reqs.append(("GET", f"{rng.choice(ODD_PATHS)}", None))
        elif kind < 0.85:
            shape = rng.choice(shapes)
            inputs = [{**i, "value": rng.choice(GARBAGE_VALUES)} for i in shape["inputs"]]
            state = [{**s, "value": rng.choice(GARBAGE_VALUES)} for s in shape["state"]]
            changed = [f"{i['id']}.{i['property']}" for i in rng.sample(inputs, k=1)]
            body = {**shape, "inputs": inputs, "state": state, "changedPropIds": changed}
            if rng.random() < 0.2:  # structural damage on top of bad values
                body.pop(rng.choice(list(body)))
            reqs.append(("POST", "/_dash-update-component", body))
        else:
            raw = rng.choice(['{"output": 1}', "not json", "[]", '{"output":"x","outputs":[],"inputs":"a"}', "{" * 50])
            reqs.append(("POST", "/_dash-update-component", raw))
    return reqs


@pytest.fixture(scope="module")
def server() -> str:
    with gunicorn(workers=2) as base:
        yield base


def _send(base: str, req: tuple[str, str, object]) -> tuple[str, int, str]:
    method, path, body = req
    if method == "GET":
        resp = requests.get(base + path, timeout=30)
    elif isinstance(body, str):
        resp = requests.post(base + path, data=body, headers={"Content-Type": "application/json"}, timeout=30)
    else:
        resp = requests.post(base + path, json=body, timeout=30)
    return f"{method} {path[:120]}", resp.status_code, resp.text


def test_fuzzed_requests_never_get_a_5xx_or_a_traceback(server: str) -> None:
    reqs = _request_stream(server, random.Random(20081027))
    assert len(reqs) >= 2000
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda r: _send(server, r), reqs))
    server_errors = [(what, code) for what, code, _ in results if code >= 500]
    assert not server_errors, server_errors[:10]
    leaks = [what for what, _, text in results if "Traceback" in text or 'File "/' in text]
    assert not leaks, leaks[:10]
    statuses = {code for _, code, _ in results}
    assert 200 in statuses and (statuses & {400, 404}), statuses  # the stream really hit both outcomes


def test_malformed_download_parameters_get_a_one_line_400(server: str) -> None:
    resp = requests.get(f"{server}/download/counties.csv?date=2011-13-45&state=ZZ", timeout=10)
    assert resp.status_code == 400
    assert resp.text.count("\n") == 1 and resp.text.startswith("Bad request:")


def test_unknown_paths_are_404_not_the_dashboard(server: str) -> None:
    resp = requests.get(f"{server}/wp-admin", timeout=10)
    assert resp.status_code == 404
    assert "Not found" in resp.text


@pytest.mark.parametrize(
    "path",
    ["/", "/_dash-layout", "/_dash-dependencies", "/assets/style.css", "/geodata/counties.geojson",
     "/download/counties.csv", "/methodology", "/healthz", "/nope"],
)  # fmt: skip
def test_every_response_carries_the_security_headers(server: str, path: str) -> None:
    resp = requests.get(server + path, timeout=10)
    csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'self'" in csp
    assert "http" not in csp and "unsafe-eval" not in csp and "script-src 'self' 'sha256-" in csp
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert resp.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert not any(ch.isdigit() for ch in resp.headers.get("Server", "")), resp.headers.get("Server")
    assert "Set-Cookie" not in resp.headers  # stateless: no session


def test_only_embed_views_may_be_framed_by_other_sites(server: str) -> None:
    resp = requests.get(f"{server}/embed/map", timeout=10)
    assert "frame-ancestors *" in resp.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in resp.headers


def test_healthz_reports_the_data_release(server: str) -> None:
    manifest = json.loads((ROOT / "geodata" / "manifest.json").read_text())
    resp = requests.get(f"{server}/healthz", timeout=10)
    assert resp.status_code == 200
    assert resp.json()["release"] == manifest["release_id"]


def test_a_link_with_a_5000_character_value_gets_the_pages_notice_not_a_server_error(server: str) -> None:
    """A phone reviewer's 5,021-character request line got gunicorn's raw "URI Too Long" page (its default limit is
    4,094): gunicorn.conf.py raises it to gunicorn's maximum, so the app's own check answers."""
    for key in ("state", "county", "compare"):
        resp = requests.get(f"{server}/?{key}={'x' * 5000}", timeout=30)
        assert resp.status_code == 200 and "<html" in resp.text, key
        csv = requests.get(f"{server}/download/counties.csv?{key}={'x' * 5000}", timeout=30)
        assert csv.status_code == 400 and "too long" in csv.text and len(csv.text.splitlines()) == 1, key


def test_dash_runs_without_debug_tools_under_gunicorn(server: str) -> None:
    page = requests.get(server + "/", timeout=10).text
    config = json.loads(page.split('<script id="_dash-config" type="application/json">', 1)[1].split("</script>")[0])
    assert config.get("ui") is False and "hot_reload" not in config
    assert requests.get(server + "/_reload-hash", timeout=10).status_code == 404


def _start_app(geodata: Path) -> subprocess.CompletedProcess[str]:
    code = "import dashboard.app"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"SC_GEODATA": str(geodata), "PATH": "/usr/bin:/bin", "HOME": "/tmp", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_app_refuses_to_start_without_geodata(tmp_path: Path) -> None:
    proc = _start_app(tmp_path / "missing")
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "does not exist" in lines[0], proc.stderr


def test_app_refuses_to_start_on_a_layer_that_fails_validation(tmp_path: Path) -> None:
    bad = tmp_path / "geodata"
    shutil.copytree(ROOT / "geodata", bad)
    lines = (bad / "counties.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (bad / "counties.csv").write_text("".join(lines[:-1]), encoding="utf-8")  # one county dropped
    proc = _start_app(bad)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "fails validation" in lines[0], proc.stderr


def test_gunicorn_refuses_to_start_on_missing_geodata(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="does not exist"), gunicorn(env={"SC_GEODATA": str(tmp_path / "nope")}):
        pass
