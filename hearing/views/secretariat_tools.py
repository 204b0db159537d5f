"""The secretariat's tools on an open hearing: remind every body that has not answered,
and extend the deadline of several bodies at once; and each body's deadline as a calendar
file (for its members and the secretariat)."""

from __future__ import annotations

from functools import partial
from urllib.parse import quote

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from core.clock import utcnow
from core.forms import Form
from core.permissions import require
from core.views.unit_of_work import run
from hearing import permissions
from hearing.attachments import deadline_file
from hearing.blueprint import bp
from hearing.forms.extensions import ExtendSeveralForm
from hearing.queries.hearings import has_answered
from hearing.services import extensions, notifications
from hearing.views.common import load_or_404
from hearing.views.state_refusals import refuse_in_state
from hearing.workflow import HearingState

Page = Response | str | tuple[str, int]


@bp.post("/<id:hearing_id>/remind")
def remind_unanswered(hearing_id: int) -> Response:
    hearing = load_or_404(hearing_id)
    require(permissions.can_manage_hearing(current_user, hearing))
    if not Form().validate_on_submit():
        abort(400)
    if not permissions.can_extend_deadline(current_user, hearing, utcnow()):
        refuse_in_state(hearing, _("Reminders are sent while the hearing is open."))
    outcome = run(
        lambda: notifications.remind_unanswered(hearing, actor=current_user, now=utcnow())
    )
    if outcome.ok:
        reminded = outcome.result()
        if reminded:
            flash(
                ngettext(
                    "A reminder was sent to %(num)s body: %(codes)s.",
                    "A reminder was sent to %(num)s bodies: %(codes)s.",
                    len(reminded),
                    codes=", ".join(reminded),
                ),
                "success",
            )
        else:
            flash(_("Every body that can still answer has answered: nobody was reminded."), "info")
    return redirect(url_for("hearing.show", hearing_id=hearing.id))


@bp.route("/<id:hearing_id>/extend", methods=["GET", "POST"])
def extend_several(hearing_id: int) -> Page:
    """One extension for several bodies at once (those chosen on the form)."""
    hearing = load_or_404(hearing_id)
    require(permissions.can_manage_hearing(current_user, hearing))
    if not permissions.can_extend_deadline(current_user, hearing, utcnow()):
        refuse_in_state(hearing, _("Deadlines can be extended while the hearing is open."))
    consultees = sorted(hearing.consultees, key=lambda c: c.body.code)
    form = ExtendSeveralForm(consultees=consultees)
    if request.method == "GET" and not form.consultee_ids.data:
        answered = {c.id for c in consultees if has_answered(hearing, c)}
        form.consultee_ids.data = [c.id for c in consultees if c.id not in answered]
    page = partial(render_template, "hearing/extend_several.html", form=form, hearing=hearing)
    if not form.validate_on_submit():
        return page(), 400 if request.method == "POST" else 200
    data = form.to_data()
    chosen = [c for c in consultees if c.id in set(form.consultee_ids.data or [])]
    outcome = run(
        lambda: extensions.extend_several(
            chosen, data.until, data.reason, actor=current_user, now=utcnow()
        ),
        success=lambda done: _(
            "The deadline was extended for %(codes)s.",
            codes=", ".join(c.body.code for c in done),
        ),
    )
    if not outcome.ok:
        return page(), outcome.status
    return redirect(url_for("hearing.show", hearing_id=hearing.id))


@bp.get("/<id:hearing_id>/bodies/<id:body_id>/deadline.ics")
def deadline_calendar(hearing_id: int, body_id: int) -> Response:
    """The body's effective deadline as a calendar file: its members and the secretariat."""
    hearing = load_or_404(hearing_id)
    consultee = next((c for c in hearing.consultees if c.body_id == body_id), None)
    if consultee is None or hearing.state == HearingState.DRAFT:
        abort(404)
    require(
        permissions.is_secretariat(current_user) or permissions.is_member_of(current_user, body_id)
    )
    file = deadline_file(consultee, stamp=utcnow())
    response = Response(file.data, mimetype=file.content_type)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file.filename)}"
    response.headers["Cache-Control"] = "private, no-store"
    return response
