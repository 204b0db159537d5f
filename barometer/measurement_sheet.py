"""Measurement values as a spreadsheet: the template a data contact fills in, and reading
a filled-in file into entries for :func:`barometer.measurement_import.plan_entries`.

Files: XLSX, or CSV either ``;``-separated with a decimal comma (as Danish spreadsheets
write it) or ``,``-separated with a decimal point; UTF-8, with or without a byte-order
mark (read through :mod:`barometer.value_sheet`, as the values per category are). Headers
may be Danish or English. The downloadable template holds one row per indicator of the data
contact, with the period, the code, the name and the previous period's value filled in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from barometer import units
from barometer.errors import ImportProblem
from barometer.measurement_import import Entry, IndicatorSpec
from barometer.period import Period
from barometer.value_sheet import Cells, Column, Layout, Template, indicator_cells, read_entries
from core.errors import N_
from core.spreadsheets import DEFAULT_LIMITS, SheetLimits

COLUMNS: tuple[Column, ...] = (
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
REQUIRED = ("period", "code", "value")
LAYOUT = Layout(COLUMNS, REQUIRED)
KEYS = LAYOUT.keys
header = LAYOUT.header


@dataclass
class ParsedFile:
    entries: list[Entry]
    problems: list[ImportProblem]
    skipped_rows: int
    columns: dict[str, str]  # key -> header as written in the file


def _filled(texts: Mapping[str, str]) -> bool:
    return bool(texts.get("value") or texts.get("note"))


def _entry(cells: Cells) -> Entry:
    value = cells.decimal("value")
    provisional = cells.flag("provisional")
    return Entry(
        code=cells.required("code", N_("The indicator code is missing.")),
        value=value,
        provisional=provisional,
        note=cells.text("note"),
        source=cells.text("source"),
        reason=cells.text("reason"),
        row=cells.number,
        note_en=cells.text_if_column("note_en"),
        source_en=cells.text_if_column("source_en"),
    )


def parse_file(
    filename: str, data: bytes, period: Period, limits: SheetLimits = DEFAULT_LIMITS
) -> ParsedFile:
    """The entries of a file; raises ImportRejected for an unreadable, too large or empty
    one."""
    table, index = LAYOUT.open(filename, data, limits)
    entries, problems, skipped = read_entries(table, index, period, _filled, _entry)
    names = {k: str(table.headers[i]).strip() for k, i in index.items()}
    return ParsedFile(entries, problems, skipped, names)


@dataclass(frozen=True)
class TemplateRow:
    spec: IndicatorSpec
    previous: Decimal | None
    current: Decimal | None


def _cells(row: TemplateRow, period: Period, locale: str) -> dict[str, Any]:
    return {
        **indicator_cells(row.spec, period, locale),
        "unit": units.sheet_word(row.spec.unit, locale),
        "previous": row.previous,
        "value": row.current,
    }


TEMPLATE = Template(LAYOUT, _cells)
template_xlsx = TEMPLATE.xlsx
template_csv = TEMPLATE.csv  # ``;`` and a decimal comma in Danish, ``,`` and a point in English
