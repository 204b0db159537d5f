"""A lock that keeps a draft catalogue version read-only while something outside the
catalogue depends on its exact text (a hearing consults it).

A separate table rather than a column on ``catalogue_versions``: locking never touches the
version row, so it cannot collide with the version's optimistic-lock counter or with the
catalogue's own migrations. The foreign key has no ``ON DELETE``: the database itself
refuses to delete a locked version.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from barometer.models.catalogue import CatalogueVersion
from core.extensions import db
from core.models import User
from core.types import UTCDateTime


class CatalogueVersionLock(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "catalogue_version_locks"

    version_id: Mapped[int] = mapped_column(ForeignKey("catalogue_versions.id"), primary_key=True)
    reason: Mapped[str] = mapped_column(String(200))
    locked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    locked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    version: Mapped[CatalogueVersion] = relationship()
    locked_by: Mapped[User | None] = relationship()
