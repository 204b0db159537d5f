"""Comparison series from a table downloaded from Statistics Denmark (statistikbanken.dk).

The layout (docs/open-data.md, "Sammenligningsserier"): a CSV file, ``;``-separated with
a decimal comma (UTF-8, or Windows-1252 as older downloads are), or an XLSX workbook
(its first sheet). Any number of title lines come first; the **period row** is the first
row with a period in it (``2009H2``, ``2009-H2`` or a year ``2009``, which means its
second half-year, as a target year does). The cells left of the first period are the
label columns; every following row with a value is one series, named by its first
non-empty label cell ("Hele landet", "Aarhus"). A missing value is empty, ``..`` or
``-``; rows without any value (notes such as "Kilde: Danmarks Statistik") are skipped.
Pure: no Flask, no database.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter

from barometer.errors import ImportProblem, ImportRejected
from barometer.period import Period
from core.errors import N_
from core.spreadsheets import (
    DEFAULT_LIMITS,
    BadValue,
    FileTooLarge,
    SheetLimits,
    UnreadableFile,
    cell_text,
    column_label,
    parse_decimal,
    read_xlsx,
)

MISSING = {"", "..", "...", "-", ":"}
MAX_NAME = 200
MAX_VALUE = Decimal("1e14")  # the measurements' column holds 18 digits, 4 of them decimals
NATIONAL_NAMES = {"hele landet": "All of Denmark", "danmark": "Denmark"}


@dataclass
class ParsedSeries:
    name: str
    row: int
    values: dict[str, Decimal] = field(default_factory=dict)  # period code: value


def read_period(text: str) -> Period | None:
    """``2009H2``, ``2009-H2`` or ``2009`` (its second half); None: not a period."""
    word = text.strip().upper().replace(" ", "")
    if len(word) == 4 and word.isdigit():
        return Period.target_year(int(word))
    if len(word) == 6 and word[4] == "H":
        word = f"{word[:4]}-{word[4:]}"
    try:
        return Period.parse(word)
    except ValueError:
        return None


def _csv_rows(data: bytes, limits: SheetLimits) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="strict") if b"\x00" not in data else ""
    if not text or "\x00" in text:
        raise UnreadableFile(N_("The file is not a readable CSV file."))
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    except csv.Error:
        raise UnreadableFile(N_("The file is not a readable CSV file.")) from None
    if len(rows) > limits.max_rows:
        raise FileTooLarge(
            N_("The file has more than %(max)s rows. Import at most %(max)s rows at a time."),
            max=limits.max_rows,
        )
    return [list(r) for r in rows]


def read_rows(filename: str, data: bytes, limits: SheetLimits = DEFAULT_LIMITS) -> list[list[Any]]:
    """Every row of the file, the first included; a file of another type is refused."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        table = read_xlsx(data, limits)
        return [table.headers, *table.rows] if table.headers or table.rows else []
    if name.endswith((".csv", ".txt")):
        return _csv_rows(data, limits)
    raise UnreadableFile(N_("Choose a .csv or .xlsx file downloaded from Statistics Denmark."))


def _column(index: int, header: list[str]) -> str:
    """Column ``index`` (from 0) as people find it: ``C (2009H2)``, or ``A``."""
    name = header[index] if index < len(header) else ""
    return column_label(index + 1, name) if name else get_column_letter(index + 1)


def _period_row(rows: list[list[Any]]) -> int | None:
    for index, row in enumerate(rows):
        if any(read_period(cell_text(c)) for c in row):
            return index
    return None


def _label(row: list[Any], first: int) -> str:
    return next((cell_text(c) for c in row[:first] if cell_text(c)), "")


def _periods(
    header: list[str], first: int, row: int
) -> tuple[dict[int, Period], list[ImportProblem]]:
    """The period of each column from ``first`` on; a text that is no period is a problem."""
    periods: dict[int, Period] = {}
    problems = []
    for i, text in enumerate(header[first:], start=first):
        period = read_period(text)
        if period is None:
            if text:
                problems.append(
                    ImportProblem(
                        row, _column(i, header), N_("%(value)s is not a period."), value=text
                    )
                )
        elif period in periods.values():
            problems.append(ImportProblem(
                row, _column(i, header), N_("The period %(value)s is given twice."), value=text
            ))  # fmt: skip
        else:
            periods[i] = period
    return periods, problems


def _name_problem(
    series: ParsedSeries, found: list[ParsedSeries]
) -> tuple[str, dict[str, Any]] | None:
    if not series.name:
        return N_("The row has values but no name of an area."), {}
    if len(series.name) > MAX_NAME:
        return N_("The name is longer than %(max)s characters."), {"max": MAX_NAME}
    if series.name.casefold() in {s.name.casefold() for s in found}:
        return N_("The area %(value)s is given twice."), {"value": series.name}
    return None


def _values(
    series: ParsedSeries, row: list[Any], periods: dict[int, Period], header: list[str],
    decimal_comma: bool | None,
) -> list[ImportProblem]:  # fmt: skip
    problems = []
    for i, period in periods.items():
        cell = row[i] if i < len(row) else None
        if cell_text(cell) in MISSING:
            continue
        try:
            value = parse_decimal(cell, decimal_comma)
        except BadValue as err:
            problems.append(
                ImportProblem(series.row, _column(i, header), err.message, **err.params)
            )
            continue
        if value is not None and abs(value) >= MAX_VALUE:
            problems.append(ImportProblem(
                series.row, _column(i, header), N_("%(value)s is too large."), value=cell_text(cell)
            ))  # fmt: skip
        elif value is not None:
            series.values[str(period)] = value
    return problems


def parse_series(rows: list[list[Any]], decimal_comma: bool | None = True) -> list[ParsedSeries]:
    """The series of a Statistics Denmark table; ImportRejected lists every problem by row
    and column (row 1 is the file's first line)."""
    at = _period_row(rows)
    if at is None:
        problem = N_("No row names periods such as 2009H2 or 2009: is this a table download?")
        raise ImportRejected([ImportProblem(1, "", problem)])
    header = [cell_text(c) for c in rows[at]]
    first = next(i for i, c in enumerate(header) if read_period(c))
    periods, problems = _periods(header, first, at + 1)
    found: list[ParsedSeries] = []
    for number, row in enumerate(rows[at + 1 :], start=at + 2):
        if all(cell_text(row[i]) == "" for i in periods if i < len(row)):
            continue  # a note or an empty line
        series = ParsedSeries(_label(row, first), number)
        named = _name_problem(series, found)
        if named is not None:
            problems.append(ImportProblem(number, _column(0, header), named[0], **named[1]))
        problems += _values(series, row, periods, header, decimal_comma)
        found.append(series)
    if not found and not problems:
        problems.append(ImportProblem(at + 1, "", N_("The table has no rows with values.")))
    if problems:
        raise ImportRejected(problems)
    return found


def parse_file(
    filename: str, data: bytes, limits: SheetLimits = DEFAULT_LIMITS
) -> list[ParsedSeries]:
    rows = read_rows(filename, data, limits)
    return parse_series(rows, True if filename.lower().endswith((".csv", ".txt")) else None)


def english_name(name: str) -> str:
    return NATIONAL_NAMES.get(name.casefold(), name)
