"""The catalogue spreadsheet carries the breakdown dimensions: the sheet *Opdelinger*
(*Breakdowns*) and the indicators' column of that name, exported and imported again."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from flask.testing import FlaskClient
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from barometer.catalogue_sheet import export_xlsx
from barometer.diff import diff_versions
from barometer.errors import ImportRejected
from barometer.models import CatalogueVersion
from barometer.queries import load_version_tree, version_snapshot
from barometer.services import breakdowns
from barometer.services import catalogue_import as ie
from barometer.services import catalogue_versions as svc
from core.extensions import db as _db
from core.models import AuditEvent
from core.spreadsheets import write_csv
from tests.barometer.breakdown_factories import CODE, make_broken_down
from tests.barometer.factories import NOW, indicator
from tests.factories import commit, make_secretariat
from tests.web import login, post, text_of


def _snapshot(version: CatalogueVersion) -> dict[str, Any]:
    return version_snapshot(load_version_tree(version.id))


def _book(version: CatalogueVersion, locale: str = "da") -> Workbook:
    return load_workbook(io.BytesIO(export_xlsx(_snapshot(version), locale, "Version 1")))


def _bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _column(sheet: Any, name: str) -> int:
    return [c.value for c in sheet[1]].index(name) + 1


def _draft(v1: CatalogueVersion) -> CatalogueVersion:
    return svc.create_draft(v1.policy, label="Version 2", actor=None, now=NOW)


def test_the_export_has_a_breakdowns_sheet_and_a_column_of_the_chosen_codes(db: Any) -> None:
    book = _book(make_broken_down())
    assert book.sheetnames == ["Version 1", "Opdelinger"]
    sheet = book["Opdelinger"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=1)]
    assert rows[0] == ["Opdelingskode", "Opdeling", "Opdeling (engelsk)", "Kategorikode",
                       "Kategori", "Kategori (engelsk)", "Illustrativ opdeling"]  # fmt: skip
    assert [(r[0], r[3], r[4], r[5]) for r in rows[1:]] == [
        ("herkomst", "dansk", "Dansk oprindelse", "Danish origin"),
        ("herkomst", "vestlig", "Vestlig oprindelse", "Western origin"),
        ("herkomst", "ikke-vestlig", "Ikke-vestlig oprindelse", "Non-Western origin"),
        ("koen", "kvinder", "Kvinder", "Women"),
        ("koen", "maend", "Mænd", None),
    ]
    main = book["Version 1"]
    codes = {
        row[_column(main, "Indikatorkode") - 1].value: row[_column(main, "Opdelinger") - 1].value
        for row in main.iter_rows(min_row=2)
        if row[_column(main, "Indikatorkode") - 1].value
    }
    assert codes == {CODE: "herkomst; koen", "A1-M1-I2": None}


@pytest.mark.parametrize("locale", ["da", "en"])
def test_an_exported_xlsx_imported_again_gives_the_same_dimensions_and_choices(
    db: Any, locale: str
) -> None:
    v1 = make_broken_down()
    data = export_xlsx(_snapshot(v1), locale, "Version 1")
    draft = _draft(v1)
    # The draft differs first: no choices, one dimension gone, the other's categories changed.
    breakdowns.set_indicator_dimensions(indicator(draft, CODE), [], actor=None, now=NOW)
    gender, origin = sorted(breakdowns.version_dimensions(draft.id), key=lambda d: d.code)
    breakdowns.delete_dimension(gender, actor=None, now=NOW)
    reversed_origin = breakdowns.DimensionData(
        "herkomst", "Oprindelse", None,
        tuple(breakdowns.CategoryData(c.code, c.name_da) for c in origin.categories[::-1]),
    )  # fmt: skip
    breakdowns.update_dimension(origin, reversed_origin, actor=None, now=NOW, expected_version=None)
    ie.import_file(draft, "oversigtsskema.xlsx", data, actor=None, now=NOW)
    _db.session.expire_all()
    old, new = _snapshot(v1), _snapshot(draft)
    assert diff_versions(old, new).empty
    assert new["breakdown_dimensions"] == old["breakdown_dimensions"]
    assert breakdowns.version_breakdowns(draft.id) == breakdowns.version_breakdowns(v1.id)


def test_an_imported_sheet_sets_new_dimensions_in_its_order(db: Any) -> None:
    v1 = make_broken_down()
    book = _book(v1)
    sheet = book["Opdelinger"]
    sheet.append(["alder", "Alder", "Age", "unge", "18-29 år", "18-29 years", "ja"])
    sheet.append(["alder", "Alder", "Age", "aeldre", "30 år og derover", None, "ja"])
    main = book["Version 1"]
    main.cell(4, _column(main, "Opdelinger"), "alder, herkomst")  # A1-M1-I2
    draft = _draft(v1)
    ie.import_file(draft, "x.xlsx", _bytes(book), actor=None, now=NOW)
    chosen = breakdowns.version_breakdowns(draft.id)
    assert [d.code for d in chosen["A1-M1-I2"]] == ["herkomst", "alder"]  # the sheet's order
    age = chosen["A1-M1-I2"][1]
    assert (age.name_en, age.illustrative) == ("Age", True)
    assert [(c.code, c.name_da, c.name_en) for c in age.categories] == [
        ("unge", "18-29 år", "18-29 years"),
        ("aeldre", "30 år og derover", None),
    ]


def _set(sheet: str, row: int, header: str, value: Any) -> Callable[[Workbook], None]:
    def change(book: Workbook) -> None:
        target = book[sheet]
        target.cell(row, _column(target, header)).value = value

    return change


BAD: dict[str, tuple[Callable[[Workbook], None], tuple[str, int, str, str]]] = {
    "unknown dimension code": (
        _set("Version 1", 3, "Opdelinger", "herkomst; bydel"),
        ("Version 1", 3, "Opdelinger", "bydel is not a dimension on the sheet Opdelinger."),
    ),
    "duplicate category code": (
        _set("Opdelinger", 3, "Kategorikode", "DANSK"),
        (
            "Opdelinger",
            3,
            "Kategorikode",
            "The category code DANSK is used twice in the dimension herkomst (first in row 2).",
        ),
    ),
    "empty category name": (
        _set("Opdelinger", 5, "Kategori", None),
        ("Opdelinger", 5, "Kategori", "This field is required."),
    ),
    "empty dimension name": (
        _set("Opdelinger", 5, "Opdeling", " "),
        ("Opdelinger", 5, "Opdeling", "This field is required."),
    ),
    "empty category code": (
        _set("Opdelinger", 6, "Kategorikode", None),
        ("Opdelinger", 6, "Kategorikode", "Give a code."),
    ),
    "a dimension named two ways": (
        _set("Opdelinger", 4, "Opdeling (engelsk)", "Ancestry"),
        (
            "Opdelinger",
            4,
            "Opdeling",
            "The dimension herkomst is described "
            "otherwise in row 2: give its names the same way on each of its rows.",
        ),
    ),
    "bad illustrative flag": (
        _set("Opdelinger", 2, "Illustrativ opdeling", "måske"),
        ("Opdelinger", 2, "Illustrativ opdeling", "måske is not yes or no."),
    ),
    "missing column": (
        lambda book: book["Opdelinger"].delete_cols(4),
        ("Opdelinger", 1, "Kategorikode", "The column Kategorikode / Category code is missing."),
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_breakdown_is_reported_by_sheet_row_and_column_and_changes_nothing(
    db: Any, case: str
) -> None:
    change, (sheet, row, header, text) = BAD[case]
    v1 = make_broken_down()
    book = _book(v1)
    change(book)
    draft = _draft(v1)
    _db.session.commit()
    before, events = _snapshot(draft), _db.session.query(AuditEvent).count()
    with pytest.raises(ImportRejected) as err:
        ie.import_file(draft, "x.xlsx", _bytes(book), actor=None, now=NOW)
    found = [(p.sheet, p.row, p.column, p.text()) for p in err.value.problems]
    assert len(found) == 1, found
    assert found[0][:2] == (sheet, row) and found[0][3] == text
    assert found[0][2].endswith(f"({header})") or found[0][2] == header
    _db.session.rollback()
    assert _snapshot(draft) == before
    assert _db.session.query(AuditEvent).count() == events


def test_an_old_file_without_the_sheet_and_column_keeps_the_drafts_dimensions(db: Any) -> None:
    v1 = make_broken_down()
    book = _book(v1)
    del book["Opdelinger"]
    main = book["Version 1"]
    main.delete_cols(_column(main, "Opdelinger"))
    draft = _draft(v1)
    plan = ie.import_file(draft, "gammel.xlsx", _bytes(book), actor=None, now=NOW)
    assert plan.rows == 3
    _db.session.expire_all()
    assert diff_versions(_snapshot(v1), _snapshot(draft)).empty


def _csv_cell(value: Any) -> Any:
    return value.date().isoformat() if isinstance(value, datetime) else value


def test_a_csv_may_choose_the_drafts_dimensions_only(db: Any) -> None:
    v1 = make_broken_down()
    main = _book(v1)["Version 1"]
    rows = [[_csv_cell(c.value) for c in row] for row in main.iter_rows()]
    at = rows[0].index("Opdelinger")
    rows[2][at], rows[3][at] = "koen", "herkomst"  # row 2 is the goal's criterion
    draft = _draft(v1)
    ie.import_file(draft, "x.csv", write_csv(rows, danish=True), actor=None, now=NOW)
    chosen = breakdowns.version_breakdowns(draft.id)
    assert ([d.code for d in chosen[CODE]], [d.code for d in chosen["A1-M1-I2"]]) == (
        ["koen"],
        ["herkomst"],
    )
    rows[2][at] = "bydel"
    with pytest.raises(ImportRejected) as err:
        ie.import_file(draft, "x.csv", write_csv(rows, danish=True), actor=None, now=NOW)
    [problem] = err.value.problems
    assert (problem.sheet, problem.row) == ("", 3)
    assert problem.text() == "bydel is not a breakdown dimension of the draft."


def test_the_import_page_names_the_sheet_of_each_problem(client: FlaskClient, db: Any) -> None:
    v1 = make_broken_down()
    book = _book(v1)
    _set("Opdelinger", 3, "Kategorikode", "dansk")(book)
    draft = _draft(v1)
    make_secretariat()
    commit()
    login(client, "sek@example.dk")
    response = post(
        client,
        f"/barometer/catalogue/versions/{draft.number}/import",
        {"file": (io.BytesIO(_bytes(book)), "oversigt.xlsx")},
        content_type="multipart/form-data",
    )
    page = text_of(response)
    assert response.status_code == 400
    assert '<th scope="col">Ark</th>' in page
    assert (
        "<tr><td>Opdelinger</td><td>3</td><td>D (Kategorikode)</td><td>Kategorikoden dansk "
        "bruges to gange i opdelingen herkomst (første gang i række 2).</td></tr>"
    ) in page


def test_importing_unchanged_dimensions_writes_no_dimension_change(db: Any) -> None:
    v1 = make_broken_down()
    data = export_xlsx(_snapshot(v1), "da", "Version 1")
    draft = _draft(v1)
    query = select(AuditEvent.action).where(AuditEvent.action.like("catalogue.dimension_%"))
    before = list(_db.session.scalars(query))
    ie.import_file(draft, "x.xlsx", data, actor=None, now=NOW)
    assert list(_db.session.scalars(query)) == before
    assert breakdowns.version_breakdowns(draft.id) == breakdowns.version_breakdowns(v1.id)
