"""Services for users and bodies: rules and bad input."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from core.errors import AlreadyExists, StaleEdit, ValidationFailed
from core.models import AuditEvent, BodyKind, Role, User
from core.services import accounts
from core.services.accounts import BodyData, RoleData, UserData
from tests.conftest import NOW
from tests.factories import make_admin, make_body, make_secretariat


def _count(db: Any, model: type) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)))


def test_a_duplicate_email_is_refused_whatever_its_case(db: Any) -> None:
    make_admin("a@example.dk")
    with pytest.raises(AlreadyExists):
        accounts.create_user(UserData("A@Example.DK", "X"), "long-enough-pw", actor=None, now=NOW)


def test_a_short_password_is_refused_and_nothing_is_created(db: Any) -> None:
    with pytest.raises(ValidationFailed):
        accounts.create_user(UserData("a@example.dk", "X"), "short", actor=None, now=NOW)
    assert _count(db, User) == 0


def test_a_member_role_needs_a_body(db: Any) -> None:
    with pytest.raises(ValidationFailed):
        accounts.create_user(
            UserData("a@example.dk", "X", roles=(RoleData(Role.MEMBER),)),
            "long-enough-pw",
            actor=None,
            now=NOW,
        )


def test_a_stale_edit_is_refused(db: Any) -> None:
    admin = make_admin()
    user = make_secretariat()
    version = user.version
    accounts.update_user(user, UserData(user.email, "First"), actor=admin, now=NOW)
    with pytest.raises(StaleEdit):
        accounts.update_user(
            user, UserData(user.email, "Second"), actor=admin, now=NOW, expected_version=version
        )


def test_an_update_with_a_password_sets_it_and_audits_both(db: Any) -> None:
    admin = make_admin()
    user = make_secretariat()
    token = user.session_token
    accounts.update_user(
        user, UserData(user.email, "Renamed"), actor=admin, now=NOW, password="a-new-long-password"
    )
    assert accounts.authenticate(user.email, "a-new-long-password", now=NOW) is user
    assert user.session_token != token
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_id == str(user.id))
    )
    assert {"user.updated", "user.password_changed"} <= set(actions)


def test_an_update_with_a_short_password_is_refused(db: Any) -> None:
    admin = make_admin()
    user = make_secretariat()
    with pytest.raises(ValidationFailed):
        accounts.update_user(
            user, UserData(user.email, "X"), actor=admin, now=NOW, password="short"
        )


def test_an_admin_cannot_deactivate_themselves(db: Any) -> None:
    admin = make_admin()
    with pytest.raises(ValidationFailed):
        accounts.deactivate_user(admin, actor=admin, now=NOW)
    assert admin.active


def test_authenticate_returns_none_for_a_wrong_password(db: Any) -> None:
    make_admin()
    assert accounts.authenticate("admin@example.dk", "nope", now=NOW) is None


def test_a_duplicate_body_code_is_refused(db: Any) -> None:
    make_body("BIU")
    with pytest.raises(AlreadyExists):
        accounts.create_body(BodyData("biu", BodyKind.COMMITTEE, "X", "X"), actor=None, now=NOW)


def test_a_body_cannot_report_to_itself(db: Any) -> None:
    admin = make_admin()
    body = make_body("BIU")
    with pytest.raises(ValidationFailed):
        accounts.update_body(
            body,
            BodyData("BIU", BodyKind.COMMITTEE, "X", "X", committee_id=body.id),
            actor=admin,
            now=NOW,
        )
