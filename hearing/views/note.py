"""The hearing note as a page and a PDF: the secretariat's (with confidential parts) while
consolidating, and the public one (without them) once the note of a public hearing is final."""

from __future__ import annotations

import re
from typing import Any

from flask import abort, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as HTTPResponse

from core import uploads
from core.i18n import current_locale
from core.pdf import pdf_response, render_pdf
from core.permissions import require
from hearing import permissions
from hearing import queries_consolidation as cq
from hearing.models import Hearing
from hearing.note import NOTE_TEMPLATE, pdf_context
from hearing.views import bp
from hearing.views.common import load_or_404, upload_folder


def _context(hearing: Hearing, *, public: bool) -> dict[str, Any]:
    return pdf_context(hearing, public=public, locale=current_locale())


def _filename(hearing: Hearing) -> str:
    return f"hoeringsnotat-{re.sub(r'[^A-Za-z0-9]+', '-', hearing.reference).strip('-')}.pdf"


def _public_hearing(hearing_id: int) -> Hearing:
    hearing = load_or_404(hearing_id)
    note = cq.latest_note(hearing)
    if not permissions.is_public_hearing(hearing) or note is None or not note.finalised:
        abort(404)
    return hearing


@bp.get("/<int:hearing_id>/note")
def note(hearing_id: int) -> str:
    hearing = load_or_404(hearing_id)
    require(permissions.can_view_consolidation(current_user, hearing))
    return render_template(
        "hearing/consolidation/note.html",
        pdf_url=url_for("hearing.note_pdf", hearing_id=hearing.id),
        **_context(hearing, public=False),
    )


@bp.get("/<int:hearing_id>/note.pdf")
def note_pdf(hearing_id: int) -> HTTPResponse:
    hearing = load_or_404(hearing_id)
    require(permissions.can_view_consolidation(current_user, hearing))
    data = render_pdf(NOTE_TEMPLATE, _context(hearing, public=False), lang=current_locale())
    return pdf_response(data, _filename(hearing))


@bp.get("/public/<int:hearing_id>/note")
def public_note(hearing_id: int) -> str:
    hearing = _public_hearing(hearing_id)
    return render_template(
        "hearing/consolidation/note.html",
        pdf_url=url_for("hearing.public_note_pdf", hearing_id=hearing.id),
        **_context(hearing, public=True),
    )


@bp.get("/public/<int:hearing_id>/note.pdf")
def public_note_pdf(hearing_id: int) -> HTTPResponse:
    """The stored PDF of the final note (made by a background job), or rendered now while
    the job has not stored it yet."""
    hearing = _public_hearing(hearing_id)
    note = cq.latest_note(hearing)
    if note is not None and note.stored_name:
        data = uploads.read_stored(note.stored_name, folder=upload_folder())
    else:
        data = render_pdf(NOTE_TEMPLATE, _context(hearing, public=True), lang=current_locale())
    return pdf_response(data, _filename(hearing))
