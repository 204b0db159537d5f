"""Consolidation services on the real database: groups, merge/split, recommendations,
summaries, progress and finalising the note."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from core.errors import FrozenError, NotFound, StaleEdit, TransitionNotAllowed, ValidationFailed
from core.extensions import db as _db
from core.models import AuditEvent
from hearing.models.consolidation import (
    FocusAreaSummary,
    ProposalGroup,
    ProposalGroupMember,
    Recommendation,
)
from hearing.queries.consolidation import groups_of, latest_note, progress
from hearing.services import consolidation as svc
from hearing.services import recommendations
from hearing.services.recommendations import RecommendationData
from hearing.workflow import HearingState
from tests.hearing.consolidation_factories import (
    LATER,
    answered_hearing,
    consolidating_hearing,
    group_by,
    recommend,
)
from tests.hearing.factories import secretariat


def _counts() -> tuple[int, ...]:
    return tuple(
        _db.session.scalar(select(func.count()).select_from(m))
        for m in (ProposalGroup, ProposalGroupMember, Recommendation, FocusAreaSummary, AuditEvent)
    )


def _merge_duplicates(hearing: Any) -> ProposalGroup:
    first = group_by(hearing, "BUU", "add_success_criterion", "A1-M1")
    second = group_by(hearing, "ØU", "add_success_criterion", "A1-M1")
    return svc.merge_groups(hearing, [first.id, second.id], actor=secretariat(), now=LATER)


def test_starting_consolidation_gives_each_current_proposal_its_own_group(db: Any) -> None:
    hearing = consolidating_hearing()
    assert hearing.state == HearingState.CONSOLIDATION
    groups = groups_of(hearing)
    assert len(groups) == 5 and all(len(g.members) == 1 for g in groups)
    targets = sorted((str(g.target_kind), g.target_code, g.proposal_kind) for g in groups)
    assert ("indicator", "A2-M1-I1", "add_success_criterion") in targets
    assert ("none", "", "other") in targets
    assert progress(hearing).total == 5 and progress(hearing).handled == 0


def test_consolidation_starts_only_from_a_closed_hearing(db: Any) -> None:
    hearing = consolidating_hearing()
    with pytest.raises(TransitionNotAllowed):
        svc.start_consolidation(hearing, actor=secretariat(), now=LATER)


def test_syncing_groups_twice_adds_nothing(db: Any) -> None:
    hearing = consolidating_hearing()
    before = _counts()
    assert svc.sync_groups(hearing, actor=secretariat(), now=LATER) == []
    assert _counts() == before


def test_merging_duplicates_keeps_every_source_and_splitting_restores_them(db: Any) -> None:
    hearing = consolidating_hearing()
    merged = _merge_duplicates(hearing)
    bodies = sorted(p.version.response.consultee.body.code for p in merged.proposals)
    assert bodies == ["BUU", "ØU"] and len(groups_of(hearing)) == 4
    assert progress(hearing).total == 5
    parts = svc.split_group(hearing, merged.id, actor=secretariat(), now=LATER)
    assert len(parts) == 2 and len(groups_of(hearing)) == 5
    actions = _db.session.scalars(select(AuditEvent.action)).all()
    assert "hearing.proposals_merged" in actions and "hearing.proposals_split" in actions


def test_merging_keeps_the_recommendation_of_a_group_that_has_one(db: Any) -> None:
    hearing = consolidating_hearing()
    second = group_by(hearing, "ØU", "add_success_criterion", "A1-M1")
    recommend(hearing, second, "reject")
    merged = _merge_duplicates(hearing)
    assert merged.id == second.id and merged.recommendation is not None
    assert progress(hearing).handled == 2


def test_merging_different_types_or_one_group_is_refused_and_changes_nothing(db: Any) -> None:
    hearing = consolidating_hearing()
    a = group_by(hearing, "BUU", "add_success_criterion", "A1-M1")
    b = group_by(hearing, "IR", "other", "")
    before = _counts()
    with pytest.raises(ValidationFailed):
        svc.merge_groups(hearing, [a.id, b.id], actor=secretariat(), now=LATER)
    with pytest.raises(ValidationFailed):
        svc.merge_groups(hearing, [a.id], actor=secretariat(), now=LATER)
    assert _counts() == before


def test_a_group_of_another_hearing_is_not_found(db: Any) -> None:
    hearing = consolidating_hearing()
    with pytest.raises(NotFound):
        svc.merge_groups(hearing, [10_000, 10_001], actor=secretariat(), now=LATER)


def test_splitting_a_single_proposal_is_refused(db: Any) -> None:
    hearing = consolidating_hearing()
    group = group_by(hearing, "IR", "other", "")
    with pytest.raises(ValidationFailed):
        svc.split_group(hearing, group.id, actor=secretariat(), now=LATER)


def test_a_recommendation_is_saved_with_its_changed_content_and_audited(db: Any) -> None:
    hearing = consolidating_hearing()
    group = group_by(hearing, "IR", "add_success_criterion", "A2-M1-I1")
    recommend(hearing, group, "accept_with_changes", changed_content={"target_value": "62"})
    rec = group.recommendation
    assert rec is not None and rec.revision == 1
    assert rec.changed_content == {"target_value": "62"} and rec.reasoning
    event = _db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "hearing.recommendation_set")
    )
    assert event is not None and event.changes["outcome"]["new"] == "accept_with_changes"


def test_a_stale_recommendation_is_refused_and_changes_nothing(db: Any) -> None:
    hearing = consolidating_hearing()
    group = group_by(hearing, "IR", "other", "")
    recommend(hearing, group, "out_of_scope")
    before = _counts()
    with pytest.raises(StaleEdit):
        recommendations.set_recommendation(
            hearing,
            group.id,
            RecommendationData("reject", reasoning="Nej."),
            expected_revision=0,
            actor=secretariat(),
            now=LATER,
        )
    assert _counts() == before and group.recommendation.outcome == "out_of_scope"


@pytest.mark.parametrize(
    ("data", "group_kind"),
    [
        (RecommendationData("maybe", reasoning="x"), "other"),
        (RecommendationData("accept", reasoning="   "), "other"),
        (RecommendationData("accept", reasoning="x" * 10_001), "other"),
        (RecommendationData("accept_with_changes", reasoning="x"), "other"),
        (
            RecommendationData("accept_with_changes", reasoning="x", changed_content={"y": 1}),
            "other",
        ),
    ],
)
def test_bad_recommendations_are_refused_and_change_nothing(
    db: Any, data: RecommendationData, group_kind: str
) -> None:
    hearing = consolidating_hearing()
    group = group_by(hearing, "IR", "other", "")
    before = _counts()
    with pytest.raises(ValidationFailed):
        recommendations.set_recommendation(
            hearing, group.id, data, expected_revision=0, actor=secretariat(), now=LATER
        )
    assert _counts() == before


def test_a_summary_per_focus_area_is_saved_and_guarded_against_stale_edits(db: Any) -> None:
    hearing = consolidating_hearing()
    summary = recommendations.set_summary(
        hearing, "A1", "Tre udvalg", expected_revision=0, actor=secretariat(), now=LATER
    )
    assert summary.revision == 1
    with pytest.raises(StaleEdit):
        recommendations.set_summary(
            hearing, "A1", "Nyt", expected_revision=0, actor=secretariat(), now=LATER
        )
    with pytest.raises(NotFound):
        recommendations.set_summary(
            hearing, "ZZ", "x", expected_revision=0, actor=secretariat(), now=LATER
        )
    assert summary.text == "Tre udvalg"


def test_the_note_cannot_be_finalised_while_a_proposal_is_unhandled(db: Any) -> None:
    hearing = consolidating_hearing()
    groups = groups_of(hearing)
    for group in groups[:-1]:
        recommend(hearing, group, "reject")
    with pytest.raises(ValidationFailed) as refused:
        svc.finalise_note(hearing, actor=secretariat(), now=LATER)
    assert refused.value.params == {"handled": 4, "total": 5}
    assert latest_note(hearing) is None
    recommend(hearing, groups[-1], "reject")
    note = svc.finalise_note(hearing, actor=secretariat(), now=LATER)
    assert note.finalised and note.number == 1


def test_after_the_note_is_final_the_consolidation_is_frozen(db: Any) -> None:
    hearing = consolidating_hearing()
    for group in groups_of(hearing):
        recommend(hearing, group, "reject")
    svc.finalise_note(hearing, actor=secretariat(), now=LATER)
    group = groups_of(hearing)[0]
    with pytest.raises(FrozenError):
        recommend(hearing, group, "accept")
    with pytest.raises(FrozenError):
        recommendations.set_summary(
            hearing, "A1", "x", expected_revision=0, actor=secretariat(), now=LATER
        )


def test_a_closed_hearing_not_in_consolidation_refuses_consolidation_writes(db: Any) -> None:
    hearing = answered_hearing()
    with pytest.raises(FrozenError):
        recommendations.set_summary(
            hearing, "A1", "x", expected_revision=0, actor=secretariat(), now=LATER
        )
