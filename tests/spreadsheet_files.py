"""Hostile spreadsheets for tests: a zip bomb, and sheets too long or too wide to read."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

from core.spreadsheets import write_xlsx

MB = 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"


def bomb(megabytes: int) -> bytes:
    """A small XLSX whose sheet holds one text cell of ``megabytes`` MB of one letter."""
    plain = write_xlsx("Ark", ["Kode"], [["x"]], [10])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(plain)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename != SHEET:
                target.writestr(item, source.read(item.filename))
                continue
            before, after = source.read(SHEET).split(b"<t>x</t>")
            with target.open(SHEET, "w") as member:
                member.write(before + b"<t>")
                for _ in range(megabytes):
                    member.write(b"A" * MB)
                member.write(b"</t>" + after)
    return out.getvalue()


def csv_of(rows: int, columns: int) -> bytes:
    """A header and ``rows`` rows of ``columns`` filled-in cells."""
    line = ";".join(f"k{i}" for i in range(columns))
    return "\r\n".join([line] * (rows + 1)).encode("utf-8")


def sheet_with_cell(row: int, column: int) -> bytes:
    """An XLSX with a header cell and one cell at ``row``, ``column``."""
    book = Workbook()
    book.active.append(["Kode"])
    book.active.cell(row=row, column=column, value="x")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
