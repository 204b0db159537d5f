"""The migrations build the schema on both engines, and the models match them."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade

from app import create_app
from config import TestingConfig
from core.extensions import db as _db
from tests.conftest import table_names


def test_migrations_built_the_schema_of_the_models(db: Any) -> None:
    assert {t.name for t in _db.metadata.sorted_tables} <= table_names()
    assert "alembic_version" in table_names()


def test_autogenerate_finds_no_difference_between_models_and_migrations(db: Any) -> None:
    with _db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, _db.metadata)
    assert diff == []


def test_an_empty_sqlite_database_upgrades_downgrades_and_upgrades_again(tmp_path: Any) -> None:
    application: Flask = create_app(
        TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/fresh.sqlite3"
    )
    with application.app_context():
        upgrade()
        assert "users" in table_names()
        downgrade(revision="base")
        assert table_names() <= {"alembic_version"}
        upgrade()
        assert "audit_events" in table_names()
        _db.engine.dispose()


def test_the_migrations_form_one_line_with_one_head() -> None:
    """Two changes that each add a migration on the same parent must be put in a line."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from config import BASE_DIR

    config = Config()
    config.set_main_option("script_location", str(BASE_DIR / "migrations"))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_the_receipt_code_migration_keeps_every_response_and_restores_the_codes(
    tmp_path: Any,
) -> None:
    # A batch copy of ``consultees`` on SQLite, with foreign keys on, would cascade to
    # every response (migrations/env.py turns them off while migrating, the migration
    # avoids the copy); the codes come back from the first receipt numbers.
    from sqlalchemy import text

    from tests.hearing.response_factories import open_hearing, submitted

    other = create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/receipts.sqlite3",
        UPLOAD_FOLDER=str(tmp_path),
        STORAGE_DIR=str(tmp_path),
    )
    codes = "SELECT id, receipt_code FROM consultees WHERE receipt_code IS NOT NULL ORDER BY id"
    with other.app_context():
        upgrade()
        submitted(open_hearing(reference="BIU 1/2007"), "BUU")
        submitted(open_hearing(reference="BIU-1-2007"), "BUU")
        _db.session.commit()
        before = _db.session.execute(text(codes)).all()
        _db.session.remove()
        downgrade(revision="5eb68a43a9b2")
        versions = _db.session.execute(text("SELECT count(*) FROM response_versions")).scalar()
        _db.session.remove()
        upgrade()
        after = _db.session.execute(text(codes)).all()
        foreign_keys = _db.session.execute(text("PRAGMA foreign_keys")).scalar()
        _db.session.remove()
        _db.engine.dispose()
    assert versions == 2
    assert after == before and len(after) == 2
    assert foreign_keys == 1  # switched off for the migrations only
