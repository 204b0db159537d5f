"""The committee's decision on the hearing note, and the catalogue changes it makes.

Recording the decision turns every approved item into a :class:`CatalogueChange` and
applies it, through ``barometer``'s one inbound function, to a new draft catalogue version
made from the consulted one. Each change carries its provenance (hearing, proposals,
responses, decision). The view commits once: either all of it happens or none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from barometer.errors import CatalogueInvalid
from barometer.models import CatalogueVersion, VersionStatus
from barometer.services import catalogue_versions as catalogue_services
from barometer.services.changes import CatalogueChange, Provenance, apply_changes, find_conflicts
from barometer.services.version_lock import locked_reason
from core import audit
from core.errors import N_, FrozenError, ValidationFailed
from core.extensions import db
from core.models import Body, User
from hearing.errors import ChangeRefused, FieldInvalid, FieldsInvalid, raise_all, translated
from hearing.models import Hearing
from hearing.models.consolidation import (
    Decision,
    DecisionOutcome,
    DecisionResult,
    HearingNote,
    ProposalGroup,
    Recommendation,
    RecommendationOutcome,
)
from hearing.queries import consolidation as queries
from hearing.services import transitions
from hearing.services.proposal_changes import (
    change_for,
    check_decision_changes,
    clean_changed_content,
    describe,
)
from hearing.workflow import HearingState, to_local

CASE_REFERENCE_MAX = 100


@dataclass(frozen=True)
class OutcomeData:
    recommendation_id: int
    result: str
    changed_content: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class DecisionData:
    deciding_body_id: int | None
    meeting_date: date | None
    case_reference: str
    outcomes: Sequence[OutcomeData] = ()


# -- from an approved group to a catalogue change ---------------------------------------


def _makes_change(rec: Recommendation, result: DecisionResult) -> bool:
    if result is DecisionResult.APPROVED_WITH_CHANGE:
        return True
    accepting = (RecommendationOutcome.ACCEPT, RecommendationOutcome.ACCEPT_WITH_CHANGES)
    return result is DecisionResult.APPROVED and rec.outcome in accepting


def _content(rec: Recommendation, outcome: DecisionOutcome) -> dict[str, Any] | None:
    if outcome.result == DecisionResult.APPROVED_WITH_CHANGE:
        return outcome.changed_content
    return rec.changed_content


def provenance_of(hearing: Hearing, decision: Decision, group: ProposalGroup) -> Provenance:
    proposals = group.proposals
    return Provenance(
        {
            "hearing_id": hearing.id,
            "hearing_reference": hearing.reference,
            "proposal_group_id": group.id,
            "proposal_ids": [p.id for p in proposals],
            "response_receipts": sorted({p.version.receipt_number for p in proposals if p.version}),
            "recommendation_id": group.recommendation.id if group.recommendation else None,
            "decision_id": decision.id,
            "decision_reference": decision.case_reference,
            "decision_date": decision.meeting_date,
            "deciding_body": decision.deciding_body.code,
        }
    )


def apply_decision_change(
    hearing: Hearing,
    decision: Decision,
    group: ProposalGroup,
    draft: CatalogueVersion,
    change: CatalogueChange,
    *,
    actor: User | None,
    now: datetime,
) -> int:
    """Apply one approved change with its provenance; the change record's id."""
    try:
        [record] = apply_changes(
            draft, [change], provenance_of(hearing, decision, group), actor=actor, now=now
        )
    except CatalogueInvalid as err:
        raise ChangeRefused(
            N_(
                "The change approved for the recommendation on %(group)s would be refused "
                "by the catalogue: %(field)s: %(problem)s"
            ),
            err.problems[0],
            group=describe(group),
        ) from None
    return int(record.id)


# -- checks ----------------------------------------------------------------------------------


def _check_header(
    hearing: Hearing, data: DecisionData, now: datetime, problems: list[FieldInvalid]
) -> tuple[HearingNote, Body | None, str]:
    """The hearing's state (refused at once), then the decision's own fields: their
    problems are added to ``problems``, each naming its field, so all are named together."""
    if hearing.state != HearingState.CONSOLIDATION:
        raise FrozenError(N_("The hearing is not being consolidated."))
    if queries.decision_of(hearing) is not None:
        raise ValidationFailed(N_("The decision on this hearing has already been recorded."))
    note = queries.latest_note(hearing)
    if note is None or not note.finalised:
        raise ValidationFailed(N_("Finalise the hearing note before recording the decision."))
    body = db.session.get(Body, data.deciding_body_id) if data.deciding_body_id else None
    if body is None or not body.active:
        problems.append(FieldInvalid("deciding_body_id", N_("Choose the body that decided.")))
    if data.meeting_date is None:
        problems.append(FieldInvalid("meeting_date", N_("Give the date of the meeting.")))
    elif data.meeting_date > to_local(now).date():
        problems.append(
            FieldInvalid("meeting_date", N_("The meeting date cannot be in the future."))
        )
    reference = " ".join((data.case_reference or "").split())
    if not reference:
        problems.append(
            FieldInvalid("case_reference", N_("Give the case reference of the decision."))
        )
    elif len(reference) > CASE_REFERENCE_MAX:
        problems.append(
            FieldInvalid(
                "case_reference",
                N_("The case reference is too long (at most %(max)s characters)."),
                max=CASE_REFERENCE_MAX,
            )
        )
    return note, body, reference


_NO_OUTCOME = N_("Give the committee's outcome for every recommendation.")
_RESULTS = {r.value for r in DecisionResult}


def _check_outcomes(
    hearing: Hearing, groups: list[ProposalGroup], outcomes: Sequence[OutcomeData]
) -> list[tuple[ProposalGroup, Recommendation, DecisionResult, dict[str, Any] | None]]:
    by_rec = {g.recommendation.id: g for g in groups if g.recommendation is not None}
    recs = {g.recommendation.id: g.recommendation for g in groups if g.recommendation is not None}
    given: dict[int, OutcomeData] = {}
    for item in outcomes:
        if item.recommendation_id not in by_rec or item.recommendation_id in given:
            raise ValidationFailed(N_("The decision names a recommendation of another hearing."))
        given[item.recommendation_id] = item
    missing = [
        FieldInvalid(f"r{rec_id}-result", _NO_OUTCOME)
        for rec_id in by_rec
        if rec_id not in given or given[rec_id].result not in _RESULTS
    ]
    raise_all(missing)
    checked = []
    for rec_id, group in by_rec.items():
        item, rec = given[rec_id], recs[rec_id]
        result = DecisionResult(item.result)
        content = (
            _committee_content(group, item.changed_content, hearing)
            if result is DecisionResult.APPROVED_WITH_CHANGE
            else None
        )
        if _makes_change(rec, result) and _written_content(rec, result) and rec.withheld:
            raise ValidationFailed(
                N_(
                    "The change for the recommendation on %(group)s is written from a "
                    "confidential proposal: confirm on the recommendation that its text was "
                    "rewritten so it reveals nothing confidential, then record the decision."
                ),
                group=describe(group),
            )
        checked.append((group, rec, result, content))
    return checked


def _written_content(rec: Recommendation, result: DecisionResult) -> bool:
    """The change is made from content written in consolidation or at the decision (not from
    the public proposals' own fields)."""
    return (
        result is DecisionResult.APPROVED_WITH_CHANGE
        or rec.outcome == RecommendationOutcome.ACCEPT_WITH_CHANGES
    )


def _committee_content(
    group: ProposalGroup, content: Mapping[str, Any] | None, hearing: Hearing
) -> dict[str, Any]:
    try:
        return clean_changed_content(group, content, hearing.version)
    except ValidationFailed as err:
        raise ValidationFailed(
            N_("The committee's change to the recommendation on %(group)s: %(problem)s"),
            group=describe(group),
            problem=translated(err.message, **err.params),
        ) from None


# -- the catalogue version the changes go into -----------------------------------------------


def _target_version(
    hearing: Hearing,
    decision: Decision,
    label: str,
    *,
    makes_changes: bool,
    actor: User | None,
    now: datetime,
) -> tuple[CatalogueVersion | None, CatalogueVersion | None]:
    """The draft the decision's changes go into, and the version to check them against.

    The consulted version itself never changes. A consulted draft (locked while consulted)
    is closed unchanged, superseded without approval, and the new draft is a copy of it
    (nothing changed meanwhile: it was locked). On a consulted approved version, a decision
    that approves no change needs no draft; one that does goes into the policy's draft when
    there is one that no hearing is consulting, else into a new draft of the version in
    force; either is checked three-way against the consulted version (docs/hearings.md)."""
    consulted = hearing.version
    if consulted.status == VersionStatus.DRAFT:
        draft = catalogue_services.replace_consulted_draft(
            consulted,
            label=label[:200],
            decision_text=decision.case_reference,
            decision_date=decision.meeting_date,
            actor=actor,
            now=now,
        )
        return draft, None
    if not makes_changes:
        return None, None
    existing = catalogue_services.draft_of(consulted.policy)
    if existing is not None:
        reason = locked_reason(existing)
        if reason is not None:
            raise ValidationFailed(
                N_(
                    "The decision approves changes, and the policy's draft (version "
                    "%(number)s) is being consulted in the hearing %(reason)s. Record this "
                    "decision when that hearing is decided: the changes then go into its "
                    "new draft."
                ),
                number=existing.number,
                reason=reason,
            )
        return existing, existing
    in_force = catalogue_services.latest_approved(consulted.policy)
    draft = catalogue_services.create_draft(
        consulted.policy, label=label[:200], actor=actor, now=now
    )
    return draft, in_force


def draft_label(decision: Decision) -> str:
    """The label of the draft a decision makes (catalogue data, in Danish): the decision,
    never the hearing's title, which would travel into every later hearing's annex."""
    return f"Ændringer besluttet {decision.meeting_date:%d.%m.%Y} ({decision.case_reference})"


# -- the service -----------------------------------------------------------------------------


def record_decision(
    hearing: Hearing, data: DecisionData, *, actor: User | None, now: datetime
) -> Decision:
    """Record the committee's decision, make the approved changes in a new draft, and move
    the hearing to "decided"."""
    problems: list[FieldInvalid] = []
    note, body, reference = _check_header(hearing, data, now, problems)
    try:
        checked = _check_outcomes(hearing, queries.groups_of(hearing), data.outcomes)
    except FieldsInvalid as err:
        problems.extend(err.problems)
    except FieldInvalid as err:
        problems.append(err)
    raise_all(problems)
    body = cast(Body, body)  # a missing body is among the problems raised above
    decision = Decision(
        hearing_id=hearing.id,
        note_id=note.id,
        deciding_body_id=body.id,
        meeting_date=data.meeting_date,
        case_reference=reference,
        recorded_at=now,
        recorded_by_id=actor.id if actor else None,
    )
    db.session.add(decision)
    db.session.flush()
    outcomes = []
    for group, rec, result, content in checked:
        outcome = DecisionOutcome(
            decision=decision, recommendation_id=rec.id, result=result, changed_content=content
        )
        db.session.add(outcome)
        outcomes.append((group, rec, result, outcome))
    changes = [
        (group, outcome, change_for(group, _content(rec, outcome)))
        for group, rec, result, outcome in outcomes
        if _makes_change(rec, result)
    ]
    # The draft first: a consulted draft is still locked and is replaced as such.
    label = draft_label(decision)
    draft, theirs = _target_version(
        hearing, decision, label, makes_changes=bool(changes), actor=actor, now=now
    )
    transitions.mark_decided(hearing, actor=actor, now=now)
    decision.draft_version_id = draft.id if draft is not None else None
    conflicts = (
        find_conflicts(hearing.version, theirs, [c for _, _, c in changes]) if theirs else {}
    )
    for index, conflict in conflicts.items():
        changes[index][1].conflict = [c.to_dict() for c in conflict]
    to_apply = [(g, o, c) for i, (g, o, c) in enumerate(changes) if i not in conflicts]
    if draft is not None:
        check_decision_changes(draft, [(g, c) for g, _, c in to_apply])  # all refusals first
        for group, outcome, change in to_apply:
            outcome.change_record_id = apply_decision_change(
                hearing, decision, group, draft, change, actor=actor, now=now
            )
    db.session.flush()
    audit.record(
        actor,
        "hearing.decision_recorded",
        decision,
        now=now,
        summary=f"{hearing.reference}: {body.code} {decision.meeting_date} {reference}",
        changes={
            "outcomes": {
                "old": None,
                "new": {str(rec.id): result.value for _, rec, result, _ in checked},
            },
            "draft_version": {"old": None, "new": draft.number if draft else None},
            "conflicts": {"old": None, "new": sorted(describe(changes[i][0]) for i in conflicts)},
        },
        object_type="decision",
    )
    # The parties are told by the secretariat's "send the note and the decision to all
    # parties" (hearing.services.party_notice), when it chooses.
    return decision
