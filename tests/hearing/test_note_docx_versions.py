"""The hearing note's Word document is stored with each version of the note, beside its PDF:
the download serves the stored file, so a later version never changes an older one, and
python-docx reads it back with its headings, the hearing list and every recommendation.

Jobs run in-process after each commit here (no REDIS_URL).
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from flask import Flask
from flask.testing import FlaskClient

from core.word import DOCX_MIMETYPE
from hearing.models.consolidation import HearingNote
from hearing.queries.consolidation import groups_of, latest_note
from tests.factories import commit
from tests.hearing.consolidation_factories import consolidating_hearing, recommend
from tests.web import login, post

CONFIDENTIAL = "Ledigheden halveres inden 2010"
LABELS = {"accept": "Tiltrædes", "reject": "Afvises", "out_of_scope": "Uden for høringens emne"}


@pytest.fixture
def hearing(db: Any) -> Any:
    found = consolidating_hearing()
    commit()
    return found


@pytest.fixture
def sek(client: FlaskClient, hearing: Any) -> FlaskClient:
    login(client, "sek@example.dk")
    return client


def _open(data: bytes) -> DocxDocument:
    return Document(io.BytesIO(data))


def _text(doc: DocxDocument) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


def _rows(doc: DocxDocument, first_header: str) -> list[list[str]]:
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == first_header)
    return [[c.text for c in row.cells] for row in table.rows[1:]]


def _stored(app: Flask, name: str | None) -> bytes:
    assert name
    return (Path(app.config["UPLOAD_FOLDER"]) / name).read_bytes()


def _latest(hearing: Any) -> HearingNote:
    from core.extensions import db

    db.session.expire_all()
    note = latest_note(hearing)
    assert note is not None
    return note


def test_each_version_keeps_its_own_word_document_and_a_later_one_changes_no_older_one(
    app: Flask, sek: FlaskClient, hearing: Any
) -> None:
    path = f"/hearings/{hearing.id}"
    summary = {"sA1-text": "Udvalgene ønsker mål for ledigheden.", "sA1-revision": "0"}
    assert post(sek, f"{path}/consolidation/summaries/A1", summary).status_code == 302
    first = _latest(hearing)
    assert first.number == 1 and first.full_docx_stored_name and first.full_docx_sha256
    assert first.docx_stored_name is None  # the public one is made for the final note only
    stored_1 = _stored(app, first.full_docx_stored_name)
    assert hashlib.sha256(stored_1).hexdigest() == first.full_docx_sha256
    current = sek.get(f"{path}/note.docx")
    assert current.status_code == 200 and current.data == stored_1
    assert "no-store" in current.headers["Cache-Control"]
    download_1 = sek.get(f"{path}/note/versions/1.docx")
    assert download_1.status_code == 200 and download_1.mimetype == DOCX_MIMETYPE
    assert download_1.data == stored_1
    assert download_1.headers["Content-Disposition"].endswith("-version-1.docx")
    page = sek.get(f"{path}/note").get_data(as_text=True)
    assert f"{path}/note/versions/1.docx" in page and "Version 1 som Word-dokument" in page

    # Version 2: every group recommended, each with its own comment.
    outcomes = ["accept", "reject", "out_of_scope", "accept", "reject"]
    groups = groups_of(hearing)
    for group, outcome in zip(groups, outcomes, strict=True):
        recommend(hearing, group, outcome, administration_comment=f"Bemærkning {group.id}")
    commit()
    assert post(sek, f"{path}/note/render", {"back": "note"}).status_code == 302
    second = _latest(hearing)
    assert second.number == 2 and second.full_docx_stored_name != first.full_docx_stored_name
    stored_2 = _stored(app, second.full_docx_stored_name)
    assert sek.get(f"{path}/note.docx").data == stored_2
    assert sek.get(f"{path}/note/versions/2.docx").data == stored_2
    assert sek.get(f"{path}/note/versions/1.docx").data == stored_1  # unchanged
    assert _stored(app, first.full_docx_stored_name) == stored_1
    assert sek.get(f"{path}/note/versions/3.docx").status_code == 404

    old, new = _open(stored_1), _open(stored_2)
    assert "Høringsnotat, version 1" in _text(old) and "Forvaltningen er enig." not in _text(old)
    assert "Høringsnotat, version 2" in _text(new)
    headings = [(p.style.name, p.text) for p in new.paragraphs if p.style and p.style.name]
    headings = [(style, text) for style, text in headings if style.startswith("Heading")]
    assert headings[0][0] == "Heading 1" and headings[0][1] == f"Høringsnotat: {hearing.title}"
    for title in ("Høringsliste", "Forslag og indstillinger", "Bilag: de offentlige høringssvar"):
        assert ("Heading 2", title) in headings
    hearing_list = _rows(new, "Part")
    assert {row[0].split(" – ")[0] for row in hearing_list} == {
        c.body.code for c in hearing.consultees
    }
    recommendations = _rows(new, "Vedrører")
    assert len(recommendations) == len(groups)
    assert sorted(row[2] for row in recommendations) == sorted(LABELS[o] for o in outcomes)
    assert [row[3] for row in recommendations] == ["Forvaltningen er enig."] * len(groups)
    assert CONFIDENTIAL in _text(new)  # the secretariat's note has every part


def test_the_final_note_of_a_public_hearing_stores_its_public_word_document(
    app: Flask, sek: FlaskClient, hearing: Any
) -> None:
    for group in groups_of(hearing):
        recommend(hearing, group, "reject")
    commit()
    assert post(sek, f"/hearings/{hearing.id}/consolidation/finalise").status_code == 302
    note = _latest(hearing)
    assert note.finalised and note.full_docx_stored_name and note.docx_stored_name
    public = _stored(app, note.docx_stored_name)
    assert hashlib.sha256(public).hexdigest() == note.docx_sha256 != note.full_docx_sha256
    anonymous = app.test_client()
    download = anonymous.get(f"/hearings/public/{hearing.id}/note.docx")
    assert download.status_code == 200 and download.data == public
    text = _text(_open(public))
    assert "Høringsnotat, version 1" in text and "(endeligt)" in text
    assert CONFIDENTIAL not in text and "Indholdet er fortroligt" in text
    full = _text(_open(sek.get(f"/hearings/{hearing.id}/note.docx").data))
    assert "(endeligt)" in full and CONFIDENTIAL in full


def test_a_word_document_of_another_version_or_hearing_is_not_served(
    app: Flask, client: FlaskClient, sek: FlaskClient, hearing: Any
) -> None:
    summary = {"sA1-text": "Tekst.", "sA1-revision": "0"}
    post(sek, f"/hearings/{hearing.id}/consolidation/summaries/A1", summary)
    member = app.test_client()
    login(member, "buu@example.dk")
    assert member.get(f"/hearings/{hearing.id}/note/versions/1.docx").status_code == 403
    assert app.test_client().get(f"/hearings/{hearing.id}/note/versions/1.docx").status_code == 302
    assert sek.get(f"/hearings/{hearing.id + 999}/note/versions/1.docx").status_code == 404
    assert sek.get(f"/hearings/{hearing.id}/note/versions/x.docx").status_code == 404
