"""Values per category from a file in tidy layout: the Danish dialect, errors by row and
column, forged files, all or nothing, and the template with the dimension columns."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import func, select

from barometer.breakdown_sheet import parse_file
from barometer.errors import ImportRejected
from barometer.models import CategoryValue
from barometer.period import Period
from barometer.reading import load_catalogue
from barometer.services import breakdown_values as svc
from barometer.services.breakdowns import version_breakdowns
from core.models import AuditEvent
from tests.barometer.breakdown_factories import CODE, make_broken_down, make_periods
from tests.barometer.factories import NOW
from tests.factories import commit, make_secretariat
from tests.web import login, post, text_of

HEADER = "Periode;Indikatorkode;Dimension;Kategori;Værdi;Diskretioneret;Begrundelse"


def _csv(*rows: str) -> bytes:
    return ("\ufeff" + "\r\n".join([HEADER, *rows]) + "\r\n").encode("utf-8")


def _counts(db: Any) -> tuple[int, ...]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(m)) for m in (CategoryValue, AuditEvent)
    )


def _import(version: Any, period: Any, name: str, data: bytes) -> int:
    catalogue = load_catalogue(version)
    return svc.import_category_file(
        period, name, data, catalogue.specs(), version_breakdowns(version.id),
        actor=None, now=NOW,
    )  # fmt: skip


def test_a_danish_csv_in_tidy_layout_is_imported(db: Any) -> None:
    version = make_broken_down()
    _first, second = make_periods()
    data = _csv(
        f"2007-H2;{CODE};herkomst;dansk;78,5;;",
        f"2007-H2;{CODE};herkomst;vestlig;;ja;færre end 5",
        f"2007-H2;{CODE};koen;kvinder;41,0;nej;",
    )
    assert _import(version, second, "kategorier.csv", data) == 3
    rows = {r.category_code: r for r in db.session.scalars(select(CategoryValue))}
    assert str(rows["dansk"].value.normalize()) == "78.5"
    assert rows["vestlig"].suppressed and rows["vestlig"].value is None
    assert rows["vestlig"].reason == "færre end 5"


def test_every_problem_is_named_by_row_and_column_and_nothing_is_imported(db: Any) -> None:
    version = make_broken_down()
    _first, second = make_periods()
    data = _csv(
        f"2007-H2;{CODE};herkomst;dansk;78,5;;",  # fine, but the file is refused as a whole
        "2007-H2;XX-99;herkomst;dansk;1;;",
        f"2007-H2;{CODE};alder;unge;1;;",
        f"2007-H2;{CODE};herkomst;asiatisk;1;;",
        f"2007-H2;{CODE};herkomst;vestlig;abc;;",
        f"2007-H2;{CODE};herkomst;ikke-vestlig;120;;",
        f"2007-H2;{CODE};herkomst;dansk;70;;",
        f"2007-H1;{CODE};koen;kvinder;40;;",
        f"2007-H2;{CODE};koen;maend;3;ja;færre end 5",
        f"2007-H2;{CODE};koen;kvinder;;ja;",
        f"2007-H2;{CODE};;kvinder;40;;",
    )
    before = _counts(db)
    with pytest.raises(ImportRejected) as refused:
        _import(version, second, "kategorier.csv", data)
    found = [(p.row, p.column) for p in refused.value.problems]
    assert found == [
        (3, "code"),
        (4, "dimension"),
        (5, "category"),
        (6, "value"),
        (7, "value"),
        (8, "category"),
        (9, "period"),
        (10, "value"),
        (11, "reason"),
        (12, "dimension"),
    ]
    texts = [p.text() for p in refused.value.problems]
    assert "Unknown indicator code XX-99." in texts
    assert f"{CODE} has no breakdown by alder." in texts
    assert "herkomst has no category asiatisk." in texts
    assert "This category appears more than once (first in row 2)." in texts
    assert "A suppressed value has no number: leave the value empty." in texts
    assert _counts(db) == before


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("kategorier.xlsx", b"Periode;Indikatorkode\r\n2007-H2;A1\r\n"),  # a CSV named .xlsx
        ("kategorier.pdf", b"%PDF-1.4 not a spreadsheet"),
        ("kategorier.csv", b"\xff\xfe\x00garbage\x00"),
        ("kategorier.csv", b""),
    ],
)
def test_a_forged_or_wrong_file_is_refused_with_a_message(db: Any, name: str, data: bytes) -> None:
    version = make_broken_down()
    _first, second = make_periods()
    before = _counts(db)
    with pytest.raises(ImportRejected) as refused:
        _import(version, second, name, data)
    assert refused.value.problems and refused.value.problems[0].row in (0, 1)
    assert _counts(db) == before


def test_a_file_without_the_dimension_columns_is_refused_by_column() -> None:
    data = "Periode;Indikatorkode;Værdi\r\n2007-H2;A1;3\r\n".encode()
    with pytest.raises(ImportRejected) as refused:
        parse_file("x.csv", data, Period.parse("2007-H2"))
    assert [(p.row, p.column) for p in refused.value.problems] == [
        (1, "dimension"),
        (1, "category"),
    ]


def _secretariat(client: FlaskClient) -> None:
    make_secretariat()
    commit()
    login(client, "sek@example.dk")


def test_the_template_holds_one_row_per_category_with_the_dimension_columns(
    client: FlaskClient, db: Any
) -> None:
    make_broken_down()
    make_periods()
    _secretariat(client)
    text = text_of(client.get("/barometer/measurements/2007-H2/categories/template.csv"))
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Periode;Indikatorkode;Indikator;Dimension;Kategori;Kategorinavn")
    assert len(lines) == 1 + 3 + 2
    assert f"2007-H2;{CODE};" in lines[1] and ";herkomst;dansk;Dansk oprindelse;" in lines[1]
    xlsx = client.get("/barometer/measurements/2007-H2/categories/template.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[3:6] == ["Dimension", "Kategori", "Kategorinavn"]


def test_the_web_import_lists_the_problems_and_a_good_file_is_saved(
    client: FlaskClient, db: Any
) -> None:
    make_broken_down()
    make_periods()
    _secretariat(client)
    path = "/barometer/measurements/2007-H2/categories/import"
    before = _counts(db)
    bad = _csv(f"2007-H2;{CODE};herkomst;dansk;abc;;")
    response = post(client, path, {"file": (io.BytesIO(bad), "k.csv")},
                    content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 400
    page = text_of(response)
    assert "abc er ikke et tal" in page and "Værdi" in page
    wrong = post(client, path, {"file": (io.BytesIO(b"%PDF"), "k.pdf")},
                 content_type="multipart/form-data")  # fmt: skip
    assert wrong.status_code == 400 and "Vælg en .xlsx- eller .csv-fil" in text_of(wrong)
    assert _counts(db) == before
    good = _csv(f"2007-H2;{CODE};herkomst;dansk;78,5;;")
    response = post(client, path, {"file": (io.BytesIO(good), "k.csv")},
                    content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(CategoryValue)) == 1
