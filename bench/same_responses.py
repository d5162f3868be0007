"""Are the server's responses byte-identical to another checkout's? Run before merging a change meant to make the
server cheaper without changing what it sends (issue "the server under a real mix").

    git archive <base commit> | tar -x -C /tmp/base
    PYTHONHASHSEED=0 .venv/bin/python bench/same_responses.py --root /tmp/base --out /tmp/old.json
    PYTHONHASHSEED=0 .venv/bin/python bench/same_responses.py --out /tmp/new.json --compare /tmp/old.json

``PYTHONHASHSEED=0`` in both: the layout's JSON writes some components' props in set order.

One run builds the app of ``--root`` (default: this checkout) in process (Flask's test client, no server) and sends
the same requests for ``--views`` random views (seeded): the page, its layout and callback map in both languages,
every server callback of the page as Chromium sends it (on load, after a date step and after each control change,
bodies from ``tests/dashcallbacks.py``), CSV and GeoJSON downloads, the embeds, oEmbed, the methodology page, the
geometry and the page's scripts; each request twice (the second answers from whatever the first cached). It records
a digest of each response (status, headers but ``Date``, body as sent, with zstd, gzip and no encoding offered) and,
with ``--compare``, prints every request whose digest differs (exit status 1 if any).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from pathlib import Path

ENCODINGS = ("gzip, deflate, br, zstd", "gzip, deflate", "")
#: What differs between two processes of the same code: Dash's random ``end_id`` in the index, and the file stamps in
#: fingerprinted URLs (``?m=<mtime>``, ``.v<version>m<mtime>``; two checkouts' files have other mtimes). Responses
#: that carry them are compared uncompressed with these replaced, and so are gzip bodies (gzip writes the time into
#: its header); the others byte for byte.
VOLATILE = re.compile(rb'"end_id":"[^"]*"|([?&]m=|m)1[0-9]{9}(\.[0-9]+)?')
NAME_STAMPS = re.compile(r"([?&]m=|m)1[0-9]{9}(\.[0-9]+)?")
MEASURES = ("activation", "activation", "detainers", "rate", "custody", "citizen")


def views(rng: random.Random, dates: list[str], states: list[str], counties: list[str], n: int) -> list[dict]:
    out = []
    for _ in range(n):
        v: dict[str, str] = {}
        if rng.random() < 0.8:
            v["date"] = rng.choice(dates)
        if rng.random() < 0.5:
            v["state"] = rng.choice(states)
        if rng.random() < 0.4:
            v["county"] = rng.choice(counties)
        if rng.random() < 0.2:
            v["compare"] = ",".join(rng.sample(counties, rng.randint(1, 3)))
        if rng.random() < 0.4:
            v["mode"] = "status"
        measure = rng.choice(MEASURES)
        if measure != "activation":
            v["measure"] = measure
        if rng.random() < 0.25:
            v["lang"] = "es"
        out.append(v)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    ap.add_argument("--views", type=int, default=120)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--compare", type=Path)
    args = ap.parse_args()
    sys.path.insert(0, str(args.root.resolve()))
    sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # tests/ of this checkout (the request shapes)
    from urllib.parse import urlencode

    from dashboard.app import create_app
    from tests.dashcallbacks import CALLBACK_URL, callback_body, callback_rounds, on_url
    from tests.visits import decode, page_links

    app = create_app()
    client = app.server.test_client()
    ds = app.server.config["SC_DATASET"]
    rng = random.Random(args.seed)
    dates = [d.date().isoformat() for d in ds.dates][::3]
    states = sorted(ds.counties["state"].unique())
    counties = sorted(rng.sample(list(ds.counties["fips"]), 40) + ["48201", "06037", "17031", "02020", "51059"])
    deps = json.loads(client.get("/_dash-dependencies").data)
    by_output = {d["output"]: d for d in deps if not d.get("clientside_function")}
    sync = next(d for o, d in by_output.items() if o.startswith("..url.search"))
    render = next(d for o, d in by_output.items() if o.startswith("..map.figure"))
    digests: dict[str, str] = {}

    def record(name: str, method: str, path: str, body: object = None) -> bytes:
        data = b""
        for enc in ENCODINGS:
            for attempt in (1, 2):
                resp = client.open(path, method=method, json=body, headers={"Accept-Encoding": enc})
                headers = sorted((k, v) for k, v in resp.headers.items() if k not in ("Date", "Content-Length"))
                raw = decode(resp.data, resp.content_encoding)
                volatile = VOLATILE.search(raw) or resp.content_encoding == "gzip"  # gzip's header holds the time
                content = VOLATILE.sub(b"~", raw) if volatile else resp.data
                if VOLATILE.search(raw):  # its ETag is a hash of the stamps too
                    headers = [(k, v) for k, v in headers if k != "ETag"]
                if content is resp.data:  # compressed as sent: the length counts
                    headers.append(("Content-Length", resp.headers.get("Content-Length", "")))
                h = hashlib.sha256(json.dumps([resp.status_code, headers]).encode() + content).hexdigest()[:16]
                digests[f"{NAME_STAMPS.sub('~', name)} [{enc or 'identity'}] #{attempt}"] = h
                if enc == "":
                    data = resp.data
        return data

    for path in ("/", "/?lang=es", "/_dash-layout", "/es/_dash-layout", "/_dash-dependencies", "/methodology",
                 "/methodology?lang=es", "/geodata/counties.geojson", "/healthz"):  # fmt: skip
        page = record(path, "GET", path)
        if path in ("/", "/?lang=es"):
            for url in page_links(page.decode())[0]:
                record(url, "GET", url)
    for i, v in enumerate(views(rng, dates, states, counties, args.views)):
        query = "?" + urlencode(v) if v else ""
        prefix = "/es" if v.get("lang") == "es" else ""
        record(f"{i} page", "GET", "/" + query)
        # the page's callbacks on load, as Chromium sends them (controls at their defaults)
        values: dict[str, object] = {"url.search": query, "county.value": None, "compare.value": [],
                                     "state.value": None, "mode.value": "cohort", "measure.value": "activation",
                                     "map-table-details.open": False}  # fmt: skip
        for ready in callback_rounds(deps):
            for dep in ready:
                changed = [f"{x['id']}.{x['property']}" for x in dep["inputs"]]
                answer = record(f"{i} load {dep['output'][:40]}", "POST", prefix + CALLBACK_URL,
                                callback_body(dep, values, changed))  # fmt: skip
                if dep is sync:
                    resp = json.loads(answer).get("response", {})
                    for key in ("state", "county", "compare", "mode", "measure"):
                        if "value" in resp.get(key, {}):
                            values[f"{key}.value"] = resp[key]["value"]
        changed_controls = [k for k in ("state.value", "county.value", "compare.value", "mode.value", "measure.value")
                            if values[k] not in (None, [], "cohort", "activation")]  # fmt: skip
        record(f"{i} render on load", "POST", prefix + CALLBACK_URL, callback_body(render, values, changed_controls))
        # a control change and a date step, each then the callbacks on the new URL
        for control in ("state.value", "county.value", "mode.value", "measure.value", "committed-date.data"):
            new = {"state.value": rng.choice([None, *states]), "county.value": rng.choice([None, *counties]),
                   "mode.value": rng.choice(["cohort", "status"]), "measure.value": rng.choice(MEASURES),
                   "committed-date.data": rng.randrange(1, len(ds.dates) + 1)}[control]  # fmt: skip
            after = {**values, control: new, "date-slider.value": values.get("committed-date.data", len(ds.dates))}
            answer = record(f"{i} sync {control}", "POST", prefix + CALLBACK_URL, callback_body(sync, after, [control]))
            search = json.loads(answer).get("response", {}).get("url", {}).get("search", query)
            after["url.search"] = search
            if control != "committed-date.data":
                record(f"{i} render {control}", "POST", prefix + CALLBACK_URL, callback_body(render, after, [control]))
            for dep in on_url(deps):
                for is_open in (False, True):
                    body = callback_body(dep, {**after, "map-table-details.open": is_open}, ["url.search"])
                    record(f"{i} url {control} {is_open}", "POST", prefix + CALLBACK_URL, body)
        download = {k: v[k] for k in ("date", "state", "county", "compare", "mode", "measure", "lang") if k in v}
        dq = "?" + urlencode(download) if download else ""
        for kind in ("csv", "geojson"):
            record(f"{i} download {kind}", "GET", f"/download/counties.{kind}{dq}")
        for embed in ("/embed/map", "/embed/timeline", f"/embed/county/{v.get('county', '48201')}"):
            record(f"{i} {embed}", "GET", embed + query)
        record(f"{i} oembed", "GET", "/oembed?" + urlencode({"url": "http://localhost/" + query, "format": "json"}))
    args.out.write_text(json.dumps(digests, indent=0, sort_keys=True))
    print(f"{len(digests):,} responses recorded in {args.out}")
    if args.compare:
        old = json.loads(args.compare.read_text())
        differ = [k for k in sorted(set(old) | set(digests)) if old.get(k) != digests.get(k)]
        for k in differ[:40]:
            print(f"  differs: {k}")
        print(f"{len(differ)} of {len(digests):,} responses differ from {args.compare}")
        return 1 if differ else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
