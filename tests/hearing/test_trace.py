"""Traceability both ways: from a catalogue row to the bodies, from a response to the change."""

from __future__ import annotations

from typing import Any

from barometer.services import catalogue_versions as catalogue_services
from hearing.queries.responses import current_submitted_versions
from hearing.queries.trace import fates, origins
from hearing.services.decision import record_decision
from tests.hearing.consolidation_factories import LATER as MEETING_NOW
from tests.hearing.factories import secretariat
from tests.hearing.test_decision_services import MEETING, _data, _prepared


def _decided() -> tuple[Any, Any]:
    hearing, groups = _prepared()
    decision = record_decision(hearing, _data(groups), actor=secretariat(), now=MEETING_NOW)
    return hearing, decision


def test_a_goal_of_the_new_version_says_where_its_criterion_comes_from(db: Any) -> None:
    _, decision = _decided()
    [origin] = origins(decision.draft_version, "A1-M1")
    assert origin.decision is decision and origin.recommendation is not None
    assert origin.recommendation.outcome == "accept"
    assert origin.bodies == ["BUU", "ØU"] and len(origin.receipts) == 2
    assert origins(decision.draft_version, "A2-M2") == []  # rejected: no change, no origin


def test_the_origin_is_kept_in_the_versions_that_follow(db: Any) -> None:
    _, decision = _decided()
    approved = catalogue_services.approve_version(
        decision.draft_version,
        decision_text="BIU 45/2007",
        decision_date=MEETING,
        actor=secretariat(),
        now=MEETING_NOW,
    )
    later = catalogue_services.create_draft(
        approved.policy, label="Senere", actor=secretariat(), now=MEETING_NOW
    )
    [origin] = origins(later, "A2-M1-I1")
    assert origin.version_number == approved.number
    assert origin.change.fields["target_value"] == "65"


def test_a_response_sees_what_became_of_each_proposal(db: Any) -> None:
    hearing, _ = _decided()
    by_body = {v.response.consultee.body.code: v for v in current_submitted_versions(hearing)}
    buu = {f.proposal.target_goal_code: f for f in fates(by_body["BUU"])}
    assert buu["A1-M1"].outcome.result == "approved" and buu["A1-M1"].change is not None
    assert buu["A2-M2"].outcome.result == "rejected" and buu["A2-M2"].change is None
    ir = fates(by_body["IR"])
    other = next(f for f in ir if f.proposal.kind == "other")
    assert other.recommendation.outcome == "out_of_scope" and other.change is None
    assert fates(by_body["TMU"]) == []
