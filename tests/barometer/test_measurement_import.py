"""The pure rules of measurement values and files: units, decimals, planning, parsing."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from barometer.errors import ImportRejected
from barometer.measurement_import import (
    ChangeKind,
    Entry,
    Existing,
    IndicatorSpec,
    plan_entries,
    value_problems,
)
from barometer.measurement_sheet import TemplateRow, parse_file, template_csv, template_xlsx
from barometer.period import Period

D = Decimal
P = Period(2007, 1)
PERCENT = IndicatorSpec("BES-01", "Beskæftigelse", None, "percent", 1, 1, "BIF")
COUNT = IndicatorSpec("BES-03", "Antal i aktivering", None, "count", 0, 1, "BIF")
OTHER = IndicatorSpec("UDD-01", "Uddannelse", None, "percent", 1, 2, "BUF")
SPECS = {s.code: s for s in (PERCENT, COUNT, OTHER)}


def messages(problems: list[tuple[str, dict[str, object]]]) -> list[str]:
    return [m % p for m, p in problems]


@pytest.mark.parametrize("value", ["0", "100", "46.4", "99.9"])
def test_a_percent_between_0_and_100_with_its_decimals_is_accepted(value: str) -> None:
    assert value_problems(D(value), "percent", 1) == []


@pytest.mark.parametrize("value", ["-0.1", "100.1", "250"])
def test_a_percent_outside_0_to_100_is_refused(value: str) -> None:
    assert "between 0 and 100" in messages(value_problems(D(value), "percent", 1))[0]


def test_too_many_decimals_are_refused_with_the_allowed_number() -> None:
    (text,) = messages(value_problems(D("46.45"), "percent", 1))
    assert text == "46.45 has too many decimals: the indicator has at most 1."


def test_trailing_zeros_are_not_counted_as_decimals() -> None:
    assert value_problems(D("46.40"), "percent", 1) == []


@pytest.mark.parametrize("value", ["-1", "2.5"])
def test_a_count_must_be_a_whole_number_of_at_least_0(value: str) -> None:
    assert "whole number of at least 0" in messages(value_problems(D(value), "count", 0))[0]


def test_plan_sorts_new_values_corrections_and_unchanged_values() -> None:
    existing = {
        "BES-01": Existing(D("46.4"), False, "", "", 1),
        "BES-03": Existing(D("1200"), False, "", "", 1),
    }
    plan = plan_entries(
        [
            Entry("BES-01", D("46.5"), reason="Tastefejl", row=2),
            Entry("BES-03", D("1200"), row=3),
            Entry("UDD-01", D("70.0"), row=4),
        ],
        SPECS,
        existing,
    )
    assert plan.problems == []
    assert [c.kind for c in plan.changes] == [
        ChangeKind.CORRECTION,
        ChangeKind.UNCHANGED,
        ChangeKind.NEW,
    ]
    assert plan.changes[0].old is not None and plan.changes[0].old.value == D("46.4")


def test_a_correction_without_a_reason_is_a_problem() -> None:
    existing = {"BES-01": Existing(D("46.4"), False, "", "", 1)}
    plan = plan_entries([Entry("BES-01", D("46.5"), row=2)], SPECS, existing)
    (problem,) = plan.problems
    assert (problem.row, problem.column) == (2, "reason")
    assert "46.4" in problem.text()


def test_unknown_codes_duplicates_and_other_administrations_are_each_reported() -> None:
    plan = plan_entries(
        [
            Entry("NOPE", D(1), row=2),
            Entry("BES-01", D("46.4"), row=3),
            Entry("BES-01", D("46.5"), row=4),
            Entry("UDD-01", D("70.0"), row=5),
        ],
        SPECS,
        {},
        allowed_owner_ids={1},
    )
    texts = [(p.row, p.column, p.text()) for p in plan.problems]
    assert texts == [
        (2, "code", "Unknown indicator code NOPE."),
        (4, "code", "The indicator BES-01 appears more than once (first in row 3)."),
        (5, "code", "UDD-01 belongs to BUF: only its data contacts enter its values."),
    ]


def test_no_value_needs_a_note_saying_why() -> None:
    plan = plan_entries([Entry("BES-01", None, row=2)], SPECS, {})
    assert [p.column for p in plan.problems] == ["value"]
    plan = plan_entries([Entry("BES-01", None, note="Årlig undersøgelse", row=2)], SPECS, {})
    assert plan.problems == [] and plan.changes[0].kind == ChangeKind.NEW


# -- files ---------------------------------------------------------------------------------


def csv_bytes(text: str, bom: bool = True) -> bytes:
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def test_a_danish_csv_with_semicolons_decimal_comma_and_bom_is_read() -> None:
    data = csv_bytes(
        "Periode;Indikatorkode;Indikator;Værdi;Foreløbig;Note\r\n"
        "2007-H1;BES-01;Beskæftigelse;46,4;ja;Foreløbigt tal\r\n"
        "2007-H1;BES-03;Antal;1.234;nej;\r\n"
    )
    parsed = parse_file("maalinger.csv", data, P)
    assert parsed.problems == []
    first, second = parsed.entries
    assert (first.code, first.value, first.provisional, first.note) == (
        "BES-01",
        D("46.4"),
        True,
        "Foreløbigt tal",
    )
    assert (second.code, second.value, second.row) == ("BES-03", D(1234), 3)


def test_a_comma_separated_csv_with_decimal_point_is_read() -> None:
    data = csv_bytes("Period,Indicator code,Value\n2007-H1,BES-01,46.4\n", bom=False)
    (entry,) = parse_file("values.csv", data, P).entries
    assert entry.value == D("46.4")


def test_an_xlsx_file_is_read_with_numbers_as_decimals() -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Periode", "Indikatorkode", "Værdi", "Begrundelse for rettelse"])
    sheet.append(["2007-H1", "BES-01", 46.4, "Ny opgørelse"])
    sheet.append(["2007-H1", "BES-03", 1234, None])
    out = io.BytesIO()
    book.save(out)
    entries = parse_file("v.xlsx", out.getvalue(), P).entries
    assert [(e.code, e.value, e.reason) for e in entries] == [
        ("BES-01", D("46.4"), "Ny opgørelse"),
        ("BES-03", D(1234), ""),
    ]


def test_rows_of_another_period_are_problems() -> None:
    data = csv_bytes("Periode;Indikatorkode;Værdi\n2008-H2;BES-01;46,4\n")
    (problem,) = parse_file("v.csv", data, P).problems
    assert (problem.row, problem.column) == (2, "period")
    assert problem.text() == "The row is for the period 2008-H2, not 2007-H1."


def test_a_value_that_is_not_a_number_is_a_problem_of_its_cell() -> None:
    data = csv_bytes("Periode;Indikatorkode;Værdi\n2007-H1;BES-01;mange\n")
    (problem,) = parse_file("v.csv", data, P).problems
    assert (problem.row, problem.column, problem.text()) == (2, "value", "mange is not a number.")


def test_template_rows_left_empty_are_skipped_not_refused() -> None:
    data = csv_bytes("Periode;Indikatorkode;Værdi\n2007-H1;BES-01;\n2007-H1;BES-03;5\n")
    parsed = parse_file("v.csv", data, P)
    assert parsed.skipped_rows == 1 and [e.code for e in parsed.entries] == ["BES-03"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("v.csv", b"", "The file is empty."),
        ("v.csv", csv_bytes("Periode;Indikatorkode;Værdi\n"), "The file has no rows with values."),
        ("v.pdf", b"%PDF-1.4", "Choose an .xlsx or .csv file."),
        ("v.xlsx", b"not a workbook", "The file is not a readable XLSX workbook."),
        (
            "v.csv",
            "Periode;Værdi\n".encode(),
            "The column Indikatorkode / Indicator code is missing.",
        ),
    ],
)
def test_unreadable_files_are_rejected_with_a_clear_message(
    name: str, data: bytes, message: str
) -> None:
    with pytest.raises(ImportRejected) as caught:
        parse_file(name, data, P)
    assert caught.value.problems[0].text() == message


def test_the_templates_hold_the_period_codes_names_and_previous_values() -> None:
    rows = [TemplateRow(PERCENT, D("46.4000"), None), TemplateRow(COUNT, None, D(1200))]
    text = template_csv(rows, P, "da").decode("utf-8")
    assert text.startswith("\ufeffPeriode;Indikatorkode;Indikator;")
    assert "2007-H1;BES-01;Beskæftigelse;procent;46,4;;" in text
    book = load_workbook(io.BytesIO(template_xlsx(rows, P, "en")))
    values = list(book.active.iter_rows(values_only=True))
    assert values[0][:3] == ("Period", "Indicator code", "Indicator")
    assert values[1][:5] == ("2007-H1", "BES-01", "Beskæftigelse", "percent", 46.4)


def test_a_filled_in_template_imports_again() -> None:
    rows = [TemplateRow(PERCENT, D("46.4"), D("47.0"))]
    for locale in ("da", "en"):
        parsed = parse_file("t.csv", template_csv(rows, P, locale), P)
        assert [(e.code, e.value) for e in parsed.entries] == [("BES-01", D("47.0"))]
        parsed = parse_file("t.xlsx", template_xlsx(rows, P, locale), P)
        assert [(e.code, e.value) for e in parsed.entries] == [("BES-01", D("47.0"))]
