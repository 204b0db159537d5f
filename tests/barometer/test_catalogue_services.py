"""Versions and edits: frozen is frozen, drafts copy, approval supersedes, rules hold."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from barometer import catalogue_data
from barometer.errors import CatalogueInvalid, VersionFrozen
from barometer.models import CatalogueVersion, SuccessCriterion, VersionStatus
from barometer.queries import load_version_tree, version_snapshot
from barometer.services import catalogue_nodes as svc
from barometer.services import catalogue_versions
from core.errors import StaleEdit, ValidationFailed
from core.extensions import db
from core.models import AuditEvent, BodyKind
from tests.barometer.factories import (
    NOW,
    administration,
    goal,
    indicator,
    indicator_data,
    make_approved,
    make_draft_with_content,
)
from tests.factories import make_body


def _state(version: CatalogueVersion) -> tuple[dict[str, Any], int]:
    snapshot = version_snapshot(load_version_tree(version.id))
    audit_count = db.session.scalar(select(func.count()).select_from(AuditEvent))
    return snapshot, audit_count


def _frozen_calls(v: CatalogueVersion) -> dict[str, Callable[[], object]]:
    area = v.focus_areas[0]
    g = goal(v, "A1-M1")
    ind = indicator(v, "A1-M1-I1")
    crit = ind.success_criteria[0]
    kw: dict[str, Any] = {"actor": None, "now": NOW}
    return {
        "add_focus_area": lambda: svc.add_focus_area(
            v, catalogue_data.FocusAreaData("NY", 9, "Ny"), **kw
        ),
        "update_focus_area": lambda: svc.update_focus_area(
            area, catalogue_data.FocusAreaData("A1", 1, "Nyt navn"), **kw
        ),
        "delete_focus_area": lambda: svc.delete_focus_area(area, **kw),
        "add_goal": lambda: svc.add_goal(area, catalogue_data.GoalData("G9", "Nyt mål"), **kw),
        "update_goal": lambda: svc.update_goal(g, catalogue_data.GoalData("A1-M1", "Ændret"), **kw),
        "delete_goal": lambda: svc.delete_goal(g, **kw),
        "add_indicator": lambda: svc.add_indicator(g, indicator_data("I99"), **kw),
        "update_indicator": lambda: svc.update_indicator(
            ind, indicator_data("A1-M1-I1", name_da="Ændret"), **kw
        ),
        "delete_indicator": lambda: svc.delete_indicator(ind, **kw),
        "add_criterion": lambda: svc.add_criterion(ind, catalogue_data.CriterionData("Nyt"), **kw),
        "update_criterion": lambda: svc.update_criterion(
            crit, catalogue_data.CriterionData("Ændret"), **kw
        ),
        "delete_criterion": lambda: svc.delete_criterion(crit, **kw),
        "move": lambda: svc.move(ind, 1, **kw),
        "approve_version": lambda: catalogue_versions.approve_version(
            v, decision_text="X", decision_date=date(2007, 1, 1), **kw
        ),
        "discard_draft": lambda: catalogue_versions.discard_draft(v, **kw),
    }


@pytest.mark.parametrize(
    "call",
    [
        "add_focus_area",
        "update_focus_area",
        "delete_focus_area",
        "add_goal",
        "update_goal",
        "delete_goal",
        "add_indicator",
        "update_indicator",
        "delete_indicator",
        "add_criterion",
        "update_criterion",
        "delete_criterion",
        "move",
        "approve_version",
        "discard_draft",
    ],
)
def test_every_service_refuses_an_approved_version_and_changes_nothing(db: Any, call: str) -> None:
    version = make_approved()
    db.session.commit()
    before = _state(version)
    with pytest.raises(VersionFrozen):
        _frozen_calls(version)[call]()
    db.session.rollback()
    assert _state(version) == before


def test_a_superseded_version_is_frozen_too(db: Any) -> None:
    v1 = make_approved()
    v2 = catalogue_versions.create_draft(v1.policy, label="Version 2", actor=None, now=NOW)
    catalogue_versions.approve_version(
        v2, decision_text="BIU 1/2008", decision_date=date(2008, 1, 1), actor=None, now=NOW
    )
    assert v1.status == VersionStatus.SUPERSEDED
    with pytest.raises(VersionFrozen, match="superseded and cannot"):
        svc.add_goal(v1.focus_areas[0], catalogue_data.GoalData("X", "Y"), actor=None, now=NOW)


def test_a_draft_from_the_approved_version_copies_everything_and_keeps_codes(db: Any) -> None:
    v1 = make_approved()
    draft = catalogue_versions.create_draft(v1.policy, label="Version 2", actor=None, now=NOW)
    old = version_snapshot(load_version_tree(v1.id))
    new = version_snapshot(load_version_tree(draft.id))
    assert draft.number == 2 and draft.based_on_id == v1.id and draft.status == "draft"
    assert new["focus_areas"] == old["focus_areas"]
    count = select(func.count()).select_from(SuccessCriterion)
    assert db.session.scalar(count.where(SuccessCriterion.version_id == draft.id)) == 8
    # The copy is independent: editing it leaves the approved version alone.
    svc.update_indicator(
        indicator(draft, "A1-M1-I1"), indicator_data("A1-M1-I1", name_da="Ny"), actor=None, now=NOW
    )
    assert indicator(v1, "A1-M1-I1").name_da != "Ny"


def test_only_one_draft_per_policy(db: Any) -> None:
    v1 = make_approved()
    catalogue_versions.create_draft(v1.policy, label="Version 2", actor=None, now=NOW)
    with pytest.raises(ValidationFailed, match="already has a draft"):
        catalogue_versions.create_draft(v1.policy, label="Version 3", actor=None, now=NOW)


def test_approving_supersedes_the_previous_version_and_writes_the_audit_log(db: Any) -> None:
    v1 = make_approved()
    v2 = catalogue_versions.create_draft(v1.policy, label="Version 2", actor=None, now=NOW)
    catalogue_versions.approve_version(
        v2, decision_text="BIU 12/2008, pkt. 4", decision_date=date(2008, 3, 1), actor=None, now=NOW
    )
    assert (v1.status, v2.status) == ("superseded", "approved")
    assert v1.superseded_at == NOW and v2.approved_at == NOW
    assert v2.decision_text == "BIU 12/2008, pkt. 4" and v2.draft_policy_id is None
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"catalogue.version_approved", "catalogue.version_superseded"} <= actions


def test_approval_needs_the_decision_text_and_date(db: Any) -> None:
    draft = make_draft_with_content()
    with pytest.raises(CatalogueInvalid) as err:
        catalogue_versions.approve_version(
            draft, decision_text=" ", decision_date=None, actor=None, now=NOW
        )
    assert {p.field for p in err.value.problems} == {"decision_text", "decision_date"}
    assert draft.status == "draft"


def test_discarding_a_draft_removes_it_and_its_rows(db: Any) -> None:
    v1 = make_approved()
    draft = catalogue_versions.create_draft(v1.policy, label="Version 2", actor=None, now=NOW)
    draft_id = draft.id
    catalogue_versions.discard_draft(draft, actor=None, now=NOW)
    assert db.session.get(CatalogueVersion, draft_id) is None
    assert catalogue_versions.draft_of(v1.policy) is None
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(SuccessCriterion)
            .where(SuccessCriterion.version_id == draft_id)
        )
        == 0
    )
    assert catalogue_versions.create_draft(v1.policy, label="Igen", actor=None, now=NOW).number == 2


def test_a_stale_edit_is_refused(db: Any) -> None:
    draft = make_draft_with_content()
    ind = indicator(draft, "A1-M1-I1")
    seen = ind.lock_version
    svc.update_indicator(ind, indicator_data("A1-M1-I1", name_da="Først"), actor=None, now=NOW)
    with pytest.raises(StaleEdit):
        svc.update_indicator(
            ind,
            indicator_data("A1-M1-I1", name_da="Sidst"),
            actor=None,
            now=NOW,
            expected_version=seen,
        )
    assert ind.name_da == "Først"


def _problems(call: Callable[[], object]) -> dict[str, str]:
    with pytest.raises(CatalogueInvalid) as err:
        call()
    return {p.field: p.text() for p in err.value.problems}


def test_codes_are_unique_within_a_version(db: Any) -> None:
    draft = make_draft_with_content()
    g = goal(draft, "A1-M1")
    problems = _problems(
        lambda: svc.add_indicator(g, indicator_data("a1-m1-i2"), actor=None, now=NOW)
    )
    assert problems["code"] == "The code a1-m1-i2 is already used in this version."
    problems = _problems(
        lambda: svc.add_goal(
            g.focus_area, catalogue_data.GoalData("A1-M2", "x"), actor=None, now=NOW
        )
    )
    assert "already used" in problems["code"]


def test_indicator_rules_each_give_a_clear_message(db: Any) -> None:
    draft = make_draft_with_content()
    make_body("KFF", BodyKind.COMMITTEE)
    g = goal(draft, "A1-M1")
    data = indicator_data(
        "NY 1",
        name_da="",
        decimals=5,
        owner_code="KFF",
        baseline_period="2006-3",
        min_change=Decimal("-1"),
    )
    problems = _problems(lambda: svc.add_indicator(g, data, actor=None, now=NOW))
    assert problems == {
        "code": "The code may hold letters, digits, dot, dash and underscore, no spaces.",
        "name_da": "This field is required.",
        "decimals": "Decimals must be a whole number from 0 to 4.",
        "owner": "KFF is not a known administration.",
        "min_change": "The minimum change cannot be negative.",
        "baseline_period": "2006-3 is not a period; write e.g. 2007-H1.",
    }


def test_a_target_period_must_come_after_the_baseline_period(db: Any) -> None:
    draft = make_draft_with_content()
    ind = indicator(draft, "A1-M1-I2")  # baseline 2006-H2
    problems = _problems(
        lambda: svc.add_criterion(
            ind, catalogue_data.CriterionData("x", Decimal(50), "2006-H2"), actor=None, now=NOW
        )
    )
    assert problems["target_period"] == (
        "The target period must come after the baseline period 2006-H2."
    )
    # Moving the baseline past an existing target is refused as well.
    ind1 = indicator(draft, "A1-M1-I1")  # has a criterion due 2010-H2
    problems = _problems(
        lambda: svc.update_indicator(
            ind1, indicator_data("A1-M1-I1", baseline_period="2011-H1"), actor=None, now=NOW
        )
    )
    assert "2010-H2 is not after the baseline" in problems["baseline_period"]


def test_a_target_value_needs_a_period_and_a_baseline_needs_both_parts(db: Any) -> None:
    draft = make_draft_with_content()
    ind = indicator(draft, "A1-M1-I2")
    problems = _problems(
        lambda: svc.add_criterion(
            ind, catalogue_data.CriterionData("x", Decimal(1)), actor=None, now=NOW
        )
    )
    assert problems["target_period"] == "Give the period the target is due."
    problems = _problems(
        lambda: svc.update_indicator(
            ind, indicator_data("A1-M1-I2", baseline_period=None), actor=None, now=NOW
        )
    )
    assert problems["baseline_period"] == "Give the baseline value and its period together."


def test_a_goal_with_indicators_cannot_be_deleted(db: Any) -> None:
    draft = make_draft_with_content()
    with pytest.raises(ValidationFailed, match="indicators of the goal first"):
        svc.delete_goal(goal(draft, "A1-M1"), actor=None, now=NOW)


def test_deleting_an_indicator_takes_its_criteria(db: Any) -> None:
    draft = make_draft_with_content()
    svc.delete_indicator(indicator(draft, "A1-M1-I1"), actor=None, now=NOW)
    codes = set(
        db.session.scalars(
            select(SuccessCriterion.code).where(SuccessCriterion.version_id == draft.id)
        )
    )
    assert "A1-M1-I1-S1" not in codes and "A1-M1-S1" in codes


def test_moving_reorders_goals_and_indicators(db: Any) -> None:
    draft = make_draft_with_content(indicators_per_goal=3)
    g = goal(draft, "A1-M1")
    svc.move(indicator(draft, "A1-M1-I3"), -1, actor=None, now=NOW)
    db.session.expire_all()
    assert [i.code for i in goal(draft, "A1-M1").indicators] == ["A1-M1-I1", "A1-M1-I3",
                                                                  "A1-M1-I2"]  # fmt: skip
    svc.move(g, 1, actor=None, now=NOW)
    db.session.expire_all()
    assert [x.code for x in draft.focus_areas[0].goals] == ["A1-M2", "A1-M1"]
    svc.move(goal(draft, "A1-M2"), -1, actor=None, now=NOW)  # already first: nothing happens


def test_an_indicator_can_move_to_another_goal(db: Any) -> None:
    draft = make_draft_with_content()
    target = goal(draft, "A2-M1")
    ind = svc.update_indicator(
        indicator(draft, "A1-M1-I1"), indicator_data("A1-M1-I1"), actor=None, now=NOW, goal=target
    )
    assert ind.goal.code == "A2-M1"


def test_an_owner_must_be_an_active_administration(db: Any) -> None:
    administration("BUF")
    draft = make_draft_with_content()
    ind = svc.update_indicator(
        indicator(draft, "A1-M1-I1"),
        indicator_data("A1-M1-I1", owner_code="BUF"),
        actor=None,
        now=NOW,
    )
    assert ind.owner.code == "BUF"
