"""Two hearings on one policy at once: the second can always be decided.

Version 1 is approved; version 2 is a draft of it consulted in hearing A (locked); hearing B
consults version 1 and reaches its decision first, or after A's changes were approved.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from barometer import catalogue_data
from barometer.models import CatalogueVersion, Indicator, SuccessCriterion, VersionStatus
from barometer.services import catalogue_nodes
from barometer.services import catalogue_versions as catalogue_services
from barometer.services.change_values import build_data, current_values
from core.errors import ValidationFailed
from core.extensions import db as _db
from hearing.models import Hearing
from hearing.services import consolidation as svc
from hearing.services.decision import DecisionData, OutcomeData, record_decision
from hearing.services.decision_conflicts import resolve_conflict
from hearing.workflow import HearingState
from tests.barometer.factories import make_approved, make_policy
from tests.hearing.consolidation_factories import LATER, consolidating_hearing, group_by, recommend
from tests.hearing.factories import body, make_issued, secretariat

MEETING = date(2007, 3, 1)


def _two_hearings() -> tuple[CatalogueVersion, CatalogueVersion, Hearing, Hearing]:
    v1 = make_approved(
        policy=make_policy("Integrationspolitik med to høringer"),
        areas=2,
        goals_per_area=2,
        indicators_per_goal=1,
    )
    v2 = catalogue_services.create_draft(v1.policy, label="Udkast", actor=None, now=LATER)
    open_on_draft = make_issued(v2, reference="BIU 1/2007", codes=("ØU",))
    on_approved = consolidating_hearing(version=v1)
    return v1, v2, open_on_draft, on_approved


def _decide(hearing: Hearing, approve: tuple[str, ...] = ()) -> Any:
    """Merge, recommend and finalise as the demo did; record the decision approving the
    groups named in ``approve`` ("merged", "indicator", "a2m2") and rejecting the rest."""
    _prepared_groups = _prepare(hearing)
    outcomes = tuple(
        OutcomeData(g.recommendation.id, "approved" if name in approve else "rejected")
        for name, g in _prepared_groups.items()
    )
    return record_decision(
        hearing,
        DecisionData(body("BIU").id, MEETING, "BIU 45/2007", outcomes),
        actor=secretariat(),
        now=LATER,
    )


def _prepare(hearing: Hearing) -> dict[str, Any]:
    dup_a = group_by(hearing, "BUU", "add_success_criterion", "A1-M1")
    dup_b = group_by(hearing, "ØU", "add_success_criterion", "A1-M1")
    merged = svc.merge_groups(hearing, [dup_a.id, dup_b.id], actor=secretariat(), now=LATER)
    groups = {
        "merged": merged,
        "indicator": group_by(hearing, "IR", "add_success_criterion", "A2-M1-I1"),
        "a2m2": group_by(hearing, "BUU", "add_success_criterion", "A2-M2"),
        "other": group_by(hearing, "IR", "other", ""),
    }
    for name in ("merged", "indicator", "a2m2"):
        recommend(hearing, groups[name], "accept")
    recommend(hearing, groups["other"], "out_of_scope")
    svc.finalise_note(hearing, actor=secretariat(), now=LATER)
    return groups


def _decide_on_draft(hearing: Hearing) -> None:
    """Hearing A: no proposals, so its decision only replaces the consulted draft."""
    from hearing.services import transitions
    from tests.hearing.consolidation_factories import CLOSED

    transitions.close_hearing(hearing, actor=None, now=CLOSED)
    svc.start_consolidation(hearing, actor=secretariat(), now=LATER, render_note=False)
    svc.finalise_note(hearing, actor=secretariat(), now=LATER)
    record_decision(
        hearing,
        DecisionData(body("BIU").id, MEETING, "BIU 40/2007", ()),
        actor=secretariat(),
        now=LATER,
    )


def test_a_decision_rejecting_everything_needs_no_draft(db: Any) -> None:
    _v1, v2, _a, b = _two_hearings()
    decision = _decide(b)
    assert b.state == HearingState.DECIDED
    assert decision.draft_version is None
    assert catalogue_services.draft_of(v2.policy) is v2  # hearing A's draft is untouched


def test_rejecting_everything_after_the_other_draft_was_approved_is_recorded(db: Any) -> None:
    v1, _v2, a, b = _two_hearings()
    _decide_on_draft(a)
    new = catalogue_services.draft_of(v1.policy)
    catalogue_services.approve_version(
        new, decision_text="BIU 40/2007", decision_date=MEETING, actor=None, now=LATER
    )
    decision = _decide(b)
    assert b.state == HearingState.DECIDED and decision.draft_version is None


def test_approved_changes_wait_while_the_policy_draft_is_consulted(db: Any) -> None:
    _v1, v2, _a, b = _two_hearings()
    with pytest.raises(ValidationFailed) as refused:
        _decide(b, ("merged",))
    assert "BIU 1/2007" in str(refused.value.params)  # names the hearing to decide first
    assert refused.value.params["number"] == v2.number


def test_approved_changes_go_into_the_unlocked_draft_made_meanwhile(db: Any) -> None:
    v1, _v2, a, b = _two_hearings()
    _decide_on_draft(a)
    draft = catalogue_services.draft_of(v1.policy)
    decision = _decide(b, ("merged",))
    assert decision.draft_version is draft
    assert catalogue_services.draft_of(v1.policy) is draft
    texts = [c.text for c in _db.session.query(SuccessCriterion).filter_by(version_id=draft.id)]
    assert "Ledigheden blandt indvandrere halveres" in texts
    assert [o.conflict for o in decision.outcomes if o.conflict] == []


def test_approved_changes_go_into_a_new_draft_of_the_version_in_force(db: Any) -> None:
    v1, _v2, a, b = _two_hearings()
    _decide_on_draft(a)
    in_force = catalogue_services.draft_of(v1.policy)
    catalogue_services.approve_version(
        in_force, decision_text="BIU 40/2007", decision_date=MEETING, actor=None, now=LATER
    )
    decision = _decide(b, ("merged",))
    draft = decision.draft_version
    assert draft.status == VersionStatus.DRAFT and draft.based_on is in_force


def test_a_change_to_what_changed_meanwhile_is_a_conflict_and_the_rest_apply(db: Any) -> None:
    v1, _v2, a, b = _two_hearings()
    _decide_on_draft(a)
    draft = catalogue_services.draft_of(v1.policy)
    # Meanwhile the draft changes indicator A2-M1-I1 (the target of IR's proposal).
    ind = _db.session.query(Indicator).filter_by(version_id=draft.id, code="A2-M1-I1").one()
    catalogue_nodes.update_indicator(
        ind,
        build_data(
            catalogue_data.IndicatorData,
            current_values(ind, catalogue_data.INDICATOR_FIELDS),
            {"name_da": "Nyt navn"},
        ),
        actor=None,
        now=LATER,
    )
    decision = _decide(b, ("merged", "indicator"))
    conflicts = {o.recommendation.group.target_code: o for o in decision.outcomes if o.conflict}
    assert set(conflicts) == {"A2-M1-I1"}
    assert conflicts["A2-M1-I1"].change_record_id is None
    applied = {o.recommendation.group.target_code for o in decision.outcomes if o.change_record_id}
    assert applied == {"A1-M1"}
    assert group_by(b, "IR", "add_success_criterion", "A2-M1-I1")


def _conflicted() -> tuple[CatalogueVersion, Any]:
    v1, _v2, a, b = _two_hearings()
    _decide_on_draft(a)
    draft = catalogue_services.draft_of(v1.policy)
    criterion = (
        _db.session.query(SuccessCriterion).filter_by(version_id=draft.id, code="A2-M1-I1-S1").one()
    )
    catalogue_nodes.delete_criterion(criterion, actor=None, now=LATER)
    decision = _decide(b, ("merged", "indicator"))
    return draft, decision


def test_a_conflict_is_applied_when_the_secretariat_says_so(db: Any) -> None:
    draft, decision = _conflicted()
    [outcome] = [o for o in decision.outcomes if o.open_conflict]
    assert outcome.conflict[0]["what"] == "removed"  # a criterion of the target went
    resolve_conflict(decision, outcome.id, "applied", actor=secretariat(), now=LATER)
    assert outcome.conflict_resolution == "applied" and not outcome.open_conflict
    assert outcome.change_record is not None and outcome.change_record.version_id == draft.id
    with pytest.raises(ValidationFailed):
        resolve_conflict(decision, outcome.id, "kept", actor=secretariat(), now=LATER)


def test_a_conflict_kept_changes_nothing_in_the_catalogue(db: Any) -> None:
    draft, decision = _conflicted()
    [outcome] = [o for o in decision.outcomes if o.open_conflict]
    _db.session.refresh(draft)
    before = len(draft.change_records)
    resolve_conflict(decision, outcome.id, "kept", actor=secretariat(), now=LATER)
    assert outcome.conflict_resolution == "kept" and outcome.change_record_id is None
    _db.session.refresh(draft)
    assert len(draft.change_records) == before
