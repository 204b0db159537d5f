"""The shared spreadsheet reader: Danish and English dialects, addressing, unreadable files."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.spreadsheets import (
    BadValue,
    FileTooLarge,
    SheetLimits,
    UnreadableFile,
    column_label,
    neutralise,
    parse_decimal,
    read_table,
    restore,
    write_csv,
    write_xlsx,
)
from tests.spreadsheet_files import MB, bomb, csv_of, sheet_with_cell


def test_a_csv_written_in_the_danish_dialect_reads_back_with_its_decimal_comma() -> None:
    data = write_csv([["Kode", "Værdi"], ["A1", Decimal("46.40")]], danish=True)
    table = read_table("v.csv", data)
    assert table.headers == ["Kode", "Værdi"]
    assert table.decimal_comma is True
    [(number, row)] = list(table.numbered_rows())
    assert (number, row) == (2, ["A1", "46,4"])
    assert parse_decimal(row[1], table.decimal_comma) == Decimal("46.4")


def test_a_written_sheet_reads_back_with_rows_numbered_as_the_sheet_shows_them() -> None:
    data = write_xlsx("Ark", ["Kode", "Værdi"], [["A1", 3], ["A2", 4.5]], [10, 10])
    table = read_table("v.xlsx", data)
    assert table.headers == ["Kode", "Værdi"]
    assert [(n, r) for n, r in table.numbered_rows()] == [(2, ["A1", 3]), (3, ["A2", 4.5])]


@pytest.mark.parametrize(
    ("name", "data"), [("v.pdf", b"%PDF"), ("v.xlsx", b"not a zip"), ("v.csv", b"\xff\xfe\x00")]
)
def test_a_file_that_cannot_be_read_is_unreadable(name: str, data: bytes) -> None:
    with pytest.raises(UnreadableFile):
        read_table(name, data)


def test_a_bad_value_says_what_it_is_and_a_column_is_named_by_letter() -> None:
    with pytest.raises(BadValue) as bad:
        parse_decimal("mange", None)
    assert bad.value.params == {"value": "mange"}
    assert column_label(3, "Mål") == "C (Mål)"


# -- formula injection ---------------------------------------------------------------------

HOSTILE = ["=1+2", "+45 33 66 33 66", "-2+3", "@SUM(A1)", "\tindrykket", "\rretur"]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_text_that_a_spreadsheet_would_run_is_written_with_an_apostrophe(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("value", ["Mål", "", "'citat'", 3, Decimal("-4.5"), -1, None])
def test_other_values_and_numbers_are_written_as_they_are(value: object) -> None:
    assert neutralise(value) == value


def test_an_apostrophe_the_user_wrote_before_a_formula_survives_the_round_trip() -> None:
    assert neutralise("'=1") == "''=1"
    assert restore("''=1") == "'=1"
    assert restore("'citat'") == "'citat'"  # not written by us: left alone


def test_a_csv_neutralises_text_but_leaves_negative_numbers_alone() -> None:
    data = write_csv([["Kode", "Note"], ["=cmd|' /C calc'!A0", Decimal("-4.5")]], danish=True)
    text = data.decode("utf-8-sig")
    assert text.splitlines()[1] == "'=cmd|' /C calc'!A0;-4,5"
    table = read_table("v.csv", data)
    assert table.rows == [["=cmd|' /C calc'!A0", "-4,5"]]


def test_an_xlsx_never_holds_a_formula_and_reads_back_as_written() -> None:
    rows: list[list[object]] = [[text, -3] for text in HOSTILE]
    data = write_xlsx("Ark", ["=Kode", "Værdi"], rows, [10, 10])
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [cell for line in sheet.iter_rows() for cell in line]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert sheet["A1"].value == "'=Kode" and sheet["A2"].value == "'=1+2"
    assert sheet["B2"].value == -3 and sheet["B2"].data_type == "n"
    table = read_table("v.xlsx", data)
    assert table.headers[0] == "=Kode"
    # A carriage return comes back as written when openpyxl writes with lxml (it escapes
    # it), as a line feed with the standard library's writer; never with the apostrophe.
    *texts, last = [row[0] for row in table.rows]
    assert texts == HOSTILE[:-1] and last in ("\rretur", "\nretur")


# -- files too large to read -------------------------------------------------------------------


def test_an_xlsx_that_unpacks_to_more_than_the_limit_is_refused_before_it_is_read() -> None:
    data = bomb(60)
    assert len(data) < MB
    with pytest.raises(FileTooLarge) as refused:
        read_table("bombe.xlsx", data)
    assert refused.value.message.startswith("The file unpacks to more than %(size)s MB.")
    assert refused.value.params == {"size": 50}


def test_an_xlsx_packed_at_an_absurd_ratio_is_refused() -> None:
    with pytest.raises(FileTooLarge) as refused:
        read_table("bombe.xlsx", bomb(5))
    assert "unusual way" in str(refused.value)


@pytest.mark.parametrize(
    ("name", "data", "text"),
    [
        ("v.csv", csv_of(25_000, 3), "The file has more than 20000 rows."),
        ("v.csv", csv_of(3, 300), "The file has more than 200 columns."),
    ],
)
def test_a_csv_with_too_many_rows_or_columns_is_refused(name: str, data: bytes, text: str) -> None:
    with pytest.raises(FileTooLarge) as refused:
        read_table(name, data)
    assert str(refused.value).startswith(text)


def test_an_xlsx_with_a_row_far_down_or_a_column_far_right_is_refused() -> None:
    with pytest.raises(FileTooLarge, match="more than 20000 rows"):
        read_table("v.xlsx", sheet_with_cell(1_000_000, 1))
    with pytest.raises(FileTooLarge, match="more than 200 columns"):
        read_table("v.xlsx", sheet_with_cell(2, 300))


def test_the_limits_are_inclusive_and_empty_trailing_cells_do_not_count() -> None:
    limits = SheetLimits(max_rows=2, max_columns=3)
    assert len(read_table("v.csv", csv_of(2, 3), limits).rows) == 2
    assert read_table("v.csv", b"a;b;c;;;;\r\n1;2;3;;;;;;", limits).rows == [["1", "2", "3"]]
    with pytest.raises(FileTooLarge):
        read_table("v.csv", csv_of(3, 3), limits)
    with pytest.raises(FileTooLarge):
        read_table("v.csv", csv_of(2, 4), limits)


def test_a_csv_field_too_long_to_read_is_refused_with_a_message() -> None:
    with pytest.raises(UnreadableFile, match="not a readable CSV"):
        read_table("v.csv", b'a;b\r\n"' + b"x" * 200_000 + b'";1\r\n')


def test_a_csv_field_too_long_is_refused_also_when_a_library_raised_the_global_limit() -> None:
    import csv

    before = csv.field_size_limit(10_000_000)
    try:
        with pytest.raises(UnreadableFile, match="not a readable CSV"):
            read_table("v.csv", b'a;b\r\n"' + b"x" * 200_000 + b'";1\r\n')
    finally:
        csv.field_size_limit(before)


def test_a_sheet_named_after_a_case_reference_with_a_slash_is_written() -> None:
    import io as _io

    from openpyxl import load_workbook as _load

    from core.spreadsheets import write_xlsx

    data = write_xlsx("BIU 227/2006: [udkast]? " + "x" * 40, ["A"], [["1"]], [10])
    (title,) = _load(_io.BytesIO(data)).sheetnames
    assert title == "BIU 227-2006- -udkast-- xxxxxxx" and len(title) == 31
