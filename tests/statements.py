"""Counting SQL statements for query-count tests (the fixture is ``count_statements`` in
tests/conftest.py): take ``counter.count`` before and after what is measured."""

from __future__ import annotations

from typing import Any


class StatementCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        self.count += 1
