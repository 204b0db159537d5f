"""``move_hearing``: the one entry point for a hearing's state changes.

Each target state maps to its complete operation: opening issues the hearing (letter
frozen, version locked, bodies invited); starting the consolidation also groups the
proposals and asks for the note's first version; deciding records the committee's decision
with its catalogue changes. No caller picks a bare state change.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from core.extensions import db
from core.models import User
from hearing import workflow
from hearing.errors import DecisionAlreadyRecorded
from hearing.models import Hearing
from hearing.queries.consolidation import decision_of
from hearing.services import transitions
from hearing.services.consolidation import start_consolidation
from hearing.services.decision import DecisionData, record_decision
from hearing.workflow import HearingState


def move_hearing(
    hearing: Hearing,
    target: HearingState | str,
    *,
    actor: User | None,
    now: datetime,
    decision: DecisionData | None = None,
) -> Hearing:
    """Move to ``target`` through its operation; anything the table does not list is refused.

    The hearing's row is locked and read again first, so two people moving one hearing at
    the same moment take turns: the second sees the state the first left (a decision
    already recorded is refused with :class:`DecisionAlreadyRecorded`), and nothing is
    applied twice.

    Deciding needs the committee's ``decision``; the other targets take none. Cancelling and
    reopening need a reason (and a new deadline): their entry points are
    ``hearing.services.course_changes.cancel_hearing`` and ``reopen_hearing``.
    """
    destination = HearingState(target)
    if destination is HearingState.CANCELLED or (
        destination is HearingState.OPEN and hearing.state == HearingState.CLOSED
    ):
        workflow.check_hearing_transition(hearing.state, destination)
        raise ValueError("Cancel or reopen through hearing.services.course_changes.")
    lock_hearing(hearing)
    if destination is HearingState.DECIDED:
        decided = decision_of(hearing)
        if decided is not None:
            raise DecisionAlreadyRecorded(decided.case_reference)
    workflow.check_hearing_transition(hearing.state, destination)
    if destination is HearingState.OPEN:
        return transitions.issue_hearing(hearing, actor=actor, now=now)
    if destination is HearingState.CLOSED:
        return transitions.close_hearing(hearing, actor=actor, now=now)
    if destination is HearingState.CONSOLIDATION:
        return start_consolidation(hearing, actor=actor, now=now)
    if destination is HearingState.DECIDED:
        if decision is None:
            raise ValueError("Deciding a hearing records the committee's decision: give it.")
        record_decision(hearing, decision, actor=actor, now=now)
        return hearing
    return transitions.archive_hearing(hearing, actor=actor, now=now)


def lock_hearing(hearing: Hearing) -> Hearing:
    """Re-read the hearing under a lock that makes two changes of its state take turns.

    PostgreSQL locks the row. SQLite has one writer at a time, taken at a transaction's
    first write: an update that changes nothing takes it here, so the second request waits
    and then reads what the first committed.
    """
    db.session.flush()
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(Hearing.id).where(Hearing.id == hearing.id).with_for_update())
    else:
        table = Hearing.__table__
        db.session.execute(update(table).where(table.c.id == hearing.id).values(id=table.c.id))
    db.session.refresh(hearing)
    return hearing
