"""Consolidation: starting it, grouping the proposals, and the hearing note's versions.

Services take ``actor`` and ``now``, flush, write the audit entry and never commit. Once the
hearing note is final (or the hearing decided) the consolidation is frozen. Every change to
the consolidation asks for a new version of the note itself (``note_versions.request_note``,
rendered after the commit); ``render_note=False`` skips that for bulk loads. Recommendations
and summaries live in ``hearing.services.recommendations``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from core import audit
from core.errors import N_, FrozenError, NotFound, ValidationFailed
from core.extensions import db
from core.models import User
from hearing.confidentiality import holds_confidential
from hearing.models import Hearing
from hearing.models.consolidation import (
    HearingNote,
    ProposalGroup,
    ProposalGroupMember,
    TargetKind,
)
from hearing.models.responses import Proposal
from hearing.queries import consolidation as queries
from hearing.queries.responses import current_submitted_versions
from hearing.services import transitions
from hearing.services.note_versions import request_note
from hearing.workflow import HearingState

# -- guards ----------------------------------------------------------------------------------


def ensure_consolidating(hearing: Hearing) -> None:
    """Writes are allowed while the hearing is in consolidation and its note is not final."""
    if hearing.state != HearingState.CONSOLIDATION:
        raise FrozenError(N_("The hearing is not being consolidated."))
    note = queries.latest_note(hearing)
    if note is not None and note.finalised:
        raise FrozenError(N_("The hearing note is final: the consolidation cannot change."))


def group_of(hearing: Hearing, group_id: int) -> ProposalGroup:
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


def _changed(hearing: Hearing, actor: User | None, now: datetime, render_note: bool) -> None:
    """The consolidation changed: ask for a new version of the hearing note."""
    if render_note:
        request_note(hearing, actor=actor, now=now)


def mark_derived(group: ProposalGroup) -> None:
    """A recommendation whose group now holds a confidential part is derived from it; an
    earlier confirmation of a rewrite did not know that part and no longer counts. The
    mark stays when the part leaves again (the text may still repeat it)."""
    rec = group.recommendation
    if rec is None or rec.derived_from_confidential or not holds_confidential(group.proposals):
        return
    rec.derived_from_confidential = True
    rec.rewrite_confirmed_at = None
    rec.rewrite_confirmed_by_id = None
    db.session.flush()


def start_consolidation(
    hearing: Hearing, *, actor: User | None, now: datetime, render_note: bool = True
) -> Hearing:
    """Closed -> consolidation, with one group per proposal of the bodies' current versions
    and the note's first version requested."""
    transitions.enter_consolidation(hearing, actor=actor, now=now)
    sync_groups(hearing, actor=actor, now=now)
    _changed(hearing, actor, now, render_note)
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
    render_note: bool = True,
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
    groups = [group_of(hearing, gid) for gid in given]
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
    mark_derived(survivor)
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
    _changed(hearing, actor, now, render_note)
    return survivor


def split_group(
    hearing: Hearing,
    group_id: int,
    *,
    actor: User | None,
    now: datetime,
    render_note: bool = True,
) -> list[ProposalGroup]:
    """Give every proposal but the first its own group again, on its own target (without a
    recommendation); the first stays in the group, with its recommendation."""
    ensure_consolidating(hearing)
    group = group_of(hearing, group_id)
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
    _changed(hearing, actor, now, render_note)
    return result


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


def finalise_note(
    hearing: Hearing, *, actor: User | None, now: datetime, render_note: bool = True
) -> HearingNote:
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
    _changed(hearing, actor, now, render_note)
    return note
