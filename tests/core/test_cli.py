"""Command-line commands: users create, demo load."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import func, select

from core.models import AuditEvent, Body, Role, User


def _counts(db: Any) -> tuple[int, ...]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(m)) for m in (User, Body, AuditEvent)
    )


def test_demo_load_creates_the_bodies_and_users(app: Flask, db: Any) -> None:
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    codes = set(db.session.scalars(select(Body.code)))
    assert {"ØU", "BUU", "KFU", "SUU", "SOU", "TMU", "BIU", "IR", "BIF", "LS"} <= codes
    assert len(codes) >= 16
    buu = db.session.scalar(select(User).where(User.email == "buu@example.dk"))
    assert buu.member_bodies[0].code == "BUU"
    data = db.session.scalar(select(User).where(User.email == "bif.data@example.dk"))
    assert data.data_contact_bodies[0].code == "BIF"
    assert "sekretariat@example.dk" in result.output


def test_demo_load_twice_changes_nothing(app: Flask, db: Any) -> None:
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "load"])
    before = _counts(db)
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert _counts(db) == before


def test_users_create_makes_an_account_with_roles(app: Flask, db: Any) -> None:
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "load"])
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "new@example.dk",
            "--name",
            "Ny",
            "--password",
            "long-enough-password",
            "--member",
            "KFU",
            "--secretariat",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "new@example.dk"))
    assert user.has_role(Role.SECRETARIAT) and user.member_bodies[0].code == "KFU"


def test_users_create_refuses_a_duplicate_with_a_clear_message(app: Flask, db: Any) -> None:
    runner = app.test_cli_runner()
    args = [
        "users",
        "create",
        "--email",
        "a@example.dk",
        "--name",
        "A",
        "--password",
        "long-enough-pw",
    ]
    runner.invoke(args=args)
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert "already exists" in result.output


def test_users_create_refuses_an_unknown_body(app: Flask, db: Any) -> None:
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "--email",
            "a@example.dk",
            "--name",
            "A",
            "--password",
            "long-enough-pw",
            "--member",
            "NOPE",
        ]
    )
    assert result.exit_code != 0
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
