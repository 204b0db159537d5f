"""The catalogue: policy, versions, focus areas, goals, indicators, success criteria.

Every row below the version carries ``version_id``, so "unique code within a version"
is a plain unique constraint and a whole version loads in a few queries. Codes are
stable across versions: a draft copies its rows with their codes, and the diff matches
rows by code. Editable rows carry a ``lock_version`` counter (optimistic locking), so a
stale form cannot overwrite someone else's save.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from barometer.bilingual import pick
from barometer.frequency import Frequency
from barometer.status import Kind as IndicatorKind
from barometer.units import Unit
from core.clock import utcnow
from core.extensions import db
from core.models import Body, User
from core.types import UTCDateTime

# Letters (Danish too), digits, dot, dash and underscore: codes appear in URLs and files.
CODE_PATTERN = re.compile(r"^[0-9A-Za-zÆØÅæøå][0-9A-Za-zÆØÅæøå._-]*$")

# Values and targets: up to 14 digits before and 4 after the decimal point.
Value = Numeric(18, 4)


class VersionStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    SUPERSEDED = "superseded"


# Not a status of its own: how pages name a superseded version that was never approved.
REPLACED_UNAPPROVED = "replaced"


def shown_status(status: str, *, approved: bool) -> str:
    """``draft``, ``approved`` or ``superseded``, and ``replaced`` for a consulted draft that
    was superseded without ever being approved."""
    if status == VersionStatus.SUPERSEDED and not approved:
        return REPLACED_UNAPPROVED
    return str(status)


class Policy(db.Model):  # type: ignore[name-defined,misc]
    """The adopted integration policy, e.g. 2007-2010 (BR 395/06, 14 June 2006)."""

    __tablename__ = "policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    name_en: Mapped[str | None] = mapped_column(String(200))
    case_reference: Mapped[str] = mapped_column(String(100))
    adopted_on: Mapped[date] = mapped_column(Date)
    period: Mapped[str] = mapped_column(String(20))  # "2007-2010"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    versions: Mapped[list[CatalogueVersion]] = relationship(
        back_populates="policy",
        order_by="CatalogueVersion.number",
        foreign_keys="CatalogueVersion.policy_id",
    )

    def __repr__(self) -> str:
        return f"<Policy {self.name}>"

    def name_in(self, locale: str) -> str:
        """The name in the page's language (the Danish one marked on an English page)."""
        return pick(self.name, self.name_en, locale)


class CatalogueVersion(db.Model):  # type: ignore[name-defined,misc]
    """A numbered version of the whole catalogue: draft, approved or superseded.

    Numbers are unique across policies, so "version 2" names one thing everywhere (the
    API, the hearing letter). ``draft_policy_id`` is set only on a draft and is unique:
    the database itself allows at most one draft per policy.
    """

    __tablename__ = "catalogue_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("policies.id"), index=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    label: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[VersionStatus] = mapped_column(String(20), default=VersionStatus.DRAFT)
    draft_policy_id: Mapped[int | None] = mapped_column(ForeignKey("policies.id"), unique=True)
    based_on_id: Mapped[int | None] = mapped_column(
        ForeignKey("catalogue_versions.id", ondelete="SET NULL")
    )
    decision_text: Mapped[str | None] = mapped_column(String(200))  # "BIU 227/2006"
    decision_date: Mapped[date | None] = mapped_column(Date)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    policy: Mapped[Policy] = relationship(back_populates="versions", foreign_keys=[policy_id])
    based_on: Mapped[CatalogueVersion | None] = relationship(remote_side=[id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    focus_areas: Mapped[list[FocusArea]] = relationship(
        back_populates="version", order_by="FocusArea.number"
    )
    change_records: Mapped[list[CatalogueChangeRecord]] = relationship(
        back_populates="version", order_by="CatalogueChangeRecord.id"
    )
    # The hearing lock (a CatalogueVersionLock or None), read-only here: only
    # barometer.services.version_lock writes it. Named by string: its module imports this one.
    lock: Mapped[Any] = relationship("CatalogueVersionLock", viewonly=True, uselist=False)

    __table_args__ = (
        CheckConstraint("status IN ('draft', 'approved', 'superseded')", name="status"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint(
            "(status = 'draft') = (draft_policy_id IS NOT NULL)", name="draft_slot_iff_draft"
        ),
        # A superseded version was approved before it was replaced, or it is a consulted
        # draft replaced without ever being approved (catalogue_versions.replace_consulted_draft).
        CheckConstraint(
            "status = 'superseded' OR (status = 'draft') = (approved_at IS NULL)",
            name="approved_at_by_status",
        ),
        CheckConstraint(
            "status = 'draft' OR (decision_text IS NOT NULL AND decision_date IS NOT NULL)",
            name="decision_when_approved",
        ),
        CheckConstraint(
            "(status = 'superseded') = (superseded_at IS NOT NULL)",
            name="superseded_at_iff_superseded",
        ),
    )
    __mapper_args__ = {"version_id_col": lock_version}

    def label_in(self, locale: str) -> str:
        """The label in the page's language (the Danish one marked on an English page)."""
        return pick(self.label, self.label_en, locale)

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @property
    def is_locked(self) -> bool:
        """A draft locked while a hearing consults it."""
        return self.lock is not None

    @property
    def is_frozen(self) -> bool:
        return self.status != VersionStatus.DRAFT

    @property
    def was_approved(self) -> bool:
        """Whether the version was ever in force: approved now, or approved and superseded."""
        return self.approved_at is not None

    @property
    def shown_status(self) -> str:
        """The status as pages tell it (see :func:`shown_status`)."""
        return shown_status(self.status, approved=self.was_approved)

    def __repr__(self) -> str:
        return f"<CatalogueVersion {self.number} {self.status}>"


class FocusArea(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "focus_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("catalogue_versions.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))
    number: Mapped[int] = mapped_column(Integer)
    name_da: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str | None] = mapped_column(Text)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    version: Mapped[CatalogueVersion] = relationship(back_populates="focus_areas")
    goals: Mapped[list[Goal]] = relationship(back_populates="focus_area", order_by="Goal.position")

    __table_args__ = (
        UniqueConstraint("version_id", "code"),
        CheckConstraint("number >= 1", name="number_positive"),
    )
    __mapper_args__ = {"version_id_col": lock_version}

    def name(self, locale: str = "da") -> str:
        return pick(self.name_da, self.name_en, locale)


class Goal(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("catalogue_versions.id", ondelete="CASCADE"), index=True
    )
    focus_area_id: Mapped[int] = mapped_column(
        ForeignKey("focus_areas.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))
    text_da: Mapped[str] = mapped_column(String(500))
    text_en: Mapped[str | None] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(Integer, default=0)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    focus_area: Mapped[FocusArea] = relationship(back_populates="goals")
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="goal", order_by="Indicator.position"
    )
    success_criteria: Mapped[list[SuccessCriterion]] = relationship(
        back_populates="goal",
        order_by="SuccessCriterion.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (UniqueConstraint("version_id", "code"),)
    __mapper_args__ = {"version_id_col": lock_version}

    def text(self, locale: str = "da") -> str:
        return pick(self.text_da, self.text_en, locale)


class Indicator(db.Model):  # type: ignore[name-defined,misc]
    """A quantitative measure. Measurements of later issues belong to its ``code``.

    ``direction`` is +1 when higher is better and -1 when lower is better, as in
    :mod:`barometer.status`.
    """

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("catalogue_versions.id", ondelete="CASCADE"), index=True
    )
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name_da: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str | None] = mapped_column(String(300))
    definition: Mapped[str] = mapped_column(Text, default="")
    definition_en: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[IndicatorKind] = mapped_column(String(20))
    unit: Mapped[Unit] = mapped_column(String(20))
    decimals: Mapped[int] = mapped_column(Integer, default=0)
    direction: Mapped[int] = mapped_column(Integer, default=1)
    min_change: Mapped[Decimal | None] = mapped_column(Value)
    data_source: Mapped[str] = mapped_column(String(300), default="")
    data_source_en: Mapped[str | None] = mapped_column(String(300))
    owner_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    baseline_value: Mapped[Decimal | None] = mapped_column(Value)
    baseline_period: Mapped[str | None] = mapped_column(String(7))  # "2006-H2"
    notes: Mapped[str] = mapped_column(Text, default="")
    notes_en: Mapped[str | None] = mapped_column(Text)
    # Metadata (barometer.frequency): how often it is measured, where its series breaks.
    frequency: Mapped[str] = mapped_column(
        String(20), default=Frequency.HALF_YEARLY, server_default=Frequency.HALF_YEARLY.value
    )
    measured_half: Mapped[int | None] = mapped_column(Integer)  # 1 or 2, annual only
    data_breaks: Mapped[str] = mapped_column(Text, default="", server_default="")
    data_breaks_en: Mapped[str | None] = mapped_column(Text)  # the same periods, in English
    limitations: Mapped[str] = mapped_column(Text, default="", server_default="")
    limitations_en: Mapped[str | None] = mapped_column(Text)
    contact: Mapped[str] = mapped_column(String(300), default="", server_default="")
    last_updated: Mapped[date | None] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    goal: Mapped[Goal] = relationship(back_populates="indicators")
    owner: Mapped[Body] = relationship()
    success_criteria: Mapped[list[SuccessCriterion]] = relationship(
        back_populates="indicator",
        order_by="SuccessCriterion.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (
        UniqueConstraint("version_id", "code"),
        CheckConstraint("kind IN ('effect', 'activity', 'benchmark')", name="kind"),
        CheckConstraint(f"unit IN ({', '.join(repr(u.value) for u in Unit)})", name="unit"),
        CheckConstraint("decimals BETWEEN 0 AND 4", name="decimals"),
        CheckConstraint("direction IN (1, -1)", name="direction"),
        CheckConstraint(
            "(baseline_value IS NULL) = (baseline_period IS NULL)", name="baseline_pair"
        ),
        CheckConstraint("frequency IN ('half_yearly', 'annual', 'irregular')", name="frequency"),
        CheckConstraint(
            "(frequency = 'annual') = (measured_half IS NOT NULL)"
            " AND (measured_half IS NULL OR measured_half IN (1, 2))",
            name="measured_half_iff_annual",
        ),
    )
    __mapper_args__ = {"version_id_col": lock_version}

    def name(self, locale: str = "da") -> str:
        return pick(self.name_da, self.name_en, locale)


class SuccessCriterion(db.Model):  # type: ignore[name-defined,misc]
    """A politically decided target on a goal or an indicator ("column 2")."""

    __tablename__ = "success_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("catalogue_versions.id", ondelete="CASCADE"), index=True
    )
    goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("goals.id", ondelete="CASCADE"), index=True
    )
    indicator_id: Mapped[int | None] = mapped_column(
        ForeignKey("indicators.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(String(500))
    text_en: Mapped[str | None] = mapped_column(String(500))
    target_value: Mapped[Decimal | None] = mapped_column(Value)
    target_period: Mapped[str | None] = mapped_column(String(7))
    decision_reference: Mapped[str | None] = mapped_column(String(100))  # "BIU 227/2006"
    decision_date: Mapped[date | None] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    goal: Mapped[Goal | None] = relationship(back_populates="success_criteria")
    indicator: Mapped[Indicator | None] = relationship(back_populates="success_criteria")

    __table_args__ = (
        UniqueConstraint("version_id", "code"),
        CheckConstraint("(goal_id IS NULL) != (indicator_id IS NULL)", name="on_goal_or_indicator"),
    )
    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def target_code(self) -> str:
        target = self.indicator if self.indicator is not None else self.goal
        return target.code if target is not None else ""


class CatalogueChangeRecord(db.Model):  # type: ignore[name-defined,misc]
    """One change applied to a draft from outside the staff forms (a hearing decision)."""

    __tablename__ = "catalogue_change_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("catalogue_versions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    target_code: Mapped[str] = mapped_column(String(100), default="")
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    provenance: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    version: Mapped[CatalogueVersion] = relationship(back_populates="change_records")
