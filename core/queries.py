"""The read side of ``core``'s pages: users, bodies and the audit log. Nothing here writes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select

from core.clock import LOCAL_TZ
from core.extensions import db
from core.models import AuditEvent, Body, BodyKind, SsoGroupMapping, User


def ping() -> None:
    """Ask the database for an answer (the health check)."""
    db.session.execute(db.text("SELECT 1"))


def user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def body(body_id: int) -> Body | None:
    return db.session.get(Body, body_id)


def users_matching(term: str = "") -> list[User]:
    """Users by name; with ``term``, those whose name or e-mail contains it."""
    query = select(User).order_by(func.lower(User.name))
    if term:
        like = f"%{term.lower()}%"
        query = query.where(func.lower(User.name).like(like) | User.email.like(like))
    return list(db.session.scalars(query))


def bodies() -> list[Body]:
    return list(db.session.scalars(select(Body).order_by(Body.kind, Body.code)))


def sso_group_mappings() -> list[SsoGroupMapping]:
    """The single sign-on group table, by group name."""
    query = select(SsoGroupMapping).order_by(
        func.lower(SsoGroupMapping.group_name), SsoGroupMapping.role, SsoGroupMapping.id
    )
    return list(db.session.scalars(query))


def sso_group_mapping(mapping_id: int) -> SsoGroupMapping | None:
    return db.session.get(SsoGroupMapping, mapping_id)


def committees() -> list[Body]:
    return [b for b in bodies() if b.kind == BodyKind.COMMITTEE]


@dataclass(frozen=True)
class AuditFilter:
    """What the audit log is narrowed to, as typed: empty values do not narrow it, the
    others are compared without their surrounding spaces."""

    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: date | None = None
    date_to: date | None = None


_MAX_PAGE = 1_000_000


def audit_page(
    filters: AuditFilter | None,
    *,
    page: int,
    per_page: int,
    hidden_actions: Sequence[str] = (),
) -> Pagination:
    """One page of the audit log, newest first, narrowed by ``filters`` when given and
    without the ``hidden_actions`` (those the reader may not see)."""
    query = select(AuditEvent).order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    if hidden_actions:
        query = query.where(AuditEvent.action.not_in(list(hidden_actions)))
    if filters is not None:
        query = _filtered(query, filters)
    # Bounded, so the offset stays within the database's integers (an empty page beyond).
    page = min(max(page, 1), _MAX_PAGE)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def _filtered(query: Select[Any], f: AuditFilter) -> Select[Any]:
    if f.actor:
        query = query.where(AuditEvent.actor_label.ilike(f"%{f.actor.strip()}%"))
    if f.action:
        query = query.where(AuditEvent.action.startswith(f.action.strip()))
    if f.object_type:
        query = query.where(AuditEvent.object_type == f.object_type.strip())
    if f.object_id:
        query = query.where(AuditEvent.object_id == f.object_id.strip())
    if f.date_from:
        start = datetime.combine(f.date_from, time.min, LOCAL_TZ)
        query = query.where(AuditEvent.occurred_at >= start)
    if f.date_to:
        end = datetime.combine(f.date_to + timedelta(days=1), time.min, LOCAL_TZ)
        query = query.where(AuditEvent.occurred_at < end)
    return query
