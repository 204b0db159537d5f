"""Search every table and every stored file for given texts (the "nothing personal left"
tests of docs/privacy.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from flask import current_app
from sqlalchemy import JSON, String, Text, select

from core.extensions import db


def _encodings(value: str) -> list[bytes]:
    found = []
    for encoding in ("utf-8", "cp1252", "utf-16-be"):
        try:
            found.append(value.encode(encoding))
        except UnicodeEncodeError:
            continue
    return found


def text_columns() -> list[tuple[str, str]]:
    """Every (table, column) of the metadata that holds text or JSON."""
    return [
        (table.name, column.name)
        for table in db.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, String | Text | JSON)
    ]


def find_in_tables(values: Iterable[str]) -> list[str]:
    """``table.column: value`` for each text column of each table that holds a value,
    compared without regard to case."""
    wanted = [v.lower() for v in values if v]
    hits = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)).all():
            for column, cell in zip(columns, row, strict=True):
                if cell is None:
                    continue
                text = cell if isinstance(cell, str) else json.dumps(cell, ensure_ascii=False)
                hits += [f"{table.name}.{column.name}: {v}" for v in wanted if v in text.lower()]
    return hits


def find_in_files(values: Iterable[str]) -> list[str]:
    """``path: value`` for each stored file (uploads and storage) whose bytes hold a value."""
    folders = [Path(current_app.config[k]) for k in ("UPLOAD_FOLDER", "STORAGE_DIR")]
    patterns = [(v, e) for v in values if v for e in _encodings(v)]
    hits = []
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            data = path.read_bytes()
            hits += [f"{path.name}: {v}" for v, e in patterns if e in data]
    return sorted(set(hits))


def find_everywhere(values: Iterable[str]) -> list[str]:
    values = list(values)
    return find_in_tables(values) + find_in_files(values)
