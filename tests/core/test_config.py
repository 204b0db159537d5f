"""Production refuses to start without a real secret key; development makes one once."""

from __future__ import annotations

from pathlib import Path

import pytest

import config
from app import create_app


@pytest.mark.parametrize("key", ["", "change-me", "short-key"])
def test_production_refuses_to_start_without_a_real_secret_key(
    monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(config.ProductionConfig)


def test_production_starts_with_a_long_random_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    app = create_app(config.ProductionConfig)
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_development_generates_its_secret_key_once_into_the_instance_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path)
    first = create_app(config.DevelopmentConfig).config["SECRET_KEY"]
    second = create_app(config.DevelopmentConfig).config["SECRET_KEY"]
    assert first == second
    assert len(first) >= 32
    assert (tmp_path / "secret_key").read_text().strip() == first


def test_unknown_app_env_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "staging")
    with pytest.raises(RuntimeError, match="APP_ENV"):
        config.config_from_env()


def test_the_connection_pool_takes_its_size_from_the_db_pool_settings(tmp_path: Path) -> None:
    from core.extensions import db

    app = create_app(
        config.TestingConfig,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'pool.sqlite3'}",
        DB_POOL_SIZE=7,
        DB_MAX_OVERFLOW=3,
        DB_POOL_TIMEOUT=4,
        DB_POOL_RECYCLE=60,
        DB_POOL_PRE_PING=False,
    )
    with app.app_context():
        pool = db.engine.pool
        assert (pool.size(), pool._max_overflow, pool._timeout, pool._recycle) == (7, 3, 4, 60)
        assert pool._pre_ping is False
        db.engine.dispose()


def test_explicit_engine_options_win_and_an_in_memory_database_takes_no_pool_size() -> None:
    options = config.engine_options(
        {
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "DB_POOL_SIZE": 7,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": False},
        }
    )
    assert options == {"pool_pre_ping": False}
    on_postgresql = config.engine_options({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://x/y"})
    assert on_postgresql["pool_size"] == 5
    assert on_postgresql["max_overflow"] == 10
    assert on_postgresql["pool_recycle"] == 1800
