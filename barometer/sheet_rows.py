"""Reading a sheet whose columns are known by key, for the catalogue import's two sheets.

The header is mapped to keys (each column by its Danish or English header, or by its key);
each row's cells are then read one by one, and every problem is kept with the sheet, the
row and the column (``C (Mål)``) as people find them. A column the file does not have is
named by its Danish and English headers (``Type / Kind``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from barometer import validation
from barometer.errors import ImportProblem
from core.errors import N_
from core.spreadsheets import BadValue, Table, cell_text, column_label, parse_choice, word

# (key, Danish header, English header, width), as barometer.catalogue_sheet declares them.
ColumnSpec = tuple[str, str, str, int]


@dataclass
class Columns:
    """Where each key's column is: ``keys`` per position, ``labels`` per key."""

    keys: list[str | None]
    labels: dict[str, str]
    present: set[str]

    def values(self, raw: Sequence[Any]) -> dict[str, Any]:
        return {k: v for k, v in zip(self.keys, raw, strict=False) if k is not None}


def map_columns(
    table: Table,
    columns: Sequence[ColumnSpec],
    required: Iterable[str],
    problems: list[ImportProblem],
    sheet: str = "",
) -> Columns:
    """The columns of ``table``; an unknown or a missing required column is a problem."""
    index = {word(label): key for key, da, en, _ in columns for label in (key, da, en)}
    found = Columns([], {k: f"{da} / {en}" for k, da, en, _ in columns}, set())
    for position, name in enumerate(table.headers, start=1):
        key = index.get(word(name))
        found.keys.append(key)
        if key is None and name:
            problem = ImportProblem(1, name, N_("Unknown column %(name)s."), name=name)
            problems.append(problem.in_sheet(sheet))
        elif key is not None:
            found.labels[key] = column_label(position, name)
            found.present.add(key)
    for key, da, en, _ in columns:
        if key in required and key not in found.present:
            problem = ImportProblem(
                1, da, N_("The column %(name)s is missing."), name=f"{da} / {en}"
            )
            problems.append(problem.in_sheet(sheet))
    return found


class RowReader:
    """One row's cells, each read as its column holds; problems go to ``problems``."""

    def __init__(
        self,
        problems: list[ImportProblem],
        number: int,
        values: Mapping[str, Any],
        table: Table,
        labels: Mapping[str, str],
        sheet: str = "",
    ) -> None:
        self.problems, self.number, self.values = problems, number, values
        self.table, self.labels, self.sheet = table, labels, sheet
        self.ok = True

    def problem(self, key: str, message: str, **params: object) -> None:
        self.ok = False
        problem = ImportProblem(self.number, self.labels.get(key, key), message, **params)
        self.problems.append(problem.in_sheet(self.sheet))

    def text(self, key: str) -> str:
        return cell_text(self.values.get(key))

    def parse(self, key: str, parser: Any, *args: Any) -> Any:
        try:
            return parser(self.values.get(key), *args)
        except BadValue as err:
            self.problem(key, err.message, **err.params)
            return None

    def choice(self, key: str, words: Mapping[str, Any], bad: str, empty: str) -> Any:
        """One of ``words``; an empty cell (or a column the file lacks) says ``empty``
        rather than "None is not a kind of indicator"."""
        if not self.text(key):
            self.problem(key, empty)
            return None
        return self.parse(key, parse_choice, words, bad)

    def report(
        self,
        fields: Mapping[str, str],
        problems: Iterable[validation.Problem],
        skip: set[str] | None = None,
    ) -> None:
        """Add the rule problems (``fields``: the column key of each field), except in
        columns whose value could not be read at all."""
        for p in problems:
            key = fields.get(p.field, p.field)
            if self.labels.get(key, key) not in (skip or set()):
                self.problem(key, p.message, **p.params)
