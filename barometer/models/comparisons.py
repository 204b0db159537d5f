"""Comparison series: reference figures shown beside an indicator, never judged.

A comparison series belongs to an indicator's **code** (stable across catalogue
versions, like a measurement) and names what it is: the national level ("Hele landet"),
another municipality, or a group such as "de seks største kommuner". Its values are per
half-year period. A comparison series is context only: it never gets a colour or a
status and is never counted in a roll-up; the charts draw it as a neutral dashed line.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import utcnow
from core.extensions import db
from core.models import User
from core.types import UTCDateTime

__all__ = ["ComparisonKind", "ComparisonSeries", "ComparisonValue"]


class ComparisonKind(StrEnum):
    NATIONAL = "national"  # the whole country
    MUNICIPALITY = "municipality"  # another municipality
    GROUP = "group"  # a group of municipalities


class ComparisonSeries(db.Model):  # type: ignore[name-defined,misc]
    """One reference series of an indicator, e.g. "Hele landet" from a Statistics Denmark
    table."""

    __tablename__ = "comparison_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_code: Mapped[str] = mapped_column(String(20), index=True)
    name_da: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[ComparisonKind] = mapped_column(String(20), default=ComparisonKind.MUNICIPALITY)
    source: Mapped[str] = mapped_column(String(300), default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    imported_by: Mapped[User | None] = relationship(foreign_keys=[imported_by_id])
    values: Mapped[list[ComparisonValue]] = relationship(
        back_populates="series", order_by="ComparisonValue.period_code",
        cascade="all, delete-orphan",
    )  # fmt: skip

    __table_args__ = (
        UniqueConstraint("indicator_code", "name_da"),
        CheckConstraint("kind IN ('national', 'municipality', 'group')", name="kind"),
        CheckConstraint("name_da <> ''", name="name_required"),
    )

    def name(self, locale: str = "da") -> str:
        return self.name_en if locale.startswith("en") and self.name_en else self.name_da

    def __repr__(self) -> str:
        return f"<ComparisonSeries {self.indicator_code} {self.name_da}>"


class ComparisonValue(db.Model):  # type: ignore[name-defined,misc]
    """A comparison series' value for one half-year (``2009-H2``)."""

    __tablename__ = "comparison_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(
        ForeignKey("comparison_series.id", ondelete="CASCADE"), index=True
    )
    period_code: Mapped[str] = mapped_column(String(7))
    value: Mapped[Decimal] = mapped_column(Numeric(18, 4))

    series: Mapped[ComparisonSeries] = relationship(back_populates="values")

    __table_args__ = (UniqueConstraint("series_id", "period_code"),)
