"""Search every table and every stored file for given texts (the "nothing personal left"
tests of docs/privacy.md).

A stored file is searched as bytes, and inside: each member of a zip (an archive package,
a Word document), and the text of each page of a PDF, whose streams are compressed.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable, Iterator
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


def _pdf_text(data: bytes) -> bytes:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages).encode("utf-8")
    except Exception:  # not a PDF pypdf can read: its bytes were searched
        return b""


def _readable(data: bytes, depth: int = 0) -> Iterator[bytes]:
    """The bytes of a file, then what is inside it: zip members (each read the same way)
    and a PDF's text."""
    yield data
    if depth > 3:
        return
    if data.startswith(b"PK\x03\x04"):
        try:
            package = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            return
        for member in package.infolist():
            yield from _readable(package.read(member), depth + 1)
    elif data.startswith(b"%PDF-"):
        yield _pdf_text(data)


def find_in_files(values: Iterable[str]) -> list[str]:
    """``path: value`` for each stored file (uploads and storage) that holds a value, in its
    bytes or inside it (zip members, PDF text)."""
    folders = [Path(current_app.config[k]) for k in ("UPLOAD_FOLDER", "STORAGE_DIR")]
    wanted = [v for v in values if v]
    patterns = [(v, e) for v in wanted for e in _encodings(v)]
    hits = []
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            for data in _readable(path.read_bytes()):
                hits += [f"{path.name}: {v}" for v, e in patterns if e in data]
                lowered = data.lower()
                hits += [f"{path.name}: {v}" for v in wanted if v.lower().encode() in lowered]
    return sorted(set(hits))


def find_everywhere(values: Iterable[str]) -> list[str]:
    values = list(values)
    return find_in_tables(values) + find_in_files(values)
