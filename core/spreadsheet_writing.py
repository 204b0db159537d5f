"""Writing spreadsheets as Danish offices open them (``core.spreadsheets`` re-exports these).

XLSX in openpyxl's write-only mode (memory flat in the number of rows; one sheet, or several
with :func:`write_workbook`), CSV in the user's dialect; every text a spreadsheet would run
as a formula is neutralised first.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# OWASP's list, and a line feed: XLSX (XML) turns a carriage return into one, and the
# apostrophe in front must still come off when such a file is read back.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _guarded(text: str) -> bool:
    # Apostrophes before a formula start count too, so a typed "'=1" survives a round trip.
    return text.lstrip("'").startswith(FORMULA_STARTS)


def neutralise(value: Any) -> Any:
    """A text a spreadsheet would run as a formula, with an apostrophe in front; any other
    value (numbers, negative ones too) as it is."""
    if isinstance(value, str) and _guarded(value):
        return "'" + value
    return value


# -- writing files -------------------------------------------------------------------------------


def sheet_title(text: str) -> str:
    """A worksheet name Excel accepts: without ``[]:*?/\\``, at most 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", "-", text).strip("'")[:31] or "-"


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook for :func:`write_workbook`."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int]
    wrap: bool = False


def write_xlsx(
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int],
    *,
    wrap: bool = False,
) -> bytes:
    """One sheet, the header bold and frozen, the given column widths, dates as dates;
    ``wrap``: every cell wraps its text and sits at the top. Texts are always text cells
    (:func:`neutralise`d), never formulas.

    Written in openpyxl's write-only mode: each row goes to the sheet's file as it comes
    (``rows`` may be a generator), so no cell objects pile up for a large export."""
    return write_workbook([Sheet(title, header, rows, widths, wrap)])


def write_workbook(sheets: Sequence[Sheet]) -> bytes:
    """Several sheets in their order, each written as :func:`write_xlsx` writes its one."""
    book = Workbook(write_only=True)
    for spec in sheets:
        _write_sheet(book, spec)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_sheet(book: Workbook, spec: Sheet) -> None:
    sheet = book.create_sheet(sheet_title(spec.title))
    for index, width in enumerate(spec.widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold, top = Font(bold=True), Alignment(wrap_text=True, vertical="top")

    def cell(value: Any, first: bool) -> WriteOnlyCell:
        made = WriteOnlyCell(sheet, value=neutralise(value))
        if isinstance(made.value, str):
            made.data_type = "s"  # whatever openpyxl guessed: text is never a formula
        if first:
            made.font = bold
        if spec.wrap:
            made.alignment = top
        if isinstance(made.value, date):
            made.number_format = "yyyy-mm-dd"
        return made

    sheet.append([cell(v, True) for v in spec.header])
    for line in spec.rows:
        sheet.append([cell(v, False) for v in line])


def csv_lines(rows: Iterable[Sequence[Any]], *, danish: bool) -> Iterator[bytes]:
    """:func:`write_csv` a line at a time (the byte-order mark first), for a streamed
    answer: the rows may be a generator, nothing is kept."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if danish else ",", lineterminator="\r\n")
    yield "\ufeff".encode()
    for line in rows:
        cells = []
        for v in line:
            if isinstance(v, Decimal):
                text = format(v.normalize(), "f")
                cells.append(text.replace(".", ",") if danish else text)
            else:
                cells.append("" if v is None else str(neutralise(v)))
        writer.writerow(cells)
        yield out.getvalue().encode("utf-8")
        out.seek(0)
        out.truncate()


def write_csv(rows: Iterable[Sequence[Any]], *, danish: bool) -> bytes:
    """``;``-separated with a decimal comma when ``danish``, else ``,`` and a decimal point;
    UTF-8 with a byte-order mark so spreadsheets read the letters right."""
    return b"".join(csv_lines(rows, danish=danish))
