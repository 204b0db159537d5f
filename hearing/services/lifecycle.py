"""``move_hearing``: the one entry point for a hearing's state changes.

Each target state maps to its complete operation: opening issues the hearing (letter
frozen, version locked, bodies invited); starting the consolidation also groups the
proposals and asks for the note's first version; deciding records the committee's decision
with its catalogue changes. No caller picks a bare state change.
"""

from __future__ import annotations

from datetime import datetime

from core.models import User
from hearing import workflow
from hearing.models import Hearing
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

    Deciding needs the committee's ``decision``; the other targets take none.
    """
    destination = HearingState(target)
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
