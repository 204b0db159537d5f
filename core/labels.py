"""Translated labels for the enumerations of ``core``."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from core import audit_labels
from core.models import BodyKind, Role

ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.SECRETARIAT: _l("Secretariat"),
    Role.MEMBER: _l("Member"),
    Role.DATA_CONTACT: _l("Data contact"),
}

BODY_KIND_LABELS = {
    BodyKind.COMMITTEE: _l("Committee"),
    BodyKind.COUNCIL: _l("Council"),
    BodyKind.ADMINISTRATION: _l("Administration"),
    BodyKind.SECRETARIAT: _l("Secretariat"),
}


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(Role(role), role))


def body_kind_label(kind: str) -> str:
    return str(BODY_KIND_LABELS.get(BodyKind(kind), kind))


AUDIT_ACTIONS = {
    "user.created": _l("User created"),
    "user.updated": _l("User changed"),
    "user.deactivated": _l("User deactivated"),
    "user.password_changed": _l("Password changed"),
    "user.logged_in": _l("Logged in"),
    "user.logged_out": _l("Logged out"),
    "user.sessions_ended": _l("Sessions ended"),
    "body.created": _l("Body created"),
    "body.updated": _l("Body changed"),
    "body.deactivated": _l("Body deactivated"),
}
AUDIT_FIELDS = {
    "name": _l("Name"),
    "email": _l("E-mail"),
    "active": _l("Active"),
    "locale": _l("Language"),
    "roles": _l("Roles"),
    "memberships": _l("Bodies"),
    "state": _l("State"),
}


def init_app(app: Flask) -> None:
    audit_labels.register(app, actions=AUDIT_ACTIONS, fields=AUDIT_FIELDS)
    app.jinja_env.globals.update(
        role_label=role_label,
        body_kind_label=body_kind_label,
        audit_action_label=audit_labels.action_label,
        audit_field_label=audit_labels.field_label,
    )
