"""How sessions end: log-out, log-out everywhere, password change, deactivation, lifetimes."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.clock import utcnow
from core.models import AuditEvent
from tests.factories import PASSWORD, commit, make_admin, make_member, make_secretariat
from tests.web import login, post, text_of

STAFF_PAGE = "/admin/users"


def _copy_cookie(app: Flask, source: FlaskClient) -> FlaskClient:
    """A second browser holding a copy of the first one's session cookie."""
    cookie = source.get_cookie("session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def _sent_to_log_in(client: FlaskClient, path: str = STAFF_PAGE) -> bool:
    response = client.get(path)
    return response.status_code == 302 and response.headers["Location"].startswith("/login")


def _actions(db: Any) -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_a_copied_cookie_is_sent_to_log_in_after_log_out(app: Flask, client: FlaskClient) -> None:
    make_admin()
    commit()
    login(client, "admin@example.dk")
    thief = _copy_cookie(app, client)
    assert thief.get(STAFF_PAGE).status_code == 200
    post(client, "/logout")
    assert _sent_to_log_in(thief)


def test_log_out_ends_only_this_session(app: Flask, client: FlaskClient) -> None:
    make_admin()
    commit()
    login(client, "admin@example.dk")
    other = app.test_client()
    login(other, "admin@example.dk")
    post(client, "/logout")
    assert _sent_to_log_in(client)
    assert other.get(STAFF_PAGE).status_code == 200


def test_log_out_everywhere_ends_every_session_and_is_audited(
    app: Flask, client: FlaskClient, db: Any
) -> None:
    make_admin()
    commit()
    login(client, "admin@example.dk")
    other = app.test_client()
    login(other, "admin@example.dk")
    thief = _copy_cookie(app, other)
    assert "Log ud alle steder" in text_of(client.get("/account/password"))
    response = post(client, "/account/logout-everywhere")
    assert response.status_code == 302
    assert _sent_to_log_in(client) and _sent_to_log_in(other) and _sent_to_log_in(thief)
    assert "user.sessions_ended" in _actions(db)


def test_changing_the_password_ends_a_copied_cookie_and_is_audited(
    app: Flask, client: FlaskClient, db: Any
) -> None:
    make_admin()
    commit()
    login(client, "admin@example.dk")
    thief = _copy_cookie(app, client)
    new = "a-new-long-password"
    data = {"current_password": PASSWORD, "new_password": new, "confirm": new}
    assert post(client, "/account/password", data).status_code == 302
    assert _sent_to_log_in(thief)
    assert client.get(STAFF_PAGE).status_code == 200
    assert "user.sessions_ended" in _actions(db)


def test_deactivation_by_an_administrator_ends_every_session_and_is_audited(
    app: Flask, client: FlaskClient, db: Any
) -> None:
    make_admin()
    member = make_member(email="m@example.dk")
    commit()
    member_client = app.test_client()
    login(member_client, "m@example.dk")
    thief = _copy_cookie(app, member_client)
    login(client, "admin@example.dk")
    assert post(client, f"/admin/users/{member.id}/deactivate").status_code == 302
    assert _sent_to_log_in(member_client, "/audit/") and _sent_to_log_in(thief, "/audit/")
    assert "user.sessions_ended" in _actions(db)


class Clock:
    """The server's clock for the log-in plumbing, moved by the test."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = utcnow()
        monkeypatch.setattr("core.auth.utcnow", lambda: self.now)

    def move(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def test_an_active_session_ends_after_the_absolute_lifetime(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(monkeypatch)
    make_admin()
    commit()
    login(client, "admin@example.dk")
    lifetime: timedelta = app.config["SESSION_ABSOLUTE_LIFETIME"]
    started: datetime = clock.now
    while clock.now + timedelta(hours=1) < started + lifetime:
        clock.move(hours=1)
        assert client.get(STAFF_PAGE).status_code == 200
    clock.now = started + lifetime + timedelta(seconds=1)
    assert _sent_to_log_in(client)


def test_a_session_left_idle_ends_after_the_idle_lifetime(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(monkeypatch)
    make_admin()
    commit()
    login(client, "admin@example.dk")
    idle: timedelta = app.config["PERMANENT_SESSION_LIFETIME"]
    clock.move(seconds=idle.total_seconds() - 1)
    assert client.get(STAFF_PAGE).status_code == 200
    clock.move(seconds=idle.total_seconds() + 1)
    assert _sent_to_log_in(client)


def test_the_absolute_lifetime_is_longer_than_the_idle_one(app: Flask) -> None:
    assert app.config["SESSION_ABSOLUTE_LIFETIME"] > app.config["PERMANENT_SESSION_LIFETIME"]


def test_a_logged_in_staff_page_is_not_stored(client: FlaskClient) -> None:
    make_admin()
    commit()
    login(client, "admin@example.dk")
    assert "no-store" in client.get(STAFF_PAGE).headers["Cache-Control"]


def test_a_logged_in_api_call_is_not_stored(client: FlaskClient) -> None:
    make_admin()
    commit()
    login(client, "admin@example.dk")
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]


def test_a_logged_in_file_download_is_not_stored(client: FlaskClient) -> None:
    from tests.barometer.factories import make_approved

    make_approved()
    make_secretariat()
    commit()
    login(client, "sek@example.dk")
    for path in ("overview.pdf", "overview.xlsx"):
        response = client.get(f"/barometer/catalogue/versions/1/{path}")
        assert response.status_code == 200
        assert "no-store" in response.headers["Cache-Control"]


def test_public_pages_for_anonymous_visitors_stay_cacheable(client: FlaskClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")


def test_log_out_is_audited(client: FlaskClient, db: Any) -> None:
    make_admin()
    commit()
    login(client, "admin@example.dk")
    post(client, "/logout")
    assert _actions(db)[-1] == "user.logged_out"


def test_log_in_clears_away_the_users_sessions_past_their_lifetime(
    app: Flask, client: FlaskClient, db: Any
) -> None:
    from core.models import UserSession
    from core.services import sessions

    admin = make_admin()
    lifetime: timedelta = app.config["SESSION_ABSOLUTE_LIFETIME"]
    for age in (lifetime + timedelta(minutes=1), lifetime - timedelta(minutes=5)):
        sessions.open_session(admin, now=utcnow() - age, lifetime=lifetime)
    commit()
    login(client, "admin@example.dk")
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 2
