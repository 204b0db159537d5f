"""Translated labels for the enumerations of ``core``."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

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


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(role_label=role_label, body_kind_label=body_kind_label)
