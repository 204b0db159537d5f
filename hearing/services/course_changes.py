"""The secretariat's corrections to a hearing's course: shortening the deadline of an open
hearing, reopening a closed one, cancelling an issued one, deleting a draft.

Each takes a reason (the deletion of a draft excepted), names every problem of its input at
once (``FieldInvalid`` per form field), writes one audit entry and tells every consulted body
by e-mail (``hearing.services.hearing_mail``), in the action's transaction. The row of the
hearing is locked first (``lifecycle.lock_hearing``), so two secretaries take turns.

Rules decided here (docs/hearings.md, "Shortening, reopening, cancelling"):

* Shortening keeps every body's own extension: an extension was promised to that body, and
  the notice tells it that its own deadline stays. Only the hearing deadline moves.
* Reopening ends every body's extension: all of them have passed (the hearing would not have
  closed otherwise), so the new deadline is every body's.
* A cancelled hearing keeps its responses and drafts, refuses every answer, is never
  consolidated, and its consulted draft is released unless another hearing still consults it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import event, select

from barometer.services import version_lock
from core import audit
from core.errors import N_, ValidationFailed
from core.extensions import db
from core.models import User
from core.uploads import remove_stored
from hearing import workflow
from hearing.errors import FieldInvalid, raise_all
from hearing.models import AnnexKind, Hearing
from hearing.services import hearing_mail
from hearing.services.hearings import REASON_MAX, required_text
from hearing.services.lifecycle import lock_hearing
from hearing.workflow import HearingState

_UNFINISHED = (HearingState.OPEN, HearingState.CLOSED, HearingState.CONSOLIDATION)


def _reason_problem(reason: str, message: str, problems: list[FieldInvalid]) -> str:
    try:
        return required_text(reason, REASON_MAX, message)
    except ValidationFailed as err:
        problems.append(FieldInvalid("reason", err.message, **err.params))
        return ""


def _require_state(hearing: Hearing, state: HearingState, now: datetime, message: str) -> None:
    if hearing.state_at(now) != state:
        raise ValidationFailed(message)


def shorten_deadline(
    hearing: Hearing, deadline: datetime, reason: str, *, actor: User | None, now: datetime
) -> Hearing:
    """Move the deadline of an open hearing earlier; bodies with an extension keep theirs."""
    lock_hearing(hearing)
    _require_state(
        hearing, HearingState.OPEN, now, N_("A deadline can only be shortened while open.")
    )
    problems: list[FieldInvalid] = []
    text = _reason_problem(reason, N_("Give the reason for the shorter deadline."), problems)
    new = workflow.to_utc(deadline)
    problem = workflow.shortened_deadline_problem(now, hearing.deadline, new)
    if problem is not None:
        problems.append(
            FieldInvalid("until_date", problem, deadline=workflow.to_local(hearing.deadline))
        )
    raise_all(problems)
    old = hearing.deadline
    hearing.deadline = new
    db.session.flush()
    audit.record(
        actor,
        "hearing.deadline_shortened",
        hearing,
        now=now,
        summary=f"{hearing.reference}: {text}",
        changes=audit.diff_fields({"deadline": old}, {"deadline": new, "reason": text}),
    )
    hearing_mail.course_changed(hearing, "hearing_shortened", reason=text, now=now)
    return hearing


def reopen_hearing(
    hearing: Hearing, deadline: datetime, reason: str, *, actor: User | None, now: datetime
) -> Hearing:
    """Open a closed hearing again until ``deadline`` (in the future), with a reason."""
    lock_hearing(hearing)
    workflow.check_hearing_transition(hearing.state, HearingState.OPEN)
    problems: list[FieldInvalid] = []
    text = _reason_problem(reason, N_("Give the reason for reopening the hearing."), problems)
    new = workflow.to_utc(deadline)
    if new <= workflow.to_utc(now):
        problems.append(FieldInvalid("until_date", workflow.NEW_DEADLINE_PASSED_MESSAGE))
    raise_all(problems)
    dropped = []
    for consultee in hearing.consultees:
        if consultee.extension_until is not None:
            consultee.extension_until = consultee.extension_reason = None
            consultee.extension_granted_at = None
            dropped.append(consultee.body.code)
    old = hearing.deadline
    hearing.deadline, hearing.closed_at, hearing.state = new, None, HearingState.OPEN
    db.session.flush()
    audit.record(
        actor,
        "hearing.reopened",
        hearing,
        now=now,
        summary=f"{hearing.reference}: {text}",
        changes=audit.diff_fields(
            {"state": HearingState.CLOSED.value, "deadline": old},
            {
                "state": HearingState.OPEN.value,
                "deadline": new,
                "reason": text,
                "extensions_ended": sorted(dropped) or None,
            },
        ),
    )
    hearing_mail.course_changed(hearing, "hearing_reopened", reason=text, now=now)
    return hearing


def cancel_hearing(hearing: Hearing, reason: str, *, actor: User | None, now: datetime) -> Hearing:
    """Cancel an issued hearing (open or closed) with a reason; every body is told."""
    lock_hearing(hearing)
    if hearing.state == HearingState.OPEN and hearing.state_at(now) == HearingState.CLOSED:
        hearing.closed_at = now  # it closed at its deadline; the record says so
    workflow.check_hearing_transition(hearing.state, HearingState.CANCELLED)
    problems: list[FieldInvalid] = []
    text = _reason_problem(reason, N_("Give the reason for cancelling the hearing."), problems)
    raise_all(problems)
    old = hearing.state
    hearing.state = HearingState.CANCELLED
    hearing.cancelled_at, hearing.cancellation_reason = now, text
    hearing.cancelled_by_id = actor.id if actor else None
    db.session.flush()
    audit.record(
        actor,
        "hearing.cancelled",
        hearing,
        now=now,
        summary=f"{hearing.reference}: {text}",
        changes={
            "state": {"old": str(old), "new": HearingState.CANCELLED.value},
            "reason": {"old": None, "new": text},
        },
    )
    if not _consulted_elsewhere(hearing):
        version_lock.unlock_version(hearing.version, actor=actor, now=now)
    hearing_mail.course_changed(hearing, "hearing_cancelled", reason=text, now=now)
    return hearing


def _consulted_elsewhere(hearing: Hearing) -> bool:
    """Whether another unfinished hearing consults the same version (it keeps the lock)."""
    other = db.session.scalar(
        select(Hearing.id).where(
            Hearing.version_id == hearing.version_id,
            Hearing.id != hearing.id,
            Hearing.state.in_(_UNFINISHED),
        )
    )
    return other is not None


def delete_draft(hearing: Hearing, *, folder: Path, actor: User | None, now: datetime) -> str:
    """Delete a hearing that was never issued (nobody was told of it); its reference."""
    lock_hearing(hearing)
    if hearing.state != HearingState.DRAFT:
        raise ValidationFailed(N_("Only a draft hearing can be deleted; cancel an issued one."))
    reference, title = hearing.reference, hearing.title
    stored = [a.stored_name for a in hearing.annexes if a.kind == AnnexKind.UPLOAD]
    audit.record(
        actor,
        "hearing.deleted",
        hearing,
        now=now,
        summary=f"{reference}: {title}",
        changes={
            "reference": {"old": reference, "new": None},
            "title": {"old": title, "new": None},
        },
    )
    db.session.delete(hearing)
    db.session.flush()

    @event.listens_for(db.session(), "after_commit", once=True)
    def _remove_files(session: object) -> None:
        for name in stored:
            if name:
                remove_stored(name, folder=folder)

    return reference
