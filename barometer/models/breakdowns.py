"""Breakdowns: named dimensions (gender, age group, origin, district) with ordered
categories, the dimensions chosen per indicator, and the values per category.

Dimensions and their categories belong to a catalogue **version**, like every other row
of the catalogue: a draft copies them, the diff compares them by code, and an approved
version's dimensions are frozen with it. The values per category, like measurements,
belong to the indicator's **code** and the dimension's and category's codes, so a value
entered under one version still counts under the next.

A category value holds a number, or no number with the reason why: either *suppressed*
(a discretion rule such as "færre end 5" hides a small number) or simply missing. A
suppressed value is never shown or counted as zero.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import utcnow
from core.extensions import db
from core.types import UTCDateTime

__all__ = [
    "BreakdownCategory",
    "BreakdownDimension",
    "CategoryValue",
    "IndicatorBreakdown",
]

Value = Numeric(18, 4)


class BreakdownDimension(db.Model):  # type: ignore[name-defined,misc]
    """A named dimension of a catalogue version, e.g. ``herkomst`` (origin)."""

    __tablename__ = "breakdown_dimensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("catalogue_versions.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))
    name_da: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    categories: Mapped[list[BreakdownCategory]] = relationship(
        back_populates="dimension",
        order_by="BreakdownCategory.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (UniqueConstraint("version_id", "code"),)
    __mapper_args__ = {"version_id_col": lock_version}

    def name(self, locale: str = "da") -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_da


class BreakdownCategory(db.Model):  # type: ignore[name-defined,misc]
    """One category of a dimension, in its order, e.g. ``ikke-vestlig``."""

    __tablename__ = "breakdown_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("catalogue_versions.id", ondelete="CASCADE"), index=True
    )
    dimension_id: Mapped[int] = mapped_column(
        ForeignKey("breakdown_dimensions.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))
    name_da: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)

    dimension: Mapped[BreakdownDimension] = relationship(back_populates="categories")

    __table_args__ = (UniqueConstraint("dimension_id", "code"),)

    def name(self, locale: str = "da") -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_da


class IndicatorBreakdown(db.Model):  # type: ignore[name-defined,misc]
    """A dimension chosen for an indicator of the same version."""

    __tablename__ = "indicator_breakdowns"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("catalogue_versions.id", ondelete="CASCADE"), index=True
    )
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id", ondelete="CASCADE"), index=True
    )
    dimension_id: Mapped[int] = mapped_column(
        ForeignKey("breakdown_dimensions.id", ondelete="CASCADE"), index=True
    )

    dimension: Mapped[BreakdownDimension] = relationship()

    __table_args__ = (UniqueConstraint("indicator_id", "dimension_id"),)


class CategoryValue(db.Model):  # type: ignore[name-defined,misc]
    """The value of one category of one indicator code for one period.

    No value is allowed only with the reason: ``suppressed`` for a discretion rule, else
    missing (e.g. "not in the register for this half-year").
    """

    __tablename__ = "category_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_code: Mapped[str] = mapped_column(String(20), index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("measurement_periods.id"), index=True)
    dimension_code: Mapped[str] = mapped_column(String(20))
    category_code: Mapped[str] = mapped_column(String(20))
    value: Mapped[Decimal | None] = mapped_column(Value)
    suppressed: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (
        UniqueConstraint("indicator_code", "period_id", "dimension_code", "category_code"),
        CheckConstraint("value IS NOT NULL OR reason <> ''", name="reason_when_no_value"),
        CheckConstraint("NOT suppressed OR value IS NULL", name="suppressed_has_no_value"),
    )
    __mapper_args__ = {"version_id_col": lock_version}
