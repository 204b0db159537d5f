"""The read side of consolidation: groups with their proposals and recommendations, progress,
summaries, notes and the decision. Every loader runs a fixed number of statements, whatever
the number of bodies (the workspace's query-count test relies on it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import defer, joinedload, selectinload, subqueryload

from core.extensions import db
from hearing.models import Consultee, Hearing
from hearing.models.consolidation import (
    Decision,
    DecisionOutcome,
    FocusAreaSummary,
    HearingNote,
    ProposalGroup,
    ProposalGroupMember,
    Recommendation,
)
from hearing.models.responses import (
    Assessment,
    CoverageAssessment,
    Proposal,
    Response,
    ResponseVersion,
)
from hearing.queries.responses import catalogue_of, current_submitted_versions


@dataclass(frozen=True)
class Progress:
    handled: int
    total: int

    @property
    def complete(self) -> bool:
        return self.handled == self.total


def groups_of(hearing: Hearing) -> list[ProposalGroup]:
    """Every group of the hearing with its proposals (and their bodies) and recommendation.

    Two statements whatever the number of groups: the groups with their recommendation,
    the members (a subquery on the same groups, not a list of ids that SQLAlchemy would
    split into batches of 500) joined to their proposal, version, response, consultee and
    body (each a many-to-one).
    """
    members = (
        subqueryload(ProposalGroup.members)
        .joinedload(ProposalGroupMember.proposal)
        .joinedload(Proposal.version)
        .joinedload(ResponseVersion.response)
        .joinedload(Response.consultee)
        .joinedload(Consultee.body)
    )
    return list(
        db.session.scalars(
            select(ProposalGroup)
            .where(ProposalGroup.hearing_id == hearing.id)
            .options(members, joinedload(ProposalGroup.recommendation))
            .order_by(ProposalGroup.target_kind, ProposalGroup.target_code, ProposalGroup.id)
        ).unique()
    )


GROUP_PAGE = 200  # groups per statement pair in iter_groups


def iter_groups(hearing: Hearing, page: int = GROUP_PAGE) -> Iterator[ProposalGroup]:
    """:func:`groups_of` in the same order, ``page`` groups at a time (the exports).

    Each page is read by a keyset on the workspace's order (target kind, target code, id)
    and let go of before the next is read, so a hearing of any size takes the memory of one
    page: two statements per page. The versions are read without their canonical JSON (a
    version's whole content), which the sheets do not need.
    """
    members = (
        subqueryload(ProposalGroup.members)
        .joinedload(ProposalGroupMember.proposal)
        .joinedload(Proposal.version)
        .options(
            defer(ResponseVersion.canonical_json),
            joinedload(ResponseVersion.response)
            .joinedload(Response.consultee)
            .joinedload(Consultee.body),
        )
    )
    order = (ProposalGroup.target_kind, ProposalGroup.target_code, ProposalGroup.id)
    after: tuple[str, str, int] | None = None
    while True:
        query = (
            select(ProposalGroup)
            .where(ProposalGroup.hearing_id == hearing.id)
            .options(members, joinedload(ProposalGroup.recommendation))
            .order_by(*order)
            .limit(page)
        )
        if after is not None:
            query = query.where(tuple_(*order) > tuple_(*after))
        groups = list(db.session.scalars(query).unique())
        if not groups:
            return
        last = groups[-1]
        after = (last.target_kind, last.target_code, last.id)
        yield from groups
        if len(groups) < page:
            return
        del groups, last


def group_of_proposal(proposal_id: int) -> ProposalGroup | None:
    return db.session.scalar(
        select(ProposalGroup)
        .join(ProposalGroupMember)
        .where(ProposalGroupMember.proposal_id == proposal_id)
    )


def progress(hearing: Hearing) -> Progress:
    """Proposals handled (their group has a recommendation) out of all grouped proposals."""
    base = (
        select(func.count(ProposalGroupMember.id))
        .join(ProposalGroup)
        .where(ProposalGroup.hearing_id == hearing.id)
    )
    total = db.session.scalar(base) or 0
    handled = (
        db.session.scalar(base.join(Recommendation, Recommendation.group_id == ProposalGroup.id))
        or 0
    )
    return Progress(handled=handled, total=total)


def summaries_of(hearing: Hearing) -> dict[str, FocusAreaSummary]:
    rows = db.session.scalars(
        select(FocusAreaSummary).where(FocusAreaSummary.hearing_id == hearing.id)
    )
    return {row.focus_area_code: row for row in rows}


def latest_note(hearing: Hearing) -> HearingNote | None:
    return db.session.scalar(
        select(HearingNote)
        .where(HearingNote.hearing_id == hearing.id)
        .order_by(HearingNote.number.desc())
        .limit(1)
    )


def decision_of(hearing: Hearing) -> Decision | None:
    return db.session.scalar(
        select(Decision)
        .where(Decision.hearing_id == hearing.id)
        .options(
            selectinload(Decision.outcomes).selectinload(DecisionOutcome.change_record),
            selectinload(Decision.deciding_body),
        )
    )


# -- the workspace ---------------------------------------------------------------------------


class BodyOutcome(StrEnum):
    ANSWERED = "answered"
    NO_REMARKS = "no_remarks"
    LATE = "late"  # registered after the deadline, accepted with a reason
    NOT_ANSWERED = "not_answered"


@dataclass(frozen=True)
class OutcomeRow:
    consultee: Consultee
    outcome: BodyOutcome
    version: ResponseVersion | None


@dataclass(frozen=True)
class MatrixRow:
    goal: dict[str, Any]
    cells: list[CoverageAssessment | None]  # one per answering body, in column order
    not_covered: int
    assessed: int


@dataclass(frozen=True)
class MatrixArea:
    area: dict[str, Any]
    rows: list[MatrixRow]


@dataclass(frozen=True)
class TargetGroups:
    target_kind: str
    target_code: str
    groups: list[ProposalGroup]


@dataclass(frozen=True)
class Workspace:
    outcomes: list[OutcomeRow]
    columns: list[Consultee]
    matrix: list[MatrixArea]
    targets: list[TargetGroups]
    progress: Progress
    summaries: dict[str, FocusAreaSummary]
    catalogue: dict[str, Any]
    note: HearingNote | None


def _outcome(version: ResponseVersion | None) -> BodyOutcome:
    if version is None:
        return BodyOutcome.NOT_ANSWERED
    if version.late:
        return BodyOutcome.LATE
    return BodyOutcome.NO_REMARKS if version.no_remarks else BodyOutcome.ANSWERED


def outcome_rows(hearing: Hearing) -> list[OutcomeRow]:
    """Every consulted body with what it did, by body code."""
    by_consultee = {v.response.consultee_id: v for v in current_submitted_versions(hearing)}
    consultees = sorted(hearing.consultees, key=lambda c: c.body.code)
    rows = []
    for consultee in consultees:
        version = by_consultee.get(consultee.id)
        rows.append(OutcomeRow(consultee, _outcome(version), version))
    return rows


def _matrix(catalogue: dict[str, Any], outcomes: list[OutcomeRow]) -> list[MatrixArea]:
    answered = [o for o in outcomes if o.version is not None and not o.version.no_remarks]
    lookup = [{a.goal_code: a for a in o.version.assessments} for o in answered if o.version]
    areas = []
    for area in catalogue["focus_areas"]:
        rows = []
        for goal in area["goals"]:
            cells = [by_goal.get(goal["code"]) for by_goal in lookup]
            given = [c for c in cells if c is not None and c.assessment]
            not_covered = sum(1 for c in given if c.assessment == Assessment.NOT_COVERED)
            rows.append(MatrixRow(goal, cells, not_covered, len(given)))
        areas.append(MatrixArea(area, rows))
    return areas


def _by_target(groups: list[ProposalGroup]) -> list[TargetGroups]:
    targets: dict[tuple[str, str], list[ProposalGroup]] = {}
    for group in groups:
        targets.setdefault((str(group.target_kind), group.target_code), []).append(group)
    return [
        TargetGroups(kind, code, sorted(items, key=lambda g: (g.proposal_kind, g.id)))
        for (kind, code), items in targets.items()
    ]


def workspace(hearing: Hearing) -> Workspace:
    """Everything the consolidation workspace shows, in a fixed number of statements."""
    catalogue = catalogue_of(hearing)
    outcomes = outcome_rows(hearing)
    columns = [o.consultee for o in outcomes if o.version is not None and not o.version.no_remarks]
    return Workspace(
        outcomes=outcomes,
        columns=columns,
        matrix=_matrix(catalogue, outcomes),
        targets=_by_target(groups_of(hearing)),
        progress=progress(hearing),
        summaries=summaries_of(hearing),
        catalogue=catalogue,
        note=latest_note(hearing),
    )
