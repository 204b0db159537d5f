"""The secretariat's choice of catalogue version for one measurement period.

Without a row the version in force follows the rule (``barometer.version_in_force``); a
row overrides it for its period, with the reason why. Setting and clearing are audited.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from barometer.models.catalogue import CatalogueVersion
from core.clock import utcnow
from core.extensions import db
from core.models import User
from core.types import UTCDateTime


class VersionOverride(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "version_overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_code: Mapped[str] = mapped_column(String(7), unique=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("catalogue_versions.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    version: Mapped[CatalogueVersion] = relationship()
    set_by: Mapped[User | None] = relationship()

    __table_args__ = (CheckConstraint("reason <> ''", name="reason_required"),)
