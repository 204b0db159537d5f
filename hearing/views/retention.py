"""The secretariat sets the day a hearing's personal data is erased (docs/privacy.md)."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from core.clock import utcnow
from core.permissions import require
from core.views.unit_of_work import run
from hearing import permissions
from hearing.blueprint import bp
from hearing.forms.retention import RetentionForm
from hearing.services import retention
from hearing.views.common import load_or_404

Page = Response | str | tuple[str, int]


@bp.route("/<id:hearing_id>/retention", methods=["GET", "POST"])
def retention_date(hearing_id: int) -> Page:
    hearing = load_or_404(hearing_id)
    require(permissions.can_manage_hearing(current_user, hearing))
    form = RetentionForm(data={"retention_until": hearing.retention_until})
    context = {
        "hearing": hearing,
        "form": form,
        "default": retention.retention_date(hearing) if hearing.retention_until is None else None,
    }
    if hearing.personal_data_purged_at is not None:
        return render_template("hearing/retention.html", **context), (
            409 if request.method == "POST" else 200
        )
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("hearing/retention.html", **context), status
    data = form.to_data()
    outcome = run(
        lambda: retention.set_retention(
            hearing, data.retention_until, data.reason, actor=current_user, now=utcnow()
        ),
        form=form,
        success=_("The retention date was saved."),
    )
    if not outcome.ok:
        return render_template("hearing/retention.html", **context), outcome.status
    return redirect(url_for("hearing.show", hearing_id=hearing.id))
