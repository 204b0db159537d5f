"""The hearing note as a page and a PDF: the secretariat's (with confidential parts) while
consolidating, and the public one (without them) once the note of a public hearing is final.

The secretariat's PDF is the stored one of the latest version
(``hearing.services.note_render``) when it is current; while a new version is being
generated (or failed) ``note.pdf`` answers a page
with the status instead (202). Every stored version stays downloadable."""

from __future__ import annotations

import re
from typing import Any

from flask import abort, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as HTTPResponse

from core import uploads
from core.clock import utcnow
from core.forms import Form
from core.i18n import current_locale
from core.pdf import pdf_response, render_pdf
from core.permissions import require
from core.views.unit_of_work import run
from hearing import permissions
from hearing.blueprint import bp
from hearing.models import Hearing
from hearing.models.consolidation import HearingNote
from hearing.queries import consolidation as cq
from hearing.queries import note as nq
from hearing.queries.note_content import (
    CLOSED_ANNEX_TEMPLATE,
    NOTE_TEMPLATE,
    closed_annex_context,
    pdf_context,
)
from hearing.services.note_versions import regenerate_note
from hearing.views.common import load_or_404, upload_folder


def _context(hearing: Hearing, *, public: bool) -> dict[str, Any]:
    return pdf_context(hearing, public=public, locale=current_locale())


def _filename(hearing: Hearing, note: HearingNote | None = None) -> str:
    stem = f"hoeringsnotat-{re.sub(r'[^A-Za-z0-9]+', '-', hearing.reference).strip('-')}"
    return f"{stem}-version-{note.number}.pdf" if note is not None else f"{stem}.pdf"


def _secretariat_hearing(hearing_id: int) -> Hearing:
    hearing = load_or_404(hearing_id)
    require(permissions.can_view_consolidation(current_user, hearing))
    return hearing


def _public_hearing(hearing_id: int) -> Hearing:
    hearing = load_or_404(hearing_id)
    note = cq.latest_note(hearing)
    if not permissions.is_public_hearing(hearing) or note is None or not note.finalised:
        abort(404)
    return hearing


@bp.get("/<id:hearing_id>/note")
def note(hearing_id: int) -> str:
    hearing = _secretariat_hearing(hearing_id)
    return render_template(
        "hearing/consolidation/note.html",
        pdf_url=url_for("hearing.note_pdf", hearing_id=hearing.id),
        note_status=nq.status(hearing),
        note_versions=nq.stored_versions(hearing),
        **_context(hearing, public=False),
    )


@bp.get("/<id:hearing_id>/note.pdf")
def note_pdf(hearing_id: int) -> HTTPResponse | tuple[str, int, dict[str, str]]:
    """The stored PDF of the latest version when it is current; else the status (202)."""
    hearing = _secretariat_hearing(hearing_id)
    note = cq.latest_note(hearing)
    current = nq.current_note(hearing, note, nq.job_of(hearing))
    if current is not None and current.full_stored_name:
        data = uploads.read_stored(current.full_stored_name, folder=upload_folder())
        return pdf_response(data, _filename(hearing, current))
    page = render_template(
        "hearing/consolidation/note_pending.html",
        hearing=hearing,
        note_status=nq.status(hearing),
    )
    return page, 202, {"Retry-After": "5"}


@bp.get("/<id:hearing_id>/note/closed-annex.pdf")
def note_closed_annex(hearing_id: int) -> HTTPResponse:
    """The committee's closed annex: the responses' confidential parts, never public."""
    hearing = _secretariat_hearing(hearing_id)
    values = closed_annex_context(hearing, locale=current_locale())
    data = render_pdf(CLOSED_ANNEX_TEMPLATE, values, lang=current_locale())
    stem = _filename(hearing).removesuffix(".pdf")
    response = pdf_response(data, f"{stem}-lukket-bilag.pdf")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/<id:hearing_id>/note/versions/<id:number>.pdf")
def note_version_pdf(hearing_id: int, number: int) -> HTTPResponse:
    hearing = _secretariat_hearing(hearing_id)
    note = nq.stored_version(hearing, number)
    if note is None or not note.full_stored_name:
        abort(404)
    data = uploads.read_stored(note.full_stored_name, folder=upload_folder())
    return pdf_response(data, _filename(hearing, note))


@bp.get("/<id:hearing_id>/note/status")
def note_status(hearing_id: int) -> HTTPResponse:
    """The note's rendering status as JSON, polled by static/js/note-status.js."""
    hearing = _secretariat_hearing(hearing_id)
    response = jsonify(nq.status(hearing))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/<id:hearing_id>/note/render")
def render_note(hearing_id: int) -> HTTPResponse:
    """Generate the note again (after a failure, or when no version is stored)."""
    hearing = _secretariat_hearing(hearing_id)
    if not Form().validate_on_submit():
        abort(400)
    run(
        lambda: regenerate_note(hearing, actor=current_user, now=utcnow()),
        success=_("The hearing note is being generated."),
    )
    back = request.form.get("back")
    if back == "workspace":
        return redirect(url_for("hearing.consolidation", hearing_id=hearing.id, _anchor="note"))
    return redirect(url_for("hearing.note", hearing_id=hearing.id))


@bp.get("/public/<id:hearing_id>/note")
def public_note(hearing_id: int) -> str:
    hearing = _public_hearing(hearing_id)
    return render_template(
        "hearing/consolidation/note.html",
        pdf_url=url_for("hearing.public_note_pdf", hearing_id=hearing.id),
        **_context(hearing, public=True),
    )


@bp.get("/public/<id:hearing_id>/note.pdf")
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
