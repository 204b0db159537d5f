"""The secretariat's tools on an open hearing: remind every body that has not answered."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from core.clock import utcnow
from core.forms import Form
from core.permissions import require
from core.views.unit_of_work import run
from hearing import permissions
from hearing.blueprint import bp
from hearing.services import notifications
from hearing.views.common import load_or_404
from hearing.views.state_refusals import refuse_in_state


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
