"""``bench/load.py``'s readers send their requests with ``http.client`` (``bench/readers.Connection``): the same
request ``requests`` sent (headers, JSON body), over a kept-alive connection, sent again once on a new connection
when the server closed the idle one (as gunicorn does after 2 s)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from bench.readers import Connection, http_fetch


class _Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list[tuple[str, str, dict[str, str], bytes, int]] = []
    close_after: set[int] = set()

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length) if length else b""
        n = len(self.seen)
        self.seen.append((self.command, self.path, dict(self.headers), body, self.client_address[1]))
        data = json.dumps({"n": n}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("ETag", 'W/"x"')
        self.end_headers()
        self.wfile.write(data)
        if n in self.close_after:  # as gunicorn closes an idle keep-alive connection: no word to the client
            self.close_connection = True

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server():
    _Recorder.seen, _Recorder.close_after = [], set()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_request_is_what_requests_sent(server):
    body = {"output": "a.b", "inputs": [{"id": "url", "property": "search", "value": "?x=é"}]}
    headers = {"Accept-Encoding": "gzip, deflate, br, zstd", "Content-Type": "application/json"}
    status, got, size, decoded = Connection(server).fetch("POST", "/_dash-update-component", headers, body)
    http_fetch(requests.Session(), server)("POST", "/_dash-update-component", headers, body)
    ours, theirs = _Recorder.seen
    assert status == 200 and got["ETag"] == 'W/"x"' and size == len(decoded) and json.loads(decoded) == {"n": 0}
    assert ours[:2] == theirs[:2] and ours[3] == theirs[3]  # method, path, body bytes
    wanted = {k: v for k, v in theirs[2].items() if k != "Host"}
    assert {k: v for k, v in ours[2].items() if k != "Host"} == wanted


def test_requests_share_one_connection_and_a_closed_one_is_replaced_once(server):
    _Recorder.close_after = {1}
    conn = Connection(server)
    for _ in range(4):
        assert conn.fetch("GET", "/x", {}, None)[0] == 200
    ports = [seen[4] for seen in _Recorder.seen]
    assert len(ports) == 4 and ports[0] == ports[1] and ports[2] == ports[3] and ports[1] != ports[2]


def test_a_page_is_parsed_once_and_its_links_handed_out_as_copies():
    from tests.visits import _parsed_links, page_links

    html = '<script src="/a.js"></script><link rel="preload" href="/b" as="fetch">'
    urls, preloads = page_links(html)
    urls.append("/changed")
    preloads[0]["href"] = "/changed"
    hits = _parsed_links.cache_info().hits
    assert page_links(html) == (["/a.js", "/b"], [{"rel": "preload", "href": "/b", "as": "fetch"}])
    assert _parsed_links.cache_info().hits == hits + 1
