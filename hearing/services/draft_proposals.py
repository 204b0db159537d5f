"""The proposals of a body's draft: add, change and remove, each checked for its kind
against the consulted catalogue (``hearing.proposals``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from core import audit
from core.errors import N_, NotFound
from core.models import User
from hearing.errors import StaleDraft
from hearing.models.responses import Proposal, Response
from hearing.proposals import PROPOSAL_FIELDS, ProposalData, clean_proposal
from hearing.services.consulted_catalogue import consulted_codes
from hearing.services.response_guard import begin_change, summary, touch


def draft_proposal(response: Response, proposal_id: int) -> Proposal:
    """A proposal of this draft; any other id (another body's, a version's) is not found."""
    found = next((p for p in response.proposals if p.id == proposal_id), None)
    if found is None:
        raise NotFound(N_("The proposal does not exist."))
    return found


def add_proposal(
    response: Response, data: ProposalData, *, actor: User | None, now: datetime
) -> Proposal:
    begin_change(response, now)
    values = clean_proposal(data, consulted_codes(response.hearing))
    position = max((p.position for p in response.proposals), default=0) + 1
    proposal = Proposal(position=position, **values)
    response.proposals.append(proposal)
    old_version = response.edit_version
    touch(response, actor, now)
    audit.record(
        actor,
        "response.draft_proposal_added",
        response,
        now=now,
        summary=summary(response),
        changes=audit.diff_fields({}, audit.snapshot(proposal, PROPOSAL_FIELDS))
        | {"edit_version": {"old": old_version, "new": response.edit_version}},
    )
    return proposal


def update_proposal(
    response: Response,
    proposal_id: int,
    data: ProposalData,
    *,
    actor: User | None,
    now: datetime,
    expected_revision: int,
) -> Proposal:
    begin_change(response, now)
    proposal = draft_proposal(response, proposal_id)
    if proposal.revision != expected_revision:
        raise StaleDraft(None, response.edit_version)
    values = clean_proposal(
        replace(data, kind=str(proposal.kind)), consulted_codes(response.hearing)
    )
    before = audit.snapshot(proposal, PROPOSAL_FIELDS)
    for name, value in values.items():
        setattr(proposal, name, value)
    changes = audit.diff_fields(before, audit.snapshot(proposal, PROPOSAL_FIELDS))
    if not changes:
        return proposal
    proposal.revision += 1
    old_version = response.edit_version
    touch(response, actor, now)
    audit.record(
        actor,
        "response.draft_proposal_changed",
        response,
        now=now,
        summary=f"{summary(response)}: {proposal.id}",
        changes=changes | {"edit_version": {"old": old_version, "new": response.edit_version}},
    )
    return proposal


def remove_proposal(
    response: Response, proposal_id: int, *, actor: User | None, now: datetime
) -> None:
    begin_change(response, now)
    proposal = draft_proposal(response, proposal_id)
    before = audit.snapshot(proposal, PROPOSAL_FIELDS)
    response.proposals.remove(proposal)
    old_version = response.edit_version
    touch(response, actor, now)
    audit.record(
        actor,
        "response.draft_proposal_removed",
        response,
        now=now,
        summary=summary(response),
        changes=audit.diff_fields(before, {})
        | {"edit_version": {"old": old_version, "new": response.edit_version}},
    )
