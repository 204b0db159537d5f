"""The letter as PDF, the overview table annex, and uploaded annexes (refused safely)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import func, select

from core.extensions import db as _db
from hearing.models import Annex
from hearing.pdf import letter_pdf
from tests.factories import PDF, commit
from tests.hearing.factories import FUTURE, NOW, body, make_hearing, make_issued, secretariat
from tests.pdf_structure import assert_tagged_pdf
from tests.web import login, post


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_the_letter_pdf_has_both_questions_the_deadline_sentence_annexes_and_page_numbers(
    app: Flask, db: Any, tmp_path: Path
) -> None:
    hearing = make_hearing()
    with app.test_request_context():
        data = letter_pdf(hearing, lang="da", now=NOW)
    text = " ".join(_text(data).split())
    assert data.startswith(b"%PDF-")
    assert "Dækker indikatorerne indsatsen i forhold til målene?" in text
    assert "Bør der tilføjes politisk besluttede succeskriterier?" in text
    assert "Send venligst jeres høringssvar til Udvalg LS senest 1. februar 2007 kl. 23.59" in (
        text
    )
    assert "Bilag 1: Oversigtsskema med mål, indikatorer og succeskriterier" in text
    assert "Side 1 af" in text
    assert "BIU 227/2006" in text and "Søren Sekretær" in text
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:
        pdf = tmp_path / "letter.pdf"
        pdf.write_bytes(data)
        args = ["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"]
        subprocess.run([pdftoppm, *args, str(pdf), str(tmp_path / "letter")], check=True)  # noqa: S603
        assert (tmp_path / "letter.png").stat().st_size > 1000


def test_the_letter_pdf_and_the_overview_annex_download_for_a_consultee(
    client: FlaskClient, db: Any
) -> None:
    hearing = make_issued(codes=("BUU",), deadline=FUTURE)
    commit()
    login(client, "buu@example.dk")
    letter = client.get(f"/hearings/{hearing.id}/letter.pdf")
    assert letter.status_code == 200 and letter.data.startswith(b"%PDF-")
    overview = client.get(f"/hearings/{hearing.id}/annexes/{hearing.annexes[0].id}")
    assert overview.status_code == 200 and overview.data.startswith(b"%PDF-")
    assert "attachment" in overview.headers["Content-Disposition"]
    assert "Oversigtsskema" in _text(overview.data)
    # Both are tagged PDF/UA, as is the letter in English (tests/pdf_structure.py).
    assert_tagged_pdf(letter.data, lang="da", title=hearing.title)
    assert_tagged_pdf(overview.data, lang="da")
    with client.application.test_request_context():
        assert_tagged_pdf(letter_pdf(hearing, lang="en", now=NOW), lang="en")


@pytest.fixture
def staff(client: FlaskClient, db: Any) -> FlaskClient:
    secretariat()
    commit()
    login(client, "sek@example.dk")
    return client


def _upload(client: FlaskClient, hearing_id: int, data: bytes, name: str) -> Any:
    return post(
        client,
        f"/hearings/{hearing_id}/annexes",
        {"title": "Indstilling og beslutning", "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_an_uploaded_pdf_becomes_annex_2_and_downloads_under_its_original_name(
    app: Flask, staff: FlaskClient
) -> None:
    hearing = make_hearing()
    commit()
    response = _upload(staff, hearing.id, PDF, "BIU 227-2006 indstilling.pdf")
    assert response.status_code == 302
    annex = _db.session.scalar(select(Annex).where(Annex.number == 2))
    assert annex is not None and annex.original_name == "BIU 227-2006 indstilling.pdf"
    stored = Path(app.config["UPLOAD_FOLDER"]) / annex.stored_name
    assert stored.read_bytes() == PDF
    assert not str(stored.resolve()).startswith(str(Path(app.static_folder or "").resolve()))
    download = staff.get(f"/hearings/{hearing.id}/annexes/{annex.id}")
    assert download.data == PDF
    assert "indstilling.pdf" in download.headers["Content-Disposition"]


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"MZ\x90\x00 not a pdf at all", "indstilling.pdf"),
        (PDF + b"0" * (2 * 1024 * 1024), "stor.pdf"),
        (PDF, "../../etc/passwd.pdf"),
        (PDF, "..pdf/../bilag.pdf"),
    ],
    ids=["not-a-pdf-renamed", "oversize", "path", "dots-and-path"],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(
    app: Flask, staff: FlaskClient, data: bytes, name: str
) -> None:
    hearing = make_hearing()
    commit()
    folder = Path(app.config["UPLOAD_FOLDER"])
    before = set(folder.iterdir()) if folder.exists() else set()
    app.config["UPLOAD_MAX_BYTES"], old = 1024 * 1024, app.config["UPLOAD_MAX_BYTES"]
    try:
        response = _upload(staff, hearing.id, data, name)
    finally:
        app.config["UPLOAD_MAX_BYTES"] = old
    assert response.status_code == 400
    assert _db.session.scalar(select(func.count()).select_from(Annex)) == 1  # the overview
    after = set(folder.iterdir()) if folder.exists() else set()
    assert after == before


def test_annexes_of_a_non_public_hearing_are_not_for_strangers(
    client: FlaskClient, db: Any
) -> None:
    hearing = make_issued(codes=("BUU",), deadline=FUTURE, is_public=False)
    body("KFU")
    commit()
    annex_id = hearing.annexes[0].id
    assert client.get(f"/hearings/{hearing.id}/annexes/{annex_id}").status_code == 302
    assert client.get(f"/hearings/public/{hearing.id}/annexes/{annex_id}").status_code == 404
    assert client.get(f"/hearings/public/{hearing.id}/letter.pdf").status_code == 404
