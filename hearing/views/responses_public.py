"""Public responses (no log-in): once a public hearing has closed, the public parts of each
body's current submitted version, as a page and a PDF. Never a confidential part, a draft,
a superseded or withdrawn version; before the close, or for a non-public hearing, a 404."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template
from werkzeug.wrappers import Response as HTTPResponse

from core.clock import utcnow
from core.i18n import current_locale
from core.pdf import pdf_response, render_pdf
from hearing import permissions as perms
from hearing.blueprint import bp
from hearing.models import Hearing
from hearing.queries import responses as rq
from hearing.views.common import load_or_404
from hearing.views.response_common import send_attachment


def _public_hearing(hearing_id: int) -> Hearing:
    hearing = load_or_404(hearing_id)
    if not perms.responses_are_public(hearing, utcnow()):
        abort(404)
    return hearing


def public_context(hearing: Hearing) -> dict[str, Any]:
    catalogue = rq.catalogue_of(hearing)
    answered = {v.response.consultee_id for v in rq.current_submitted_versions(hearing)}
    return {
        "hearing_id": hearing.id,
        "reference": hearing.reference,
        "title": hearing.title,
        "versions": [
            rq.version_dict(v, public=True) for v in rq.current_submitted_versions(hearing)
        ],
        "not_answered": [
            (c.body.code, c.body.name(current_locale()))
            for c in sorted(hearing.consultees, key=lambda c: c.body.code)
            if c.id not in answered
        ],
        "goals": rq.goal_index(catalogue),
        "indicators": rq.indicator_index(catalogue),
    }


@bp.get("/public/<id:hearing_id>/responses")
def public_responses(hearing_id: int) -> str:
    hearing = _public_hearing(hearing_id)
    from flask import url_for

    return render_template(
        "hearing/responses/public.html",
        hearing=hearing,
        public_attachment_url=lambda a: url_for(
            "hearing.public_response_attachment",
            hearing_id=hearing.id,
            version_id=a["version_id"],
            attachment_id=a["id"],
        ),
        **public_context(hearing),
    )


@bp.get("/public/<id:hearing_id>/responses.pdf")
def public_responses_pdf(hearing_id: int) -> HTTPResponse:
    hearing = _public_hearing(hearing_id)
    data = render_pdf(
        "hearing/pdf/public_responses.html", public_context(hearing), lang=current_locale()
    )
    return pdf_response(data, f"hoeringssvar-{hearing.id}.pdf")


@bp.get("/public/<id:hearing_id>/responses/<id:version_id>/attachments/<id:attachment_id>")
def public_response_attachment(
    hearing_id: int, version_id: int, attachment_id: int
) -> HTTPResponse:
    hearing = _public_hearing(hearing_id)
    version = next((v for v in rq.current_submitted_versions(hearing) if v.id == version_id), None)
    attachment = (
        next((a for a in version.attachments if a.id == attachment_id), None) if version else None
    )
    if attachment is None or not perms.is_public_attachment(attachment, utcnow()):
        abort(404)
    return send_attachment(attachment)
