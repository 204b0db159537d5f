"""A body's response: "my hearings" and the shared draft with the buttons of its form.

Every button of the draft form saves the text first (nothing typed is lost when a member
goes on to add a proposal or upload a file). URLs name the hearing and the body; the
response, its proposals and attachments are looked up inside them, so another body's id
in a URL is refused (403) or not found (404).
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as HTTPResponse

from core.clock import utcnow
from core.errors import N_, DomainError, ValidationFailed, WriteFailed
from core.i18n import datetime_with_zone, error_text
from core.permissions import require
from core.views.common import flash_error
from core.views.unit_of_work import run
from hearing.blueprint import bp
from hearing.errors import StaleDraft
from hearing.forms.responses import (
    attachment_of,
    form_fields_of,
    form_values,
    response_form,
    typed_texts,
)
from hearing.permissions import can_edit_response, can_view_own_hearings
from hearing.proposals import ProposalKind
from hearing.queries import responses as rq
from hearing.response_content import field_digests
from hearing.services import draft_attachments as attachments_svc
from hearing.services import draft_proposals as proposals_svc
from hearing.services import response_drafts as drafts_svc
from hearing.services.response_drafts import SaveResult
from hearing.views.common import upload_folder
from hearing.views.response_common import (
    Loaded,
    Page,
    after_rollback,
    load_for_member,
    page_context,
    response_url,
)

_LABELS = {
    "general_remarks": "General remarks",
    "confidential": "Confidential",
    "confidential_reason": "Why the response is confidential",
}


@bp.get("/mine")
def mine() -> str:
    require(can_view_own_hearings(current_user))
    return render_template(
        "hearing/responses/mine.html", rows=rq.my_hearings(current_user, utcnow()), now=utcnow()
    )


def _render(loaded: Any, form: Any, status: int = 200, **extra: Any) -> Page:
    context = page_context(loaded, form=form, **extra)
    template = (
        "hearing/responses/form.html" if context["editable"] else "hearing/responses/read.html"
    )
    return render_template(template, **context), status


def _new_form(loaded: Any) -> Any:
    response = loaded.response
    current = drafts_svc.draft_fields(response)
    return response_form(
        loaded.codes,
        formdata=None,
        data=form_values(current, loaded.codes)
        | {"edit_version": str(response.edit_version), "base": _json(field_digests(current))},
    )


def _json(value: Any) -> str:
    import json

    return json.dumps(value, sort_keys=True, separators=(",", ":"))


@bp.get("/<id:hearing_id>/bodies/<id:body_id>/response")
def response_form_page(hearing_id: int, body_id: int) -> Page:
    loaded = load_for_member(hearing_id, body_id)
    return _render(loaded, _new_form(loaded))


def _autosave() -> bool:
    return request.headers.get("X-Autosave") == "1"


@bp.post("/<id:hearing_id>/bodies/<id:body_id>/response")
def save_response(hearing_id: int, body_id: int) -> Page | HTTPResponse:
    loaded = load_for_member(hearing_id, body_id)
    now = utcnow()
    if not can_edit_response(current_user, loaded.response, now):
        return _refused(loaded)
    form = response_form(loaded.codes)
    if not form.validate_on_submit():
        return _invalid(loaded, form)
    outcome = run(lambda: _save(loaded, form, now), flash_errors=False)
    if isinstance(outcome.error, StaleDraft):
        return _stale(loaded, form, outcome.error)
    if outcome.error is not None:
        return _refused_by_rule(loaded, form, outcome.error)
    if _autosave():
        return _autosaved(loaded, outcome.result()[0])
    result, follow = outcome.result()
    return follow or _saved(loaded, result)


def _save(loaded: Loaded, form: Any, now: Any) -> tuple[SaveResult, HTTPResponse | None]:
    """Save the text, then do what the button says, in the same unit of work."""
    result = drafts_svc.save_draft(
        loaded.response,
        form.to_data(),
        actor=current_user,
        now=now,
        expected_version=form.expected_version(),
        # A background save merges too: its answer names the fields taken from the others,
        # which the page then fills in (response-autosave.js).
        base_digests=form.base_digests(),
    )
    return result, _follow_up(loaded, form, request.form.get("action", "save"), now)


def _invalid(loaded: Any, form: Any) -> Page | HTTPResponse:
    if _autosave():
        message = _("The form has errors. Nothing was saved.")
        return jsonify({"ok": False, "message": message}), 400
    return _render(loaded, form, 400)


def _refused_by_rule(loaded: Any, form: Any, err: DomainError) -> Page | HTTPResponse:
    if _autosave():
        # A write fault of the system may pass: the page tries again at the next change.
        retry = isinstance(err, WriteFailed)
        return jsonify({"ok": False, "retry": retry, "message": error_text(err)}), err.status_code
    flash_error(err)
    return _render(after_rollback(loaded), form, err.status_code)


def _autosaved(loaded: Any, result: SaveResult) -> HTTPResponse:
    """The answer to a background save: the new counter and digests, and the fields that
    were taken from someone else's save (by form name, with their flat key and value)."""
    response = loaded.response
    saved = response.last_edited_at
    current = drafts_svc.draft_fields(response)
    message = _("Draft saved %(when)s.", when=datetime_with_zone(saved)) if saved else ""
    if result.merged_from_others:
        message = " ".join(
            (message, _("Changes someone else saved to other fields were added to the form."))
        ).strip()
    return jsonify(
        {
            "ok": True,
            "edit_version": response.edit_version,
            "base": _json(field_digests(current)),
            "merged": bool(result.merged_from_others),
            "fields": form_fields_of(result.merged_from_others, current, loaded.codes),
            "message": message,
        }
    )


def _saved(loaded: Any, result: SaveResult) -> HTTPResponse:
    if result.merged_from_others:
        flash(
            _(
                "Someone else saved the response while you were editing it. Their changes "
                "were kept together with yours."
            ),
            "warning",
        )
    flash(_("The draft was saved."), "success")
    return redirect(response_url(loaded))


def _refused(loaded: Any) -> Page | HTTPResponse:
    """The draft can no longer be changed (the deadline passed, it was submitted): nothing
    is saved, and the page shows what was typed so it can be copied."""
    if _autosave():
        return jsonify({"ok": False, "message": _("The response can no longer be changed.")}), 409
    flash(_("The response can no longer be changed."), "error")
    return _render(loaded, None, 409, unsaved=typed_texts(response_form(loaded.codes)))


def _upload(loaded: Any, form: Any, arg: str, now: Any) -> HTTPResponse:
    upload = attachment_of(form)
    if upload is None:
        raise ValidationFailed(N_("Choose a PDF file."))
    attachments_svc.add_attachment(
        loaded.response,
        upload.data,
        upload.filename,
        confidential=upload.confidential,
        confidential_reason=upload.reason,
        folder=_folder(),
        max_bytes=int(current_app.config["UPLOAD_MAX_BYTES"]),
        actor=current_user,
        now=now,
    )
    flash(_("The draft was saved and the file attached."), "success")
    return redirect(response_url(loaded, _anchor="attachments"))


def _remove_attachment(loaded: Any, form: Any, arg: str, now: Any) -> HTTPResponse:
    attachments_svc.remove_attachment(
        loaded.response, _id(arg), folder=_folder(), actor=current_user, now=now
    )
    flash(_("The draft was saved and the attachment removed."), "success")
    return redirect(response_url(loaded, _anchor="attachments"))


def _remove_proposal(loaded: Any, form: Any, arg: str, now: Any) -> HTTPResponse:
    proposals_svc.remove_proposal(loaded.response, _id(arg), actor=current_user, now=now)
    flash(_("The draft was saved and the proposal removed."), "success")
    return redirect(response_url(loaded, _anchor="proposals"))


def _add_proposal(loaded: Any, form: Any, arg: str, now: Any) -> HTTPResponse:
    if arg not in {k.value for k in ProposalKind}:
        abort(400)
    return redirect(
        url_for(
            "hearing.new_proposal",
            hearing_id=loaded.hearing.id,
            body_id=loaded.consultee.body_id,
            kind=arg,
        )
    )


def _edit_proposal(loaded: Any, form: Any, arg: str, now: Any) -> HTTPResponse:
    proposals_svc.draft_proposal(loaded.response, _id(arg))
    return redirect(
        url_for(
            "hearing.edit_proposal",
            hearing_id=loaded.hearing.id,
            body_id=loaded.consultee.body_id,
            proposal_id=_id(arg),
        )
    )


def _edit_attachment(loaded: Any, form: Any, arg: str, now: Any) -> HTTPResponse:
    attachments_svc.draft_attachment(loaded.response, _id(arg))
    return redirect(
        url_for(
            "hearing.attachment_confidentiality",
            hearing_id=loaded.hearing.id,
            body_id=loaded.consultee.body_id,
            attachment_id=_id(arg),
        )
    )


def _go_to(endpoint: str) -> Any:
    def handler(loaded: Any, form: Any, arg: str, now: Any) -> HTTPResponse:
        return redirect(
            url_for(endpoint, hearing_id=loaded.hearing.id, body_id=loaded.consultee.body_id)
        )

    return handler


def _id(arg: str) -> int:
    if not arg.isdigit():
        abort(400)
    return int(arg)


# The buttons of the draft form: each runs after the text is saved, in the same transaction.
_ACTIONS = {
    "upload": _upload,
    "remove_attachment": _remove_attachment,
    "edit_attachment": _edit_attachment,
    "remove_proposal": _remove_proposal,
    "add_proposal": _add_proposal,
    "edit_proposal": _edit_proposal,
    "submit": _go_to("hearing.submit_response"),
    "no_remarks": _go_to("hearing.no_remarks"),
}


def _follow_up(loaded: Any, form: Any, action: str, now: Any) -> HTTPResponse | None:
    """The second half of a button: after the text is saved, do what the button says."""
    name, _sep, arg = action.partition(":")
    handler = _ACTIONS.get(name)
    return handler(loaded, form, arg, now) if handler is not None else None


def _stale(loaded: Any, form: Any, err: StaleDraft) -> Page | HTTPResponse:
    """Show the merged text (the user's where both changed) and the other side's text."""
    response = loaded.response  # the unit of work's rollback reloads it
    if _autosave():
        return jsonify({"ok": False, "stale": True, "message": error_text(err)}), 409
    current = drafts_svc.draft_fields(response)
    values = err.merge.values if err.merge is not None else drafts_svc.data_fields(form.to_data())
    merged = response_form(
        loaded.codes,
        formdata=None,
        data=form_values(values, loaded.codes)
        | {"edit_version": str(response.edit_version), "base": _json(field_digests(current))},
    )
    conflicts = err.merge.conflicts if err.merge is not None else ()
    flash_error(err)
    return _render(
        loaded,
        merged,
        409,
        conflicts={key: current.get(key, "") for key in conflicts},
        editors=err.editors,
        taken=err.merge.taken_from_others if err.merge is not None else (),
    )


def _folder() -> Any:
    return upload_folder()
