"""The proposals of a body's draft response: adding one of a kind, and editing one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as HTTPResponse

from core.clock import utcnow
from core.errors import DomainError
from core.permissions import require
from core.views.unit_of_work import attach_problems, run
from hearing.blueprint import bp
from hearing.errors import StaleDraft
from hearing.forms.proposals import ProposalForm
from hearing.labels import PROPOSAL_KIND_LABELS, TEXT_LABELS
from hearing.models.responses import Proposal
from hearing.permissions import can_edit_response
from hearing.proposals import ProposalKind
from hearing.services import draft_proposals as proposals_svc
from hearing.views.response_common import (
    Loaded,
    Page,
    after_rollback,
    goal_choices,
    indicator_choices,
    load_for_member,
    page_context,
    response_url,
)


def _proposal_form(loaded: Any, **kwargs: Any) -> ProposalForm:
    return ProposalForm(
        goals=goal_choices(loaded.catalogue),
        indicators=indicator_choices(loaded.catalogue),
        **kwargs,
    )


def _proposal_page(loaded: Any, form: ProposalForm, kind: str, proposal: Any, status: int) -> Page:
    label = TEXT_LABELS.get(ProposalKind(kind))
    if label is not None:
        form.text.label.text = str(label)
    return render_template(
        "hearing/responses/proposal.html",
        **page_context(loaded),
        proposal_form=form,
        kind=kind,
        kind_label=PROPOSAL_KIND_LABELS[ProposalKind(kind)],
        proposal=proposal,
    ), status


@bp.route("/<id:hearing_id>/bodies/<id:body_id>/response/proposals/new", methods=["GET", "POST"])
def new_proposal(hearing_id: int, body_id: int) -> Page | HTTPResponse:
    loaded = load_for_member(hearing_id, body_id)
    now = utcnow()
    require(can_edit_response(current_user, loaded.response, now))
    kind = request.values.get("kind", "")
    if kind not in {k.value for k in ProposalKind}:
        abort(404)
    form = _proposal_form(loaded, data={"kind": kind} if request.method == "GET" else None)
    if not form.validate_on_submit():
        return _proposal_page(loaded, form, kind, None, _form_status())
    outcome = run(
        lambda: proposals_svc.add_proposal(
            loaded.response, form.to_data(), actor=current_user, now=now
        ),
        success=_("The proposal was added to the draft."),
        form=form,
    )
    if not outcome.ok:
        return _proposal_page(after_rollback(loaded), form, kind, None, outcome.status)
    return redirect(response_url(loaded, _anchor="proposals"))


def _form_status() -> int:
    return 400 if request.method == "POST" else 200


@bp.route(
    "/<id:hearing_id>/bodies/<id:body_id>/response/proposals/<id:proposal_id>",
    methods=["GET", "POST"],
)
def edit_proposal(hearing_id: int, body_id: int, proposal_id: int) -> Page | HTTPResponse:
    loaded = load_for_member(hearing_id, body_id)
    now = utcnow()
    require(can_edit_response(current_user, loaded.response, now))
    proposal = next((p for p in loaded.response.proposals if p.id == proposal_id), None)
    if proposal is None:
        abort(404)
    kind = str(proposal.kind)
    form = _edit_form(loaded, proposal)
    if not form.validate_on_submit():
        return _proposal_page(loaded, form, kind, proposal, _form_status())
    outcome = run(
        lambda: _update(loaded, proposal_id, form, now),
        success=_("The proposal was saved."),
        flash_errors=False,
    )
    if outcome.error is not None:
        return _proposal_refused(loaded, form, proposal, outcome.error)
    return redirect(response_url(loaded, _anchor="proposals"))


def _update(loaded: Loaded, proposal_id: int, form: ProposalForm, now: datetime) -> None:
    proposals_svc.update_proposal(
        loaded.response,
        proposal_id,
        form.to_data(),
        actor=current_user,
        now=now,
        expected_revision=form.expected_revision(),
    )


def _edit_form(loaded: Loaded, proposal: Proposal) -> ProposalForm:
    if request.method != "GET":
        return _proposal_form(loaded)
    form = _proposal_form(loaded, obj=proposal, data={"kind": str(proposal.kind)})
    form.target_value.data = _decimal_text(proposal.target_value)
    form.direction.data = str(proposal.direction or "")
    form.revision.data = str(proposal.revision)
    return form


def _proposal_refused(
    loaded: Loaded, form: ProposalForm, proposal: Proposal, err: DomainError
) -> Page:
    """The form again with the reason; a stale one shows the saved proposal beside it."""
    if not isinstance(err, StaleDraft):
        for text in attach_problems(form, err):
            flash(text, "error")
        return _proposal_page(loaded, form, str(proposal.kind), proposal, err.status_code)
    flash(
        _(
            "Someone else changed this proposal after you opened it. Your text is kept "
            "below; the saved proposal is shown beside it. Save again to replace it."
        ),
        "error",
    )
    form.revision.data = str(proposal.revision)  # the unit of work's rollback reloaded it
    return _proposal_page(loaded, form, str(proposal.kind), proposal, 409)


def _decimal_text(value: Any) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")
