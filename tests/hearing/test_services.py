"""Hearing services on the real database: drafting, the list, issuing, states, extensions."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from barometer import catalogue_data
from barometer.services import catalogue_nodes
from barometer.services import catalogue_versions as catalogue_services
from barometer.services import version_lock as hearing_lock
from core.errors import DomainError, TransitionNotAllowed, ValidationFailed
from core.models import AuditEvent
from hearing import workflow
from hearing.errors import HearingNotDraft
from hearing.models import Consultee, Hearing, QuestionKind
from hearing.queries import hearings as queries
from hearing.services import consolidation, course_changes, extensions, lifecycle, transitions
from hearing.services import hearings as svc
from hearing.services.decision import DecisionData
from hearing.services.hearings import QuestionData
from hearing.workflow import HearingState
from tests.barometer.factories import make_approved, make_draft_with_content
from tests.hearing.factories import (
    DEADLINE,
    NOW,
    body,
    hearing_data,
    make_hearing,
    make_issued,
    secretariat,
)

AFTER_DEADLINE = DEADLINE + timedelta(seconds=1)


def _count(model: Any) -> int:
    from core.extensions import db

    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def _snapshot(hearing: Hearing) -> tuple[Any, ...]:
    return (
        hearing.state,
        hearing.issued_at,
        hearing.closed_at,
        hearing.decided_at,
        _count(AuditEvent),
        hearing_lock.is_locked(hearing.version),
    )


def test_a_new_hearing_is_a_draft_with_its_questions_and_the_overview_table_as_annex_1(
    db: Any,
) -> None:
    hearing = make_hearing()
    assert hearing.state == HearingState.DRAFT
    assert [q.kind for q in hearing.questions] == [QuestionKind.COVERAGE, QuestionKind.PROPOSALS]
    assert [(a.number, a.kind) for a in hearing.annexes] == [(1, "overview_table")]
    assert {c.body.code for c in hearing.consultees} == {"ØU", "BUU", "IR"}


def test_the_reference_must_be_unique(db: Any) -> None:
    hearing = make_hearing()
    with pytest.raises(ValidationFailed):
        svc.create_hearing(hearing_data(hearing.version), actor=secretariat(), now=NOW)


def test_a_superseded_version_cannot_be_consulted(db: Any) -> None:
    first = make_approved(areas=1, goals_per_area=1, indicators_per_goal=1)
    draft = catalogue_services.create_draft(first.policy, label="2", actor=None, now=NOW)
    catalogue_services.approve_version(
        draft, decision_text="BIU 1/2007", decision_date=NOW.date(), actor=None, now=NOW
    )
    with pytest.raises(ValidationFailed):
        svc.create_hearing(hearing_data(first), actor=secretariat(), now=NOW)


def test_a_hearing_needs_a_question(db: Any) -> None:
    version = make_draft_with_content(areas=1, goals_per_area=1, indicators_per_goal=1)
    with pytest.raises(ValidationFailed):
        svc.create_hearing(
            hearing_data(version, questions=(QuestionData("  "),)), actor=secretariat(), now=NOW
        )


def test_updating_a_draft_replaces_its_questions_in_order(db: Any) -> None:
    hearing = make_hearing()
    questions = (QuestionData("Tredje?"), QuestionData("Første?", QuestionKind.COVERAGE))
    svc.update_hearing(
        hearing,
        hearing_data(hearing.version, questions=questions, title="Ny titel"),
        actor=secretariat(),
        now=NOW,
    )
    assert [(q.position, q.text) for q in hearing.questions] == [(1, "Tredje?"), (2, "Første?")]
    assert hearing.title == "Ny titel"


def test_a_stale_edit_is_refused(db: Any) -> None:
    hearing = make_hearing()
    with pytest.raises(DomainError):
        svc.update_hearing(
            hearing,
            hearing_data(hearing.version),
            actor=secretariat(),
            now=NOW,
            expected_version=hearing.lock_version - 1,
        )


def test_issuing_locks_the_consulted_draft_and_catalogue_edits_are_refused(db: Any) -> None:
    hearing = make_issued()
    version = hearing.version
    assert hearing.state == HearingState.OPEN and hearing.issued_at is not None
    assert hearing_lock.is_locked(version)
    area = version.focus_areas[0]
    with pytest.raises(hearing_lock.VersionLocked):
        catalogue_nodes.add_goal(
            area, catalogue_data.GoalData("NY", "Et nyt mål"), actor=None, now=NOW
        )


def test_a_locked_draft_can_neither_be_approved_nor_discarded(db: Any) -> None:
    from core.extensions import db as _db

    hearing = make_issued()
    version = hearing.version
    _db.session.commit()
    with pytest.raises(hearing_lock.VersionLocked):
        catalogue_services.approve_version(
            version, decision_text="BIU 1/2007", decision_date=NOW.date(), actor=None, now=NOW
        )
    _db.session.rollback()
    with pytest.raises(hearing_lock.VersionLocked):
        catalogue_services.discard_draft(version, actor=None, now=NOW)
    _db.session.rollback()
    assert _db.session.get(type(version), version.id) is not None


def test_a_hearing_on_an_approved_version_locks_nothing(db: Any) -> None:
    approved = make_approved(areas=1, goals_per_area=1, indicators_per_goal=1)
    hearing = make_issued(approved)
    assert not hearing_lock.is_locked(hearing.version)


def test_an_issued_hearing_cannot_be_edited(db: Any) -> None:
    hearing = make_issued()
    with pytest.raises(HearingNotDraft):
        svc.update_hearing(hearing, hearing_data(hearing.version), actor=secretariat(), now=NOW)
    with pytest.raises(HearingNotDraft):
        svc.set_hearing_list(hearing, [], actor=secretariat(), now=NOW)


def test_issuing_needs_a_hearing_list_and_a_future_deadline(db: Any) -> None:
    hearing = make_hearing(codes=())
    before = _snapshot(hearing)
    with pytest.raises(ValidationFailed):
        transitions.issue_hearing(hearing, actor=secretariat(), now=NOW)
    svc.set_hearing_list(hearing, [body("BUU").id], actor=secretariat(), now=NOW)
    with pytest.raises(ValidationFailed):
        transitions.issue_hearing(hearing, actor=secretariat(), now=AFTER_DEADLINE)
    assert hearing.state == HearingState.DRAFT and before[0] == HearingState.DRAFT


def test_the_draft_hearing_list_adds_and_removes(db: Any) -> None:
    hearing = make_hearing(codes=("ØU", "BUU"))
    svc.set_hearing_list(hearing, [body("BUU").id, body("KFU").id], actor=secretariat(), now=NOW)
    assert {c.body.code for c in hearing.consultees} == {"BUU", "KFU"}
    svc.remove_consultee(hearing, body("KFU").id, actor=secretariat(), now=NOW)
    assert {c.body.code for c in hearing.consultees} == {"BUU"}


def test_a_body_added_after_issue_is_marked_and_invited(db: Any) -> None:
    hearing = make_issued()
    consultee = svc.add_consultee(hearing, body("TMU").id, actor=secretariat(), now=NOW)
    assert consultee.added_after_issue and consultee.invited_at == NOW
    with pytest.raises(ValidationFailed):
        svc.add_consultee(hearing, body("TMU").id, actor=secretariat(), now=NOW)


# -- the state machine through the services ---------------------------------------------


def _decision(hearing: Hearing) -> dict[str, Any]:
    """What deciding takes: the committee's decision on the hearing's final note."""
    meeting = workflow.to_local(AFTER_DEADLINE).date()
    data = DecisionData(hearing.issuing_body_id, meeting, "Sag 1/2007")
    return {"actor": secretariat(), "now": AFTER_DEADLINE, "decision": data}


def _move(hearing: Hearing, target: HearingState, when: datetime) -> None:
    """An allowed transition through its entry point: cancelling and reopening are the
    secretariat's corrections (course_changes), with a reason and a new deadline."""
    actor = secretariat()
    if target == HearingState.CANCELLED:
        course_changes.cancel_hearing(hearing, "Brevet var forkert.", actor=actor, now=when)
    elif target == HearingState.OPEN and hearing.state == HearingState.CLOSED:
        new = AFTER_DEADLINE + timedelta(days=7)
        course_changes.reopen_hearing(hearing, new, "Tabt svar", actor=actor, now=when)
    elif target == HearingState.DECIDED:
        lifecycle.move_hearing(hearing, target, **_decision(hearing))
    else:
        lifecycle.move_hearing(hearing, target, actor=actor, now=when)


def _hearing_in(state: HearingState) -> Hearing:
    hearing = make_hearing()
    if state == HearingState.DRAFT:
        return hearing
    transitions.issue_hearing(hearing, actor=secretariat(), now=NOW)
    if state == HearingState.OPEN:
        return hearing
    if state == HearingState.CANCELLED:
        return course_changes.cancel_hearing(hearing, "Fejl.", actor=secretariat(), now=NOW)
    transitions.close_hearing(hearing, actor=None, now=AFTER_DEADLINE)
    if state != HearingState.CLOSED:
        _consolidate_and_decide(hearing, state)
    return hearing


def _consolidate_and_decide(hearing: Hearing, state: HearingState) -> None:
    lifecycle.move_hearing(
        hearing, HearingState.CONSOLIDATION, actor=secretariat(), now=AFTER_DEADLINE
    )
    consolidation.finalise_note(hearing, actor=secretariat(), now=AFTER_DEADLINE)
    if state == HearingState.CONSOLIDATION:
        return
    lifecycle.move_hearing(hearing, HearingState.DECIDED, **_decision(hearing))
    if state == HearingState.ARCHIVED:
        transitions.archive_hearing(hearing, actor=secretariat(), now=AFTER_DEADLINE)


PAIRS = [(s, t) for s in HearingState for t in HearingState]


@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{s}->{t}" for s, t in PAIRS])
def test_each_listed_transition_works_and_every_other_is_refused_and_changes_nothing(
    db: Any, source: HearingState, target: HearingState
) -> None:
    hearing = _hearing_in(source)
    assert hearing.state == source
    when = NOW if target == HearingState.OPEN else AFTER_DEADLINE
    if target in workflow.allowed_hearing_transitions(source):
        _move(hearing, target, when)
        assert hearing.state == target
        return
    before = _snapshot(hearing)
    with pytest.raises(TransitionNotAllowed):
        lifecycle.move_hearing(hearing, target, actor=secretariat(), now=when)
    assert _snapshot(hearing) == before


def test_deciding_releases_the_consulted_draft(db: Any) -> None:
    hearing = _hearing_in(HearingState.DECIDED)
    assert hearing.decided_at is not None
    assert not hearing_lock.is_locked(hearing.version)


def test_closing_before_every_deadline_has_passed_is_refused(db: Any) -> None:
    hearing = make_issued()
    before = _snapshot(hearing)
    with pytest.raises(ValidationFailed):
        transitions.close_hearing(hearing, actor=None, now=DEADLINE)
    assert _snapshot(hearing) == before


def test_close_expired_closes_once_and_is_idempotent(db: Any) -> None:
    hearing = make_issued()
    assert transitions.close_expired(DEADLINE) == []
    assert transitions.close_expired(AFTER_DEADLINE) == [hearing]
    assert hearing.state == HearingState.CLOSED and hearing.closed_at == AFTER_DEADLINE
    assert transitions.close_expired(AFTER_DEADLINE + timedelta(days=1)) == []


def test_an_extension_keeps_the_hearing_open_until_it_passes(db: Any) -> None:
    hearing = make_issued()
    consultee = hearing.consultees[0]
    until = DEADLINE + timedelta(days=7)
    extensions.extend_deadline(
        consultee, until, "Udvalget mødes først 5/2", actor=secretariat(), now=NOW
    )
    assert consultee.effective_deadline == until
    assert transitions.close_expired(AFTER_DEADLINE) == []
    assert transitions.close_expired(until + timedelta(seconds=1)) == [hearing]


def test_loading_an_expired_hearing_reads_as_closed_without_saving_it(db: Any) -> None:
    hearing = make_issued()
    loaded = queries.get_hearing(hearing.id)
    assert loaded is not None and loaded.state_at(AFTER_DEADLINE) == HearingState.CLOSED
    assert loaded.state == HearingState.OPEN  # reading never writes


@pytest.mark.parametrize(
    ("until_offset", "reason"),
    [(timedelta(0), "ok"), (-timedelta(days=1), "ok"), (timedelta(days=3), " ")],
    ids=["at-the-deadline", "before-the-deadline", "no-reason"],
)
def test_a_bad_extension_is_refused_and_changes_nothing(
    db: Any, until_offset: timedelta, reason: str
) -> None:
    hearing = make_issued()
    consultee: Consultee = hearing.consultees[0]
    events = _count(AuditEvent)
    with pytest.raises(ValidationFailed):
        extensions.extend_deadline(
            consultee, DEADLINE + until_offset, reason, actor=secretariat(), now=NOW
        )
    assert consultee.extension_until is None and _count(AuditEvent) == events


def test_the_extension_is_logged_with_its_reason(db: Any) -> None:
    hearing = make_issued()
    consultee = hearing.consultees[0]
    extensions.extend_deadline(
        consultee, DEADLINE + timedelta(days=2), "Mødeplan", actor=secretariat(), now=NOW
    )
    from core.extensions import db as _db

    event = _db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "hearing.deadline_extended")
    )
    assert event is not None and event.changes["extension_reason"]["new"] == "Mødeplan"


def test_dashboard_rows_show_extended_not_answered_and_not_started(db: Any) -> None:
    hearing = make_issued(codes=("ØU", "BUU"))
    extended = next(c for c in hearing.consultees if c.body.code == "BUU")
    extensions.extend_deadline(
        extended, DEADLINE + timedelta(days=7), "Møde", actor=secretariat(), now=NOW
    )
    at_now = {r.consultee.body.code: r.state for r in queries.consultee_rows(hearing, NOW)}
    assert at_now == {"ØU": "not_started", "BUU": "extended"}
    later = {r.consultee.body.code: r for r in queries.consultee_rows(hearing, AFTER_DEADLINE)}
    assert later["ØU"].state == "not_answered" and later["ØU"].time_left == timedelta(0)
    assert later["BUU"].state == "extended" and later["BUU"].time_left > timedelta(days=6)
