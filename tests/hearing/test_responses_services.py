"""Response services on the real database: drafts, stale saves, submit, amend, withdraw."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from core.errors import DomainError, TransitionNotAllowed, ValidationFailed
from core.extensions import db as _db
from core.models import AuditEvent
from hearing import canonical
from hearing.errors import DeadlinePassed, ResponseNotDraft, StaleDraft, VersionFrozen
from hearing.models.responses import (
    CoverageAssessment,
    Proposal,
    Response,
    ResponseVersion,
)
from hearing.queries.hearings import ConsulteeState, consultee_rows
from hearing.queries.responses import current_submitted_versions, my_hearings
from hearing.response_content import field_digests
from hearing.services import draft_proposals as proposals_svc
from hearing.services import frozen_versions as frozen_svc
from hearing.services import response_drafts as drafts_svc
from hearing.services import response_versions as versions
from hearing.services.extensions import extend_deadline
from hearing.workflow import ResponseState
from tests.hearing.factories import DEADLINE, NOW, secretariat
from tests.hearing.response_factories import (
    AFTER,
    BEFORE,
    consultee,
    criterion,
    draft,
    filled,
    member,
    open_hearing,
    response,
    second_member,
    submitted,
)


def _count(model: Any) -> int:
    return int(_db.session.scalar(select(func.count()).select_from(model)) or 0)


def _state() -> tuple[int, ...]:
    return tuple(_count(m) for m in (ResponseVersion, CoverageAssessment, Proposal, AuditEvent))


def test_a_saved_draft_keeps_assessments_in_catalogue_order_and_raises_the_counter(
    db: Any,
) -> None:
    hearing = open_hearing()
    r = response(hearing, "BUU")
    assert r.edit_version == 1
    result = drafts_svc.save_draft(
        r,
        draft(A2_M1="partly", A1_M2="covers"),
        actor=member("BUU"),
        now=NOW,
        expected_version=1,
    )
    assert r.edit_version == 2
    assert [a.goal_code for a in r.assessments] == ["A1-M2", "A2-M1"]
    assert r.last_edited_by == member("BUU") and r.last_edited_at == NOW
    assert "coverage.A1-M2.assessment" in result.changed


def test_a_goal_outside_the_consulted_version_is_refused(db: Any) -> None:
    hearing = open_hearing()
    r = response(hearing, "BUU")
    with pytest.raises(ValidationFailed):
        drafts_svc.save_draft(
            r, draft(X9="covers"), actor=member("BUU"), now=NOW, expected_version=1
        )


def test_a_stale_save_that_collides_is_refused_and_changes_nothing(db: Any) -> None:
    hearing = open_hearing()
    r = response(hearing, "BUU")
    base = field_digests(drafts_svc.draft_fields(r))
    drafts_svc.save_draft(
        r, draft(A1_M1="covers"), actor=member("BUU"), now=NOW, expected_version=1
    )
    other = second_member(hearing, "BUU")
    before = (_state(), r.edit_version, drafts_svc.draft_fields(r))
    with pytest.raises(StaleDraft) as caught:
        drafts_svc.save_draft(
            r,
            draft(A1_M1="not_covered"),
            actor=other,
            now=NOW,
            expected_version=1,
            base_digests=base,
        )
    assert (_state(), r.edit_version, drafts_svc.draft_fields(r)) == before
    merge = caught.value.merge
    assert merge is not None and "coverage.A1-M1.assessment" in merge.conflicts
    assert merge.values["coverage.A1-M1.assessment"] == "not_covered"  # the user's text kept
    assert caught.value.editors == ("Buu",)


def test_a_stale_save_without_collision_keeps_both_peoples_changes(db: Any) -> None:
    hearing = open_hearing()
    r = response(hearing, "BUU")
    base = field_digests(drafts_svc.draft_fields(r))
    first = drafts_svc.DraftData(assessments=(drafts_svc.AssessmentData("A1-M1", "covers"),))
    drafts_svc.save_draft(r, first, actor=member("BUU"), now=NOW, expected_version=1)
    second = drafts_svc.DraftData(
        general_remarks="Vores bemærkning", assessments=(drafts_svc.AssessmentData("A1-M1", None),)
    )
    result = drafts_svc.save_draft(
        r,
        second,
        actor=second_member(hearing, "BUU"),
        now=NOW,
        expected_version=1,
        base_digests=base,
    )
    assert r.assessments[0].assessment == "covers"
    assert r.general_remarks == "Vores bemærkning"
    assert "coverage.A1-M1.assessment" in result.merged_from_others


def test_a_stale_save_without_a_base_is_refused(db: Any) -> None:
    hearing = open_hearing()
    r = response(hearing, "BUU")
    drafts_svc.save_draft(
        r, draft(A1_M1="covers"), actor=member("BUU"), now=NOW, expected_version=1
    )
    with pytest.raises(StaleDraft):
        drafts_svc.save_draft(
            r, draft(A1_M1="partly"), actor=member("BUU"), now=NOW, expected_version=1
        )


def test_proposals_are_checked_for_their_kind(db: Any) -> None:
    hearing = open_hearing()
    r = response(hearing, "BUU")
    user = member("BUU")
    for bad in (
        criterion(decision_reference=""),
        criterion(target_goal_code=None),
        criterion(target_indicator_code="A1-M1-I1"),  # both goal and indicator
        criterion(target_value="mange"),
        criterion(target_period="2010-H3"),
        criterion(justification=""),
        criterion(kind="remove_indicator", target_goal_code=None),
        criterion(kind="add_indicator", name=""),
        criterion(kind="nonsense"),
        criterion(target_goal_code="ZZ"),
    ):
        with pytest.raises(ValidationFailed):
            proposals_svc.add_proposal(r, bad, actor=user, now=NOW)
    assert r.proposals == []
    p = proposals_svc.add_proposal(r, criterion(), actor=user, now=NOW)
    assert p.target_value == Decimal("8.5") and p.decision_reference == "BR 395/06"
    change = proposals_svc.add_proposal(
        r,
        criterion(
            kind="change_indicator",
            target_goal_code=None,
            target_indicator_code="A1-M1-I1",
            text="Mål på bydele",
        ),
        actor=user,
        now=NOW,
    )
    assert change.target_value is None and change.decision_reference is None


def test_a_stale_proposal_edit_is_refused(db: Any) -> None:
    hearing = open_hearing()
    r = response(hearing, "BUU")
    p = proposals_svc.add_proposal(r, criterion(), actor=member("BUU"), now=NOW)
    proposals_svc.update_proposal(
        r, p.id, criterion(text="Ny tekst"), actor=member("BUU"), now=NOW, expected_revision=1
    )
    with pytest.raises(StaleDraft):
        proposals_svc.update_proposal(
            r, p.id, criterion(text="Min tekst"), actor=member("BUU"), now=NOW, expected_revision=1
        )
    assert p.text == "Ny tekst"


@pytest.mark.parametrize("when", [BEFORE, DEADLINE])
def test_submit_a_second_before_the_deadline_is_accepted(db: Any, when: Any) -> None:
    hearing = open_hearing()
    version = submitted(hearing, now=when)
    assert version.submitted_at == when
    assert version.receipt_number == "BIU-227-2006-BUU-1"
    assert version.response.state == ResponseState.SUBMITTED


def test_submit_a_second_after_the_deadline_is_refused_and_changes_nothing(db: Any) -> None:
    hearing = open_hearing()
    r = filled(hearing)
    before = _state()
    with pytest.raises(DeadlinePassed):
        versions.submit_response(r, actor=member("BUU"), now=AFTER, expected_version=r.edit_version)
    assert _state() == before and r.state == ResponseState.DRAFT


def test_an_extension_moves_the_deadline_for_that_body_only(db: Any) -> None:
    hearing = open_hearing()
    until = DEADLINE + timedelta(days=7)
    extend_deadline(
        consultee(hearing, "BUU"), until, "Møde først 5. februar", actor=secretariat(), now=NOW
    )
    buu, oeu = filled(hearing, "BUU"), filled(hearing, "ØU")
    with pytest.raises(DeadlinePassed):
        versions.submit_response(
            oeu, actor=member("ØU"), now=AFTER, expected_version=oeu.edit_version
        )
    version = versions.submit_response(
        buu,
        actor=member("BUU"),
        now=until - timedelta(seconds=1),
        expected_version=buu.edit_version,
    )
    assert version.number == 1
    other = filled(hearing, "IR")
    with pytest.raises(DeadlinePassed):
        drafts_svc.save_draft(
            other,
            draft(A1_M1="covers"),
            actor=member("IR"),
            now=until + timedelta(seconds=1),
            expected_version=other.edit_version,
        )


def test_everything_is_read_only_after_the_deadline(db: Any) -> None:
    hearing = open_hearing()
    r = filled(hearing)
    p = r.proposals[0]
    user = member("BUU")
    before = (_state(), drafts_svc.draft_fields(r))
    attempts = [
        lambda: drafts_svc.save_draft(
            r, draft(A1_M1="partly"), actor=user, now=AFTER, expected_version=r.edit_version
        ),
        lambda: proposals_svc.add_proposal(r, criterion(), actor=user, now=AFTER),
        lambda: proposals_svc.update_proposal(
            r, p.id, criterion(text="x"), actor=user, now=AFTER, expected_revision=p.revision
        ),
        lambda: proposals_svc.remove_proposal(r, p.id, actor=user, now=AFTER),
        lambda: versions.submit_response(r, actor=user, now=AFTER, expected_version=r.edit_version),
        lambda: versions.submit_response(
            r, actor=user, now=AFTER, expected_version=r.edit_version, no_remarks=True
        ),
    ]
    for attempt in attempts:
        with pytest.raises(DeadlinePassed):
            attempt()
    assert (_state(), drafts_svc.draft_fields(r)) == before


def test_amending_and_withdrawing_are_refused_after_the_deadline(db: Any) -> None:
    hearing = open_hearing()
    version = submitted(hearing)
    r = version.response
    with pytest.raises(DeadlinePassed):
        versions.amend_response(r, actor=member("BUU"), now=AFTER)
    with pytest.raises(DeadlinePassed):
        versions.withdraw_response(r, actor=member("BUU"), now=AFTER)
    assert r.state == ResponseState.SUBMITTED and version.withdrawn_at is None


def test_a_submitted_draft_cannot_be_edited_until_amended(db: Any) -> None:
    hearing = open_hearing()
    r = submitted(hearing).response
    with pytest.raises(ResponseNotDraft):
        drafts_svc.save_draft(
            r, draft(A1_M1="partly"), actor=member("BUU"), now=NOW, expected_version=r.edit_version
        )
    with pytest.raises(TransitionNotAllowed):
        versions.submit_response(r, actor=member("BUU"), now=NOW, expected_version=r.edit_version)


def test_amend_makes_a_new_version_and_keeps_the_earlier_one(db: Any) -> None:
    hearing = open_hearing()
    first = submitted(hearing)
    r = first.response
    versions.amend_response(r, actor=member("BUU"), now=NOW)
    assert r.state == ResponseState.DRAFT and r.current_version is first  # still counts
    drafts_svc.save_draft(
        r, draft(A1_M1="not_covered"), actor=member("BUU"), now=NOW, expected_version=r.edit_version
    )
    later = NOW + timedelta(hours=1)
    second = versions.submit_response(
        r, actor=member("BUU"), now=later, expected_version=r.edit_version
    )
    assert second.number == 2 and second.receipt_number.endswith("-BUU-2")
    assert first.superseded_at == later and first.superseded_by_id == second.id
    assert [a.assessment for a in first.assessments if a.goal_code == "A1-M1"] == ["covers"]
    assert [a.assessment for a in second.assessments if a.goal_code == "A1-M1"] == ["not_covered"]
    assert frozen_svc.verify_version(first) and frozen_svc.verify_version(second)
    assert current_submitted_versions(hearing) == [second]


def test_withdraw_marks_the_version_and_the_body_has_no_current_answer(db: Any) -> None:
    hearing = open_hearing()
    version = submitted(hearing)
    r = version.response
    versions.withdraw_response(r, actor=member("BUU"), now=NOW)
    assert r.state == ResponseState.WITHDRAWN
    assert version.withdrawn_at == NOW and version.withdrawn_by == member("BUU")
    assert current_submitted_versions(hearing) == []
    with pytest.raises(TransitionNotAllowed):
        versions.withdraw_response(r, actor=member("BUU"), now=NOW)
    versions.amend_response(r, actor=member("BUU"), now=NOW)  # start again
    again = versions.submit_response(
        r, actor=member("BUU"), now=NOW, expected_version=r.edit_version
    )
    assert again.number == 2 and version.superseded_at is None  # withdrawn, not superseded


def test_an_empty_draft_cannot_be_submitted_but_no_remarks_can(db: Any) -> None:
    hearing = open_hearing()
    r = response(hearing, "IR")
    with pytest.raises(ValidationFailed):
        versions.submit_response(r, actor=member("IR"), now=NOW, expected_version=r.edit_version)
    version = versions.submit_response(
        r, actor=member("IR"), now=NOW, expected_version=r.edit_version, no_remarks=True
    )
    assert version.no_remarks and version.assessments == [] and version.proposals == []
    rows = {row.consultee.body.code: row.state for row in consultee_rows(hearing, NOW)}
    assert rows["IR"] == ConsulteeState.NO_REMARKS


def test_a_stale_submit_is_refused(db: Any) -> None:
    hearing = open_hearing()
    r = filled(hearing)
    with pytest.raises(StaleDraft):
        versions.submit_response(
            r, actor=member("BUU"), now=NOW, expected_version=r.edit_version - 1
        )
    assert r.state == ResponseState.DRAFT and r.versions == []


def test_the_receipt_hash_verifies_against_the_canonical_content(db: Any) -> None:
    import json

    hearing = open_hearing()
    version = submitted(hearing)
    assert canonical.content_sha256(version.canonical_json) == version.sha256
    data = json.loads(version.canonical_json)
    assert data["receipt_number"] == version.receipt_number
    assert data["coverage"][0]["goal"] == "A1-M1"
    assert data["proposals"][0]["target_value"] == "8.5"
    assert canonical.canonical_json(data) == version.canonical_json
    assert frozen_svc.verify_version(version)
    _db.session.commit()
    _db.session.expire_all()  # read back from the database, as later readers do
    assert frozen_svc.verify_version(version)


def test_a_submitted_version_cannot_be_changed(db: Any) -> None:
    hearing = open_hearing()
    version = submitted(hearing)
    _db.session.commit()
    version.general_remarks = "ændret bagefter"
    with pytest.raises(VersionFrozen):
        _db.session.flush()
    _db.session.rollback()
    version.proposals[0].text = "ændret"
    with pytest.raises(VersionFrozen):
        _db.session.flush()
    _db.session.rollback()
    _db.session.delete(version.assessments[0])
    with pytest.raises(VersionFrozen):
        _db.session.flush()
    _db.session.rollback()
    assert frozen_svc.verify_version(version)


def test_confidential_parts_are_digests_in_the_canonical_text(db: Any) -> None:
    hearing = open_hearing()
    r = response(hearing, "BUU")
    data = drafts_svc.DraftData(
        assessments=(
            drafts_svc.AssessmentData(
                "A1-M1", "partly", "Hemmelig kommentar", True, "Personoplysning"
            ),
            drafts_svc.AssessmentData("A1-M2", "covers", "Offentlig kommentar"),
        )
    )
    drafts_svc.save_draft(r, data, actor=member("BUU"), now=NOW, expected_version=1)
    proposals_svc.add_proposal(
        r,
        criterion(confidential=True, confidential_reason="Forhandling"),
        actor=member("BUU"),
        now=NOW,
    )
    version = versions.submit_response(
        r, actor=member("BUU"), now=NOW, expected_version=r.edit_version
    )
    text = version.canonical_json
    assert "Hemmelig" not in text and "Personoplysning" not in text and "halveres" not in text
    assert "Offentlig kommentar" in text and '"digest":' in text
    assert frozen_svc.verify_version(version)


def test_receipt_e_mails_are_queued_to_every_member_of_the_body(db: Any) -> None:
    from core.mail_models import OutboundEmail

    hearing = open_hearing()
    second_member(hearing, "BUU")
    version = submitted(hearing)
    mails = list(_db.session.scalars(select(OutboundEmail).order_by(OutboundEmail.to_address)))
    naming = [m for m in mails if version.receipt_number in m.body_text]
    receipts = [m for m in naming if "SHA-256" in m.body_text]
    # the secretariat is told too, in a message of its own (tests/hearing/test_course_mail.py)
    assert [m.to_address for m in naming if m not in receipts] == ["sek@example.dk"]
    # sorted here: the order of e-mail addresses depends on the database's collation
    assert sorted(m.to_address for m in receipts) == ["buu2@example.dk", "buu@example.dk"]
    assert all(version.sha256 in m.body_text for m in receipts)


def test_my_hearings_lists_the_bodies_hearings_with_state_and_last_editor(db: Any) -> None:
    hearing = open_hearing()
    filled(hearing)
    rows = my_hearings(member("BUU"), NOW)
    assert [(r.hearing.id, r.consultee.body.code, r.state) for r in rows] == [
        (hearing.id, "BUU", "draft")
    ]
    assert rows[0].response is not None and rows[0].response.last_edited_by == member("BUU")
    assert rows[0].open and rows[0].time_left > timedelta(days=20)
    assert not my_hearings(member("BUU"), AFTER)[0].open


def test_the_response_of_a_body_is_unique(db: Any) -> None:
    hearing = open_hearing()
    r = response(hearing, "BUU")
    assert response(hearing, "BUU") is r
    from sqlalchemy.exc import IntegrityError

    _db.session.add(Response(hearing_id=hearing.id, consultee_id=r.consultee_id))
    with pytest.raises(IntegrityError):
        _db.session.flush()
    _db.session.rollback()


def test_domain_errors_are_domain_errors(db: Any) -> None:
    assert issubclass(StaleDraft, DomainError) and issubclass(DeadlinePassed, DomainError)
