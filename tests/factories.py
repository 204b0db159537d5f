"""Plain factory functions for test data. They flush; tests commit when they need to."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from itertools import count

from pypdf import PdfWriter

from core.extensions import db
from core.models import Body, BodyKind, Role, User
from core.services import accounts
from core.services.accounts import BodyData, RoleData, UserData

PASSWORD = "correct-horse-battery"


def blank_pdf() -> bytes:
    """A real one-page PDF, small enough for the upload limits tests set."""
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = blank_pdf()
_seq = count(1)
_NOW = datetime(2007, 1, 10, 11, 0, tzinfo=UTC)


def make_body(
    code: str | None = None, kind: BodyKind = BodyKind.COMMITTEE, name_da: str | None = None
) -> Body:
    code = code or f"B{next(_seq)}"
    return accounts.create_body(
        BodyData(code, kind, name_da or f"Udvalg {code}", f"Committee {code}"),
        actor=None,
        now=_NOW,
    )


def make_user(
    email: str | None = None,
    *,
    role: Role | None = None,
    body: Body | None = None,
    name: str | None = None,
    password: str = PASSWORD,
    locale: str = "da",
    active: bool = True,
) -> User:
    email = email or f"user{next(_seq)}@example.dk"
    roles = (RoleData(role, body.id if body else None),) if role else ()
    return accounts.create_user(
        UserData(email, name or email.split("@")[0].title(), locale, active, roles),
        password,
        actor=None,
        now=_NOW,
    )


def make_admin(email: str = "admin@example.dk") -> User:
    return make_user(email, role=Role.ADMIN, name="Anne Admin")


def make_secretariat(email: str = "sek@example.dk") -> User:
    return make_user(email, role=Role.SECRETARIAT, name="Søren Sekretær")


def make_member(body: Body | None = None, email: str | None = None) -> User:
    body = body or make_body()
    return make_user(email, role=Role.MEMBER, body=body)


def make_data_contact(body: Body | None = None, email: str | None = None) -> User:
    body = body or make_body(kind=BodyKind.ADMINISTRATION)
    return make_user(email, role=Role.DATA_CONTACT, body=body)


def commit() -> None:
    db.session.commit()
