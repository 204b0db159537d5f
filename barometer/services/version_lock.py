"""Locking a draft catalogue version while it is consulted (in hearing).

A hearing consults one exact version. When that version is a draft, the text under
consultation must not change under the consultees, so the draft is locked until the
hearing is decided. This module speaks only in catalogue terms (a version, a reason, an
actor); it knows nothing of hearings.

The rule is enforced in two places so that no edit path can miss it:

* :func:`ensure_unlocked` gives a clear domain error; the catalogue's edit services can call
  it next to their own ``ensure_editable`` check.
* A session hook refuses, at flush time, any insert, update or delete of a focus area, goal,
  indicator, success criterion or change record of a locked version, and any change to the
  locked version row itself (approving, relabelling, discarding). Bulk ``UPDATE``/``DELETE``
  statements on those tables are checked the same way before they run.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import ORMExecuteState, Session

from barometer.models import (
    CatalogueChangeRecord,
    CatalogueVersion,
    FocusArea,
    Goal,
    Indicator,
    SuccessCriterion,
    VersionStatus,
)
from barometer.models.version_lock import CatalogueVersionLock
from core import audit
from core.errors import N_, FrozenError, ValidationFailed
from core.extensions import db
from core.models import User

__all__ = [
    "CatalogueVersionLock",
    "VersionLocked",
    "ensure_unlocked",
    "is_locked",
    "lock_version",
    "locked_reason",
    "unlock_version",
]

_CHILD_MODELS = (FocusArea, Goal, Indicator, SuccessCriterion, CatalogueChangeRecord)
REASON_MAX = 200


class VersionLocked(FrozenError):
    """A locked draft was to be changed."""

    def __init__(self, number: int | None, reason: str) -> None:
        super().__init__(
            N_("Version %(number)s is locked (%(reason)s) and cannot be changed now."),
            number=number if number is not None else "?",
            reason=reason,
        )


def _lock_of(version_id: int) -> CatalogueVersionLock | None:
    with db.session.no_autoflush:
        return db.session.get(CatalogueVersionLock, version_id)


def locked_reason(version: CatalogueVersion) -> str | None:
    """Why the version is locked, or None when it is not."""
    lock = _lock_of(version.id)
    return lock.reason if lock is not None else None


def is_locked(version: CatalogueVersion) -> bool:
    return locked_reason(version) is not None


def ensure_unlocked(version: CatalogueVersion) -> None:
    reason = locked_reason(version)
    if reason is not None:
        raise VersionLocked(version.number, reason)


def lock_version(
    version: CatalogueVersion, reason: str, *, actor: User | None, now: datetime
) -> CatalogueVersionLock:
    """Make a draft read-only. Only drafts are locked: an approved version is frozen anyway."""
    reason = " ".join((reason or "").split())
    if not reason or len(reason) > REASON_MAX:
        raise ValidationFailed(N_("A lock needs a reason of at most 200 characters."))
    if version.status != VersionStatus.DRAFT:
        raise ValidationFailed(N_("Only a draft version can be locked."))
    ensure_unlocked(version)
    lock = CatalogueVersionLock(
        version_id=version.id,
        reason=reason,
        locked_at=now,
        locked_by_id=actor.id if actor is not None else None,
    )
    db.session.add(lock)
    db.session.flush()
    audit.record(
        actor,
        "catalogue.version_locked",
        version,
        now=now,
        summary=f"{version.number}: {reason}",
        changes={"locked_reason": {"old": None, "new": reason}},
    )
    return lock


def unlock_version(version: CatalogueVersion, *, actor: User | None, now: datetime) -> None:
    """Lift the lock (nothing happens when the version is not locked)."""
    lock = _lock_of(version.id)
    if lock is None:
        return
    reason = lock.reason
    db.session.delete(lock)
    db.session.flush()
    audit.record(
        actor,
        "catalogue.version_unlocked",
        version,
        now=now,
        summary=f"{version.number}: {reason}",
        changes={"locked_reason": {"old": reason, "new": None}},
    )


# -- the guard -------------------------------------------------------------------------


def _locked_among(
    session: Session, version_ids: Iterable[int | None]
) -> CatalogueVersionLock | None:
    ids = {v for v in version_ids if v is not None}
    if not ids:
        return None
    with session.no_autoflush:
        return session.scalar(
            select(CatalogueVersionLock).where(CatalogueVersionLock.version_id.in_(ids)).limit(1)
        )


def _version_id_of(obj: Any) -> int | None:
    if obj.version_id is not None:
        return int(obj.version_id)
    version = getattr(obj, "version", None)
    return version.id if version is not None else None


def _touched_version_ids(session: Session) -> set[int | None]:
    ids: set[int | None] = set()
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        changed = obj in session.new or obj in session.deleted or session.is_modified(obj)
        if not changed:
            continue
        if isinstance(obj, _CHILD_MODELS):
            ids.add(_version_id_of(obj))
        elif isinstance(obj, CatalogueVersion) and obj not in session.new:
            ids.add(obj.id)
    return ids


def _raise_for(session: Session, lock: CatalogueVersionLock) -> None:
    with session.no_autoflush:
        number = session.scalar(
            select(CatalogueVersion.number).where(CatalogueVersion.id == lock.version_id)
        )
    raise VersionLocked(number, lock.reason)


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_locked_versions(
    session: Session, flush_context: object, instances: object
) -> None:
    lock = _locked_among(session, _touched_version_ids(session))
    if lock is not None:
        _raise_for(session, lock)


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes_to_locked_versions(state: ORMExecuteState) -> None:
    if not (state.is_delete or state.is_update) or state.bind_mapper is None:
        return
    model = state.bind_mapper.class_
    if model is CatalogueVersion:
        column = CatalogueVersion.id
    elif model in _CHILD_MODELS:
        column = model.version_id
    else:
        return
    where = state.statement.whereclause  # type: ignore[attr-defined,union-attr]
    query = select(column).distinct()
    if where is not None:
        query = query.where(where)
    with state.session.no_autoflush:
        ids = list(state.session.scalars(query, params=state.parameters or {}))
    lock = _locked_among(state.session, ids)
    if lock is not None:
        _raise_for(state.session, lock)
