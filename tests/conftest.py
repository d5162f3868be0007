"""Shared pytest fixtures.

Sections:
  1. Paths (ETL-generic): the repository, the committed geodata/ layer and the shared raw data directory.
  (Browser fixtures for the dashboard go in their own section below.)
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# ---------------------------------------------------------------------------------------------------------
# 1. Paths

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository checkout (the directory holding etl/ and geodata/)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def geodata_dir(repo_root: Path) -> Path:
    """The committed geodata/ layer."""
    return repo_root / "geodata"


@pytest.fixture(scope="session")
def data_dir(repo_root: Path) -> Path:
    """The shared raw data (raw/<files> + published_figures.csv): $SC_DATA_DIR, else ../shared/data.

    Missing data is a failure, not a skip: CI always has it, and a silently skipped ETL suite proves nothing.
    """
    path = Path(os.environ.get("SC_DATA_DIR") or repo_root.parent / "shared" / "data").resolve()
    if not (path / "raw").is_dir() or not (path / "published_figures.csv").is_file():
        pytest.fail(
            f"shared data directory not found at {path} (expected raw/ and published_figures.csv); "
            "set SC_DATA_DIR to the directory that holds them",
            pytrace=False,
        )
    return path
