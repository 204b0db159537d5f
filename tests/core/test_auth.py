"""Log-in, log-out, throttling, CSRF and the admin pages' access rules."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.models import AuditEvent, BodyKind, User
from tests.factories import (
    PASSWORD,
    commit,
    make_admin,
    make_body,
    make_data_contact,
    make_member,
    make_secretariat,
    make_user,
)
from tests.web import csrf_token, login, post, text_of

_CSRF_VALUE = re.compile(r'name="csrf_token"[^>]*value="[^"]*"')

WRONG = "The e-mail address or the password is not correct."
WRONG_DA = "E-mailadressen eller adgangskoden er forkert."


def test_login_with_the_right_password_starts_a_session(client: FlaskClient) -> None:
    make_admin()
    commit()
    response = login(client, "Admin@Example.dk ")
    assert response.headers["Location"] == "/"
    assert "Anne Admin" in text_of(client.get("/"))


def test_login_with_a_wrong_password_is_refused_in_danish(client: FlaskClient) -> None:
    make_admin()
    commit()
    response = post(client, "/login", {"email": "admin@example.dk", "password": "wrong-password"})
    assert response.status_code == 401
    assert WRONG_DA in text_of(response)
    assert "Anne Admin" not in text_of(client.get("/"))


def test_login_message_is_the_same_for_an_unknown_email(client: FlaskClient) -> None:
    make_admin()
    commit()
    known = post(client, "/login", {"email": "admin@example.dk", "password": "wrong-password"})
    unknown = post(client, "/login", {"email": "nobody@example.dk", "password": "wrong-password"})
    assert known.status_code == unknown.status_code == 401
    assert _without_email_and_token(known) == _without_email_and_token(unknown)


def _without_email_and_token(response: Any) -> str:
    """The page with the typed address and the CSRF token (signed with the second it was
    made, so two requests a second apart differ) taken out."""
    text = text_of(response).replace("admin@example.dk", "X").replace("nobody@example.dk", "X")
    return _CSRF_VALUE.sub('name="csrf_token" value="T"', text)


def test_a_deactivated_user_cannot_log_in(client: FlaskClient) -> None:
    make_user("old@example.dk", active=False)
    commit()
    response = post(client, "/login", {"email": "old@example.dk", "password": PASSWORD})
    assert response.status_code == 401
    assert WRONG_DA in text_of(response)


def test_deactivation_ends_an_open_session(client: FlaskClient, db: Any) -> None:
    admin = make_admin()
    user = make_member(email="m@example.dk")
    commit()
    login(client, "m@example.dk")
    from core.services.accounts import deactivate_user
    from tests.conftest import NOW

    deactivate_user(user, actor=admin, now=NOW)
    commit()
    assert "Log ind" in text_of(client.get("/"))


def test_repeated_failures_for_one_account_are_throttled_with_a_clear_message(
    client: FlaskClient,
) -> None:
    make_admin()
    commit()
    for _ in range(5):
        post(client, "/login", {"email": "admin@example.dk", "password": "wrong-password"})
    response = post(client, "/login", {"email": "admin@example.dk", "password": PASSWORD})
    assert response.status_code == 429
    assert "For mange forsøg" in text_of(response)


def test_throttling_per_account_does_not_block_other_accounts(client: FlaskClient) -> None:
    make_admin()
    make_member(email="m@example.dk")
    commit()
    for _ in range(5):
        post(client, "/login", {"email": "admin@example.dk", "password": "wrong-password"})
    assert login(client, "m@example.dk").status_code == 302


def test_repeated_failures_from_one_address_are_throttled(app: Flask, client: FlaskClient) -> None:
    commit()
    for i in range(20):
        post(client, "/login", {"email": f"u{i}@example.dk", "password": "wrong-password"})
    response = post(client, "/login", {"email": "another@example.dk", "password": "x"})
    assert response.status_code == 429


def test_logout_ends_the_session(client: FlaskClient) -> None:
    make_admin()
    commit()
    login(client, "admin@example.dk")
    response = post(client, "/logout")
    assert response.status_code == 302
    assert client.get("/admin/users").status_code == 302


def test_login_without_csrf_token_is_refused_with_a_400_page_in_danish(
    client: FlaskClient, db: Any
) -> None:
    make_admin()
    commit()
    response = client.post("/login", data={"email": "admin@example.dk", "password": PASSWORD})
    assert response.status_code == 400
    assert "Intet blev gemt" in text_of(response)
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "user.logged_in")
        )
        == 0
    )


def test_a_forged_csrf_token_is_refused_in_english_for_english_users(client: FlaskClient) -> None:
    post(client, "/language", {"locale": "en", "next": "/"})
    response = client.post(
        "/login", data={"csrf_token": "forged", "email": "a@example.dk", "password": "x"}
    )
    assert response.status_code == 400
    assert "Nothing was saved" in text_of(response)


def test_login_renews_the_session(client: FlaskClient) -> None:
    make_admin()
    commit()
    before = csrf_token(client)
    login(client, "admin@example.dk")
    with client.session_transaction() as session:
        assert session.get("csrf_token") is None or session.get("csrf_token") != before


def test_changing_the_password_ends_other_sessions(app: Flask, client: FlaskClient) -> None:
    make_admin()
    commit()
    login(client, "admin@example.dk")
    other = app.test_client()
    login(other, "admin@example.dk")
    response = post(
        client,
        "/account/password",
        {
            "current_password": PASSWORD,
            "new_password": "a-new-long-password",
            "confirm": "a-new-long-password",
        },
    )
    assert response.status_code == 302
    assert other.get("/admin/users").status_code == 302  # sent to log in
    assert client.get("/admin/users").status_code == 200


def test_change_password_with_a_wrong_current_password_changes_nothing(
    client: FlaskClient, db: Any
) -> None:
    make_admin()
    commit()
    login(client, "admin@example.dk")
    before = db.session.scalar(select(User.password_hash))
    response = post(
        client,
        "/account/password",
        {"current_password": "nope", "new_password": "x" * 12, "confirm": "x" * 12},
    )
    assert response.status_code == 400
    assert "Den nuværende adgangskode er forkert." in text_of(response)
    db.session.expire_all()
    assert db.session.scalar(select(User.password_hash)) == before


def test_login_does_not_follow_a_next_to_another_site(client: FlaskClient) -> None:
    make_admin()
    commit()
    response = post(
        client,
        "/login",
        {"email": "admin@example.dk", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.headers["Location"] == "/"


ADMIN_PAGES = [
    ("get", "/admin/users"),
    ("get", "/admin/users/new"),
    ("get", "/admin/users/1"),
    ("post", "/admin/users/1/deactivate"),
    ("get", "/admin/bodies"),
    ("get", "/admin/bodies/new"),
    ("get", "/admin/bodies/1"),
]


def _role_user(role: str) -> None:
    if role == "secretariat":
        make_secretariat("x@example.dk")
    elif role == "member":
        make_member(email="x@example.dk")
    elif role == "data_contact":
        make_data_contact(make_body("ADM", BodyKind.ADMINISTRATION), email="x@example.dk")
    else:
        make_user("x@example.dk")


@pytest.mark.parametrize("method,path", ADMIN_PAGES)
@pytest.mark.parametrize("role", ["secretariat", "member", "data_contact", "no role"])
def test_admin_pages_are_refused_for_every_non_admin_role(
    client: FlaskClient, role: str, method: str, path: str
) -> None:
    make_admin()
    _role_user(role)
    commit()
    login(client, "x@example.dk")
    response = client.get(path) if method == "get" else post(client, path)
    assert response.status_code == 403
    assert "Du har ikke adgang" in text_of(response)


@pytest.mark.parametrize("method,path", ADMIN_PAGES)
def test_admin_pages_send_anonymous_users_to_log_in(
    client: FlaskClient, method: str, path: str
) -> None:
    make_admin()
    commit()
    response = client.get(path) if method == "get" else post(client, path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_the_audit_log_is_open_to_the_secretariat_and_closed_to_members(
    client: FlaskClient,
) -> None:
    make_secretariat("s@example.dk")
    make_member(email="m@example.dk")
    commit()
    login(client, "m@example.dk")
    assert client.get("/audit/").status_code == 403
    post(client, "/logout")
    login(client, "s@example.dk")
    assert client.get("/audit/").status_code == 200
