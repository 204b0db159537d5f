"""The committee's decision: approved items become a new draft catalogue version with
provenance; rejected ones are absent; the consulted version stays as it was."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from barometer import catalogue_data
from barometer.diff import diff_versions
from barometer.models import (
    CatalogueChangeRecord,
    CatalogueVersion,
    SuccessCriterion,
    VersionStatus,
)
from barometer.queries import load_version_tree, version_snapshot
from barometer.services import catalogue_nodes
from barometer.services import catalogue_versions as catalogue_services
from barometer.services.version_lock import is_locked
from core.errors import DomainError, FrozenError, ValidationFailed
from core.extensions import db as _db
from core.models import AuditEvent
from hearing.models.consolidation import Decision, DecisionOutcome
from hearing.queries.consolidation import decision_of, groups_of
from hearing.services import consolidation as svc
from hearing.services.decision import DecisionData, OutcomeData, record_decision
from hearing.workflow import HearingState
from tests.barometer.factories import make_approved, make_policy
from tests.factories import commit
from tests.hearing.consolidation_factories import LATER, consolidating_hearing, group_by, recommend
from tests.hearing.factories import body, secretariat

MEETING = date(2007, 3, 1)


def _criteria(version: CatalogueVersion) -> list[SuccessCriterion]:
    return list(
        _db.session.scalars(
            select(SuccessCriterion).where(SuccessCriterion.version_id == version.id)
        )
    )


def _prepared(
    *, public: bool = True, version: CatalogueVersion | None = None
) -> tuple[Any, dict[str, Any]]:
    """The demo scenario up to the final note: duplicates merged, every group recommended."""
    hearing = consolidating_hearing(public=public, version=version)
    dup_a = group_by(hearing, "BUU", "add_success_criterion", "A1-M1")
    dup_b = group_by(hearing, "ØU", "add_success_criterion", "A1-M1")
    merged = svc.merge_groups(hearing, [dup_a.id, dup_b.id], actor=secretariat(), now=LATER)
    groups = {
        "merged": merged,
        "indicator": group_by(hearing, "IR", "add_success_criterion", "A2-M1-I1"),
        "a2m2": group_by(hearing, "BUU", "add_success_criterion", "A2-M2"),
        "other": group_by(hearing, "IR", "other", ""),
    }
    recommend(hearing, groups["merged"], "accept")
    recommend(
        hearing, groups["indicator"], "accept_with_changes", changed_content={"target_value": "62"}
    )
    recommend(hearing, groups["a2m2"], "accept")
    recommend(hearing, groups["other"], "out_of_scope")
    svc.finalise_note(hearing, actor=secretariat(), now=LATER)
    return hearing, groups


def _data(groups: dict[str, Any], **overrides: Any) -> DecisionData:
    outcomes = {
        "merged": OutcomeData(groups["merged"].recommendation.id, "approved"),
        "indicator": OutcomeData(
            groups["indicator"].recommendation.id, "approved_with_change", {"target_value": "65"}
        ),
        "a2m2": OutcomeData(groups["a2m2"].recommendation.id, "rejected"),
        "other": OutcomeData(groups["other"].recommendation.id, "approved"),
    }
    values: dict[str, Any] = {
        "deciding_body_id": body("BIU").id,
        "meeting_date": MEETING,
        "case_reference": "BIU 45/2007",
        "outcomes": tuple(outcomes.values()),
    }
    values.update(overrides)
    return DecisionData(**values)


def _counts() -> tuple[int, ...]:
    return tuple(
        _db.session.scalar(select(func.count()).select_from(m))
        for m in (Decision, DecisionOutcome, CatalogueVersion, CatalogueChangeRecord, AuditEvent)
    )


def test_the_full_workflow_makes_exactly_the_approved_changes_in_a_new_draft(db: Any) -> None:
    hearing, groups = _prepared()
    consulted = hearing.version
    before = version_snapshot(consulted)

    decision = record_decision(hearing, _data(groups), actor=secretariat(), now=LATER)

    assert hearing.state == HearingState.DECIDED and hearing.decided_at == LATER
    draft = decision.draft_version
    assert draft is not None and draft.status == VersionStatus.DRAFT and draft.number == 2
    assert version_snapshot(consulted) == before  # the consulted version is unchanged
    diff = diff_versions(before, version_snapshot(draft))
    added = diff.levels["success_criteria"].added
    assert len(added) == 2
    assert not diff.levels["success_criteria"].removed
    assert not diff.levels["success_criteria"].changed
    assert all(diff.levels[name].empty for name in ("focus_areas", "goals", "indicators"))
    texts = {c.text: c for c in _criteria(draft)}
    assert "Ledigheden blandt indvandrere halveres" in texts  # the merged group (BUU's first)
    assert texts["Mindst 60 % i 2010"].target_value == Decimal("65")  # the committee's value
    assert "Flere i job" not in texts  # rejected: absent
    assert "Hold et årligt dialogmøde" not in texts  # out of scope: nothing changed

    records = {r.target_code: r for r in draft.change_records}
    assert set(records) == {"A1-M1", "A2-M1-I1"}
    merged_prov = records["A1-M1"].provenance
    assert merged_prov["hearing_id"] == hearing.id
    assert merged_prov["decision_reference"] == "BIU 45/2007"
    assert merged_prov["decision_date"] == "2007-03-01" and merged_prov["deciding_body"] == "BIU"
    assert sorted(merged_prov["proposal_ids"]) == sorted(p.id for p in groups["merged"].proposals)
    assert len(merged_prov["response_receipts"]) == 2
    by_result = {str(o.result): o for o in decision.outcomes}
    assert by_result["rejected"].change_record_id is None
    assert _db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "hearing.decision_recorded")
    )


def test_approving_the_draft_supersedes_the_consulted_version(db: Any) -> None:
    hearing, groups = _prepared()
    decision = record_decision(hearing, _data(groups), actor=secretariat(), now=LATER)
    catalogue_services.approve_version(
        decision.draft_version,
        decision_text="BIU 45/2007",
        decision_date=MEETING,
        actor=secretariat(),
        now=LATER,
    )
    assert hearing.version.status == VersionStatus.SUPERSEDED
    assert decision.draft_version.status == VersionStatus.APPROVED


@pytest.mark.parametrize(
    "overrides",
    [
        {"deciding_body_id": None},
        {"deciding_body_id": 10_000},
        {"meeting_date": None},
        {"meeting_date": date(2099, 1, 1)},
        {"case_reference": "  "},
        {"case_reference": "x" * 101},
        {"outcomes": ()},
    ],
)
def test_a_bad_decision_is_refused_and_changes_nothing(db: Any, overrides: dict[str, Any]) -> None:
    hearing, groups = _prepared()
    before = _counts()
    with pytest.raises(ValidationFailed):
        record_decision(hearing, _data(groups, **overrides), actor=secretariat(), now=LATER)
    assert _counts() == before and hearing.state == HearingState.CONSOLIDATION


def test_an_outcome_for_a_foreign_or_unknown_recommendation_is_refused(db: Any) -> None:
    hearing, groups = _prepared()
    data = _data(groups)
    bad = DecisionData(
        data.deciding_body_id,
        data.meeting_date,
        data.case_reference,
        (*data.outcomes[:-1], OutcomeData(10_000, "approved")),
    )
    with pytest.raises(ValidationFailed):
        record_decision(hearing, bad, actor=secretariat(), now=LATER)
    unknown_result = DecisionData(
        data.deciding_body_id,
        data.meeting_date,
        data.case_reference,
        (*data.outcomes[:-1], OutcomeData(data.outcomes[-1].recommendation_id, "perhaps")),
    )
    with pytest.raises(ValidationFailed):
        record_decision(hearing, unknown_result, actor=secretariat(), now=LATER)


def test_approved_with_change_needs_the_changed_content(db: Any) -> None:
    hearing, groups = _prepared()
    data = _data(groups)
    without = tuple(
        OutcomeData(o.recommendation_id, o.result) if o.result == "approved_with_change" else o
        for o in data.outcomes
    )
    with pytest.raises(ValidationFailed):
        record_decision(
            hearing,
            DecisionData(data.deciding_body_id, MEETING, "BIU 45/2007", without),
            actor=secretariat(),
            now=LATER,
        )


def test_the_decision_needs_a_final_note(db: Any) -> None:
    hearing = consolidating_hearing()
    for group in groups_of(hearing):
        recommend(hearing, group, "reject")
    with pytest.raises(ValidationFailed):
        record_decision(
            hearing,
            DecisionData(body("BIU").id, MEETING, "BIU 45/2007", ()),
            actor=secretariat(),
            now=LATER,
        )


def test_a_decision_is_recorded_once(db: Any) -> None:
    hearing, groups = _prepared()
    record_decision(hearing, _data(groups), actor=secretariat(), now=LATER)
    with pytest.raises(FrozenError):
        record_decision(hearing, _data(groups), actor=secretariat(), now=LATER)
    assert decision_of(hearing) is not None


# -- a hearing on a draft ---------------------------------------------------------------------


def _content(version: CatalogueVersion) -> dict[str, Any]:
    """A canonical dump of what the version says, without its status fields."""
    snapshot = version_snapshot(load_version_tree(version.id))
    return {k: snapshot[k] for k in ("number", "label", "based_on", "focus_areas", "changes")}


def _draft_of_approved() -> tuple[CatalogueVersion, CatalogueVersion]:
    """Version 1 approved, version 2 a draft of it with a new goal (as the demo's open hearing
    consults a draft of version 3)."""
    v1 = make_approved(policy=make_policy("Integrationspolitik på udkast"))
    v2 = catalogue_services.create_draft(v1.policy, label="Udkast", actor=None, now=LATER)
    catalogue_nodes.add_goal(
        v2.focus_areas[0], catalogue_data.GoalData("A1-M9", "Nyt mål"), actor=None, now=LATER
    )
    return v1, v2


def test_a_decision_on_a_draft_makes_a_new_draft_and_leaves_the_consulted_one_unchanged(
    db: Any,
) -> None:
    v1, consulted = _draft_of_approved()
    hearing, groups = _prepared(version=consulted)
    assert is_locked(consulted)
    before = _content(consulted)

    decision = record_decision(hearing, _data(groups), actor=secretariat(), now=LATER)

    assert _content(consulted) == before  # the consulted version is unchanged
    assert consulted.status == VersionStatus.SUPERSEDED and consulted.approved_at is None
    assert consulted.shown_status == "replaced" and not is_locked(consulted)
    assert (consulted.decision_text, consulted.decision_date) == ("BIU 45/2007", MEETING)
    draft = decision.draft_version
    assert draft.status == VersionStatus.DRAFT and draft.number == 3
    assert draft.based_on is consulted and draft.label.endswith("(BIU 45/2007)")
    assert catalogue_services.draft_of(v1.policy) is draft  # still one draft per policy
    assert hearing.version is consulted and hearing.state == HearingState.DECIDED
    # Exactly the approved changes, with their provenance.
    diff = diff_versions(version_snapshot(consulted), version_snapshot(draft))
    added = diff.levels["success_criteria"].added
    assert sorted(r.code for r in added) == ["A1-M1-S2", "A2-M1-I1-S2"]
    assert {r.label for r in added} == {
        "Ledigheden blandt indvandrere halveres",
        "Mindst 60 % i 2010",
    }
    assert not diff.levels["success_criteria"].removed
    assert not diff.levels["success_criteria"].changed
    assert all(diff.levels[name].empty for name in ("focus_areas", "goals", "indicators"))
    records = {r.target_code: r.provenance for r in draft.change_records}
    assert set(records) == {"A1-M1", "A2-M1-I1"}
    assert records["A2-M1-I1"]["decision_reference"] == "BIU 45/2007"
    assert records["A2-M1-I1"]["hearing_id"] == hearing.id
    assert consulted.change_records == []


def test_approving_the_new_draft_supersedes_the_approved_version_not_the_consulted_draft(
    db: Any,
) -> None:
    v1, consulted = _draft_of_approved()
    hearing, groups = _prepared(version=consulted)
    decision = record_decision(hearing, _data(groups), actor=secretariat(), now=LATER)
    catalogue_services.approve_version(
        decision.draft_version,
        decision_text="BIU 45/2007",
        decision_date=MEETING,
        actor=secretariat(),
        now=LATER,
    )
    assert decision.draft_version.status == VersionStatus.APPROVED
    assert v1.status == VersionStatus.SUPERSEDED and v1.approved_at is not None
    assert consulted.status == VersionStatus.SUPERSEDED and consulted.approved_at is None
    assert catalogue_services.latest_approved(v1.policy) is decision.draft_version


def test_a_decision_on_a_draft_that_changes_nothing_still_leaves_the_draft_alone(
    db: Any,
) -> None:
    hearing = consolidating_hearing(approved=False)
    consulted = hearing.version
    before = _content(consulted)
    for group in groups_of(hearing):
        recommend(hearing, group, "reject")
    svc.finalise_note(hearing, actor=secretariat(), now=LATER)
    outcomes = tuple(OutcomeData(g.recommendation.id, "approved") for g in groups_of(hearing))
    decision = record_decision(
        hearing,
        DecisionData(body("BIU").id, MEETING, "BIU 45/2007", outcomes),
        actor=secretariat(),
        now=LATER,
    )
    draft = decision.draft_version
    assert draft is not consulted and draft.change_records == []
    assert _content(consulted) == before and not consulted.was_approved
    assert diff_versions(version_snapshot(consulted), version_snapshot(draft)).empty


def test_a_refused_decision_on_a_draft_leaves_it_locked_and_unchanged(db: Any) -> None:
    _, consulted = _draft_of_approved()
    hearing, groups = _prepared(version=consulted)
    commit()  # the view rolls a refused decision back to here
    before, counts = _content(consulted), _counts()
    data = _data(groups)
    # The committee's target value is no number: the catalogue refuses the change.
    bad = tuple(
        OutcomeData(o.recommendation_id, o.result, {"target_value": "mange"})
        if o.result == "approved_with_change"
        else o
        for o in data.outcomes
    )
    with pytest.raises(DomainError, match="number"):
        record_decision(
            hearing,
            DecisionData(data.deciding_body_id, MEETING, "BIU 45/2007", bad),
            actor=secretariat(),
            now=LATER,
        )
    _db.session.rollback()
    assert _content(consulted) == before and _counts() == counts
    assert consulted.status == VersionStatus.DRAFT and is_locked(consulted)


def test_a_target_year_alone_becomes_its_second_half_in_the_catalogue() -> None:
    from hearing.services.proposal_changes import catalogue_period

    assert catalogue_period("2010") == "2010-H2"
    assert catalogue_period("2010-H1") == "2010-H1"
    assert catalogue_period(None) is None
