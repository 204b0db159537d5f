"""The hearing note and the hearing letter as Word documents (.docx), beside their PDFs:
the same routes with ``.docx``, the same permissions, rendered on request
(:mod:`hearing.word_note`, :mod:`hearing.word_letter`)."""

from __future__ import annotations

from flask_login import current_user
from werkzeug.wrappers import Response

from core.clock import utcnow
from core.i18n import current_locale
from core.permissions import require
from core.word import docx_response
from hearing import permissions, word_letter, word_note
from hearing.blueprint import bp
from hearing.models import Hearing
from hearing.queries.note_content import note_context
from hearing.views.common import load_or_404
from hearing.views.note import _filename, _public_hearing, _secretariat_hearing
from hearing.views.public import _public_or_404


def _note(hearing: Hearing, *, public: bool) -> Response:
    lang = current_locale()
    values = note_context(hearing, public=public, locale=lang)
    filename = _filename(hearing).removesuffix(".pdf") + ".docx"
    return docx_response(word_note.note_docx(values, lang=lang), filename)


@bp.get("/<id:hearing_id>/note.docx")
def note_docx(hearing_id: int) -> Response:
    """The secretariat's note, with every confidential part."""
    response = _note(_secretariat_hearing(hearing_id), public=False)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/public/<id:hearing_id>/note.docx")
def public_note_docx(hearing_id: int) -> Response:
    """The final note of a public hearing without its confidential parts."""
    return _note(_public_hearing(hearing_id), public=True)


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
