"""Hostile files through every upload: the annexes of a hearing, a body's attachments, the
catalogue import and the measurement import. Each is refused with a page in the user's
language (400, or 413 beyond the size limit), quickly, with a small page, and leaves
nothing behind: no row, no audit entry, no file in the upload folder. Hostile names on a
real PDF are refused, or stored under a name of the app's own inside the upload folder.
"""

from __future__ import annotations

import html
import io
import re
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.extensions import db as _db
from core.models import AuditEvent
from hearing.models import Annex
from hearing.models.responses import ResponseAttachment
from tests.barometer.test_import_limits import PAGES as IMPORT_PAGES
from tests.factories import PDF, commit, make_secretariat
from tests.hearing.factories import FUTURE, make_hearing
from tests.hearing.response_factories import consultee, open_hearing
from tests.spreadsheet_files import bomb
from tests.web import login, post, text_of

_HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"')


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


HOSTILE_PDFS = {
    "not-a-pdf": b"not a pdf at all",
    "forged-header-html": b"%PDF-1.7\n<html><script>alert(1)</script></html>\n%%EOF\n",
    "forged-header-zip": b"%PDF-1.4\n" + _zip({"a.txt": b"x" * 1000}) + b"\n%%EOF\n",
    "zip-named-pdf": _zip({"word/document.xml": b"<w/>"}),
    "windows-program": b"MZ\x90\x00" + b"\x00" * 200,
    "elf-program": b"\x7fELF" + b"\x00" * 200,
    "empty": b"",
    "truncated-pdf": PDF[: len(PDF) // 2],
    "pdf-bomb-of-zeros": b"%PDF-1.4\n" + b"0" * 30_000 + b"\n%%EOF\n",
}
HOSTILE_NAMES = ("../../etc/passwd.pdf", "..\\..\\boot.ini.pdf", "<script>alert(1)</script>.pdf")
HOSTILE_SHEETS = {
    "zip-bomb.xlsx": bomb(60),
    "pdf-named.xlsx": PDF,
    "broken-zip.xlsx": b"PK\x03\x04" + b"\x00garbage" * 50,
    "zip-without-sheet.xlsx": _zip({"hello.txt": b"hi"}),
    "program-named.csv": b"MZ\x90\x00" + b"\x00" * 500,
    "nul-bytes.csv": b"Periode;Indikatorkode\x00;V\x00rdi\r\n\x00\x00\x00",
    "not-utf8.csv": b"Periode;Indikatorkode;V\xe6rdi\r\n2007-H1;\xff\xfe;1\r\n",
}
HOSTILE_FILE_COUNT = len(HOSTILE_PDFS) * 2 + len(HOSTILE_NAMES) * 2 + len(HOSTILE_SHEETS) * 2


def _files(folder: str) -> set[Path]:
    return {p for p in Path(folder).rglob("*") if p.is_file()}


def _state() -> tuple[int, ...]:
    _db.session.expire_all()
    return tuple(
        _db.session.scalar(select(func.count()).select_from(m))
        for m in (Annex, ResponseAttachment, AuditEvent)
    )


def _annex_upload(client: FlaskClient) -> Callable[[bytes, str], Any]:
    hearing = make_hearing()
    commit()
    login(client, "sek@example.dk")
    path = f"/hearings/{hearing.id}/annexes"

    def upload(data: bytes, name: str) -> Any:
        return post(
            client, path, {"title": "Bilag", "file": (io.BytesIO(data), name)},
            content_type="multipart/form-data",
        )  # fmt: skip

    return upload


def _attachment_upload(client: FlaskClient) -> Callable[[bytes, str], Any]:
    hearing = open_hearing(deadline=FUTURE)
    commit()
    login(client, "buu@example.dk")
    path = f"/hearings/{hearing.id}/bodies/{consultee(hearing, 'BUU').body_id}/response"

    def upload(data: bytes, name: str) -> Any:
        page = text_of(client.get(path))
        hidden = {k: html.unescape(v) for k, v in _HIDDEN.findall(page)}
        return post(
            client, path,
            {**hidden, "action": "upload", "attachment": (io.BytesIO(data), name)},
            content_type="multipart/form-data",
        )  # fmt: skip

    return upload


UPLOADS = {"annex": _annex_upload, "attachment": _attachment_upload}


@pytest.mark.parametrize("where", UPLOADS)
def test_hostile_pdfs_are_refused_and_leave_nothing_behind(
    app: Flask, client: FlaskClient, db: Any, where: str
) -> None:
    make_secretariat()
    upload = UPLOADS[where](client)
    folder = app.config["UPLOAD_FOLDER"]
    for name, data in HOSTILE_PDFS.items():
        files, before, started = _files(folder), _state(), time.monotonic()
        answer = upload(data, f"{name}.pdf")
        assert answer.status_code in (400, 409), (name, answer.status_code)
        assert "<script>alert" not in text_of(answer), name
        assert time.monotonic() - started < 10, name
        assert _state() == before, name
        assert _files(folder) == files, name


@pytest.mark.parametrize("where", UPLOADS)
def test_a_real_pdf_with_a_hostile_name_is_refused_or_stored_under_a_name_of_our_own(
    app: Flask, client: FlaskClient, db: Any, where: str
) -> None:
    make_secretariat()
    upload = UPLOADS[where](client)
    folder = Path(app.config["UPLOAD_FOLDER"]).resolve()
    for name in HOSTILE_NAMES:
        files, before = _files(str(folder)), _state()
        answer = upload(PDF, name)
        if answer.status_code == 302:  # stored, under a name of the app's own
            (new,) = _files(str(folder)) - files
            assert new.resolve().is_relative_to(folder)
            assert "passwd" not in new.name and "<" not in new.name and ".." not in new.name
        else:  # or refused, leaving nothing
            assert answer.status_code in (400, 409), (name, answer.status_code)
            assert _files(str(folder)) == files and _state() == before, name
        assert not (folder.parent.parent / "etc" / "passwd.pdf").exists()


@pytest.mark.parametrize("page", IMPORT_PAGES)
def test_hostile_spreadsheets_are_refused_quickly_with_a_small_page(
    client: FlaskClient, db: Any, page: str
) -> None:
    path = IMPORT_PAGES[page](db, client)
    for name, data in HOSTILE_SHEETS.items():
        before, started = _state(), time.monotonic()
        answer = post(
            client, path, {"file": (io.BytesIO(data), name)}, content_type="multipart/form-data"
        )
        assert answer.status_code == 400, (name, answer.status_code)
        assert time.monotonic() - started < 10, name
        assert len(answer.data) < 200_000, name
        assert _state() == before, name


def test_the_catalogue_counts_its_hostile_files() -> None:
    assert HOSTILE_FILE_COUNT == 38
