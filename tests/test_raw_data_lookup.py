"""Where the tests find the raw data (tests/rawdata.py), and that a fresh clone without it runs the suite with
skips, not errors; under SC_REQUIRE_DATA=1 (CI) the same run fails instead."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import rawdata

REPO_ROOT = Path(__file__).resolve().parent.parent


def _lay_out(directory: Path, inputs: tuple[str, ...]) -> Path:
    for rel in inputs:
        (directory / rel).parent.mkdir(parents=True, exist_ok=True)
        (directory / rel).write_text("")
    return directory


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A checkout path with nothing beside it (no ../shared)."""
    (tmp_path / "clone").mkdir()
    return tmp_path / "clone"


@pytest.fixture
def environ(tmp_path: Path) -> dict[str, str]:
    return {"HOME": str(tmp_path / "home"), "XDG_CACHE_HOME": str(tmp_path / "cache")}


def test_the_cache_is_under_xdg_cache_home_else_home(tmp_path: Path) -> None:
    assert rawdata.cache_dir({"XDG_CACHE_HOME": "/c", "HOME": "/h"}) == Path("/c/sc-rollout/data")
    assert rawdata.cache_dir({"HOME": "/h"}) == Path("/h/.cache/sc-rollout/data")


def test_published_figures_is_the_one_input_that_fetch_cannot_download() -> None:
    assert rawdata.UNPUBLISHED_INPUTS == ("published_figures.csv",)
    assert set(rawdata.PUBLIC_INPUTS) | set(rawdata.UNPUBLISHED_INPUTS) == set(rawdata.ALL_INPUTS)


def test_sc_data_dir_wins_over_the_shared_data_beside_the_checkout(clone: Path, environ, tmp_path: Path) -> None:
    _lay_out(clone.parent / "shared" / "data", rawdata.ALL_INPUTS)
    mine = _lay_out(tmp_path / "mine", rawdata.ALL_INPUTS)
    assert rawdata.locate(clone, {**environ, "SC_DATA_DIR": str(mine)}, rawdata.ALL_INPUTS) == (mine, "")


def test_shared_data_beside_the_checkout_is_found(clone: Path, environ) -> None:
    shared = _lay_out(clone.parent / "shared" / "data", rawdata.ALL_INPUTS)
    assert rawdata.locate(clone, environ, rawdata.ALL_INPUTS) == (shared, "")


def test_a_fetched_cache_serves_the_public_inputs_but_the_builds_say_where_published_figures_go(
    clone: Path, environ
) -> None:
    cache = _lay_out(rawdata.cache_dir(environ), rawdata.PUBLIC_INPUTS)
    assert rawdata.locate(clone, environ, rawdata.PUBLIC_INPUTS) == (cache, "")
    found, why = rawdata.locate(clone, environ, rawdata.ALL_INPUTS)
    assert found is None
    assert "published_figures.csv" in why and "no public address" in why and str(cache) in why
    _lay_out(cache, rawdata.UNPUBLISHED_INPUTS)  # copied in by hand
    assert rawdata.locate(clone, environ, rawdata.ALL_INPUTS) == (cache, "")


def test_without_data_every_data_test_gets_one_reason_naming_the_fetch_command(clone: Path, environ) -> None:
    reasons = {rawdata.locate(clone, environ, inputs) for inputs in (rawdata.ALL_INPUTS, rawdata.PUBLIC_INPUTS)}
    assert len(reasons) == 1
    ((found, why),) = reasons
    assert found is None
    assert f".venv/bin/python -m etl fetch --raw {rawdata.cache_dir(environ)}" in why


def test_missing_data_skips_the_test(clone: Path, environ) -> None:
    with pytest.raises(pytest.skip.Exception, match="etl fetch"):
        rawdata.require(clone, rawdata.ALL_INPUTS, environ)
    with pytest.raises(pytest.skip.Exception):
        rawdata.require(clone, rawdata.ALL_INPUTS, {**environ, "SC_REQUIRE_DATA": "0"})


def test_sc_require_data_turns_the_skip_into_a_failure(clone: Path, environ) -> None:
    with pytest.raises(pytest.fail.Exception, match="SC_REQUIRE_DATA"):
        rawdata.require(clone, rawdata.PUBLIC_INPUTS, {**environ, "SC_REQUIRE_DATA": "1"})


def test_an_sc_data_dir_that_lacks_a_file_is_a_failure_naming_it(clone: Path, environ, tmp_path: Path) -> None:
    partial = _lay_out(tmp_path / "partial", rawdata.PUBLIC_INPUTS)
    with pytest.raises(pytest.fail.Exception, match=r"SC_DATA_DIR=.*partial lacks published_figures\.csv"):
        rawdata.require(clone, rawdata.ALL_INPUTS, {**environ, "SC_DATA_DIR": str(partial)})


# ---------------------------------------------------------------------------------------------------------
# The real suite in a clone with nothing beside it: the checkout's own tests/, everything else linked.

DATA_TESTS = ["tests/test_etl_fetch.py", "tests/test_etl_bad_input.py"]


def _pytest_in_a_bare_clone(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clone = tmp_path / "elsewhere" / "clone"
    clone.mkdir(parents=True)
    shutil.copytree(REPO_ROOT / "tests", clone / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ["pyproject.toml", "etl", "dashboard", "geodata", "assets"]:
        (clone / name).symlink_to(REPO_ROOT / name)
    full_env = {k: v for k, v in os.environ.items() if k not in {"SC_DATA_DIR", "SC_REQUIRE_DATA"}}
    full_env |= {"XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path / "home"), **env}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rs", *args],
        cwd=clone,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _outcomes(stdout: str) -> dict[str, int]:
    last = stdout.strip().splitlines()[-1]
    return {word: int(n) for n, word in re.findall(r"(\d+) (\w+)", last)}


def test_a_clone_without_shared_data_skips_the_data_tests_with_one_reason_instead_of_erroring(tmp_path: Path) -> None:
    proc = _pytest_in_a_bare_clone(tmp_path, *DATA_TESTS)
    assert proc.returncode == 0, proc.stdout[-3000:]
    outcomes = _outcomes(proc.stdout)
    assert outcomes.keys() == {"passed", "skipped"}, outcomes  # no error, no failure
    assert outcomes["skipped"] > 20  # every bad-input case and the fetch tests that read the inputs
    reasons = set(re.findall(r"^SKIPPED \[\d+\] [^:]+:\d+: (.*)$", proc.stdout, flags=re.M))  # one per test line
    assert len(reasons) == 1, reasons
    (reason,) = reasons
    assert reason.startswith("raw data not found") and "-m etl fetch --raw" in reason


def test_sc_require_data_fails_the_same_clone_run(tmp_path: Path) -> None:
    proc = _pytest_in_a_bare_clone(tmp_path, DATA_TESTS[0], SC_REQUIRE_DATA="1")
    assert proc.returncode == 1, proc.stdout[-3000:]
    assert "skipped" not in _outcomes(proc.stdout)
    assert "SC_REQUIRE_DATA is set, so no test may skip for want of data" in proc.stdout
