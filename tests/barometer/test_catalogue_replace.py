"""A consulted draft is replaced, not edited: closed unchanged as superseded without
approval, and copied into a new draft (``replace_consulted_draft``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from barometer import catalogue_data
from barometer.diff import diff_versions
from barometer.errors import CatalogueInvalid, VersionFrozen
from barometer.models import CatalogueVersion, VersionStatus
from barometer.queries import load_version_tree, version_snapshot
from barometer.services import catalogue_nodes
from barometer.services import catalogue_versions as svc
from barometer.services import version_lock as hearing_lock
from core.errors import ValidationFailed
from core.models import AuditEvent
from tests.barometer.factories import NOW, goal, make_approved

LATER = NOW + timedelta(days=90)
MEETING = date(2007, 4, 18)


def _content(version: CatalogueVersion) -> dict[str, Any]:
    """Everything a version says, without its status fields."""
    snapshot = version_snapshot(load_version_tree(version.id))
    keep = ("number", "label", "based_on", "focus_areas", "changes")
    return {key: snapshot[key] for key in keep}


def _consulted_draft() -> tuple[CatalogueVersion, CatalogueVersion]:
    """Version 1 approved; version 2 a draft of it with one new criterion, locked."""
    v1 = make_approved()
    v2 = svc.create_draft(v1.policy, label="Revideret katalog", actor=None, now=NOW)
    catalogue_nodes.add_criterion(
        goal(v2, "A1-M1"),
        catalogue_data.CriterionData("Flere i uddannelse i 2010"),
        actor=None,
        now=NOW,
    )
    hearing_lock.lock_version(v2, "BIU 300/2007: Høring", actor=None, now=NOW)
    return v1, v2


def _replace(version: CatalogueVersion, **overrides: Any) -> CatalogueVersion:
    values: dict[str, Any] = {
        "label": "Revideret katalog (BIU 118/2007)",
        "decision_text": "BIU 118/2007",
        "decision_date": MEETING,
        "actor": None,
        "now": LATER,
    }
    return svc.replace_consulted_draft(version, **(values | overrides))


def _counts(db: Any) -> tuple[int, int]:
    return (
        db.session.scalar(select(func.count()).select_from(CatalogueVersion)),
        db.session.scalar(select(func.count()).select_from(AuditEvent)),
    )


def test_the_consulted_draft_is_closed_unchanged_and_superseded_without_approval(
    db: Any,
) -> None:
    v1, v2 = _consulted_draft()
    before = _content(v2)

    _replace(v2)

    assert _content(v2) == before
    assert v2.status == VersionStatus.SUPERSEDED and v2.superseded_at == LATER
    assert v2.approved_at is None and v2.approved_by_id is None and not v2.was_approved
    assert v2.shown_status == "replaced" and v2.draft_policy_id is None
    assert (v2.decision_text, v2.decision_date) == ("BIU 118/2007", MEETING)
    assert not hearing_lock.is_locked(v2)
    assert v1.status == VersionStatus.APPROVED and v1.shown_status == "approved"
    with pytest.raises(VersionFrozen):
        catalogue_nodes.add_goal(
            v2.focus_areas[0], catalogue_data.GoalData("NY", "Nyt mål"), actor=None, now=LATER
        )
    with pytest.raises(VersionFrozen):
        svc.approve_version(
            v2, decision_text="BIU 1/2008", decision_date=MEETING, actor=None, now=LATER
        )
    assert _content(v2) == before


def test_the_new_draft_is_a_copy_of_the_consulted_draft_in_the_policys_draft_slot(
    db: Any,
) -> None:
    v1, v2 = _consulted_draft()

    new = _replace(v2)

    assert new.number == 3 and new.status == VersionStatus.DRAFT and new.based_on is v2
    assert svc.draft_of(v1.policy) is new and new.label == "Revideret katalog (BIU 118/2007)"
    assert _content(new)["focus_areas"] == _content(v2)["focus_areas"]  # codes kept
    assert diff_versions(
        version_snapshot(load_version_tree(v2.id)), version_snapshot(load_version_tree(new.id))
    ).empty
    catalogue_nodes.add_goal(
        new.focus_areas[0], catalogue_data.GoalData("A1-M9", "Nyt mål"), actor=None, now=LATER
    )
    assert "A1-M9" not in {g.code for a in v2.focus_areas for g in a.goals}
    actions = list(
        db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.occurred_at == LATER).order_by(AuditEvent.id)
        )
    )
    assert actions[:3] == [
        "catalogue.version_unlocked",
        "catalogue.version_replaced",
        "catalogue.draft_created",
    ]


def test_approving_the_new_draft_supersedes_the_approved_version_not_the_replaced_one(
    db: Any,
) -> None:
    v1, v2 = _consulted_draft()
    new = _replace(v2)
    svc.approve_version(
        new, decision_text="BIU 140/2007", decision_date=MEETING, actor=None, now=LATER
    )
    assert (new.status, new.approved_at) == (VersionStatus.APPROVED, LATER)
    assert v1.status == VersionStatus.SUPERSEDED and v1.was_approved  # approved, then replaced
    assert v2.status == VersionStatus.SUPERSEDED and v2.approved_at is None
    assert (v2.decision_text, v2.superseded_at) == ("BIU 118/2007", LATER)
    assert svc.latest_approved(v1.policy) is new and svc.draft_of(v1.policy) is None


def test_the_one_draft_per_policy_rule_still_holds(db: Any) -> None:
    v1, v2 = _consulted_draft()
    _replace(v2)
    with pytest.raises(ValidationFailed, match="already has a draft"):
        svc.create_draft(v1.policy, label="Endnu en", actor=None, now=LATER)
    back_to_draft = text(
        "UPDATE catalogue_versions SET status = 'draft', superseded_at = NULL, "
        "decision_text = NULL, decision_date = NULL, draft_policy_id = :p WHERE id = :id"
    )
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(back_to_draft, {"p": v1.policy_id, "id": v2.id})


_SET_STATUS = {
    "superseded, never approved": "status = 'superseded', superseded_at = created_at, "
    "approved_at = NULL",
    "superseded after approval": "status = 'superseded', superseded_at = created_at",
    "approved without approval time": "approved_at = NULL",
}


@pytest.mark.parametrize(
    ("case", "allowed"),
    [
        ("superseded, never approved", True),
        ("superseded after approval", True),
        ("approved without approval time", False),
    ],
)
def test_the_database_lets_only_a_superseded_version_lack_its_approval(
    db: Any, case: str, allowed: bool
) -> None:
    v1 = make_approved()
    statement = text(f"UPDATE catalogue_versions SET {_SET_STATUS[case]} WHERE id = :id")  # noqa: S608
    if allowed:
        with db.session.begin_nested() as savepoint:
            db.session.execute(statement, {"id": v1.id})
            savepoint.rollback()
    else:
        with pytest.raises(IntegrityError), db.session.begin_nested():
            db.session.execute(statement, {"id": v1.id})


@pytest.mark.parametrize("case", ["approved", "superseded", "unlocked_draft"])
def test_only_a_locked_draft_can_be_replaced_and_a_refusal_changes_nothing(
    db: Any, case: str
) -> None:
    v1, v2 = _consulted_draft()
    messages = {
        "approved": "Version 1 is not a draft",
        "superseded": "Version 1 is not a draft",
        "unlocked_draft": "Version 2 is not locked by a hearing",
    }
    if case == "superseded":
        hearing_lock.unlock_version(v2, actor=None, now=NOW)
        svc.approve_version(v2, decision_text="BIU 1", decision_date=MEETING, actor=None, now=NOW)
    elif case == "unlocked_draft":
        hearing_lock.unlock_version(v2, actor=None, now=NOW)
    target = v2 if case == "unlocked_draft" else v1
    before, counts = _content(target), _counts(db)
    status = target.status
    with pytest.raises(ValidationFailed, match=messages[case]):
        _replace(target)
    assert (_content(target), _counts(db), target.status) == (before, counts, status)


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"label": " "}, {"label"}),
        ({"decision_text": ""}, {"decision_text"}),
        ({"decision_date": None}, {"decision_date"}),
        ({"decision_text": "x" * 201, "label": "y" * 201}, {"decision_text", "label"}),
    ],
)
def test_a_replacement_without_label_or_decision_is_refused_and_changes_nothing(
    db: Any, overrides: dict[str, Any], fields: set[str]
) -> None:
    _, v2 = _consulted_draft()
    counts = _counts(db)
    with pytest.raises(CatalogueInvalid) as err:
        _replace(v2, **overrides)
    assert {p.field for p in err.value.problems} == fields
    assert _counts(db) == counts
    assert v2.status == VersionStatus.DRAFT and hearing_lock.is_locked(v2)
