"""Measurement values as a spreadsheet: the template a data contact fills in, and reading
a filled-in file into entries for :func:`barometer.measurement_import.plan_entries`.

Files: XLSX, or CSV either ``;``-separated with a decimal comma (as Danish spreadsheets
write it) or ``,``-separated with a decimal point; UTF-8, with or without a byte-order
mark (read by :mod:`core.spreadsheets`). Headers may be Danish or English. The
downloadable template holds one row per indicator of the data contact, with the period,
the code, the name and the previous period's value filled in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from barometer import units
from barometer.errors import ImportProblem, ImportRejected
from barometer.measurement_import import Entry, IndicatorSpec
from barometer.period import Period
from core.errors import N_
from core.spreadsheets import (
    DEFAULT_LIMITS,
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
COLUMNS: tuple[tuple[str, str, str, int], ...] = (
    ("period", "Periode", "Period", 10),
    ("code", "Indikatorkode", "Indicator code", 14),
    ("name", "Indikator", "Indicator", 60),
    ("unit", "Enhed", "Unit", 12),
    ("previous", "Forrige værdi", "Previous value", 14),
    ("value", "Værdi", "Value", 12),
    ("provisional", "Foreløbig", "Provisional", 10),
    ("note", "Note", "Note", 30),
    ("note_en", "Note (engelsk)", "Note (English)", 20),
    ("source", "Kilde", "Source", 30),
    ("source_en", "Kilde (engelsk)", "Source (English)", 20),
    ("reason", "Begrundelse for rettelse", "Reason for correction", 30),
)
KEYS = tuple(c[0] for c in COLUMNS)
REQUIRED = ("period", "code", "value")
_HEADER_KEYS = {header.casefold(): key for key, da, en, _ in COLUMNS for header in (da, en, key)}


def header(key: str, locale: str) -> str:
    for k, da, en, _ in COLUMNS:
        if k == key:
            return en if locale == "en" else da
    return key


def _columns(table: Table) -> tuple[dict[str, int], list[ImportProblem]]:
    index: dict[str, int] = {}
    problems = []
    for i, name in enumerate(table.headers):
        key = _HEADER_KEYS.get(str(name or "").strip().casefold())
        if key is not None and key not in index:
            index[key] = i
    for key in REQUIRED:
        if key not in index:
            names = f"{header(key, 'da')} / {header(key, 'en')}"
            missing = N_("The column %(name)s is missing.")
            problems.append(ImportProblem(1, key, missing, name=names))
    return index, problems


@dataclass
class ParsedFile:
    entries: list[Entry]
    problems: list[ImportProblem]
    skipped_rows: int
    columns: dict[str, str]  # key -> header as written in the file


def _row_entry(
    row: Sequence[Any], number: int, index: Mapping[str, int], table: Table, period: Period
) -> tuple[Entry | None, list[ImportProblem]]:
    def cell(key: str) -> Any:
        i = index.get(key)
        return row[i] if i is not None and i < len(row) else None

    problems: list[ImportProblem] = []
    code = cell_text(cell("code"))
    found = cell_text(cell("period"))
    if found != str(period):
        problems.append(
            ImportProblem(
                number,
                "period",
                N_("The row is for the period %(found)s, not %(period)s."),
                found=found or "–",
                period=str(period),
            )
        )
    value: Decimal | None = None
    try:
        value = parse_decimal(cell("value"), table.decimal_comma)
    except BadValue as err:
        problems.append(ImportProblem(number, "value", err.message, **err.params))
    provisional = False
    try:
        provisional = parse_bool(cell("provisional"))
    except BadValue as err:
        problems.append(ImportProblem(number, "provisional", err.message, **err.params))
    if not code:
        problems.append(ImportProblem(number, "code", N_("The indicator code is missing.")))
    entry = Entry(
        code=code,
        value=value,
        provisional=provisional,
        note=cell_text(cell("note")),
        source=cell_text(cell("source")),
        reason=cell_text(cell("reason")),
        row=number,
        note_en=cell_text(cell("note_en")) if "note_en" in index else None,
        source_en=cell_text(cell("source_en")) if "source_en" in index else None,
    )
    return (None if problems else entry), problems


def parse_file(
    filename: str, data: bytes, period: Period, limits: SheetLimits = DEFAULT_LIMITS
) -> ParsedFile:
    """The entries of a file; raises ImportRejected for an unreadable, too large or empty
    one."""
    try:
        table = read_table(filename, data, limits)
    except UnreadableFile as err:
        raise ImportRejected([ImportProblem(0, "", err.message, **err.params)]) from None
    if not table.headers or not any(str(h or "").strip() for h in table.headers):
        raise ImportRejected([ImportProblem(0, "", N_("The file is empty."))])
    index, problems = _columns(table)
    if problems:
        raise ImportRejected(problems)
    entries: list[Entry] = []
    skipped = 0
    for number, row in table.numbered_rows():
        cells = {k: cell_text(row[i]) if i < len(row) else "" for k, i in index.items()}
        if not any(cells.values()):
            continue  # a blank line
        if not cells.get("value") and not cells.get("note"):
            skipped += 1  # a template row left empty: nothing to import
            continue
        entry, row_problems = _row_entry(row, number, index, table, period)
        problems += row_problems
        if entry is not None:
            entries.append(entry)
    if not entries and not problems:
        raise ImportRejected([ImportProblem(0, "", N_("The file has no rows with values."))])
    names = {k: str(table.headers[i]).strip() for k, i in index.items()}
    return ParsedFile(entries, problems, skipped, names)


@dataclass(frozen=True)
class TemplateRow:
    spec: IndicatorSpec
    previous: Decimal | None
    current: Decimal | None


def template_rows(rows: Sequence[TemplateRow], period: Period, locale: str) -> list[list[Any]]:
    out: list[list[Any]] = [[header(k, locale) for k in KEYS]]
    for r in rows:
        cells = {
            "period": str(period),
            "code": r.spec.code,
            "name": r.spec.name(locale),
            "unit": units.sheet_word(r.spec.unit, locale),
            "previous": r.previous,
            "value": r.current,
        }
        out.append([cells.get(k) for k in KEYS])
    return out


def template_xlsx(rows: Sequence[TemplateRow], period: Period, locale: str) -> bytes:
    header_row, *lines = template_rows(rows, period, locale)
    values = [[float(v) if isinstance(v, Decimal) else v for v in line] for line in lines]
    return write_xlsx(str(period), header_row, values, [c[3] for c in COLUMNS])


def template_csv(rows: Sequence[TemplateRow], period: Period, locale: str) -> bytes:
    """``;``-separated with a decimal comma in Danish, ``,`` and a point in English."""
    return write_csv(template_rows(rows, period, locale), danish=locale != "en")
