"""The secretariat's corrections to a hearing's course (docs/hearings.md): shorten the
deadline, reopen, cancel (or delete a draft), and send the note and the decision to all
parties. Each asks for confirmation on its own page; in the wrong state each answers with
the 409 page that says the hearing's state and what can be done."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from core.clock import utcnow
from core.forms import Form
from core.permissions import require
from core.views.unit_of_work import run
from hearing import permissions
from hearing.blueprint import bp
from hearing.forms.course_changes import CancelForm, NewDeadlineForm, SendToPartiesForm
from hearing.models import Hearing
from hearing.queries.consolidation import decision_of
from hearing.services import course_changes, party_notice
from hearing.views.common import load_or_404, upload_folder
from hearing.views.state_refusals import refuse_in_state

Page = Response | str | tuple[str, int]
TEMPLATE = "hearing/course_change.html"


def _done(hearing_id: int) -> Response:
    return redirect(url_for("hearing.show", hearing_id=hearing_id))


def _new_deadline(hearing: Hearing, action: str, change: Callable[..., Any], done: str) -> Page:
    """The form of a new deadline with a reason (shorten, reopen): ``change`` is the service."""
    form = NewDeadlineForm()
    page = partial(render_template, TEMPLATE, hearing=hearing, form=form, action=action)
    if not form.validate_on_submit():
        return page(), 400 if request.method == "POST" else 200
    data = form.to_data()
    outcome = run(
        lambda: change(hearing, data.until, data.reason, actor=current_user, now=utcnow()),
        form=form,
        success=done,
    )
    return _done(hearing.id) if outcome.ok else (page(), outcome.status)


@bp.route("/<id:hearing_id>/shorten", methods=["GET", "POST"])
def shorten_deadline(hearing_id: int) -> Page:
    hearing = load_or_404(hearing_id)
    require(permissions.can_manage_hearing(current_user, hearing))
    if not permissions.can_shorten_deadline(current_user, hearing, utcnow()):
        refuse_in_state(hearing, _("The deadline can be shortened while the hearing is open."))
    return _new_deadline(
        hearing,
        "shorten",
        course_changes.shorten_deadline,
        _("The deadline was shortened and every body was told."),
    )


@bp.route("/<id:hearing_id>/reopen", methods=["GET", "POST"])
def reopen_hearing(hearing_id: int) -> Page:
    hearing = load_or_404(hearing_id)
    require(permissions.can_manage_hearing(current_user, hearing))
    if not permissions.can_reopen_hearing(current_user, hearing, utcnow()):
        refuse_in_state(
            hearing,
            _("A hearing can be reopened when it has closed, before its consolidation starts."),
        )
    return _new_deadline(
        hearing,
        "reopen",
        course_changes.reopen_hearing,
        _("The hearing was reopened and every body was told."),
    )


@bp.route("/<id:hearing_id>/cancel", methods=["GET", "POST"])
def cancel_hearing(hearing_id: int) -> Page:
    """Cancel an issued hearing; a draft is deleted instead (nobody was told of it)."""
    hearing = load_or_404(hearing_id)
    require(permissions.can_manage_hearing(current_user, hearing))
    if not permissions.can_cancel_hearing(current_user, hearing, utcnow()):
        refuse_in_state(
            hearing, _("A hearing can be cancelled until its consolidation has started.")
        )
    if hearing.is_draft:
        return _delete_draft(hearing)
    form = CancelForm()
    page = partial(render_template, TEMPLATE, hearing=hearing, form=form, action="cancel")
    if not form.validate_on_submit():
        return page(), 400 if request.method == "POST" else 200
    reason = form.reason.data or ""
    outcome = run(
        lambda: course_changes.cancel_hearing(hearing, reason, actor=current_user, now=utcnow()),
        form=form,
        success=_("The hearing was cancelled and every body was told."),
    )
    return _done(hearing.id) if outcome.ok else (page(), outcome.status)


def _delete_draft(hearing: Hearing) -> Page:
    form = Form()
    page = partial(render_template, TEMPLATE, hearing=hearing, form=form, action="delete")
    if not form.validate_on_submit():
        return page(), 400 if request.method == "POST" else 200
    outcome = run(
        lambda: course_changes.delete_draft(
            hearing,
            folder=upload_folder(),
            actor=current_user,
            now=utcnow(),
        ),
        success=lambda ref: _("The draft hearing %(reference)s was deleted.", reference=ref),
    )
    if not outcome.ok:
        return page(), outcome.status
    return redirect(url_for("hearing.index"))


@bp.route("/<id:hearing_id>/send-to-parties", methods=["GET", "POST"])
def send_to_parties(hearing_id: int) -> Page:
    hearing = load_or_404(hearing_id)
    require(permissions.can_manage_hearing(current_user, hearing))
    decision = decision_of(hearing)
    if not permissions.can_send_to_parties(current_user, hearing) or decision is None:
        refuse_in_state(
            hearing,
            _(
                "The note and the decision are sent to the parties once the committee's "
                "decision is recorded."
            ),
        )
    form = SendToPartiesForm()
    page = partial(
        render_template, TEMPLATE, hearing=hearing, form=form, action="send", decision=decision
    )
    if not form.validate_on_submit():
        return page(), 400 if request.method == "POST" else 200
    outcome = run(
        lambda: party_notice.send_note_and_decision(
            hearing, actor=current_user, now=utcnow(), again=bool(form.again.data)
        ),
        form=form,
        success=_("The note and the decision were sent to every consulted body."),
    )
    return _done(hearing.id) if outcome.ok else (page(), outcome.status)
