"""The hearing's state changes, one function per step of the transition table.

Each checks ``workflow.check_hearing_transition`` first, so a refused one changes nothing,
then flushes and writes the audit entry. ``hearing.services.lifecycle.move_hearing`` is the
one entry point that maps a target state to its complete operation; consolidation and the
decision call ``enter_consolidation`` and ``mark_decided`` as steps of their own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from barometer.models import VersionStatus
from barometer.services import version_lock
from core import audit
from core.errors import N_, ValidationFailed
from core.extensions import db
from core.models import User
from hearing import workflow
from hearing.errors import FieldInvalid, raise_all
from hearing.models import Hearing
from hearing.services.hearings import consulted_version
from hearing.workflow import HearingState


def _transition(
    hearing: Hearing,
    target: HearingState,
    *,
    actor: User | None,
    now: datetime,
    changes: dict[str, Any] | None = None,
) -> None:
    old = hearing.state
    hearing.state = target
    db.session.flush()
    audit.record(
        actor,
        f"hearing.{target.value}",
        hearing,
        now=now,
        summary=hearing.reference,
        changes={"state": {"old": str(old), "new": target.value}} | (changes or {}),
    )


def issue_problems(hearing: Hearing, *, now: datetime) -> list[FieldInvalid]:
    """Everything that keeps a draft hearing from being issued, all at once (the issue
    page lists them before anyone presses the button)."""
    problems = []
    if not hearing.consultees:
        problems.append(
            FieldInvalid("consultees", N_("Choose at least one body for the hearing list first."))
        )
    if not hearing.questions:
        problems.append(FieldInvalid("questions", N_("A hearing needs at least one question.")))
    if not hearing.letter_text.strip():
        problems.append(
            FieldInvalid("letter_text", N_("Write the letter before issuing the hearing."))
        )
    if not workflow.is_before_deadline(now, hearing.deadline):
        problems.append(
            FieldInvalid("deadline", N_("The deadline has already passed: choose a later one."))
        )
    return problems


def issue_hearing(
    hearing: Hearing, *, actor: User | None, now: datetime, notify: bool = True
) -> Hearing:
    """Open the hearing: the letter freezes, a consulted draft is locked, bodies are invited
    and, for a public hearing, the subscribers to new hearings are told.

    ``notify=False`` only for the demo's historical hearing, whose invitations went out
    long ago on paper.
    """
    workflow.check_hearing_transition(hearing.state, HearingState.OPEN)
    raise_all(issue_problems(hearing, now=now))
    version = consulted_version(hearing.version_id)
    if version.status == VersionStatus.DRAFT:
        reason = f"{hearing.reference}: {hearing.title}"[: version_lock.REASON_MAX]
        version_lock.lock_version(version, reason, actor=actor, now=now)
    hearing.issued_at = now
    hearing.issued_by_id = actor.id if actor else None
    for consultee in hearing.consultees:
        consultee.invited_at = now
    _transition(hearing, HearingState.OPEN, actor=actor, now=now)
    if notify:
        from hearing.services import notifications

        notifications.hearing_issued(hearing, now=now)
        if hearing.is_public:
            notifications.tell_subscribers(hearing, now=now)
    return hearing


def close_hearing(
    hearing: Hearing, *, actor: User | None, now: datetime, notify: bool = True
) -> Hearing:
    """Close an open hearing once every body's effective deadline has passed; the parties
    are told (``notify=False`` only for the demo, whose history mails nobody)."""
    workflow.check_hearing_transition(hearing.state, HearingState.CLOSED)
    extensions = [c.extension_until for c in hearing.consultees]
    if not workflow.all_deadlines_passed(now, hearing.deadline, extensions):
        raise ValidationFailed(
            N_("The hearing closes by itself when every body's deadline has passed.")
        )
    hearing.closed_at = now
    _transition(hearing, HearingState.CLOSED, actor=actor, now=now)
    if notify:
        from hearing.services import hearing_mail

        hearing_mail.hearing_closed(hearing, now=now)
    return hearing


def close_if_expired(hearing: Hearing, *, now: datetime, notify: bool = True) -> bool:
    """Close an open hearing whose deadlines have all passed; True when it was closed."""
    if hearing.state != HearingState.OPEN:
        return False
    extensions = [c.extension_until for c in hearing.consultees]
    if not workflow.all_deadlines_passed(now, hearing.deadline, extensions):
        return False
    close_hearing(hearing, actor=None, now=now, notify=notify)
    return True


def close_expired(now: datetime) -> list[Hearing]:
    """Close every open hearing whose deadlines have passed (idempotent, for cron)."""
    candidates = db.session.scalars(
        select(Hearing)
        .where(Hearing.state == HearingState.OPEN, Hearing.deadline < now)
        .order_by(Hearing.id)
    )
    return [h for h in candidates if close_if_expired(h, now=now)]


def enter_consolidation(hearing: Hearing, *, actor: User | None, now: datetime) -> Hearing:
    """Closed -> consolidation, the state alone: a step of ``start_consolidation``."""
    workflow.check_hearing_transition(hearing.state, HearingState.CONSOLIDATION)
    _transition(hearing, HearingState.CONSOLIDATION, actor=actor, now=now)
    return hearing


def mark_decided(hearing: Hearing, *, actor: User | None, now: datetime) -> Hearing:
    """Consolidation -> decided, the consulted draft released: a step of ``record_decision``."""
    workflow.check_hearing_transition(hearing.state, HearingState.DECIDED)
    hearing.decided_at = now
    _transition(hearing, HearingState.DECIDED, actor=actor, now=now)
    version_lock.unlock_version(hearing.version, actor=actor, now=now)
    return hearing


def archive_hearing(hearing: Hearing, *, actor: User | None, now: datetime) -> Hearing:
    workflow.check_hearing_transition(hearing.state, HearingState.ARCHIVED)
    _transition(hearing, HearingState.ARCHIVED, actor=actor, now=now)
    return hearing
