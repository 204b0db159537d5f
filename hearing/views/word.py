"""The hearing note and the hearing letter as Word documents (.docx), beside their PDFs:
the same routes with ``.docx``, the same permissions (:mod:`hearing.word_note`,
:mod:`hearing.word_letter`).

The note's .docx is stored with each version of the note (``hearing.services.note_render``,
in Danish, as its PDF): ``note.docx`` serves the current version's stored file and
``note/versions/<n>.docx`` any version's, so a later change never alters an older one.
While no current version is stored (a new one is being made), and for a reader in another
language, the note is rendered on request from what it says now. The letter is rendered on
request."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from werkzeug.wrappers import Response

from core import uploads
from core.clock import utcnow
from core.i18n import current_locale
from core.permissions import require
from core.word import docx_response
from hearing import permissions, word_letter, word_note
from hearing.blueprint import bp
from hearing.models import Hearing
from hearing.models.consolidation import HearingNote
from hearing.queries import consolidation as cq
from hearing.queries import note as nq
from hearing.queries.note_content import note_context
from hearing.services.note_render import LANG
from hearing.views.common import load_or_404, upload_folder
from hearing.views.note import _filename, _public_hearing, _secretariat_hearing
from hearing.views.public import _public_or_404


def _docx_filename(hearing: Hearing, note: HearingNote | None = None) -> str:
    return _filename(hearing, note).removesuffix(".pdf") + ".docx"


def _note(hearing: Hearing, *, public: bool) -> Response:
    lang = current_locale()
    values = note_context(hearing, public=public, locale=lang)
    return docx_response(word_note.note_docx(values, lang=lang), _docx_filename(hearing))


def _stored(hearing: Hearing, note: HearingNote, stored_name: str) -> Response:
    data = uploads.read_stored(stored_name, folder=upload_folder())
    return docx_response(data, _docx_filename(hearing, note))


def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/<id:hearing_id>/note.docx")
def note_docx(hearing_id: int) -> Response:
    """The secretariat's note, with every confidential part: the current version's stored
    file, or rendered now (see above)."""
    hearing = _secretariat_hearing(hearing_id)
    current = nq.current_note(hearing, cq.latest_note(hearing), nq.job_of(hearing))
    if current is not None and current.full_docx_stored_name and current_locale() == LANG:
        return _private(_stored(hearing, current, current.full_docx_stored_name))
    return _private(_note(hearing, public=False))


@bp.get("/<id:hearing_id>/note/versions/<id:number>.docx")
def note_version_docx(hearing_id: int, number: int) -> Response:
    """A stored version's .docx, as it was stored with its PDF."""
    hearing = _secretariat_hearing(hearing_id)
    note = nq.stored_version(hearing, number)
    if note is None or not note.full_docx_stored_name:
        abort(404)
    return _private(_stored(hearing, note, note.full_docx_stored_name))


@bp.get("/public/<id:hearing_id>/note.docx")
def public_note_docx(hearing_id: int) -> Response:
    """The final note of a public hearing without its confidential parts: the stored file,
    or rendered now while the job has not stored it yet."""
    hearing = _public_hearing(hearing_id)
    note = cq.latest_note(hearing)
    if note is not None and note.docx_stored_name and current_locale() == LANG:
        return _stored(hearing, note, note.docx_stored_name)
    return _note(hearing, public=True)


def _letter(hearing: Hearing) -> Response:
    lang = current_locale()
    data = word_letter.letter_docx(hearing, lang=lang, now=utcnow())
    return docx_response(data, word_letter.letter_docx_filename(hearing, lang))


@bp.get("/<id:hearing_id>/letter.docx")
def letter_docx(hearing_id: int) -> Response:
    hearing = load_or_404(hearing_id)
    require(permissions.can_view_hearing(current_user, hearing))
    return _letter(hearing)


@bp.get("/public/<id:hearing_id>/letter.docx")
def public_letter_docx(hearing_id: int) -> Response:
    return _letter(_public_or_404(hearing_id))
