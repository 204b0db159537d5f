"""Named permission predicates for ``core``, and the ``require`` helper.

Views call ``require(can_...(user, obj))``; templates call the same predicates to
show or hide a button. Every predicate takes the user first (possibly anonymous).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NoReturn

from flask import Flask, abort
from flask_login import current_user

from core.models import Role


def _is_user(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.active)


def can_manage_users(user: Any) -> bool:
    return _is_user(user) and user.has_role(Role.ADMIN)


def can_manage_bodies(user: Any) -> bool:
    return _is_user(user) and user.has_role(Role.ADMIN)


def can_manage_sso_groups(user: Any) -> bool:
    return _is_user(user) and user.has_role(Role.ADMIN)


def can_view_audit_log(user: Any) -> bool:
    return _is_user(user) and (user.has_role(Role.ADMIN) or user.has_role(Role.SECRETARIAT))


def can_view_jobs(user: Any) -> bool:
    """The job page: the secretariat and administrators."""
    return _is_user(user) and (user.has_role(Role.ADMIN) or user.has_role(Role.SECRETARIAT))


def can_follow_job(user: Any, job: Any) -> bool:
    """A job's status page: who may see the job page, and whoever started the job."""
    return can_view_jobs(user) or (_is_user(user) and job.started_by_id == user.id)


def can_retry_job(user: Any, job: Any) -> bool:
    return can_view_jobs(user)


def can_change_own_password(user: Any) -> bool:
    return _is_user(user)


def forbid() -> NoReturn:
    abort(403)


def require(allowed: bool) -> None:
    """Stop the request: anonymous users go to the log-in page, others get a 403 page."""
    if allowed:
        return
    if not current_user.is_authenticated:
        abort(401)
    forbid()


Predicate = Callable[..., bool]
_KEY = "core.permissions"

PREDICATES: dict[str, Predicate] = {
    "can_manage_users": can_manage_users,
    "can_manage_bodies": can_manage_bodies,
    "can_view_audit_log": can_view_audit_log,
    "can_manage_sso_groups": can_manage_sso_groups,
    "can_change_own_password": can_change_own_password,
    "can_view_jobs": can_view_jobs,
    "can_follow_job": can_follow_job,
    "can_retry_job": can_retry_job,
}


def register_predicates(app: Flask, mapping: Mapping[str, Predicate]) -> None:
    """Offer ``mapping``'s predicates to ``app``'s templates as ``can.<name>``."""
    predicates(app).update(mapping)


def predicates(app: Flask) -> dict[str, Predicate]:
    """The predicates registered on ``app`` (those of ``core`` and of every package)."""
    registered: dict[str, Predicate] = app.extensions.setdefault(_KEY, {})
    return registered
