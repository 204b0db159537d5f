"""Resolving a decision's conflicts: an approved change that touches what changed in the
catalogue since the hearing's version waits for the secretariat (docs/hearings.md).

"Apply" makes the committee's change after all, in the policy's draft (a new draft of the
version in force when there is none); "keep" leaves the catalogue as it is and records that
the change was not made. Either is recorded once, with who and when, in the audit log.
"""

from __future__ import annotations

from datetime import datetime

from barometer.models import CatalogueVersion
from barometer.services import catalogue_versions as catalogue_services
from barometer.services.version_lock import locked_reason
from core import audit
from core.errors import N_, NotFound, ValidationFailed
from core.extensions import db
from core.models import User
from hearing.models.consolidation import Decision, DecisionOutcome
from hearing.services.decision import _content, apply_decision_change
from hearing.services.proposal_changes import change_for, check_decision_changes, describe

APPLY = "applied"
KEEP = "kept"


def outcome_of(decision: Decision, outcome_id: int) -> DecisionOutcome:
    outcome = next((o for o in decision.outcomes if o.id == outcome_id), None)
    if outcome is None:
        raise NotFound(N_("The decision has no such outcome."))
    return outcome


def _draft_for(decision: Decision, *, actor: User | None, now: datetime) -> CatalogueVersion:
    policy = decision.hearing.version.policy
    draft = catalogue_services.draft_of(policy)
    if draft is None:
        label = f"{decision.hearing.title} ({decision.case_reference})"
        return catalogue_services.create_draft(policy, label=label[:200], actor=actor, now=now)
    reason = locked_reason(draft)
    if reason is not None:
        raise ValidationFailed(
            N_(
                "The policy's draft (version %(number)s) is being consulted in the hearing "
                "%(reason)s. Apply the change when that hearing is decided."
            ),
            number=draft.number,
            reason=reason,
        )
    return draft


def resolve_conflict(
    decision: Decision, outcome_id: int, resolution: str, *, actor: User | None, now: datetime
) -> DecisionOutcome:
    """Apply the committee's change after all, or keep the catalogue as it is."""
    outcome = outcome_of(decision, outcome_id)
    if outcome.conflict is None:
        raise ValidationFailed(N_("This outcome has no conflict to resolve."))
    if outcome.conflict_resolution is not None:
        raise ValidationFailed(N_("This conflict has already been resolved."))
    if resolution not in (APPLY, KEEP):
        raise ValidationFailed(N_("Choose whether to apply the change or keep the catalogue."))
    group = outcome.recommendation.group
    draft_number = None
    if resolution == APPLY:
        draft = _draft_for(decision, actor=actor, now=now)
        change = change_for(group, _content(outcome.recommendation, outcome))
        check_decision_changes(draft, [(group, change)])
        outcome.change_record_id = apply_decision_change(
            decision.hearing, decision, group, draft, change, actor=actor, now=now
        )
        if decision.draft_version_id is None:
            decision.draft_version_id = draft.id
        draft_number = draft.number
    outcome.conflict_resolution = resolution
    outcome.resolved_at = now
    outcome.resolved_by_id = actor.id if actor else None
    db.session.flush()
    audit.record(
        actor,
        "hearing.decision_conflict_resolved",
        decision,
        now=now,
        summary=f"{decision.hearing.reference}: {describe(group)} {resolution}",
        changes={
            "resolution": {"old": None, "new": resolution},
            "draft_version": {"old": None, "new": draft_number},
        },
        object_type="decision",
    )
    return outcome
