"""Models of consultee responses: one response per body per hearing, and its versions.

A :class:`Response` is the body's shared draft (edited by every member, guarded by the
``edit_version`` counter) plus the state from ``workflow.ResponseState``. Submitting copies
the draft rows into a new :class:`ResponseVersion` with its own rows, its receipt number,
its canonical JSON and that text's SHA-256; a version is never changed afterwards (only
marked superseded or withdrawn). Assessments, proposals and attachments belong either to
the draft (``response_id``) or to one version (``version_id``), never both.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import utcnow
from core.extensions import db
from core.models import User
from core.types import UTCDateTime
from hearing.models.hearings import Consultee, Hearing
from hearing.proposals import ProposalKind
from hearing.workflow import ResponseState


class Assessment(StrEnum):
    COVERS = "covers"
    PARTLY = "partly"
    NOT_COVERED = "not_covered"
    NO_OPINION = "no_opinion"


class Channel(StrEnum):
    SYSTEM = "system"  # submitted in this system by a member of the body
    LETTER = "letter"  # registered by the secretariat
    EMAIL = "email"  # registered by the secretariat


def _values(enum: type[StrEnum]) -> str:
    return ", ".join(f"'{v.value}'" for v in enum)


_DRAFT_XOR_VERSION = "(response_id IS NULL) != (version_id IS NULL)"
_CONFIDENTIAL_REASON = "confidential = (confidential_reason IS NOT NULL)"


class Response(db.Model):  # type: ignore[name-defined,misc]
    """The body's response to one hearing: the shared draft and its state."""

    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(
        ForeignKey("hearings.id", ondelete="CASCADE"), index=True
    )
    consultee_id: Mapped[int] = mapped_column(
        ForeignKey("consultees.id", ondelete="CASCADE"), unique=True
    )
    state: Mapped[ResponseState] = mapped_column(String(20), default=ResponseState.DRAFT)
    general_remarks: Mapped[str] = mapped_column(Text, default="")
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    confidential_reason: Mapped[str | None] = mapped_column(Text)
    # The number of versions ever frozen: the next receipt's sequence, read under a row lock.
    receipt_sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Optimistic locking: every change to the draft adds one; a form carries it.
    edit_version: Mapped[int] = mapped_column(Integer, default=1)

    hearing: Mapped[Hearing] = relationship()
    consultee: Mapped[Consultee] = relationship()
    last_edited_by: Mapped[User | None] = relationship(foreign_keys=[last_edited_by_id])
    assessments: Mapped[list[CoverageAssessment]] = relationship(
        back_populates="response",
        cascade="all, delete-orphan",
        order_by="CoverageAssessment.position",
    )
    proposals: Mapped[list[Proposal]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="Proposal.position"
    )
    attachments: Mapped[list[ResponseAttachment]] = relationship(
        back_populates="response",
        cascade="all, delete-orphan",
        order_by="ResponseAttachment.position",
    )
    versions: Mapped[list[ResponseVersion]] = relationship(
        back_populates="response", order_by="ResponseVersion.number"
    )

    __table_args__ = (
        CheckConstraint(f"state IN ({_values(ResponseState)})", name="state"),
        CheckConstraint(_CONFIDENTIAL_REASON, name="confidential_reason"),
        CheckConstraint("receipt_sequence >= 0", name="receipt_sequence"),
    )
    # Raised by the services on every change to the draft (not by SQLAlchemy), and checked
    # by SQLAlchemy on every UPDATE of the row.
    __mapper_args__ = {"version_id_col": edit_version, "version_id_generator": False}

    @property
    def current_version(self) -> ResponseVersion | None:
        """The submitted version that counts: not superseded, not withdrawn."""
        return next((v for v in reversed(self.versions) if v.is_current), None)

    def __repr__(self) -> str:
        return f"<Response {self.id} {self.state}>"


class ResponseVersion(db.Model):  # type: ignore[name-defined,misc]
    """One submitted (or registered) version: frozen, with receipt and hash."""

    __tablename__ = "response_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)  # received, for a registration
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    channel: Mapped[Channel] = mapped_column(String(10), default=Channel.SYSTEM)
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    accepted_reason: Mapped[str | None] = mapped_column(Text)
    no_remarks: Mapped[bool] = mapped_column(Boolean, default=False)
    general_remarks: Mapped[str] = mapped_column(Text, default="")
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    confidential_reason: Mapped[str | None] = mapped_column(Text)
    # Secret salt of the whole response's digest when it is confidential (docs/responses.md).
    confidential_salt: Mapped[str | None] = mapped_column(String(32))
    catalogue_version_number: Mapped[int] = mapped_column(Integer)
    receipt_number: Mapped[str] = mapped_column(String(120), unique=True)
    canonical_json: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    superseded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("response_versions.id", ondelete="SET NULL")
    )
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    response: Mapped[Response] = relationship(back_populates="versions")
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    registered_by: Mapped[User | None] = relationship(foreign_keys=[registered_by_id])
    withdrawn_by: Mapped[User | None] = relationship(foreign_keys=[withdrawn_by_id])
    superseded_by: Mapped[ResponseVersion | None] = relationship(remote_side=[id])
    assessments: Mapped[list[CoverageAssessment]] = relationship(
        back_populates="version", order_by="CoverageAssessment.position"
    )
    proposals: Mapped[list[Proposal]] = relationship(
        back_populates="version", order_by="Proposal.position"
    )
    attachments: Mapped[list[ResponseAttachment]] = relationship(
        back_populates="version", order_by="ResponseAttachment.position"
    )

    __table_args__ = (
        UniqueConstraint("response_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint(f"channel IN ({_values(Channel)})", name="channel"),
        CheckConstraint(
            "(channel = 'system') = (registered_by_id IS NULL AND registered_at IS NULL)",
            name="registered_iff_not_system",
        ),
        CheckConstraint(
            "channel != 'system' OR submitted_by_id IS NOT NULL", name="system_has_submitter"
        ),
        CheckConstraint("late = (accepted_reason IS NOT NULL)", name="late_iff_reason"),
        CheckConstraint("channel != 'system' OR NOT late", name="system_never_late"),
        CheckConstraint(_CONFIDENTIAL_REASON, name="confidential_reason"),
        CheckConstraint("confidential = (confidential_salt IS NOT NULL)", name="confidential_salt"),
        CheckConstraint(
            "(superseded_at IS NULL) = (superseded_by_id IS NULL)", name="superseded_iff"
        ),
        CheckConstraint("(withdrawn_at IS NULL) = (withdrawn_by_id IS NULL)", name="withdrawn_iff"),
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
    )

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None and self.withdrawn_at is None

    @property
    def is_registered(self) -> bool:
        return self.channel != Channel.SYSTEM

    def __repr__(self) -> str:
        return f"<ResponseVersion {self.receipt_number}>"


class CoverageAssessment(db.Model):  # type: ignore[name-defined,misc]
    """The body's assessment of one goal of the consulted catalogue version."""

    __tablename__ = "response_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("response_versions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    goal_code: Mapped[str] = mapped_column(String(20))
    assessment: Mapped[Assessment | None] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    confidential_reason: Mapped[str | None] = mapped_column(Text)
    salt: Mapped[str | None] = mapped_column(String(32))

    response: Mapped[Response | None] = relationship(back_populates="assessments")
    version: Mapped[ResponseVersion | None] = relationship(back_populates="assessments")

    __table_args__ = (
        UniqueConstraint("response_id", "goal_code"),
        UniqueConstraint("version_id", "goal_code"),
        CheckConstraint(_DRAFT_XOR_VERSION, name="draft_xor_version"),
        CheckConstraint(
            f"assessment IS NULL OR assessment IN ({_values(Assessment)})", name="assessment"
        ),
        CheckConstraint(_CONFIDENTIAL_REASON, name="confidential_reason"),
    )


class Proposal(db.Model):  # type: ignore[name-defined,misc]
    """A typed proposal: add a success criterion or an indicator, change or remove one, other."""

    __tablename__ = "response_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("response_versions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[ProposalKind] = mapped_column(String(30))
    target_goal_code: Mapped[str | None] = mapped_column(String(20))
    target_indicator_code: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")  # criterion text, change, or proposal
    target_value: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    target_period: Mapped[str | None] = mapped_column(String(7))  # "2010-H2"
    decision_reference: Mapped[str | None] = mapped_column(String(100))
    decision_date: Mapped[date | None] = mapped_column(Date)
    name: Mapped[str | None] = mapped_column(String(300))
    definition: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(String(20))
    direction: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str | None] = mapped_column(String(300))
    justification: Mapped[str] = mapped_column(Text, default="")
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    confidential_reason: Mapped[str | None] = mapped_column(Text)
    salt: Mapped[str | None] = mapped_column(String(32))
    # Counts edits of a draft proposal: its form carries it (stale edits are refused).
    revision: Mapped[int] = mapped_column(Integer, default=1)

    response: Mapped[Response | None] = relationship(back_populates="proposals")
    version: Mapped[ResponseVersion | None] = relationship(back_populates="proposals")

    __table_args__ = (
        CheckConstraint(_DRAFT_XOR_VERSION, name="draft_xor_version"),
        CheckConstraint(f"kind IN ({_values(ProposalKind)})", name="kind"),
        CheckConstraint("direction IS NULL OR direction IN (1, -1)", name="direction"),
        CheckConstraint(_CONFIDENTIAL_REASON, name="confidential_reason"),
        Index("ix_response_proposals_target", "target_goal_code", "target_indicator_code"),
    )


class ResponseAttachment(db.Model):  # type: ignore[name-defined,misc]
    """A PDF attached to a response (or a registered response's scanned letter).

    A version's row points at the same stored file as the draft row it was copied from;
    the file is removed only when no row refers to it any more.
    """

    __tablename__ = "response_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("response_versions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    stored_name: Mapped[str] = mapped_column(String(64), index=True)
    original_name: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    confidential_reason: Mapped[str | None] = mapped_column(Text)
    salt: Mapped[str | None] = mapped_column(String(32))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    response: Mapped[Response | None] = relationship(back_populates="attachments")
    version: Mapped[ResponseVersion | None] = relationship(back_populates="attachments")

    __table_args__ = (
        CheckConstraint(_DRAFT_XOR_VERSION, name="draft_xor_version"),
        CheckConstraint(_CONFIDENTIAL_REASON, name="confidential_reason"),
        CheckConstraint("size > 0", name="size_positive"),
    )
