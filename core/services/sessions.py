"""Log-in sessions kept on the server, so that leaving really ends them.

A session is live from log-in until log-out, a forced end (new password,
deactivation, "log out everywhere") or its absolute lifetime. The browser holds a
random key; the table stores its SHA-256. Ending every session also replaces the
user's ``session_token``, which the log-in cookie carries.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Update, delete, update

from core import audit
from core.clock import ensure_utc
from core.extensions import db
from core.models import User, UserSession


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def open_session(user: User, *, now: datetime, lifetime: timedelta) -> str:
    """Start a session for ``user`` and return the key the browser keeps.

    The user's sessions older than ``lifetime`` are over whatever happened to them;
    their rows go, so the table stays as small as the number of live sessions.
    """
    db.session.execute(
        delete(UserSession).where(
            UserSession.user_id == user.id, UserSession.created_at < now - lifetime
        )
    )
    key = secrets.token_urlsafe(32)
    db.session.add(UserSession(id=_key_hash(key), user_id=user.id, created_at=now))
    db.session.flush()
    return key


def is_live(user: User, key: str, *, now: datetime, lifetime: timedelta) -> bool:
    """True while the session has not ended and is younger than ``lifetime``."""
    row = db.session.get(UserSession, _key_hash(key)) if key else None
    return (
        row is not None
        and row.user_id == user.id
        and row.ended_at is None
        and now - ensure_utc(row.created_at) <= lifetime
    )


def end_session(user: User, key: str, *, now: datetime) -> None:
    """Log-out: end this one session; the user's other sessions go on."""
    if _end(
        update(UserSession).where(UserSession.id == _key_hash(key), UserSession.user_id == user.id),
        now,
    ):
        audit.record(user, "user.logged_out", user, now=now, summary=user.email)


def end_all_sessions(user: User, *, actor: User | None, now: datetime, reason: str) -> int:
    """End every session of ``user`` (``reason``: why, for the audit log); return how many."""
    user.session_token = secrets.token_urlsafe(32)
    ended = _end(update(UserSession).where(UserSession.user_id == user.id), now)
    db.session.flush()
    audit.record(
        actor,
        "user.sessions_ended",
        user,
        now=now,
        summary=f"{user.email}: {reason}",
        changes={"live_sessions": {"old": ended, "new": 0}},
    )
    return ended


def _end(statement: Update, now: datetime) -> int:
    """End the live sessions ``statement`` selects; return how many there were."""
    result = db.session.execute(
        statement.where(UserSession.ended_at.is_(None)).values(ended_at=now)
    )
    return int(getattr(result, "rowcount", 0))
