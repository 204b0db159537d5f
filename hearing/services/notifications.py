"""Who is told what about a hearing, by e-mail through the outbox.

Recipients are the active members of each consulted body. Messages are queued in the
transaction of the action that causes them (``core.mail``), so a rolled-back action sends
nothing; a job sends them after the commit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from core.extensions import db
from core.models import Membership, Role, User
from hearing.models import Consultee, Hearing


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


def hearing_issued(hearing: Hearing, *, now: datetime) -> None:
    """Invite every active member of each consulted body."""


def added_after_issue(consultee: Consultee, *, now: datetime) -> None:
    """Tell a body added after issue that the hearing concerns it."""


def deadline_extended(consultee: Consultee, *, now: datetime) -> None:
    """Tell a body about its extension."""
