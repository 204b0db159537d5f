"""The audit log records user changes and cannot itself be changed."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from core.audit import AuditIsAppendOnly
from core.models import AuditEvent, Role
from core.services import accounts
from core.services.accounts import RoleData, UserData
from tests.conftest import NOW
from tests.factories import commit, make_admin, make_body, make_secretariat
from tests.web import login, text_of


def _events(db: Any, action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_creating_a_user_writes_an_audit_entry_with_the_fields(db: Any) -> None:
    admin = make_admin()
    body = make_body("KFU")
    user = accounts.create_user(
        UserData("ny@example.dk", "Ny Bruger", roles=(RoleData(Role.MEMBER, body.id),)),
        "long-enough-password",
        actor=admin,
        now=NOW,
    )
    (event,) = [e for e in _events(db, "user.created") if e.object_id == str(user.id)]
    assert event.actor_id == admin.id
    assert event.object_type == "User"
    assert event.occurred_at == NOW
    assert event.changes["email"] == {"old": None, "new": "ny@example.dk"}
    assert event.changes["roles"]["new"] == [str(("member", body.id))]


def test_changing_a_user_records_old_and_new_values(db: Any) -> None:
    admin = make_admin()
    user = make_secretariat()
    accounts.update_user(
        user,
        UserData(user.email, "Nyt Navn", "en", True, (RoleData(Role.SECRETARIAT),)),
        actor=admin,
        now=NOW,
    )
    (event,) = _events(db, "user.updated")
    assert event.changes == {
        "name": {"old": "Søren Sekretær", "new": "Nyt Navn"},
        "locale": {"old": "da", "new": "en"},
    }


def test_deactivating_a_user_writes_a_deactivation_entry(db: Any) -> None:
    admin = make_admin()
    user = make_secretariat()
    accounts.deactivate_user(user, actor=admin, now=NOW)
    (event,) = _events(db, "user.deactivated")
    assert event.changes == {"active": {"old": True, "new": False}}
    assert event.actor_label == "admin@example.dk"


def test_an_audit_entry_cannot_be_changed(db: Any) -> None:
    make_admin()
    commit()
    event = db.session.scalars(select(AuditEvent)).first()
    event.summary = "rewritten"
    with pytest.raises(AuditIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    assert db.session.scalars(select(AuditEvent)).first().summary != "rewritten"


def test_an_audit_entry_cannot_be_deleted(db: Any) -> None:
    make_admin()
    commit()
    event = db.session.scalars(select(AuditEvent)).first()
    db.session.delete(event)
    with pytest.raises(AuditIsAppendOnly):
        db.session.flush()
    db.session.rollback()


def test_the_audit_page_filters_by_action_and_actor(client: FlaskClient) -> None:
    admin = make_admin()
    make_secretariat()
    accounts.deactivate_user(accounts.find_user_by_email("sek@example.dk"), actor=admin, now=NOW)
    commit()
    login(client, "admin@example.dk")
    page = text_of(client.get("/audit/?action=user.deactivated"))
    assert "user.deactivated" in page
    assert "user.created" not in page
    page = text_of(client.get("/audit/?actor=nobody"))
    assert "Ingen poster matcher filteret." in page


def test_the_audit_page_refuses_a_bad_date_with_a_message(client: FlaskClient) -> None:
    make_admin()
    commit()
    login(client, "admin@example.dk")
    response = client.get("/audit/?date_from=2007-13-45")
    assert response.status_code == 400
    assert "Formularen indeholder fejl" in text_of(response)


def test_the_audit_page_paginates(client: FlaskClient, app: Any) -> None:
    admin = make_admin()
    for i in range(60):
        make_body(f"X{i}")
    commit()
    login(client, "admin@example.dk")
    first = text_of(client.get("/audit/"))
    assert "Side 1 af 2" in first
    second = text_of(client.get("/audit/?page=2"))
    assert "Side 2 af 2" in second
    assert admin is not None
