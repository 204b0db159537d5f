"""The shared spreadsheet reader: Danish and English dialects, addressing, unreadable files."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.spreadsheets import (
    BadValue,
    UnreadableFile,
    column_label,
    parse_decimal,
    read_table,
    write_csv,
    write_xlsx,
)


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
