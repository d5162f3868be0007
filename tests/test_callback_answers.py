"""The same callback body, in the same language, gets the same answer from a bounded per-process cache
(``dashboard/responses.py``): byte for byte what Dash and Flask-Compress send for it the first time."""

from __future__ import annotations

import pytest

from dashboard.responses import Answer, Answers
from tests.visits import CALLBACK_URL, callback_body, page_values


@pytest.fixture(scope="module")
def app():
    from dashboard.app import create_app

    return create_app()


@pytest.fixture(scope="module")
def from_url_body(app):
    deps = app.server.test_client().get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if d["output"].startswith("..county-card.children"))
    return callback_body(dep, page_values("?date=2011-02-01&county=48201&state=TX"), ["url.search"])


def _post(client, body, encoding: str, prefix: str = ""):
    return client.post(prefix + CALLBACK_URL, json=body, headers={"Accept-Encoding": encoding})


def _same(a, b) -> bool:
    return (a.status_code, a.data, sorted(a.headers.items())) == (b.status_code, b.data, sorted(b.headers.items()))


@pytest.mark.parametrize("encoding", ["gzip, deflate, br, zstd", "gzip", ""])
def test_a_body_answered_before_gets_the_same_bytes_from_the_cache(app, from_url_body, encoding):
    client, answers = app.server.test_client(), app.server.config["SC_CALLBACK_ANSWERS"]
    first = _post(client, from_url_body, encoding)
    hits = answers.hits
    again = _post(client, from_url_body, encoding)
    assert answers.hits == hits + 1
    assert first.status_code == 200 and _same(first, again)
    assert (first.headers.get("Content-Encoding") is not None) == bool(encoding)


def test_the_language_is_part_of_the_key(app, from_url_body):
    """A request under /es/ runs in Spanish (dashboard/pagelang.py): it never gets the English request's answer."""
    client, answers = app.server.test_client(), app.server.config["SC_CALLBACK_ANSWERS"]
    _post(client, from_url_body, "")
    size, hits = len(answers), answers.hits
    spanish = _post(client, from_url_body, "", prefix="/es")
    assert len(answers) == size + 1 and answers.hits == hits
    assert _same(spanish, _post(client, from_url_body, "", prefix="/es")) and answers.hits == hits + 1


def test_a_refused_body_is_never_kept(app, from_url_body):
    client, answers = app.server.test_client(), app.server.config["SC_CALLBACK_ANSWERS"]
    bad = {**from_url_body, "inputs": [{**from_url_body["inputs"][0], "value": 5}, *from_url_body["inputs"][1:]]}
    size = len(answers)
    assert _post(client, bad, "").status_code == 400
    assert _post(client, bad, "").status_code == 400
    assert len(answers) == size


def _answer(n: int) -> Answer:
    return Answer(b"x" * n, 200, [])


def test_answers_are_bounded_in_entries_least_recently_used_first_out():
    answers = Answers(max_entries=2, max_bytes=10**6)
    answers.put(("en", b"a"), _answer(1))
    answers.put(("en", b"b"), _answer(1))
    assert answers.get(("en", b"a")) is not None  # a is now the most recent
    answers.put(("en", b"c"), _answer(1))
    assert answers.get(("en", b"b")) is None and answers.get(("en", b"a")) is not None and len(answers) == 2


def test_answers_are_bounded_in_bytes_codings_included():
    answers = Answers(max_entries=100, max_bytes=1000)
    first = _answer(400)
    answers.put(("en", b"a"), first)
    answers.put(("en", b"b"), _answer(400))
    first.encoded["zstd"] = b"z" * 300
    answers.grew(first, 300)  # 1,100 bytes: the least recently used goes
    assert answers.get(("en", b"a")) is None and answers.get(("en", b"b")) is not None
    assert answers.bytes <= 1000
