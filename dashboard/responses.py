"""Callback answers kept per process: the same request body (in the same language) gets the same answer.

Every server callback is a pure function of what the browser sends (the whole view is in the URL; the data layer
is read-only), so ``/_dash-update-component`` answers a body it has answered before from a bounded cache
(:class:`Answers`) instead of running Dash's dispatcher, the callback and the JSON writer again; the answer is
compressed once per content coding, exactly as Flask-Compress compresses it (its own functions, its settings), and
every other response hook (security headers, ``Vary``) runs as for any response. Many readers send the very same
bodies: every page load of the front page, a date step from the same view, a state chosen from the US.

The key is the body's bytes as sent and the request's language (``/es/`` prefix); only 200 answers are kept. The
security checks (``dashboard.security``) run before, so a body that is refused never reaches the cache.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import flask
from flask_compress import flask_compress

from dashboard import pagelang

CALLBACK_URL = "/_dash-update-component"
#: At most this many answers, and this many bytes of them (bodies as sent, every coding counted) per process.
MAX_ENTRIES = 512
MAX_BYTES = 24 * 2**20


@dataclass
class Answer:
    data: bytes
    status: int
    headers: list[tuple[str, str]]
    encoded: dict[str, bytes] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.data) + sum(len(v) for v in self.encoded.values())


class Answers:
    """A least-recently-used map of answers, bounded in entries and bytes; safe across a worker's threads."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._items: OrderedDict[tuple[str, bytes], Answer] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple[str, bytes]) -> Answer | None:
        with self._lock:
            answer = self._items.get(key)
            if answer is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return answer

    def put(self, key: tuple[str, bytes], answer: Answer) -> None:
        with self._lock:
            old = self._items.pop(key, None)
            self._bytes -= (old.size + len(key[1])) if old else 0
            self._items[key] = answer
            self._bytes += answer.size + len(key[1])
            self._trim()

    def grew(self, answer: Answer, by: int) -> None:
        """``answer`` holds ``by`` more bytes (a new coding)."""
        with self._lock:
            self._bytes += by
            self._trim()

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0

    def _trim(self) -> None:
        while self._items and (len(self._items) > self.max_entries or self._bytes > self.max_bytes):
            key, answer = self._items.popitem(last=False)
            self._bytes -= answer.size + len(key[1])

    def __len__(self) -> int:
        return len(self._items)

    @property
    def bytes(self) -> int:
        return self._bytes


def _compressor(server: flask.Flask) -> flask_compress.Compress:
    """The Flask-Compress extension Dash registered (its ``after_request`` hook)."""
    for hook in server.after_request_funcs.get(None, []):
        owner = getattr(hook, "__self__", None)
        if isinstance(owner, flask_compress.Compress):
            return owner
    raise RuntimeError("Flask-Compress is not installed on this server (Dash's compress=True)")


def install(server: flask.Flask, answers: Answers | None = None) -> Answers:
    """Answer ``/_dash-update-component`` from ``answers`` when the same body was answered before."""
    answers = answers if answers is not None else Answers()
    compress = _compressor(server)
    endpoint = next(r.endpoint for r in server.url_map.iter_rules() if r.rule == CALLBACK_URL)
    dispatch = server.view_functions[endpoint]
    lock = threading.Lock()

    def cached_dispatch() -> flask.Response:
        request = flask.request
        key = (pagelang.request_lang(), request.get_data(cache=True))
        answer = answers.get(key)
        if answer is None:
            resp = dispatch()
            if resp.status_code == 200 and not resp.is_streamed and "Set-Cookie" not in resp.headers:
                answers.put(key, Answer(resp.get_data(), resp.status_code, list(resp.headers.items())))
            return resp  # compressed by Flask-Compress as any response
        resp = flask.Response(answer.data, status=answer.status, headers=answer.headers)
        coding = flask_compress._choose_algorithm(
            compress.enabled_algorithms, request.headers.get("Accept-Encoding", "")
        )  # noqa: SLF001
        app = flask.current_app
        if (
            coding is not None
            and resp.mimetype in compress.compress_mimetypes_set
            and len(answer.data) >= app.config["COMPRESS_MIN_SIZE"]
        ):
            with lock:
                body = answer.encoded.get(coding)
                if body is None:
                    body = answer.encoded[coding] = flask_compress._compress_data(app, answer.data, coding)  # noqa: SLF001
                    answers.grew(answer, len(body))
            resp.set_data(body)
            resp.headers["Content-Encoding"] = coding  # Flask-Compress leaves it as it is, and adds Vary
        return resp

    server.view_functions[endpoint] = cached_dispatch
    return answers
