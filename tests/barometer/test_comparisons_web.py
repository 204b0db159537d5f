"""The staff page of an indicator's comparison series (import, list, delete) and the
reading's chart with its series and downloads, through the test client (CSRF on)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from sqlalchemy import func, select

from barometer.models import ComparisonSeries
from core.extensions import db as _db
from core.models import AuditEvent
from tests.barometer.edition_factories import make_periods
from tests.barometer.factories import administration
from tests.barometer.test_comparisons import CODE, STATBANK
from tests.factories import make_data_contact, make_member, make_secretariat
from tests.web import login, post, text_of

PAGE = f"/barometer/reading/2007-H2/indicators/{CODE}/comparisons"


@pytest.fixture
def staff(db: Any, client: Any) -> Any:
    make_periods()
    make_secretariat()
    make_member(email="member@example.dk")
    _db.session.commit()
    return client


def _upload(client: Any, data: bytes, name: str = "tabel.csv", **extra: str) -> Any:
    files = {"file": (io.BytesIO(data), name), **extra}
    return post(client, PAGE, files, content_type="multipart/form-data")


def _count() -> int:
    return _db.session.scalar(select(func.count(ComparisonSeries.id))) or 0


def test_the_secretariat_imports_lists_and_deletes_series(staff: Any) -> None:
    login(staff, "sek@example.dk")
    assert staff.get(PAGE).status_code == 200
    done = _upload(staff, STATBANK, source="Danmarks Statistik, RAS300", illustrative="y")
    assert done.status_code == 302
    page = text_of(staff.get(PAGE))
    assert "Hele landet" in page and "Landsniveau" in page and "Gruppe af kommuner" in page
    assert "Danmarks Statistik, RAS300" in page and "2007-H1 – 2007-H2 (2)" in page
    reading = text_of(staff.get(f"/barometer/reading/2007-H2/indicators/{CODE}"))
    assert 'class="chart-comparison"' in reading and "Sammenligning: Hele landet</th>" in reading
    assert "73,1" in reading
    png = staff.get(f"/barometer/reading/2007-H2/indicators/{CODE}/chart.png")
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")
    xlsx = staff.get(f"/barometer/reading/2007-H2/indicators/{CODE}/chart.xlsx")
    assert xlsx.data.startswith(b"PK")
    series = _db.session.scalars(select(ComparisonSeries).order_by(ComparisonSeries.id)).first()
    assert series is not None and series.illustrative
    gone = post(staff, f"{PAGE}/{series.id}/delete")
    assert gone.status_code == 302 and _count() == 1
    actions = set(_db.session.scalars(select(AuditEvent.action)))
    assert {"comparison_series.imported", "comparison_series.deleted"} <= actions


def test_a_bad_file_lists_its_problems_by_row_and_column_and_imports_nothing(
    staff: Any,
) -> None:
    login(staff, "sek@example.dk")
    bad = _upload(staff, b";2007H1;2007H2\nHele landet;72,4;abc\nAarhus;1;2\n")
    assert bad.status_code == 400
    page = text_of(bad)
    assert "C (2007H2)" in page and "abc er ikke et tal." in page and _count() == 0
    wrong = _upload(staff, b"%PDF-1.4", "tabel.pdf")
    assert wrong.status_code == 400 and "Vælg en .csv- eller .xlsx-fil" in text_of(wrong)
    assert _count() == 0


def test_only_the_secretariat_and_the_owners_data_contacts_manage_series(staff: Any) -> None:
    login(staff, "member@example.dk")
    assert staff.get(PAGE).status_code == 403
    assert _upload(staff, STATBANK).status_code == 403
    assert _count() == 0


def test_a_data_contact_of_the_owner_may_import(db: Any, client: Any) -> None:
    make_periods()
    make_data_contact(administration("BIF"), email="bif@example.dk")
    make_data_contact(administration("BUF"), email="buf@example.dk")
    _db.session.commit()
    login(client, "buf@example.dk")
    assert client.get(PAGE).status_code == 403
    post(client, "/logout")
    login(client, "bif@example.dk")
    assert _upload(client, STATBANK).status_code == 302 and _count() == 2
