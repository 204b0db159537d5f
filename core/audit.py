"""The audit log: one append-only table written by services in their own transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from core.errors import DomainError
from core.extensions import db
from core.models import AuditEvent, User


class AuditIsAppendOnly(DomainError):
    pass


def _jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    return value


def diff_fields(
    before: Mapping[str, Any], after: Mapping[str, Any], fields: Iterable[str] | None = None
) -> dict[str, dict[str, Any]]:
    """The fields whose value differs, as ``{field: {"old": ..., "new": ...}}``."""
    names = fields if fields is not None else sorted(set(before) | set(after))
    return {
        name: {"old": _jsonable(before.get(name)), "new": _jsonable(after.get(name))}
        for name in names
        if before.get(name) != after.get(name)
    }


def snapshot(obj: object, fields: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def record(
    actor: User | None,
    action: str,
    obj: Any,
    *,
    now: datetime,
    summary: str = "",
    changes: Mapping[str, Any] | None = None,
    object_type: str | None = None,
) -> AuditEvent:
    """Add an audit entry to the current transaction (flushed, never committed here)."""
    if getattr(obj, "id", None) is None:
        db.session.flush()
    entry = AuditEvent(
        occurred_at=now,
        actor_id=actor.id if actor is not None else None,
        actor_label=actor.email if actor is not None else "system",
        action=action,
        object_type=object_type or type(obj).__name__,
        object_id=str(obj.id),
        summary=summary,
        changes=dict(changes or {}),
    )
    db.session.add(entry)
    db.session.flush()
    return entry


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session: Session, flush_context: object, instances: object) -> None:
    """Nothing may change or delete an audit entry once written."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditIsAppendOnly("Audit entries cannot be changed or deleted.")
