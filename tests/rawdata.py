"""Where the tests find the raw data, and what a test that needs it does when it is not there.

The raw inputs (the layout of ``../shared/data``: ``raw/<file>`` + ``published_figures.csv``) are looked for in

1. ``$SC_DATA_DIR``, when set: then the only place looked, and one that lacks a file is a failure, not a skip;
2. ``../shared/data`` beside the checkout (as the project's developers and CI have it);
3. the cache ``${XDG_CACHE_HOME:-~/.cache}/sc-rollout/data``, which ``.venv/bin/python -m etl fetch --raw DIR``
   fills with every input that has a public address.

``published_figures.csv`` has no public address (it is compiled by hand and distributed with the project's shared
data), so ``etl fetch`` skips it. With the cache alone, the tests that read only the public inputs run
(``public_data_dir``); those that need every input, i.e. every ETL build (``data_dir``), are skipped and say
where to put the missing file.

Data that is not found skips the tests that need it, with one reason naming the command that enables them — never
an error. ``SC_REQUIRE_DATA=1`` (set by ``.ci/run``, where ``../shared/data`` exists) turns that skip into a
failure, so a run that silently skipped the ETL tests cannot pass.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import pytest

from etl.sources import SOURCES

#: Every input an ETL build reads, relative to the data directory.
ALL_INPUTS = tuple(src.path for src in SOURCES.values())
#: The inputs with a public address: what ``python -m etl fetch`` downloads.
PUBLIC_INPUTS = tuple(src.path for src in SOURCES.values() if src.url)
#: The inputs distributed only with the project's shared data.
UNPUBLISHED_INPUTS = tuple(path for path in ALL_INPUTS if path not in PUBLIC_INPUTS)


def cache_dir(environ: Mapping[str, str]) -> Path:
    """Where ``etl fetch`` should put the public inputs for the tests to find them."""
    base = environ.get("XDG_CACHE_HOME") or Path(environ.get("HOME") or Path.home()) / ".cache"
    return Path(base) / "sc-rollout" / "data"


def fetch_command(environ: Mapping[str, str]) -> str:
    return f".venv/bin/python -m etl fetch --raw {cache_dir(environ)}"


def _lacking(directory: Path, inputs: tuple[str, ...]) -> list[str]:
    return [rel for rel in inputs if not (directory / rel).is_file()]


def locate(repo_root: Path, environ: Mapping[str, str], inputs: tuple[str, ...]) -> tuple[Path | None, str]:
    """The first data directory holding every one of ``inputs``, or None and why (one line)."""
    if environ.get("SC_DATA_DIR"):
        explicit = Path(environ["SC_DATA_DIR"]).resolve()
        lacking = _lacking(explicit, inputs)
        return (None, f"SC_DATA_DIR={explicit} lacks {', '.join(lacking)}") if lacking else (explicit, "")
    shared = (repo_root.parent / "shared" / "data").resolve()
    cache = cache_dir(environ)
    for candidate in (shared, cache):
        if not _lacking(candidate, inputs):
            return candidate, ""
    unpublished = ", ".join(UNPUBLISHED_INPUTS)
    if not _lacking(cache, PUBLIC_INPUTS):  # fetched, but what fetch cannot fetch is missing
        return None, (
            f"needs {unpublished}, which has no public address (etl fetch skips it): copy it from the project's "
            f"shared data into {cache}, or set SC_DATA_DIR to a directory laid out like ../shared/data"
        )
    return None, (
        f"raw data not found (no SC_DATA_DIR, {shared} or {cache}): run `{fetch_command(environ)}`; "
        f"the ETL builds also need {unpublished} there, which has no public address (copy it from the project's "
        "shared data)"
    )


def data_required(environ: Mapping[str, str]) -> bool:
    """SC_REQUIRE_DATA=1 (CI): a missing data directory fails the tests that need it instead of skipping them."""
    return environ.get("SC_REQUIRE_DATA", "").strip().lower() not in {"", "0", "false", "no"}


def require(repo_root: Path, inputs: tuple[str, ...], environ: Mapping[str, str] | None = None) -> Path:
    """The data directory holding ``inputs``; else skip the test (fail under SC_DATA_DIR or SC_REQUIRE_DATA)."""
    environ = os.environ if environ is None else environ
    found, why = locate(repo_root, environ, inputs)
    if found is not None:
        return found
    if environ.get("SC_DATA_DIR"):
        pytest.fail(why, pytrace=False)
    if data_required(environ):
        pytest.fail(f"SC_REQUIRE_DATA is set, so no test may skip for want of data: {why}", pytrace=False)
    pytest.skip(why)
