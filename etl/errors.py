"""One error type for every input problem, so the CLI can print one line and exit non-zero.

The ETL never shows a user a traceback for bad data: it names the file and the problem.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


class InputError(Exception):
    """A raw input that the ETL refuses: ``file`` names it, ``problem`` says what is wrong."""

    def __init__(self, file: str, problem: str) -> None:
        super().__init__(f"{file}: {problem}")
        self.file = file
        self.problem = problem


class ContractError(Exception):
    """A built or committed geodata/ that breaks the output contract (see geodata/README.md)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def refuse_first(mask: pd.Series, file: str, problem: Callable[[Hashable], str]) -> None:
    """Raise :class:`InputError` for the first row where ``mask`` holds; ``problem(index)`` words it."""
    if mask.any():
        raise InputError(file, problem(mask.idxmax()))
