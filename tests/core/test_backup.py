"""`flask --app app backup DIR` and `restore DIR`: the demo survives the round trip table by
table and file by file; a tampered or unfinished backup, or a target holding data, is
refused with nothing changed."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from app import create_app
from config import TestingConfig
from core import backup_database
from core.backup import MANIFEST, folders_of
from core.clock import utcnow
from core.demo import load_demo
from core.extensions import db as _db


@pytest.fixture(scope="module")
def second_postgresql(app: Flask) -> Iterator[str | None]:
    """On PostgreSQL, a second database (same credentials) for this module; else None."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "postgresql":
        yield None
        return
    name = f"{url.database}_restore_{uuid.uuid4().hex[:8]}"
    _admin(url, f'CREATE DATABASE "{name}"')
    yield url.set(database=name).render_as_string(hide_password=False)
    _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def target_app(second_postgresql: str | None, tmp_path: Path) -> Iterator[Flask]:
    """A second app with an empty database (no tables) and no stored files."""
    target = create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=second_postgresql or f"sqlite:///{tmp_path}/restored.sqlite3",
        UPLOAD_FOLDER=str(tmp_path / "target" / "uploads"),
        STORAGE_DIR=str(tmp_path / "target" / "storage"),
    )
    yield target
    with target.app_context():
        _db.session.remove()
        _db.engine.dispose()
    if second_postgresql:  # empty again for the next test (faster than a new database)
        _admin(make_url(second_postgresql), "DROP SCHEMA public CASCADE; CREATE SCHEMA public")


def _admin(url: Any, statement: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(statement))
    finally:
        engine.dispose()


def _demo_with_stored_files(app: Flask, db: Any) -> None:
    load_demo(utcnow())  # today: the 2007 hearing is decided and a new one is open
    db.session.commit()
    imports = Path(app.config["STORAGE_DIR"]) / "measurement-imports"
    imports.mkdir(parents=True, exist_ok=True)
    (imports / "2007-H1.xlsx").write_bytes(b"PK\x03\x04 a stored import")
    assert any(Path(app.config["UPLOAD_FOLDER"]).rglob("*.pdf"))  # the demo's letters


def _backup(app: Flask, directory: Path) -> None:
    with app.app_context():  # the command uses the app of the current context
        result = app.test_cli_runner().invoke(args=["backup", str(directory)])
    assert result.exit_code == 0, result.output
    assert (directory / MANIFEST).is_file()


def _restore(app: Flask, directory: Path, *options: str) -> Any:
    with app.app_context():
        return app.test_cli_runner().invoke(args=["restore", str(directory), *options])


def _rows(app: Flask) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (the migrations' own included), in primary-key order."""
    with app.app_context(), _db.engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        rows = {
            "alembic_version": conn.execute(text("SELECT version_num FROM alembic_version")).all()
        }
        for table in _db.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows[table.name] = [tuple(r) for r in conn.execute(select(table).order_by(*order))]
        assert names == set(rows), names ^ set(rows)
        return rows


def _file_contents(app: Flask) -> dict[str, dict[str, bytes]]:
    found: dict[str, dict[str, bytes]] = {}
    for name, folder in folders_of(app.config).items():
        files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
        found[name] = {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}
    return found


def test_the_demo_restored_into_an_empty_database_matches_table_by_table_and_file_by_file(
    app: Flask, db: Any, target_app: Flask, tmp_path: Path
) -> None:
    _demo_with_stored_files(app, db)
    _backup(app, tmp_path / "backup")

    result = _restore(target_app, tmp_path / "backup")

    assert result.exit_code == 0, result.output
    source_rows = _rows(app)
    assert sum(len(rows) for rows in source_rows.values()) > 500  # the whole demo
    target_rows = _rows(target_app)
    for name, rows in source_rows.items():
        assert target_rows[name] == rows, name
    assert _file_contents(target_app) == _file_contents(app)
    assert _file_contents(app)["storage"] and _file_contents(app)["uploads"]


def test_a_tampered_file_is_refused_and_nothing_is_restored(
    app: Flask, db: Any, target_app: Flask, tmp_path: Path
) -> None:
    _demo_with_stored_files(app, db)
    _backup(app, tmp_path / "backup")
    letter = sorted((tmp_path / "backup" / "uploads").rglob("*.pdf"))[0]
    letter.write_bytes(letter.read_bytes() + b"%")

    result = _restore(target_app, tmp_path / "backup", "--force")

    assert result.exit_code != 0
    assert "checksum does not match" in result.output and "Nothing was changed" in result.output
    with target_app.app_context():
        assert inspect(_db.engine).get_table_names() == []
    assert not any(Path(f).exists() for f in folders_of(target_app.config).values())


def test_a_folder_without_a_manifest_is_refused(
    app: Flask, db: Any, target_app: Flask, tmp_path: Path
) -> None:
    _demo_with_stored_files(app, db)
    _backup(app, tmp_path / "backup")
    (tmp_path / "backup" / MANIFEST).unlink()

    result = _restore(target_app, tmp_path / "backup")

    assert result.exit_code != 0
    assert f"has no {MANIFEST}" in result.output
    with target_app.app_context():
        assert inspect(_db.engine).get_table_names() == []


def test_a_database_with_data_is_replaced_only_with_force(
    app: Flask, db: Any, tmp_path: Path
) -> None:
    _demo_with_stored_files(app, db)
    _backup(app, tmp_path / "backup")
    before = _rows(app)

    refused = _restore(app, tmp_path / "backup")

    assert refused.exit_code != 0
    assert "not empty" in refused.output and "--force" in refused.output
    forced = _restore(app, tmp_path / "backup", "--force")
    assert forced.exit_code == 0, forced.output
    assert _rows(app) == before


def test_a_backup_refuses_a_folder_that_is_not_empty(app: Flask, db: Any, tmp_path: Path) -> None:
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "old.txt").write_text("earlier", encoding="utf-8")

    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "backup")])

    assert result.exit_code != 0
    assert "not an empty folder" in result.output


def test_a_backup_of_another_kind_of_database_is_refused(
    app: Flask, db: Any, target_app: Flask, tmp_path: Path
) -> None:
    _backup(app, tmp_path / "backup")
    manifest = tmp_path / "backup" / MANIFEST
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["database"] = "sqlite" if data["database"] == "postgresql" else "postgresql"
    manifest.write_text(json.dumps(data), encoding="utf-8")

    result = _restore(target_app, tmp_path / "backup")

    assert result.exit_code != 0
    assert f"backup is of a {data['database']} database" in result.output


def test_a_missing_pg_dump_gives_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(backup_database.shutil, "which", lambda name: None)
    monkeypatch.setattr(backup_database, "PG_BIN_GLOB", f"{tmp_path}/*/bin")

    with pytest.raises(backup_database.BackupError, match="apt-get install postgresql-client"):
        backup_database.pg_tool("pg_dump")


def test_pg_dump_is_found_among_the_installed_versions_when_not_on_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for version in ("9", "15", "13"):
        (tmp_path / version / "bin").mkdir(parents=True)
        (tmp_path / version / "bin" / "pg_dump").touch()
    monkeypatch.setattr(backup_database.shutil, "which", lambda name: None)
    monkeypatch.setattr(backup_database, "PG_BIN_GLOB", f"{tmp_path}/*/bin")

    assert backup_database.pg_tool("pg_dump") == f"{tmp_path}/15/bin/pg_dump"
