"""Backups: the database and the stored files in one folder, and back again.

A backup folder holds the database (``database.sqlite3`` made with SQLite's online backup
API, or ``database.dump`` made with ``pg_dump --format=custom``), a copy of each stored-file
folder, and ``manifest.json``, written last, with the SHA-256 of every file. A folder
without a manifest is an unfinished backup. Restoring checks everything before it changes
anything; the database engines themselves live in :mod:`core.backup_database`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from sqlalchemy import func, inspect, select, table, text
from sqlalchemy.engine import Engine

from core.backup_database import DATABASE_FILES, BackupError, dump_database, restore_database

__all__ = ["BackupError", "Manifest", "create_backup", "folders_of", "restore_backup"]

MANIFEST = "manifest.json"
FORMAT = 1
# Folder name in the backup -> the setting that says where the app keeps it.
FOLDER_SETTINGS = {"uploads": "UPLOAD_FOLDER", "storage": "STORAGE_DIR"}


@dataclass(frozen=True)
class Manifest:
    format: int
    created_at: str
    app_version: str
    alembic_revision: str | None
    database: str  # "sqlite" or "postgresql"
    folders: tuple[str, ...]
    files: dict[str, str]  # relative path -> SHA-256


def folders_of(config: Mapping[str, Any]) -> dict[str, Path]:
    """The stored-file folders of an app, by their name in a backup."""
    return {name: Path(config[setting]) for name, setting in FOLDER_SETTINGS.items()}


def create_backup(
    target: Path, engine: Engine, folders: Mapping[str, Path], *, now: datetime
) -> Manifest:
    """Write a backup of the database and ``folders`` into ``target`` (new or empty)."""
    target = target.resolve()
    _check_target(target, folders)
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    kind = engine.dialect.name
    dump_database(engine, target / DATABASE_FILES[kind])
    for name, folder in folders.items():
        if folder.is_dir():
            shutil.copytree(folder, target / name)
        else:
            (target / name).mkdir()
    manifest = Manifest(
        format=FORMAT,
        created_at=now.isoformat(),
        app_version=_app_version(),
        alembic_revision=_alembic_revision(engine),
        database=kind,
        folders=tuple(folders),
        files={path: _sha256(target / path) for path in _files_under(target)},
    )
    text_ = json.dumps(asdict(manifest), indent=2, sort_keys=True, ensure_ascii=False)
    (target / MANIFEST).write_text(text_ + "\n", encoding="utf-8")
    return manifest


def restore_backup(
    source: Path, engine: Engine, folders: Mapping[str, Path], *, force: bool = False
) -> Manifest:
    """Replace the database and ``folders`` with the backup in ``source``.

    Refuses, changing nothing, when the manifest is missing or does not match the files,
    when the backup is of another kind of database, or when the target holds data and
    ``force`` is not given.
    """
    source = source.resolve()
    manifest = verify_backup(source)
    if manifest.database != engine.dialect.name:
        raise BackupError(
            f"The backup is of a {manifest.database} database; this app uses "
            f"{engine.dialect.name}. Nothing was changed."
        )
    if set(manifest.folders) != set(folders):
        raise BackupError(
            f"The backup holds the folders {sorted(manifest.folders)}, this app keeps "
            f"{sorted(folders)}. Nothing was changed."
        )
    if not force:
        _check_empty(engine, folders)
    restore_database(engine, source / DATABASE_FILES[manifest.database])
    _replace_folders(source, folders)
    return manifest


def verify_backup(source: Path) -> Manifest:
    """The manifest of the backup in ``source``, after checking every file against it."""
    path = source / MANIFEST
    if not path.is_file():
        raise BackupError(
            f"{source} has no {MANIFEST}: it is not a backup, or an unfinished one. "
            "Nothing was changed."
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["folders"] = tuple(data["folders"])
        manifest = Manifest(**data)
    except (ValueError, TypeError, KeyError) as err:
        raise BackupError(f"{path} cannot be read ({err}). Nothing was changed.") from err
    if (
        manifest.format != FORMAT
        or manifest.database not in DATABASE_FILES
        or not isinstance(manifest.files, dict)
    ):
        raise BackupError(f"{path} is of an unknown format. Nothing was changed.")
    problems = _checksum_problems(source, manifest)
    if problems:
        raise BackupError(
            "The backup does not match its manifest: "
            + "; ".join(problems[:10])
            + (" ..." if len(problems) > 10 else "")
            + ". Nothing was changed."
        )
    return manifest


def _checksum_problems(source: Path, manifest: Manifest) -> list[str]:
    present = set(_files_under(source))
    problems = [f"{p}: not listed in the manifest" for p in sorted(present - set(manifest.files))]
    for rel, expected in sorted(manifest.files.items()):
        if rel not in present:
            problems.append(f"{rel}: missing")
        elif _sha256(source / rel) != expected:
            problems.append(f"{rel}: checksum does not match")
    return problems


def _check_target(target: Path, folders: Mapping[str, Path]) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} exists and is not an empty folder; choose a new one.")
    for folder in folders.values():
        if target.is_relative_to(folder.resolve()):
            raise BackupError(f"{target} is inside {folder}, which is backed up; choose another.")


def _check_empty(engine: Engine, folders: Mapping[str, Path]) -> None:
    with engine.connect() as conn:
        tables = sorted(n for n in inspect(conn).get_table_names() if n != "alembic_version")
        filled = [n for n in tables if conn.scalar(select(func.count()).select_from(table(n)))]
    nonempty = [str(f) for f in folders.values() if f.is_dir() and any(f.iterdir())]
    if filled or nonempty:
        more = f" and {len(filled) - 5} more" if len(filled) > 5 else ""
        what = [f"tables with rows: {', '.join(filled[:5])}{more}"] if filled else []
        what += [f"folders with files: {', '.join(nonempty)}"] if nonempty else []
        raise BackupError(
            "The target is not empty (" + "; ".join(what) + "). Nothing was changed; "
            "restore with --force to replace it."
        )


def _replace_folders(source: Path, folders: Mapping[str, Path]) -> None:
    """Copy every folder beside its target first, then swap them in one after another."""
    staged = {}
    for name, folder in folders.items():
        staging = folder.with_name(f"{folder.name}.restoring")
        shutil.rmtree(staging, ignore_errors=True)
        folder.parent.mkdir(parents=True, exist_ok=True)
        if (source / name).is_dir():
            shutil.copytree(source / name, staging)
        else:  # an empty folder may be lost when a backup is copied; it holds nothing
            staging.mkdir()
        staged[folder] = staging
    for folder, staging in staged.items():
        replaced = folder.with_name(f"{folder.name}.replaced")
        shutil.rmtree(replaced, ignore_errors=True)
        if folder.exists():
            folder.rename(replaced)
        staging.rename(folder)
        shutil.rmtree(replaced, ignore_errors=True)


def _files_under(root: Path) -> list[str]:
    """Relative paths of the files under ``root``, the manifest excepted, sorted."""
    found = []
    for directory, _dirs, names in os.walk(root):
        for name in names:
            rel = (Path(directory) / name).relative_to(root).as_posix()
            if rel != MANIFEST:
                found.append(rel)
    return sorted(found)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _app_version() -> str:
    try:
        return metadata.version("integrationsbarometer")
    except metadata.PackageNotFoundError:
        return "unknown"


def _alembic_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.scalar(text("SELECT version_num FROM alembic_version"))
