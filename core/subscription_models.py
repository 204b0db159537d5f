"""Readers who asked, without an account, to be told of new hearings and new editions.

A row exists only once the reader confirmed the address (double opt-in): the request
itself lives in the signed link of the confirmation mail, so nothing is stored about an
address that never confirmed. Unsubscribing deletes the row.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.types import UTCDateTime


class Topic(StrEnum):
    HEARINGS = "hearings"  # a public hearing is opened
    EDITIONS = "editions"  # an edition of the barometer is published


class Subscriber(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "subscribers"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # normalised (lower case)
    locale: Mapped[str] = mapped_column(String(5))
    hearings: Mapped[bool] = mapped_column(Boolean, default=False)
    editions: Mapped[bool] = mapped_column(Boolean, default=False)
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (CheckConstraint("hearings OR editions", name="some_topic"),)

    def topics(self) -> set[Topic]:
        return {t for t in Topic if getattr(self, t.value)}

    def __repr__(self) -> str:
        return f"<Subscriber {self.id}>"
