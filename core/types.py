"""Column types shared by every package."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Dialect
from sqlalchemy.types import TypeDecorator

from core.clock import ensure_utc


class UTCDateTime(TypeDecorator[datetime]):
    """An instant: always written as UTC and always read back as an aware UTC datetime.

    PostgreSQL keeps the offset (``timestamptz``); SQLite keeps text without one, so the
    value is normalised to UTC on the way in and marked as UTC on the way out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("Naive datetimes are refused: pass an aware (UTC) instant.")
        utc = ensure_utc(value)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return ensure_utc(value)
