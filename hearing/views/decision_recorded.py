"""The recorded decision, read-only, and resolving its conflicts (docs/hearings.md).

Once the decision is recorded the decision page shows it: the deciding body, meeting and
case reference, each recommendation's outcome, the change it made, and every change that
waits because the catalogue changed meanwhile, with "apply" and "keep" for the secretariat.
"""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as HTTPResponse

from core.clock import utcnow
from core.forms import Form
from core.permissions import require
from core.views.unit_of_work import run
from hearing import permissions
from hearing.blueprint import bp
from hearing.forms.consolidation import RECOMMENDATION_LABELS, RESULT_LABELS
from hearing.models import Hearing
from hearing.models.consolidation import Decision
from hearing.queries import consolidation as cq
from hearing.services.decision_conflicts import APPLY, KEEP, resolve_conflict
from hearing.views.archive import packs_while_you_wait
from hearing.views.common import load_or_404

Page = tuple[str, int] | str | HTTPResponse


def recorded_decision_page(hearing: Hearing, decision: Decision, status: int = 200) -> Page:
    require(permissions.can_view_consolidation(current_user, hearing))
    return render_template(
        "hearing/consolidation/decision_recorded.html",
        hearing=hearing,
        decision=decision,
        form=Form(),
        result_labels=RESULT_LABELS,
        recommendation_labels=RECOMMENDATION_LABELS,
        can_resolve=permissions.can_resolve_decision_conflict(current_user, hearing),
        packs_while_you_wait=packs_while_you_wait(hearing),
    ), status


@bp.post("/<id:hearing_id>/decision/outcomes/<id:outcome_id>/resolve")
def resolve_decision_conflict(hearing_id: int, outcome_id: int) -> Page:
    hearing = load_or_404(hearing_id)
    require(permissions.can_resolve_decision_conflict(current_user, hearing))
    decision = cq.decision_of(hearing)
    if decision is None:
        abort(404)
    if not Form().validate_on_submit():
        abort(400)
    resolution = request.form.get("resolution", "")
    message = (
        _("The committee's change was made in the draft.")
        if resolution == APPLY
        else _("The catalogue was kept as it is; the change was not made.")
        if resolution == KEEP
        else ""
    )
    outcome = run(
        lambda: resolve_conflict(
            decision, outcome_id, resolution, actor=current_user, now=utcnow()
        ),
        success=message,
    )
    if not outcome.ok:
        return recorded_decision_page(hearing, decision, outcome.status)
    return redirect(url_for("hearing.decision", hearing_id=hearing.id) + f"#outcome-{outcome_id}")
