"""What the two sheets of values share: the measurements (:mod:`barometer.measurement_sheet`)
and the values per category (:mod:`barometer.breakdown_sheet`).

A sheet is a :class:`Layout`: its columns, each known by its Danish or English header or by
its key, and the keys a file must have. A file is XLSX or CSV, ``;``-separated with a
decimal comma (the Danish dialect) or ``,``-separated with a decimal point, read by
:mod:`core.spreadsheets`. Each row is read through :class:`Cells`, which names every problem
by the row and the column's key. The template is written in the same layout: Danish headers,
``;`` and a decimal comma for Danish users, English ones with ``,`` and a point otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Generic, TypeVar

from barometer.errors import ImportProblem, ImportRejected
from barometer.measurement_import import IndicatorSpec
from barometer.period import Period
from core.errors import N_
from core.spreadsheets import (
    BadValue,
    SheetLimits,
    Table,
    UnreadableFile,
    cell_text,
    parse_bool,
    parse_decimal,
    read_table,
    write_csv,
    write_xlsx,
)

# (key, Danish header, English header, width)
Column = tuple[str, str, str, int]
E = TypeVar("E")
R = TypeVar("R")


class Layout:
    """A sheet's columns, in the template's order, and the keys a file must have."""

    def __init__(self, columns: Sequence[Column], required: Sequence[str]) -> None:
        self.columns = tuple(columns)
        self.keys = tuple(c[0] for c in self.columns)
        self.required = tuple(required)
        self._by_header = {h.casefold(): key for key, da, en, _ in columns for h in (da, en, key)}

    def header(self, key: str, locale: str) -> str:
        """The column's header in English for ``en``, else in Danish; an unknown key as is."""
        names = (en if locale == "en" else da for k, da, en, _ in self.columns if k == key)
        return next(names, key)

    def open(self, filename: str, data: bytes, limits: SheetLimits) -> tuple[Table, dict[str, int]]:
        """The file's table and the position of each known column (the first of that name);
        raises ImportRejected for an unreadable, too large or empty file, or one that lacks a
        required column (each missing one named by its Danish and English header)."""
        try:
            table = read_table(filename, data, limits)
        except UnreadableFile as err:
            raise ImportRejected([ImportProblem(0, "", err.message, **err.params)]) from None
        if not table.headers or not any(str(h or "").strip() for h in table.headers):
            raise ImportRejected([ImportProblem(0, "", N_("The file is empty."))])
        index: dict[str, int] = {}
        for i, name in enumerate(table.headers):
            key = self._by_header.get(str(name or "").strip().casefold())
            if key is not None and key not in index:
                index[key] = i
        missing = [
            ImportProblem(
                1,
                key,
                N_("The column %(name)s is missing."),
                name=f"{self.header(key, 'da')} / {self.header(key, 'en')}",
            )
            for key in self.required
            if key not in index
        ]
        if missing:
            raise ImportRejected(missing)
        return table, index


class Template(Generic[R]):
    """A layout's template: the header and one line per row, filled in by ``cells`` (its
    cells by key; the others stay empty)."""

    def __init__(
        self, layout: Layout, cells: Callable[[R, Period, str], Mapping[str, Any]]
    ) -> None:
        self.layout, self.cells = layout, cells

    def lines(self, rows: Iterable[R], period: Period, locale: str) -> list[list[Any]]:
        keys = self.layout.keys
        out: list[list[Any]] = [[self.layout.header(k, locale) for k in keys]]
        for row in rows:
            cells = self.cells(row, period, locale)
            out.append([cells.get(k) for k in keys])
        return out

    def xlsx(self, rows: Iterable[R], period: Period, locale: str) -> bytes:
        header_row, *lines = self.lines(rows, period, locale)
        values = [[float(v) if isinstance(v, Decimal) else v for v in line] for line in lines]
        return write_xlsx(str(period), header_row, values, [c[3] for c in self.layout.columns])

    def csv(self, rows: Iterable[R], period: Period, locale: str) -> bytes:
        """``;``-separated with a decimal comma in Danish, ``,`` and a point in English."""
        return write_csv(self.lines(rows, period, locale), danish=locale != "en")


def indicator_cells(spec: IndicatorSpec, period: Period, locale: str) -> dict[str, Any]:
    """The cells a template row starts with: the period and the indicator's code and name."""
    return {"period": str(period), "code": spec.code, "name": spec.name(locale)}


class Cells:
    """One row's cells by column key; each problem found is kept in ``problems``, named by
    the row's number and the column's key."""

    def __init__(
        self, row: Sequence[Any], number: int, index: Mapping[str, int], table: Table
    ) -> None:
        self.row, self.number, self.index, self.table = row, number, index, table
        self.problems: list[ImportProblem] = []

    def raw(self, key: str) -> Any:
        i = self.index.get(key)
        return self.row[i] if i is not None and i < len(self.row) else None

    def text(self, key: str) -> str:
        return cell_text(self.raw(key))

    def text_if_column(self, key: str) -> str | None:
        """The text, or None when the file has no such column (nothing to change)."""
        return self.text(key) if key in self.index else None

    def problem(self, key: str, message: str, **params: object) -> None:
        self.problems.append(ImportProblem(self.number, key, message, **params))

    def required(self, key: str, message: str) -> str:
        """The text; ``message`` is the problem when the cell is empty."""
        text = self.text(key)
        if not text:
            self.problem(key, message)
        return text

    def period(self, period: Period) -> None:
        """A problem unless the row is for ``period``."""
        found = self.text("period")
        if found != str(period):
            self.problem(
                "period",
                N_("The row is for the period %(found)s, not %(period)s."),
                found=found or "–",
                period=str(period),
            )

    def decimal(self, key: str) -> Decimal | None:
        try:
            return parse_decimal(self.raw(key), self.table.decimal_comma)
        except BadValue as err:
            self.problem(key, err.message, **err.params)
            return None

    def flag(self, key: str) -> bool:
        try:
            return parse_bool(self.raw(key))
        except BadValue as err:
            self.problem(key, err.message, **err.params)
            return False


def read_entries(
    table: Table,
    index: Mapping[str, int],
    period: Period,
    filled: Callable[[Mapping[str, str]], bool],
    entry: Callable[[Cells], E],
) -> tuple[list[E], list[ImportProblem], int]:
    """The entries of the rows, the problems of their cells and the number of rows skipped.

    A blank line is passed over; a row that is not ``filled`` (its cells' texts by key: a
    template row left empty) is skipped. Each other row is checked for the period, then read
    by ``entry``; a row with a problem gives no entry. Raises ImportRejected when no row
    has a value."""
    entries: list[E] = []
    problems: list[ImportProblem] = []
    skipped = 0
    for number, row in table.numbered_rows():
        texts = {k: cell_text(row[i]) if i < len(row) else "" for k, i in index.items()}
        if not any(texts.values()):
            continue  # a blank line
        if not filled(texts):
            skipped += 1  # a template row left empty: nothing to import
            continue
        cells = Cells(row, number, index, table)
        cells.period(period)
        made = entry(cells)
        problems += cells.problems
        if not cells.problems:
            entries.append(made)
    if not entries and not problems:
        raise ImportRejected([ImportProblem(0, "", N_("The file has no rows with values."))])
    return entries, problems, skipped
