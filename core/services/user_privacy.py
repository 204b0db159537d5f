"""A user's personal data: export, erasure on request, and inactive accounts (docs/privacy.md).

An account holds a person's name and e-mail address; the rest of the database refers to
the account by its id (who submitted, who registered, who changed what), so erasing the
account's name and address, and scrubbing them from the audit log and the outbox, leaves
nothing that names the person. Packages add what they hold about a user to the export,
and what they must erase beside the account, with :func:`register_exporter` and
:func:`register_eraser` in their ``init_app``.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, current_app
from sqlalchemy import delete, select

from core import audit
from core.errors import N_, ValidationFailed
from core.extensions import db
from core.mail import queue_templated_email
from core.mail_models import OutboundEmail
from core.models import AuditEvent, Membership, Role, User, UserSession
from core.passwords import hash_password
from core.services import privacy

Exporter = Callable[[User], Any]
Eraser = Callable[[User, str, str, datetime], None]  # user, old e-mail, old name, now
_EXPORTERS, _ERASERS = "privacy_exporters", "privacy_erasers"
EXPORT_FORMAT = "integrationsbarometer.user-export/1"


def register_exporter(app: Flask, name: str, exporter: Exporter) -> None:
    app.extensions.setdefault(_EXPORTERS, []).append((name, exporter))


def register_eraser(app: Flask, eraser: Eraser) -> None:
    app.extensions.setdefault(_ERASERS, []).append(eraser)


def anonymous_address(user: User) -> str:
    """The address an erased account keeps: unique, and in a domain that never exists."""
    return f"anonymised-{user.id}@anonymised.invalid"


def anonymous_name(user: User) -> str:
    return f"Anonymiseret bruger {user.id}"


# -- export ---------------------------------------------------------------------------------


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def export_user(user: User) -> dict[str, Any]:
    """Everything held about ``user``, as plain JSON values."""
    account = {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "locale": user.locale,
        "active": user.active,
        "created_at": _when(user.created_at),
        "last_login_at": _when(user.last_login_at),
        "inactivity_warned_at": _when(user.inactivity_warned_at),
        "anonymised_at": _when(user.anonymised_at),
        "sso_issuer": user.sso_issuer,
        "sso_subject": user.sso_subject,
        "roles": [
            {"role": str(m.role), "body": m.body.code if m.body else None} for m in user.memberships
        ],
    }
    sessions = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id))
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.actor_id == user.id).order_by(AuditEvent.id)
    )
    mails = db.session.scalars(
        select(OutboundEmail)
        .where(OutboundEmail.to_address == user.email)
        .order_by(OutboundEmail.id)
    )
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "account": account,
        "sessions": [
            {"created_at": _when(s.created_at), "ended_at": _when(s.ended_at)} for s in sessions
        ],
        "audit_log": [
            {
                "at": _when(e.occurred_at),
                "action": e.action,
                "object": f"{e.object_type} {e.object_id}",
                "summary": e.summary,
            }
            for e in events
        ],
        "emails": [
            {
                "created_at": _when(m.created_at),
                "subject": m.subject,
                "status": str(m.status),
                "sent_at": _when(m.sent_at),
            }
            for m in mails
        ],
    }
    for name, exporter in current_app.extensions.get(_EXPORTERS, []):
        data[name] = exporter(user)
    return data


def export_for_download(user: User, *, actor: User | None, now: datetime) -> dict[str, Any]:
    """The export, with an audit entry that it was made and by whom (not what it holds)."""
    data = export_user(user)
    audit.record(actor, "user.exported", user, now=now, summary=f"#{user.id}")
    return data


# -- erasure --------------------------------------------------------------------------------


def erase_user(user: User, *, actor: User | None, now: datetime) -> User:
    """Anonymise the account: name, address, password, roles, sessions, its mail and its
    traces in the audit log. The new audit entry says it happened, not what was erased."""
    if user.anonymised_at is not None:
        return user
    if actor is not None and actor.id == user.id:
        raise ValidationFailed(N_("You cannot erase your own account."))
    old_email, old_name = user.email, user.name
    privacy.erase_outbox(OutboundEmail.to_address.in_({old_email, old_email.lower()}))
    for eraser in current_app.extensions.get(_ERASERS, []):
        eraser(user, old_email, old_name, now)
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    for membership in list(user.memberships):
        user.memberships.remove(membership)
    user.email = anonymous_address(user)
    user.name = anonymous_name(user)
    user.password_hash = hash_password(secrets.token_urlsafe(32))
    user.session_token = secrets.token_urlsafe(32)
    user.active = False
    user.last_login_at = None
    user.inactivity_warned_at = None
    user.sso_issuer = user.sso_subject = None
    user.anonymised_at = now
    db.session.flush()
    privacy.scrub_audit((old_email, old_name), anonymous_name(user))
    audit.record(actor, "user.erased", user, now=now, summary=f"#{user.id}")
    return user


# -- inactive accounts ----------------------------------------------------------------------


def _last_seen(user: User) -> datetime:
    return user.last_login_at or user.created_at


def _candidates() -> list[User]:
    admins = select(Membership.user_id).where(Membership.role == Role.ADMIN)
    return list(
        db.session.scalars(select(User).where(User.anonymised_at.is_(None), User.id.not_in(admins)))
    )


def _warned_since_last_seen(user: User) -> bool:
    warned = user.inactivity_warned_at
    return warned is not None and warned >= _last_seen(user)


def purge_inactive_users(now: datetime) -> dict[str, int]:
    """Warn, deactivate and anonymise accounts nobody has logged in to for long.

    An account is warned by e-mail ``USER_INACTIVE_WARNING_DAYS`` before it would be
    deactivated, and deactivated only once that warning is that old (a log-in in between
    starts again). Administrators' accounts are left alone: they are never locked out.
    """
    config = current_app.config
    deactivate_after = timedelta(days=int(config["USER_INACTIVE_DEACTIVATE_DAYS"]))
    anonymise_after = timedelta(days=int(config["USER_INACTIVE_ANONYMISE_DAYS"]))
    notice = timedelta(days=int(config["USER_INACTIVE_WARNING_DAYS"]))
    counts = {"warned": 0, "deactivated": 0, "anonymised": 0}
    for user in _candidates():
        idle = now - _last_seen(user)
        if idle >= anonymise_after and not user.active:
            erase_user(user, actor=None, now=now)
            counts["anonymised"] += 1
        elif user.active and idle >= deactivate_after - notice:
            if not _warned_since_last_seen(user):
                deactivate_on = max(_last_seen(user) + deactivate_after, now + notice)
                _warn(user, deactivate_on=deactivate_on, now=now)
                counts["warned"] += 1
            elif idle >= deactivate_after and now - user.inactivity_warned_at >= notice:  # type: ignore[operator]
                _deactivate(user, now=now)
                counts["deactivated"] += 1
    return counts


def _warn(user: User, *, deactivate_on: datetime, now: datetime) -> None:
    queue_templated_email(
        user,
        "account_inactive_warning",
        {"deactivate_on": deactivate_on},
        now=now,
        dedup_key=f"account-inactive:{user.id}:{now.date().isoformat()}",
        related=user,
    )
    user.inactivity_warned_at = now
    db.session.flush()
    audit.record(None, "user.inactivity_warned", user, now=now, summary=f"#{user.id}")


def _deactivate(user: User, *, now: datetime) -> None:
    from core.services.sessions import end_all_sessions

    user.active = False
    db.session.flush()
    audit.record(
        None,
        "user.deactivated",
        user,
        now=now,
        summary=f"#{user.id}",
        changes={"active": {"old": True, "new": False}},
    )
    end_all_sessions(user, actor=None, now=now, reason="inactive")
