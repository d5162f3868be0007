"""``python -m etl fetch``: downloads every registered input and keeps it only if its sha256 matches.

The public addresses are swapped for a loopback HTTP server that serves the shared data (tests never call the
network), so the real download, checksum and refusal paths run.
"""

from __future__ import annotations

import dataclasses
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl import cli, sources


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's signature
        """Keep stderr for the CLI's own one-line errors."""


@pytest.fixture
def served(tmp_path: Path, public_data_dir: Path) -> Iterator[tuple[str, Path]]:
    """A loopback server over a copy of the public inputs (so a test may damage what it serves)."""
    root = tmp_path / "served"
    for src in sources.SOURCES.values():
        if src.url is None:
            continue  # no public address: nothing to serve
        target = root / src.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((public_data_dir / src.path).read_bytes())
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()


@pytest.fixture
def local_registry(monkeypatch: pytest.MonkeyPatch, served: tuple[str, Path]) -> dict[str, sources.Source]:
    base, _ = served
    registry = {
        key: dataclasses.replace(src, url=f"{base}/{src.path}" if src.url else None)
        for key, src in sources.SOURCES.items()
    }
    monkeypatch.setattr(sources, "SOURCES", registry)
    return registry


def test_fetch_downloads_every_public_input_and_verifies_it(local_registry, tmp_path, public_data_dir, capsys) -> None:
    out = tmp_path / "fetched"
    assert cli.main(["fetch", "--raw", str(out)]) == 0
    for src in local_registry.values():
        if src.url is None:
            assert not (out / src.path).exists()  # no public address: reported, not invented
            continue
        assert (out / src.path).read_bytes() == (public_data_dir / src.path).read_bytes()
        assert sources.sha256_of(out / src.path) == src.sha256
    assert "sha256 verified" in capsys.readouterr().out


def test_fetch_refuses_a_download_whose_checksum_differs(local_registry, served, tmp_path, capsys) -> None:
    _, root = served
    victim = sources.SOURCES["census_2000_2010"].path
    (root / victim).write_bytes((root / victim).read_bytes()[:-100])  # served truncated
    out = tmp_path / "fetched"
    (out / victim).parent.mkdir(parents=True)
    (out / victim).write_bytes(b"previous good copy")
    assert cli.main(["fetch", "--raw", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {victim}: downloaded sha256")
    assert (out / victim).read_bytes() == b"previous good copy"  # nothing already there is overwritten
    assert not list(out.rglob("*.part"))


def test_fetch_reports_an_unreachable_address_in_one_line(monkeypatch, tmp_path, capsys) -> None:
    registry = {k: dataclasses.replace(s, url="http://127.0.0.1:9/nothing") for k, s in sources.SOURCES.items()}
    monkeypatch.setattr(sources, "SOURCES", registry)
    assert cli.main(["fetch", "--raw", str(tmp_path / "fetched")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:")
