"""An administrator exports what is held about a user, or erases the user on request
(docs/privacy.md). The routes belong to the administration blueprint: administrators only."""

from __future__ import annotations

import json

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import BooleanField
from wtforms.validators import InputRequired

from core import queries
from core.clock import utcnow
from core.forms import Form
from core.services import user_privacy
from core.views.admin import bp
from core.views.unit_of_work import run

Page = Response | str | tuple[str, int]


class EraseUserForm(Form):
    confirm = BooleanField(
        _l("Yes, erase this user. This cannot be undone."),
        validators=[InputRequired(_l("Tick the box to confirm the erasure."))],
    )


@bp.post("/users/<id:user_id>/export.json")
def export_user(user_id: int) -> Response:
    """A POST (a button with the CSRF token): making an export is recorded in the audit log."""
    user = queries.user(user_id) or abort(404)
    outcome = run(lambda: user_privacy.export_for_download(user, actor=current_user, now=utcnow()))
    body = json.dumps(outcome.result(), ensure_ascii=False, indent=2, sort_keys=True)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="user-{user.id}.json"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/users/<id:user_id>/erase", methods=["GET", "POST"])
def erase_user(user_id: int) -> Page:
    user = queries.user(user_id) or abort(404)
    form = EraseUserForm()

    def page(status: int) -> tuple[str, int]:
        return render_template("core/admin/erase_user.html", user=user, form=form), status

    posted = request.method == "POST"
    if user.anonymised_at is not None:
        return page(409 if posted else 200)
    if not form.validate_on_submit():
        return page(400 if posted else 200)
    outcome = run(
        lambda: user_privacy.erase_user(user, actor=current_user, now=utcnow()),
        form=form,
        success=_("The user was erased."),
    )
    return redirect(url_for("admin.users")) if outcome.ok else page(outcome.status)
