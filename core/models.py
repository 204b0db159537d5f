"""Users, bodies, memberships and the audit log.

Models hold columns, relationships and derived read-only properties; every write
lives in ``core.services``.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum
from typing import Any

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import utcnow
from core.extensions import db
from core.job_models import Job, JobState  # noqa: F401 - long work and its progress
from core.mail_models import EmailStatus, OutboundEmail  # noqa: F401 - the outbox, re-exported
from core.subscription_models import Subscriber, Topic  # noqa: F401 - readers told of news
from core.types import UTCDateTime


class BodyKind(StrEnum):
    COMMITTEE = "committee"
    COUNCIL = "council"
    ADMINISTRATION = "administration"
    SECRETARIAT = "secretariat"


class Role(StrEnum):
    ADMIN = "admin"
    SECRETARIAT = "secretariat"
    MEMBER = "member"  # consultee member of a committee or council
    DATA_CONTACT = "data_contact"  # enters measurements for an administration


# Roles that only make sense together with a body.
BODY_ROLES = frozenset({Role.MEMBER, Role.DATA_CONTACT})


class Body(db.Model):  # type: ignore[name-defined,misc]
    """A committee, the Integration Council, an administration or the secretariat."""

    __tablename__ = "bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[BodyKind] = mapped_column(String(20))
    name_da: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    # An administration reports to a committee (BIF to BIU).
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    committee: Mapped[Body | None] = relationship(remote_side=[id])
    memberships: Mapped[list[Membership]] = relationship(back_populates="body")

    __table_args__ = (
        CheckConstraint(
            "kind IN ('committee', 'council', 'administration', 'secretariat')", name="kind"
        ),
    )
    __mapper_args__ = {"version_id_col": version}

    def name(self, locale: str = "da") -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_da

    def __repr__(self) -> str:
        return f"<Body {self.code}>"


class User(UserMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(5), default="da")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of the log-in cookie: changing it (new password, deactivation, log-out
    # everywhere) ends every session of the user.
    session_token: Mapped[str] = mapped_column(
        String(64), default=lambda: secrets.token_urlsafe(32)
    )
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Single sign-on: the identity provider's issuer and its stable subject for the person.
    sso_issuer: Mapped[str | None] = mapped_column(String(255))
    sso_subject: Mapped[str | None] = mapped_column(String(255))
    # Inactive accounts (docs/privacy.md): warned before deactivation, later anonymised.
    inactivity_warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    __table_args__ = (
        CheckConstraint("locale IN ('da', 'en')", name="locale"),
        CheckConstraint("(sso_issuer IS NULL) = (sso_subject IS NULL)", name="sso_identity"),
        UniqueConstraint("sso_issuer", "sso_subject"),
    )
    __mapper_args__ = {"version_id_col": version}

    # Flask-Login
    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    # Roles, read-only
    def has_role(self, role: Role, body: Body | None = None) -> bool:
        return any(
            m.role == role and (body is None or m.body_id == body.id) for m in self.memberships
        )

    @property
    def is_admin(self) -> bool:
        return self.has_role(Role.ADMIN)

    @property
    def is_secretariat(self) -> bool:
        return self.has_role(Role.SECRETARIAT)

    def bodies_with_role(self, role: Role) -> list[Body]:
        return [m.body for m in self.memberships if m.role == role and m.body is not None]

    @property
    def member_bodies(self) -> list[Body]:
        return self.bodies_with_role(Role.MEMBER)

    @property
    def data_contact_bodies(self) -> list[Body]:
        return self.bodies_with_role(Role.DATA_CONTACT)

    @property
    def roles(self) -> set[Role]:
        return {Role(m.role) for m in self.memberships}

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class Membership(db.Model):  # type: ignore[name-defined,misc]
    """A role held by a user, in a body where the role needs one."""

    __tablename__ = "memberships"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(String(20))
    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Given at a single sign-on by the group table: taken away when the group no longer
    # gives it. A role given by hand is never taken away by a log-in.
    granted_by_sso: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    user: Mapped[User] = relationship(back_populates="memberships")
    body: Mapped[Body | None] = relationship(back_populates="memberships", lazy="joined")

    __table_args__ = (
        UniqueConstraint("user_id", "role", "body_id"),
        CheckConstraint("role IN ('admin', 'secretariat', 'member', 'data_contact')", name="role"),
        # A member or data contact always belongs to a body; admin and secretariat never do.
        CheckConstraint(
            "(role IN ('member', 'data_contact')) = (body_id IS NOT NULL)", name="body_iff_role"
        ),
    )


class SsoGroupMapping(db.Model):  # type: ignore[name-defined,misc]
    """A group of the identity provider that gives a role (in a body, where the role needs
    one) at each single sign-on."""

    __tablename__ = "sso_group_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_name: Mapped[str] = mapped_column(String(255), index=True)
    role: Mapped[Role] = mapped_column(String(20))
    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    body: Mapped[Body | None] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("group_name", "role", "body_id"),
        CheckConstraint("role IN ('admin', 'secretariat', 'member', 'data_contact')", name="role"),
        CheckConstraint(
            "(role IN ('member', 'data_contact')) = (body_id IS NOT NULL)", name="body_iff_role"
        ),
    )


class UserSession(db.Model):  # type: ignore[name-defined,misc]
    """One log-in: live until log-out, a forced end or the absolute lifetime.

    The browser holds a random key; the table keeps only its SHA-256, so reading the
    table does not give anyone a way in.
    """

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditEvent(db.Model):  # type: ignore[name-defined,misc]
    """Append-only: who did what to which object, when, and which fields changed."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # Kept as text so the entry reads the same if the user is renamed.
    actor_label: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(80), index=True)
    object_type: Mapped[str] = mapped_column(String(80))
    object_id: Mapped[str] = mapped_column(String(80))
    summary: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship(lazy="joined")

    __table_args__ = (Index("ix_audit_events_object", "object_type", "object_id"),)
