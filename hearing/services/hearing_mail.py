"""The mail of a hearing's course beyond invitations and reminders (docs/hearings.md).

* to the secretariat when a body submits or withdraws its response (a response the
  secretariat registered itself is not announced to it);
* to the members of every consulted body when the hearing closes (with whether their body's
  answer was received); when the secretariat sends the note and the decision to all parties
  (``party_notice``); when the deadline is shortened, or the hearing reopened or cancelled
  (``course_changes``).

Like every hearing message these are queued in the action's transaction through the
outbox (``core.mail``), each recipient in their own language, with a de-duplication key.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from core.extensions import db
from core.mail import queue_templated_email
from core.models import Membership, Role, User
from hearing.models import Hearing
from hearing.models.consolidation import Decision
from hearing.models.responses import ResponseVersion
from hearing.services.notifications import _context, members_of


def secretariat_users() -> list[User]:
    """The active users with the secretariat's role: they follow every hearing."""
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.active.is_(True),
                User.id.in_(select(Membership.user_id).where(Membership.role == Role.SECRETARIAT)),
            )
            .order_by(User.name, User.id)
        )
    )


def _to_secretariat(
    version: ResponseVersion, template: str, key: str, *, who: User | None, now: datetime
) -> int:
    response = version.response
    consultee, hearing = response.consultee, response.hearing
    queued = 0
    for user in secretariat_users():
        email = queue_templated_email(
            user,
            template,
            {
                "hearing_id": hearing.id,
                "body_id": consultee.body_id,
                "reference": hearing.reference,
                "title": hearing.title,
                "body_name": consultee.body.name(user.locale),
                "receipt_number": version.receipt_number,
                "version_number": version.number,
                "no_remarks": version.no_remarks,
                "late": version.late,
                "at": version.withdrawn_at or version.submitted_at,
                "by": who.name if who is not None else "",
            },
            now=now,
            dedup_key=f"hearing-secretariat:{key}:{version.receipt_number}:{user.id}",
            related=hearing,
        )
        queued += email is not None
    return queued


def response_submitted(version: ResponseVersion, *, now: datetime) -> int:
    """Tell the secretariat a body submitted (or answered "no remarks")."""
    if version.is_registered:
        return 0
    return _to_secretariat(
        version, "hearing_secretariat_submitted", "submitted", who=version.submitted_by, now=now
    )


def response_withdrawn(version: ResponseVersion, *, actor: User | None, now: datetime) -> int:
    """Tell the secretariat a body withdrew its submitted response."""
    return _to_secretariat(
        version, "hearing_secretariat_withdrawn", "withdrawn", who=actor, now=now
    )


def _to_parties(hearing: Hearing, template: str, key: str, *, now: datetime, **extra: Any) -> int:
    from hearing.queries.hearings import ANSWERED, response_states

    states = response_states(hearing)
    queued = 0
    for consultee in sorted(hearing.consultees, key=lambda c: c.body.code):
        for user in members_of(consultee.body_id):
            email = queue_templated_email(
                user,
                template,
                _context(consultee, user, answered=states.get(consultee.id) in ANSWERED, **extra),
                now=now,
                dedup_key=f"hearing:{hearing.id}:{key}:{consultee.id}:{user.id}",
                related=hearing,
            )
            queued += email is not None
    return queued


def hearing_closed(hearing: Hearing, *, now: datetime) -> int:
    """Tell every consulted body the hearing has closed, and whether its answer came in."""
    return _to_parties(hearing, "hearing_closed", "closed", now=now, closed_at=now)


def course_changed(hearing: Hearing, template: str, *, reason: str, now: datetime) -> int:
    """Tell every consulted body the deadline was shortened, or the hearing reopened or
    cancelled, with the reason and (in the body's context) its own deadline now."""
    stamp = now.isoformat()
    return _to_parties(hearing, template, f"{template}:{stamp}", now=now, reason=reason)


def note_and_decision(hearing: Hearing, decision: Decision, *, now: datetime) -> int:
    """Send every consulted body the committee's decision and the way to the hearing note.

    The key names the moment, so sending again on purpose sends again; pressing twice in one
    request cannot (``party_notice.send_note_and_decision`` warns before a second sending).
    """
    return _to_parties(
        hearing,
        "hearing_decided",
        f"decided:{now.isoformat()}",
        now=now,
        deciding_body=decision.deciding_body.code,
        meeting_date=decision.meeting_date,
        case_reference=decision.case_reference,
        is_public=hearing.is_public,
    )
