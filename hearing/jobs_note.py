"""Background job: store the public PDF of a final hearing note (it can be hundreds of pages
for a large hearing). Idempotent: a note whose PDF is stored is left alone."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from core import uploads
from core.extensions import db
from core.pdf import render_pdf
from hearing.models_consolidation import HearingNote
from hearing.note import NOTE_TEMPLATE, pdf_context

MAX_NOTE_BYTES = 500 * 1024 * 1024


def store_note_pdf(note_id: int) -> None:
    note = db.session.get(HearingNote, note_id)
    if note is None or note.stored_name or not note.finalised:
        return
    # The templates' context processors read the request (the current path, the user).
    with current_app.test_request_context():
        context = pdf_context(note.hearing, public=True, locale="da")
        data = render_pdf(NOTE_TEMPLATE, context, lang="da")
    stored = uploads.store_pdf(
        data,
        f"hoeringsnotat-{note.hearing_id}-{note.number}.pdf",
        folder=Path(current_app.config["UPLOAD_FOLDER"]),
        max_bytes=MAX_NOTE_BYTES,
    )
    note.stored_name, note.sha256 = stored.stored_name, stored.sha256
    db.session.commit()
