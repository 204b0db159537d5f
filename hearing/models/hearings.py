"""Models of ``hearing``: hearings, their questions, hearing list and annexes.

Models hold columns, relationships and derived read-only properties; every write lives in
``hearing.services``. The rules (states, transitions, deadlines) live in the pure module
``hearing.workflow``; check constraints here keep "set if and only if in state X" columns
honest in the database too.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

import barometer.services.version_lock  # noqa: F401 - registers the version lock and its guard
from barometer.models import CatalogueVersion
from core.clock import utcnow
from core.extensions import db
from core.models import Body, User
from core.types import UTCDateTime
from hearing.workflow import HearingState, accepts_answers, effective_deadline, hearing_state_at


class QuestionKind(StrEnum):
    COVERAGE = "coverage"  # per goal: do the indicators cover it?
    PROPOSALS = "proposals"  # proposals: add a success criterion, change an indicator ...
    FREE_TEXT = "free_text"


class AnnexKind(StrEnum):
    OVERVIEW_TABLE = "overview_table"  # generated from the consulted catalogue version
    UPLOAD = "upload"


_STATE_VALUES = ", ".join(f"'{s.value}'" for s in HearingState)
_AFTER_OPEN = ", ".join(f"'{s.value}'" for s in HearingState if s is not HearingState.DRAFT)
# A cancelled hearing was cancelled while open or closed, so it may have a closing time.
_AFTER_CLOSED = ", ".join(
    f"'{s.value}'"
    for s in HearingState
    if s not in (HearingState.DRAFT, HearingState.OPEN, HearingState.CANCELLED)
)


class Hearing(db.Model):  # type: ignore[name-defined,misc]
    """A consultation on one catalogue version: letter, questions, hearing list, deadline."""

    __tablename__ = "hearings"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(50), unique=True)  # "BIU 227/2006"
    title: Mapped[str] = mapped_column(String(300))
    issuing_body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("catalogue_versions.id"), index=True)
    letter_text: Mapped[str] = mapped_column(Text, default="")  # Markdown
    reply_body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    signatory_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signatory_title: Mapped[str] = mapped_column(String(200), default="")
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    state: Mapped[HearingState] = mapped_column(String(20), default=HearingState.DRAFT)
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cancellation_reason: Mapped[str | None] = mapped_column(Text)  # shown on the public page
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    # Personal data (docs/privacy.md): the day it goes, when set by the secretariat (else
    # HEARING_RETENTION_DAYS after the decision), and when it went.
    retention_until: Mapped[date | None] = mapped_column(Date)
    personal_data_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    issuing_body: Mapped[Body] = relationship(foreign_keys=[issuing_body_id])
    reply_body: Mapped[Body] = relationship(foreign_keys=[reply_body_id])
    version: Mapped[CatalogueVersion] = relationship()
    signatory: Mapped[User] = relationship(foreign_keys=[signatory_id])
    questions: Mapped[list[HearingQuestion]] = relationship(
        back_populates="hearing",
        order_by="HearingQuestion.position",
        cascade="all, delete-orphan",
    )
    consultees: Mapped[list[Consultee]] = relationship(
        back_populates="hearing", cascade="all, delete-orphan"
    )
    annexes: Mapped[list[Annex]] = relationship(
        back_populates="hearing", order_by="Annex.number", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint(f"state IN ({_STATE_VALUES})", name="state"),
        CheckConstraint(f"(state IN ({_AFTER_OPEN})) = (issued_at IS NOT NULL)", name="issued_iff"),
        CheckConstraint(
            f"state = 'cancelled' OR (state IN ({_AFTER_CLOSED})) = (closed_at IS NOT NULL)",
            name="closed_by_state",
        ),
        CheckConstraint(
            "(state = 'cancelled') = (cancelled_at IS NOT NULL)"
            " AND (cancelled_at IS NULL) = (cancellation_reason IS NULL)",
            name="cancelled_iff",
        ),
        CheckConstraint(
            "(state IN ('decided', 'archived')) = (decided_at IS NOT NULL)", name="decided_iff"
        ),
    )
    __mapper_args__ = {"version_id_col": lock_version}

    def state_at(self, now: datetime) -> HearingState:
        """The state at ``now``: open with every deadline passed reads as closed, saved or not."""
        extensions = [c.extension_until for c in self.consultees]
        return hearing_state_at(self.state, self.deadline, extensions, now)

    @property
    def current_state(self) -> HearingState:
        """The state to show and check now (see :meth:`state_at`)."""
        return self.state_at(utcnow())

    @property
    def is_draft(self) -> bool:
        return self.state == HearingState.DRAFT

    @property
    def is_cancelled(self) -> bool:
        return self.state == HearingState.CANCELLED

    @property
    def is_open(self) -> bool:
        return self.current_state == HearingState.OPEN

    def __repr__(self) -> str:
        return f"<Hearing {self.reference} {self.state}>"


class HearingQuestion(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "hearing_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(
        ForeignKey("hearings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[QuestionKind] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)

    hearing: Mapped[Hearing] = relationship(back_populates="questions")

    __table_args__ = (
        UniqueConstraint("hearing_id", "position"),
        CheckConstraint("kind IN ('coverage', 'proposals', 'free_text')", name="kind"),
    )


class Consultee(db.Model):  # type: ignore[name-defined,misc]
    """A body on the hearing list, with its own extension when it was given one."""

    __tablename__ = "consultees"

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(
        ForeignKey("hearings.id", ondelete="CASCADE"), index=True
    )
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    added_after_issue: Mapped[bool] = mapped_column(Boolean, default=False)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    extension_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    extension_reason: Mapped[str | None] = mapped_column(Text)
    extension_granted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the first version is frozen (hearing.services.frozen_versions.receipt_code_for).
    receipt_code: Mapped[str | None] = mapped_column(String(160), unique=True, index=True)

    hearing: Mapped[Hearing] = relationship(back_populates="consultees")
    body: Mapped[Body] = relationship(lazy="joined")
    reminders: Mapped[list[ReminderSent]] = relationship(
        back_populates="consultee", cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("hearing_id", "body_id"),
        CheckConstraint(
            "(extension_until IS NULL) = (extension_reason IS NULL)", name="extension_reason"
        ),
    )

    @property
    def effective_deadline(self) -> datetime:
        return effective_deadline(self.hearing.deadline, self.extension_until)

    def accepts_answers(self, now: datetime) -> bool:
        """Whether this body may still submit, change, amend or withdraw its response."""
        hearing = self.hearing
        return accepts_answers(hearing.state, hearing.deadline, self.extension_until, now)

    @property
    def is_extended(self) -> bool:
        return self.extension_until is not None


class ReminderSent(db.Model):  # type: ignore[name-defined,misc]
    """One reminder, sent once per body, "days before" and effective deadline.

    The deadline is part of the key: an extension starts a new schedule, and running
    ``send-reminders`` twice never sends the same reminder twice.
    """

    __tablename__ = "hearing_reminders_sent"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultee_id: Mapped[int] = mapped_column(
        ForeignKey("consultees.id", ondelete="CASCADE"), index=True
    )
    days_before: Mapped[int] = mapped_column(Integer)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)

    consultee: Mapped[Consultee] = relationship(back_populates="reminders")

    __table_args__ = (UniqueConstraint("consultee_id", "days_before", "deadline"),)


class Annex(db.Model):  # type: ignore[name-defined,misc]
    """An annex (bilag): the generated overview table or an uploaded PDF."""

    __tablename__ = "hearing_annexes"

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(
        ForeignKey("hearings.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[AnnexKind] = mapped_column(String(20))
    # The stored file (uploads; the overview table once generated), never served directly.
    stored_name: Mapped[str | None] = mapped_column(String(64))
    original_name: Mapped[str] = mapped_column(String(200))
    size: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    hearing: Mapped[Hearing] = relationship(back_populates="annexes")

    __table_args__ = (
        UniqueConstraint("hearing_id", "number"),
        CheckConstraint("kind IN ('overview_table', 'upload')", name="kind"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("kind = 'overview_table' OR stored_name IS NOT NULL", name="upload_stored"),
    )
