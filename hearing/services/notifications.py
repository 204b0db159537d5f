"""Who is told what about a hearing, by e-mail through the outbox.

Recipients are the active members of each consulted body, each in their own language.
Messages are queued in the transaction of the action that causes them (``core.mail``), so
a rolled-back action sends nothing; a job sends them after the commit, retrying when the
SMTP server fails. Every message has a de-duplication key, and every reminder is booked
in ``hearing_reminders_sent`` keyed by body, "days before" and effective deadline, so
running ``flask hearing send-reminders`` twice never sends anything twice, and an
extension starts a new schedule.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core import audit, mail_attachments
from core.extensions import db
from core.mail import queue_templated_email
from core.models import Membership, Role, Topic, User
from core.services import subscriptions
from hearing import attachments, reminders, workflow
from hearing.models import Consultee, Hearing, ReminderSent
from hearing.workflow import HearingState

DEFAULT_REMINDER_DAYS = (7, 2)


def members_of(body_id: int) -> list[User]:
    """The active members of a body, who receive its hearing mail."""
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.body_id == body_id,
                Membership.role == Role.MEMBER,
                User.active.is_(True),
            )
            .order_by(User.name, User.id)
        )
    )


def recipients(hearing: Hearing) -> list[tuple[Consultee, list[User]]]:
    """Each consultee with the members who will be invited (the issue confirmation)."""
    return [
        (c, members_of(c.body_id)) for c in sorted(hearing.consultees, key=lambda c: c.body.code)
    ]


def reminder_days() -> tuple[int, ...]:
    """Days before the effective deadline at which a reminder goes out.

    ``HEARING_REMINDER_DAYS`` in the app config or the environment, e.g. ``"7,2"``.
    """
    value: Any = current_app.config.get("HEARING_REMINDER_DAYS") or os.environ.get(
        "HEARING_REMINDER_DAYS"
    )
    if not value:
        return DEFAULT_REMINDER_DAYS
    items: Sequence[Any] = value.split(",") if isinstance(value, str) else value
    return tuple(sorted({int(str(v).strip()) for v in items if str(v).strip()}, reverse=True))


def _context(consultee: Consultee, user: User, **extra: Any) -> dict[str, Any]:
    hearing = consultee.hearing
    return {
        "hearing_id": hearing.id,
        "body_id": consultee.body_id,
        "reference": hearing.reference,
        "title": hearing.title,
        "body_name": consultee.body.name(user.locale),
        "reply_body": hearing.reply_body.name(user.locale),
        "deadline": consultee.effective_deadline,
        "extended": consultee.is_extended,
        "questions": [q.text for q in hearing.questions],
        **extra,
    }


def _send(
    consultee: Consultee,
    template: str,
    key: str,
    *,
    now: datetime,
    attachments: Sequence[str] = (),
    **extra: Any,
) -> int:
    """Queue ``template`` to every active member of the body; the number queued."""
    queued = 0
    for user in members_of(consultee.body_id):
        email = queue_templated_email(
            user,
            template,
            _context(consultee, user, **extra),
            now=now,
            dedup_key=f"hearing:{consultee.hearing_id}:{key}:{consultee.id}:{user.id}",
            related=consultee.hearing,
            attachments=attachments,
        )
        queued += email is not None
    return queued


def _letter_and_deadline(consultee: Consultee) -> tuple[str, str]:
    return (
        mail_attachments.reference(attachments.LETTER, consultee.hearing_id),
        mail_attachments.reference(attachments.DEADLINE, consultee.id),
    )


def hearing_issued(hearing: Hearing, *, now: datetime) -> int:
    """Invite every active member of each consulted body, with the letter and the body's
    deadline as a calendar file attached."""
    return sum(
        _send(c, "hearing_invitation", "invitation", now=now, attachments=_letter_and_deadline(c))
        for c in hearing.consultees
    )


def tell_subscribers(hearing: Hearing, *, now: datetime) -> int:
    """Tell the readers who subscribed to new hearings that a public hearing opened."""
    context = {
        "hearing_id": hearing.id,
        "reference": hearing.reference,
        "title": hearing.title,
        "deadline": hearing.deadline,
        "issuing_body": {lang: hearing.issuing_body.name(lang) for lang in ("da", "en")},
    }
    return subscriptions.notify(
        Topic.HEARINGS, "subscription_hearing", context, related=("Hearing", hearing.id), now=now
    )


def added_after_issue(consultee: Consultee, *, now: datetime) -> int:
    """Tell a body added after issue that the hearing concerns it, with the same files."""
    files = _letter_and_deadline(consultee)
    return _send(consultee, "hearing_added", "added", now=now, attachments=files)


def deadline_extended(consultee: Consultee, *, now: datetime) -> int:
    """Tell a body about its extension (one message per new extension)."""
    until = workflow.to_utc(consultee.effective_deadline).isoformat()
    return _send(
        consultee,
        "hearing_extension",
        f"extension:{until}",
        now=now,
        attachments=(mail_attachments.reference(attachments.DEADLINE, consultee.id),),
        reason=consultee.extension_reason or "",
    )


def remind_unanswered(hearing: Hearing, *, actor: User | None, now: datetime) -> list[str]:
    """The secretariat's "remind everyone who has not answered": a reminder now to every
    body that may still answer and has not; the codes of the bodies reminded. Pressed twice
    within a minute it sends nothing twice."""
    from core import audit
    from hearing.queries.hearings import has_answered

    minute = workflow.to_utc(now).replace(second=0, microsecond=0).isoformat()
    reminded = []
    for consultee in sorted(hearing.consultees, key=lambda c: c.body.code):
        if has_answered(hearing, consultee) or not consultee.accepts_answers(now):
            continue
        _send(consultee, "hearing_reminder", f"reminder-now:{minute}", now=now, days_before=None)
        reminded.append(consultee.body.code)
    audit.record(
        actor,
        "hearing.reminders_sent",
        hearing,
        now=now,
        summary=f"{hearing.reference}: {', '.join(reminded) or '-'}",
        changes={"bodies": {"old": None, "new": reminded}},
    )
    return reminded


def send_reminders(now: datetime) -> int:
    """Queue the reminders due now to bodies that have not answered; the number of bodies.

    Only the most urgent due reminder per body is sent (``reminders.reminder_due``), once
    per effective deadline.
    """
    from hearing.queries.hearings import has_answered

    days = reminder_days()
    hearings = db.session.scalars(
        select(Hearing)
        .where(Hearing.state == HearingState.OPEN)
        .options(selectinload(Hearing.consultees).selectinload(Consultee.reminders))
        .order_by(Hearing.id)
    )
    reminded = 0
    for hearing in hearings:
        for consultee in hearing.consultees:
            if has_answered(hearing, consultee):
                continue
            deadline = workflow.to_utc(consultee.effective_deadline)
            sent = {r.days_before for r in consultee.reminders if r.deadline == deadline}
            due = reminders.reminder_due(now, deadline, days, sent)
            if due is None:
                continue
            consultee.reminders.append(
                ReminderSent(days_before=due, deadline=deadline, sent_at=now)
            )
            db.session.flush()
            audit.record(
                None,
                "hearing.reminder_sent",
                hearing,
                now=now,
                summary=f"{hearing.reference}: {consultee.body.code}",
                changes={"body": consultee.body.code, "days_before": due},
            )
            _send(
                consultee,
                "hearing_reminder",
                f"reminder:{due}:{deadline.isoformat()}",
                now=now,
                days_before=due,
            )
            reminded += 1
    return reminded
