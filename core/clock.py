"""Time: one ``utcnow()`` for the whole product, and conversions for display.

Instants are stored in UTC. Services take ``now`` as an argument; views pass
``utcnow()``, tests pass a fixed instant.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Europe/Copenhagen")


def utcnow() -> datetime:
    return datetime.now(UTC)


def ensure_utc(value: datetime) -> datetime:
    """Return an aware UTC datetime; SQLite hands back naive values that are UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def to_local(value: datetime, tz: ZoneInfo = LOCAL_TZ) -> datetime:
    return ensure_utc(value).astimezone(tz)
