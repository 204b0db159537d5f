"""The read side of the consolidation workspace as one screen shows it: counts first, then one
page of bodies, of goals' assessments or of proposal groups at a time.

Every loader runs a fixed number of statements and loads at most one page of rows, whatever
the number of bodies, assessments or proposals: counts are made by the database
(``GROUP BY``), not by loading every response version.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from core.extensions import db
from core.models import Body
from core.paging import Page
from hearing.models import Consultee, Hearing
from hearing.models.consolidation import ProposalGroup, ProposalGroupMember, Recommendation
from hearing.models.responses import (
    Assessment,
    CoverageAssessment,
    Proposal,
    Response,
    ResponseVersion,
)
from hearing.queries.consolidation import BodyOutcome, OutcomeRow, _outcome

BODIES_PER_PAGE = 25
GROUPS_PER_PAGE = 10
STATES = ("unhandled", "handled")


def _current_versions() -> Select[Any]:
    """The version that counts for each body of a hearing (filter on ``Response.hearing_id``)."""
    return (
        select(ResponseVersion)
        .join(Response, ResponseVersion.response_id == Response.id)
        .where(ResponseVersion.superseded_at.is_(None), ResponseVersion.withdrawn_at.is_(None))
    )


# -- the hearing list --------------------------------------------------------------------------


def outcome_counts(hearing: Hearing) -> dict[BodyOutcome, int]:
    """How many consulted bodies answered, had no remarks, answered late or did not answer."""
    outcome = case(
        (ResponseVersion.late, BodyOutcome.LATE.value),
        (ResponseVersion.no_remarks, BodyOutcome.NO_REMARKS.value),
        else_=BodyOutcome.ANSWERED.value,
    )
    rows = db.session.execute(
        _current_versions()
        .with_only_columns(outcome, func.count(ResponseVersion.id))
        .where(Response.hearing_id == hearing.id)
        .group_by(outcome)
    ).all()
    counts = dict.fromkeys(BodyOutcome, 0)
    for kind, count in rows:
        counts[BodyOutcome(kind)] = count
    consulted = db.session.scalar(
        select(func.count(Consultee.id)).where(Consultee.hearing_id == hearing.id)
    )
    counts[BodyOutcome.NOT_ANSWERED] = (consulted or 0) - sum(counts.values())
    return counts


def outcome_page(hearing: Hearing, page: Page) -> list[OutcomeRow]:
    """One page of the consulted bodies (by body code) with what each did."""
    consultees = list(
        db.session.scalars(
            select(Consultee)
            .join(Body, Consultee.body_id == Body.id)
            .where(Consultee.hearing_id == hearing.id)
            .options(contains_eager(Consultee.body))
            .order_by(Body.code, Consultee.id)
            .offset(page.offset)
            .limit(page.per_page)
        )
    )
    ids = [c.id for c in consultees]
    versions = {
        v.response.consultee_id: v
        for v in db.session.scalars(
            _current_versions()
            .where(Response.hearing_id == hearing.id, Response.consultee_id.in_(ids or [0]))
            .options(joinedload(ResponseVersion.response))
        )
    }
    return [OutcomeRow(c, _outcome(versions.get(c.id)), versions.get(c.id)) for c in consultees]


def consulted_count(hearing: Hearing) -> int:
    return (
        db.session.scalar(
            select(func.count(Consultee.id)).where(Consultee.hearing_id == hearing.id)
        )
        or 0
    )


# -- the coverage matrix -------------------------------------------------------------------------


@dataclass
class GoalCoverage:
    """What the answering bodies said of one goal: a count per assessment."""

    counts: dict[str, int] = field(default_factory=lambda: {a.value: 0 for a in Assessment})
    comments: int = 0

    @property
    def assessed(self) -> int:
        return sum(self.counts.values())

    @property
    def not_covered(self) -> int:
        return self.counts[Assessment.NOT_COVERED.value]


def _answered_assessments(hearing: Hearing) -> Select[Any]:
    """Assessments of the current versions of bodies that answered with remarks."""
    return (
        select(CoverageAssessment)
        .join(ResponseVersion, CoverageAssessment.version_id == ResponseVersion.id)
        .join(Response, ResponseVersion.response_id == Response.id)
        .where(
            Response.hearing_id == hearing.id,
            ResponseVersion.superseded_at.is_(None),
            ResponseVersion.withdrawn_at.is_(None),
            ResponseVersion.no_remarks.is_(False),
        )
    )


def coverage_counts(hearing: Hearing) -> dict[str, GoalCoverage]:
    """Per goal code, how many bodies gave each assessment and how many commented."""
    commented = func.sum(case((CoverageAssessment.comment != "", 1), else_=0))
    rows = db.session.execute(
        _answered_assessments(hearing)
        .with_only_columns(
            CoverageAssessment.goal_code,
            CoverageAssessment.assessment,
            func.count(CoverageAssessment.id),
            commented,
        )
        .group_by(CoverageAssessment.goal_code, CoverageAssessment.assessment)
    ).all()
    found: dict[str, GoalCoverage] = {}
    for goal_code, assessment, count, comments in rows:
        coverage = found.setdefault(goal_code, GoalCoverage())
        if assessment:
            coverage.counts[str(assessment)] += count
        coverage.comments += int(comments or 0)
    return found


def answering_count(hearing: Hearing) -> int:
    """Bodies whose current version answers with remarks (the matrix's columns of old)."""
    return (
        db.session.scalar(
            _current_versions()
            .with_only_columns(func.count(ResponseVersion.id))
            .where(Response.hearing_id == hearing.id, ResponseVersion.no_remarks.is_(False))
        )
        or 0
    )


def goal_assessments(hearing: Hearing, goal_code: str, page: Page) -> list[CoverageAssessment]:
    """One page of the bodies' assessments of a goal (by body code), with their bodies."""
    return list(
        db.session.scalars(
            _answered_assessments(hearing)
            .join(Consultee, Response.consultee_id == Consultee.id)
            .join(Body, Consultee.body_id == Body.id)
            .where(CoverageAssessment.goal_code == goal_code)
            .options(
                joinedload(CoverageAssessment.version)
                .joinedload(ResponseVersion.response)
                .joinedload(Response.consultee)
            )
            .order_by(Body.code, CoverageAssessment.id)
            .offset(page.offset)
            .limit(page.per_page)
        )
    )


def goal_assessment_count(hearing: Hearing, goal_code: str) -> int:
    return (
        db.session.scalar(
            _answered_assessments(hearing)
            .with_only_columns(func.count(CoverageAssessment.id))
            .where(CoverageAssessment.goal_code == goal_code)
        )
        or 0
    )


# -- confidential input per focus area ---------------------------------------------------------


def confidential_area_codes(hearing: Hearing, catalogue: dict[str, Any]) -> set[str]:
    """What :func:`hearing.confidentiality.confidential_areas` finds, counted by the database:
    the focus areas with confidential input (every area when a confidential version has
    general remarks or a confidential proposal names no goal)."""
    area_of: dict[str, str] = {}
    for area in catalogue["focus_areas"]:
        for goal in area["goals"]:
            area_of[goal["code"]] = area["code"]
            for indicator in goal["indicators"]:
                area_of[indicator["code"]] = area["code"]
    every = {area["code"] for area in catalogue["focus_areas"]}
    current = and_(
        Response.hearing_id == hearing.id,
        ResponseVersion.superseded_at.is_(None),
        ResponseVersion.withdrawn_at.is_(None),
    )
    whole = db.session.scalar(
        _current_versions()
        .with_only_columns(ResponseVersion.id)
        .where(current, ResponseVersion.confidential, ResponseVersion.general_remarks != "")
        .limit(1)
    )
    if whole is not None:
        return every
    goals = db.session.scalars(
        _answered_assessments(hearing)
        .with_only_columns(CoverageAssessment.goal_code)
        .where(
            or_(ResponseVersion.confidential, CoverageAssessment.confidential),
            or_(CoverageAssessment.comment != "", CoverageAssessment.assessment.is_not(None)),
        )
        .distinct()
    ).all()
    target = func.coalesce(Proposal.target_indicator_code, Proposal.target_goal_code, "")
    targets = db.session.scalars(
        select(target)
        .join(ResponseVersion, Proposal.version_id == ResponseVersion.id)
        .join(Response, ResponseVersion.response_id == Response.id)
        .where(current, or_(Proposal.confidential, ResponseVersion.confidential))
        .distinct()
    ).all()
    if "" in targets:
        return every
    return {area_of.get(code, "") for code in (*goals, *targets)} - {""}


# -- the proposal groups -----------------------------------------------------------------------


@dataclass(frozen=True)
class GroupFilter:
    """Which proposal groups the workspace lists: a focus area, one goal or indicator, and
    handled (has a recommendation) or not. Empty values filter nothing."""

    area: str = ""
    target: str = ""  # a goal or indicator code
    state: str = ""

    def args(self) -> dict[str, str]:
        """The non-empty values as query arguments."""
        return {k: v for k, v in vars(self).items() if v}


def area_targets(catalogue: dict[str, Any], area_code: str) -> list[str]:
    """The goal and indicator codes of a focus area."""
    codes: list[str] = []
    for area in catalogue["focus_areas"]:
        if area["code"] == area_code:
            for goal in area["goals"]:
                codes.append(goal["code"])
                codes.extend(i["code"] for i in goal["indicators"])
    return codes


def _filtered_groups(hearing: Hearing, catalogue: dict[str, Any], chosen: GroupFilter) -> Any:
    query = select(ProposalGroup).where(ProposalGroup.hearing_id == hearing.id)
    if chosen.area:
        query = query.where(ProposalGroup.target_code.in_(area_targets(catalogue, chosen.area)))
    if chosen.target:
        query = query.where(ProposalGroup.target_code == chosen.target)
    if chosen.state:
        handled = (
            select(Recommendation.id).where(Recommendation.group_id == ProposalGroup.id).exists()
        )
        query = query.where(handled if chosen.state == "handled" else ~handled)
    return query


def group_count(hearing: Hearing, catalogue: dict[str, Any], chosen: GroupFilter) -> int:
    query = _filtered_groups(hearing, catalogue, chosen)
    return db.session.scalar(query.with_only_columns(func.count(ProposalGroup.id))) or 0


def group_page(
    hearing: Hearing, catalogue: dict[str, Any], chosen: GroupFilter, page: Page
) -> list[ProposalGroup]:
    """One page of the chosen groups, in the workspace's order, with their proposals, bodies
    and recommendation (three statements: the page's groups, their members, the bodies)."""
    members = (
        selectinload(ProposalGroup.members)
        .joinedload(ProposalGroupMember.proposal)
        .joinedload(Proposal.version)
        .joinedload(ResponseVersion.response)
        .joinedload(Response.consultee)
    )
    return list(
        db.session.scalars(
            _filtered_groups(hearing, catalogue, chosen)
            .options(members, joinedload(ProposalGroup.recommendation))
            .order_by(
                ProposalGroup.target_kind,
                ProposalGroup.target_code,
                ProposalGroup.proposal_kind,
                ProposalGroup.id,
            )
            .offset(page.offset)
            .limit(page.per_page)
        ).unique()
    )


def group_targets(hearing: Hearing) -> list[tuple[str, str]]:
    """Every (kind, code) that groups of the hearing point at: the merge's choice of target
    and the filter's list of goals and indicators (bounded by the catalogue's size)."""
    rows = db.session.execute(
        select(ProposalGroup.target_kind, ProposalGroup.target_code)
        .where(ProposalGroup.hearing_id == hearing.id)
        .distinct()
        .order_by(ProposalGroup.target_kind, ProposalGroup.target_code)
    ).all()
    return [(str(kind), code) for kind, code in rows]


def by_target(groups: Iterable[ProposalGroup]) -> list[tuple[str, str, list[ProposalGroup]]]:
    """The page's groups under their goal or indicator, in order."""
    targets: dict[tuple[str, str], list[ProposalGroup]] = {}
    for group in groups:
        targets.setdefault((str(group.target_kind), group.target_code), []).append(group)
    return [(kind, code, items) for (kind, code), items in targets.items()]
