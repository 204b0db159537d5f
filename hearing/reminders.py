"""Reminders before a body's deadline: when each falls due and which one to send.

Pure code: standard library only.

A reminder "n days before" falls due at the deadline's local wall time n calendar days
earlier (so it goes out at the same clock time across a change to or from summer time).
``reminder_due`` returns only the most urgent due reminder (the smallest n whose moment
has passed) and nothing once that one was sent. Larger reminders whose moments were
skipped (the job did not run) are superseded, never sent late, so a body never gets a
burst of "7 days left", "3 days left", "1 day left" in one minute. ``already_sent`` is
the reminders sent for the current effective deadline: an extension starts a new schedule.

"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime, timedelta, tzinfo

from hearing.workflow import LOCAL_TZ, aware_utc, is_before_deadline

__all__ = ["reminder_due", "reminder_moment"]


def reminder_moment(deadline: datetime, days_before: int, tz: tzinfo = LOCAL_TZ) -> datetime:
    """The instant ``days_before`` local calendar days before ``deadline``, same wall time.

    If that wall time falls in the spring gap, ``fold=0`` moves it forward by the gap,
    which is harmless for a reminder (it still goes out that day).
    """
    if isinstance(days_before, bool) or not isinstance(days_before, int) or days_before < 0:
        raise ValueError(f"days_before must be a whole number >= 0, got {days_before!r}.")
    local = aware_utc(deadline, "deadline").astimezone(tz).replace(tzinfo=None, fold=0)
    wall = local - timedelta(days=days_before)
    return wall.replace(tzinfo=tz).astimezone(UTC)


def reminder_due(
    now: datetime, deadline: datetime, days_before: Sequence[int], already_sent: Collection[int]
) -> int | None:
    """The reminder to send now (its "days before"), or None.

    Only the most urgent due reminder (smallest n whose moment has passed) is ever
    returned; larger ones whose moments were skipped are superseded, so a late job run
    sends one reminder, not a burst. Nothing once the deadline has passed.
    """
    current = aware_utc(now, "now")
    if not is_before_deadline(current, deadline):
        return None
    due = [n for n in set(days_before) if reminder_moment(deadline, n) <= current]
    if not due:
        return None
    most_urgent = min(due)
    return None if most_urgent in already_sent else most_urgent
