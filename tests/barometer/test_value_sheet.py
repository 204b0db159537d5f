"""The reading both value sheets share (barometer.value_sheet): the measurements and the
values per category find their columns, name their problems and skip their empty rows
alike."""

from __future__ import annotations

from types import ModuleType

import pytest

from barometer import breakdown_sheet, measurement_sheet
from barometer.errors import ImportRejected
from barometer.period import Period

PERIOD = Period.parse("2007-H2")
# sheet: the Danish header, the same in English (in capitals), and a row with another
# period, a bad number, a bad yes/no and no indicator code
SHEETS = {
    measurement_sheet: (
        "Periode;Indikatorkode;Værdi;Foreløbig",
        "PERIOD;INDICATOR CODE;VALUE;PROVISIONAL",
        "2007-H1;;abc;kanske",
    ),
    breakdown_sheet: (
        "Periode;Indikatorkode;Dimension;Kategori;Værdi;Diskretioneret",
        "PERIOD;INDICATOR CODE;DIMENSION;CATEGORY;VALUE;SUPPRESSED",
        "2007-H1;;herkomst;dansk;abc;kanske",
    ),
}


def _csv(*lines: str) -> bytes:
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def _problems(sheet: ModuleType, data: bytes) -> list[tuple[int, str, str]]:
    try:
        parsed = sheet.parse_file("x.csv", data, PERIOD)
    except ImportRejected as err:
        return [(p.row, p.column, p.text()) for p in err.problems]
    found = parsed.problems if sheet is measurement_sheet else parsed[1]
    return [(p.row, p.column, p.text()) for p in found]


@pytest.mark.parametrize("sheet", list(SHEETS), ids=lambda s: s.__name__)
def test_a_rows_problems_come_in_the_order_of_its_cells(sheet: ModuleType) -> None:
    header, _english, bad = SHEETS[sheet]
    flag = "provisional" if sheet is measurement_sheet else "suppressed"
    assert _problems(sheet, _csv(header, bad)) == [
        (2, "period", "The row is for the period 2007-H1, not 2007-H2."),
        (2, "value", "abc is not a number."),
        (2, flag, "kanske is not yes or no."),
        (2, "code", "The indicator code is missing."),
    ]


@pytest.mark.parametrize("sheet", list(SHEETS), ids=lambda s: s.__name__)
def test_headers_are_found_in_either_language_and_a_missing_one_is_named_in_both(
    sheet: ModuleType,
) -> None:
    header, english, bad = SHEETS[sheet]
    assert _problems(sheet, _csv(english, bad)) == _problems(sheet, _csv(header, bad))
    without_value = ";".join(h for h in header.split(";") if h != "Værdi")
    assert _problems(sheet, _csv(without_value)) == [
        (1, "value", "The column Værdi / Value is missing.")
    ]


@pytest.mark.parametrize("sheet", list(SHEETS), ids=lambda s: s.__name__)
def test_an_untouched_template_has_no_rows_with_values(sheet: ModuleType) -> None:
    header, _english, _bad = SHEETS[sheet]
    blank = ";" * header.count(";")
    assert _problems(sheet, _csv(header, blank)) == [(0, "", "The file has no rows with values.")]
    assert _problems(sheet, b"") == [(0, "", "The file is empty.")]
