"""An edition's data as an Excel workbook: numbers as numbers, shown with each indicator's
decimals, in the language asked for.

Sheet 1 holds the values (one row per indicator and period, the edition's own period with
its movement and progress); sheet 2 the indicators' metadata. Headers are bold and frozen,
every column has a filter. Texts are text cells, never formulas (``core.spreadsheets``).
The workbook is made from the frozen snapshot; its creation time is the publication time.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from barometer.bilingual import pick
from barometer.editions.snapshot import indicators_of
from barometer.labels import frequency_label, kind_label, movement_label, progress_label
from core.spreadsheets import neutralise

XLSX_NAME = "data.xlsx"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

VALUE_COLUMNS = (
    (_l("Focus area"), 28),
    (_l("Goal"), 10),
    (_l("Indicator code"), 14),
    (_l("Indicator"), 40),
    (_l("Period"), 10),
    (_l("Value"), 12),
    (_l("Unit"), 10),
    (_l("Note"), 30),
    (_l("Movement"), 18),
    (_l("Progress"), 24),
)
INDICATOR_COLUMNS = (
    (_l("Indicator code"), 14),
    (_l("Indicator"), 40),
    (_l("Kind"), 18),
    (_l("Unit"), 10),
    (_l("Decimals"), 10),
    (_l("Frequency"), 20),
    (_l("Baseline"), 12),
    (_l("Baseline period"), 14),
    (_l("Definition"), 50),
    (_l("Data source"), 30),
    (_l("Owner"), 24),
)


def number_format(decimals: int) -> str:
    """Thousands separated, ``decimals`` places; Excel shows them in the reader's locale."""
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def _text(value: Any) -> str:
    return str(neutralise(str(value or "")))


def _number(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _sheet(sheet: Worksheet, title: str, columns: Sequence[tuple[Any, int]]) -> None:
    sheet.title = title[:31]
    sheet.append([str(label) for label, _ in columns])
    for index, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        header = sheet.cell(row=1, column=index)
        header.font = Font(bold=True)
        header.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def _finish(sheet: Worksheet) -> None:
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text is never a formula
    sheet.auto_filter.ref = sheet.dimensions


def _values(sheet: Worksheet, snapshot: Mapping[str, Any], lang: str) -> None:
    areas = {a["code"]: a for a in snapshot["catalogue"]["focus_areas"]}
    statuses = snapshot["reading"]["indicators"]
    number = 1  # the header's row; not sheet.max_row, which looks at every cell each time
    for ind in indicators_of(snapshot):
        area = areas[ind["focus_area"]]
        decimals = int(ind.get("decimals") or 0)
        for row in snapshot["values"][ind["code"]]:
            current = row["period"] == snapshot["period"]
            sheet.append(
                [
                    _text(pick(area["name_da"], area.get("name_en"), lang)),
                    ind["goal"],
                    ind["code"],
                    _text(pick(ind["name_da"], ind.get("name_en"), lang)),
                    row["period"],
                    _number(row["value"]),
                    ind["unit"],
                    _text(pick(row.get("note"), row.get("note_en"), lang)),
                    movement_label(row["movement"]) if row.get("movement") else "",
                    progress_label(statuses[ind["code"]]["progress"]) if current else "",
                ]
            )
            number += 1
            sheet.cell(row=number, column=6).number_format = number_format(decimals)


def _indicators(sheet: Worksheet, snapshot: Mapping[str, Any], lang: str) -> None:
    for number, ind in enumerate(indicators_of(snapshot), start=2):
        decimals = int(ind.get("decimals") or 0)
        sheet.append(
            [
                ind["code"],
                _text(pick(ind["name_da"], ind.get("name_en"), lang)),
                kind_label(ind["kind"]),
                ind["unit"],
                decimals,
                frequency_label(ind.get("frequency") or "half_yearly", ind.get("measured_half")),
                _number(ind.get("baseline_value")),
                ind.get("baseline_period") or "",
                _text(pick(ind.get("definition"), ind.get("definition_en"), lang)),
                _text(pick(ind.get("data_source"), ind.get("data_source_en"), lang)),
                _text(pick(ind.get("owner_name_da"), ind.get("owner_name_en"), lang)),
            ]
        )
        sheet.cell(row=number, column=7).number_format = number_format(decimals)


def edition_xlsx(snapshot: Mapping[str, Any], lang: str) -> bytes:
    with force_locale(lang):
        book = Workbook()
        values = book.active
        _sheet(values, str(_l("Values")), VALUE_COLUMNS)
        _values(values, snapshot, lang)
        _finish(values)
        indicators = book.create_sheet()
        _sheet(indicators, str(_l("Indicators")), INDICATOR_COLUMNS)
        _indicators(indicators, snapshot, lang)
        _finish(indicators)
        book.properties.title = snapshot["edition"]["title"][lang]
        book.properties.creator = snapshot["municipality"]
        book.properties.language = lang
    published = (snapshot["edition"].get("published") or {}).get("at")
    made = datetime.fromisoformat(published).replace(tzinfo=None) if published else None
    if made is not None:
        book.properties.created = book.properties.modified = made
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
