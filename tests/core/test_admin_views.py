"""The admin pages for users and bodies, including bad input."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.models import AuditEvent, Body, Role, User
from tests.factories import commit, make_admin, make_body, make_secretariat
from tests.web import login, post, text_of


def _counts(db: Any) -> tuple[int, int, int]:
    return tuple(  # type: ignore[return-value]
        db.session.scalar(select(func.count()).select_from(m)) for m in (User, Body, AuditEvent)
    )


def _admin(client: FlaskClient) -> None:
    make_admin()
    commit()
    login(client, "admin@example.dk")


def test_an_admin_creates_a_member_of_a_committee(client: FlaskClient, db: Any) -> None:
    _admin(client)
    body = make_body("KFU")
    commit()
    response = post(
        client,
        "/admin/users/new",
        {
            "email": "ny@example.dk",
            "name": "Ny Bruger",
            "locale": "en",
            "active": "y",
            "member_of": str(body.id),
            "password": "long-enough-password",
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "ny@example.dk"))
    assert user.has_role(Role.MEMBER, body)
    assert user.locale == "en"


def test_a_user_form_with_bad_input_shows_messages_and_changes_nothing(
    client: FlaskClient, db: Any
) -> None:
    _admin(client)
    before = _counts(db)
    response = post(
        client, "/admin/users/new", {"email": "not-an-email", "name": "", "locale": "xx"}
    )
    assert response.status_code == 400
    page = text_of(response)
    assert "Formularen indeholder fejl. Intet blev gemt." in page
    assert "aria-invalid" in page
    assert _counts(db) == before


def test_a_too_long_name_is_refused(client: FlaskClient, db: Any) -> None:
    _admin(client)
    before = _counts(db)
    response = post(
        client,
        "/admin/users/new",
        {"email": "a@example.dk", "name": "x" * 201, "locale": "da", "password": "y" * 12},
    )
    assert response.status_code == 400
    assert _counts(db) == before


def test_a_duplicate_email_in_the_form_is_refused_with_a_message(
    client: FlaskClient, db: Any
) -> None:
    _admin(client)
    before = _counts(db)
    response = post(
        client,
        "/admin/users/new",
        {"email": "ADMIN@example.dk", "name": "Twin", "locale": "da", "password": "y" * 12},
    )
    assert response.status_code == 400
    assert "Der findes allerede en bruger med denne e-mailadresse." in text_of(response)
    assert _counts(db) == before


def test_a_stale_user_edit_is_refused_and_keeps_the_newer_values(
    client: FlaskClient, db: Any
) -> None:
    _admin(client)
    user = make_secretariat()
    commit()
    stale_version = user.version
    form = {"email": user.email, "locale": "da", "active": "y", "is_secretariat": "y"}
    assert (
        post(
            client, f"/admin/users/{user.id}", form | {"name": "First", "version": stale_version}
        ).status_code
        == 302
    )
    response = post(
        client, f"/admin/users/{user.id}", form | {"name": "Second", "version": stale_version}
    )
    assert response.status_code == 409
    assert "En anden har gemt denne post" in text_of(response)
    db.session.expire_all()
    assert db.session.get(User, user.id).name == "First"


def test_an_admin_deactivates_a_user(client: FlaskClient, db: Any) -> None:
    _admin(client)
    user = make_secretariat()
    commit()
    assert post(client, f"/admin/users/{user.id}/deactivate").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).active is False


def test_an_admin_creates_and_renames_a_body(client: FlaskClient, db: Any) -> None:
    _admin(client)
    response = post(
        client,
        "/admin/bodies/new",
        {
            "code": "BIU",
            "kind": "committee",
            "name_da": "Beskæftigelses- og Integrationsudvalget",
            "name_en": "Employment and Integration Committee",
            "committee_id": "0",
            "active": "y",
        },
    )
    assert response.status_code == 302
    body = db.session.scalar(select(Body).where(Body.code == "BIU"))
    response = post(
        client,
        f"/admin/bodies/{body.id}",
        {
            "code": "BIU",
            "kind": "committee",
            "name_da": "Nyt navn",
            "name_en": "New name",
            "committee_id": "0",
            "active": "y",
            "version": body.version,
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Body, body.id).name_da == "Nyt navn"


def test_a_body_code_with_spaces_is_refused(client: FlaskClient, db: Any) -> None:
    _admin(client)
    before = _counts(db)
    response = post(
        client,
        "/admin/bodies/new",
        {"code": "B I U", "kind": "committee", "name_da": "X", "name_en": "X", "committee_id": "0"},
    )
    assert response.status_code == 400
    assert "Koden må ikke indeholde mellemrum." in text_of(response)
    assert _counts(db) == before


def test_an_unknown_user_id_is_a_404(client: FlaskClient) -> None:
    _admin(client)
    assert client.get("/admin/users/9999").status_code == 404
