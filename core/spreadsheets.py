"""Reading and writing spreadsheets as Danish offices make them.

Reading: an XLSX workbook (its first sheet, and any further sheets the caller names) or a
CSV, either ``;``-separated with a decimal comma (as Danish spreadsheets write it) or
``,``-separated with a decimal point; UTF-8 with or without a byte-order mark. Cells are
addressed as people see them: row 1 is the header, columns by letter. Values are parsed
one by one (numbers in either decimal style, dates as typed in Denmark, yes/no in Danish
or English); a value that cannot be read raises :class:`BadValue`, a file that cannot be
read :class:`UnreadableFile`. A file too large to read safely (:class:`SheetLimits`: what
an XLSX unpacks to, how tightly it is packed, rows, columns) raises :class:`FileTooLarge`
before it is parsed or as soon as a limit is passed while the rows are streamed.

Writing: one sheet (or several) with a bold, frozen header, or a CSV in the reader's
Danish or English dialect. What the columns mean is up to the caller. Every writer passes
text through :func:`neutralise`, so no spreadsheet runs a formula a user typed (a text
beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
apostrophe, as OWASP recommends), and the reader takes that apostrophe off again
(:func:`restore`).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from core.errors import N_, ValidationFailed

# The writing half lives in its own module; it is part of this one's interface.
from core.spreadsheet_writing import (
    Sheet,
    _guarded,
    csv_lines,
    neutralise,
    sheet_title,
    write_csv,
    write_workbook,
    write_xlsx,
)

__all__ = [
    "Sheet",
    "csv_lines",
    "neutralise",
    "sheet_title",
    "write_csv",
    "write_workbook",
    "write_xlsx",
]

TRUE_WORDS = {"1", "true", "yes", "ja", "x", "sand"}
FALSE_WORDS = {"", "0", "false", "no", "nej", "falsk"}


class UnreadableFile(ValidationFailed):
    """The file is not a spreadsheet that can be read at all (wrong type or encoding)."""


class FileTooLarge(UnreadableFile):
    """The file would take too much memory or time to read; refused before it is parsed."""


@dataclass(frozen=True)
class SheetLimits:
    """How much of a spreadsheet is read; the settings ``SPREADSHEET_MAX_*``."""

    max_rows: int = 20_000  # below the header
    max_columns: int = 200
    max_uncompressed_mb: int = 50  # an XLSX: the sum of its members, unpacked
    max_ratio: int = 100  # an XLSX member: unpacked size / packed size

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SheetLimits:
        return cls(
            max_rows=config["SPREADSHEET_MAX_ROWS"],
            max_columns=config["SPREADSHEET_MAX_COLUMNS"],
            max_uncompressed_mb=config["SPREADSHEET_MAX_UNCOMPRESSED_MB"],
            max_ratio=config["SPREADSHEET_MAX_RATIO"],
        )


DEFAULT_LIMITS = SheetLimits()
_MB = 1024 * 1024


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
    title: str = ""  # the sheet's name in an XLSX workbook
    # Further sheets of a workbook that the reader was asked for (see :func:`read_xlsx`).
    sheets: list[Table] = field(default_factory=list)

    def sheet(self, names: Collection[str]) -> Table | None:
        """The further sheet called one of ``names`` (compared as :func:`word`), if any."""
        wanted = {word(n) for n in names}
        return next((s for s in self.sheets if word(s.title) in wanted), None)

    def numbered_rows(self) -> Iterator[tuple[int, list[Any]]]:
        """The rows with their numbers as the spreadsheet shows them (the header is row 1)."""
        return enumerate(self.rows, start=2)


def column_label(position: int, name: str) -> str:
    """A column as people find it: its letter and its header, ``C (Mål)`` (``position``
    counts from 1)."""
    return f"{get_column_letter(position)} ({name})"


# -- formula injection ------------------------------------------------------------------------


def restore(value: Any) -> Any:
    """A cell as it was before :func:`neutralise`: one apostrophe less before a formula."""
    if isinstance(value, str) and value.startswith("'") and _guarded(value[1:]):
        return value[1:]
    return value


# -- reading files -------------------------------------------------------------------------


def _check_archive(data: bytes, limits: SheetLimits) -> None:
    """Refuse an XLSX that unpacks to too much, from the sizes its zip directory declares
    (reading a member never yields more than its declared size)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise UnreadableFile(N_("The file is not a readable XLSX workbook.")) from None
    if sum(m.file_size for m in members) > limits.max_uncompressed_mb * _MB:
        raise FileTooLarge(
            N_(
                "The file unpacks to more than %(size)s MB. Remove what is not needed or "
                "split it into smaller files."
            ),
            size=limits.max_uncompressed_mb,
        )
    for member in members:
        ratio = member.file_size // max(member.compress_size, 1)
        if member.file_size > _MB and ratio > limits.max_ratio:
            raise FileTooLarge(
                N_(
                    "The file is packed in an unusual way (it unpacks to %(ratio)s times its "
                    "size) and is not read, to be safe. Save it again as an ordinary XLSX or "
                    "CSV file."
                ),
                ratio=ratio,
            )


def _bounded(rows: Iterable[Sequence[Any]], limits: SheetLimits) -> list[list[Any]]:
    """The rows (the header first) without their empty trailing cells, restored; refused as
    soon as there are too many rows or a row is too wide."""
    kept: list[list[Any]] = []
    for row in rows:
        if len(kept) > limits.max_rows:
            raise FileTooLarge(
                N_("The file has more than %(max)s rows. Import at most %(max)s rows at a time."),
                max=limits.max_rows,
            )
        width = len(row)
        while width and row[width - 1] in (None, ""):
            width -= 1
        if width > limits.max_columns:
            raise FileTooLarge(
                N_("The file has more than %(max)s columns. Remove the columns not needed."),
                max=limits.max_columns,
            )
        kept.append([restore(v) for v in row[:width]])
    return kept


def read_xlsx(
    data: bytes, limits: SheetLimits = DEFAULT_LIMITS, sheets: Collection[str] = ()
) -> Table:
    """The first sheet; with ``sheets``, also each further sheet of one of those names
    (compared as :func:`word`) in :attr:`Table.sheets`, each within the same limits."""
    _check_archive(data, limits)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise UnreadableFile(N_("The file is not a readable XLSX workbook.")) from None
    wanted = {word(n) for n in sheets}
    try:
        if not book.worksheets:
            return Table([], [], None)
        first, *rest = book.worksheets
        table = _sheet_table(first, limits)
        table.sheets = [_sheet_table(s, limits) for s in rest if word(s.title) in wanted]
    except UnreadableFile:
        raise
    except Exception:
        raise UnreadableFile(N_("The file is not a readable XLSX workbook.")) from None
    finally:
        book.close()
    return table


def _sheet_table(sheet: Any, limits: SheetLimits) -> Table:
    # Rows as long as their last cell, not as wide as the (untrusted) dimension says.
    sheet.reset_dimensions()
    rows = _bounded(sheet.iter_rows(values_only=True), limits)
    if not rows:
        return Table([], [], None, title=sheet.title)
    return Table([str(h or "").strip() for h in rows[0]], rows[1:], None, title=sheet.title)


# The csv module's default field limit, held here: the limit itself is global to the
# process, and a library may raise it for its own reading.
CSV_FIELD_MAX = 131_072


def _bounded_fields(rows: Iterable[list[str]]) -> Iterator[list[str]]:
    for row in rows:
        if any(len(field) > CSV_FIELD_MAX for field in row):
            raise csv.Error("field larger than field limit")
        yield row


def read_csv(data: bytes, limits: SheetLimits = DEFAULT_LIMITS) -> Table:
    """A CSV as Danish spreadsheets write it (``;`` and decimal comma) or with ``,`` and a
    decimal point; UTF-8 with or without a byte-order mark."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(N_("The file is not UTF-8 text.")) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    try:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        rows = _bounded(_bounded_fields(reader), limits)
    except csv.Error:
        raise UnreadableFile(N_("The file is not a readable CSV file.")) from None
    if not rows:
        return Table([], [], delimiter == ";")
    return Table([str(h).strip() for h in rows[0]], rows[1:], delimiter == ";")


def read_table(
    filename: str, data: bytes, limits: SheetLimits = DEFAULT_LIMITS, sheets: Collection[str] = ()
) -> Table:
    """An XLSX (with the further ``sheets`` asked for, see :func:`read_xlsx`) or a CSV."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return read_xlsx(data, limits, sheets)
    if name.endswith((".csv", ".txt")):
        return read_csv(data, limits)
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
