"""Editions of the barometer: a period's reading, frozen when it is published.

An edition is a draft while the secretariat prepares it (its preview is recomputed on
demand from the catalogue and the measurements). Publishing stores the whole public
content as one canonical JSON text with its SHA-256 (``barometer.editions.snapshot``);
from then on every page, file and API response of the edition is made from that text
alone, so later measurements or catalogue versions cannot change it. A published edition
and its stored files are never changed or deleted: a correction is a new edition that
names the one it corrects and why.

``PublicRendering`` caches rendered public responses (pages and API bodies) by key, with
the SHA-256 of the bytes as a strong ETag; publishing empties it.
"""

from __future__ import annotations

import json
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from barometer.models.catalogue import CatalogueVersion
from core.clock import utcnow
from core.errors import N_, FrozenError
from core.extensions import db
from core.models import User
from core.types import UTCDateTime

__all__ = ["Edition", "EditionFile", "EditionState", "PublicRendering"]


class EditionState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Edition(db.Model):  # type: ignore[name-defined,misc]
    """A period + an approved catalogue version + the reading and assessments."""

    __tablename__ = "editions"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_code: Mapped[str] = mapped_column(String(7), index=True)
    catalogue_version_id: Mapped[int] = mapped_column(ForeignKey("catalogue_versions.id"))
    state: Mapped[EditionState] = mapped_column(String(10), default=EditionState.DRAFT)
    title_da: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    # The published content: canonical JSON (sorted keys, compact, UTF-8) and its hash.
    canonical_json: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    corrects_edition_id: Mapped[int | None] = mapped_column(ForeignKey("editions.id"))
    correction_reason: Mapped[str] = mapped_column(Text, default="")
    correction_reason_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    catalogue_version: Mapped[CatalogueVersion] = relationship()
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    corrects: Mapped[Edition | None] = relationship(remote_side=[id])

    __table_args__ = (
        CheckConstraint("state IN ('draft', 'published')", name="state"),
        CheckConstraint(
            "(state = 'published') = (published_at IS NOT NULL AND sha256 IS NOT NULL "
            "AND canonical_json IS NOT NULL)",
            name="frozen_iff_published",
        ),
        CheckConstraint(
            "corrects_edition_id IS NULL OR correction_reason <> ''", name="correction_has_reason"
        ),
        # Covers the public site's per-request question "which editions are published?"
        # without reading the rows, whose stored content is large.
        Index("ix_editions_state_published", "state", "id", "published_at"),
    )
    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def is_published(self) -> bool:
        return self.state == EditionState.PUBLISHED

    @property
    def snapshot(self) -> dict[str, Any]:
        """The published content (only for a published edition)."""
        if self.canonical_json is None:
            raise ValueError(f"Edition {self.id} is a draft: it has no stored content.")
        return json.loads(self.canonical_json)  # type: ignore[no-any-return]

    def title(self, locale: str = "da") -> str:
        return self.title_en if locale == "en" and self.title_en else self.title_da

    def __repr__(self) -> str:
        return f"<Edition {self.id} {self.period_code} {self.state}>"


class EditionFile(db.Model):  # type: ignore[name-defined,misc]
    """A stored document of a published edition (report PDF, CSV, JSON, data package)."""

    __tablename__ = "edition_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))  # "report-da.pdf", "data.csv", ...
    content_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("edition_id", "name"),)


class PublicRendering(db.Model):  # type: ignore[name-defined,misc]
    """A rendered public response, kept until the next publication empties the cache."""

    __tablename__ = "public_renderings"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    etag: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(100))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def _was_published(session: Session, obj: Edition) -> bool:
    from sqlalchemy import inspect

    history: Any = inspect(obj).attrs.state.history
    before = history.deleted[0] if history.deleted else obj.state
    return str(before) == EditionState.PUBLISHED


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_published(
    session: Session, flush_context: object, instances: object
) -> None:
    """The last line of defence: no code path may change what was published."""
    for obj in list(session.dirty) + list(session.deleted):
        changed = obj in session.deleted or session.is_modified(obj)
        if isinstance(obj, Edition) and changed and _was_published(session, obj):
            raise FrozenError(N_("A published edition cannot be changed."))
        if isinstance(obj, EditionFile) and changed:
            raise FrozenError(N_("A published edition's documents cannot be changed."))
