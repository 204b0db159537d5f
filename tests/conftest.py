"""Fixtures for the whole suite.

The database is real: SQLite by default (a file, so the browser tests' server thread
shares it), PostgreSQL when ``TEST_DATABASE_URL`` is set. The schema is made by running
the Alembic migrations once per session; each test leaves the tables empty again.
"""

from __future__ import annotations

import contextvars
import os
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, inspect, text
from sqlalchemy.orm import Session

from app import create_app
from config import TestingConfig
from core.extensions import db as _db
from core.extensions import limiter
from tests.statements import StatementCounter

# A fixed instant for services: 10 January 2007, 12:00 Copenhagen time.
NOW = datetime(2007, 1, 10, 11, 0, tzinfo=UTC)
# Under pytest-xdist each worker process has a name (gw0, gw1, ...) and a database of its own.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
# Redis database for the RQ tests: one of its own (TEST_REDIS_URL, else database 15), flushed
# before and after each test; under pytest-xdist, worker gwN takes the one N below it.
_REDIS_BASE = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
_REDIS_DB = int(_REDIS_BASE.rsplit("/", 1)[1] or 15) - int(WORKER[2:] or 0)
REDIS_TEST_URL = f"{_REDIS_BASE.rsplit('/', 1)[0]}/{_REDIS_DB}"


class IsolatedClient(FlaskClient):
    """A test client whose requests run in their own context, as in production.

    Tests hold an app context for the database; without this, requests would reuse it
    and share ``g`` and the database session with the test. The body is read inside that
    context too (``buffered``), as a server reads a streamed answer (``stream_with_context``)
    in the request's own context; the chunks are kept as they came.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("buffered", True)
        return contextvars.Context().run(super().open, *args, **kwargs)


def _database_url(tmp_dir: str) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_dir}/test.sqlite3"
    return _worker_database(url) if WORKER else url


def _worker_database(url: str) -> str:
    """The worker's own PostgreSQL database beside the configured one, made when missing."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{WORKER}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if exists.first() is None:
            # Danish ICU collation as scripts/ci/postgres.sh makes it, else the default.
            try:
                conn.execute(
                    text(
                        f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
                        "LOCALE_PROVIDER icu ICU_LOCALE 'da-DK' LOCALE 'C.UTF-8'"
                    )
                )
            except Exception:
                conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _fast_commits(dbapi_connection: Any, connection_record: Any) -> None:
    """Tests need no durability on power loss: commits skip the wait for the disk."""
    cursor = dbapi_connection.cursor()
    if dbapi_connection.__class__.__module__.startswith("sqlite3"):
        cursor.execute("PRAGMA synchronous=OFF")
    else:
        cursor.execute("SET synchronous_commit TO off")
    cursor.close()
    if not dbapi_connection.__class__.__module__.startswith("sqlite3"):
        dbapi_connection.commit()  # the setting stays; the connection leaves no transaction open


def _reset_postgresql() -> None:
    with _db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    from flask_migrate import upgrade

    tmp_dir = tmp_path_factory.mktemp("db")
    application = create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=_database_url(str(tmp_dir)),
        UPLOAD_FOLDER=str(tmp_path_factory.mktemp("uploads")),
        STORAGE_DIR=str(tmp_path_factory.mktemp("storage")),
    )
    application.test_client_class = IsolatedClient
    with application.app_context():
        event.listen(_db.engine, "connect", _fast_commits)
        if _db.engine.dialect.name == "postgresql":
            _reset_postgresql()
        upgrade()
    yield application
    with application.app_context():
        _db.session.remove()
        _db.engine.dispose()


def filled_tables() -> set[str]:
    """The names of the tables that hold at least one row, in one statement."""
    probe = " UNION ALL ".join(
        f"SELECT '{t.name}' WHERE EXISTS (SELECT 1 FROM \"{t.name}\")"  # noqa: S608 - our names
        for t in _db.metadata.sorted_tables
    )
    return set(_db.session.execute(text(probe)).scalars())


def _truncate_all() -> None:
    """Empty every table that holds rows and restart the id sequences.

    Only the tables with rows are touched: on PostgreSQL a TRUNCATE of every table makes new
    files for each of them and costs seconds per test, where deleting a test's few rows
    takes milliseconds.
    """
    filled = filled_tables()
    for table in reversed(_db.metadata.sorted_tables):
        if table.name in filled:
            _db.session.execute(table.delete())
    if _db.engine.dialect.name == "postgresql":
        _db.session.execute(
            text(
                "SELECT setval(c.oid, 1, false) FROM pg_class c "
                "WHERE c.relkind = 'S' AND c.relnamespace = current_schema()::regnamespace"
            )
        )
    _db.session.commit()


@pytest.fixture
def db(app: Flask) -> Iterator[Any]:
    """The database inside an app context; every table is emptied after the test."""
    with app.app_context():
        yield _db
        _db.session.rollback()
        _truncate_all()
        _db.session.remove()


@pytest.fixture
def client(app: Flask, db: Any) -> Iterator[FlaskClient]:
    limiter.reset()
    yield app.test_client()


@pytest.fixture
def now() -> datetime:
    return NOW


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class SmtpSink:
    """Collects the messages a real SMTP server on 127.0.0.1 receives."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self._lock:
            self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self) -> list[Any]:
        from email import message_from_bytes, policy

        with self._lock:
            return [
                message_from_bytes(e.original_content, policy=policy.default)
                for e in self.envelopes
            ]


@pytest.fixture
def smtp_sink(app: Flask) -> Iterator[SmtpSink]:
    from aiosmtpd.controller import Controller

    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port(), enable_SMTPUTF8=True)
    controller.start()
    old = app.config["MAIL_SERVER"], app.config["MAIL_PORT"]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    try:
        yield sink
    finally:
        controller.stop()
        app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = old


def table_names() -> set[str]:
    return set(inspect(_db.engine).get_table_names())


@pytest.fixture
def configured(app: Flask) -> Iterator[Any]:
    """Change settings for one test and put them back afterwards."""
    saved: dict[str, Any] = {}
    absent = object()

    def apply(**values: Any) -> None:
        for key, value in values.items():
            saved.setdefault(key, app.config.get(key, absent))
            app.config[key] = value

    yield apply
    for key, value in saved.items():  # a setting the app did not have is taken away again
        if value is absent:
            app.config.pop(key, None)
        else:
            app.config[key] = value


@pytest.fixture
def redis_jobs(app: Flask, db: Any, configured: Any) -> Iterator[Any]:
    """JOBS_MODE=rq against the real Redis on 127.0.0.1; skips the test without Redis."""
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisConnectionError

    connection = Redis.from_url(REDIS_TEST_URL)
    try:
        connection.ping()
    except RedisConnectionError:
        pytest.skip("Redis is not reachable on 127.0.0.1:6379 (start redis-server to run this)")
    connection.flushdb()
    app.extensions.pop("jobs_redis", None)
    configured(JOBS_MODE="rq", REDIS_URL=REDIS_TEST_URL)
    yield connection
    connection.flushdb()
    app.extensions.pop("jobs_redis", None)
    connection.close()


@pytest.fixture
def count_statements(db: Any) -> Iterator[StatementCounter]:
    """Counts every SQL statement the engine runs while the test runs."""
    counter = StatementCounter()
    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)


@pytest.fixture
def writes(db: Any) -> Iterator[list[str]]:
    """Every flush and commit of any session while the test runs (a GET must leave it empty)."""
    seen: list[str] = []

    def flushed(session: Session, *_: Any) -> None:
        changed = [*session.new, *session.dirty, *session.deleted]
        seen.append(f"flush of {changed!r}")

    def committed(session: Session) -> None:
        seen.append("commit")

    event.listen(Session, "before_flush", flushed)
    event.listen(Session, "before_commit", committed)
    try:
        yield seen
    finally:
        event.remove(Session, "before_flush", flushed)
        event.remove(Session, "before_commit", committed)
