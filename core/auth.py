"""Log-in plumbing: loading the user from the session, starting and ending sessions.

Each request checks, on the server, that the session has not been ended (log-out,
log-out everywhere, new password, deactivation), is younger than
``SESSION_ABSOLUTE_LIFETIME`` and has been used within ``PERMANENT_SESSION_LIFETIME``.
The idle clock lives in the signed session cookie so that reading a page never writes.
"""

from __future__ import annotations

import hmac
from datetime import datetime

from flask import current_app, session
from flask_login import login_user, logout_user

from core.clock import utcnow
from core.extensions import db
from core.models import User
from core.services import sessions

SESSION_KEY = "session_key"
LAST_SEEN = "last_seen"


def load_user(user_id: str) -> User | None:
    """The cookie holds ``id:session_token`` and the session's key; both must still be live."""
    ident, _, token = user_id.partition(":")
    if not ident.isdigit() or not token:
        return None
    user = db.session.get(User, int(ident))
    if user is None or not user.active or not hmac.compare_digest(user.session_token, token):
        return None
    now = utcnow()
    if not _recently_seen(now) or not sessions.is_live(
        user,
        session.get(SESSION_KEY, ""),
        now=now,
        lifetime=current_app.config["SESSION_ABSOLUTE_LIFETIME"],
    ):
        return None
    session[LAST_SEEN] = now.timestamp()
    return user


def _recently_seen(now: datetime) -> bool:
    seen = session.get(LAST_SEEN)
    idle = current_app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()
    return isinstance(seen, int | float) and now.timestamp() - seen <= idle


def start_session(user: User) -> None:
    """Renew the session at log-in so that nothing from before it carries over.

    The caller commits, so that the new session row is stored.
    """
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    session.permanent = True
    now = utcnow()
    session[SESSION_KEY] = sessions.open_session(
        user, now=now, lifetime=current_app.config["SESSION_ABSOLUTE_LIFETIME"]
    )
    session[LAST_SEEN] = now.timestamp()
    login_user(user)


def end_session(user: User) -> None:
    """Log-out: end this session on the server too, so a copy of the cookie is worthless.

    The caller commits.
    """
    sessions.end_session(user, session.pop(SESSION_KEY, ""), now=utcnow())
    logout_user()
