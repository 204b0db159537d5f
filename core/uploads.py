"""Uploaded documents (annexes, attachments, scanned letters): checked and stored safely.

Only PDF files are accepted, recognised by their bytes, not by their name: the file must
start like a PDF and parse as one (pypdf reads its cross-reference table, catalogue and
pages), so a forged header around anything else is refused. A file is
stored under a random name in ``UPLOAD_FOLDER`` (outside the static folder, never served
directly); the original name is kept for display only. Documents the app makes itself (the
hearing note's Word files) are stored the same way with :func:`store_generated`.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import secrets
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path

from flask import has_app_context
from pypdf import PdfReader
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from core.errors import N_, NotFound, ValidationFailed
from core.extensions import db

PDF_MAGIC = b"%PDF-"
STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(pdf|docx)$")
MAX_NAME_LENGTH = 200


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    original_name: str
    size: int
    sha256: str
    content_type: str = "application/pdf"


def clean_original_name(filename: str) -> str:
    """The name as shown to people; refuses names that carry a path or control characters."""
    name = unicodedata.normalize("NFC", (filename or "").strip())
    if not name:
        raise ValidationFailed(N_("The file has no name."))
    if "/" in name or "\\" in name or name in {".", ".."} or ".." in name.split("."):
        raise ValidationFailed(N_("The file name must not contain a path."))
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise ValidationFailed(N_("The file name contains characters that are not allowed."))
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationFailed(
            N_("The file name is longer than %(max)s characters."), max=MAX_NAME_LENGTH
        )
    return name


def check_pdf(data: bytes, filename: str, *, max_bytes: int) -> str:
    """Return the cleaned original name, or refuse the file with a clear message."""
    name = clean_original_name(filename)
    if not name.lower().endswith(".pdf"):
        raise ValidationFailed(N_("Only PDF files can be uploaded."))
    if not data:
        raise ValidationFailed(N_("The file is empty."))
    if len(data) > max_bytes:
        raise ValidationFailed(
            N_("The file is larger than %(size)s MB."), size=max_bytes // (1024 * 1024)
        )
    if not data.startswith(PDF_MAGIC) or b"%%EOF" not in data[-2048:] or not _parses(data):
        raise ValidationFailed(N_("The file is not a PDF document, whatever its name says."))
    return name


def _parses(data: bytes) -> bool:
    """Whether pypdf can read the document's structure and every page of it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf warns about what it repairs
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise ValidationFailed(
                    N_("The PDF is protected by a password; upload a copy without one.")
                )
            pages = reader.pages
            return len(pages) > 0 and all(page.mediabox is not None for page in pages)
    except ValidationFailed:
        raise
    except Exception:  # any failure to parse means it is not a usable PDF
        return False


def store_pdf(data: bytes, filename: str, *, folder: Path, max_bytes: int) -> StoredFile:
    """Check and write the file; nothing is written when a check fails."""
    name = check_pdf(data, filename, max_bytes=max_bytes)
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = f"{secrets.token_hex(16)}.pdf"
    path = folder / stored_name
    write_atomically(path, data)
    remove_on_rollback(path)
    return StoredFile(stored_name, name, len(data), hashlib.sha256(data).hexdigest())


def store_generated(data: bytes, suffix: str, *, folder: Path) -> StoredFile:
    """Write a document the app made (``suffix`` "docx") under a random name, removed
    again if the transaction that names it is rolled back."""
    if suffix not in ("pdf", "docx"):
        raise ValueError(f"No stored documents of type {suffix!r}.")
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = f"{secrets.token_hex(16)}.{suffix}"
    path = folder / stored_name
    write_atomically(path, data)
    remove_on_rollback(path)
    return StoredFile(stored_name, stored_name, len(data), hashlib.sha256(data).hexdigest())


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all.

    The bytes go to a hidden temporary file beside it (``.<name>.part``, a name no stored
    file has, so it is never served), are flushed to the disk, and the file is then renamed
    into place: a process killed in the middle, or a full disk, leaves no half file under
    the stored name. A failure removes the temporary file and is raised.
    """
    temp = path.with_name(f".{path.name}.part")
    try:
        with temp.open("xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        temp.chmod(0o640)
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


# -- files of a transaction that is rolled back ----------------------------------------------

_WRITTEN = "core.uploads.written"


def remove_on_rollback(path: Path) -> None:
    """Remove ``path`` again if the database transaction that stores it is rolled back.

    A file is written before the row that names it is committed; when the commit fails or
    a later step is refused, the rollback removes the file, so no orphan file is left.
    """
    if has_app_context():
        db.session().info.setdefault(_WRITTEN, []).append(path)


def _forget_written(session: Session) -> None:
    session.info.pop(_WRITTEN, None)


def _remove_written(session: Session, previous_transaction: SessionTransaction) -> None:
    if previous_transaction.parent is not None:
        return  # a savepoint; the files stay until the whole transaction ends
    for path in session.info.pop(_WRITTEN, []):
        path.unlink(missing_ok=True)


event.listen(Session, "after_commit", _forget_written)
event.listen(Session, "after_soft_rollback", _remove_written)


def read_stored(stored_name: str, *, folder: Path) -> bytes:
    if not STORED_NAME.match(stored_name):
        raise NotFound(N_("The file does not exist."))
    path = folder / stored_name
    if not path.is_file():
        raise NotFound(N_("The file does not exist."))
    return path.read_bytes()


def remove_stored(stored_name: str, *, folder: Path) -> None:
    if STORED_NAME.match(stored_name):
        (folder / stored_name).unlink(missing_ok=True)
