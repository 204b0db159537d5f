"""Dumping and restoring the database for backups: SQLite's online backup API, or
PostgreSQL's ``pg_dump --format=custom`` and ``pg_restore`` (found on ``PATH`` or in
``/usr/lib/postgresql/*/bin``)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import Engine

# The database's file in a backup folder, by dialect.
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"


class BackupError(Exception):
    """A backup or restore was refused or failed; the message says why."""


def dump_database(engine: Engine, target: Path) -> None:
    if engine.dialect.name == "sqlite":
        _dump_sqlite(engine, target)
    elif engine.dialect.name == "postgresql":
        _run_pg("pg_dump", engine, ["--format=custom", "--file", str(target)])
    else:
        raise BackupError(f"Backups of {engine.dialect.name} databases are not supported.")


def restore_database(engine: Engine, source: Path) -> None:
    """Replace the database's content with ``source``, in one step (pooled connections
    are closed first so that nothing holds a lock)."""
    engine.dispose()
    if engine.dialect.name == "sqlite":
        try:
            with (
                closing(sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)) as backup,
                closing(sqlite3.connect(_sqlite_path(engine), timeout=30)) as live,
            ):
                backup.backup(live)  # one step: the database changes completely or not at all
        except sqlite3.Error as err:
            raise BackupError(f"SQLite refused the restore ({err}). Nothing was changed.") from err
    else:
        # One transaction: if anything fails, the database stays as it was.
        options = ["--clean", "--if-exists", "--no-owner", "--single-transaction"]
        _run_pg("pg_restore", engine, [*options, "--exit-on-error", str(source)])


def _dump_sqlite(engine: Engine, target: Path) -> None:
    path = _sqlite_path(engine)
    if not Path(path).is_file():
        raise BackupError(f"The SQLite database {path} does not exist.")
    try:
        with (
            closing(sqlite3.connect(path, timeout=30)) as live,
            closing(sqlite3.connect(target)) as backup,
        ):
            live.backup(backup)  # a consistent copy, even while the app writes
            # A self-contained file: no -wal or -shm files appear beside it when it is opened.
            backup.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as err:
        raise BackupError(f"SQLite refused the backup ({err}).") from err


def _sqlite_path(engine: Engine) -> str:
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError("Only a SQLite database in a file can be backed up or restored.")
    return str(Path(database).resolve())


def _run_pg(tool: str, engine: Engine, arguments: list[str]) -> None:
    url = engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)  # not on the command line, where ps shows it
    dsn = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    result = subprocess.run(  # noqa: S603 - a fixed program with our own arguments
        [pg_tool(tool), *arguments, "--dbname", dsn],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{tool} failed (exit {result.returncode}): {result.stderr.strip()}")


def pg_tool(name: str) -> str:
    """The path of a PostgreSQL client program: on ``PATH``, else the newest installed."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        Path("/").glob(f"{PG_BIN_GLOB.lstrip('/')}/{name}"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if not candidates:
        raise BackupError(
            f"{name} was found neither on PATH nor in {PG_BIN_GLOB}. Install the PostgreSQL "
            "client programs (Debian: apt-get install postgresql-client) of the server's "
            "version or newer."
        )
    return str(candidates[-1])
