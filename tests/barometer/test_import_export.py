"""The spreadsheet: export, all-or-nothing import with every problem by row and column."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from barometer.catalogue_sheet import export_xlsx
from barometer.diff import diff_versions
from barometer.errors import ImportRejected
from barometer.models import CatalogueVersion
from barometer.queries import load_version_tree, version_snapshot
from barometer.services import catalogue_import as ie
from barometer.services import catalogue_nodes
from barometer.services import catalogue_versions as svc
from tests.barometer.factories import NOW, indicator, make_approved

HEADER_DA = (
    "Indsatsområde;Målkode;Mål;Succeskriterium;Målværdi;Målperiode;Beslutning;Beslutningsdato;"
    "Indikatorkode;Indikator;Type;Enhed;Decimaler;Ønsket retning;Datakilde;"
    "Ansvarlig forvaltning;Udgangspunkt;Udgangspunktets periode"
)


def _snapshot(version: CatalogueVersion) -> dict[str, Any]:
    return version_snapshot(load_version_tree(version.id))


def _draft() -> CatalogueVersion:
    v1 = make_approved()
    return svc.create_draft(v1.policy, label="Version 2", actor=None, now=NOW)


def test_an_exported_xlsx_imported_again_gives_an_identical_version(db: Any) -> None:
    v1 = make_approved()
    data = export_xlsx(_snapshot(v1), "da", "Version 1")
    draft = svc.create_draft(v1.policy, label="Version 2", actor=None, now=NOW)
    catalogue_nodes.delete_indicator(
        indicator(draft, "A1-M1-I1"), actor=None, now=NOW
    )  # differs first
    ie.import_file(draft, "oversigtsskema.xlsx", data, actor=None, now=NOW)
    db.session.expire_all()
    old, new = _snapshot(v1), _snapshot(draft)
    assert diff_versions(old, new).empty
    assert new["focus_areas"] == old["focus_areas"]


def test_the_xlsx_has_a_frozen_header_and_column_widths(db: Any) -> None:
    v1 = make_approved()
    book = load_workbook(io.BytesIO(export_xlsx(_snapshot(v1), "da", "Version 1")))
    assert book.sheetnames == ["Version 1", "Opdelinger"]  # the second: breakdown dimensions
    sheet = book.active
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "Indsatsområde" and sheet["A1"].font.bold
    assert sheet.column_dimensions["C"].width == 40
    headers = [c.value for c in sheet[1]]
    # The overview's order: focus area, goal, success criteria, indicator, source, owner, baseline.
    order = ["Indsatsområde", "Mål", "Succeskriterium", "Indikator", "Datakilde",
             "Ansvarlig forvaltning", "Udgangspunkt"]  # fmt: skip
    assert [headers.index(h) for h in order] == sorted(headers.index(h) for h in order)


def _csv(rows: list[str], header: str = HEADER_DA, bom: bool = True) -> bytes:
    text = "\r\n".join([header, *rows]) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def test_a_danish_csv_with_semicolons_decimal_comma_and_bom_is_imported(db: Any) -> None:
    draft = _draft()
    data = _csv(
        [
            "A1;NY-M1;Flere i ordinær beskæftigelse;Mindst 52,5 % i 2010;52,5;2010-H2;"
            "BIU 227/2006;14.12.2006;NY-01;Beskæftigelsesfrekvens, æøå;effektindikator;procent;"
            "1;op;Danmarks Statistik;BIF;1.150,5;2006-H2",
            "Indsatsområde 2 – Beskæftigelse;NY-M2;Tryghed i boligområderne;;;;;;NY-02;"
            "Anmeldelser pr. 1.000;aktivitetsindikator;antal;0;ned;Politiet;BIF;1.150;2006-H2",
        ]
    )
    plan = ie.import_file(draft, "skema.csv", data, actor=None, now=NOW)
    assert plan.rows == 2
    first, second = indicator(draft, "NY-01"), indicator(draft, "NY-02")
    assert first.baseline_value == Decimal("1150.5") and first.direction == 1
    assert first.name_da == "Beskæftigelsesfrekvens, æøå"
    assert first.success_criteria[0].target_value == Decimal("52.5")
    assert first.success_criteria[0].decision_date.isoformat() == "2006-12-14"
    assert second.baseline_value == Decimal(1150) and second.direction == -1
    assert second.goal.focus_area.code == "A2"
    assert indicator(draft, "A1-M1-I1") is None  # the file replaced the draft's content


def test_a_comma_separated_csv_with_decimal_points_and_no_bom_is_imported(db: Any) -> None:
    draft = _draft()
    header = HEADER_DA.replace(";", ",")
    row = 'A1,X-M1,"Mål, med komma",,,,,,X-01,Andel,effect,percent,1,up,DST,BIF,"1,046.5",2006-H2'
    ie.import_file(draft, "skema.csv", _csv([row], header, bom=False), actor=None, now=NOW)
    ind = indicator(draft, "X-01")
    assert ind.baseline_value == Decimal("1046.5") and ind.goal.text_da == "Mål, med komma"


def test_a_bad_file_is_rejected_whole_with_every_problem_by_row_and_column(db: Any) -> None:
    draft = _draft()
    db.session.commit()
    before = _snapshot(draft)
    good = "A1;G-M1;Mål;;;;;;G-01;Navn;effekt;procent;1;op;DST;BIF;46,0;2006-H2"
    data = _csv(
        [
            good,
            "ZZ;G-M2;Mål to;;;;;;G-02;Navn;effekt;procent;1;op;DST;BIF;46,0;2006-H2",
            "A1;G-M1;Mål;;;;;;G-01;Navn;effekt;procent;1;op;DST;BIF;46,0;2006-H2",
            "A1;G-M1;Mål;;;;;;G-03;;effekt;procent;1;op;DST;BIF;46,0;2006-H2",
            "A1;G-M1;Mål;;;;;;G-04;Navn;effekt;procent;1;op;DST;BIF;mange;2006-H2",
            "A1;G-M1;Mål;;;;;;G-05;Navn;effekt;procent;1;op;DST;XYZ;46,0;2006-H2",
            "A1;G-M1;Mål;;;;;;G-06;Navn;effekt;procent;1;sidelæns;DST;BIF;46,0;2006-H2",
            "A1;G-M1;Mål;;;;;;G-07;Navn;effekt;procent;9;op;DST;BIF;46,0;2006-H2",
            "A1;G-M1;Mål;Mindst 50;femti;2006-H1;;;G-08;Navn;effekt;procent;1;op;DST;BIF;46;"
            "2006-H2",
        ]
    )
    with pytest.raises(ImportRejected) as err:
        ie.import_file(draft, "skema.csv", data, actor=None, now=NOW)
    found = {(p.row, p.column.split(" ")[0], p.text()) for p in err.value.problems}
    assert found == {
        (3, "A", "ZZ is not a focus area of the draft."),
        (4, "I", "The indicator code G-01 is used twice (first in row 2)."),
        (5, "J", "This field is required."),
        (6, "Q", "mange is not a number."),
        (7, "P", "XYZ is not a known administration."),
        (8, "N", "sidelæns is not a direction; write up or down."),
        (9, "M", "Decimals must be a whole number from 0 to 4."),
        (10, "E", "femti is not a number."),
        (10, "F", "The target period must come after the baseline period 2006-H2."),
    }
    assert err.value.problems[0].column == "A (Indsatsområde)"
    db.session.rollback()
    assert _snapshot(draft) == before


def test_missing_and_unknown_columns_are_reported(db: Any) -> None:
    draft = _draft()
    with pytest.raises(ImportRejected) as err:
        ie.import_file(draft, "x.csv", _csv([], "Indsatsområde;Farve"), actor=None, now=NOW)
    texts = [p.text() for p in err.value.problems]
    assert "Unknown column Farve." in texts
    assert "The column Målkode / Goal code is missing." in texts


def test_files_that_are_not_utf8_csv_or_xlsx_are_refused(db: Any) -> None:
    draft = _draft()
    for name, data, message in (
        ("x.csv", "Indsatsområde".encode("latin-1"), "not UTF-8"),
        ("x.xlsx", b"not a zip", "not a readable XLSX"),
        ("x.pdf", b"%PDF", "Choose an .xlsx or .csv file"),
    ):
        with pytest.raises(ImportRejected) as err:
            ie.import_file(draft, name, data, actor=None, now=NOW)
        assert message in err.value.problems[0].text()


def test_importing_into_an_approved_version_is_refused(db: Any) -> None:
    from barometer.errors import VersionFrozen

    v1 = make_approved()
    with pytest.raises(VersionFrozen):
        ie.import_file(v1, "x.csv", _csv([]), actor=None, now=NOW)


def _without_kind(book: Any) -> None:
    sheet = book.active
    sheet.delete_cols([c.value for c in sheet[1]].index("Type") + 1)


def _empty_kind(book: Any) -> None:
    sheet = book.active
    for row in sheet.iter_rows(min_row=2):
        row[[c.value for c in sheet[1]].index("Type")].value = None


@pytest.mark.parametrize(
    ("change", "column"), [(_empty_kind, "O (Type)"), (_without_kind, "Type / Kind")]
)
def test_an_empty_or_missing_kind_asks_for_one_by_its_column(
    db: Any, change: Any, column: str
) -> None:
    v1 = make_approved(areas=1, goals_per_area=1, indicators_per_goal=1)
    book = load_workbook(io.BytesIO(export_xlsx(_snapshot(v1), "da", "Version 1")))
    change(book)
    out = io.BytesIO()
    book.save(out)
    draft = svc.create_draft(v1.policy, label="Version 2", actor=None, now=NOW)
    with pytest.raises(ImportRejected) as err:
        ie.import_file(draft, "x.xlsx", out.getvalue(), actor=None, now=NOW)
    found = {(p.column, p.text()) for p in err.value.problems}
    assert found == {(column, "Choose effect, activity or benchmark.")}  # never "kindNone ..."
