"""The inbound change contract: typed changes applied to a draft, with provenance."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from barometer.errors import CatalogueInvalid, VersionFrozen
from barometer.models import CatalogueChangeRecord
from barometer.services import catalogue_versions as svc
from barometer.services.changes import (
    CatalogueChange,
    ChangeKind,
    Provenance,
    apply_changes,
)
from core.errors import NotFound
from tests.barometer.factories import NOW, goal, indicator, make_approved

PROVENANCE = Provenance(
    {
        "hearing_id": 1,
        "proposal_ids": [3, 4],
        "receipts": ["H1-KFU-0001"],
        "decision": "BIU 40/2007, 18.04.2007",
    }
)


def _draft() -> Any:
    v1 = make_approved()
    return svc.create_draft(v1.policy, label="Version 2", actor=None, now=NOW)


def test_changes_are_applied_through_the_services_and_recorded(db: Any) -> None:
    draft = _draft()
    records = apply_changes(
        draft,
        [
            CatalogueChange(
                ChangeKind.ADD_SUCCESS_CRITERION,
                ("A1-M1-I2",),
                {
                    "text": "Mindst 55 % i 2010",
                    "target_value": "55",
                    "target_period": "2010-H2",
                    "decision_reference": "BIU 40/2007",
                    "decision_date": "2007-04-18",
                },
            ),
            CatalogueChange(ChangeKind.CHANGE_INDICATOR, ("A1-M1-I1",), {"decimals": 2}),
            CatalogueChange(
                ChangeKind.CHANGE_SUCCESS_CRITERION,
                ("A1-M1-S1",),
                {"text": "Ledigheden halveres senest 2010"},
            ),
            CatalogueChange(ChangeKind.REMOVE_INDICATOR, ("A2-M2-I2",)),
            CatalogueChange(ChangeKind.ADD_GOAL, ("A2",), {"code": "A2-M3", "text_da": "Nyt mål"}),
            CatalogueChange(
                ChangeKind.ADD_INDICATOR,
                ("A2-M3",),
                {
                    "code": "A2-M3-I1",
                    "name_da": "Antal i praktik",
                    "kind": "activity",
                    "unit": "count",
                    "decimals": 0,
                    "direction": 1,
                    "owner_code": "BIF",
                },
            ),
            CatalogueChange(ChangeKind.CHANGE_GOAL, ("A2-M1",), {"text_en": "More in work"}),
            CatalogueChange(ChangeKind.REMOVE_SUCCESS_CRITERION, ("A1-M2-S1",)),
            CatalogueChange(ChangeKind.OTHER, (), {"note": "Bedre datagrundlag"}),
        ],
        PROVENANCE,
        actor=None,
        now=NOW,
    )
    assert len(records) == 9
    assert records[0].provenance["decision"] == "BIU 40/2007, 18.04.2007"
    assert records[0].fields["target_value"] == "55"
    ind = indicator(draft, "A1-M1-I2")
    assert ind.success_criteria[0].decision_reference == "BIU 40/2007"
    assert indicator(draft, "A1-M1-I1").decimals == 2
    assert indicator(draft, "A2-M2-I2") is None
    assert indicator(draft, "A2-M3-I1").owner.code == "BIF"
    assert goal(draft, "A2-M1").text_en == "More in work"
    assert goal(draft, "A1-M1").success_criteria[0].text == "Ledigheden halveres senest 2010"


def test_a_change_gets_the_same_validation_as_the_forms(db: Any) -> None:
    draft = _draft()
    with pytest.raises(CatalogueInvalid) as err:
        apply_changes(
            draft,
            [CatalogueChange(ChangeKind.CHANGE_INDICATOR, ("A1-M1-I1",), {"decimals": 7})],
            PROVENANCE,
            actor=None,
            now=NOW,
        )
    assert err.value.field == "decimals"
    with pytest.raises(CatalogueInvalid, match="not a number"):
        apply_changes(
            draft,
            [
                CatalogueChange(
                    ChangeKind.ADD_SUCCESS_CRITERION,
                    ("A1-M1",),
                    {"text": "x", "target_value": "mange"},
                )
            ],
            PROVENANCE,
            actor=None,
            now=NOW,
        )


def test_an_unknown_target_is_refused(db: Any) -> None:
    draft = _draft()
    with pytest.raises(NotFound):
        apply_changes(
            draft,
            [CatalogueChange(ChangeKind.REMOVE_INDICATOR, ("NOPE",))],
            PROVENANCE,
            actor=None,
            now=NOW,
        )


def test_changes_to_an_approved_version_are_refused_and_nothing_is_recorded(db: Any) -> None:
    v1 = make_approved()
    with pytest.raises(VersionFrozen):
        apply_changes(v1, [CatalogueChange(ChangeKind.OTHER)], PROVENANCE, actor=None, now=NOW)
    assert db.session.scalars(select(CatalogueChangeRecord)).all() == []


def test_unknown_and_missing_fields_are_refused(db: Any) -> None:
    draft = _draft()
    with pytest.raises(CatalogueInvalid, match="Unknown field colour"):
        apply_changes(
            draft,
            [CatalogueChange(ChangeKind.CHANGE_GOAL, ("A1-M1",), {"colour": "red"})],
            PROVENANCE,
            actor=None,
            now=NOW,
        )
    with pytest.raises(CatalogueInvalid, match="The field name_da is missing"):
        apply_changes(
            draft,
            [CatalogueChange(ChangeKind.ADD_INDICATOR, ("A1-M1",), {"code": "X"})],
            PROVENANCE,
            actor=None,
            now=NOW,
        )


def _snapshot_counts() -> tuple[int, ...]:
    from sqlalchemy import func

    from barometer.models import Goal, Indicator, SuccessCriterion
    from core.extensions import db as _db

    return tuple(
        _db.session.scalar(select(func.count()).select_from(m))
        for m in (Goal, Indicator, SuccessCriterion, CatalogueChangeRecord)
    )


NEW = {
    "code": "A1-M1-I9",
    "name_da": "Ny indikator",
    "kind": "effect",
    "unit": "percent",
    "decimals": "1",
    "direction": "1",
    "owner_code": "BIF",
}


def test_check_changes_finds_what_apply_would_refuse_without_changing_anything(db: Any) -> None:
    from barometer.services.changes import check_changes

    v1 = make_approved()  # approved: checked, never changed
    before = _snapshot_counts()
    changes = [
        CatalogueChange(ChangeKind.ADD_INDICATOR, ("A1-M1",), NEW),
        CatalogueChange(
            ChangeKind.ADD_INDICATOR, ("A1-M1",), {**NEW, "code": "X1", "owner_code": ""}
        ),
        CatalogueChange(
            ChangeKind.ADD_INDICATOR, ("A1-M1",), {**NEW, "code": "X2", "decimals": "to"}
        ),
        CatalogueChange(ChangeKind.ADD_INDICATOR, ("A2-M1",), NEW),  # the same code again
        CatalogueChange(
            ChangeKind.ADD_SUCCESS_CRITERION, ("A1-M1",), {"text": "x", "target_period": "2010-H5"}
        ),
        CatalogueChange(ChangeKind.CHANGE_INDICATOR, ("A1-M1-I1",), {"decimals": 1}),  # as it is
        CatalogueChange(ChangeKind.CHANGE_INDICATOR, ("A1-M1-I1",), {"decimals": 2}),
        CatalogueChange(ChangeKind.REMOVE_INDICATOR, ("NOPE",)),
        CatalogueChange(ChangeKind.OTHER, (), {"text": "Et dialogmøde"}),
    ]
    found = {(p.index, p.problem.field) for p in check_changes(v1, changes)}
    assert found == {
        (1, "owner"),
        (2, "decimals"),
        (3, "code"),
        (4, "target_period"),
        (5, "fields"),
        (7, "target"),
    }
    assert _snapshot_counts() == before
    assert check_changes(v1, [changes[0], changes[6], changes[8]]) == []


def test_check_changes_and_apply_changes_agree(db: Any) -> None:
    from barometer.services.changes import check_changes

    draft = _draft()
    bad = CatalogueChange(ChangeKind.ADD_INDICATOR, ("A1-M1",), {**NEW, "code": "A1-M1-I1"})
    [problem] = check_changes(draft, [bad])
    with pytest.raises(CatalogueInvalid) as refused:
        apply_changes(draft, [bad], PROVENANCE, actor=None, now=NOW)
    assert (refused.value.field, refused.value.message) == (
        problem.problem.field,
        problem.problem.message,
    )
    good = CatalogueChange(ChangeKind.ADD_INDICATOR, ("A1-M1",), NEW)
    assert check_changes(draft, [good]) == []
    [record] = apply_changes(draft, [good], PROVENANCE, actor=None, now=NOW)
    assert indicator(draft, "A1-M1-I9").owner.code == "BIF" and record.kind == "add_indicator"
