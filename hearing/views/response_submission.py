"""Submitting a response, "no remarks", amending, withdrawing; receipts as page and PDF."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as HTTPResponse

from core.clock import utcnow
from core.errors import WriteFailed
from core.i18n import current_locale, error_text
from core.pdf import pdf_response
from core.permissions import require
from core.views.common import flash_error
from core.views.unit_of_work import run
from hearing import permissions as perms
from hearing.blueprint import bp
from hearing.errors import AlreadySubmitted, StaleDraft
from hearing.forms.responses import ConfirmForm
from hearing.models.responses import ResponseVersion
from hearing.pdf import receipt_context, receipt_filename, receipt_pdf
from hearing.queries import responses as rq
from hearing.services import response_versions as versions
from hearing.views.common import load_or_404
from hearing.views.response_common import (
    Loaded,
    Page,
    consultee_or_404,
    load_for_member,
    page_context,
    response_url,
    send_attachment,
)
from hearing.views.state_refusals import response_action_refused

BASE = "/<id:hearing_id>/bodies/<id:body_id>/response"


def _confirm_page(loaded: Loaded, form: ConfirmForm, what: str, status: int = 200) -> Page:
    return render_template(
        "hearing/responses/confirm.html", **page_context(loaded), confirm_form=form, what=what
    ), status


def _confirm_form(loaded: Loaded) -> ConfirmForm:
    form = ConfirmForm()
    if request.method == "GET":
        form.edit_version.data = str(loaded.response.edit_version)
    return form


def _version_url(loaded: Loaded, version: ResponseVersion) -> str:
    return url_for(
        "hearing.response_version",
        hearing_id=loaded.hearing.id,
        body_id=loaded.consultee.body_id,
        number=version.number,
    )


def _to_receipt(loaded: Loaded, err: AlreadySubmitted) -> HTTPResponse:
    """A repeated submission is answered with the receipt of the version that counts."""
    flash(error_text(err), "info")
    return redirect(
        url_for(
            "hearing.response_version",
            hearing_id=loaded.hearing.id,
            body_id=loaded.consultee.body_id,
            number=err.number,
        )
    )


def _submit_refused(loaded: Loaded) -> Page | HTTPResponse | None:
    """The receipt of a response already submitted, or why this user may not submit now."""
    if perms.can_view_response(current_user, loaded.response):
        try:
            versions.check_not_submitted(loaded.response)
        except AlreadySubmitted as err:
            return _to_receipt(loaded, err)
    now = utcnow()
    return response_action_refused(
        loaded, perms.can_submit_response(current_user, loaded.response, now), now
    )


def _submit(loaded: Loaded, what: str, no_remarks: bool) -> Page | HTTPResponse:
    refused = _submit_refused(loaded)
    if refused is not None:
        return refused
    form = _confirm_form(loaded)
    if not form.validate_on_submit():
        return _confirm_page(loaded, form, what, 400 if request.method == "POST" else 200)
    # The server's clock at this moment decides; the service compares it with the
    # body's deadline under the row lock, right before the version is written.
    outcome = run(
        lambda: versions.submit_response(
            loaded.response,
            actor=current_user,
            now=utcnow(),
            expected_version=form.expected_version(),
            no_remarks=no_remarks,
        ),
        success=_("The response was submitted. The receipt is below."),
        flash_errors=False,
    )
    if isinstance(outcome.error, AlreadySubmitted):
        return _to_receipt(loaded, outcome.error)
    if isinstance(outcome.error, StaleDraft):
        flash(
            _(
                "Someone changed the draft after you opened this page. Look through it again "
                "before you submit."
            ),
            "error",
        )
    elif isinstance(outcome.error, WriteFailed):
        flash_error(outcome.error)  # nothing was frozen: the same button may be tried again
        return _confirm_page(loaded, form, what, outcome.error.status_code)
    elif outcome.error is not None:
        flash_error(outcome.error)
    if not outcome.ok:
        return redirect(response_url(loaded))
    return redirect(_version_url(loaded, outcome.result()))


@bp.route(BASE + "/submit", methods=["GET", "POST"])
def submit_response(hearing_id: int, body_id: int) -> Page | HTTPResponse:
    return _submit(load_for_member(hearing_id, body_id), "submit", no_remarks=False)


@bp.route(BASE + "/no-remarks", methods=["GET", "POST"])
def no_remarks(hearing_id: int, body_id: int) -> Page | HTTPResponse:
    return _submit(load_for_member(hearing_id, body_id), "no_remarks", no_remarks=True)


@bp.post(BASE + "/amend")
def amend_response(hearing_id: int, body_id: int) -> HTTPResponse:
    loaded = load_for_member(hearing_id, body_id)
    now = utcnow()
    refused = response_action_refused(
        loaded, perms.can_amend_response(current_user, loaded.response, now), now
    )
    if refused is not None:
        return refused
    if not ConfirmForm().validate_on_submit():
        abort(400)
    run(
        lambda: versions.amend_response(loaded.response, actor=current_user, now=utcnow()),
        success=_(
            "You can change the response again. The submitted version counts until you "
            "submit the new one."
        ),
    )
    return redirect(response_url(loaded))


@bp.route(BASE + "/withdraw", methods=["GET", "POST"])
def withdraw_response(hearing_id: int, body_id: int) -> Page | HTTPResponse:
    loaded = load_for_member(hearing_id, body_id)
    now = utcnow()
    refused = response_action_refused(
        loaded, perms.can_withdraw_response(current_user, loaded.response, now), now
    )
    if refused is not None:
        return refused
    form = _confirm_form(loaded)
    if not form.validate_on_submit():
        return _confirm_page(loaded, form, "withdraw", 400 if request.method == "POST" else 200)
    run(
        lambda: versions.withdraw_response(loaded.response, actor=current_user, now=utcnow()),
        success=_("The response was withdrawn. It is kept, marked as withdrawn."),
    )
    return redirect(response_url(loaded))


# -- versions and receipts (the body and the secretariat) -----------------------------------


def _version_or_404(hearing_id: int, body_id: int, number: int) -> tuple[Any, ResponseVersion]:
    hearing = load_or_404(hearing_id)
    consultee = consultee_or_404(hearing, body_id)
    response = rq.response_of(consultee)
    version = rq.version_of(response, number) if response is not None else None
    if version is None:
        # Members of another body learn nothing: the same refusal as for an existing one.
        require(perms.is_member_of(current_user, body_id) or perms.is_secretariat(current_user))
        abort(404)
    require(perms.can_view_response_version(current_user, version))
    return hearing, version


@bp.get(BASE + "/versions/<id:number>")
def response_version(hearing_id: int, body_id: int, number: int) -> str:
    hearing, version = _version_or_404(hearing_id, body_id, number)
    return render_template(
        "hearing/responses/receipt.html",
        hearing=hearing,
        body=version.response.consultee.body,
        v_response=version.response,
        all_versions=version.response.versions,
        perms=perms,
        version_attachment_url=lambda a: url_for(
            "hearing.version_attachment",
            hearing_id=hearing_id,
            body_id=body_id,
            number=number,
            attachment_id=a["id"],
        ),
        **receipt_context(hearing, version),
    )


@bp.get(BASE + "/versions/<id:number>/receipt.pdf")
def response_receipt_pdf(hearing_id: int, body_id: int, number: int) -> HTTPResponse:
    hearing, version = _version_or_404(hearing_id, body_id, number)
    data = receipt_pdf(hearing, version, lang=current_locale())
    return pdf_response(data, receipt_filename(version))


@bp.get(BASE + "/versions/<id:number>/attachments/<id:attachment_id>")
def version_attachment(
    hearing_id: int, body_id: int, number: int, attachment_id: int
) -> HTTPResponse:
    _hearing, version = _version_or_404(hearing_id, body_id, number)
    attachment = next((a for a in version.attachments if a.id == attachment_id), None)
    if attachment is None:
        abort(404)
    return send_attachment(attachment)
