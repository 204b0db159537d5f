"""The attachments of a body's draft response: downloading one, and its confidentiality."""

from __future__ import annotations

from datetime import datetime

from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as HTTPResponse

from core.clock import utcnow
from core.errors import DomainError
from core.permissions import require
from core.views.common import flash_error
from core.views.unit_of_work import run
from hearing.blueprint import bp
from hearing.errors import StaleDraft
from hearing.forms.responses import AttachmentForm
from hearing.models.responses import ResponseAttachment
from hearing.permissions import can_edit_response, can_view_response
from hearing.services import draft_attachments as attachments_svc
from hearing.views.response_common import (
    Loaded,
    Page,
    load_for_member,
    page_context,
    response_url,
    send_attachment,
)


@bp.get("/<id:hearing_id>/bodies/<id:body_id>/response/attachments/<id:attachment_id>")
def draft_attachment(hearing_id: int, body_id: int, attachment_id: int) -> HTTPResponse:
    loaded = load_for_member(hearing_id, body_id)
    require(can_view_response(current_user, loaded.response))
    attachment = next((a for a in loaded.response.attachments if a.id == attachment_id), None)
    if attachment is None:
        abort(404)
    return send_attachment(attachment)


@bp.route(
    "/<id:hearing_id>/bodies/<id:body_id>/response/attachments/<id:attachment_id>/confidentiality",
    methods=["GET", "POST"],
)
def attachment_confidentiality(
    hearing_id: int, body_id: int, attachment_id: int
) -> Page | HTTPResponse:
    """Make an attachment of the draft confidential (with the reason) or public again."""
    loaded = load_for_member(hearing_id, body_id)
    now = utcnow()
    require(can_edit_response(current_user, loaded.response, now))
    attachment = next((a for a in loaded.response.attachments if a.id == attachment_id), None)
    if attachment is None:
        abort(404)
    form = _confidentiality_form(attachment)
    if not form.validate_on_submit():
        return _attachment_page(loaded, form, attachment, 400 if request.method == "POST" else 200)
    outcome = run(
        lambda: _change(loaded, attachment_id, form, now),
        success=_("The confidentiality of the attachment was saved."),
        flash_errors=False,
    )
    if outcome.error is not None:
        return _attachment_refused(loaded, form, attachment, outcome.error)
    return redirect(response_url(loaded, _anchor="attachments"))


def _change(loaded: Loaded, attachment_id: int, form: AttachmentForm, now: datetime) -> None:
    attachments_svc.change_attachment_confidentiality(
        loaded.response,
        attachment_id,
        confidential=bool(form.confidential.data),
        confidential_reason=form.confidential_reason.data or "",
        expected_state=form.state.data or "",
        actor=current_user,
        now=now,
    )


def _confidentiality_form(attachment: ResponseAttachment) -> AttachmentForm:
    if request.method != "GET":
        return AttachmentForm()
    return AttachmentForm(
        formdata=None,
        data={
            "confidential": attachment.confidential,
            "confidential_reason": attachment.confidential_reason or "",
            "state": attachments_svc.attachment_state(attachment),
        },
    )


def _attachment_refused(
    loaded: Loaded, form: AttachmentForm, attachment: ResponseAttachment, err: DomainError
) -> Page:
    """The form again with the reason; a stale one shows the saved choice beside it."""
    if not isinstance(err, StaleDraft):
        flash_error(err)
        return _attachment_page(loaded, form, attachment, err.status_code)
    flash(
        _(
            "Someone else changed the confidentiality of this attachment after you "
            "opened it. Your choice is kept below; the saved one is shown beside it. "
            "Save again to replace it."
        ),
        "error",
    )
    # The unit of work's rollback reloaded the attachment.
    form.state.data = attachments_svc.attachment_state(attachment)
    return _attachment_page(loaded, form, attachment, 409)


def _attachment_page(
    loaded: Loaded, form: AttachmentForm, attachment: ResponseAttachment, status: int
) -> Page:
    return render_template(
        "hearing/responses/attachment.html",
        **page_context(loaded),
        attachment_form=form,
        attachment=attachment,
        saved_state=status == 409,
    ), status
