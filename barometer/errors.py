"""Domain errors of the catalogue. Messages are English msgids marked with ``N_``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core.errors import N_, FrozenError, ValidationFailed


class VersionFrozen(FrozenError):
    """An approved or superseded catalogue version was to be changed."""

    def __init__(self, number: int, status: str) -> None:
        if status == "superseded":
            message = N_("Version %(number)s is superseded and cannot be changed.")
        else:
            message = N_("Version %(number)s is approved and cannot be changed. Make a new draft.")
        super().__init__(message, number=number)


class CatalogueInvalid(ValidationFailed):
    """Rules of the catalogue refused values; each problem names the form field it concerns.

    The message is the first problem's; ``problems`` holds them all (``Problem`` objects
    of :mod:`barometer.validation`: ``field``, ``message``, ``params``).
    """

    def __init__(self, problems: Sequence[Any]) -> None:
        first = problems[0]
        super().__init__(first.message, **first.params)
        self.problems = list(problems)
        self.field = first.field


class ImportRejected(ValidationFailed):
    """A file to import had problems; nothing was written. ``problems`` lists them all."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(
            N_("The file was not imported. Problems found: %(count)s."), count=len(problems)
        )
        self.problems = problems


class ImportProblem:
    """One problem of an import, by row and column of the file (row 1 is the header) and,
    in a workbook of several sheets, by ``sheet`` (its name as the file has it)."""

    __slots__ = ("column", "message", "params", "row", "sheet")

    def __init__(self, row: int, column: str, message: str, **params: object) -> None:
        self.row, self.column, self.message, self.params = row, column, message, params
        self.sheet = ""

    def in_sheet(self, sheet: str) -> ImportProblem:
        """The problem, placed on ``sheet``."""
        self.sheet = sheet
        return self

    def __repr__(self) -> str:
        where = f"{self.sheet}, " if self.sheet else ""
        return f"<ImportProblem {where}row {self.row} {self.column}: {self.text()}>"

    def text(self) -> str:
        return self.message % self.params if self.params else self.message
