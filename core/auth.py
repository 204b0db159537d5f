"""Log-in plumbing: loading the user from the session and starting a fresh session."""

from __future__ import annotations

import hmac

from flask import session
from flask_login import login_user

from core.extensions import db
from core.models import User


def load_user(user_id: str) -> User | None:
    """The cookie holds ``id:session_token``; a changed token (new password) ends the session."""
    ident, _, token = user_id.partition(":")
    if not ident.isdigit() or not token:
        return None
    user = db.session.get(User, int(ident))
    if user is None or not user.active or not hmac.compare_digest(user.session_token, token):
        return None
    return user


def start_session(user: User) -> None:
    """Renew the session at log-in so that nothing from before it carries over."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    session.permanent = True
    login_user(user)
