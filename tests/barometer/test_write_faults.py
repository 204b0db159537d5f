"""Write faults on the barometer's forms: a catalogue node edited, a measurement entered,
while the database refuses writes or goes away. The form comes back with what was typed,
a message in the user's language (503), and nothing is stored."""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from barometer.models import CatalogueVersion, Goal, Measurement
from core.models import AuditEvent
from tests.barometer.factories import administration, goal, make_approved
from tests.barometer.reading_factories import make_period, make_reading_catalogue
from tests.factories import commit, make_data_contact, make_secretariat
from tests.faults import (
    database_gone_at_first_write,
    database_refusing_writes,
    read_only_folder,
)
from tests.web import login, post, text_of

WRITE_FAILED_DA = "Intet blev gemt"
TYPED = "Et mål skrevet med omhu æøå"

DATABASE_FAULTS: dict[str, Callable[[], AbstractContextManager[Any]]] = {
    "read-only": database_refusing_writes,
    "gone": database_gone_at_first_write,
}


def _count(db: Any, model: Any) -> int:
    db.session.expire_all()
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.parametrize("fault", DATABASE_FAULTS)
def test_a_goal_edited_while_the_database_fails_comes_back_with_its_text(
    client: FlaskClient, db: Any, fault: str
) -> None:
    v1 = make_approved()
    make_secretariat()
    commit()
    login(client, "sek@example.dk")
    post(client, f"/barometer/catalogue/policies/{v1.policy_id}/drafts",
         {f"draft-{v1.policy_id}-label": "V2"})  # fmt: skip
    draft = db.session.scalar(select(CatalogueVersion).where(CatalogueVersion.number == 2))
    target: Goal = goal(draft, "A1-M1")
    path = f"/barometer/catalogue/goals/{target.id}/edit"
    form = {
        "focus_area": str(target.focus_area_id),
        "code": target.code,
        "text_da": TYPED,
        "text_en": "",
        "lock_version": str(target.lock_version),
    }
    before = (target.text_da, _count(db, AuditEvent))
    with DATABASE_FAULTS[fault]():
        answer = post(client, path, form)
    assert answer.status_code == 503
    page = text_of(answer)
    assert WRITE_FAILED_DA in page and html.escape(TYPED, quote=False) in page
    db.session.expire_all()
    assert (goal(draft, "A1-M1").text_da, _count(db, AuditEvent)) == before
    # The database is back: the same form saves.
    assert post(client, path, form).status_code == 302


@pytest.mark.parametrize("fault", DATABASE_FAULTS)
def test_a_measurement_entered_while_the_database_fails_comes_back_with_its_value(
    client: FlaskClient, db: Any, fault: str
) -> None:
    make_reading_catalogue()
    make_period("2007-H1")
    make_data_contact(administration("BIF"), "bif@example.dk")
    commit()
    login(client, "bif@example.dk")
    path = "/barometer/measurements/2007-H1/values/A1-M1-I1"
    form = {"value": "46,4", "note": TYPED, "source": "Danmarks Statistik", "lock_version": "0"}
    before = (_count(db, Measurement), _count(db, AuditEvent))
    with DATABASE_FAULTS[fault]():
        answer = post(client, path, form)
    assert answer.status_code == 503
    page = text_of(answer)
    assert WRITE_FAILED_DA in page
    assert html.escape(TYPED, quote=False) in page and "46,4" in page
    assert (_count(db, Measurement), _count(db, AuditEvent)) == before


def test_a_measurement_import_into_read_only_storage_is_refused_clearly(
    client: FlaskClient, db: Any, configured: Any, tmp_path: Any
) -> None:
    make_reading_catalogue()
    make_period("2007-H1")
    make_data_contact(administration("BIF"), "bif@example.dk")
    commit()
    login(client, "bif@example.dk")
    csv = "\ufeffPeriode;Indikatorkode;Værdi\r\n2007-H1;A1-M1-I1;46,9".encode()
    before = (_count(db, Measurement), _count(db, AuditEvent))
    with read_only_folder(tmp_path) as folder:
        configured(STORAGE_DIR=str(folder))
        answer = post(
            client,
            "/barometer/measurements/2007-H1/import",
            {"file": (io.BytesIO(csv), "v.csv")},
            content_type="multipart/form-data",
        )
    assert answer.status_code == 503
    page = text_of(answer)
    assert WRITE_FAILED_DA in page and 'name="file"' in page  # the import form again
    assert (_count(db, Measurement), _count(db, AuditEvent)) == before
