"""Translated labels for the enumerations of ``core``."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l

from core import audit_labels, background
from core.extensions import db
from core.models import Body, BodyKind, Role

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
    "user.logged_in_sso": _l("Logged in with the municipality's account"),
    "user.sso_linked": _l("Account linked to the municipality's account"),
    "user.logged_out": _l("Logged out"),
    "user.sessions_ended": _l("Sessions ended"),
    "user.erased": _l("User erased"),
    "user.inactivity_warned": _l("Warned of deactivation for inactivity"),
    "user.exported": _l("Personal data exported"),
    "body.created": _l("Body created"),
    "body.updated": _l("Body changed"),
    "body.deactivated": _l("Body deactivated"),
    "sso_group.added": _l("SSO group added"),
    "sso_group.removed": _l("SSO group removed"),
    "subscription.confirmed": _l("Subscription confirmed"),
    "subscription.ended": _l("Subscription ended"),
    "job.retried": _l("Job retried"),
}
AUDIT_FIELDS = {
    "name": _l("Name"),
    "email": _l("E-mail"),
    "active": _l("Active"),
    "locale": _l("Language"),
    "roles": _l("Roles"),
    "memberships": _l("Bodies"),
    "state": _l("State"),
    "code": _l("Code"),
    "kind": _l("Kind"),
    "name_da": _l("Name in Danish"),
    "name_en": _l("Name in English"),
    "committee_id": _l("Committee"),
    "hearings": _l("New hearings"),
    "editions": _l("New editions"),
    "error": _l("Error"),
}
AUDIT_OBJECT_TYPES = {
    "User": _l("User"),
    "Body": _l("Body"),
    "SsoGroupMapping": _l("SSO group"),
    "Subscriber": _l("Subscriber"),
    "Job": _l("Job"),
}
LANGUAGE_NAMES = {"da": "Dansk", "en": "English"}
# A role as the account service records it: "('member', 3)", the body's id or None.
_ROLE = re.compile(r"^\('(\w+)', (None|\d+)\)$")


def body_code(value: Any) -> str | None:
    """A body's id as its code (the id itself if the body is gone)."""
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        return None
    body = db.session.get(Body, int(value))
    return body.code if body is not None else str(value)


def _role(value: Any) -> str | None:
    match = _ROLE.match(str(value))
    if match is None or match.group(1) not in set(Role):
        return None
    label = role_label(match.group(1))
    return label if match.group(2) == "None" else f"{label} ({body_code(match.group(2))})"


def _body_kind(value: Any) -> str | None:
    return body_kind_label(value) if value in set(BodyKind) else None


AUDIT_VALUES = {
    "roles": _role,
    "kind": _body_kind,
    "locale": lambda value: LANGUAGE_NAMES.get(str(value)),
    "committee_id": body_code,
}


def init_app(app: Flask) -> None:
    audit_labels.register(
        app,
        actions=AUDIT_ACTIONS,
        fields=AUDIT_FIELDS,
        object_types=AUDIT_OBJECT_TYPES,
        values=AUDIT_VALUES,
    )
    app.jinja_env.globals.update(
        role_label=role_label,
        body_kind_label=body_kind_label,
        audit_action_label=audit_labels.action_label,
        audit_field_label=audit_labels.field_label,
        audit_object_label=audit_labels.object_type_label,
        audit_value=audit_labels.value_label,
        audit_value_language=audit_labels.value_language,
        audit_summary=audit_labels.summary_text,
        job_kind_label=background.kind_label,
        job_result_url=background.result_url,
    )
