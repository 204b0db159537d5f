"""Recommendations that carry the whole change: a new indicator with every field the
catalogue needs, a change of an indicator's fields, checked when saved and when decided;
merging duplicates across targets."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from barometer.models import CatalogueChangeRecord, CatalogueVersion, Indicator
from core.errors import ValidationFailed
from core.extensions import db as _db
from core.models import AuditEvent
from hearing.errors import ChangeRefused
from hearing.models.consolidation import (
    Decision,
    ProposalGroup,
    ProposalGroupMember,
    Recommendation,
)
from hearing.queries.consolidation import groups_of
from hearing.services import consolidation as svc
from hearing.services.decision import DecisionData, OutcomeData, record_decision
from hearing.workflow import HearingState
from tests.barometer.factories import administration
from tests.factories import commit
from tests.hearing.consolidation_factories import LATER, group_by, indicator_hearing, recommend
from tests.hearing.factories import body, secretariat

MEETING = date(2007, 3, 1)

NEW_INDICATOR = {
    "code": "A1-M1-I9",
    "name_da": "Andel med en uddannelse",
    "name_en": "Share with an education",
    "definition": "Andel af de 30-årige med en erhvervskompetencegivende uddannelse.",
    "kind": "effect",
    "unit": "percent",
    "decimals": "1",
    "direction": "1",
    "owner_code": "BIF",
    "data_source": "UNI-C",
}


def _counts() -> tuple[int, ...]:
    return tuple(
        _db.session.scalar(select(func.count()).select_from(m))
        for m in (
            ProposalGroup,
            ProposalGroupMember,
            Recommendation,
            Decision,
            CatalogueVersion,
            CatalogueChangeRecord,
            AuditEvent,
        )
    )


def _indicator(version: CatalogueVersion, code: str) -> Indicator | None:
    return _db.session.scalar(
        select(Indicator).where(Indicator.version_id == version.id, Indicator.code == code)
    )


def _reject_the_rest(hearing: Any) -> None:
    for group in groups_of(hearing):
        if group.recommendation is None:
            recommend(hearing, group, "reject")


def _decide(hearing: Any, **results: tuple[str, dict[str, Any] | None]) -> Decision:
    """Every recommendation approved, except those named by group id in ``results``."""
    svc.finalise_note(hearing, actor=secretariat(), now=LATER)
    outcomes = []
    for group in groups_of(hearing):
        result, content = results.get(f"g{group.id}", ("approved", None))
        outcomes.append(OutcomeData(group.recommendation.id, result, content))
    data = DecisionData(body("BIU").id, MEETING, "BIU 45/2007", tuple(outcomes))
    return record_decision(hearing, data, actor=secretariat(), now=LATER)


# -- a new indicator -------------------------------------------------------------------------


def test_a_new_indicator_accepted_with_every_field_is_made_with_exactly_those_values(
    db: Any,
) -> None:
    hearing = indicator_hearing()
    group = group_by(hearing, "BUU", "add_indicator", "A1-M1")
    recommend(hearing, group, "accept_with_changes", changed_content=NEW_INDICATOR)
    _reject_the_rest(hearing)

    decision = _decide(hearing)

    draft = decision.draft_version
    made = _indicator(draft, "A1-M1-I9")
    assert made is not None and made.goal.code == "A1-M1"
    assert (made.name_da, made.name_en) == ("Andel med en uddannelse", "Share with an education")
    assert made.definition == NEW_INDICATOR["definition"] and made.data_source == "UNI-C"
    assert (str(made.kind), str(made.unit), made.decimals, made.direction) == (
        "effect",
        "percent",
        1,
        1,
    )
    assert made.owner.code == "BIF"
    assert _indicator(hearing.version, "A1-M1-I9") is None  # the consulted version is as it was
    [record] = draft.change_records
    assert (record.kind, record.target_code) == ("add_indicator", "A1-M1")
    assert record.provenance["proposal_ids"] == [p.id for p in group.proposals]
    assert record.provenance["recommendation_id"] == group.recommendation.id
    assert record.provenance["decision_reference"] == "BIU 45/2007"
    assert len(record.provenance["response_receipts"]) == 1


def test_accepting_a_new_indicator_as_proposed_is_refused_and_says_what_to_do(db: Any) -> None:
    hearing = indicator_hearing()
    group = group_by(hearing, "BUU", "add_indicator", "A1-M1")
    before = _counts()
    with pytest.raises(ChangeRefused) as refused:
        recommend(hearing, group, "accept")
    assert 'Choose "Accept with changes" and fill in the fields' in str(refused.value)
    assert refused.value.problem.field == "code"
    assert _counts() == before and group.recommendation is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"code": ""}, "code"),
        ({"owner_code": ""}, "owner"),
        ({"owner_code": "XYZ"}, "owner"),
        ({"kind": ""}, "kind"),
        ({"unit": "furlongs"}, "unit"),
        ({"decimals": "to"}, "decimals"),
        ({"decimals": "7"}, "decimals"),
        ({"code": "A1-M1-I1"}, "code"),  # already used in the version
        ({"code": "a b"}, "code"),
    ],
)
def test_a_new_indicator_the_catalogue_would_refuse_is_refused_when_recommended(
    db: Any, change: dict[str, str], field: str
) -> None:
    hearing = indicator_hearing()
    administration("BIF")
    group = group_by(hearing, "BUU", "add_indicator", "A1-M1")
    content = {k: v for k, v in (NEW_INDICATOR | change).items() if v}
    before = _counts()
    with pytest.raises(ChangeRefused) as refused:
        recommend(hearing, group, "accept_with_changes", changed_content=content)
    assert refused.value.problem.field == field
    assert "The catalogue would refuse the change" in str(refused.value)
    assert _counts() == before and group.recommendation is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"target_value": "otte"}, "target_value"),
        ({"target_period": "2010-H3"}, "target_period"),
        ({"text": "x" * 501}, "text"),
    ],
)
def test_a_success_criterion_the_catalogue_would_refuse_is_refused_when_recommended(
    db: Any, change: dict[str, str], field: str
) -> None:
    hearing = indicator_hearing()
    group = group_by(hearing, "BUU", "add_success_criterion", "A1-M1")
    before = _counts()
    with pytest.raises(ChangeRefused) as refused:
        recommend(hearing, group, "accept_with_changes", changed_content=change)
    assert refused.value.problem.field == field
    assert _counts() == before


def test_the_committees_change_is_checked_and_the_refusal_names_the_group_and_field(
    db: Any,
) -> None:
    hearing = indicator_hearing()
    group = group_by(hearing, "BUU", "add_indicator", "A1-M1")
    recommend(hearing, group, "reject")
    _reject_the_rest(hearing)
    svc.finalise_note(hearing, actor=secretariat(), now=LATER)
    commit()
    before = _counts()
    outcomes = tuple(
        OutcomeData(g.recommendation.id, "approved")
        if g.id != group.id
        else OutcomeData(
            g.recommendation.id,
            "approved_with_change",
            {k: v for k, v in NEW_INDICATOR.items() if k != "owner_code"},
        )
        for g in groups_of(hearing)
    )
    data = DecisionData(body("BIU").id, MEETING, "BIU 45/2007", outcomes)
    with pytest.raises(ChangeRefused) as refused:
        record_decision(hearing, data, actor=secretariat(), now=LATER)
    assert "the recommendation on A1-M1 (BUU)" in str(refused.value)
    assert refused.value.problem.field == "owner"
    _db.session.rollback()  # as the view does: nothing of the decision is kept
    assert _counts() == before and hearing.state == HearingState.CONSOLIDATION


# -- a change of an indicator ----------------------------------------------------------------


def _current(hearing: Any, code: str) -> dict[str, str]:
    ind = _indicator(hearing.version, code)
    assert ind is not None
    return {
        "name_da": ind.name_da,
        "name_en": ind.name_en or "",
        "definition": ind.definition,
        "kind": str(ind.kind),
        "unit": str(ind.unit),
        "decimals": str(ind.decimals),
        "direction": str(ind.direction),
        "owner_code": ind.owner.code,
        "data_source": ind.data_source,
    }


def test_an_approved_change_of_an_indicator_changes_its_fields_in_the_draft(db: Any) -> None:
    hearing = indicator_hearing()
    group = group_by(hearing, "ØU", "change_indicator", "A2-M1-I1")
    before = _current(hearing, "A2-M1-I1")
    edited = before | {"name_da": "Antal i beskæftigelse", "unit": "count", "decimals": "0"}
    recommend(hearing, group, "accept_with_changes", changed_content=edited)
    assert group.recommendation.changed_content == {
        "name_da": "Antal i beskæftigelse",
        "unit": "count",
        "decimals": "0",
    }  # only what differs from the indicator as it is
    _reject_the_rest(hearing)

    decision = _decide(hearing)

    changed = _indicator(decision.draft_version, "A2-M1-I1")
    assert changed is not None
    assert (changed.name_da, str(changed.unit), changed.decimals) == (
        "Antal i beskæftigelse",
        "count",
        0,
    )
    assert changed.data_source == before["data_source"] and changed.owner.code == "BIF"
    assert _indicator(hearing.version, "A2-M1-I1").name_da == before["name_da"]
    [record] = decision.draft_version.change_records
    assert (record.kind, record.target_code) == ("change_indicator", "A2-M1-I1")
    assert record.fields == {"name_da": "Antal i beskæftigelse", "unit": "count", "decimals": "0"}
    assert record.provenance["proposal_ids"] == [p.id for p in group.proposals]


def test_a_change_of_an_indicator_that_changes_nothing_is_refused(db: Any) -> None:
    hearing = indicator_hearing()
    group = group_by(hearing, "ØU", "change_indicator", "A2-M1-I1")
    before = _counts()
    with pytest.raises(ChangeRefused) as refused:
        recommend(hearing, group, "accept")  # prose only: nothing concrete to change
    assert "Accept with changes" in str(refused.value)
    with pytest.raises(ValidationFailed, match="the indicator as it is"):
        recommend(
            hearing,
            group,
            "accept_with_changes",
            changed_content=_current(hearing, "A2-M1-I1"),
        )
    with pytest.raises(ValidationFailed, match="Unknown field code"):
        recommend(hearing, group, "accept_with_changes", changed_content={"code": "NY-1"})
    assert _counts() == before


# -- merging across targets ------------------------------------------------------------------


def test_duplicates_on_different_targets_merge_onto_the_chosen_target_and_split_back(
    db: Any,
) -> None:
    hearing = indicator_hearing()
    on_goal = group_by(hearing, "BUU", "add_success_criterion", "A1-M1")
    on_indicator = group_by(hearing, "ØU", "add_success_criterion", "A1-M1-I1")
    sources = sorted(p.id for p in (*on_goal.proposals, *on_indicator.proposals))

    merged = svc.merge_groups(
        hearing,
        [on_goal.id, on_indicator.id],
        keep_target=("indicator", "A1-M1-I1"),
        actor=secretariat(),
        now=LATER,
    )

    assert merged.id == on_indicator.id
    assert (str(merged.target_kind), merged.target_code) == ("indicator", "A1-M1-I1")
    assert sorted(p.id for p in merged.proposals) == sources
    assert len(groups_of(hearing)) == 4
    recommend(hearing, merged, "accept")
    _reject_the_rest(hearing)
    decision = _decide(hearing)
    [record] = decision.draft_version.change_records
    assert record.target_code == "A1-M1-I1"  # the change goes to the kept target
    assert sorted(record.provenance["proposal_ids"]) == sources


def test_splitting_a_merge_across_targets_gives_each_proposal_its_own_target(db: Any) -> None:
    hearing = indicator_hearing()
    on_goal = group_by(hearing, "BUU", "add_success_criterion", "A1-M1")
    on_indicator = group_by(hearing, "ØU", "add_success_criterion", "A1-M1-I1")
    merged = svc.merge_groups(  # by default the first group's target is kept
        hearing, [on_goal.id, on_indicator.id], actor=secretariat(), now=LATER
    )
    assert merged.target_code == "A1-M1" and len(merged.members) == 2

    parts = svc.split_group(hearing, merged.id, actor=secretariat(), now=LATER)

    targets = sorted((str(g.target_kind), g.target_code, len(g.members)) for g in parts)
    assert targets == [("goal", "A1-M1", 1), ("indicator", "A1-M1-I1", 1)]
    by_body = {
        p.version.response.consultee.body.code: g.target_code for g in parts for p in g.proposals
    }
    assert by_body == {"BUU": "A1-M1", "ØU": "A1-M1-I1"}


def test_merging_proposals_of_different_types_is_refused_and_changes_nothing(db: Any) -> None:
    hearing = indicator_hearing()
    criterion = group_by(hearing, "BUU", "add_success_criterion", "A1-M1")
    new = group_by(hearing, "BUU", "add_indicator", "A1-M1")
    other = group_by(hearing, "ØU", "add_success_criterion", "A1-M1-I1")
    before = _counts()
    with pytest.raises(ValidationFailed, match="Only proposals of the same type"):
        svc.merge_groups(hearing, [criterion.id, new.id], actor=secretariat(), now=LATER)
    with pytest.raises(ValidationFailed, match="one of its groups"):
        svc.merge_groups(
            hearing,
            [criterion.id, other.id],
            keep_target=("indicator", "A2-M1-I1"),
            actor=secretariat(),
            now=LATER,
        )
    assert _counts() == before


def test_a_target_year_alone_is_kept_as_its_second_half(db: Any) -> None:
    hearing = indicator_hearing()
    group = group_by(hearing, "BUU", "add_success_criterion", "A1-M1")
    recommend(hearing, group, "accept_with_changes", changed_content={"target_period": "2011"})
    assert group.recommendation.changed_content == {"target_period": "2011-H2"}
