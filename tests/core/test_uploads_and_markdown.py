"""Uploaded PDFs are checked by their bytes; Markdown is rendered without script."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from core.errors import NotFound, ValidationFailed
from core.markdown import plain_text, render_markdown
from core.uploads import read_stored, store_pdf
from tests.factories import PDF

MB = 1024 * 1024


def _files(folder: Path) -> list[Path]:
    return list(folder.glob("*")) if folder.exists() else []


def test_a_pdf_is_stored_under_a_random_name_and_read_back(tmp_path: Path) -> None:
    stored = store_pdf(PDF, "Høringssvar fra KFU.pdf", folder=tmp_path, max_bytes=MB)
    assert stored.original_name == "Høringssvar fra KFU.pdf"
    assert stored.stored_name != stored.original_name and stored.stored_name.endswith(".pdf")
    assert read_stored(stored.stored_name, folder=tmp_path) == PDF
    assert len(stored.sha256) == 64


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"PK\x03\x04 a zip renamed", "svar.pdf", "not a PDF document"),
        # The magic bytes and an end marker around anything else: a forged header.
        (b"%PDF-1.7\n<script>alert(1)</script>\n%%EOF\n", "svar.pdf", "not a PDF document"),
        (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "svar.pdf", "not a PDF document"),
        (PDF[:200] + b"\n%%EOF\n", "svar.pdf", "not a PDF document"),
        (b"", "svar.pdf", "empty"),
        (PDF + b"x" * MB, "svar.pdf", "larger than"),
        (PDF, "../../etc/svar.pdf", "must not contain a path"),
        (PDF, "C:\\Users\\svar.pdf", "must not contain a path"),
        (PDF, "svar.exe", "Only PDF files"),
        (PDF, "sv\x00ar.pdf", "not allowed"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(
    tmp_path: Path, data: bytes, name: str, message: str
) -> None:
    with pytest.raises(ValidationFailed) as err:
        store_pdf(data, name, folder=tmp_path, max_bytes=MB)
    assert message in str(err.value)
    assert _files(tmp_path) == []


def test_a_stored_name_with_a_path_is_never_read(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        read_stored("../secret_key", folder=tmp_path)


def test_markdown_keeps_formatting_and_drops_script() -> None:
    html = render_markdown(
        "**Frist:** 1. februar 2007\n\n<script>alert(1)</script>\n\n"
        "[link](javascript:alert(1)) [kk](https://www.kk.dk)"
    )
    assert "<strong>Frist:</strong>" in html
    assert "<script" not in html
    assert 'href="javascript' not in html
    assert 'href="https://www.kk.dk"' in html and 'rel="noopener noreferrer"' in html


def test_markdown_as_plain_text() -> None:
    assert plain_text("# Overskrift\n\n*Tekst* med æøå") == "Overskrift\nTekst med æøå"


def test_a_pdf_protected_by_a_password_is_refused_with_its_reason(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(PDF)))
    writer.encrypt("hemmelig", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ValidationFailed) as err:
        store_pdf(out.getvalue(), "svar.pdf", folder=tmp_path, max_bytes=MB)
    assert "password" in str(err.value)
    assert _files(tmp_path) == []
