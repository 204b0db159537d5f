"""The secretariat's consolidation workspace and the decision form.

Thin views: load, check permission, call one service, commit once, redirect. A domain error
rolls back, is flashed in the user's language and answered with its 4xx status.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as HTTPResponse

from core.clock import utcnow
from core.errors import DomainError
from core.forms import Form
from core.i18n import current_locale, error_text
from core.permissions import require
from core.routing import parse_id
from core.views.unit_of_work import attach_problems, run
from hearing import consolidation_sheet as sheet
from hearing import permissions
from hearing.blueprint import bp
from hearing.forms.consolidation import (
    RECOMMENDATION_LABELS,
    RESULT_LABELS,
    DecisionForm,
    RecommendationForm,
    SummaryForm,
)
from hearing.models import Hearing
from hearing.models.consolidation import Decision
from hearing.queries import consolidation as cq
from hearing.queries.hearings import consultable_bodies
from hearing.queries.responses import catalogue_of, indicator_index
from hearing.services import consolidation as svc
from hearing.services import recommendations
from hearing.services.lifecycle import move_hearing
from hearing.views.common import is_reading, load_or_404
from hearing.views.decision_recorded import recorded_decision_page
from hearing.views.state_refusals import (
    require_consolidating,
    require_consolidation_view,
    require_decision_form,
)
from hearing.views.workspace_page import owners, render_workspace, workspace_url
from hearing.workflow import HearingState

Page = tuple[str, int] | str | HTTPResponse


def _workspace_url(hearing: Hearing, anchor: str = "") -> str:
    return workspace_url(hearing, anchor)


def _run(hearing: Hearing, action: Callable[[], Any], message: str, anchor: str = "") -> Page:
    """Run one service; commit and redirect on success; on a refusal roll back and show the
    workspace again with the message and the error's status (nothing was written).
    Each service asks for the note's new version itself."""
    outcome = run(action, success=message)
    if not outcome.ok:
        return _render(hearing), outcome.status
    return redirect(_workspace_url(hearing, anchor))


def _csrf_or_400() -> None:
    if not Form().validate_on_submit():
        abort(400)


def _owners() -> list[tuple[str, str]]:
    return owners()


def _render(hearing: Hearing, form: RecommendationForm | None = None, group_id: int = 0) -> str:
    return render_workspace(hearing, form, group_id)


@bp.get("/<id:hearing_id>/consolidation")
def consolidation(hearing_id: int) -> Page:
    hearing = load_or_404(hearing_id, lean=True)
    require_consolidation_view(hearing)
    return _render(hearing)


@bp.get("/<id:hearing_id>/consolidation.<any(xlsx, csv):extension>")
def consolidation_sheet(hearing_id: int, extension: str) -> HTTPResponse:
    """The whole consolidation as a spreadsheet (secretariat; confidential parts included)."""
    hearing = load_or_404(hearing_id)
    require_consolidation_view(hearing)
    lang = current_locale()
    if extension == "csv":  # made a line at a time as it is sent
        lines = stream_with_context(sheet.consolidation_csv_lines(hearing, lang))
        answer = HTTPResponse(lines, mimetype="text/csv")
    else:
        answer = HTTPResponse(sheet.consolidation_xlsx(hearing, lang), mimetype=XLSX_TYPE)
    name = sheet.filename(hearing, extension, lang)
    answer.headers["Content-Disposition"] = f"attachment; filename={name}"
    answer.headers["Cache-Control"] = "private, no-store"
    return answer


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.post("/<id:hearing_id>/consolidation/start")
def start_consolidation(hearing_id: int) -> Page:
    hearing = load_or_404(hearing_id)
    require(permissions.can_start_consolidation(current_user, hearing, utcnow()))
    _csrf_or_400()
    return _run(
        hearing,
        lambda: move_hearing(hearing, HearingState.CONSOLIDATION, actor=current_user, now=utcnow()),
        _("The consolidation has started."),
    )


@bp.post("/<id:hearing_id>/consolidation/merge")
def merge_groups(hearing_id: int) -> Page:
    hearing = load_or_404(hearing_id)
    require_consolidating(hearing)
    _csrf_or_400()
    # An id beyond the database's range names no group (404), like an unknown one.
    ids = [parse_id(v) or 0 for v in request.form.getlist("group_ids") if v.isdigit()]
    kind, _sep, code = request.form.get("keep_target", "").partition(":")
    keep = (kind, code) if kind else None
    return _run(
        hearing,
        lambda: svc.merge_groups(hearing, ids, keep_target=keep, actor=current_user, now=utcnow()),
        _("The proposals were merged into one group."),
        "proposals",
    )


@bp.post("/<id:hearing_id>/consolidation/groups/<id:group_id>/split")
def split_group(hearing_id: int, group_id: int) -> Page:
    hearing = load_or_404(hearing_id)
    require_consolidating(hearing)
    _csrf_or_400()
    return _run(
        hearing,
        lambda: svc.split_group(hearing, group_id, actor=current_user, now=utcnow()),
        _("The group was split."),
        "proposals",
    )


@bp.post("/<id:hearing_id>/consolidation/groups/<id:group_id>/recommendation")
def recommend(hearing_id: int, group_id: int) -> Page:
    hearing = load_or_404(hearing_id)
    require_consolidating(hearing)
    group = next((g for g in cq.groups_of(hearing) if g.id == group_id), None)
    if group is None:
        abort(404)
    form = RecommendationForm(
        prefix=f"g{group.id}", proposal_kind=group.proposal_kind, owners=_owners()
    )
    if not form.validate_on_submit():
        return _invalid_recommendation(hearing, form, group.id)
    data, revision = form.to_data(), form.revision.data
    outcome = run(
        lambda: recommendations.set_recommendation(
            hearing, group.id, data, expected_revision=revision, actor=current_user, now=utcnow()
        ),
        success=_("The recommendation was saved."),
        flash_errors=False,
    )
    if outcome.error is not None:  # keep what was typed; the problems stand beside the fields
        form.refused(outcome.error)
        return _invalid_recommendation(hearing, form, group.id, outcome.status)
    return redirect(_workspace_url(hearing, f"group-{group.id}"))


def _invalid_recommendation(
    hearing: Hearing, form: RecommendationForm, group_id: int, status: int = 400
) -> Page:
    if form.csrf_token.errors:
        abort(400)
    flash(_("The recommendation was not saved: see the problems in its form."), "error")
    return _render(hearing, form, group_id), status


@bp.post("/<id:hearing_id>/consolidation/summaries/<code>")
def summarise(hearing_id: int, code: str) -> Page:
    hearing = load_or_404(hearing_id)
    require_consolidating(hearing)
    form = SummaryForm(prefix=f"s{code}")
    if not form.validate_on_submit():
        abort(400)
    text, revision, confirm = form.text.data or "", form.revision.data, form.confirm_rewrite.data
    return _run(
        hearing,
        lambda: recommendations.set_summary(
            hearing,
            code,
            text,
            expected_revision=revision,
            actor=current_user,
            now=utcnow(),
            confirm_rewrite=bool(confirm),
        ),
        _("The summary was saved."),
        f"summary-{code}",
    )


@bp.post("/<id:hearing_id>/consolidation/finalise")
def finalise_note(hearing_id: int) -> Page:
    hearing = load_or_404(hearing_id)
    require_consolidating(hearing)
    _csrf_or_400()

    return _run(
        hearing,
        lambda: svc.finalise_note(hearing, actor=current_user, now=utcnow()),
        _("The hearing note is final."),
    )


@bp.route("/<id:hearing_id>/decision", methods=["GET", "POST"])
def decision(hearing_id: int) -> Page:
    hearing = load_or_404(hearing_id)
    recorded = cq.decision_of(hearing)
    if recorded is not None:  # read-only once recorded (docs/hearings.md)
        return recorded_decision_page(hearing, recorded, 200 if is_reading() else 409)
    require_decision_form(hearing)
    groups = [g for g in cq.groups_of(hearing) if g.recommendation is not None]
    bodies = [(b.id, f"{b.code} – {b.name(current_locale())}") for b in consultable_bodies()]
    form = DecisionForm(bodies=bodies, groups=groups, owners=_owners())
    if request.method == "GET":
        _prefill_decision(form, hearing)
    if not form.validate_on_submit():
        return _decision_page(hearing, form, groups, 400 if request.method == "POST" else 200)
    outcome = run(
        lambda: _decide(hearing, form.to_data(request.form)),
        success=_("The decision was recorded."),
        flash_errors=False,
    )
    if outcome.error is not None:
        _show_decision_refusal(form, outcome.error)
        return _decision_page(hearing, form, groups, outcome.status)
    return redirect(_after_decision(hearing, outcome.result()))


def _show_decision_refusal(form: DecisionForm, err: DomainError) -> None:
    """Each problem beside its field or its recommendation's outcome, the rest flashed."""
    for problem in getattr(err, "problems", None) or [err]:
        name = str(getattr(problem, "field", "") or "")
        if name.startswith("r") and name.endswith("-result"):
            form.result_errors[name] = error_text(problem)
            continue
        for text in attach_problems(form, problem):
            flash(text, "error")


def _prefill_decision(form: DecisionForm, hearing: Hearing) -> None:
    form.prefill(indicator_index(catalogue_of(hearing)))
    if form.deciding_body_id.data is None:
        form.deciding_body_id.data = hearing.issuing_body_id


def _decide(hearing: Hearing, data: Any) -> Decision | None:
    """Record the decision (the form's data may still be refused) and return it."""
    move_hearing(hearing, HearingState.DECIDED, actor=current_user, now=utcnow(), decision=data)
    return cq.decision_of(hearing)


def _after_decision(hearing: Hearing, decided: Decision | None) -> str:
    """The recorded decision when a change waits (conflicts), else the new draft version's
    changes when the decision made one, else the hearing."""
    if decided is not None and any(o.open_conflict for o in decided.outcomes):
        return url_for("hearing.decision", hearing_id=hearing.id)
    if decided is not None and decided.draft_version is not None:
        numbers: dict[str, Any] = {
            "from": hearing.version.number,
            "to": decided.draft_version.number,
        }
        return url_for("barometer.diff", **numbers)
    return url_for("hearing.show", hearing_id=hearing.id)


def _decision_page(hearing: Hearing, form: DecisionForm, groups: list[Any], status: int) -> Page:
    return render_template(
        "hearing/consolidation/decision.html",
        hearing=hearing,
        form=form,
        groups=groups,
        values=request.form,
        note=cq.latest_note(hearing),
        result_labels=RESULT_LABELS,
        recommendation_labels=RECOMMENDATION_LABELS,
    ), status
