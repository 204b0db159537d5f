"""Consolidation: the secretariat groups proposals, recommends, summarises and finalises.

Services take ``actor`` and ``now``, flush, write the audit entry and never commit. Once the
hearing note is final (or the hearing decided) the consolidation is frozen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from barometer.models import FocusArea
from core import audit
from core.errors import N_, FrozenError, NotFound, StaleEdit, ValidationFailed
from core.extensions import db
from core.models import User
from hearing.models import Hearing
from hearing.models.consolidation import (
    FocusAreaSummary,
    HearingNote,
    ProposalGroup,
    ProposalGroupMember,
    Recommendation,
    RecommendationOutcome,
    TargetKind,
)
from hearing.models.responses import Proposal
from hearing.queries import consolidation as queries
from hearing.queries.responses import current_submitted_versions
from hearing.services import hearings as hearing_services
from hearing.services.proposal_changes import check_group_change, clean_changed_content
from hearing.workflow import HearingState

TEXT_MAX = 10_000
_ACCEPTING = (RecommendationOutcome.ACCEPT, RecommendationOutcome.ACCEPT_WITH_CHANGES)


@dataclass(frozen=True)
class RecommendationData:
    outcome: str
    administration_comment: str = ""
    reasoning: str = ""
    changed_content: Mapping[str, Any] | None = None


# -- guards ----------------------------------------------------------------------------------


def ensure_consolidating(hearing: Hearing) -> None:
    """Writes are allowed while the hearing is in consolidation and its note is not final."""
    if hearing.state != HearingState.CONSOLIDATION:
        raise FrozenError(N_("The hearing is not being consolidated."))
    note = queries.latest_note(hearing)
    if note is not None and note.finalised:
        raise FrozenError(N_("The hearing note is final: the consolidation cannot change."))


def _group(hearing: Hearing, group_id: int) -> ProposalGroup:
    group = db.session.get(ProposalGroup, group_id)
    if group is None or group.hearing_id != hearing.id:
        raise NotFound(N_("No such group of proposals in this hearing."))
    return group


def _target(proposal: Proposal) -> tuple[TargetKind, str]:
    if proposal.target_indicator_code:
        return TargetKind.INDICATOR, proposal.target_indicator_code
    if proposal.target_goal_code:
        return TargetKind.GOAL, proposal.target_goal_code
    return TargetKind.NONE, ""


# -- starting and grouping -------------------------------------------------------------------


def start_consolidation(hearing: Hearing, *, actor: User | None, now: datetime) -> Hearing:
    """Closed -> consolidation, with one group per proposal of the bodies' current versions."""
    hearing_services.start_consolidation(hearing, actor=actor, now=now)
    sync_groups(hearing, actor=actor, now=now)
    return hearing


def sync_groups(hearing: Hearing, *, actor: User | None, now: datetime) -> list[ProposalGroup]:
    """Give every current proposal not yet grouped a group of its own (idempotent)."""
    grouped = set(
        db.session.scalars(
            select(ProposalGroupMember.proposal_id)
            .join(ProposalGroup)
            .where(ProposalGroup.hearing_id == hearing.id)
        )
    )
    created = []
    for version in current_submitted_versions(hearing):
        for proposal in version.proposals:
            if proposal.id in grouped:
                continue
            kind, code = _target(proposal)
            group = ProposalGroup(
                hearing_id=hearing.id,
                target_kind=kind,
                target_code=code,
                proposal_kind=str(proposal.kind),
                created_at=now,
            )
            group.members.append(ProposalGroupMember(proposal_id=proposal.id))
            db.session.add(group)
            created.append(group)
    db.session.flush()
    if created:
        audit.record(
            actor,
            "hearing.proposals_grouped",
            hearing,
            now=now,
            summary=f"{hearing.reference}: {len(created)}",
            changes={"groups": {"old": None, "new": [g.id for g in created]}},
        )
    return created


def merge_groups(
    hearing: Hearing,
    group_ids: Sequence[int],
    *,
    keep_target: tuple[str, str] | None = None,
    actor: User | None,
    now: datetime,
) -> ProposalGroup:
    """Merge duplicates into one group; every source proposal is kept as a member.

    The groups must hold proposals of the same type; they may name different goals or
    indicators (two bodies propose the same criterion, one under the goal and one under an
    indicator). The merged group keeps ``keep_target`` (``(target kind, code)``, one of the
    groups' targets), by default the target of the first group given; the change goes there.
    Of the groups on that target, the first with a recommendation survives and keeps it; the
    other groups and their recommendations go.
    """
    ensure_consolidating(hearing)
    given = list(dict.fromkeys(group_ids))
    groups = [_group(hearing, gid) for gid in given]
    if len(groups) < 2:
        raise ValidationFailed(N_("Choose at least two groups to merge."))
    if len({g.proposal_kind for g in groups}) > 1:
        raise ValidationFailed(
            N_(
                "Only proposals of the same type can be merged: a new success criterion and "
                "a new indicator are not duplicates."
            )
        )
    targets = {(str(g.target_kind), g.target_code) for g in groups}
    kept = keep_target or (str(groups[0].target_kind), groups[0].target_code)
    if (str(kept[0]), kept[1]) not in targets:
        raise ValidationFailed(
            N_("The merged group can only keep the goal or indicator of one of its groups.")
        )
    on_target = sorted(
        (g for g in groups if (str(g.target_kind), g.target_code) == tuple(kept)),
        key=lambda g: g.id,
    )
    survivor = next((g for g in on_target if g.recommendation is not None), on_target[0])
    others = sorted((g for g in groups if g is not survivor), key=lambda g: g.id)
    moved = []
    for other in others:
        for member in list(other.members):
            moved.append(member.proposal_id)
            other.members.remove(member)
            db.session.flush()
            survivor.members.append(ProposalGroupMember(proposal_id=member.proposal_id))
        db.session.delete(other)
    db.session.flush()
    audit.record(
        actor,
        "hearing.proposals_merged",
        survivor,
        now=now,
        summary=f"{hearing.reference}: {survivor.target_code} {survivor.proposal_kind}",
        changes={
            "groups": {"old": sorted(g.id for g in groups), "new": survivor.id},
            "proposals": {"old": None, "new": moved},
            "targets": {"old": sorted(code for _, code in targets), "new": survivor.target_code},
        },
        object_type="proposal_group",
    )
    return survivor


def split_group(
    hearing: Hearing, group_id: int, *, actor: User | None, now: datetime
) -> list[ProposalGroup]:
    """Give every proposal but the first its own group again, on its own target (without a
    recommendation); the first stays in the group, with its recommendation."""
    ensure_consolidating(hearing)
    group = _group(hearing, group_id)
    if not group.is_merged:
        raise ValidationFailed(N_("This group holds one proposal: there is nothing to split."))
    result = [group]
    for member in list(group.members[1:]):
        proposal = member.proposal
        group.members.remove(member)
        db.session.flush()
        kind, code = _target(proposal)
        new = ProposalGroup(
            hearing_id=hearing.id,
            target_kind=kind,
            target_code=code,
            proposal_kind=group.proposal_kind,
            created_at=now,
        )
        new.members.append(ProposalGroupMember(proposal_id=proposal.id))
        db.session.add(new)
        result.append(new)
    db.session.flush()
    audit.record(
        actor,
        "hearing.proposals_split",
        group,
        now=now,
        summary=f"{hearing.reference}: {group.target_code} {group.proposal_kind}",
        changes={"groups": {"old": group.id, "new": [g.id for g in result]}},
        object_type="proposal_group",
    )
    return result


# -- recommendations -------------------------------------------------------------------------


def _text(value: str, *, required: str | None = None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(required)
    if len(value) > TEXT_MAX:
        raise ValidationFailed(
            N_("The text is too long (at most %(max)s characters)."), max=TEXT_MAX
        )
    return value


def set_recommendation(
    hearing: Hearing,
    group_id: int,
    data: RecommendationData,
    *,
    expected_revision: int,
    actor: User | None,
    now: datetime,
) -> Recommendation:
    """Create or replace the group's recommendation.

    ``expected_revision`` is the revision the form was opened with (0: no recommendation
    yet); another save in between is refused as stale.
    """
    ensure_consolidating(hearing)
    group = _group(hearing, group_id)
    try:
        outcome = RecommendationOutcome(data.outcome)
    except ValueError:
        raise ValidationFailed(N_("Choose a recommendation.")) from None
    comment = _text(data.administration_comment)
    reasoning = _text(data.reasoning, required=N_("Give the reasoning for the recommendation."))
    changed = (
        clean_changed_content(group, data.changed_content, hearing.version)
        if outcome is RecommendationOutcome.ACCEPT_WITH_CHANGES
        else None
    )
    current = group.recommendation
    if (current.revision if current else 0) != expected_revision:
        raise StaleEdit(
            N_("Someone else saved this record after you opened it. Reload and try again.")
        )
    if outcome in _ACCEPTING:  # the catalogue must take the change it would make
        check_group_change(
            group,
            changed,
            hearing.version,
            as_proposed=outcome is RecommendationOutcome.ACCEPT,
        )
    old = _recommendation_values(current)
    if current is None:
        current = Recommendation(group=group, revision=0)
        db.session.add(current)
    current.outcome = outcome
    current.administration_comment = comment
    current.reasoning = reasoning
    current.changed_content = changed
    current.updated_at = now
    current.updated_by_id = actor.id if actor else None
    current.revision += 1
    db.session.flush()
    new = _recommendation_values(current)
    audit.record(
        actor,
        "hearing.recommendation_set",
        current,
        now=now,
        summary=f"{hearing.reference}: {group.target_code} {outcome.value}",
        changes={k: {"old": old.get(k), "new": v} for k, v in new.items() if old.get(k) != v},
        object_type="recommendation",
    )
    return current


def _recommendation_values(rec: Recommendation | None) -> dict[str, Any]:
    if rec is None:
        return {}
    return {
        "outcome": str(rec.outcome),
        "administration_comment": rec.administration_comment,
        "reasoning": rec.reasoning,
        "changed_content": rec.changed_content,
    }


# -- summaries -------------------------------------------------------------------------------


def set_summary(
    hearing: Hearing,
    focus_area_code: str,
    text: str,
    *,
    expected_revision: int,
    actor: User | None,
    now: datetime,
) -> FocusAreaSummary:
    """Write the summary of what was said on one focus area of the consulted version."""
    ensure_consolidating(hearing)
    area = db.session.scalar(
        select(FocusArea.id).where(
            FocusArea.version_id == hearing.version_id, FocusArea.code == focus_area_code
        )
    )
    if area is None:
        raise NotFound(N_("Nothing with the code %(code)s in this version."), code=focus_area_code)
    text = _text(text)
    summary = queries.summaries_of(hearing).get(focus_area_code)
    if (summary.revision if summary else 0) != expected_revision:
        raise StaleEdit(
            N_("Someone else saved this record after you opened it. Reload and try again.")
        )
    old = summary.text if summary else None
    if summary is None:
        summary = FocusAreaSummary(
            hearing_id=hearing.id, focus_area_code=focus_area_code, revision=0
        )
        db.session.add(summary)
    summary.text = text
    summary.updated_at = now
    summary.updated_by_id = actor.id if actor else None
    summary.revision += 1
    db.session.flush()
    audit.record(
        actor,
        "hearing.summary_set",
        summary,
        now=now,
        summary=f"{hearing.reference}: {focus_area_code}",
        changes={"text": {"old": old, "new": text}},
        object_type="focus_area_summary",
    )
    return summary


# -- the note --------------------------------------------------------------------------------


def new_note_version(hearing: Hearing, *, actor: User | None, now: datetime) -> HearingNote:
    """Record a new version of the hearing note (its PDF is stored by the renderer)."""
    if hearing.state != HearingState.CONSOLIDATION:
        raise FrozenError(N_("The hearing is not being consolidated."))
    latest = queries.latest_note(hearing)
    if latest is not None and latest.finalised:
        raise FrozenError(N_("The hearing note is final: the consolidation cannot change."))
    note = HearingNote(
        hearing_id=hearing.id,
        number=(latest.number if latest else 0) + 1,
        generated_at=now,
        generated_by_id=actor.id if actor else None,
    )
    db.session.add(note)
    db.session.flush()
    audit.record(
        actor,
        "hearing.note_generated",
        note,
        now=now,
        summary=f"{hearing.reference}: {note.number}",
        changes={"number": {"old": latest.number if latest else None, "new": note.number}},
        object_type="hearing_note",
    )
    return note


def finalise_note(hearing: Hearing, *, actor: User | None, now: datetime) -> HearingNote:
    """Make the note final: refused while any proposal has no recommendation."""
    ensure_consolidating(hearing)
    progress = queries.progress(hearing)
    if not progress.complete:
        raise ValidationFailed(
            N_(
                "The hearing note cannot be final while proposals are unhandled "
                "(%(handled)s of %(total)s handled)."
            ),
            handled=progress.handled,
            total=progress.total,
        )
    note = new_note_version(hearing, actor=actor, now=now)
    note.finalised = True
    note.finalised_at = now
    db.session.flush()
    audit.record(
        actor,
        "hearing.note_finalised",
        note,
        now=now,
        summary=f"{hearing.reference}: {note.number}",
        changes={"finalised": {"old": False, "new": True}},
        object_type="hearing_note",
    )
    return note
