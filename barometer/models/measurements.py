"""Measurement periods, measurements with their corrections, and assessments.

A measurement belongs to an indicator's **code**, not to one catalogue version's row:
codes are stable across versions, so a value entered under version 1 still counts when
version 2 is approved. There is one current ``Measurement`` per (code, period); every
change of an existing value adds a ``MeasurementCorrection`` (old value, new value,
reason, who, when), an append-only history that nothing updates or deletes.

A measurement may hold no value at all, with a note saying why (an annual survey has no
first-half figure): the reading shows such an indicator as grey with that reason.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from barometer.period import Period
from core.clock import utcnow
from core.errors import N_, DomainError
from core.extensions import db
from core.models import User
from core.types import UTCDateTime

__all__ = [
    "Assessment",
    "AssessmentState",
    "CorrectionsAreAppendOnly",
    "Measurement",
    "MeasurementCorrection",
    "MeasurementPeriod",
    "PeriodState",
]

Value = Numeric(18, 4)


class PeriodState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class AssessmentState(StrEnum):
    DRAFT = "draft"
    FINAL = "final"


class MeasurementPeriod(db.Model):  # type: ignore[name-defined,misc]
    """A half-year such as ``2007-H1`` with its collection deadline (an instant, UTC)."""

    __tablename__ = "measurement_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(7), unique=True)
    collection_deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[PeriodState] = mapped_column(String(10), default=PeriodState.OPEN)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    opened_by: Mapped[User | None] = relationship(foreign_keys=[opened_by_id])

    __table_args__ = (
        CheckConstraint("state IN ('open', 'closed')", name="state"),
        CheckConstraint(
            "(state = 'closed') = (closed_at IS NOT NULL)", name="closed_at_iff_closed"
        ),
    )
    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def period(self) -> Period:
        return Period.parse(self.code)

    @property
    def is_open(self) -> bool:
        return self.state == PeriodState.OPEN

    def label(self, locale: str = "da") -> str:
        return self.period.label(locale)

    def __repr__(self) -> str:
        return f"<MeasurementPeriod {self.code} {self.state}>"


class Measurement(db.Model):  # type: ignore[name-defined,misc]
    """The current value of one indicator code for one period."""

    __tablename__ = "measurements"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_code: Mapped[str] = mapped_column(String(20), index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("measurement_periods.id"), index=True)
    value: Mapped[Decimal | None] = mapped_column(Value)
    note: Mapped[str] = mapped_column(Text, default="")
    note_en: Mapped[str] = mapped_column(Text, default="", server_default="")  # optional
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(300), default="")
    source_en: Mapped[str] = mapped_column(String(300), default="", server_default="")
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    period: Mapped[MeasurementPeriod] = relationship()
    entered_by: Mapped[User | None] = relationship(foreign_keys=[entered_by_id])
    corrections: Mapped[list[MeasurementCorrection]] = relationship(
        back_populates="measurement", order_by="MeasurementCorrection.id"
    )

    __table_args__ = (
        UniqueConstraint("indicator_code", "period_id"),
        # No value is allowed only with the reason why.
        CheckConstraint("value IS NOT NULL OR note <> ''", name="reason_when_no_value"),
    )
    __mapper_args__ = {"version_id_col": lock_version}

    def __repr__(self) -> str:
        return f"<Measurement {self.indicator_code} {self.period_id}: {self.value}>"


class MeasurementCorrection(db.Model):  # type: ignore[name-defined,misc]
    """One correction of an existing measurement: append-only."""

    __tablename__ = "measurement_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    measurement_id: Mapped[int] = mapped_column(ForeignKey("measurements.id"), index=True)
    old_value: Mapped[Decimal | None] = mapped_column(Value)
    new_value: Mapped[Decimal | None] = mapped_column(Value)
    old_provisional: Mapped[bool] = mapped_column(Boolean)
    new_provisional: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(Text)
    corrected_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    corrected_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    measurement: Mapped[Measurement] = relationship(back_populates="corrections")
    corrected_by: Mapped[User | None] = relationship(foreign_keys=[corrected_by_id])

    __table_args__ = (CheckConstraint("reason <> ''", name="reason_required"),)


class Assessment(db.Model):  # type: ignore[name-defined,misc]
    """The administration's assessment of how the reading of a focus area could improve.

    Belongs to a period and a focus area **code** (stable across catalogue versions);
    the text is Markdown, rendered through ``core.markdown.render_markdown``.
    """

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("measurement_periods.id"), index=True)
    focus_area_code: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    text_en: Mapped[str] = mapped_column(Text, default="", server_default="")  # optional
    state: Mapped[AssessmentState] = mapped_column(String(10), default=AssessmentState.DRAFT)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    period: Mapped[MeasurementPeriod] = relationship()
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])

    __table_args__ = (
        UniqueConstraint("period_id", "focus_area_code"),
        CheckConstraint("state IN ('draft', 'final')", name="state"),
    )
    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def is_final(self) -> bool:
        return self.state == AssessmentState.FINAL


class CorrectionsAreAppendOnly(DomainError):
    pass


@event.listens_for(Session, "before_flush")
def _refuse_correction_changes(session: Session, flush_context: object, instances: object) -> None:
    """The history of corrections is kept as written."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, MeasurementCorrection) and (
            obj in session.deleted or session.is_modified(obj)
        ):
            raise CorrectionsAreAppendOnly(N_("The history of corrections cannot be changed."))
