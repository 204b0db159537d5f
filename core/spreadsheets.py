"""Reading and writing spreadsheets as Danish offices make them.

Reading: an XLSX workbook (its first sheet) or a CSV, either ``;``-separated with a
decimal comma (as Danish spreadsheets write it) or ``,``-separated with a decimal point;
UTF-8 with or without a byte-order mark. Cells are addressed as people see them: row 1 is
the header, columns by letter. Values are parsed one by one (numbers in either decimal
style, dates as typed in Denmark, yes/no in Danish or English); a value that cannot be
read raises :class:`BadValue`, a file that cannot be read :class:`UnreadableFile`.

Writing: one sheet with a bold, frozen header, or a CSV in the reader's Danish or English
dialect. What the columns mean is up to the caller. Every writer passes text through
:func:`neutralise`, so no spreadsheet runs a formula a user typed (a text beginning with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe, as OWASP
recommends), and the reader takes that apostrophe off again (:func:`restore`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.errors import N_, ValidationFailed

# OWASP's list, and a line feed: XLSX (XML) turns a carriage return into one, and the
# apostrophe in front must still come off when such a file is read back.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
TRUE_WORDS = {"1", "true", "yes", "ja", "x", "sand"}
FALSE_WORDS = {"", "0", "false", "no", "nej", "falsk"}


class UnreadableFile(ValidationFailed):
    """The file is not a spreadsheet that can be read at all (wrong type or encoding)."""


class BadValue(Exception):
    """A cell's value cannot be read as what the column holds."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.message, self.params = message, params


@dataclass
class Table:
    headers: list[str]
    rows: list[list[Any]]
    decimal_comma: bool | None  # None: either, decided per value (spreadsheets)

    def numbered_rows(self) -> Iterator[tuple[int, list[Any]]]:
        """The rows with their numbers as the spreadsheet shows them (the header is row 1)."""
        return enumerate(self.rows, start=2)


def column_label(position: int, name: str) -> str:
    """A column as people find it: its letter and its header, ``C (Mål)`` (``position``
    counts from 1)."""
    return f"{get_column_letter(position)} ({name})"


# -- formula injection ------------------------------------------------------------------------


def _guarded(text: str) -> bool:
    # Apostrophes before a formula start count too, so a typed "'=1" survives a round trip.
    return text.lstrip("'").startswith(FORMULA_STARTS)


def neutralise(value: Any) -> Any:
    """A text a spreadsheet would run as a formula, with an apostrophe in front; any other
    value (numbers, negative ones too) as it is."""
    if isinstance(value, str) and _guarded(value):
        return "'" + value
    return value


def restore(value: Any) -> Any:
    """A cell as it was before :func:`neutralise`: one apostrophe less before a formula."""
    if isinstance(value, str) and value.startswith("'") and _guarded(value[1:]):
        return value[1:]
    return value


# -- reading files -------------------------------------------------------------------------


def read_xlsx(data: bytes) -> Table:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise UnreadableFile(N_("The file is not a readable XLSX workbook.")) from None
    sheet = book.worksheets[0]
    rows = [[restore(v) for v in r] for r in sheet.iter_rows(values_only=True)]
    book.close()
    if not rows:
        return Table([], [], None)
    return Table([str(h or "").strip() for h in rows[0]], rows[1:], None)


def read_csv(data: bytes) -> Table:
    """A CSV as Danish spreadsheets write it (``;`` and decimal comma) or with ``,`` and a
    decimal point; UTF-8 with or without a byte-order mark."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(N_("The file is not UTF-8 text.")) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = [[restore(v) for v in r] for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    if not rows:
        return Table([], [], delimiter == ";")
    return Table([h.strip() for h in rows[0]], rows[1:], delimiter == ";")


def read_table(filename: str, data: bytes) -> Table:
    name = filename.lower()
    if name.endswith(".xlsx"):
        return read_xlsx(data)
    if name.endswith((".csv", ".txt")):
        return read_csv(data)
    raise UnreadableFile(N_("Choose an .xlsx or .csv file."))


# -- reading values ----------------------------------------------------------------------------


_THOUSANDS_DOT = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


def cell_text(value: Any) -> str:
    """A cell as text: empty for an empty cell, ``3`` (not ``3.0``) for a whole number."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def word(value: Any) -> str:
    """A cell as a word to look up: trimmed, spaces collapsed, case folded."""
    return re.sub(r"\s+", " ", str(value or "").strip().casefold())


def parse_decimal(value: Any, decimal_comma: bool | None) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise BadValue(N_("%(value)s is not a number."), value=value)
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if decimal_comma is None:
        decimal_comma = "," in text and "." not in text
    if decimal_comma:
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif _THOUSANDS_DOT.match(text):
            text = text.replace(".", "")
    elif _THOUSANDS_COMMA.match(text):
        text = text.replace(",", "")
    try:
        result = Decimal(text)
    except InvalidOperation:
        raise BadValue(N_("%(value)s is not a number."), value=value) from None
    if not result.is_finite():
        raise BadValue(N_("%(value)s is not a number."), value=value)
    return result


def parse_int(value: Any, decimal_comma: bool | None) -> int | None:
    number = parse_decimal(value, decimal_comma)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise BadValue(N_("%(value)s is not a whole number."), value=value)
    return int(number)


def parse_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    raise BadValue(N_("%(value)s is not a date; write e.g. 14.12.2006."), value=value)


def parse_choice(value: Any, words: Mapping[str, Any], message: str) -> Any:
    """The meaning of one of ``words`` (looked up as :func:`word`); ``message`` otherwise."""
    text = word(value)
    if text not in words:
        raise BadValue(message, value=value)
    return words[text]


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = word(value)
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise BadValue(N_("%(value)s is not yes or no."), value=value)


# -- writing files -------------------------------------------------------------------------------


def write_xlsx(
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[int],
    *,
    wrap: bool = False,
) -> bytes:
    """One sheet, the header bold and frozen, the given column widths, dates as dates;
    ``wrap``: every cell wraps its text and sits at the top. Texts are always text cells
    (:func:`neutralise`d), never formulas."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for line in (header, *rows):
        sheet.append([neutralise(v) for v in line])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # whatever openpyxl guessed: text is never a formula
            if cell.row == 1:
                cell.font = Font(bold=True)
            if wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_csv(rows: Sequence[Sequence[Any]], *, danish: bool) -> bytes:
    """``;``-separated with a decimal comma when ``danish``, else ``,`` and a decimal point;
    UTF-8 with a byte-order mark so spreadsheets read the letters right."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if danish else ",", lineterminator="\r\n")
    for line in rows:
        cells = []
        for v in line:
            if isinstance(v, Decimal):
                text = format(v.normalize(), "f")
                cells.append(text.replace(".", ",") if danish else text)
            else:
                cells.append("" if v is None else str(neutralise(v)))
        writer.writerow(cells)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
